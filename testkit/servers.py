"""ASGI apps served by uvicorn in threads of this process, on loopback."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import uvicorn

from testkit.net import free_port, wait_for


@contextmanager
def serving(apps: dict[int, Any]) -> Iterator[None]:
    """Serve each app on its port until the block ends, all started and stopped together: a
    uvicorn server takes a tick (0.1 s) to stop, and tests start several servers each."""
    servers = [
        uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
        for port, app in apps.items()
    ]
    threads = [threading.Thread(target=server.run, daemon=True) for server in servers]
    for thread in threads:
        thread.start()

    def settled() -> bool:
        return all(s.started or not t.is_alive() for s, t in zip(servers, threads, strict=True))

    try:
        wait_for(settled, 10, interval=0.01, what="server start")
        assert all(server.started for server in servers), "a server failed to start"
        yield
    finally:
        for server in servers:
            server.should_exit = True
        for thread in threads:
            thread.join(timeout=10)


@contextmanager
def serve(app: Any, port: int | None = None) -> Iterator[str]:
    """Serve `app` on `port` (a free one by default) until the block ends; yields its URL.

    Pass a port when the app must know its own URL before it is served.
    """
    port = port or free_port()
    with serving({port: app}):
        yield f"http://127.0.0.1:{port}"
