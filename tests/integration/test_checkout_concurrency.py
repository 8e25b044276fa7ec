"""20 shoppers race for the last 5 units, with real threads on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

from sqlmodel import select

from assistant.commerce.errors import OutOfStock
from assistant.commerce.order import Order, OrderStatus
from assistant.kernel.database import session_scope
from assistant.services.checkout import CheckoutResult
from testkit.net import wait_for
from testkit.shop import LAST_UNITS_SKU, Shop

SHOPPERS = 20


def test_twenty_shoppers_five_units_exactly_five_paid(shop: Shop) -> None:
    units = shop.stock()
    assert units == 5, "the demo catalog's last-units variant changed"
    shoppers = [f"race-{n:02d}" for n in range(SHOPPERS)]
    for shopper in shoppers:
        shop.buy(shopper)  # every cart holds one: stock is checked for real at checkout
    start = threading.Barrier(SHOPPERS)

    def race(shopper: str) -> CheckoutResult | OutOfStock:
        start.wait(timeout=30)  # all threads hit checkout together
        try:
            return shop.checkout(shopper)
        except OutOfStock as refusal:
            return refusal

    with ThreadPoolExecutor(SHOPPERS) as pool:
        outcomes = list(pool.map(race, shoppers))
    won = [o for o in outcomes if isinstance(o, CheckoutResult)]
    lost = [o for o in outcomes if isinstance(o, OutOfStock)]
    assert (len(won), len(lost)) == (units, SHOPPERS - units)
    assert shop.stock() == 0

    with ThreadPoolExecutor(units) as pool:  # the winners pay at the same time
        list(pool.map(lambda result: shop.pay(result.checkout_url), won))

    def paid() -> int:
        with session_scope(shop.db) as session:
            return len(session.exec(select(Order).where(Order.status == OrderStatus.PAID)).all())

    wait_for(lambda: paid() == units, timeout=60)
    with session_scope(shop.db) as session:
        orders = session.exec(select(Order)).all()
        sold = [(line.sku, line.quantity) for order in orders for line in order.lines]
        owners = {order.id: order.conversation_id for order in orders}
    assert sold == [(LAST_UNITS_SKU, 1)] * units  # no oversell, no stray or doubled order
    assert sorted(owners) == sorted(result.order.id for result in won)
    assert len(set(owners.values())) == units  # five different shoppers
    assert shop.stock() == 0
