"""Fixtures: the sandbox on a free loopback port, a webhook receiver, localstripe, clients."""

from __future__ import annotations

import contextlib
import json
import subprocess
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, TypeVar

import httpx
import pytest
import stripe
import uvicorn

from assistant.stripe_sandbox.app import create_app
from tests.conftest import free_port, port_open, wait_for

API_KEY = "sk_test_sandbox_tests"
WEBHOOK_SECRET = "whsec_sandbox_tests_secret"
T = TypeVar("T")


@dataclass
class FakeClock:
    """The sandbox's notion of now; tests move it forward to reach expiry times."""

    now: float = field(default_factory=time.time)

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@dataclass(frozen=True)
class ReceivedWebhook:
    headers: dict[str, str]
    body: bytes

    @property
    def event(self) -> dict[str, Any]:
        event: dict[str, Any] = json.loads(self.body)
        return event


class WebhookReceiver:
    """A tiny HTTP endpoint that records POSTs and answers with scripted status codes."""

    def __init__(self) -> None:
        self.received: list[ReceivedWebhook] = []
        self.statuses: deque[int] = deque()  # answered first, then 200
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}/webhooks/stripe"
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                status = receiver._record(ReceivedWebhook(dict(self.headers.items()), body))
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, format: str, *args: Any) -> None:
                pass

        return Handler

    def _record(self, webhook: ReceivedWebhook) -> int:
        with self._lock:
            self.received.append(webhook)
            return self.statuses.popleft() if self.statuses else 200

    def of_type(self, event_type: str) -> list[ReceivedWebhook]:
        with self._lock:
            return [w for w in self.received if w.event["type"] == event_type]

    def wait_for(self, event_type: str, count: int = 1, timeout: float = 5.0) -> ReceivedWebhook:
        found = wait_for(
            lambda: (hits := self.of_type(event_type)) and len(hits) >= count and hits,
            timeout,
            what=f"{count} {event_type} webhook(s)",
        )
        return found[-1]

    def __enter__(self) -> WebhookReceiver:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)


@dataclass(frozen=True)
class Sandbox:
    base_url: str
    clock: FakeClock
    receiver: WebhookReceiver
    webhook_secret: str = WEBHOOK_SECRET

    def client(self) -> stripe.StripeClient:
        # No client retries: a failing request must surface at once, not be retried.
        return stripe.StripeClient(
            API_KEY, base_addresses={"api": self.base_url}, max_network_retries=0
        )

    def events(self) -> list[dict[str, Any]]:
        data: list[dict[str, Any]] = httpx.get(f"{self.base_url}/sandbox/events").json()["data"]
        return data


@contextlib.contextmanager
def serve(app: Any, port: int) -> Iterator[None]:
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        wait_for(lambda: server.started or not thread.is_alive(), 10, what="sandbox start")
        assert server.started, "the sandbox server failed to start"
        yield
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture
def webhook_receiver() -> Iterator[WebhookReceiver]:
    with WebhookReceiver() as receiver:
        yield receiver


@pytest.fixture
def start_sandbox(
    webhook_receiver: WebhookReceiver,
) -> Iterator[Callable[..., Sandbox]]:
    """Start a sandbox (fast sweep and retries); keyword arguments go to create_app."""
    with contextlib.ExitStack() as stack:

        def start(**overrides: Any) -> Sandbox:
            port = free_port()
            base_url = f"http://127.0.0.1:{port}"
            clock = FakeClock()
            options: dict[str, Any] = {
                "public_url": base_url,
                "webhook_url": webhook_receiver.url,
                "webhook_secret": WEBHOOK_SECRET,
                "clock": clock,
                "sweep_interval": 0.05,
                "webhook_retry_delays": (0.05, 0.1, 0.2, 0.4),
                **overrides,
            }
            stack.enter_context(serve(create_app(**options), port))
            return Sandbox(base_url, clock, webhook_receiver)

        yield start


@pytest.fixture
def sandbox(start_sandbox: Callable[..., Sandbox]) -> Sandbox:
    return start_sandbox()


@pytest.fixture
def client(sandbox: Sandbox) -> stripe.StripeClient:
    return sandbox.client()


@pytest.fixture(scope="module")
def localstripe_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    port = free_port()
    log_path = Path(tmp_path_factory.mktemp("localstripe")) / "localstripe.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "assistant.stripe_sandbox.localstripe_loopback", str(port)],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_for(lambda: port_open(port) or process.poll() is not None, 30, what="localstripe")
        assert process.poll() is None, f"localstripe exited: {log_path.read_text()[-2000:]}"
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
