"""The Stripe sandbox driven through the real stripe-python client, as the action server does."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any

import pytest
import stripe

from testkit.net import LOOPBACK, wait_for
from testkit.stripe import Sandbox, WebhookReceiver

SUCCESS_URL = "https://shop.example/checkout/success?session_id={CHECKOUT_SESSION_ID}"
CANCEL_URL = "https://shop.example/checkout/cancelled"


def session_params(**overrides: Any) -> dict[str, Any]:
    params: dict[str, Any] = {
        "mode": "payment",
        "success_url": SUCCESS_URL,
        "cancel_url": CANCEL_URL,
        "client_reference_id": "cart_42",
        "customer_email": "shopper@example.com",
        "locale": "fr",
        "metadata": {"order_id": "ord_42", "channel": "messenger"},
        "payment_intent_data": {"metadata": {"order_id": "ord_42"}},
        "line_items": [
            {
                "quantity": 2,
                "price_data": {
                    "currency": "eur",
                    "unit_amount": 1250,
                    "product_data": {"name": "Red running shoes", "description": "Size 42"},
                },
            },
            {
                "quantity": 1,
                "price_data": {
                    "currency": "eur",
                    "unit_amount": 999,
                    "product_data": {"name": "Sport socks"},
                },
            },
        ],
    }
    params.update(overrides)
    return params


def create_session(client: stripe.StripeClient, **overrides: Any) -> stripe.checkout.Session:
    return client.v1.checkout.sessions.create(params=session_params(**overrides))


def verified_event(sandbox: Sandbox, webhook: Any) -> stripe.Event:
    return stripe.Webhook.construct_event(
        webhook.body.decode(), webhook.headers["Stripe-Signature"], sandbox.webhook_secret
    )


# -- create / read -----------------------------------------------------------------------


def test_create_returns_a_stripe_shaped_session_with_integer_minor_amounts(
    sandbox: Sandbox, client: stripe.StripeClient
) -> None:
    session = create_session(client)

    raw = json.loads(session.last_response.body)
    assert raw["object"] == "checkout.session"
    assert session.id.startswith("cs_test_")
    assert raw["amount_subtotal"] == raw["amount_total"] == 2 * 1250 + 999
    assert type(raw["amount_total"]) is int
    assert session.currency == "eur"
    assert (session.status, session.payment_status, session.mode) == ("open", "unpaid", "payment")
    assert session.url == f"{sandbox.base_url}/pay/{session.id}"
    assert session.client_reference_id == "cart_42"
    assert session.customer_email == "shopper@example.com"
    assert session.locale == "fr"
    assert session.metadata.to_dict() == {"order_id": "ord_42", "channel": "messenger"}
    assert session.payment_intent is None  # only created when the shopper pays
    assert session.livemode is False
    assert session.expires_at - session.created == 24 * 3600  # Stripe's default


def test_retrieve_and_line_items_match_what_was_created(client: stripe.StripeClient) -> None:
    created = create_session(client)

    fetched = client.v1.checkout.sessions.retrieve(created.id)
    items = client.v1.checkout.sessions.line_items.list(
        created.id, params={"expand": ["data.price.product"]}
    )

    assert fetched.to_dict() == created.to_dict()
    assert [(i.description, i.quantity, i.amount_total) for i in items.data] == [
        ("Red running shoes", 2, 2500),
        ("Sport socks", 1, 999),
    ]
    assert items.data[0].price.unit_amount == 1250
    assert items.data[0].price.product.description == "Size 42"


def test_retrieving_an_unknown_session_is_a_stripe_404(client: stripe.StripeClient) -> None:
    with pytest.raises(stripe.InvalidRequestError) as caught:
        client.v1.checkout.sessions.retrieve("cs_test_does_not_exist")

    assert caught.value.http_status == 404
    assert caught.value.code == "resource_missing"


def test_requests_without_a_secret_key_are_401(sandbox: Sandbox) -> None:
    url = f"{sandbox.base_url}/v1/checkout/sessions"
    anonymous = LOOPBACK.get(url)
    live = LOOPBACK.get(url, headers={"Authorization": "Bearer sk_live_real_money"})

    assert anonymous.status_code == live.status_code == 401
    assert anonymous.json()["error"]["type"] == "invalid_request_error"
    assert "live" in live.json()["error"]["message"]


# -- idempotency -------------------------------------------------------------------------


def test_same_idempotency_key_and_params_replays_the_same_session(
    client: stripe.StripeClient,
) -> None:
    options: Any = {"idempotency_key": "checkout-cart_42-v1"}
    first = client.v1.checkout.sessions.create(params=session_params(), options=options)
    second = client.v1.checkout.sessions.create(params=session_params(), options=options)

    assert second.id == first.id
    assert second.last_response.headers.get("Idempotent-Replayed") == "true"
    assert first.last_response.headers.get("Idempotent-Replayed") is None
    assert [s.id for s in client.v1.checkout.sessions.list().data] == [first.id]


def test_same_idempotency_key_with_different_params_is_rejected(
    client: stripe.StripeClient,
) -> None:
    options: Any = {"idempotency_key": "checkout-cart_42-v1"}
    client.v1.checkout.sessions.create(params=session_params(), options=options)

    with pytest.raises(stripe.IdempotencyError) as caught:
        client.v1.checkout.sessions.create(
            params=session_params(client_reference_id="cart_43"), options=options
        )

    assert caught.value.http_status == 400
    assert len(client.v1.checkout.sessions.list().data) == 1


# -- validation --------------------------------------------------------------------------


def _without(name: str) -> Callable[[dict[str, Any]], None]:
    return lambda params: params.pop(name)


def _set_price(**price: Any) -> Callable[[dict[str, Any]], None]:
    return lambda params: params["line_items"][0]["price_data"].update(price)


def _drop_currency(params: dict[str, Any]) -> None:
    del params["line_items"][0]["price_data"]["currency"]


def _expires_in(seconds: int) -> Callable[[dict[str, Any]], None]:
    return lambda params: params.update(expires_at=int(time.time()) + seconds)


@pytest.mark.parametrize(
    ("mutate", "param", "message"),
    [
        (_without("line_items"), "line_items", "Missing required param"),
        (_without("mode"), "mode", "Missing required param"),
        (_set_price(unit_amount=12.5), "line_items[0][price_data][unit_amount]", "integer"),
        (_set_price(unit_amount=-1), "line_items[0][price_data][unit_amount]", "greater"),
        (_drop_currency, "line_items[0][price_data][currency]", "Missing required param"),
        (_set_price(currency="xyz"), "line_items[0][price_data][currency]", "Invalid currency"),
        (lambda p: p.update(colour="red"), "colour", "unknown parameter"),
        (_expires_in(10 * 60), "expires_at", "30 minutes"),
        (_expires_in(25 * 3600), "expires_at", "24 hours"),
        (lambda p: p.update(metadata={"k" * 41: "v"}), f"metadata[{'k' * 41}]", "40 characters"),
    ],
    ids=[
        "no-line-items",
        "no-mode",
        "float-unit-amount",
        "negative-unit-amount",
        "no-currency",
        "bad-currency",
        "unknown-param",
        "expires-too-soon",
        "expires-too-late",
        "long-metadata-key",
    ],
)
def test_invalid_params_raise_invalid_request_error_naming_the_param(
    client: stripe.StripeClient,
    mutate: Callable[[dict[str, Any]], None],
    param: str,
    message: str,
) -> None:
    params = session_params()
    mutate(params)

    with pytest.raises(stripe.InvalidRequestError) as caught:
        client.v1.checkout.sessions.create(params=params)

    assert caught.value.http_status == 400
    assert caught.value.param == param
    assert message in str(caught.value.user_message)


def test_expires_at_inside_the_window_is_accepted(client: stripe.StripeClient) -> None:
    expires_at = int(time.time()) + 45 * 60

    assert create_session(client, expires_at=expires_at).expires_at == expires_at


# -- hosted page: pay / decline / cancel -------------------------------------------------


def test_payment_page_shows_items_totals_and_test_mode(
    client: stripe.StripeClient,
) -> None:
    session = create_session(client, locale="en")
    session_bad_name = create_session(
        client,
        line_items=[
            {
                "quantity": 1,
                "price_data": {
                    "currency": "usd",
                    "unit_amount": 500,
                    "product_data": {"name": "<script>alert(1)</script>"},
                },
            }
        ],
    )

    page = LOOPBACK.get(session.url)
    escaped = LOOPBACK.get(session_bad_name.url)

    assert page.status_code == 200
    assert "TEST MODE" in page.text
    assert "Red running shoes" in page.text and "Qty 2" in page.text
    assert "€34.99" in page.text  # 2 x 12.50 + 9.99, formatted for the session locale
    for action in ("pay", "decline", "cancel", "expire"):
        assert f'action="{session.url}/{action}"' in page.text
    assert "<script>" not in escaped.text and "&lt;script&gt;" in escaped.text


def test_paying_completes_the_session_sends_a_signed_event_and_redirects(
    sandbox: Sandbox, client: stripe.StripeClient
) -> None:
    session = create_session(client)

    answer = LOOPBACK.post(f"{session.url}/pay")

    assert answer.status_code == 303
    assert answer.headers["location"] == SUCCESS_URL.replace("{CHECKOUT_SESSION_ID}", session.id)
    event = verified_event(sandbox, sandbox.receiver.wait_for("checkout.session.completed"))
    paid = event.data.object
    assert (event.type, event.api_version, event.livemode) == (
        "checkout.session.completed",
        "2024-06-20",
        False,
    )
    assert (paid.id, paid.status, paid.payment_status) == (session.id, "complete", "paid")
    assert paid.payment_intent.startswith("pi_")
    assert paid.metadata.to_dict()["order_id"] == "ord_42"
    assert client.v1.checkout.sessions.retrieve(session.id).payment_intent == paid.payment_intent
    by_intent = client.v1.checkout.sessions.list(params={"payment_intent": paid.payment_intent})
    assert [s.id for s in by_intent.data] == [session.id]


def test_webhook_signature_does_not_verify_a_tampered_payload(sandbox: Sandbox) -> None:
    session = create_session(sandbox.client())
    LOOPBACK.post(f"{session.url}/pay")
    webhook = sandbox.receiver.wait_for("checkout.session.completed")

    tampered = webhook.body.replace(b'"paid"', b'"unpaid"')
    assert tampered != webhook.body
    verified_event(sandbox, webhook)  # the untouched payload verifies...
    with pytest.raises(stripe.SignatureVerificationError):  # ...the tampered one does not
        stripe.Webhook.construct_event(
            tampered.decode(), webhook.headers["Stripe-Signature"], sandbox.webhook_secret
        )


def test_declined_card_keeps_the_session_open_and_payment_reuses_the_intent(
    sandbox: Sandbox, client: stripe.StripeClient
) -> None:
    session = create_session(client)

    declined = LOOPBACK.post(f"{session.url}/decline")

    assert declined.status_code == 200
    assert "Your card was declined" in declined.text
    assert client.v1.checkout.sessions.retrieve(session.id).status == "open"
    failed = verified_event(sandbox, sandbox.receiver.wait_for("payment_intent.payment_failed"))
    assert failed.data.object.metadata.to_dict() == {"order_id": "ord_42"}
    assert failed.data.object.last_payment_error.code == "card_declined"

    assert LOOPBACK.post(f"{session.url}/pay").status_code == 303
    completed = verified_event(sandbox, sandbox.receiver.wait_for("checkout.session.completed"))
    assert completed.data.object.payment_intent == failed.data.object.id


def test_cancel_redirects_to_the_shop_and_leaves_the_session_open(
    sandbox: Sandbox, client: stripe.StripeClient
) -> None:
    session = create_session(client)

    answer = LOOPBACK.post(f"{session.url}/cancel")

    assert (answer.status_code, answer.headers["location"]) == (303, CANCEL_URL)
    assert client.v1.checkout.sessions.retrieve(session.id).status == "open"
    assert sandbox.receiver.received == []


def test_paying_twice_is_a_conflict(client: stripe.StripeClient) -> None:
    session = create_session(client)
    assert LOOPBACK.post(f"{session.url}/pay").status_code == 303

    again = LOOPBACK.post(f"{session.url}/pay")

    assert again.status_code == 409
    assert "already been paid" in again.text


# -- expiry ------------------------------------------------------------------------------


def test_expiring_via_the_api_sends_an_event_and_blocks_payment(
    sandbox: Sandbox, client: stripe.StripeClient
) -> None:
    session = create_session(client)

    expired = client.v1.checkout.sessions.expire(session.id)

    assert (expired.status, expired.url) == ("expired", None)
    event = verified_event(sandbox, sandbox.receiver.wait_for("checkout.session.expired"))
    assert event.data.object.id == session.id
    pay = LOOPBACK.post(f"{session.url}/pay")
    assert pay.status_code == 409
    assert "expired" in pay.text
    with pytest.raises(stripe.InvalidRequestError):
        client.v1.checkout.sessions.expire(session.id)
    assert sandbox.receiver.of_type("checkout.session.completed") == []


def test_let_it_expire_button_expires_the_session(
    sandbox: Sandbox, client: stripe.StripeClient
) -> None:
    session = create_session(client)

    answer = LOOPBACK.post(f"{session.url}/expire")

    assert answer.status_code == 200
    assert client.v1.checkout.sessions.retrieve(session.id).status == "expired"
    assert sandbox.receiver.wait_for("checkout.session.expired").event["data"]["object"]["id"] == (
        session.id
    )


def test_background_sweep_expires_sessions_past_expires_at(
    sandbox: Sandbox, client: stripe.StripeClient
) -> None:
    due = create_session(client, expires_at=int(sandbox.clock()) + 1800)
    later = create_session(client, expires_at=int(sandbox.clock()) + 3600)

    sandbox.clock.advance(1801)  # nobody reads the session: only the sweep can expire it

    webhook = sandbox.receiver.wait_for("checkout.session.expired")
    assert webhook.event["data"]["object"]["id"] == due.id
    assert client.v1.checkout.sessions.retrieve(later.id).status == "open"
    assert len(sandbox.receiver.of_type("checkout.session.expired")) == 1


# -- webhook delivery --------------------------------------------------------------------


def test_failed_deliveries_are_retried_until_accepted(
    sandbox: Sandbox, client: stripe.StripeClient
) -> None:
    sandbox.receiver.statuses.extend([500, 503])
    session = create_session(client)

    LOOPBACK.post(f"{session.url}/pay")

    attempts = sandbox.receiver.wait_for("checkout.session.completed", count=3)
    ids = {w.event["id"] for w in sandbox.receiver.of_type("checkout.session.completed")}
    assert ids == {attempts.event["id"]}  # the same event, re-sent
    verified_event(sandbox, attempts)
    delivery = wait_for(
        lambda: next(
            (e["delivery"] for e in sandbox.events() if e["delivery"]["status"] == "delivered"),
            None,
        ),
        timeout=5.0,
        what="delivery status",
    )
    assert (delivery["attempts"], delivery["last_status_code"]) == (3, 200)


def test_delivery_gives_up_after_a_bounded_number_of_attempts(
    sandbox: Sandbox, client: stripe.StripeClient
) -> None:
    sandbox.receiver.statuses.extend([500] * 10)
    session = create_session(client)

    LOOPBACK.post(f"{session.url}/pay")

    delivery = wait_for(
        lambda: next(
            (e["delivery"] for e in sandbox.events() if e["delivery"]["status"] == "failed"),
            None,
        ),
        timeout=5.0,
        what="failed delivery",
    )
    assert delivery["attempts"] == 5
    assert len(sandbox.receiver.of_type("checkout.session.completed")) == 5


# -- other endpoints ---------------------------------------------------------------------


def test_other_endpoints_are_a_stripe_404_without_an_upstream(
    client: stripe.StripeClient,
) -> None:
    with pytest.raises(stripe.InvalidRequestError) as caught:
        client.v1.customers.create(params={"email": "shopper@example.com"})

    assert caught.value.http_status == 404
    assert "Unrecognized request URL" in str(caught.value.user_message)


def test_other_endpoints_are_proxied_to_localstripe(
    start_sandbox: Callable[..., Sandbox], localstripe_url: str
) -> None:
    sandbox = start_sandbox(upstream_url=localstripe_url)
    client = sandbox.client()

    customer = client.v1.customers.create(params={"email": "shopper@example.com"})

    assert customer.id.startswith("cus_")
    assert client.v1.customers.retrieve(customer.id).email == "shopper@example.com"


def test_payments_with_an_upstream_create_a_real_localstripe_payment_intent(
    start_sandbox: Callable[..., Sandbox], localstripe_url: str
) -> None:
    sandbox = start_sandbox(upstream_url=localstripe_url)
    client = sandbox.client()
    session = create_session(client)

    LOOPBACK.post(f"{session.url}/pay")

    intent_id = client.v1.checkout.sessions.retrieve(session.id).payment_intent
    intent = client.v1.payment_intents.retrieve(intent_id)
    assert (intent.status, intent.amount, intent.currency) == ("succeeded", 3499, "eur")
    assert intent.metadata.to_dict() == {"order_id": "ord_42"}


def test_health_and_event_listing(sandbox: Sandbox, webhook_receiver: WebhookReceiver) -> None:
    assert LOOPBACK.get(f"{sandbox.base_url}/health").json() == {"status": "ok"}
    session = create_session(sandbox.client())
    LOOPBACK.post(f"{session.url}/expire")

    events = wait_for(sandbox.events, timeout=5.0, what="event listing")

    assert events[0]["event"]["type"] == "checkout.session.expired"
    assert events[0]["event"]["data"]["object"]["id"] == session.id
    assert webhook_receiver is sandbox.receiver


def test_proxied_refunds_honour_idempotency_keys_and_send_charge_refunded(
    start_sandbox: Callable[..., Sandbox], localstripe_url: str
) -> None:
    sandbox = start_sandbox(upstream_url=localstripe_url)
    client = sandbox.client()
    session = create_session(client)
    LOOPBACK.post(f"{session.url}/pay")
    intent_id = client.v1.checkout.sessions.retrieve(session.id).payment_intent
    key = {"idempotency_key": "refund-ord_42"}

    first = client.v1.refunds.create(params={"payment_intent": intent_id}, options=key)
    again = client.v1.refunds.create(params={"payment_intent": intent_id}, options=key)

    assert again.id == first.id and first.amount == 3499  # localstripe alone refunds twice
    charge = client.v1.charges.retrieve(first.charge)
    assert (charge.amount_refunded, charge.refunded) == (3499, True)
    webhook = sandbox.receiver.wait_for("charge.refunded")
    event = verified_event(sandbox, webhook)
    assert event.data.object.payment_intent == intent_id
    assert event.data.object.amount_refunded == 3499
    assert len(sandbox.receiver.of_type("charge.refunded")) == 1
