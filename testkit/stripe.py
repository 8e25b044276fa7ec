"""Our Stripe sandbox and localstripe on loopback, a webhook receiver, and the sandbox's clock."""

from __future__ import annotations

import json
import sys
import threading
import time
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import stripe

from assistant.stripe_sandbox.app import create_app
from assistant.supervisor import Service
from testkit.net import LOOPBACK, free_port, wait_for
from testkit.processes import running
from testkit.servers import serve

API_KEY = "sk_test_sandbox_tests"
WEBHOOK_SECRET = "whsec_sandbox_tests_secret"


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
        data: list[dict[str, Any]] = LOOPBACK.get(f"{self.base_url}/sandbox/events").json()["data"]
        return data


@contextmanager
def sandbox_running(receiver: WebhookReceiver, **overrides: Any) -> Iterator[Sandbox]:
    """Our sandbox with a fast sweep and fast retries, webhooks to `receiver`; keyword arguments
    go to create_app."""
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    clock = FakeClock()
    options: dict[str, Any] = {
        "public_url": base_url,
        "webhook_url": receiver.url,
        "webhook_secret": WEBHOOK_SECRET,
        "clock": clock,
        "sweep_interval": 0.05,
        "webhook_retry_delays": (0.05, 0.1, 0.2, 0.4),
        **overrides,
    }
    with serve(create_app(**options), port):
        yield Sandbox(base_url, clock, receiver)


@contextmanager
def localstripe(log_path: Path) -> Iterator[str]:
    """localstripe (what our sandbox proxies other API paths to) on a free loopback port."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    service = Service(
        "localstripe",
        [sys.executable, "-m", "assistant.stripe_sandbox.localstripe_loopback", str(port)],
        health_url=f"{url}/js.stripe.com/v3/",
    )
    with running([service], log_path, timeout=60):
        yield url
