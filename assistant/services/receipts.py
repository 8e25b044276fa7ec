"""Receipts: the shopper is told in the conversation once their payment arrived.

A paid order with no `receipt_sent_at` is the outbox entry. The web app tries right after the
payment event's commit and its maintenance loop tries again later, so a Rasa restart delays a
receipt but never loses it, and never fails the provider's webhook.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from assistant.kernel.clock import utcnow
from assistant.kernel.redact import redacted
from assistant.services.ports import NotificationFailed, ShopperNotifier
from assistant.services.unit_of_work import UnitOfWork
from assistant.services.views import OrderView

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 20  # outbox passes before a receipt is given up (logged as an error)
# The outbox leaves fresh payments to the web app's immediate attempt.
OUTBOX_GRACE = timedelta(seconds=60)


def receipt_for(uow: UnitOfWork, conversation_id: str, number: str) -> OrderView | None:
    """The order to show a receipt for: this conversation's, and paid for; else None.

    A stray trigger naming another conversation's order must not leak it.
    """
    with uow:
        order = uow.orders.numbered(number, owner=conversation_id)
        return OrderView.of(order) if order is not None and order.is_paid_for else None


def send_receipt(uow: UnitOfWork, notifier: ShopperNotifier, order_id: int) -> bool:
    """One outbox attempt for one order; True once the receipt is sent."""
    with uow:
        order = uow.orders.get(order_id)
        if order is None or order.receipt_sent_at is not None or not order.is_paid_for:
            return order is not None and order.receipt_sent_at is not None
        conversation_id, number = order.conversation_id, order.number
    # No transaction is open during the call: Rasa's receipt action reads this order.
    try:
        notifier.payment_received(conversation_id, number)
        error = None
    except NotificationFailed as failure:
        error = failure
    with uow:
        stored = uow.orders.get(order_id, lock=True)
        assert stored is not None
        if error is None:
            stored.mark_receipt_sent()
            uow.commit()
            log.info("receipt for %s sent", number)
            return True
        attempts = stored.record_receipt_failure()
        uow.commit()
    level = logging.ERROR if attempts >= MAX_ATTEMPTS else logging.WARNING
    # The error may quote the URL called, query string included.
    log.log(
        level, "receipt for %s not sent (attempt %d): %s", number, attempts, redacted(str(error))
    )
    return False


def send_pending_receipts(
    uow: UnitOfWork, notifier: ShopperNotifier, limit: int = 50, grace: timedelta = OUTBOX_GRACE
) -> int:
    """Retry the outbox: paid orders whose receipt has not gone out yet; returns how many sent."""
    with uow:
        pending = uow.orders.receipt_due_ids(utcnow() - grace, MAX_ATTEMPTS, limit)
    return sum(send_receipt(uow, notifier, order_id) for order_id in pending)
