"""Fixtures over testkit: real databases (a SQLite file, a PostgreSQL database), the Stripe
sandbox and localstripe, the shop's payment path, and the Messenger connector harness."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import stripe

from assistant.kernel.settings import get_settings
from testkit.databases import Templates
from testkit.messenger import Harness, harness_running
from testkit.shop import Shop, shop_running
from testkit.stripe import Sandbox, WebhookReceiver, localstripe, sandbox_running
from testkit.tracker import TrackerWriter


@pytest.fixture(scope="session")
def templates(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Templates]:
    with Templates(tmp_path_factory.mktemp("templates")) as templates:
        yield templates


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def backend(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def database_url(backend: str, templates: Templates, tmp_path: Path) -> Iterator[str]:
    """An empty, migrated database: a SQLite file, or a fresh PostgreSQL database."""
    with templates.copy(backend, tmp_path) as url:
        yield url


# The action tests (test_actions*.py) share one shop per module; they keep apart by sender.
@pytest.fixture(scope="module")
def catalog_db(templates: Templates, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """One SQLite shop holding the demo catalog for the module."""
    with templates.copy("sqlite", tmp_path_factory.mktemp("actions"), demo=True) as url:
        yield url


@pytest.fixture
def shop_db(catalog_db: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The actions' settings point at the module's shop."""
    monkeypatch.setenv("ASSISTANT_DATABASE_URL", catalog_db)
    get_settings.cache_clear()
    yield catalog_db
    get_settings.cache_clear()


@pytest.fixture
def sender(request: pytest.FixtureRequest) -> str:
    """A conversation id of the test's own."""
    return f"shopper-{request.node.name}"


@pytest.fixture
def demo_db(backend: str, templates: Templates, tmp_path: Path) -> Iterator[str]:
    """A database holding the demo catalog."""
    with templates.copy(backend, tmp_path, demo=True) as url:
        yield url


# One localstripe for the session: it only backs the sandbox's proxied paths, and each test's
# objects have their own ids.
@pytest.fixture(scope="session")
def localstripe_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with localstripe(tmp_path_factory.mktemp("localstripe") / "localstripe.log") as url:
        yield url


@pytest.fixture
def webhook_receiver() -> Iterator[WebhookReceiver]:
    with WebhookReceiver() as receiver:
        yield receiver


@pytest.fixture
def start_sandbox(webhook_receiver: WebhookReceiver) -> Iterator[Callable[..., Sandbox]]:
    """Start a sandbox (fast sweep and retries); keyword arguments go to create_app."""
    with contextlib.ExitStack() as stack:
        yield lambda **overrides: stack.enter_context(
            sandbox_running(webhook_receiver, **overrides)
        )


@pytest.fixture
def sandbox(start_sandbox: Callable[..., Sandbox]) -> Sandbox:
    return start_sandbox()


@pytest.fixture
def client(sandbox: Sandbox) -> stripe.StripeClient:
    return sandbox.client()


@pytest.fixture
def start_shop(demo_db: str, localstripe_url: str) -> Iterator[Callable[..., Shop]]:
    """Start the payment path on `demo_db`; options: webhooks=False (no delivery), faults."""
    with contextlib.ExitStack() as stack:
        yield lambda **options: stack.enter_context(
            shop_running(demo_db, localstripe_url, **options)
        )


@pytest.fixture
def shop(start_shop: Callable[..., Shop]) -> Shop:
    return start_shop()


# Once per session, as each start imports Rasa (seconds); tests keep apart by sender and
# message ids, and `harness` forgets what the last test sent.
@pytest.fixture(scope="session")
def harness_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Harness]:
    """The real connector in the Rasa venv with a fake Graph API, once per session."""
    with harness_running(tmp_path_factory.mktemp("connector") / "connector.log") as harness:
        yield harness


@pytest.fixture
def harness(harness_server: Harness) -> Harness:
    harness_server.reset()
    return harness_server


@pytest.fixture(scope="session")
def tracker_writer(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TrackerWriter]:
    """Rasa's own SQL tracker store, in the Rasa venv, once per session (Rasa imports slowly)."""
    with TrackerWriter(tmp_path_factory.mktemp("tracker-writer") / "writer.log") as writer:
        yield writer
