"""The receipt payload the bot sends after payment (Messenger receipt template)."""

from __future__ import annotations

from assistant.commerce.carts import add_to_cart
from assistant.commerce.models import OrderStatus
from assistant.commerce.orders import order_by_number, place_order, transition
from assistant.commerce.receipts import build_receipt
from assistant.db import session_scope
from assistant.money import format_money


def test_receipt_lists_what_was_paid_in_the_orders_language(demo_db: str) -> None:
    with session_scope(demo_db) as session:
        add_to_cart(session, "r1", "TS-CLASSIC-RED-M", 2)
        add_to_cart(session, "r1", "TS-CLASSIC-RED-S")
        order = place_order(session, "r1", language="fr")
        transition(order, OrderStatus.PAID)
        assert order_by_number(session, order.number) is order
        receipt = build_receipt(session, order, "https://shop.example")
        lines = [(line.title, line.quantity, line.unit_price_minor) for line in order.lines]

    payload = receipt.payload
    assert receipt.total == format_money(order.total_minor, order.currency, "fr")
    assert "€" in receipt.total and "," in receipt.total  # French: "44,97 €"
    assert payload["template_type"] == "receipt" and payload["recipient_name"] == "Client"
    assert payload["order_number"] == order.number and payload["currency"] == "EUR"
    assert payload["timestamp"] == str(int(order.paid_at.timestamp()))
    assert payload["order_url"].startswith("https://shop.example/checkout/success")
    # Messenger's `price` is the line's amount in major units; the summary adds up to the total.
    assert [(e["title"], e["quantity"], round(e["price"] * 100)) for e in payload["elements"]] == [
        (title, quantity, quantity * unit) for title, quantity, unit in lines
    ]
    assert round(payload["summary"]["total_cost"] * 100) == order.total_minor
    assert all(e["subtitle"] == "red, M" or e["subtitle"] == "red, S" for e in payload["elements"])
    assert all(e["image_url"].startswith("https://") for e in payload["elements"])


def test_unknown_order_numbers_find_nothing(demo_db: str) -> None:
    with session_scope(demo_db) as session:
        assert order_by_number(session, "ORD-0404") is None
        assert order_by_number(session, "nonsense") is None
