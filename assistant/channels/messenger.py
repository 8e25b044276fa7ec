"""Rasa channel for Facebook Messenger: `assistant.channels.messenger.MessengerInput`.

What Rasa's built-in `facebook` connector lacks, done here: X-Hub-Signature-256 checked in constant
time (403 otherwise), a body size limit, every entry and messaging item of a batch, an immediate
200 with the dialogue run in the background in order per sender, duplicates (same `mid`) dropped,
Facebook's limits enforced before sending, retries on transient Graph errors, `typing_on` when a
turn is slow, `get_output_channel()` so bot-initiated messages (the receipt) reach Messenger, and
a message asking several things handed to the dialogue one request at a time
(assistant.channels.one_request_each).

credentials.yml (values from the environment, see assistant/stack.py):
    assistant.channels.messenger.MessengerInput:
      verify: ${MESSENGER_VERIFY_TOKEN}
      secret: ${MESSENGER_APP_SECRET}
      page-access-token: ${MESSENGER_PAGE_ACCESS_TOKEN}
      graph-api-url: ${MESSENGER_GRAPH_API_URL}
      dedupe-redis-url: ${MESSENGER_DEDUPE_REDIS_URL}  # several replicas: where they share mids
      page-id: ${MESSENGER_PAGE_ID}  # entries for any other page are acknowledged and ignored
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
from collections import deque
from collections.abc import Awaitable, Callable, Iterable
from typing import Any

from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from rasa.shared.exceptions import RasaException
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from assistant.channels import send_api, webhook_events
from assistant.channels.dedupe import seen_keys
from assistant.channels.graph import GRAPH_API_URL, GraphClient
from assistant.channels.one_request_each import one_request_each, server_agent
from assistant.channels.signature import HEADER, SignatureError, verify
from assistant.shopper_ids import log_id
from assistant.wording import say

log = logging.getLogger(__name__)

MAX_BODY_BYTES = 256 * 1024  # Facebook's batches are a few KB; anything this big is not theirs.
TYPING_DELAY = 0.3  # seconds a turn may take before the shopper sees "typing…"
NO_TEXT = "…"
POST_PURCHASE_UPDATE = "POST_PURCHASE_UPDATE"

Job = Callable[[], Awaitable[None]]
LanguageOf = Callable[[str], Awaitable[str]]


class SenderQueues:
    """Run jobs in the background, one after the other per sender, senders side by side."""

    def __init__(self) -> None:
        self._queues: dict[str, deque[Job]] = {}
        self._tasks: set[asyncio.Task[None]] = set()

    def submit(self, sender: str, job: Job) -> None:
        queue = self._queues.get(sender)
        if queue is not None:
            queue.append(job)
            return
        self._queues[sender] = deque([job])
        task = asyncio.create_task(self._drain(sender))
        self._tasks.add(task)  # a reference, or the loop may drop the task
        task.add_done_callback(self._tasks.discard)

    async def _drain(self, sender: str) -> None:
        queue = self._queues[sender]
        try:
            while queue:
                job = queue.popleft()
                try:
                    await job()
                except Exception:
                    log.exception("messenger: handling a message from %s failed", log_id(sender))
        finally:
            del self._queues[sender]  # no await since the last check: nothing slips in between


class MessengerOutput(OutputChannel):
    """Sends Rasa's responses through the Send API, within Facebook's limits."""

    @classmethod
    def name(cls) -> str:
        return "messenger"

    def __init__(
        self,
        graph: GraphClient,
        language_of: LanguageOf,
        messaging_type: str = "RESPONSE",
        before_send: Callable[[], None] | None = None,
        tag: str = "",
    ) -> None:
        super().__init__()
        self.graph = graph
        self.language_of = language_of
        self.messaging_type = messaging_type
        self.tag = tag
        self.before_send = before_send

    async def _send(self, recipient_id: str, messages: Iterable[dict[str, Any]], what: str) -> None:
        for message in messages:
            if self.before_send is not None:
                self.before_send()
            body = {
                "recipient": {"id": recipient_id},
                "messaging_type": self.messaging_type,
                "message": message,
            }
            if self.tag:
                body["tag"] = self.tag
            # A failed send is logged by the client; the conversation goes on.
            await self.graph.post("me/messages", body, f"{what} to {log_id(recipient_id)}")

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        await self._send(recipient_id, send_api.text_messages(text), "text")

    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        more = (
            say("label_more_options", await self.language_of(recipient_id))
            if len(buttons) > 3
            else ""
        )
        await self._send(
            recipient_id, send_api.button_messages(text or "", buttons, more), "buttons"
        )

    async def send_quick_replies(
        self, recipient_id: str, text: str, quick_replies: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        empty = say("label_choose", await self.language_of(recipient_id)) if not text else NO_TEXT
        messages = send_api.quick_reply_messages(text or "", quick_replies, empty)
        await self._send(recipient_id, messages, "quick replies")

    async def send_elements(
        self, recipient_id: str, elements: Iterable[dict[str, Any]], **kwargs: Any
    ) -> None:
        await self._send(recipient_id, send_api.carousel_messages(elements), "carousel")

    async def send_image_url(self, recipient_id: str, image: str, **kwargs: Any) -> None:
        await self._send(recipient_id, send_api.image_message(image), "image")

    async def send_custom_json(
        self, recipient_id: str, json_message: dict[str, Any], **kwargs: Any
    ) -> None:
        """`{"receipt": {...}}` (receipt template) or `{"text": ..., "quick_replies": [...]}`."""
        if isinstance(json_message.get("receipt"), dict):
            await self._send_receipt(recipient_id, json_message["receipt"])
        elif isinstance(json_message.get("quick_replies"), list):
            await self.send_quick_replies(
                recipient_id, str(json_message.get("text") or ""), json_message["quick_replies"]
            )
        else:
            # Passing unknown JSON through would let Facebook reject it: say what was dropped.
            log.warning("messenger: unsupported custom message keys %s", sorted(json_message))

    async def _send_receipt(self, recipient_id: str, receipt: dict[str, Any]) -> None:
        try:
            message = send_api.receipt_message(receipt)
        except send_api.InvalidReceipt as error:
            log.error("messenger: receipt for %s not sendable: %s", log_id(recipient_id), error)
            summary = receipt.get("summary") if isinstance(receipt.get("summary"), dict) else {}
            text = say(
                "utter_payment_received",
                await self.language_of(recipient_id),
                order=receipt.get("order_number", ""),
                total=f"{summary.get('total_cost', '')} {receipt.get('currency', '')}".strip(),
            )
            await self.send_text_message(recipient_id, text)
            return
        await self._send(recipient_id, [message], "receipt")


class MessengerInput(InputChannel):
    """The webhook Facebook calls: /webhooks/messenger/webhook (GET verify, POST events)."""

    @classmethod
    def name(cls) -> str:
        return "messenger"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        if not credentials:
            cls.raise_missing_credentials_exception()
        missing = [k for k in ("verify", "secret", "page-access-token") if not credentials.get(k)]
        if missing:
            raise RasaException(
                "credentials.yml, assistant.channels.messenger.MessengerInput: "
                f"{', '.join(missing)} empty (set MESSENGER_VERIFY_TOKEN, MESSENGER_APP_SECRET, "
                "MESSENGER_PAGE_ACCESS_TOKEN, or run through `assistant run` for the sandbox)"
            )
        return cls(
            verify_token=str(credentials["verify"]),
            app_secret=str(credentials["secret"]),
            page_access_token=str(credentials["page-access-token"]),
            graph_api_url=str(credentials.get("graph-api-url") or GRAPH_API_URL),
            max_body_bytes=int(credentials.get("max-body-bytes") or MAX_BODY_BYTES),
            typing_delay=float(credentials.get("typing-delay") or TYPING_DELAY),
            send_attempts=int(credentials.get("send-attempts") or 4),
            referral_payload=str(credentials.get("referral-payload") or "/greet"),
            dedupe_redis_url=str(credentials.get("dedupe-redis-url") or ""),
            page_id=str(credentials.get("page-id") or ""),
        )

    def __init__(
        self,
        verify_token: str,
        app_secret: str,
        page_access_token: str,
        graph_api_url: str = GRAPH_API_URL,
        max_body_bytes: int = MAX_BODY_BYTES,
        typing_delay: float = TYPING_DELAY,
        send_attempts: int = 4,
        referral_payload: str = "/greet",
        dedupe_redis_url: str = "",
        page_id: str = "",
    ) -> None:
        self.verify_token = verify_token
        self.app_secret = app_secret
        self.page_id = page_id  # empty: entries are not checked (sandbox, local runs)
        self.graph = GraphClient(
            graph_api_url, page_access_token, app_secret=app_secret, attempts=send_attempts
        )
        self.max_body_bytes = max_body_bytes
        self.typing_delay = typing_delay
        self.referral_payload = referral_payload
        self.seen = seen_keys(dedupe_redis_url)
        self.queues = SenderQueues()
        self._app: Any = None  # the Sanic app, to read the shopper's language from the tracker

    async def language_of(self, sender_id: str) -> str:
        """The conversation's `language` slot (en when unknown): the shopper's locale."""
        store = getattr(server_agent(self._app), "tracker_store", None)
        if store is None:
            return "en"
        try:
            tracker = await store.retrieve(sender_id)
        except Exception:  # a tracker store outage must not stop the reply
            log.warning(
                "messenger: cannot read the tracker of %s for its language", log_id(sender_id)
            )
            return "en"
        return "fr" if tracker is not None and tracker.get_slot("language") == "fr" else "en"

    def get_output_channel(self) -> OutputChannel:
        # Bot-initiated: trigger_intent with output_channel=latest, which the shop uses only for
        # the receipt and a meal's kitchen steps. A late asynchronous payment lands outside
        # Messenger's 24-hour window, where Meta refuses `UPDATE`; a receipt and an order's
        # status are what the POST_PURCHASE_UPDATE tag is for.
        return MessengerOutput(
            self.graph, self.language_of, messaging_type="MESSAGE_TAG", tag=POST_PURCHASE_UPDATE
        )

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        hook = Blueprint("messenger_webhook", __name__)
        on_new_message = one_request_each(on_new_message, lambda: self._app)

        @hook.listener("after_server_start")
        async def remember_app(app: Any, _loop: Any) -> None:
            self._app = app

        @hook.listener("before_server_stop")
        async def close_client(_app: Any, _loop: Any) -> None:
            await self.graph.close()

        @hook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @hook.route("/webhook", methods=["GET"])
        async def verify_subscription(request: Request) -> HTTPResponse:
            token = request.args.get("hub.verify_token") or ""
            if request.args.get("hub.mode") == "subscribe" and hmac.compare_digest(
                token.encode(), self.verify_token.encode()
            ):
                return response.text(request.args.get("hub.challenge") or "")
            log.warning("messenger: webhook verification refused (wrong hub.verify_token)")
            return response.text("forbidden", status=403)

        @hook.route("/webhook", methods=["POST"], stream=True)
        async def receive(request: Request) -> HTTPResponse:
            body = await self._read_body(request)
            if body is None:
                return response.json({"error": "body too large"}, status=413)
            try:
                verify(self.app_secret, body, request.headers.get(HEADER))
            except SignatureError as error:
                log.warning("messenger: refused webhook: %s", error)
                return response.json({"error": "invalid signature"}, status=403)
            try:
                parsed = webhook_events.parse(json.loads(body), self.page_id)
            except (ValueError, RecursionError) as error:
                # RecursionError: JSON nested deeper than the parser goes; signed, still not ours.
                log.warning("messenger: refused webhook: %s", str(error)[:200])
                return response.json({"error": "malformed webhook"}, status=400)
            self._app = request.app
            if parsed.foreign_pages:
                log.warning(
                    "messenger: ignored entries for page(s) %s (this connector serves page %s)",
                    ", ".join(sorted(set(parsed.foreign_pages))),
                    self.page_id,
                )
            accepted = 0
            for event in parsed.events:
                if not await self.seen.first_time(event.dedupe_key):
                    log.info(
                        "messenger: duplicate %s from %s ignored",
                        event.kind,
                        log_id(event.sender_id),
                    )
                    continue
                accepted += 1
                self.queues.submit(event.sender_id, self._job(event, on_new_message))
            log.info(
                "messenger: webhook with %d event(s) queued, %d ignored",
                accepted,
                parsed.ignored + len(parsed.events) - accepted,
            )
            return response.json({"status": "EVENT_RECEIVED"})

        return hook

    async def _read_body(self, request: Request) -> bytes | None:
        """The raw body, or None as soon as it exceeds the limit (read no further)."""
        declared = request.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > self.max_body_bytes:
            return None
        chunks, size = [], 0
        while (chunk := await request.stream.read()) is not None:
            size += len(chunk)
            if size > self.max_body_bytes:
                return None
            chunks.append(chunk)
        return b"".join(chunks)

    def _job(
        self, event: webhook_events.Inbound, on_new_message: Callable[[UserMessage], Awaitable[Any]]
    ) -> Job:
        async def run() -> None:
            await self._handle(event, on_new_message)

        return run

    async def _handle(
        self, event: webhook_events.Inbound, on_new_message: Callable[[UserMessage], Awaitable[Any]]
    ) -> None:
        sender = event.sender_id
        if event.kind == webhook_events.ATTACHMENT:
            kind = event.attachment_type if event.attachment_type in {"image", "location"} else ""
            key = f"label_attachment_{kind}" if kind else "label_attachment"
            text = say(key, await self.language_of(sender))
            log.info(
                "messenger: %s attachment from %s answered", event.attachment_type, log_id(sender)
            )
            await MessengerOutput(self.graph, self.language_of).send_text_message(sender, text)
            return
        text = event.text
        if event.kind == webhook_events.REFERRAL and not text.startswith("/"):
            text = self.referral_payload  # m.me link or ad without an intent payload: say hello
        typing = asyncio.create_task(self._typing_on_after(sender))
        output = MessengerOutput(self.graph, self.language_of, before_send=typing.cancel)
        metadata = {"messenger": {"kind": event.kind, "referral": event.referral}}
        log.info("messenger: %s from %s", event.kind, log_id(sender))
        try:
            await on_new_message(
                UserMessage(
                    text,
                    output,
                    sender,
                    input_channel=self.name(),
                    message_id=event.dedupe_key,
                    metadata=metadata,
                )
            )
        finally:
            typing.cancel()

    async def _typing_on_after(self, sender: str) -> None:
        await asyncio.sleep(self.typing_delay)
        body = {"recipient": {"id": sender}, "sender_action": "typing_on"}
        await self.graph.post("me/messages", body, f"typing_on to {log_id(sender)}")
