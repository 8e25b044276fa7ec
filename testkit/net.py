"""Loopback ports, an HTTP client for loopback servers, and waiting for something to be true."""

from __future__ import annotations

import socket
import time
from collections.abc import Callable
from contextlib import ExitStack
from typing import TypeVar

import httpx

T = TypeVar("T")

# The helpers' one HTTP client: each new httpx client loads the CA bundle (tens of milliseconds
# of CPU), and the tests' helpers send hundreds of requests. Nothing here sets cookies. No
# connection is kept alive: tests stop servers and the next one may get the same port, and a
# body the server refuses may close the connection, so a reused one can be reset mid-request.
LOOPBACK = httpx.Client(timeout=30, limits=httpx.Limits(max_keepalive_connections=0))


def free_port() -> int:
    return free_ports(1)[0]


def free_ports(count: int) -> list[int]:
    """`count` distinct free loopback ports. They are chosen while all are held open at once:
    `free_port()` called in a row may hand out the same port twice until something binds it."""
    with ExitStack() as held:
        sockets = [held.enter_context(socket.socket()) for _ in range(count)]
        for sock in sockets:
            sock.bind(("127.0.0.1", 0))
        return [int(sock.getsockname()[1]) for sock in sockets]


def port_open(port: int) -> bool:
    """Something listens on this loopback port."""
    with socket.socket() as sock:
        sock.settimeout(0.2)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def wait_for(
    predicate: Callable[[], T | None],
    timeout: float = 10.0,
    interval: float = 0.01,
    what: str = "condition",
) -> T:
    """Poll `predicate` until it returns something truthy; fail naming `what` at timeout.

    Every 10 ms by default: tests wait this way hundreds of times a run, and a check (a query,
    a loopback request) costs a millisecond or two.
    """
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} not met within {timeout} s")
        time.sleep(interval)
