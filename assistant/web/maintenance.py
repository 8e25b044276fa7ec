"""The web app's periodic work: expire overdue reservations, retry unsent receipts, finish
data-deletion requests a failure left pending, and purge conversations past the retention
period (ASSISTANT_RETENTION_DAYS).

Why here and not a cron-like `assistant orders sweep`: the web app is the one process every
deployment runs and keeps running (it must, for Stripe's webhooks), so the sweep needs no
extra scheduler. Running it in several replicas is safe: every change is a row-locked,
forward-only transition, and Stripe calls carry idempotency keys.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncIterator
from datetime import timedelta

from assistant.bootstrap import (
    conversation_store,
    page_scoped_ids,
    payment_gateway,
    shopper_notifier,
    unit_of_work,
)
from assistant.kernel.settings import Settings
from assistant.services.kitchen import tell_pending_steps
from assistant.services.orders import SweepReport, sweep_overdue_orders
from assistant.services.privacy import purge_conversations, retry_data_deletions
from assistant.services.receipts import send_pending_receipts

log = logging.getLogger(__name__)


class Every:
    """Lets a job through at most once per `seconds` (the first call always)."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._last: float | None = None

    def due(self) -> bool:
        now = time.monotonic()
        if self._last is not None and now - self._last < self.seconds:
            return False
        self._last = now
        return True


# Finding idle conversations reads the whole events table: not every minute.
PURGE_EVERY_SECONDS = 3600.0


def run_maintenance_once(
    settings: Settings, purge_schedule: Every | None = None
) -> tuple[SweepReport, int]:
    uow = unit_of_work(settings)
    report = sweep_overdue_orders(uow, payment_gateway(settings))
    receipts = send_pending_receipts(uow, shopper_notifier(settings))
    tell_pending_steps(uow, shopper_notifier(settings))
    run_privacy_once(settings, purge_schedule)
    return report, receipts


def run_privacy_once(settings: Settings, purge_schedule: Every | None = None) -> None:
    """Finish pending data-deletion requests; purge past the retention period when due."""
    uow, conversations = unit_of_work(settings), conversation_store(settings)
    retry_data_deletions(
        uow,
        conversations,
        payment_gateway(settings),
        settings.anonymising_key,
        page_scoped_ids(settings),
    )
    if settings.retention_days > 0 and (purge_schedule is None or purge_schedule.due()):
        # Batches of 200 with a pause: the live conversations' writes get in between.
        purge_conversations(
            uow,
            conversations,
            timedelta(days=settings.retention_days),
            batch_size=200,
            pause_seconds=0.05,
        )


async def _maintain_forever(settings: Settings) -> None:
    purge_schedule = Every(PURGE_EVERY_SECONDS)
    while True:
        await asyncio.sleep(settings.order_sweep_seconds)
        try:
            await asyncio.to_thread(run_maintenance_once, settings, purge_schedule)
        except Exception:  # one bad pass (database restarting, ...) must not stop the loop
            log.exception("order maintenance pass failed; retrying next period")


@contextlib.asynccontextmanager
async def maintenance_running(settings: Settings) -> AsyncIterator[None]:
    """Run the maintenance loop while the app lives (disabled by a period of 0)."""
    if settings.order_sweep_seconds <= 0:
        yield
        return
    task = asyncio.create_task(_maintain_forever(settings))
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
