"""ASGI apps served by uvicorn in threads of this process, on loopback."""

from __future__ import annotations

import asyncio
import contextlib
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import uvicorn

from testkit.net import free_port, wait_for


class PromptServer(uvicorn.Server):
    """uvicorn's server, stopping as soon as it is told to. uvicorn polls `should_exit` every
    0.1 s, then sleeps 0.1 s for connections to close and polls them every 0.1 s more: close
    to 0.25 s a stop, with several servers started and stopped per test, hundreds per run.
    Here the stop wakes the loop, and connections and tasks are polled every 5 ms; otherwise
    shutdown is uvicorn's own (uvicorn 0.54): no new connections, each open one told to close,
    running requests finished, then the app's lifespan shutdown."""

    _POLL = 0.005

    def __init__(self, config: uvicorn.Config) -> None:
        super().__init__(config)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stopping: asyncio.Event | None = None

    def stop(self) -> None:
        """Ask the server to stop, from any thread."""
        self.should_exit = True
        if self._loop is not None and self._stopping is not None:
            with contextlib.suppress(RuntimeError):  # its loop is closed: it stopped already
                self._loop.call_soon_threadsafe(self._stopping.set)

    async def main_loop(self) -> None:
        self._stopping = asyncio.Event()
        self._loop = asyncio.get_running_loop()
        counter = 0
        while not await self.on_tick(counter):  # on_tick also refreshes the Date header
            counter = (counter + 1) % 864000
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stopping.wait(), timeout=0.1)

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        for server in self.servers:
            server.close()
        for sock in sockets or []:
            sock.close()
        for connection in list(self.server_state.connections):
            connection.shutdown()
        while self.server_state.connections or self.server_state.tasks:
            await asyncio.sleep(self._POLL)
        for server in self.servers:
            await server.wait_closed()
        await self.lifespan.shutdown()


@contextmanager
def serving(apps: dict[int, Any]) -> Iterator[None]:
    """Serve each app on its port until the block ends, all started and stopped together: a
    uvicorn server takes a tick (0.1 s) to stop, and tests start several servers each."""
    servers = [
        PromptServer(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
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
            server.stop()
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
