"""The load benchmark's purchase over the Messenger connector (`python -m bench load`).

The shopper posts signed webhook events (text, postbacks, quick replies) to the Rasa server's
Messenger webhook, which answers at once and handles the event in the background; the replies go
to a fake Graph API in this process (testkit's, indexed here by shopper). A message's latency is
from the post to the arrival of the send that ends its turn (the carousel, the size question, the
payment link, …), as a shopper would see it.
"""

from __future__ import annotations

import asyncio
import json
import random
import time
import uuid
from collections import defaultdict
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from assistant.channels.signature import HEADER, sign
from assistant.kernel.settings import (
    SANDBOX_MESSENGER_APP_SECRET,
    SANDBOX_MESSENGER_PAGE_ID,
    SANDBOX_MESSENGER_PAGE_TOKEN,
)
from bench.load_stats import Purchase, ScriptError
from testkit.messenger import FakeGraph

if TYPE_CHECKING:
    from bench.load import Session

TURN_TIMEOUT = 60.0  # seconds for a turn's last send to arrive
POLL = 0.02  # seconds between looks at the inbox (in this process: no HTTP)


class Inbox(FakeGraph):
    """testkit's fake Graph API with the stack's sandbox credentials; each shopper's messages
    are indexed as they arrive, so that waiting for one does not scan everyone's."""

    def __init__(self) -> None:
        self.by_psid: defaultdict[str, list[str]] = defaultdict(list)
        super().__init__(SANDBOX_MESSENGER_PAGE_TOKEN, app_secret=SANDBOX_MESSENGER_APP_SECRET)

    def _answer(
        self, path: str, headers: Mapping[str, str], raw: bytes
    ) -> tuple[int, dict[str, Any]]:
        status, answer = super()._answer(path, headers, raw)
        if status == 200:
            body = json.loads(raw)
            if "message" in body:
                with self._lock:
                    self.by_psid[body["recipient"]["id"]].append(
                        json.dumps(body["message"], ensure_ascii=False)
                    )
        return status, answer


class TurnError(ScriptError):
    """The turn's expected send did not arrive, or the webhook refused the event."""


class Shopper:
    def __init__(self, session: Session, inbox: Inbox, webhook: str) -> None:
        self.session, self.inbox, self.webhook = session, inbox, webhook
        self.psid = f"load-m-{uuid.uuid4().hex[:12]}"
        self.seen = 0

    def _item(self, **event: Any) -> dict[str, Any]:
        return {
            "sender": {"id": self.psid},
            "recipient": {"id": SANDBOX_MESSENGER_PAGE_ID},
            "timestamp": int(time.time() * 1000),
            **event,
        }

    def text(self, text: str) -> dict[str, Any]:
        return self._item(message={"mid": f"m-{uuid.uuid4().hex}", "text": text})

    def postback(self, title: str, payload: str) -> dict[str, Any]:
        return self._item(
            postback={"mid": f"m-{uuid.uuid4().hex}", "title": title, "payload": payload}
        )

    async def send(
        self, item: dict[str, Any], *until: str, timed: bool = True
    ) -> list[dict[str, Any]]:
        """Post one signed event; the sends up to the first holding one of `until`."""
        body = json.dumps(
            {"object": "page", "entry": [{"id": SANDBOX_MESSENGER_PAGE_ID, "messaging": [item]}]}
        ).encode()
        started = time.perf_counter()
        try:
            if item:
                response = await self.session.http.post(
                    self.webhook,
                    content=body,
                    headers={
                        "Content-Type": "application/json",
                        HEADER: sign(SANDBOX_MESSENGER_APP_SECRET, body),
                    },
                )
                response.raise_for_status()
            replies = await self._arrived(until)
        except Exception as error:
            self.session.errors += 1
            raise TurnError(f"{until[0]!r}: {type(error).__name__} {error}") from error
        if timed:
            self.session.latencies_ms.append((time.perf_counter() - started) * 1000)
        return replies

    async def _arrived(self, until: tuple[str, ...]) -> list[dict[str, Any]]:
        deadline = time.perf_counter() + TURN_TIMEOUT
        while time.perf_counter() < deadline:
            new = self.inbox.by_psid[self.psid][self.seen :]
            for index, message in enumerate(new):
                if any(marker in message for marker in until):
                    self.seen += index + 1
                    return [json.loads(m) for m in new[: index + 1]]
            await asyncio.sleep(POLL)
        raise TimeoutError(f"nothing holding {until} within {TURN_TIMEOUT:g} s")


def _template(messages: list[dict[str, Any]], kind: str) -> dict[str, Any]:
    for message in messages:
        payload = message.get("attachment", {}).get("payload", {})
        if payload.get("template_type") == kind:
            return dict(payload)
    raise TurnError(f"no {kind} template in {messages}")


def _size_buttons(messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The add-to-cart choices among the sends: template buttons or quick replies."""
    found = []
    for message in messages:
        payload = message.get("attachment", {}).get("payload", {})
        for choice in [*(payload.get("buttons") or []), *(message.get("quick_replies") or [])]:
            if str(choice.get("payload", "")).startswith("/add_to_cart"):
                found.append(choice)
    return found


async def messenger_conversation(session: Session, rng: random.Random) -> Purchase | None:
    """The REST script's purchase, as a Messenger shopper taps and types it."""
    bot = session.bot
    assert bot.inbox is not None and bot.stripe_url is not None
    shopper = Shopper(session, bot.inbox, f"{bot.rasa_url}/webhooks/messenger/webhook")
    await shopper.send(shopper.postback("Get Started", "/greet"), "shop assistant")
    await shopper.send(shopper.text("I'm looking for a t-shirt"), '"generic"')
    carousel = _template(await shopper.send(shopper.text("in red"), '"generic"'), "generic")
    add = carousel["elements"][0]["buttons"][0]
    sku = json.loads(add["payload"].removeprefix("/add_to_cart"))["sku"]
    # One size: added at once; several: "Which size…?" with a button per size (3 a message).
    replies = await shopper.send(shopper.postback(add["title"], add["payload"]), "× ", "Which size")
    sizes = _size_buttons(replies)
    if sizes:
        size = rng.choice(sizes)
        sku = json.loads(size["payload"].removeprefix("/add_to_cart"))["sku"]
        await shopper.send(shopper.postback(size["title"], size["payload"]), "× ")
    await shopper.send(shopper.text("show my cart"), "Total")
    await shopper.send(shopper.text("checkout"), "/affirm")
    link = _template(await shopper.send(shopper.postback("Yes", "/affirm"), '"web_url"'), "button")
    url = link["buttons"][0]["url"]
    if not url.startswith(f"{bot.stripe_url}/pay/"):
        raise TurnError(f"payment link {url} is not the sandbox's")
    page = await session.http.get(url)
    paid = await session.http.post(f"{url}/pay")
    purchase = Purchase(
        shopper.psid, sku, page.status_code == 200 and paid.status_code in {302, 303}
    )
    try:
        # The receipt comes unasked once the payment is in, then the shopper asks for the order.
        await shopper.send({}, '"receipt"', timed=False)
        await shopper.send(shopper.text("where is my order?"), "ORD-")
    except TurnError:
        pass  # counted as an error; the purchase is audited all the same
    return purchase
