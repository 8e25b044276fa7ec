"""The first path through the product, over Rasa's REST channel, with every part real."""

from __future__ import annotations

import json
import re
import uuid

import httpx
import stripe
from sqlmodel import select

from assistant.commerce.order import Order, OrderStatus
from assistant.kernel.database import session_scope
from catalog.models import Product, Variant
from testkit.net import wait_for
from testkit.stack import Stack

PRICE = re.compile(r"€\d+\.\d{2}")


def texts(replies: list[dict]) -> str:
    return "\n".join(reply.get("text", "") for reply in replies)


def add_buttons(replies: list[dict]) -> list[dict]:
    return [
        button
        for reply in replies
        for button in reply.get("buttons") or []
        if button.get("payload", "").startswith("/add_to_cart")
    ]


def test_greet_search_add_checkout_pay(stack: Stack) -> None:
    shopper = f"e2e-{uuid.uuid4().hex[:8]}"

    greeting = texts(stack.say(shopper, "hi"))
    assert "clothing" in greeting and "shoes" in greeting

    results = stack.say(shopper, "I'm looking for a red t-shirt")
    shown = texts(results)
    buttons = add_buttons(results)
    assert buttons, f"no add-to-cart buttons in {results}"
    skus = [json.loads(button["payload"].removeprefix("/add_to_cart"))["sku"] for button in buttons]
    with session_scope(stack.settings.database_url) as session:
        for sku in skus:
            variant = session.exec(select(Variant).where(Variant.sku == sku)).one()
            product = session.get(Product, variant.product_id)
            assert variant.color == "red" and "t-shirt" in product.title.lower()
            assert product.title in shown  # each product is shown with its title...
        first_title = session.get(
            Product,
            session.exec(select(Variant).where(Variant.sku == skus[0])).one().product_id,
        ).title
    assert len(PRICE.findall(shown)) >= len(skus)  # ...and a price

    # The t-shirt comes in several sizes: the bot asks which, with one quick reply per size.
    question = stack.say(shopper, "add the first one to my cart")
    assert "Which size" in texts(question), question
    sizes = {
        json.loads(b["payload"].removeprefix("/add_to_cart"))["sku"]: b
        for b in add_buttons(question)
    }
    assert skus[0] in sizes, (skus[0], list(sizes))
    added = texts(stack.say(shopper, sizes[skus[0]]["payload"]))
    assert f"1 × {first_title}" in added
    assert PRICE.search(added)

    # Checkout shows the cart and asks first; the payment link comes after "yes".
    confirm = texts(stack.say(shopper, "checkout"))
    assert first_title in confirm and "payment link?" in confirm
    checkout = texts(stack.say(shopper, "yes"))
    url = re.search(rf"{re.escape(stack.stripe_url)}/pay/(cs_test_\w+)", checkout)
    assert url, checkout
    with session_scope(stack.settings.database_url) as session:
        order = session.exec(select(Order).where(Order.conversation_id == shopper)).one()
        assert order.status == OrderStatus.PENDING_PAYMENT
        assert order.stripe_session_id == url.group(1)
        assert [line.sku for line in order.lines] == [skus[0]]
    assert order.number in checkout

    # The session really exists at the (sandbox) Stripe API, with our order's amount.
    client = stripe.StripeClient("sk_test_e2e", base_addresses={"api": stack.stripe_url})
    session_object = client.v1.checkout.sessions.retrieve(url.group(1))
    assert session_object.amount_total == order.total_minor
    assert session_object.currency == "eur"
    assert session_object.metadata["order_id"] == str(order.id)

    # Paying on the sandbox page sends a signed webhook; the web app marks the order paid.
    with httpx.Client(follow_redirects=False, timeout=30) as browser:
        page = browser.get(url.group(0))
        assert page.status_code == 200
        paid = browser.post(f"{url.group(0)}/pay")
        assert paid.status_code in {302, 303}

    def order_paid() -> bool:
        with session_scope(stack.settings.database_url) as session:
            return session.get(Order, order.id).status == OrderStatus.PAID

    wait_for(order_paid, timeout=30)

    # The receipt reaches the conversation: the web app triggers `payment_received` through
    # Rasa's HTTP API; the REST channel cannot be pushed to, so read the conversation's tracker.
    def receipt_events() -> list[dict]:
        tracker = httpx.get(
            f"{stack.rasa_url}/conversations/{shopper}/tracker",
            params={"token": stack.settings.rasa_token.get_secret_value()},
            timeout=30,
        ).json()
        said = [e for e in tracker["events"] if e.get("event") in {"user", "bot"}]
        starts = [i for i, e in enumerate(said) if e["event"] == "user"]
        after_trigger = said[starts[-1] :]
        external = after_trigger[0]["metadata"].get("is_external")
        return after_trigger[:3] if external and len(after_trigger) >= 3 else []

    trigger, text, receipt = wait_for(receipt_events, timeout=60)
    assert trigger["parse_data"]["intent"]["name"] == "payment_received"
    assert trigger["parse_data"]["entities"][0]["value"] == order.number
    assert order.number in text["text"] and "Payment received" in text["text"]
    assert PRICE.search(text["text"])
    payload = receipt["data"]["custom"]["receipt"]
    assert payload["template_type"] == "receipt" and payload["order_number"] == order.number
    assert [e["quantity"] for e in payload["elements"]] == [1]
    assert round(payload["summary"]["total_cost"] * 100) == order.total_minor


def test_gibberish_gets_a_polite_fallback(stack: Stack) -> None:
    replies = stack.say(f"e2e-{uuid.uuid4().hex[:8]}", "blorf zzzk qqq wibble")
    assert replies, "the bot stayed silent"
    assert "didn't understand" in texts(replies) or "only help with shopping" in texts(replies)
