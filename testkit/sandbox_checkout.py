"""The end of every purchase on the Messenger sandbox: the shopper says yes to the payment
link, pays on the Stripe sandbox, and the receipt template comes back to the chat. The
database is checked at each step: one order `pending_payment`, then `paid`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx
from sqlmodel import select

from assistant.commerce.order import Order, OrderStatus
from assistant.kernel.database import session_scope
from testkit.net import wait_for
from testkit.sandbox_shopper import Shopper, template
from testkit.stack import Stack


@dataclass(frozen=True)
class PaymentLink:
    url: str
    order: Order  # as it stood when the link was sent, its lines loaded


@dataclass(frozen=True)
class Receipt:
    order: Order  # paid
    payload: dict[str, Any]  # the receipt template's payload
    sent: list[dict[str, Any]]  # every Send API body since the link, the receipt's included


def accept_payment_link(stack: Stack, shopper: Shopper) -> PaymentLink:
    """Tap "Yes" on "shall I send you the payment link?"; the link and the shopper's one order,
    awaiting payment."""
    shopper.act("postback", "Yes", "/affirm")
    [pay] = template(shopper.next_replies('"web_url"'), "button")["buttons"]
    assert pay["url"].startswith(stack.stripe_url + "/pay/cs_test_"), pay
    with session_scope(stack.settings.database_url) as session:
        order = session.exec(select(Order).where(Order.conversation_id == shopper.psid)).one()
        assert order.status == OrderStatus.PENDING_PAYMENT
        assert order.lines  # loaded now: the caller reads them after the session closed
    return PaymentLink(pay["url"], order)


def pay_and_get_receipt(stack: Stack, shopper: Shopper, link: PaymentLink) -> Receipt:
    """Pay on the Stripe sandbox page (it sends the signed webhook); the receipt template the
    bot then sends by itself, for the paid order and its total."""
    assert httpx.post(f"{link.url}/pay", timeout=30).status_code in {302, 303}

    def paid() -> Order | None:
        with session_scope(stack.settings.database_url) as session:
            stored = session.get(Order, link.order.id)
            assert stored is not None
            if stored.status != OrderStatus.PAID:
                return None
            assert stored.lines
            return stored

    order = wait_for(paid, timeout=30)
    sent = shopper.next_replies('"receipt"')
    receipt = template(sent, "receipt")
    assert receipt["order_number"] == order.number
    assert round(receipt["summary"]["total_cost"] * 100) == order.total_minor
    return Receipt(order, receipt, sent)
