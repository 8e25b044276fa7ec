"""Shopping through the Messenger connector inside the real Rasa server, Graph API = the sandbox."""

from __future__ import annotations

import json
import uuid

import httpx

from assistant.channels.signature import sign
from assistant.kernel.settings import SANDBOX_MESSENGER_APP_SECRET, SANDBOX_MESSENGER_PAGE_ID
from assistant.stack import local
from testkit.messenger import page_body, text_item
from testkit.net import wait_for
from testkit.sandbox_checkout import accept_payment_link, pay_and_get_receipt
from testkit.sandbox_shopper import Shopper, template
from testkit.stack import Stack


def test_search_add_checkout_pay_and_a_bot_initiated_message(stack: Stack) -> None:
    shopper = Shopper(stack)
    shopper.act("postback", "Get Started", "/greet")
    shopper.next_replies("shop assistant")

    shopper.act("text", "I'm looking for a red t-shirt")
    carousel = template(shopper.next_replies('"generic"'), "generic")
    elements = carousel["elements"]
    assert 1 <= len(elements) <= 10
    assert all("€" in element["subtitle"] and len(element["buttons"]) <= 3 for element in elements)
    add = elements[0]["buttons"][0]
    assert add["type"] == "postback" and add["payload"].startswith("/add_to_cart")

    shopper.act("postback", add["title"], add["payload"])
    # The card names a product with several sizes: the bot asks which, it never picks one.
    question = template(shopper.next_replies('"template_type": "button"'), "button")
    size = question["buttons"][0]
    assert size["payload"].startswith("/add_to_cart")
    shopper.act("postback", size["title"], size["payload"])
    # the confirmation, with its "Checkout" button, is a button template
    replies = shopper.next_replies("× " + elements[0]["title"])
    added = replies[-1]["message"]["attachment"]["payload"]
    assert added["template_type"] == "button" and "€" in added["text"]
    assert added["buttons"][-1]["payload"] == "/checkout"

    shopper.act("text", "checkout")
    confirmation = shopper.next_replies("/affirm")  # the cart, then "shall I send the link?"
    assert "€" in json.dumps(confirmation, ensure_ascii=False)
    link = accept_payment_link(stack, shopper)
    assert [line.title for line in link.order.lines] == [elements[0]["title"]]

    # The bot starts the next message itself: the web app's webhook triggers Rasa, whose
    # output channel "latest" is Messenger, so the receipt template reaches the shopper.
    sent = pay_and_get_receipt(stack, shopper, link).sent
    assert all(
        (body["messaging_type"], body.get("tag")) == ("MESSAGE_TAG", "POST_PURCHASE_UPDATE")
        for body in sent
        if "message" in body
    )


def test_unsigned_and_wrongly_signed_webhooks_reach_nothing(stack: Stack) -> None:
    psid = f"e2e-intruder-{uuid.uuid4().hex[:8]}"
    # For the page the stack's connector serves (the sandbox's): other pages are ignored.
    said = text_item(psid, "I'm looking for a red t-shirt", f"m-{psid}")
    body = page_body(said, page=SANDBOX_MESSENGER_PAGE_ID)
    webhook = f"{stack.rasa_url}/webhooks/messenger/webhook"
    headers = {"Content-Type": "application/json"}
    assert httpx.post(webhook, content=body, headers=headers).status_code == 403
    forged = {**headers, "X-Hub-Signature-256": sign("guessed-secret", body)}
    assert httpx.post(webhook, content=body, headers=forged).status_code == 403
    tracker = httpx.get(
        f"{stack.rasa_url}/conversations/{psid}/tracker",
        params={"token": stack.settings.rasa_token.get_secret_value()},
    ).json()
    assert [e for e in tracker["events"] if e["event"] == "user"] == []
    # The same body correctly signed goes through: the refusals above were about the signature.
    signed = {**headers, "X-Hub-Signature-256": sign(SANDBOX_MESSENGER_APP_SECRET, body)}
    assert httpx.post(webhook, content=body, headers=signed).status_code == 200
    web = local(stack.ports.web)
    wait_for(
        lambda: httpx.get(f"{web}/sandbox/api/messages", params={"psid": psid}).json(), timeout=60
    )
