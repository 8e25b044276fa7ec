"""The receipt payload the bot sends after payment (Messenger receipt template)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.receipt import ActionSendReceipt
from assistant.commerce.order import OrderStatus, PaymentVerdict
from assistant.kernel.money import format_money
from assistant.kernel.settings import get_settings
from assistant.services.carts import add_to_cart
from assistant.services.checkout import place_order
from assistant.services.unit_of_work import UnitOfWork
from assistant.services.views import OrderView


@pytest.fixture
def action_settings(monkeypatch: pytest.MonkeyPatch, demo_db: str) -> Iterator[None]:
    """The action server's settings: the test database, a shop at https://shop.example."""
    monkeypatch.setenv("ASSISTANT_DATABASE_URL", demo_db)
    monkeypatch.setenv("ASSISTANT_SHOP_URL", "https://shop.example")
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def send_receipt_action(conversation_id: str, number: str) -> list[dict[str, Any]]:
    """Run `action_send_receipt` as Rasa does on the `payment_received` trigger."""
    tracker = Tracker(
        sender_id=conversation_id,
        slots={"language": "fr"},
        latest_message={
            "intent": {"name": "payment_received"},
            "entities": [{"entity": "order_id", "value": number}],
            "text": "",
        },
        events=[],
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="action_listen",
    )
    dispatcher = CollectingDispatcher()
    ActionSendReceipt().run(dispatcher, tracker, {})
    return dispatcher.messages


def test_receipt_lists_what_was_paid_in_the_orders_language(
    demo_db: str, action_settings: None
) -> None:
    uow = UnitOfWork(demo_db)
    add_to_cart(uow, "r1", "TS-CLASSIC-RED-M", 2)
    add_to_cart(uow, "r1", "TS-CLASSIC-RED-S")
    placed = place_order(uow, "r1", language="fr")
    with uow:
        stored = uow.orders.get(placed.id, lock=True)
        assert stored is not None
        verdict = stored.record_payment(stored.total_minor, stored.currency, "pi_receipt")
        assert verdict == PaymentVerdict.PAID and stored.status == OrderStatus.PAID
        assert uow.orders.numbered(stored.number, owner=None) is stored
        uow.commit()
        order = OrderView.of(stored)
    lines = [(line.title, line.quantity, line.unit_price_minor) for line in order.lines]

    said, sent = send_receipt_action("r1", order.number)
    total = said["total"]
    payload = sent["custom"]["receipt"]
    assert said["response"] == "utter_payment_received" and said["order"] == order.number
    assert total == format_money(order.total_minor, order.currency, "fr")
    assert "€" in total and "," in total  # French: "44,97 €"
    assert payload["template_type"] == "receipt" and payload["recipient_name"] == "Client"
    assert payload["order_number"] == order.number and payload["currency"] == "EUR"
    assert order.paid_at is not None
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
    with UnitOfWork(demo_db) as uow:
        assert uow.orders.numbered("ORD-0404", owner=None) is None
        assert uow.orders.numbered("nonsense", owner=None) is None
