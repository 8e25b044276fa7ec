"""A meal order's kitchen steps: the merchant moves it on, the shopper is told in Messenger.

Like the receipt, a step not yet told is an outbox entry (`step_told` differs from the
status): the CLI tries at once, the web app's maintenance loop tries again, so a Rasa restart
delays the news and never loses it. Only the newest step is told: a shopper whose pizza is
already delivered is not told it is being prepared.
"""

from __future__ import annotations

import logging

from assistant.commerce.errors import UnknownOrder
from assistant.commerce.order import OrderStatus
from assistant.kernel.redact import redacted
from assistant.services.ports import NotificationFailed, ShopperNotifier
from assistant.services.unit_of_work import UnitOfWork
from assistant.services.views import OrderView

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 20  # outbox passes before a step is given up (logged as an error)


def advance_order(uow: UnitOfWork, number: str, step: OrderStatus) -> OrderView:
    """The merchant's `assistant orders advance`: IllegalTransition for a step back, a
    non-meal order or an unpaid one; asking twice for the same step changes nothing."""
    with uow:
        order = uow.orders.numbered(number, owner=None, lock=True)
        if order is None:
            raise UnknownOrder(f"no order {number!r}", order=number)
        order.advance(step)
        uow.commit()
        return OrderView.of(order)


def tell_step(uow: UnitOfWork, notifier: ShopperNotifier, order_id: int) -> bool:
    """One outbox attempt for one order; True once its current step is told."""
    with uow:
        order = uow.orders.get(order_id)
        if order is None:
            return False
        if not order.step_due:
            return order.step_told == order.status
        conversation_id, number, step = order.conversation_id, order.number, order.status
    # No transaction is open during the call: Rasa's action reads this order.
    try:
        notifier.order_update(conversation_id, number, str(step))
        error = None
    except NotificationFailed as failure:
        error = failure
    with uow:
        stored = uow.orders.get(order_id, lock=True)
        assert stored is not None
        if error is None:
            stored.mark_step_told(step)
            uow.commit()
            log.info("order %s: shopper told it is %s", number, step)
            return True
        attempts = stored.record_step_failure()
        uow.commit()
    level = logging.ERROR if attempts >= MAX_ATTEMPTS else logging.WARNING
    log.log(
        level,
        "order %s: step %s not told (attempt %d): %s",
        number,
        step,
        attempts,
        redacted(str(error)),
    )
    return False


def tell_pending_steps(uow: UnitOfWork, notifier: ShopperNotifier, limit: int = 50) -> int:
    """Retry the outbox: kitchen steps not told yet; returns how many were told."""
    with uow:
        pending = uow.orders.step_due_ids(MAX_ATTEMPTS, limit)
    return sum(tell_step(uow, notifier, order_id) for order_id in pending)
