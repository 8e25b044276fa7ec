"""Hands the dialogue one request at a time: a message that asks for several things (see
assistant.channels.message_parts) reaches Rasa as the several messages the shopper could have
sent, in order, each answered through the same output channel.

Both of our channels wrap Rasa's `on_new_message` with it: the Messenger connector and the REST
channel (`assistant chat`, the web app, the tests). The intent model it may ask about a part is
the one the server runs (its agent's `parse_message`).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import UserMessage

from assistant.channels.message_parts import requests_in

OnNewMessage = Callable[[UserMessage], Awaitable[Any]]


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
        requests = await requests_in(message.text, parse) if message.text else []
        if len(requests) < 2:
            await on_new_message(message)
            return
        for number, text in enumerate(requests, start=1):
            await on_new_message(
                UserMessage(
                    text,
                    message.output_channel,
                    message.sender_id,
                    input_channel=message.input_channel,
                    message_id=f"{message.message_id}:{number}",
                    metadata=message.metadata,
                )
            )

    return handle
