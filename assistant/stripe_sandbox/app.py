"""FastAPI app: Stripe's Checkout Session API, the hosted payment page, and a proxy to
localstripe for every other `/v1/...` endpoint.

It speaks Stripe's wire protocol (form-encoded requests, JSON objects, error envelopes,
Idempotency-Key, signed webhooks) so that the same stripe-python code runs against it and
against real Stripe.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import contextlib
import json
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

import httpx
from fastapi import FastAPI, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from . import page
from .errors import StripeError, no_such
from .formcodec import Params, decode_params
from .idempotency import IdempotencyCache, StoredResponse, fingerprint
from .objects import EVENT_API_VERSION, StripeObject, build_event, new_id
from .service import CheckoutSandbox, SessionClosed, SessionNotFound, UpstreamPayments
from .webhooks import DEFAULT_RETRY_DELAYS, WebhookSender

logger = logging.getLogger("assistant.stripe_sandbox")

DEFAULT_SWEEP_INTERVAL = 2.0
_FORM_TYPE = "application/x-www-form-urlencoded"
# Never forwarded by a proxy (RFC 9110 §7.6.1) or recomputed by httpx/uvicorn.
_HOP_BY_HOP = frozenset(
    {
        "connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te",
        "trailer", "transfer-encoding", "upgrade", "host", "content-length",
        "content-encoding", "accept-encoding",
    }
)  # fmt: skip
_TEST_KEY_PREFIXES = ("sk_test_", "rk_test_")
_LIVE_KEY_PREFIXES = ("sk_live_", "rk_live_")


@dataclass
class _Runtime:
    sandbox: CheckoutSandbox
    webhooks: WebhookSender
    idempotency: IdempotencyCache
    upstream_url: str | None
    sweep_interval: float
    upstream: httpx.AsyncClient | None = None
    tasks: list[asyncio.Task[None]] = field(default_factory=list)


def create_app(
    *,
    public_url: str,
    webhook_url: str | None,
    webhook_secret: str,
    upstream_url: str | None = None,
    clock: Callable[[], float] = time.time,
    sweep_interval: float = DEFAULT_SWEEP_INTERVAL,
    webhook_retry_delays: Sequence[float] = DEFAULT_RETRY_DELAYS,
) -> FastAPI:
    """Build the sandbox app.

    `public_url` is where shoppers' browsers reach this server (payment page links);
    `webhook_url` receives signed events (None: events are only listed at /sandbox/events);
    `upstream_url` is a localstripe server for all other endpoints (None: Stripe-style 404).
    `clock` and the timing knobs exist so tests can drive expiry and retries quickly.
    """
    if not webhook_secret:
        raise ValueError("webhook_secret is required (the whsec_... your webhook handler uses)")
    webhooks = WebhookSender(webhook_url, webhook_secret, retry_delays=webhook_retry_delays)
    runtime = _Runtime(
        sandbox=CheckoutSandbox(public_url=public_url, clock=clock, webhooks=webhooks),
        webhooks=webhooks,
        idempotency=IdempotencyCache(clock),
        upstream_url=upstream_url.rstrip("/") if upstream_url else None,
        sweep_interval=sweep_interval,
    )
    app = FastAPI(
        title="Stripe sandbox",
        lifespan=_lifespan(runtime),
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
    )
    app.add_exception_handler(StripeError, _stripe_error_handler)
    _add_api_routes(app, runtime)
    _add_page_routes(app, runtime)
    _add_sandbox_routes(app, runtime)
    _add_proxy_route(app, runtime)  # last: it catches every other /v1 path
    return app


def _lifespan(runtime: _Runtime) -> Callable[[FastAPI], Any]:
    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        await runtime.webhooks.start()
        if runtime.upstream_url:
            runtime.upstream = httpx.AsyncClient(
                base_url=runtime.upstream_url, timeout=30.0, trust_env=False
            )
            runtime.sandbox.upstream = UpstreamPayments(runtime.upstream)
        runtime.tasks.append(asyncio.create_task(_sweep_forever(runtime)))
        try:
            yield
        finally:
            for task in runtime.tasks:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
            await runtime.webhooks.stop()
            if runtime.upstream is not None:
                await runtime.upstream.aclose()

    return lifespan


async def _sweep_forever(runtime: _Runtime) -> None:
    """Expire overdue sessions even when nobody reads them, as Stripe does."""
    while True:
        await asyncio.sleep(runtime.sweep_interval)
        try:
            expired = await runtime.sandbox.expire_due()
        except Exception:  # keep sweeping: one bad pass must not stop expiry for good
            logger.exception("expiry sweep failed")
            continue
        if expired:
            logger.info("expiry sweep expired %d checkout session(s)", expired)


# -- Stripe API --------------------------------------------------------------------------


def _add_api_routes(app: FastAPI, runtime: _Runtime) -> None:
    sandbox = runtime.sandbox

    @app.post("/v1/checkout/sessions")
    async def create_session(request: Request) -> Response:
        api_key = _api_key(request)
        params = await _params(request)
        return await _idempotent(
            request, runtime, api_key, params, lambda: sandbox.create(api_key, params)
        )

    @app.get("/v1/checkout/sessions")
    async def list_sessions(request: Request) -> Response:
        _api_key(request)
        return _stripe_json(request, await sandbox.list_sessions(await _params(request)))

    @app.get("/v1/checkout/sessions/{session_id}")
    async def retrieve_session(request: Request, session_id: str) -> Response:
        _api_key(request)
        params = await _params(request)
        with _stripe_not_found(session_id):
            return _stripe_json(request, await sandbox.retrieve(session_id, params))

    @app.post("/v1/checkout/sessions/{session_id}")
    async def update_session(request: Request, session_id: str) -> Response:
        api_key = _api_key(request)
        params = await _params(request)

        async def update() -> StripeObject:
            with _stripe_not_found(session_id):
                return await sandbox.update(session_id, params)

        return await _idempotent(request, runtime, api_key, params, update)

    @app.get("/v1/checkout/sessions/{session_id}/line_items")
    async def list_line_items(request: Request, session_id: str) -> Response:
        _api_key(request)
        params = await _params(request)
        with _stripe_not_found(session_id):
            return _stripe_json(request, await sandbox.list_line_items(session_id, params))

    @app.post("/v1/checkout/sessions/{session_id}/expire")
    async def expire_session(request: Request, session_id: str) -> Response:
        api_key = _api_key(request)
        params = await _params(request)

        async def expire() -> StripeObject:
            with _stripe_not_found(session_id):
                return await sandbox.expire(session_id, params)

        return await _idempotent(request, runtime, api_key, params, expire)


def _api_key(request: Request) -> str:
    """The secret key from `Authorization: Bearer ...` (or Basic, as curl -u sends it)."""
    scheme, _, credentials = request.headers.get("authorization", "").partition(" ")
    key = credentials.strip()
    if scheme.lower() == "basic":
        key = _basic_user(key)
    elif scheme.lower() != "bearer":
        key = ""
    if not key:
        raise _auth_error(
            "You did not provide an API key. You need to provide your API key in the "
            "Authorization header, using Bearer auth (e.g. 'Authorization: Bearer "
            "YOUR_SECRET_KEY')."
        )
    if key.startswith(_LIVE_KEY_PREFIXES):
        raise _auth_error(
            "The Stripe sandbox only accepts test-mode keys (sk_test_...); it refuses live keys "
            "so that nothing real can ever be attempted against it."
        )
    if not key.startswith(_TEST_KEY_PREFIXES):
        raise _auth_error(f"Invalid API Key provided: {key[:8]}{'*' * max(0, len(key) - 12)}")
    return key


def _basic_user(encoded: str) -> str:
    try:
        return base64.b64decode(encoded, validate=True).decode().partition(":")[0]
    except (binascii.Error, UnicodeDecodeError):
        return ""


def _auth_error(message: str) -> StripeError:
    return StripeError(message, status=401)


async def _params(request: Request) -> Params:
    """Query string plus form body, decoded from bracket notation like Stripe does."""
    pairs = list(request.query_params.multi_items())
    body = await request.body()
    if body:
        content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if content_type != _FORM_TYPE:
            raise StripeError(
                f"Invalid request: unsupported Content-Type {content_type or '(none)'}. "
                f"Stripe's v1 API takes {_FORM_TYPE} bodies."
            )
        try:
            pairs += parse_qsl(body.decode(), keep_blank_values=True, strict_parsing=True)
        except (UnicodeDecodeError, ValueError) as error:
            raise StripeError(f"Invalid request body: {error}") from None
    return decode_params(pairs)


@contextlib.contextmanager
def _stripe_not_found(session_id: str) -> Iterator[None]:
    try:
        yield
    except SessionNotFound:
        raise no_such("checkout.session", session_id, "session") from None


async def _idempotent(
    request: Request,
    runtime: _Runtime,
    api_key: str,
    params: Params,
    action: Callable[[], Awaitable[StripeObject]],
) -> Response:
    async def respond() -> Response:
        return _stripe_json(request, await action())

    return await _idempotent_response(request, runtime, api_key, params, respond)


async def _idempotent_response(
    request: Request,
    runtime: _Runtime,
    api_key: str,
    params: Params,
    respond: Callable[[], Awaitable[Response]],
) -> Response:
    key = request.headers.get("idempotency-key")
    if not key:
        return await respond()
    endpoint = f"{request.method} {request.url.path}"
    cache = runtime.idempotency
    async with cache.lock:
        stored = cache.lookup(api_key, key, endpoint, fingerprint(params))
        if stored is not None:
            return _replay(stored)
        # Errors raised by `respond` propagate unstored: like Stripe, a request that failed
        # validation did not execute, so retrying the key with fixed params is allowed.
        # 5xx answers are not stored either: Stripe lets a failed request be retried.
        response = await respond()
        if response.status_code < 500:
            cache.store(
                api_key,
                key,
                endpoint,
                fingerprint(params),
                status=response.status_code,
                body=bytes(response.body),
                request_id=response.headers.get("request-id") or new_id("req_", 14),
            )
        return response


def _replay(stored: StoredResponse) -> Response:
    return Response(
        content=stored.body,
        status_code=stored.status,
        media_type="application/json",
        headers={
            "Request-Id": new_id("req_", 14),
            "Idempotent-Replayed": "true",
            "Original-Request": stored.request_id,
        },
    )


def _stripe_json(request: Request, body: dict[str, Any], status: int = 200) -> Response:
    return Response(
        content=json.dumps(body, indent=2),
        status_code=status,
        media_type="application/json",
        headers={
            "Request-Id": new_id("req_", 14),
            "Stripe-Version": request.headers.get("stripe-version", EVENT_API_VERSION),
        },
    )


async def _stripe_error_handler(request: Request, error: Exception) -> Response:
    assert isinstance(error, StripeError)  # registered for StripeError only
    response = _stripe_json(request, error.body(), error.status)
    if error.status == 401:
        response.headers["WWW-Authenticate"] = 'Basic realm="Stripe"'
    return response


# -- hosted payment page -----------------------------------------------------------------


def _add_page_routes(app: FastAPI, runtime: _Runtime) -> None:
    sandbox = runtime.sandbox

    @app.get("/pay/{session_id}", response_class=HTMLResponse)
    async def payment_page(session_id: str) -> Response:
        try:
            record = await sandbox.snapshot(session_id)
        except SessionNotFound:
            return _not_found_page()
        if not record.is_open:
            return _closed_page(record.session)
        return _html(page.render_checkout(record.session, record.line_items, record.products))

    @app.post("/pay/{session_id}/pay")
    async def pay(session_id: str) -> Response:
        return await _page_action(lambda: _redirect(sandbox.pay(session_id)))

    @app.post("/pay/{session_id}/decline", response_class=HTMLResponse)
    async def decline(session_id: str) -> Response:
        async def declined() -> Response:
            record = await sandbox.decline(session_id)
            notice = "Your card was declined. Try again, or use another payment method."
            return _html(
                page.render_checkout(record.session, record.line_items, record.products, notice)
            )

        return await _page_action(declined)

    @app.post("/pay/{session_id}/cancel")
    async def cancel(session_id: str) -> Response:
        async def cancelled() -> Response:
            cancel_url = await sandbox.cancel(session_id)
            if cancel_url is None:
                return _html(
                    page.render_message(
                        "Nothing to go back to",
                        "This checkout session was created without a cancel_url.",
                        None,
                    ),
                    status=400,
                )
            return RedirectResponse(cancel_url, status_code=303)

        return await _page_action(cancelled)

    @app.post("/pay/{session_id}/expire", response_class=HTMLResponse)
    async def expire(session_id: str) -> Response:
        async def expired() -> Response:
            record = await sandbox.expire_from_page(session_id)
            return _html(
                page.render_message(
                    "Checkout session expired",
                    "You let this checkout session expire; the shop has been notified.",
                    record.session["cancel_url"],
                )
            )

        return await _page_action(expired)


async def _page_action(action: Callable[[], Awaitable[Response]]) -> Response:
    try:
        return await action()
    except SessionNotFound:
        return _not_found_page()
    except SessionClosed as closed:
        return _closed_page(closed.record.session)


async def _redirect(url: Awaitable[str]) -> Response:
    # 303 so the browser follows with GET, like Stripe's redirect to success_url.
    return RedirectResponse(await url, status_code=303)


def _closed_page(session: StripeObject) -> Response:
    if session["status"] == "complete":
        success = session["success_url"].replace("{CHECKOUT_SESSION_ID}", session["id"])
        html = page.render_message(
            "Already paid",
            "This checkout session has already been paid; it cannot be paid again.",
            success,
            "ok",
        )
    else:
        html = page.render_message(
            "Checkout session expired",
            "This checkout session has expired and can no longer be paid. "
            "Go back to the shop to start a new checkout.",
            session["cancel_url"],
        )
    return _html(html, status=409)


def _not_found_page() -> Response:
    html = page.render_message(
        "Checkout session not found",
        "This payment link is unknown to the Stripe sandbox (it keeps sessions in memory, "
        "so a restart forgets them).",
        None,
    )
    return _html(html, status=404)


def _html(html: str, status: int = 200) -> Response:
    return HTMLResponse(
        html,
        status_code=status,
        headers={
            "Content-Security-Policy": page.CONTENT_SECURITY_POLICY,
            "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "no-referrer",
            "Cache-Control": "no-store",
        },
    )


# -- sandbox-only endpoints --------------------------------------------------------------


def _add_sandbox_routes(app: FastAPI, runtime: _Runtime) -> None:
    @app.get("/health")
    async def health() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/sandbox/events")
    async def events(
        event_type: str | None = Query(None, alias="type"), limit: int = 100
    ) -> JSONResponse:
        """Sent events with delivery status, newest first (`?type=...&limit=...`)."""
        records = [
            r for r in reversed(runtime.webhooks.records())
            if event_type is None or r.event["type"] == event_type
        ][: max(1, min(limit, 1000))]  # fmt: skip
        data = [{"event": r.event, "delivery": r.delivery.as_dict()} for r in records]
        return JSONResponse({"object": "list", "url": "/sandbox/events", "data": data})


# -- everything else: localstripe ----------------------------------------------------------


def _add_proxy_route(app: FastAPI, runtime: _Runtime) -> None:
    @app.api_route("/v1/{path:path}", methods=["GET", "POST", "DELETE", "PUT", "PATCH"])
    async def proxy(request: Request, path: str) -> Response:
        if runtime.upstream is None:
            _api_key(request)  # Stripe answers 401 before 404
            raise StripeError(
                f"Unrecognized request URL ({request.method}: {request.url.path}). "
                "The Stripe sandbox emulates Checkout Sessions only; start it with "
                "--upstream-url pointing at localstripe for other endpoints.",
                status=404,
            )
        if request.method == "POST" and request.headers.get("idempotency-key"):
            return await _idempotent_forward(request, runtime, runtime.upstream)
        return await _forward(request, runtime.upstream)


async def _idempotent_forward(
    request: Request, runtime: _Runtime, upstream: httpx.AsyncClient
) -> Response:
    """Stripe's Idempotency-Key for proxied POSTs too (localstripe ignores it, so a retried
    refund would refund twice), and the `charge.refunded` event Stripe sends for a refund."""
    api_key = _api_key(request)
    params = await _params(request)
    response = await _idempotent_response(
        request, runtime, api_key, params, lambda: _forward(request, upstream)
    )
    replayed = "idempotent-replayed" in response.headers
    if request.url.path == "/v1/refunds" and response.status_code == 200 and not replayed:
        await _emit_charge_refunded(runtime, upstream, request, json.loads(response.body))
    return response


async def _emit_charge_refunded(
    runtime: _Runtime, upstream: httpx.AsyncClient, request: Request, refund: dict[str, Any]
) -> None:
    auth = {"Authorization": request.headers.get("authorization", "")}
    try:
        charge = await upstream.get(f"/v1/charges/{refund.get('charge')}", headers=auth)
    except httpx.HTTPError as error:
        logger.warning("refund %s: cannot read its charge: %r", refund.get("id"), error)
        return
    if charge.status_code == 200:
        pending = 1 if runtime.webhooks.url else 0
        runtime.webhooks.send(
            build_event("charge.refunded", charge.json(), runtime.sandbox.now(), pending)
        )


async def _forward(request: Request, upstream: httpx.AsyncClient) -> Response:
    headers = [(k, v) for k, v in request.headers.items() if k.lower() not in _HOP_BY_HOP]
    try:
        answer = await upstream.request(
            request.method,
            request.url.path,
            params=request.url.query,
            headers=headers,
            content=await request.body(),
        )
    except httpx.HTTPError as error:
        raise StripeError(
            f"The Stripe sandbox could not reach its upstream emulator: {error!r}",
            status=502,
            error_type="api_error",
        ) from None
    kept = {k: v for k, v in answer.headers.items() if k.lower() not in _HOP_BY_HOP}
    return Response(content=answer.content, status_code=answer.status_code, headers=kept)
