"""Fixtures: the sandbox on a free loopback port, a webhook receiver, localstripe, clients."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator

import pytest
import stripe

from testkit.stripe import Sandbox, WebhookReceiver, localstripe, sandbox_running


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


@pytest.fixture(scope="module")
def localstripe_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with localstripe(tmp_path_factory.mktemp("localstripe") / "localstripe.log") as url:
        yield url
