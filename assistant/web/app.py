"""FastAPI shop web app."""

from __future__ import annotations

import html
import json
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import stripe
from fastapi import BackgroundTasks, FastAPI, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse

from assistant.bootstrap import shopper_notifier, unit_of_work
from assistant.kernel.production import WEB, refuse_unsafe
from assistant.kernel.settings import Settings, get_settings
from assistant.payments.stripe_events import MalformedEvent, handle_stripe_event
from assistant.services.orders import checkout_outcome
from assistant.services.receipts import send_receipt
from assistant.web.body_limit import read_capped
from assistant.web.checkout_pages import success_page
from assistant.web.maintenance import maintenance_running
from assistant.web.privacy import privacy_router
from assistant.web.sandbox import sandbox_router

log = logging.getLogger("assistant.web")


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    refuse_unsafe(settings.deployment(), WEB)  # production: no default token, no sandbox pages

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        async with maintenance_running(settings):
            yield

    app = FastAPI(title="Shop web app", docs_url=None, redoc_url=None, lifespan=lifespan)
    app.include_router(sandbox_router(settings))  # Messenger sandbox (explicit opt-in only)
    app.include_router(privacy_router(settings))  # Meta's data-deletion callback

    @app.get("/health")
    def health() -> dict[str, str]:
        return {"status": "ok"}

    @app.post("/webhooks/stripe")
    async def stripe_webhook(request: Request, background: BackgroundTasks) -> dict[str, str]:
        secret = settings.stripe_webhook_secret
        if secret is None:
            raise HTTPException(503, "STRIPE_WEBHOOK_SECRET is not configured")
        # Capped before the signature is checked: no HMAC over, nor memory for, a huge body.
        payload = await read_capped(request, settings.stripe_webhook_max_bytes)
        if payload is None:
            log.warning(
                "refused Stripe webhook: body over %d bytes (STRIPE_WEBHOOK_MAX_BYTES)",
                settings.stripe_webhook_max_bytes,
            )
            raise HTTPException(413, "body too large")
        try:
            stripe.WebhookSignature.verify_header(
                payload,
                request.headers.get("stripe-signature", ""),
                secret.get_secret_value(),
                stripe.Webhook.DEFAULT_TOLERANCE,
            )
            # Parsed here, not by construct_event: its StripeObject recursion and its
            # `values.get` crash (500) on signed bodies that are deep, or not an object.
            event = json.loads(payload)
            if "\\u0000" in payload.decode("utf-8", "replace"):
                # PostgreSQL text holds no NUL character: refused here, not a 500 at the insert.
                raise ValueError("NUL character in the event")
        except (ValueError, RecursionError, stripe.SignatureVerificationError) as error:
            # RecursionError: JSON nested deeper than the parser goes, signed or not.
            log.warning("refused Stripe webhook: %s", type(error).__name__)
            raise HTTPException(400, "invalid payload or signature") from None
        # In a worker thread: the transaction may wait on a row lock; the loop must not.
        uow = unit_of_work(settings)
        try:
            outcome = await run_in_threadpool(handle_stripe_event, uow, event)
        except MalformedEvent as error:
            log.warning("refused signed Stripe webhook: %s", str(error)[:200])
            raise HTTPException(400, str(error)[:200]) from None
        log.info("stripe event %s %s -> %s", event["id"], event["type"], outcome.status)
        if outcome.newly_paid and outcome.order_id is not None:
            # After the commit and after the response: Rasa being down never fails the webhook.
            background.add_task(send_receipt, uow, shopper_notifier(settings), outcome.order_id)
        return {"status": outcome.status}

    @app.get("/checkout/success", response_class=HTMLResponse)
    def checkout_success(session_id: str = "") -> str:
        title, message = success_page(checkout_outcome(unit_of_work(settings), session_id[:255]))
        return _page(title, message)

    @app.get("/checkout/cancel", response_class=HTMLResponse)
    def checkout_cancel(order: str = "") -> str:
        return _page(
            "Payment cancelled",
            f'Order {html.escape(order)} is not paid. Say "checkout" in the conversation '
            "to get the payment link again.",
        )

    return app


def _page(title: str, message: str) -> str:
    return (
        "<!doctype html><html><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>{title}</title><style>body{{font-family:system-ui,sans-serif;max-width:32rem;"
        "margin:4rem auto;padding:0 1rem;color:#1c1e21}</style></head>"
        f"<body><h1>{title}</h1><p>{message}</p></body></html>"
    )
