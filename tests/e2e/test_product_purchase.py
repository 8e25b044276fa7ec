"""A t-shirt and a laptop bought in the chat, through the Messenger connector inside the real
Rasa server (Graph API = the sandbox), paid on the Stripe sandbox, in English and in French:
greeting, a search in the shopper's words, a card of the carousel, the size question, the cart,
checkout, payment and the receipt."""

from __future__ import annotations

import json
from dataclasses import dataclass

import pytest
from sqlmodel import select

from assistant.commerce.items import LineKind
from assistant.kernel.database import session_scope
from catalog.models import Product, Variant
from testkit.sandbox_checkout import accept_payment_link, pay_and_get_receipt
from testkit.sandbox_shopper import Shopper, template
from testkit.stack import Stack


@dataclass(frozen=True)
class Words:
    """What the shopper types and what the bot says back, in one language."""

    language: str
    greeting: str
    greeted: str
    checkout: str
    asks_size: str
    asks_version: str  # a size that is a capacity (a laptop's 512GB / 1TB)
    added: str
    paid: str


ENGLISH = Words(
    "en",
    "hi",
    "I'm the shop assistant",
    "checkout",
    "Which size",
    "Which version",
    "to your cart",
    "Payment received",
)
FRENCH = Words(
    "fr",
    "bonjour",
    "Je suis l'assistant de la boutique",
    "je veux payer",
    "Quelle taille",
    "Quelle version",
    "à votre panier",
    "Paiement reçu",
)


@dataclass(frozen=True)
class Wanted:
    """The search and what every card it brings must be."""

    search: str
    product_type: str  # the catalog's product_type of every card
    color: str
    asks: str = "size"  # which question the bot asks: "size" or "version"


def sku_of(button: dict) -> str:
    return json.loads(button["payload"].removeprefix("/add_to_cart"))["sku"]


def variant(stack: Stack, sku: str) -> tuple[Variant, Product]:
    with session_scope(stack.settings.database_url) as session:
        found = session.exec(select(Variant).where(Variant.sku == sku)).one()
        return found, found.product


def buy(stack: Stack, words: Words, wanted: Wanted) -> None:
    shopper = Shopper(stack)
    shopper.act("text", words.greeting)
    shopper.next_replies(words.greeted)

    shopper.act("text", wanted.search)
    cards = template(shopper.next_replies('"generic"'), "generic")["elements"]
    assert 1 <= len(cards) <= 10
    for card in cards:
        shown, product = variant(stack, sku_of(card["buttons"][0]))
        assert product.product_type == wanted.product_type, (card, product)
        assert shown.color == wanted.color and product.title == card["title"], (card, shown)
        assert "€" in card["subtitle"]
    add = cards[0]["buttons"][0]
    assert add["type"] == "postback" and add["payload"].startswith("/add_to_cart")

    # The card names a product that comes in several sizes: the bot asks which, in the
    # shopper's language, one button per size of the colour searched for.
    shopper.act("postback", add["title"], add["payload"])
    question = template(shopper.next_replies('"template_type": "button"'), "button")
    assert question["text"].startswith(getattr(words, f"asks_{wanted.asks}")), question
    sizes = [variant(stack, sku_of(button))[0] for button in question["buttons"]]
    assert len(sizes) >= 2 and {size.color for size in sizes} == {wanted.color}, sizes
    assert len({size.size for size in sizes}) == len(sizes), sizes
    chosen = sizes[-1]
    size_button = question["buttons"][-1]
    shopper.act("postback", size_button["title"], size_button["payload"])
    # the confirmation comes with the way to pay, as a button template's text and button
    confirmed = template(shopper.next_replies(f"1 × {cards[0]['title']}"), "button")
    added = confirmed["text"]
    assert words.added in added and "€" in added, added
    assert [button["payload"] for button in confirmed["buttons"]] == ["/checkout"], confirmed

    shopper.act("text", words.checkout)
    confirmation = json.dumps(shopper.next_replies("/affirm"), ensure_ascii=False)
    assert cards[0]["title"] in confirmation and "€" in confirmation, confirmation

    link = accept_payment_link(stack, shopper)
    order = link.order
    assert [(line.sku, line.kind, line.quantity) for line in order.lines] == [
        (chosen.sku, LineKind.PRODUCT, 1)
    ]
    assert order.total_minor == chosen.effective_price_minor
    assert order.language == words.language

    paid = pay_and_get_receipt(stack, shopper, link)
    (element,) = paid.payload["elements"]
    assert (element["title"], element["quantity"]) == (cards[0]["title"], 1)
    assert element["subtitle"] == f"{chosen.color}, {chosen.size}"
    assert round(element["price"] * 100) == chosen.effective_price_minor
    said = [body["message"].get("text", "") for body in paid.sent if "message" in body]
    assert any(text.startswith(words.paid) and order.number in text for text in said), said


T_SHIRTS = "Clothing > T-Shirts"
LAPTOPS = "Electronics > Laptops"


@pytest.mark.parametrize(
    ("words", "wanted"),
    [
        (ENGLISH, Wanted("I'd like a black t-shirt", T_SHIRTS, "black")),
        (FRENCH, Wanted("je cherche un t-shirt noir", T_SHIRTS, "black")),
        (ENGLISH, Wanted("I'm looking for a grey laptop", LAPTOPS, "grey", "version")),
        (FRENCH, Wanted("je cherche un ordinateur portable gris", LAPTOPS, "grey", "version")),
    ],
    ids=["t-shirt-en", "t-shirt-fr", "laptop-en", "laptop-fr"],
)
def test_from_greeting_to_receipt(stack: Stack, words: Words, wanted: Wanted) -> None:
    buy(stack, words, wanted)
