"""The real MessengerInput inside a Sanic app, in the Rasa venv, with a scripted dialogue.

Run by testkit.messenger with .venv-rasa's Python. Channels are registered exactly as
`rasa run` registers them (rasa.core.channels.channel.register); only the agent is replaced by
a dialogue that records each UserMessage and answers what the message scripts:
    script:{"sleep": 1.5, "reply": [<Rasa response dicts>]}
or echoes the text. The tracker store is Rasa's InMemoryTrackerStore, so the connector reads the
shopper's language slot as it does in production.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
from typing import Any

from rasa.core.channels.channel import UserMessage, register
from rasa.core.tracker_store import InMemoryTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import SlotSet
from sanic import Sanic, response
from sanic.request import Request

from assistant.channels.messenger import MessengerInput

DOMAIN = Domain.from_dict(
    {"slots": {"language": {"type": "categorical", "values": ["en", "fr"], "mappings": []}}}
)


class ScriptedAgent:
    def __init__(self) -> None:
        self.tracker_store = InMemoryTrackerStore(DOMAIN)
        self.received: list[dict[str, Any]] = []

    async def handle_message(self, message: UserMessage) -> None:
        self.received.append(
            {
                "sender": message.sender_id,
                "text": message.text,
                "input_channel": message.input_channel,
                "message_id": message.message_id,
                "metadata": message.metadata,
            }
        )
        text = message.text or ""
        script = json.loads(text[7:]) if text.startswith("script:") else {}
        await asyncio.sleep(script.get("sleep", 0))
        replies = script.get("reply", [{"text": f"echo: {text}"}])
        for reply in replies:
            await message.output_channel.send_response(message.sender_id, dict(reply))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--credentials", required=True, help="JSON, as credentials.yml gives them")
    args = parser.parse_args()
    # At INFO, as `rasa run` logs by default: what production logs is what the tests read.
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s %(message)s")
    app = Sanic("messenger_harness")
    agent = ScriptedAgent()
    app.ctx.agent = agent
    channel = MessengerInput.from_credentials(json.loads(args.credentials))
    register([channel], app, route="/webhooks/")

    @app.get("/harness/received")
    async def received(_: Request) -> Any:
        return response.json(agent.received)

    @app.post("/harness/reset")
    async def reset(_: Request) -> Any:
        agent.received.clear()
        return response.json({})

    @app.post("/harness/language")
    async def language(request: Request) -> Any:
        tracker = await agent.tracker_store.get_or_create_tracker(request.json["sender"])
        tracker.update(SlotSet("language", request.json["language"]))
        await agent.tracker_store.save(tracker)
        return response.json({})

    @app.post("/harness/trigger")
    async def trigger(request: Request) -> Any:
        # What Rasa's trigger_intent does with output_channel=latest.
        output = channel.get_output_channel()
        for reply in request.json["reply"]:
            await output.send_response(request.json["sender"], dict(reply))
        return response.json({})

    app.run(host="127.0.0.1", port=args.port, access_log=False, motd=False)


if __name__ == "__main__":
    main()
