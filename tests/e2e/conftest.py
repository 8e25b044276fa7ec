"""The real stack for end-to-end tests: Rasa server, action server, web app, Stripe sandbox.

Started once per test session on free loopback ports, against a fresh SQLite database
holding the demo catalog; the model is trained once and cached by content hash in models/.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from pydantic import SecretStr

from assistant.kernel.database import session_scope
from assistant.kernel.settings import Settings
from assistant.schema import upgrade
from assistant.stack import Ports, build_services, local
from assistant.training import ensure_model
from catalog.importer import import_catalog
from tests.conftest import DEMO_CATALOG, free_port, running


@dataclass(frozen=True)
class Stack:
    settings: Settings
    ports: Ports
    log: Path

    @property
    def rasa_url(self) -> str:
        return local(self.ports.rasa)

    @property
    def stripe_url(self) -> str:
        return local(self.ports.stripe_sandbox)

    def say(self, sender: str, text: str) -> list[dict]:
        response = httpx.post(
            f"{self.rasa_url}/webhooks/rest/webhook",
            json={"sender": sender, "message": text},
            timeout=60,
        )
        response.raise_for_status()
        return response.json()


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    model, _ = ensure_model()
    workdir = tmp_path_factory.mktemp("stack")
    settings = Settings(
        database_url=f"sqlite:///{workdir / 'shop.db'}",
        rasa_token=SecretStr("e2e-token"),
        stripe_secret_key=None,
        _env_file=None,
    )
    upgrade(settings.database_url)
    with session_scope(settings.database_url) as session:
        import_catalog(session, DEMO_CATALOG)
    ports = Ports(
        rasa=free_port(),
        actions=free_port(),
        web=free_port(),
        stripe_sandbox=free_port(),
        localstripe=free_port(),
    )
    log = workdir / "stack.log"
    with running(build_services(settings, model, ports), log):
        yield Stack(settings, ports, log)
