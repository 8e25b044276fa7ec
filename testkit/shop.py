"""A shop's payment path on loopback: our Stripe sandbox in front of localstripe (optionally
behind fault-injecting proxies), the real shop web app receiving signed webhooks, and a recorder
standing in for Rasa's HTTP API (the receipt trigger; the real Rasa is in tests/e2e).
"""

from __future__ import annotations

import contextlib
import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import stripe
from pydantic import SecretStr
from sqlmodel import func, select

from assistant.bootstrap import payment_gateway, unit_of_work
from assistant.commerce.order import PaymentEvent
from assistant.kernel.database import session_scope
from assistant.kernel.settings import Settings
from assistant.payments.stripe_gateway import StripeGateway
from assistant.services.carts import add_to_cart
from assistant.services.checkout import CheckoutResult, checkout
from assistant.services.unit_of_work import UnitOfWork
from assistant.services.views import OrderView
from assistant.stack import local
from assistant.stripe_sandbox.app import create_app as create_sandbox
from assistant.stripe_sandbox.chaos import FaultPlan, create_chaos_proxy
from assistant.stripe_sandbox.objects import build_event
from assistant.stripe_sandbox.webhooks import sign
from assistant.web.app import create_app as create_web_app
from catalog.models import Variant
from testkit.net import LOOPBACK, free_port, wait_for
from testkit.servers import serving

WEBHOOK_SECRET = "whsec_payments_tests"
RASA_TOKEN = "rasa-test-token"
LAST_UNITS_SKU = "TS-CLASSIC-RED-M"  # stock exactly 5 in the demo catalog


@dataclass
class RasaCall:
    path: str
    query: dict[str, list[str]]
    body: dict[str, Any]
    authorization: str = ""


@dataclass
class RasaRecorder:
    """Answers Rasa's `trigger_intent` the way Rasa does (200 + JSON), or with scripted errors."""

    calls: list[RasaCall] = field(default_factory=list)
    failing: bool = False
    url: str = ""

    def serve(self) -> contextlib.AbstractContextManager[RasaRecorder]:
        recorder = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                parts = urlsplit(self.path)
                recorder.calls.append(
                    RasaCall(
                        parts.path,
                        parse_qs(parts.query),
                        json.loads(body),
                        self.headers.get("Authorization", ""),
                    )
                )
                status = 500 if recorder.failing else 200
                answer = json.dumps({"tracker": {}, "messages": []}).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        @contextlib.contextmanager
        def running() -> Iterator[RasaRecorder]:
            server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
            recorder.url = f"http://127.0.0.1:{server.server_address[1]}"
            thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
            thread.start()
            try:
                yield recorder
            finally:
                server.shutdown()
                server.server_close()
                thread.join(timeout=5)

        return running()


@dataclass
class Shop:
    settings: Settings
    sandbox_url: str
    web_url: str
    rasa: RasaRecorder
    faults: FaultPlan

    @property
    def db(self) -> str:
        return self.settings.database_url

    def stripe(self) -> stripe.StripeClient:
        """A client straight to the sandbox (no faults), as a test's own view of Stripe."""
        return stripe.StripeClient("sk_test_payments", base_addresses={"api": self.sandbox_url})

    @property
    def uow(self) -> UnitOfWork:
        return unit_of_work(self.settings)

    @property
    def gateway(self) -> StripeGateway:
        """The shop's gateway: through the fault-injecting proxy when the test has one."""
        return payment_gateway(self.settings)

    def buy(self, conversation_id: str, sku: str = LAST_UNITS_SKU, quantity: int = 1) -> None:
        add_to_cart(self.uow, conversation_id, sku, quantity)

    def checkout(self, conversation_id: str, language: str = "en") -> CheckoutResult:
        return checkout(self.uow, self.gateway, conversation_id, language, self.settings.shop_url)

    def order(self, order_id: int) -> OrderView:
        with self.uow as uow:
            order = uow.orders.get(order_id)
            assert order is not None
            return OrderView.of(order)

    def stock(self, sku: str = LAST_UNITS_SKU) -> int | None:
        with session_scope(self.db) as session:
            return session.exec(select(Variant.stock).where(Variant.sku == sku)).one()

    def pay(self, checkout_url: str) -> None:
        """What the shopper's browser does on the hosted page's Pay button."""
        answer = LOOPBACK.post(f"{checkout_url}/pay", follow_redirects=False)
        assert answer.status_code == 303, answer.text

    def wait_status(self, order_id: int, status: str, timeout: float = 15) -> OrderView:
        wait_for(lambda: self.order(order_id).status == status, timeout=timeout)
        return self.order(order_id)

    def post_event(
        self, event: dict[str, Any], secret: str = WEBHOOK_SECRET, timestamp: int | None = None
    ) -> httpx.Response:
        """Deliver an event signed exactly as Stripe signs it (t=..., v1=HMAC-SHA256)."""
        payload = json.dumps(event).encode()
        signature = sign(payload, secret, int(time.time()) if timestamp is None else timestamp)
        return LOOPBACK.post(
            f"{self.web_url}/webhooks/stripe",
            content=payload,
            headers={"Stripe-Signature": signature, "Content-Type": "application/json"},
            timeout=30,
        )


@contextlib.contextmanager
def shop_running(
    database_url: str,
    localstripe_url: str,
    *,
    webhooks: bool = True,
    faults: FaultPlan | None = None,
    webhook_faults: FaultPlan | None = None,
    webhook_retry_delays: tuple[float, ...] = (0.05, 0.1, 0.2),
    stripe_timeout: float = 3.0,
) -> Iterator[Shop]:
    """The payment path on `database_url`: webhooks=False delivers none; `faults` sit between
    the shop and Stripe, `webhook_faults` between Stripe and the shop's webhook endpoint."""
    with RasaRecorder().serve() as rasa:
        web_port, sandbox_port = free_port(), free_port()
        web_url, sandbox_url = local(web_port), local(sandbox_port)
        apps: dict[int, Any] = {}
        hook_url = web_url
        if webhook_faults is not None:
            hook_port = free_port()
            apps[hook_port] = create_chaos_proxy(web_url, webhook_faults, paths="/webhooks/")
            hook_url = local(hook_port)
        apps[sandbox_port] = create_sandbox(
            public_url=sandbox_url,
            webhook_url=f"{hook_url}/webhooks/stripe" if webhooks else None,
            webhook_secret=WEBHOOK_SECRET,
            upstream_url=localstripe_url,
            webhook_retry_delays=webhook_retry_delays,
        )
        plan = faults or FaultPlan()
        api_url = sandbox_url
        if faults is not None:
            chaos_port = free_port()
            apps[chaos_port] = create_chaos_proxy(sandbox_url, plan)
            api_url = local(chaos_port)
        settings = Settings(
            database_url=database_url,
            shop_url=web_url,
            stripe_api_base=api_url,
            stripe_webhook_secret=SecretStr(WEBHOOK_SECRET),
            stripe_timeout_seconds=stripe_timeout,
            rasa_url=rasa.url,
            rasa_token=SecretStr(RASA_TOKEN),
            rasa_retry_delays=(0.05, 0.1),  # still three tries, without 1.5 s of waiting each
            order_sweep_seconds=0,
            _env_file=None,
        )
        apps[web_port] = create_web_app(settings)
        with serving(apps):
            yield Shop(settings, sandbox_url, web_url, rasa, plan)


# -- what the payment tests share ---------------------------------------------------------


def event_count(shop: Shop) -> int:
    """The Stripe events the shop has recorded (each event id once)."""
    with session_scope(shop.db) as session:
        return session.exec(select(func.count()).select_from(PaymentEvent)).one()


def placed(shop: Shop, conversation: str, quantity: int = 1) -> tuple[int, str]:
    """An order of `quantity` LAST_UNITS_SKU, checked out: its id and its payment page."""
    shop.buy(conversation, quantity=quantity)
    result = shop.checkout(conversation)
    return result.order.id, result.checkout_url


def completed_event(shop: Shop, order: OrderView, **changes: object) -> dict:
    """The `checkout.session.completed` Stripe would send for this order's session."""
    session = shop.stripe().v1.checkout.sessions.retrieve(order.stripe_session_id).to_dict()
    session.update(status="complete", payment_status="paid", payment_intent="pi_late_1")
    session.update(changes)
    return build_event("checkout.session.completed", session, int(time.time()), 1)


def post_raw(shop: Shop, payload: bytes, client: httpx.Client = LOOPBACK) -> httpx.Response:
    """Post a signed body; on the shared loopback client unless told otherwise."""
    signature = sign(payload, WEBHOOK_SECRET, int(time.time()))
    return client.post(
        f"{shop.web_url}/webhooks/stripe",
        content=payload,
        headers={"Stripe-Signature": signature, "Content-Type": "application/json"},
        timeout=30,
    )
