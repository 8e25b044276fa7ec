"""Property test: the order state machine only moves forward, whatever it is asked."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from assistant.commerce.errors import IllegalTransition
from assistant.commerce.order import TRANSITIONS, Order, OrderStatus

RANK = {
    OrderStatus.PENDING_PAYMENT: 0,
    OrderStatus.PAID: 1,
    OrderStatus.CANCELLED: 1,
    OrderStatus.EXPIRED: 1,
    OrderStatus.FULFILLED: 2,
    OrderStatus.REFUNDED: 3,
}


@given(st.lists(st.sampled_from(list(OrderStatus)), max_size=12))
def test_transitions_only_move_forward(targets: list[OrderStatus]) -> None:
    order = Order(id=1, conversation_id="p", currency="EUR", total_minor=100)
    for target in targets:
        before = order.status
        try:
            # The order's one transition rule; its public methods (record_payment, end_unpaid,
            # record_refund...) all move through it, and no public one leads to FULFILLED.
            moved = order._move_to(target)
        except IllegalTransition:
            assert target != before and target not in TRANSITIONS[before]
            assert order.status == before  # a refusal changes nothing
            continue
        assert moved == (target != before)
        assert RANK[order.status] >= RANK[before]
    assert (order.paid_at is not None) == (
        order.status in {OrderStatus.PAID, OrderStatus.FULFILLED, OrderStatus.REFUNDED}
    )
