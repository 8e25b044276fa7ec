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
from assistant.services.orders import SweepReport, sweep_overdue_orders
from assistant.services.privacy import purge_conversations, retry_data_deletions
from assistant.services.receipts import send_pending_receipts

log = logging.getLogger(__name__)


def run_maintenance_once(settings: Settings) -> tuple[SweepReport, int]:
    uow = unit_of_work(settings)
    report = sweep_overdue_orders(uow, payment_gateway(settings))
    receipts = send_pending_receipts(uow, shopper_notifier(settings))
    run_privacy_once(settings)
    return report, receipts


def run_privacy_once(settings: Settings) -> None:
    uow, conversations = unit_of_work(settings), conversation_store(settings)
    retry_data_deletions(
        uow,
        conversations,
        payment_gateway(settings),
        settings.anonymising_key,
        page_scoped_ids(settings),
    )
    if settings.retention_days > 0:
        # Batches of 200 with a pause: the live conversations' writes get in between.
        purge_conversations(
            uow,
            conversations,
            timedelta(days=settings.retention_days),
            batch_size=200,
            pause_seconds=0.05,
        )


async def _maintain_forever(settings: Settings) -> None:
    while True:
        await asyncio.sleep(settings.order_sweep_seconds)
        try:
            await asyncio.to_thread(run_maintenance_once, settings)
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
