"""Running our Rasa actions without a Rasa server: rasa-sdk's own Tracker and
CollectingDispatcher, as the action server builds them for a request."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher


def tracker(
    text: str,
    intent: str,
    entities: list[dict[str, Any]] | None = None,
    sender: str = "shopper",
    **slots: Any,
) -> Tracker:
    return Tracker(
        sender_id=sender,
        slots={"language": "en", **slots},
        latest_message={
            "text": text,
            "intent": {"name": intent, "confidence": 0.9},
            "entities": entities or [],
            "intent_ranking": [],
        },
        events=[],
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="action_listen",
    )


def run(action: Action, state: Tracker) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """What the action said, and the slots it set (name -> value)."""
    dispatcher = CollectingDispatcher()
    events = action.run(dispatcher, state, {})
    slots = {event["name"]: event["value"] for event in events if event["event"] == "slot"}
    return dispatcher.messages, slots


def entity(name: str, value: str, role: str | None = None) -> dict[str, Any]:
    found = {"entity": name, "value": value}
    return {**found, "role": role} if role else found
