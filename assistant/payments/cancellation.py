"""A shopper cancels an order from the chat: unpaid orders close their Stripe session first."""

from __future__ import annotations

from assistant.commerce.errors import UnknownOrder
from assistant.commerce.models import OrderStatus
from assistant.commerce.orders import cancel_order, find_order
from assistant.db import session_scope
from assistant.payments.expiry import close_unpaid_order
from assistant.payments.gateway import stripe_client
from assistant.settings import Settings


def cancel_for_shopper(settings: Settings, conversation_id: str, order_number: str) -> OrderStatus:
    """Cancel the conversation's order; returns its state afterwards.

    An unpaid order is closed through Stripe first, so its payment link can no longer be paid;
    a paid one (or one whose payment completed meanwhile) is flagged for the merchant to refund.
    Raises UnknownOrder, IllegalTransition, or PaymentProviderError when Stripe is unreachable.
    """
    with session_scope(settings.database_url) as session:
        order = find_order(session, order_number, conversation_id)
        if order is None:
            raise UnknownOrder(
                f"no order {order_number!r} in this conversation", order=order_number
            )
        if order.status != OrderStatus.PENDING_PAYMENT:
            return cancel_order(session, order_number, conversation_id).status
        order_id = order.id
    assert order_id is not None
    status = close_unpaid_order(
        settings.database_url, stripe_client(settings), order_id, OrderStatus.CANCELLED
    )
    if status == OrderStatus.PAID:
        with session_scope(settings.database_url) as session:
            return cancel_order(session, order_number, conversation_id).status
    return status
