"""Shoppers buying while something breaks, then the audit: bench/load.py's closed-loop shoppers
and end-state audit, with a fault played alongside.

Used by tests/e2e/scale/test_faults.py.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from sqlalchemy import func
from sqlmodel import col, select

from assistant.commerce.order import Order, OrderStatus, PaymentEvent
from assistant.kernel.database import session_scope
from assistant.services.receipts import OUTBOX_GRACE
from bench.load import Bot, Conversation, Session, run_level, settled_states, shop_conversation
from bench.load_messenger import Inbox
from bench.load_stats import LevelRun, Purchase, audit

RETRY_AFTER = 1.0  # seconds
# A receipt whose first attempt met the fault (Rasa or the database away) is the web app's
# outbox's: sent at its first pass once OUTBOX_GRACE has gone by since the payment. At the
# default pass period (ASSISTANT_ORDER_SWEEP_SECONDS, 60 s) that is 60 to 120 s after the payment,
# and the audit, waiting 90 s after the load, gave up first whenever the web app's passes fell
# late (the PostgreSQL restart's failure: a receipt counted lost). The stacks under test pass
# every OUTBOX_SECONDS instead (tests/e2e/scale/test_faults.py sets it for every server).
OUTBOX_SECONDS = 5.0
# Every payment is made before the load is over (conversations under way are finished): the
# audit waits for the outbox's bound after it, and more for a busy machine's slow turns.
RECEIPT_WAIT = OUTBOX_GRACE.total_seconds() + OUTBOX_SECONDS + 25.0
Fault = Callable[[], Awaitable[None]]  # returns once the fault is over (the service is back)


@dataclass
class FaultReport:
    """What the shoppers went through, and what the database holds afterwards."""

    audit: dict[str, int]  # bench/load_stats.py `audit` over the paid purchases
    failures: dict[str, int]  # why conversations stopped short (the most frequent reasons)
    conversations: int  # finished, paid or not
    messages: int  # answered
    errors: int  # messages that failed
    paid_after_fault: int  # purchases paid once the fault was over: the shop serves again
    seconds: float  # the load's, from the first shopper to the audit's end
    ledger: list[str] = field(default_factory=list)  # database-wide doubles, described

    def assert_nothing_lost_or_doubled(self) -> None:
        counts = self.audit
        assert counts["paid_at_sandbox"] >= 1, f"nobody managed to pay: {self}"
        bad = {k: counts[k] for k in ("lost", "doubled", "carts_left_with_lines", "wrong_items")}
        assert not any(bad.values()), f"{bad} in {self}"
        assert not self.ledger, self.ledger
        assert self.paid_after_fault >= 1, f"no purchase went through after the fault: {self}"


def shop_bot(rasa_url: str, database_url: str, stripe_url: str, inbox: Inbox | None = None) -> Bot:
    """bench.load's Bot for a stack under test: no CPU accounting, no liveness check (a test
    kills servers on purpose)."""
    return Bot("shop", rasa_url, {}, database_url, stripe_url, inbox)


def ledger_doubles(database_url: str) -> list[str]:
    """Across every conversation, paid or not: two orders paid in one conversation, or one
    payment recorded twice for an order."""
    with session_scope(database_url) as session:
        twice_paid = session.exec(
            select(Order.conversation_id, func.count())
            .where(Order.status == OrderStatus.PAID)
            .group_by(Order.conversation_id)
            .having(func.count() > 1)
        ).all()
        twice_recorded = session.exec(
            select(PaymentEvent.order_id, func.count())
            .where(PaymentEvent.event_type == "checkout.session.completed")
            .where(col(PaymentEvent.order_id).is_not(None))
            .group_by(PaymentEvent.order_id)
            .having(func.count() > 1)
        ).all()
    return [f"conversation {c}: {n} paid orders" for c, n in twice_paid] + [
        f"order id {o}: payment recorded {n} times" for o, n in twice_recorded
    ]


def buy_during(
    bot: Bot,
    fault: Fault,
    shoppers: int = 6,
    seconds: float = 30.0,
    conversation: Conversation = shop_conversation,
) -> FaultReport:
    """`shoppers` shoppers buy for `seconds` (conversations under way are finished) while
    `fault` plays; then every paid purchase is audited."""
    assert bot.database_url is not None
    paid_at: list[float] = []

    async def watched(session: Session, rng: random.Random) -> Purchase | None:
        try:
            purchase = await conversation(session, rng)
        except Exception:
            # A shopper left without an answer starts again a moment later, not in a tight loop.
            await asyncio.sleep(RETRY_AFTER)
            raise
        if purchase is not None and purchase.paid:
            paid_at.append(time.monotonic())
        return purchase

    async def both() -> tuple[tuple[LevelRun, list[Purchase], dict[str, int]], float]:
        async def fault_then_time() -> float:
            await fault()
            return time.monotonic()

        level, healed = await asyncio.gather(
            run_level(bot, watched, shoppers, seconds), fault_then_time()
        )
        return level, healed

    started = time.monotonic()
    (run, purchases, failures), healed = asyncio.run(both())
    states = settled_states(bot.database_url, purchases, RECEIPT_WAIT)
    return FaultReport(
        audit(purchases, states),
        failures,
        run.conversations,
        len(run.latencies_ms),
        run.errors,
        sum(1 for moment in paid_at if moment > healed),
        round(time.monotonic() - started, 1),
        ledger_doubles(bot.database_url),
    )
