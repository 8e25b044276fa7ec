"""Tell the shopper their payment arrived: Rasa's `trigger_intent` API, through an outbox.

A paid order with no `receipt_sent_at` is the outbox entry. The web app tries right after
the webhook's commit (a few quick retries) and the periodic maintenance loop tries again
later, so a Rasa restart delays the receipt but never loses it, and never fails the webhook.
"""

from __future__ import annotations

import logging
import time
from datetime import timedelta
from urllib.parse import quote

import httpx
from sqlmodel import col, select

from assistant.commerce.models import Order, OrderStatus
from assistant.db import session_scope
from assistant.settings import Settings
from catalog.models import utcnow

log = logging.getLogger(__name__)

RECEIPT_INTENT = "payment_received"
MAX_ATTEMPTS = 20  # outbox passes before a receipt is given up (logged as an error)
RETRY_DELAYS = (0.5, 1.0)  # within one attempt: three tries, ~1.5 s of waiting
REQUEST_TIMEOUT = 10.0
# The outbox leaves fresh payments to the web app's immediate attempt (3 tries < 35 s).
OUTBOX_GRACE = timedelta(seconds=60)


def trigger_receipt(settings: Settings, conversation_id: str, order_number: str) -> None:
    """POST the `payment_received` intent to the conversation; raises httpx.HTTPError."""
    response = httpx.post(
        f"{settings.rasa_url}/conversations/{quote(conversation_id, safe='')}/trigger_intent",
        params={"output_channel": "latest", "token": settings.rasa_token.get_secret_value()},
        json={"name": RECEIPT_INTENT, "entities": {"order_id": order_number}},
        timeout=REQUEST_TIMEOUT,
    )
    response.raise_for_status()


def send_receipt(settings: Settings, order_id: int) -> bool:
    """One outbox attempt for one order (with quick retries); True once the receipt is sent."""
    with session_scope(settings.database_url) as session:
        order = session.get(Order, order_id)
        if order is None or order.receipt_sent_at is not None or order.status != OrderStatus.PAID:
            return order is not None and order.receipt_sent_at is not None
        conversation_id, number = order.conversation_id, order.number
    # No transaction is open during the call: Rasa's receipt action reads this order.
    error: Exception | None = None
    for delay in (*RETRY_DELAYS, None):
        try:
            trigger_receipt(settings, conversation_id, number)
            error = None
            break
        except httpx.HTTPError as failure:
            error = failure
            if delay is not None:
                time.sleep(delay)
    with session_scope(settings.database_url) as session:
        stored = session.get(Order, order_id, with_for_update=True)
        assert stored is not None
        if error is None:
            stored.receipt_sent_at = utcnow()
            log.info("receipt for %s sent to conversation %s", number, conversation_id)
            return True
        stored.receipt_attempts += 1
        level = logging.ERROR if stored.receipt_attempts >= MAX_ATTEMPTS else logging.WARNING
        log.log(
            level,
            "receipt for %s not sent (attempt %d): %s",
            number,
            stored.receipt_attempts,
            error,
        )
        return False


def send_pending_receipts(
    settings: Settings, limit: int = 50, grace: timedelta = OUTBOX_GRACE
) -> int:
    """Retry the outbox: paid orders whose receipt has not gone out yet; returns how many sent."""
    with session_scope(settings.database_url) as session:
        pending = session.exec(
            select(Order.id)
            .where(Order.status == OrderStatus.PAID)
            .where(col(Order.receipt_sent_at).is_(None))
            .where(Order.receipt_attempts < MAX_ATTEMPTS)
            .where(col(Order.paid_at) <= utcnow() - grace)
            .order_by(col(Order.id))
            .limit(limit)
        ).all()
    return sum(send_receipt(settings, order_id) for order_id in pending if order_id is not None)
