"""A fake Graph API on loopback for the connector tests: validates, records, fails on demand.

Separate from the sandbox's endpoint (which never fails on purpose) but judging requests with
the same checker, `assistant.channels.send_api_contract`, so the tests and the sandbox refuse
exactly the same things. Refused requests are kept in `rejected` for the tests to assert on.
"""

from __future__ import annotations

import json
import os
import threading
from collections import deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from assistant.channels.send_api_contract import check_send
from assistant.kernel.settings import PROJECT_ROOT
from assistant.supervisor import Service
from assistant.training import RASA_VENV

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
    def __init__(self, token: str) -> None:
        self.token = token
        self.accepted: list[dict[str, Any]] = []
        self.rejected: list[list[str]] = []
        self.attempts = 0
        self.failures: deque[tuple[int, dict[str, Any]]] = deque()
        self.paths: list[str] = []
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self._server.server_port}/v21.0"
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def reset(self) -> None:
        with self._lock:
            self.accepted.clear()
            self.rejected.clear()
            self.failures.clear()
            self.paths.clear()
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

    def _answer(self, path: str, raw: bytes) -> tuple[int, dict[str, Any]]:
        url = urlsplit(path)
        with self._lock:
            self.attempts += 1
            self.paths.append(url.path)
            if parse_qs(url.query).get("access_token") != [self.token]:
                return 400, {"error": {"message": "Invalid OAuth access token.", "code": 190}}
            if url.path != "/v21.0/me/messages":
                return 404, {"error": {"message": f"unknown path {url.path}", "code": 803}}
            if self.failures:
                return self.failures.popleft()
            try:
                body = json.loads(raw)
            except ValueError:
                body = None
            errors = check_send(body)
            if errors:
                self.rejected.append(errors)
                return 400, {"error": {"message": "(#100) " + "; ".join(errors), "code": 100}}
            self.accepted.append(body)
            return 200, {"recipient_id": body["recipient"]["id"], "message_id": "m_fake"}

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        graph = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                raw = self.rfile.read(int(self.headers.get("content-length") or 0))
                status, answer = graph._answer(self.path, raw)
                data = json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *_: object) -> None:
                pass

        return Handler
