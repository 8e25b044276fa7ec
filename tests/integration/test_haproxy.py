"""HAProxy from Debian with the configuration bench/load_replicas.py gives it (testkit/haproxy.py):
accepted by `haproxy -c`, spreading requests over the replicas, and a replica set to maintenance
through the runtime API receiving none. Two small HTTP servers stand in for the Rasa replicas:
what is tested is the balancer's configuration and our use of its API, not Rasa."""

from __future__ import annotations

import subprocess
import threading
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest

from testkit.haproxy import (
    admin_socket,
    haproxy_config,
    haproxy_executable,
    haproxy_service,
    in_rotation,
    request_counts,
)
from testkit.net import free_port
from testkit.processes import running


class _Named(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = self.server.name.encode()  # type: ignore[attr-defined]
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_: object) -> None:  # quiet test output
        pass


@pytest.fixture
def replicas() -> Iterator[list[int]]:
    servers = []
    for name in ("first", "second"):
        server = ThreadingHTTPServer(("127.0.0.1", 0), _Named)
        server.name = name  # type: ignore[attr-defined]
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
    yield [server.server_address[1] for server in servers]
    for server in servers:
        server.shutdown()
        server.server_close()


def test_haproxy_accepts_the_configuration(tmp_path: Path) -> None:
    config = tmp_path / "haproxy.cfg"
    config.write_text(haproxy_config(free_port(), [free_port(), free_port()], tmp_path / "a.sock"))
    checked = subprocess.run(
        [haproxy_executable(), "-c", "-f", str(config)], capture_output=True, text=True
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_requests_spread_over_the_replicas_in_rotation(replicas: list[int], tmp_path: Path) -> None:
    port = free_port()
    with running([haproxy_service(port, replicas, tmp_path)], tmp_path / "haproxy.log"):
        socket = admin_socket(tmp_path)
        before = request_counts(socket)  # the supervisor's health check went through it too
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=10) as client:
            # A new connection each time: leastconn sees no request under way and alternates.
            both = Counter(client.get("/", headers={"Connection": "close"}).text for _ in range(20))
            assert both.keys() == {"first", "second"}
            counted = Counter(request_counts(socket)) - Counter(before)
            assert counted == {"rasa-1": both["first"], "rasa-2": both["second"]}

            in_rotation(socket, replicas=2, count=1)
            alone = Counter(
                client.get("/", headers={"Connection": "close"}).text for _ in range(10)
            )
            assert alone == {"first": 10}

            in_rotation(socket, replicas=2, count=2)
            again = Counter(
                client.get("/", headers={"Connection": "close"}).text for _ in range(20)
            )
            assert again.keys() == {"first", "second"}
