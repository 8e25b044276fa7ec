"""Hands the dialogue one request at a time: a message that asks for several things (see
assistant.channels.message_parts) reaches Rasa as the several messages the shopper could have
sent, in order, each answered through the same output channel.

Both of our channels wrap Rasa's `on_new_message` with it: the Messenger connector and the REST
channel (`assistant chat`, the web app, the tests). The intent model it may ask about a part is
the one the server runs (its agent's `parse_message`). A request said on the answer's condition
("Does it float? If so, the red one.") is handed on only when the answer before it met the
condition, or said neither yes nor no.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import UserMessage
from rasa.shared.core.events import SlotSet, UserUttered

from assistant.channels.message_parts import VERDICT_SLOT, requests_made
from assistant.nlu.spelled_numbers import numbers_in_figures

OnNewMessage = Callable[[UserMessage], Awaitable[Any]]
# The metadata key that keeps a message's words when only its request reached the dialogue
WHOLE_MESSAGE = "whole_message"


def server_agent(app: Any) -> Any:
    """The Rasa agent of the server's Sanic app (None before the app has started)."""
    return getattr(getattr(app, "ctx", None), "agent", None)


def one_request_each(on_new_message: OnNewMessage, app_of: Callable[[], Any]) -> OnNewMessage:
    """`on_new_message` called once per request of each message; `app_of()` is the server's
    Sanic app, whose agent's model reads a part with no request word (none before it loads)."""

    async def handle(message: UserMessage) -> None:
        agent = server_agent(app_of())
        ready = agent is not None and getattr(agent, "is_ready", lambda: False)()
        parse = agent.parse_message if ready else None
        # "size forty three", "one hundred and twenty eight gigabytes": dictated, in figures
        said = numbers_in_figures(message.text) if message.text else message.text
        requests = await requests_made(said, parse) if said else []
        if len(requests) < 2:
            if requests and requests[0].text != message.text:
                # "Black's fine lol. Black 39 please.": the one request, without its remarks;
                # the whole message stays in the metadata for whoever reads the conversation
                message = UserMessage(
                    requests[0].text,
                    message.output_channel,
                    message.sender_id,
                    input_channel=message.input_channel,
                    message_id=message.message_id,
                    metadata={**(message.metadata or {}), WHOLE_MESSAGE: message.text},
                )
            await on_new_message(message)
            return
        for number, request in enumerate(requests, start=1):
            if request.on_answer is not None and ready:
                # "Does it float? If so, the red one.": not after a "no"
                verdict = await last_verdict(agent, message.sender_id)
                if verdict in {"yes", "no"} and verdict != request.on_answer:
                    continue
            await on_new_message(
                UserMessage(
                    request.text,
                    message.output_channel,
                    message.sender_id,
                    input_channel=message.input_channel,
                    message_id=f"{message.message_id}:{number}",
                    metadata=message.metadata,
                )
            )

    return handle


async def last_verdict(agent: Any, sender_id: str) -> str | None:
    """The yes, no or unknown the dialogue answered the sender's last message with, if its
    answer was one (see the `answer_verdict` slot)."""
    tracker = await agent.tracker_store.retrieve(sender_id)
    for event in reversed(tracker.events if tracker is not None else []):
        if isinstance(event, UserUttered):
            return None
        if isinstance(event, SlotSet) and event.key == VERDICT_SLOT:
            return event.value
    return None
