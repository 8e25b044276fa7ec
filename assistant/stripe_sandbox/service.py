"""Checkout Session state machine: create, read, pay, decline, expire, sweep.

All state is in memory behind one asyncio lock; every state change emits the webhook
event Stripe would send for it.
"""

from __future__ import annotations

import asyncio
import copy
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx

from . import objects
from .checkout_params import (
    EXPAND_ONLY_PARAMS,
    LINE_ITEM_LIST_PARAMS,
    LIST_PARAMS,
    SUPPORTED_EXPANSIONS,
    UPDATE_PARAMS,
    check_expand,
    parse_create,
)
from .errors import StripeError, no_such
from .formcodec import Params
from .objects import StripeObject
from .webhooks import WebhookSender

logger = logging.getLogger("assistant.stripe_sandbox")

_LINE_ITEM_EXPANSIONS = frozenset({"data.price.product"})
_EXPANDED_SUBLIST_SIZE = 10  # Stripe returns the first page of an expanded sub-list


class SessionNotFound(Exception):
    pass


class SessionClosed(Exception):
    """The session is complete or expired, so the hosted page can no longer act on it."""

    def __init__(self, record: SessionRecord) -> None:
        super().__init__(record.session["status"])
        self.record = record


@dataclass
class SessionRecord:
    session: StripeObject
    line_items: list[StripeObject]
    products: dict[str, StripeObject]
    intent_data: dict[str, Any]
    api_key: str
    payment_intent_id: str | None = None
    intent_in_upstream: bool = False

    @property
    def is_open(self) -> bool:
        return self.session["status"] == "open"


class UpstreamPayments:
    """Mirrors sandbox payments as PaymentIntents in the upstream emulator (localstripe),
    so that ids in our events resolve there and refunds against them work."""

    def __init__(self, client: httpx.AsyncClient) -> None:
        self._client = client

    async def create_intent(self, record: SessionRecord, *, confirm: bool) -> str | None:
        session = record.session
        form: dict[str, str] = {
            "amount": str(session["amount_total"]),
            "currency": session["currency"],
            "payment_method_types[0]": "card",
        }
        for key, value in record.intent_data.get("metadata", {}).items():
            form[f"metadata[{key}]"] = value
        for name in ("description", "receipt_email"):
            if name in record.intent_data:
                form[name] = record.intent_data[name]
        if confirm:
            form.update(confirm="true", payment_method="pm_card_visa")
        body = await self._post("/v1/payment_intents", record.api_key, form)
        return body.get("id") if body else None

    async def confirm_intent(self, record: SessionRecord, intent_id: str) -> bool:
        path = f"/v1/payment_intents/{intent_id}/confirm"
        body = await self._post(path, record.api_key, {"payment_method": "pm_card_visa"})
        return body is not None

    async def _post(self, path: str, api_key: str, form: dict[str, str]) -> dict[str, Any] | None:
        try:
            response = await self._client.post(
                path, data=form, headers={"Authorization": f"Bearer {api_key}"}
            )
        except httpx.HTTPError as error:
            logger.warning("upstream %s failed: %s; using a sandbox-only id", path, error)
            return None
        if response.status_code >= 300:
            logger.warning(
                "upstream %s -> HTTP %s: %s; using a sandbox-only id",
                path, response.status_code, response.text[:200],
            )  # fmt: skip
            return None
        body: dict[str, Any] = response.json()
        return body


class CheckoutSandbox:
    def __init__(
        self,
        *,
        public_url: str,
        clock: Callable[[], float],
        webhooks: WebhookSender,
        sweep_limit: int = 100,
    ) -> None:
        self._public_url = public_url.rstrip("/")
        self._clock = clock
        self._webhooks = webhooks
        self._sweep_limit = sweep_limit
        self._lock = asyncio.Lock()
        self._sessions: dict[str, SessionRecord] = {}
        self.upstream: UpstreamPayments | None = None

    def now(self) -> int:
        return int(self._clock())

    # -- API ---------------------------------------------------------------------------

    async def create(self, api_key: str, raw: Params) -> StripeObject:
        request = parse_create(raw, self.now())
        created = self.now()
        session_id = objects.new_session_id()
        built = [objects.build_line_item(spec, created) for spec in request.line_items]
        session = objects.build_session(
            request, session_id, created, f"{self._public_url}/pay/{session_id}"
        )
        record = SessionRecord(
            session=session,
            line_items=[item for item, _ in built],
            products={product["id"]: product for _, product in built},
            intent_data=request.options.get("payment_intent_data", {}),
            api_key=api_key,
        )
        async with self._lock:
            self._sessions[session_id] = record
            return self._render(record, request.expand)

    async def retrieve(self, session_id: str, raw: Params) -> StripeObject:
        expand = self._expand_param(raw)
        async with self._lock:
            return self._render(self._get(session_id), expand)

    async def update(self, session_id: str, raw: Params) -> StripeObject:
        """Stripe's semantics for metadata: keys merge, a key set to "" is removed, and
        `metadata=""` removes them all."""
        params = UPDATE_PARAMS.coerce_root(raw)
        expand = check_expand(params.get("expand", []), SUPPORTED_EXPANSIONS)
        async with self._lock:
            record = self._get(session_id)
            if "metadata" in params:
                metadata = {} if raw.get("metadata") == "" else dict(record.session["metadata"])
                for key, value in params["metadata"].items():
                    if value:
                        metadata[key] = value
                    else:
                        metadata.pop(key, None)
                record.session["metadata"] = metadata
            return self._render(record, expand)

    async def expire(self, session_id: str, raw: Params) -> StripeObject:
        expand = self._expand_param(raw)
        async with self._lock:
            record = self._get(session_id)
            if not record.is_open:
                raise StripeError(
                    f"Only Checkout Sessions with a status of `open` can be expired; this one "
                    f"is `{record.session['status']}`.",
                    param="session",
                )
            self._expire(record)
            return self._render(record, expand)

    async def list_sessions(self, raw: Params) -> StripeObject:
        params = LIST_PARAMS.coerce_root(raw)
        expand = check_expand(params.get("expand", []), SUPPORTED_EXPANSIONS)
        async with self._lock:
            records = [self._get(sid) for sid in reversed(list(self._sessions))]  # newest first
            records = [r for r in records if _matches(r.session, params)]
            page, has_more = _paginate(records, params, lambda r: r.session["id"], "session")
            data = [self._render(r, expand) for r in page]
        return objects.list_object(data, "/v1/checkout/sessions", has_more)

    async def list_line_items(self, session_id: str, raw: Params) -> StripeObject:
        params = LINE_ITEM_LIST_PARAMS.coerce_root(raw)
        expand = check_expand(params.get("expand", []), _LINE_ITEM_EXPANSIONS)
        async with self._lock:
            record = self._get(session_id)
            page, has_more = _paginate(record.line_items, params, lambda i: i["id"], "item")
            data = [self._line_item(record, item, expand) for item in page]
        url = f"/v1/checkout/sessions/{session_id}/line_items"
        return objects.list_object(data, url, has_more)

    # -- hosted payment page -------------------------------------------------------------

    async def snapshot(self, session_id: str) -> SessionRecord:
        async with self._lock:
            return copy.deepcopy(self._get(session_id))

    async def pay(self, session_id: str) -> str:
        """Complete the session with the test card; returns the success redirect URL."""
        async with self._lock:
            record = self._open(session_id)
            intent_id = await self._succeeded_intent(record)
            objects.mark_complete(record.session, intent_id)
            self._emit("checkout.session.completed", record.session)
            return record.session["success_url"].replace("{CHECKOUT_SESSION_ID}", session_id)

    async def decline(self, session_id: str) -> SessionRecord:
        async with self._lock:
            record = self._open(session_id)
            intent_id = await self._reserve_intent(record)
            intent = objects.build_failed_payment_intent(
                intent_id, record.session, record.intent_data, self.now()
            )
            self._emit("payment_intent.payment_failed", intent)
            return copy.deepcopy(record)

    async def cancel(self, session_id: str) -> str | None:
        """Stripe leaves the session open on cancel: the shopper may come back to it."""
        async with self._lock:
            return self._open(session_id).session["cancel_url"]

    async def expire_from_page(self, session_id: str) -> SessionRecord:
        async with self._lock:
            record = self._open(session_id)
            self._expire(record)
            return copy.deepcopy(record)

    async def expire_due(self) -> int:
        """Expire open sessions past `expires_at` (at most `sweep_limit` per call)."""
        async with self._lock:
            now = self.now()
            due = [
                r for r in self._sessions.values()
                if r.is_open and r.session["expires_at"] <= now
            ][: self._sweep_limit]  # fmt: skip
            for record in due:
                self._expire(record)
            return len(due)

    # -- internals -----------------------------------------------------------------------

    def _get(self, session_id: str) -> SessionRecord:
        record = self._sessions.get(session_id)
        if record is None:
            raise SessionNotFound(session_id)
        # Expire lazily too, so reads never show an open session past its expiry.
        if record.is_open and record.session["expires_at"] <= self.now():
            self._expire(record)
        return record

    def _open(self, session_id: str) -> SessionRecord:
        record = self._get(session_id)
        if not record.is_open:
            raise SessionClosed(copy.deepcopy(record))
        return record

    def _expire(self, record: SessionRecord) -> None:
        objects.mark_expired(record.session)
        self._emit("checkout.session.expired", record.session)

    def _emit(self, event_type: str, obj: StripeObject) -> None:
        pending = 1 if self._webhooks.url else 0
        event = objects.build_event(event_type, copy.deepcopy(obj), self.now(), pending)
        self._webhooks.send(event)

    async def _reserve_intent(self, record: SessionRecord) -> str:
        """The PaymentIntent a failed attempt leaves behind (Stripe reuses it on retry)."""
        if record.payment_intent_id is None:
            await self._create_intent(record, confirm=False)
        assert record.payment_intent_id is not None
        return record.payment_intent_id

    async def _succeeded_intent(self, record: SessionRecord) -> str:
        if record.payment_intent_id is None:
            await self._create_intent(record, confirm=True)
        elif record.intent_in_upstream and self.upstream is not None:
            await self.upstream.confirm_intent(record, record.payment_intent_id)
        assert record.payment_intent_id is not None
        return record.payment_intent_id

    async def _create_intent(self, record: SessionRecord, *, confirm: bool) -> None:
        upstream_id = None
        if self.upstream is not None:
            upstream_id = await self.upstream.create_intent(record, confirm=confirm)
        record.intent_in_upstream = upstream_id is not None
        record.payment_intent_id = upstream_id or objects.new_id("pi_")

    def _render(self, record: SessionRecord, expand: list[str]) -> StripeObject:
        session = copy.deepcopy(record.session)
        if "line_items" in expand:
            items = [copy.deepcopy(item) for item in record.line_items]
            session["line_items"] = objects.list_object(
                items[:_EXPANDED_SUBLIST_SIZE],
                f"/v1/checkout/sessions/{session['id']}/line_items",
                len(items) > _EXPANDED_SUBLIST_SIZE,
            )
        return session

    @staticmethod
    def _line_item(record: SessionRecord, item: StripeObject, expand: list[str]) -> StripeObject:
        item = copy.deepcopy(item)
        if "data.price.product" in expand:
            item["price"]["product"] = copy.deepcopy(record.products[item["price"]["product"]])
        return item

    @staticmethod
    def _expand_param(raw: Params) -> list[str]:
        params = EXPAND_ONLY_PARAMS.coerce_root(raw)
        return check_expand(params.get("expand", []), SUPPORTED_EXPANSIONS)


def _matches(session: StripeObject, params: dict[str, Any]) -> bool:
    return all(
        session[name] == params[name] for name in ("payment_intent", "status") if name in params
    )


def _paginate(
    items: list[Any], params: dict[str, Any], key: Callable[[Any], str], kind: str
) -> tuple[list[Any], bool]:
    """Stripe cursor pagination over `items` (already in list order)."""
    limit = params.get("limit", 10)
    ids = [key(item) for item in items]
    if "starting_after" in params:
        start = _cursor_index(ids, params["starting_after"], "starting_after", kind) + 1
        return items[start : start + limit], len(items) > start + limit
    if "ending_before" in params:
        end = _cursor_index(ids, params["ending_before"], "ending_before", kind)
        return items[max(0, end - limit) : end], end - limit > 0
    return items[:limit], len(items) > limit


def _cursor_index(ids: list[str], cursor: str, param: str, kind: str) -> int:
    try:
        return ids.index(cursor)
    except ValueError:
        raise no_such(kind, cursor, param) from None
