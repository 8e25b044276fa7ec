"""A fault-injecting proxy in front of the Stripe API (sandbox or any Stripe-speaking server).

It plays the failures a real network and a real Stripe show, so tests and benchmarks can
check that no order is lost or doubled:
- `error_before`: HTTP 500 without forwarding (Stripe failed, nothing happened);
- `error_after`: forwards, then answers 500 (it happened, the client does not know);
- `timeout_after`: forwards, then holds the answer past the client's timeout.
Each request draws its fault from a seeded RNG, or from a scripted queue when one is set.
"""

from __future__ import annotations

import asyncio
import random
from collections import Counter, deque
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

import httpx
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response

FAULTS = ("error_before", "error_after", "timeout_after")
_HOP_BY_HOP = frozenset({"host", "content-length", "connection", "transfer-encoding"})


@dataclass
class FaultPlan:
    """What goes wrong: per-fault probabilities, or a script consumed first (None = no fault)."""

    rates: dict[str, float] = field(default_factory=dict)
    hold_seconds: float = 2.0  # how long `timeout_after` holds the answer
    seed: int = 0
    script: deque[str | None] = field(default_factory=deque)
    injected: Counter[str] = field(default_factory=Counter)

    def __post_init__(self) -> None:
        unknown = set(self.rates) - set(FAULTS)
        if unknown:
            raise ValueError(f"unknown fault(s) {sorted(unknown)}; known: {', '.join(FAULTS)}")
        self._rng = random.Random(self.seed)

    def draw(self) -> str | None:
        if self.script:
            return self.script.popleft()
        roll = self._rng.random()
        for fault in FAULTS:
            roll -= self.rates.get(fault, 0.0)
            if roll < 0:
                return fault
        return None


def _stripe_500() -> Response:
    body = {"error": {"type": "api_error", "message": "Injected fault: internal server error."}}
    return JSONResponse(body, status_code=500)


def create_chaos_proxy(upstream_url: str, plan: FaultPlan, paths: str = "/v1/") -> FastAPI:
    """Proxy every request to `upstream_url`; faults only on paths starting with `paths`."""
    client = httpx.AsyncClient(base_url=upstream_url.rstrip("/"), timeout=30, trust_env=False)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        await client.aclose()

    app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None, lifespan=lifespan)

    @app.api_route("/{path:path}", methods=["GET", "POST", "DELETE"])
    async def forward(request: Request, path: str) -> Response:
        fault = plan.draw() if request.url.path.startswith(paths) else None
        if fault:
            plan.injected[fault] += 1
        if fault == "error_before":
            return _stripe_500()
        headers = [(k, v) for k, v in request.headers.items() if k.lower() not in _HOP_BY_HOP]
        answer = await client.request(
            request.method,
            request.url.path,
            params=request.url.query,
            headers=headers,
            content=await request.body(),
        )
        if fault == "error_after":
            return _stripe_500()
        if fault == "timeout_after":
            await asyncio.sleep(plan.hold_seconds)
        kept = {
            k: v
            for k, v in answer.headers.items()
            if k.lower() not in _HOP_BY_HOP | {"content-encoding"}
        }
        return Response(answer.content, status_code=answer.status_code, headers=kept)

    return app
