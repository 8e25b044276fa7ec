"""Signed, retried webhook delivery, signed exactly like Stripe (`Stripe-Signature` v1)."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import json
import logging
import time
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import httpx

logger = logging.getLogger("assistant.stripe_sandbox.webhooks")

# 5 attempts, ~15 s of waiting, at most 30 s in all: enough to ride out an action-server
# restart, short enough that a dead endpoint does not pile up work.
DEFAULT_RETRY_DELAYS: tuple[float, ...] = (1.0, 2.0, 4.0, 8.0)
DEFAULT_MAX_TOTAL_SECONDS = 30.0
_MAX_KEPT_EVENTS = 1000


def sign(payload: bytes, secret: str, timestamp: int) -> str:
    """The `Stripe-Signature` header value for `payload` sent at `timestamp`."""
    signed = f"{timestamp}.".encode() + payload
    digest = hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


@dataclass
class Delivery:
    status: str = "pending"  # pending | delivered | failed | no_endpoint | cancelled
    attempts: int = 0
    last_status_code: int | None = None
    last_error: str | None = None
    delivered_at: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "attempts": self.attempts,
            "last_status_code": self.last_status_code,
            "last_error": self.last_error,
            "delivered_at": self.delivered_at,
        }


@dataclass
class EventRecord:
    event: dict[str, Any]
    delivery: Delivery = field(default_factory=Delivery)


class WebhookSender:
    """Queues events and delivers each in its own background task with bounded retries."""

    def __init__(
        self,
        url: str | None,
        secret: str,
        retry_delays: Sequence[float] = DEFAULT_RETRY_DELAYS,
        timeout: float = 10.0,
        max_total_seconds: float = DEFAULT_MAX_TOTAL_SECONDS,
    ) -> None:
        self.url = url
        self._secret = secret
        self._retry_delays = tuple(retry_delays)
        self._timeout = timeout
        self._max_total = max_total_seconds
        self._client: httpx.AsyncClient | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        self._records: deque[EventRecord] = deque(maxlen=_MAX_KEPT_EVENTS)

    async def start(self) -> None:
        # Never pick up proxy settings from the environment: the endpoint is local.
        self._client = httpx.AsyncClient(timeout=self._timeout, trust_env=False)

    async def stop(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        for task in list(self._tasks):
            with contextlib.suppress(asyncio.CancelledError):
                await task
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    def records(self) -> list[EventRecord]:
        return list(self._records)

    def send(self, event: dict[str, Any]) -> EventRecord:
        record = EventRecord(event=event)
        self._records.append(record)
        if self.url is None:
            record.delivery.status = "no_endpoint"
            return record
        task = asyncio.get_running_loop().create_task(self._deliver(record))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return record

    async def _deliver(self, record: EventRecord) -> None:
        payload = json.dumps(record.event, indent=2).encode()
        attempts = len(self._retry_delays) + 1
        deadline = time.monotonic() + self._max_total
        try:
            for attempt in range(1, attempts + 1):
                timeout = min(self._timeout, deadline - time.monotonic())
                if timeout <= 0:
                    break
                if await self._attempt(record, payload, attempt, attempts, timeout):
                    return
                if attempt < attempts:
                    await asyncio.sleep(self._retry_delays[attempt - 1])
            record.delivery.status = "failed"
        except asyncio.CancelledError:
            record.delivery.status = "cancelled"
            raise

    async def _attempt(
        self, record: EventRecord, payload: bytes, attempt: int, attempts: int, timeout: float
    ) -> bool:
        assert self._client is not None and self.url is not None
        delivery = record.delivery
        delivery.attempts = attempt
        # Stripe re-signs every attempt with the current time (its 300 s tolerance window).
        headers = {
            "Content-Type": "application/json; charset=utf-8",
            "User-Agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
            "Stripe-Signature": sign(payload, self._secret, int(time.time())),
        }
        started = time.monotonic()
        try:
            response = await self._client.post(
                self.url, content=payload, headers=headers, timeout=timeout
            )
        except httpx.HTTPError as error:
            delivery.last_status_code, delivery.last_error = None, f"{type(error).__name__}"
            outcome = f"error {type(error).__name__}: {error}"
        else:
            delivery.last_status_code, delivery.last_error = response.status_code, None
            outcome = f"HTTP {response.status_code}"
        elapsed_ms = (time.monotonic() - started) * 1000
        ok = delivery.last_status_code is not None and 200 <= delivery.last_status_code < 300
        # Failed attempts at WARNING so a misconfigured endpoint stands out in the log.
        logger.log(
            logging.INFO if ok else logging.WARNING,
            "webhook %s %s -> %s attempt %d/%d: %s (%.0f ms)",
            record.event["id"],
            record.event["type"],
            self.url,
            attempt,
            attempts,
            outcome,
            elapsed_ms,
        )
        if ok:
            delivery.status, delivery.delivered_at = "delivered", int(time.time())
        return ok
