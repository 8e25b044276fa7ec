"""The action server's own timings, totalled since it started, at `GET /metrics` (JSON).

Per action call: the time from the request's arrival to its response (the tracker's JSON parse,
the action, the answer's serialisation), the request's size (Rasa sends the whole tracker), and
inside it the catalog search and the SQL statements (assistant.kernel.turn_timing). A reader
takes the difference of two readings: `python -m bench turn_profile` reads it around each turn.
Behind the shared secret like every route but /health (actions.server).
"""

from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from typing import Any

from sanic import Request, Sanic, response
from sanic.exceptions import SanicException
from sanic.response import HTTPResponse

from assistant.kernel.turn_timing import begin, end, time_sql_statements

WEBHOOK = "/webhook"


def _action_name(request: Request) -> str:
    try:
        call = request.json
    except SanicException:  # not JSON (a deflated body): Rasa SDK answers it; counted unnamed
        return "?"
    return str(call.get("next_action") or "?") if isinstance(call, dict) else "?"


@dataclass
class ActionTotals:
    calls: int = 0
    handler_ms: float = 0.0
    request_bytes: int = 0
    search_ms: float = 0.0
    searches: int = 0
    sql_ms: float = 0.0
    sql_in_search_ms: float = 0.0
    sql_statements: int = 0


@dataclass
class Totals:
    all: ActionTotals = field(default_factory=ActionTotals)
    by_action: dict[str, ActionTotals] = field(default_factory=lambda: defaultdict(ActionTotals))


def install(app: Sanic) -> None:
    """Time every action call of `app` and serve the totals at /metrics (once per app: Rasa
    SDK's loading of the `actions` package imports actions.server again, wrapping twice)."""
    if getattr(app.ctx, "metrics_installed", False):
        return
    app.ctx.metrics_installed = True
    time_sql_statements()
    totals = Totals()

    @app.on_request
    async def start_timing(request: Request) -> None:
        if request.path == WEBHOOK:
            request.ctx.timing_started = time.perf_counter()
            request.ctx.timing_token = begin()

    @app.on_response
    async def stop_timing(request: Request, _: HTTPResponse) -> None:
        token = getattr(request.ctx, "timing_token", None)
        if token is None:
            return
        elapsed = (time.perf_counter() - request.ctx.timing_started) * 1000
        timings = end(token)
        name = _action_name(request)
        for bucket in (totals.all, totals.by_action[name]):
            bucket.calls += 1
            bucket.handler_ms += elapsed
            bucket.request_bytes += len(request.body or b"")
            bucket.search_ms += timings.search_ms
            bucket.searches += timings.searches
            bucket.sql_ms += timings.sql_ms
            bucket.sql_in_search_ms += timings.sql_in_search_ms
            bucket.sql_statements += timings.sql_statements

    @app.get("/metrics")
    async def metrics(_: Request) -> HTTPResponse:
        body: dict[str, Any] = {
            "all": asdict(totals.all),
            "by_action": {name: asdict(bucket) for name, bucket in totals.by_action.items()},
        }
        return response.json(body)
