"""The real stack: Rasa server, action server, web app, Stripe sandbox, on free loopback ports,
against a fresh SQLite database holding the demo catalog, airline and pizzeria. The
model is trained if its inputs changed and cached by content hash in models/.

Shared by the end-to-end tests (tests/e2e/conftest.py) and `python -m bench conversations`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from pydantic import SecretStr

from assistant.kernel.settings import Settings
from assistant.stack import Ports, build_services, local
from assistant.supervisor import Service
from assistant.training import ensure_model
from testkit.databases import (
    load_demo_catalog,
    load_demo_flights,
    load_demo_menu,
    migrated_database,
)
from testkit.net import LOOPBACK, free_ports
from testkit.processes import running


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
        return say(self.rasa_url, sender, text)


def say(rasa_url: str, sender: str, text: str, timeout: float = 60) -> list[dict]:
    """One shopper message through Rasa's REST channel; the bot's replies."""
    response = LOOPBACK.post(
        f"{rasa_url}/webhooks/rest/webhook",
        json={"sender": sender, "message": text},
        timeout=timeout,
    )
    response.raise_for_status()
    return response.json()


def free_stack_ports() -> Ports:
    """Distinct free loopback ports for the stack's five servers."""
    rasa, actions, web, sandbox, localstripe = free_ports(5)
    return Ports(
        rasa=rasa, actions=actions, web=web, stripe_sandbox=sandbox, localstripe=localstripe
    )


@contextmanager
def stack_running(workdir: Path, timeout: float = 300) -> Iterator[Stack]:
    """The whole stack, healthy, for the length of the block; its database and log in `workdir`.

    `timeout`: how long the processes may take to become healthy (loading the Rasa model takes
    minutes when the shared cores are busy).
    """
    with migrated_database("sqlite", workdir) as database_url:
        load_demo_catalog(database_url)
        load_demo_flights(database_url, workdir)
        load_demo_menu(database_url)
        with services_running(database_url, workdir / "stack.log", timeout=timeout) as stack:
            yield stack


@contextmanager
def services_running(
    database_url: str,
    log: Path,
    adjust: Callable[[list[Service], Ports], None] | None = None,
    timeout: float = 300,
) -> Iterator[Stack]:
    """The stack's servers on the database at `database_url` (migrated, data loaded);
    `adjust` may change the services (their environment: what talks to what) before start."""
    model, _ = ensure_model()
    settings = Settings(
        database_url=database_url,
        rasa_token=SecretStr("e2e-token"),
        stripe_secret_key=None,
        _env_file=None,
    )
    ports = free_stack_ports()
    services = build_services(settings, model, ports)
    if adjust is not None:
        adjust(services, ports)
    with running(services, log, timeout=timeout):
        yield Stack(settings, ports, log)
