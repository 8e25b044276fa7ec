"""The real Messenger connector in the Rasa venv (connector_harness.py), and a fake Graph API
on loopback that validates, records and fails on demand.

The fake Graph is separate from the sandbox's endpoint (which never fails on purpose) but judges
requests with the same checker, `assistant.channels.send_api_contract`, so the tests and the
sandbox refuse exactly the same things. Refused requests are kept in `rejected` for the tests to
assert on.
"""

from __future__ import annotations

import json
import os
import threading
from collections import deque
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx

from assistant.channels.graph_auth import refusal
from assistant.channels.send_api_contract import check_send
from assistant.channels.signature import HEADER, sign
from assistant.kernel.settings import PROJECT_ROOT
from assistant.supervisor import Service
from assistant.training import RASA_VENV
from testkit.net import LOOPBACK, free_port
from testkit.processes import running

SECRET = "test-app-secret"
TOKEN = "test-page-token-7f3a9c"
VERIFY = "test-verify-token"
PAGE_ID = "104729385610001"  # the page the harness's connector serves (MESSENGER_PAGE_ID)

HARNESS = Path(__file__).with_name("connector_harness.py")


def connector_service(port: int, credentials: dict[str, Any]) -> Service:
    """The real connector in the Rasa venv (connector_harness.py), as a supervised process."""
    return Service(
        "connector",
        [
            str(RASA_VENV / "bin" / "python"),
            str(HARNESS),
            "--port",
            str(port),
            "--credentials",
            json.dumps(credentials),
        ],
        health_url=f"http://127.0.0.1:{port}/webhooks/messenger/",
        env={"PYTHONPATH": str(PROJECT_ROOT), "PATH": os.environ.get("PATH", "")},
        cwd=str(PROJECT_ROOT),
    )


class FakeGraph:
    """With `app_secret`, calls without a valid appsecret_proof are refused, as Graph refuses
    them for an app with "Require App Secret" on; `queries` keeps every query string sent."""

    def __init__(self, token: str, app_secret: str = "") -> None:
        self.token = token
        self.app_secret = app_secret
        self.queries: list[dict[str, list[str]]] = []
        # Shoppers whose last message is over 24 hours old: only tagged messages reach them.
        self.window_closed: set[str] = set()
        self.accepted: list[dict[str, Any]] = []
        self.rejected: list[list[str]] = []
        self.attempts = 0
        self.failures: deque[tuple[int, dict[str, Any]]] = deque()
        self.paths: list[str] = []
        # Graph's id matching: app-scoped user id -> the page-scoped ids (GET .../ids_for_pages).
        self.ids_for_pages: dict[str, list[str]] = {}
        self.ids_failing = False
        # While set, every send answers Graph's HTTP 500 "unexpected error" (code 2, retryable).
        self.failing = False
        self.failed = 0  # sends answered so
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self._server.server_port}/v21.0"
        # Polled every 0.05 s, not 0.5 s: close() waits for a poll, and each test closes one.
        threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True).start()

    def reset(self) -> None:
        with self._lock:
            self.accepted.clear()
            self.rejected.clear()
            self.failures.clear()
            self.paths.clear()
            self.queries.clear()
            self.window_closed.clear()
            self.attempts = 0

    def fail_next(self, *failures: tuple[int, dict[str, Any]]) -> None:
        self.failures.extend(failures)

    def messages(self, psid: str | None = None) -> list[dict[str, Any]]:
        with self._lock:
            return [
                body["message"]
                for body in self.accepted
                if "message" in body and psid in (None, body["recipient"]["id"])
            ]

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def _answer(
        self, path: str, headers: Mapping[str, str], raw: bytes
    ) -> tuple[int, dict[str, Any]]:
        url = urlsplit(path)
        with self._lock:
            self.attempts += 1
            self.paths.append(url.path)
            query = parse_qs(url.query)
            self.queries.append(query)
            single = {name: values[-1] for name, values in query.items()}
            problem = refusal(headers, single, self.token, self.app_secret)
            if problem is not None:
                code, message = problem
                self.rejected.append([message])
                return 400, {"error": {"message": message, "code": code}}
            if url.path != "/v21.0/me/messages":
                return 404, {"error": {"message": f"unknown path {url.path}", "code": 803}}
            if self.failures:
                return self.failures.popleft()
            if self.failing:
                self.failed += 1
                return 500, {"error": {"message": "An unexpected error has occurred.", "code": 2}}
            try:
                body = json.loads(raw)
            except ValueError:
                body = None
            errors = check_send(body)
            if errors:
                self.rejected.append(errors)
                return 400, {"error": {"message": "(#100) " + "; ".join(errors), "code": 100}}
            if self._outside_window(body):
                message = "(#10) This message is sent outside of allowed window."
                self.rejected.append([message])
                return 400, {"error": {"message": message, "code": 10, "error_subcode": 2018278}}
            self.accepted.append(body)
            return 200, {"recipient_id": body["recipient"]["id"], "message_id": "m_fake"}

    def _outside_window(self, body: dict[str, Any]) -> bool:
        """Graph refuses an untagged message to a shopper silent for over 24 hours."""
        return (
            "message" in body
            and body["recipient"]["id"] in self.window_closed
            and body.get("messaging_type") != "MESSAGE_TAG"
        )

    def _answer_get(self, path: str, authorization: str) -> tuple[int, dict[str, Any]]:
        url = urlsplit(path)
        with self._lock:
            self.paths.append(url.path)
            token = parse_qs(url.query).get("access_token", [""])[0]
            if authorization != f"Bearer {self.token}" and token != self.token:
                return 400, {"error": {"message": "Invalid OAuth access token.", "code": 190}}
            parts = url.path.split("/")  # "", "v21.0", "<app-scoped id>", "ids_for_pages"
            if len(parts) != 4 or parts[3] != "ids_for_pages":
                return 404, {"error": {"message": f"unknown path {url.path}", "code": 803}}
            if self.ids_failing:
                return 500, {"error": {"message": "An unexpected error has occurred.", "code": 2}}
            found = self.ids_for_pages.get(parts[2], [])
            data = [{"id": psid, "page": {"id": "page", "name": "Shop"}} for psid in found]
            return 200, {"data": data, "paging": {"cursors": {"before": "b", "after": "a"}}}

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        graph = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                status, answer = graph._answer_get(
                    self.path, self.headers.get("authorization") or ""
                )
                data = json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_POST(self) -> None:
                raw = self.rfile.read(int(self.headers.get("content-length") or 0))
                headers = {name.lower(): value for name, value in self.headers.items()}
                status, answer = graph._answer(self.path, headers, raw)
                data = json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *_: object) -> None:
                pass

        return Handler


@contextmanager
def connector_running(credentials: dict[str, Any], log_path: Path) -> Iterator[str]:
    """The real connector on a free loopback port, ready; yields its URL."""
    port = free_port()
    with running([connector_service(port, credentials)], log_path, timeout=120):
        yield f"http://127.0.0.1:{port}"


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
        return LOOPBACK.post(
            self.webhook, content=body, headers={"Content-Type": "application/json", **headers}
        )

    def received(self) -> list[dict[str, Any]]:
        return LOOPBACK.get(f"{self.url}/harness/received").json()

    def reset(self) -> None:
        self.graph.reset()
        LOOPBACK.post(f"{self.url}/harness/reset")


@contextmanager
def harness_running(log_path: Path) -> Iterator[Harness]:
    """The connector with the test credentials (SECRET, TOKEN, VERIFY) and a fake Graph."""
    graph = FakeGraph(TOKEN, app_secret=SECRET)
    credentials = {
        "page-id": PAGE_ID,
        "verify": VERIFY,
        "secret": SECRET,
        "page-access-token": TOKEN,
        "graph-api-url": graph.url,
        "typing-delay": 0.5,
        "send-attempts": 3,
        "max-body-bytes": 65536,
    }
    try:
        with connector_running(credentials, log_path) as url:
            yield Harness(url, graph, log_path)
    finally:
        graph.close()


def page_body(*items: dict[str, Any], page: str = PAGE_ID) -> bytes:
    """A webhook body with one entry per item, as Facebook batches them, for `page`."""
    entries = [{"id": page, "time": 1, "messaging": [item]} for item in items]
    return json.dumps({"object": "page", "entry": entries}).encode()


def text_item(sender: str, text: str, mid: str) -> dict[str, Any]:
    return {
        "sender": {"id": sender},
        "recipient": {"id": "page"},
        "timestamp": 1,
        "message": {"mid": mid, "text": text},
    }


def script(*replies: dict[str, Any], sleep: float = 0) -> str:
    """A message the harness's dialogue answers with `replies`, after `sleep` seconds."""
    return "script:" + json.dumps({"sleep": sleep, "reply": list(replies)})
