"""The web app's periodic work: expire overdue reservations and retry unsent receipts.

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

from assistant.bootstrap import payment_gateway, shopper_notifier, unit_of_work
from assistant.kernel.settings import Settings
from assistant.services.orders import SweepReport, sweep_overdue_orders
from assistant.services.receipts import send_pending_receipts

log = logging.getLogger(__name__)


def run_maintenance_once(settings: Settings) -> tuple[SweepReport, int]:
    uow = unit_of_work(settings)
    report = sweep_overdue_orders(uow, payment_gateway(settings))
    return report, send_pending_receipts(uow, shopper_notifier(settings))


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
