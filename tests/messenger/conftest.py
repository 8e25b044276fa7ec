"""Fixtures: the real connector in the Rasa venv (connector_harness.py) and a fake Graph API."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from assistant.channels.signature import HEADER, sign
from assistant.supervisor import Supervisor
from tests.conftest import free_port
from tests.messenger.fake_graph import FakeGraph, connector_service

SECRET = "test-app-secret"
TOKEN = "test-page-token-7f3a9c"
VERIFY = "test-verify-token"


@dataclass
class Harness:
    url: str
    graph: FakeGraph
    log: Path

    @property
    def webhook(self) -> str:
        return f"{self.url}/webhooks/messenger/webhook"

    def post(self, body: bytes, signature: str | None = "sign", **headers: str) -> httpx.Response:
        if signature == "sign":
            signature = sign(SECRET, body)
        if signature is not None:
            headers[HEADER] = signature
        return httpx.post(
            self.webhook, content=body, headers={"Content-Type": "application/json", **headers}
        )

    def received(self) -> list[dict[str, Any]]:
        return httpx.get(f"{self.url}/harness/received").json()


def page_body(*items: dict[str, Any]) -> bytes:
    """A webhook body with one entry per item, as Facebook batches them."""
    entries = [{"id": "page", "time": 1, "messaging": [item]} for item in items]
    return json.dumps({"object": "page", "entry": entries}).encode()


def text_item(sender: str, text: str, mid: str) -> dict[str, Any]:
    return {
        "sender": {"id": sender},
        "recipient": {"id": "page"},
        "timestamp": 1,
        "message": {"mid": mid, "text": text},
    }


def script(*replies: dict[str, Any], sleep: float = 0) -> str:
    return "script:" + json.dumps({"sleep": sleep, "reply": list(replies)})


@pytest.fixture(scope="module")
def harness_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Harness]:
    graph = FakeGraph(TOKEN)
    port = free_port()
    credentials = {
        "verify": VERIFY,
        "secret": SECRET,
        "page-access-token": TOKEN,
        "graph-api-url": graph.url,
        "typing-delay": 0.5,
        "send-attempts": 3,
        "max-body-bytes": 65536,
    }
    service = connector_service(port, credentials)
    log = tmp_path_factory.mktemp("connector") / "connector.log"
    with log.open("w") as log_file, Supervisor([service], log=log_file, colour=False) as running:
        running.wait_healthy(timeout=120)
        yield Harness(f"http://127.0.0.1:{port}", graph, log)
    graph.close()


@pytest.fixture
def harness(harness_server: Harness) -> Harness:
    harness_server.graph.reset()
    httpx.post(f"{harness_server.url}/harness/reset")
    return harness_server
