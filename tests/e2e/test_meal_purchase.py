"""A meal bought in the chat, through the Messenger connector inside the real Rasa server (Graph
API = the sandbox): dishes with options, the delivery form, the fee, the Stripe sandbox, the
receipt and a kitchen step, in English and in French."""

from __future__ import annotations

import pytest

from assistant.bootstrap import shopper_notifier
from assistant.commerce.items import LineKind
from assistant.commerce.order import OrderStatus
from assistant.services.kitchen import advance_order, tell_step
from assistant.services.unit_of_work import UnitOfWork
from testkit.sandbox_checkout import accept_payment_link, pay_and_get_receipt
from testkit.sandbox_shopper import Shopper
from testkit.stack import Stack


@pytest.mark.parametrize(
    ("order_text", "delivery_text", "phone_text", "checkout_text", "added", "asks_phone"),
    [
        (
            "2 margheritas, one with extra cheese, and a coke",
            "deliver to 12 rue Oberkampf 75011 tomorrow at 8pm",
            "my number is 06 12 34 56 78",
            "checkout",
            "Added to your order",
            "phone number",
        ),
        (
            "deux margheritas dont une avec supplément fromage, et un coca",
            "livraison au 12 rue Oberkampf 75011 demain à 20h",
            "mon numéro : 06 12 34 56 78",
            "je veux payer",
            "ajouté à votre commande",
            "numéro de téléphone",
        ),
    ],
)
def test_a_pizza_order_delivered_tomorrow_evening(
    stack: Stack,
    order_text: str,
    delivery_text: str,
    phone_text: str,
    checkout_text: str,
    added: str,
    asks_phone: str,
) -> None:
    shopper = Shopper(stack)
    shopper.act("text", order_text)
    shopper.next_replies(added)

    shopper.act("text", checkout_text)
    shopper.next_replies("/give_delivery_details")  # delivery or pickup?
    shopper.act("text", delivery_text)
    shopper.next_replies(asks_phone)
    shopper.act("text", phone_text)
    confirmation = shopper.next_replies("/affirm")
    assert "Oberkampf" in str(confirmation)

    link = accept_payment_link(stack, shopper)
    order = link.order
    kinds = sorted(line.kind for line in order.lines)
    assert kinds == sorted(["meal", "meal", "meal", "fee"]), kinds
    pizzas = [line for line in order.lines if line.sku == "PIZZA-MARGHERITA"]
    assert len({line.unit_price_minor for line in pizzas}) == 2  # extra cheese costs more
    assert order.delivery_postcode == "75011" and order.delivery_phone == "+33612345678"

    receipt = pay_and_get_receipt(stack, shopper, link).payload
    fee_lines = [line for line in order.lines if line.kind == LineKind.FEE]
    assert round(receipt["summary"]["shipping_cost"] * 100) == fee_lines[0].unit_price_minor
    assert any("Oberkampf" in element["subtitle"] for element in receipt["elements"])

    # The kitchen moves the order on; the shopper is told in Messenger, outside the 24-hour
    # window too (the POST_PURCHASE_UPDATE tag), by the same path as the receipt.
    uow = UnitOfWork(stack.settings.database_url)
    advance_order(uow, order.number, OrderStatus.PREPARING)
    notifier = shopper_notifier(stack.settings.model_copy(update={"rasa_url": stack.rasa_url}))
    assert tell_step(uow, notifier, order.id)
    update = shopper.next_replies(order.number)
    assert update[-1]["messaging_type"] == "MESSAGE_TAG"
    assert update[-1]["tag"] == "POST_PURCHASE_UPDATE"
