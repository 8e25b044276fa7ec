"""Property test: the order state machine only moves forward, whatever it is asked."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.commerce.errors import IllegalTransition
from assistant.commerce.items import LineKind
from assistant.commerce.order import PAID_FOR, TRANSITIONS, Order, OrderLine, OrderStatus

RANK = {
    OrderStatus.PENDING_PAYMENT: 0,
    OrderStatus.PAID: 1,
    OrderStatus.CANCELLED: 1,
    OrderStatus.EXPIRED: 1,
    OrderStatus.FULFILLED: 2,
    OrderStatus.PREPARING: 2,  # a meal's kitchen steps, beside FULFILLED (goods)
    OrderStatus.OUT_FOR_DELIVERY: 3,
    OrderStatus.DELIVERED: 4,
    OrderStatus.REFUNDED: 5,
}


# No deadline: the rules are tested, not their speed (a busy shared core took 324 ms once).
@settings(deadline=None)
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
    assert (order.paid_at is not None) == (order.status in PAID_FOR | {OrderStatus.REFUNDED})


def _order(kind: LineKind) -> Order:
    order = Order(id=7, conversation_id="p", currency="EUR", total_minor=1000)
    order.lines.append(
        OrderLine(kind=kind, sku="PIZZA-REINE", title="Reine", quantity=1, unit_price_minor=1000)
    )
    order._move_to(OrderStatus.PAID)
    return order


def test_a_paid_meal_moves_through_the_kitchen_and_can_still_be_refunded() -> None:
    order = _order(LineKind.MEAL)
    assert order.advance(OrderStatus.PREPARING) and order.step_due
    assert not order.advance(OrderStatus.PREPARING)  # asked twice: nothing changes
    order.mark_step_told(OrderStatus.PREPARING)
    assert not order.step_due
    assert order.advance(OrderStatus.OUT_FOR_DELIVERY) and order.step_due
    with pytest.raises(IllegalTransition):
        order.advance(OrderStatus.PREPARING)  # no step back
    assert order.advance(OrderStatus.DELIVERED) and order.is_paid_for
    order.record_refund(1000)
    assert order.status == OrderStatus.REFUNDED


def test_goods_and_unpaid_meals_have_no_kitchen_steps() -> None:
    with pytest.raises(IllegalTransition):
        _order(LineKind.PRODUCT).advance(OrderStatus.PREPARING)
    unpaid = Order(id=8, conversation_id="p", currency="EUR", total_minor=1000)
    unpaid.lines.append(OrderLine(kind=LineKind.MEAL, sku="X", title="X", quantity=1,
                                  unit_price_minor=1000))  # fmt: skip
    with pytest.raises(IllegalTransition):
        unpaid.advance(OrderStatus.PREPARING)
    with pytest.raises(IllegalTransition):
        _order(LineKind.MEAL).advance(OrderStatus.PAID)  # not a kitchen step
