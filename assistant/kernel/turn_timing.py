"""Where an action server request spends its time: catalog search and SQL, for the per-turn
profile (`python -m bench turn_profile`) and the action server's `/metrics`.

A request opens a `Timings` (`begin`, then `end`); code below it adds to the open one, if any.
Outside a request (tools, tests, the web app) nothing is open and the hooks cost a
context-variable read. SQL is timed by SQLAlchemy's cursor events on every engine
(`time_sql_statements`), the search by `timed_search` around the catalog search.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar, Token
from dataclasses import dataclass
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine


@dataclass
class Timings:
    sql_ms: float = 0.0
    sql_statements: int = 0
    sql_in_search_ms: float = 0.0  # the part of sql_ms spent inside a search
    search_ms: float = 0.0  # its SQL included
    searches: int = 0
    in_search: bool = False


_open: ContextVar[Timings | None] = ContextVar("turn_timings", default=None)
_STARTED = "turn_timing_started"  # key in the connection's info dict


def begin() -> Token[Timings | None]:
    """Open a request's timings; `end` with the token closes them (in the same task)."""
    return _open.set(Timings())


def end(token: Token[Timings | None]) -> Timings:
    timings = _open.get()
    _open.reset(token)
    assert timings is not None  # opened by `begin`
    return timings


@contextmanager
def timed_search() -> Iterator[None]:
    timings = _open.get()
    if timings is None or timings.in_search:  # nested: the outer one counts it
        yield
        return
    timings.in_search = True
    started = time.perf_counter()
    try:
        yield
    finally:
        timings.search_ms += (time.perf_counter() - started) * 1000
        timings.searches += 1
        timings.in_search = False


def _before(conn: Any, *_: Any) -> None:
    if _open.get() is not None:
        conn.info[_STARTED] = time.perf_counter()


def _after(conn: Any, *_: Any) -> None:
    timings = _open.get()
    started = conn.info.pop(_STARTED, None)
    if timings is None or started is None:
        return
    elapsed = (time.perf_counter() - started) * 1000
    timings.sql_ms += elapsed
    timings.sql_statements += 1
    if timings.in_search:
        timings.sql_in_search_ms += elapsed


def time_sql_statements() -> None:
    """Time every statement of every engine of this process (once; idempotent)."""
    if not event.contains(Engine, "before_cursor_execute", _before):
        event.listen(Engine, "before_cursor_execute", _before)
        event.listen(Engine, "after_cursor_execute", _after)
