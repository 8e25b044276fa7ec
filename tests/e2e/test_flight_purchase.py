"""A plane ticket bought in the chat, through the Messenger connector inside the real Rasa
server (Graph API = the sandbox), paid on the Stripe sandbox, in English and in French."""

from __future__ import annotations

import json
import re

from assistant.commerce.order import Order
from assistant.kernel.database import session_scope
from catalog.flights.seats import fares_by_code
from testkit.sandbox_checkout import accept_payment_link, pay_and_get_receipt
from testkit.sandbox_shopper import Shopper, template
from testkit.stack import Stack

LOCATOR = re.compile(r"[A-Z2-9]{6}")


def buy_a_flight(
    stack: Stack,
    request: str,
    route: str,
    names: str,
    checkout: str,
    asks_names: str,
) -> tuple[Order, dict]:
    """From the request to the receipt; the paid order and the receipt template."""
    shopper = Shopper(stack)
    shopper.act("text", request)
    cards = template(shopper.next_replies('"generic"'), "generic")["elements"]
    assert 1 <= len(cards) <= 5
    assert all(route in card["subtitle"] for card in cards), cards
    choose = cards[0]["buttons"][0]
    assert choose["payload"].startswith("/choose_flight")
    fare = json.loads(choose["payload"].removeprefix("/choose_flight"))["fare"]
    with session_scope(stack.settings.database_url) as session:
        seats_before = fares_by_code(session, [fare])[0].seats

    shopper.act("postback", choose["title"], choose["payload"])
    shopper.next_replies(asks_names)
    shopper.act("text", names)
    shopper.next_replies(fare.split("-")[0])  # the booking line names the flight

    shopper.act("text", checkout)
    shopper.next_replies("/affirm")
    link = accept_payment_link(stack, shopper)
    assert [(line.sku, line.kind) for line in link.order.lines] == [(fare, "flight")]
    passengers = link.order.lines[0].quantity
    with session_scope(stack.settings.database_url) as session:
        # The seats are held for the payment window, like stock.
        assert fares_by_code(session, [fare])[0].seats == seats_before - passengers
    paid = pay_and_get_receipt(stack, shopper, link)
    return paid.order, paid.payload


def test_a_return_less_flight_for_two_in_english(stack: Stack) -> None:
    order, receipt = buy_a_flight(
        stack,
        "I need a one-way flight from Lisbon to London tomorrow for 2 people",
        " LIS → L",
        "Ann Lee and Bo Chen",
        "checkout",
        "Who is travelling",
    )
    (element,) = receipt["elements"]
    assert element["quantity"] == 2
    reference, names = element["subtitle"].removeprefix("Booking ").split(" · ")
    assert LOCATOR.fullmatch(reference) and names == "Ann Lee, Bo Chen"
    assert order.language == "en"


def test_un_aller_simple_pour_une_personne_en_francais(stack: Stack) -> None:
    order, receipt = buy_a_flight(
        stack,
        "je voudrais un aller simple de Genève à Lisbonne demain, je suis seul",
        " GVA → LIS",
        "Marie Dupont",
        "je veux payer",
        "Qui voyage",
    )
    (element,) = receipt["elements"]
    assert element["quantity"] == 1
    assert element["subtitle"].startswith("Réservation ") and "Marie Dupont" in element["subtitle"]
    assert order.language == "fr"
