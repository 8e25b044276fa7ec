"""Running Rasa actions without a Rasa server: rasa-sdk's own Tracker and CollectingDispatcher."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher


def tracker(
    text: str,
    intent: str,
    entities: list[dict[str, Any]] | None = None,
    sender: str = "shopper",
    *,
    active_loop: str | None = None,
    ran: tuple[str, ...] = (),
    history: tuple[dict[str, Any], ...] = (),
    **slots: Any,
) -> Tracker:
    """The tracker an action sees right after the shopper said `text` (classified `intent`),
    once the actions `ran` have run (a form's validation sees the form's own name last);
    `history`: the events of the turns before (see `earlier_message`, `earlier_reply`)."""
    message = {"event": "user", "text": text, "parse_data": {"intent": {"name": intent}}}
    events = [
        *history,
        {"event": "action", "name": "action_listen"},
        message,
        *({"event": "action", "name": name} for name in ran),
    ]
    return Tracker(
        sender_id=sender,
        slots={"language": "en", **slots},
        latest_message={
            "text": text,
            "intent": {"name": intent, "confidence": 0.9},
            "entities": entities or [],
            "intent_ranking": [],
        },
        events=events,
        paused=False,
        followup_action=None,
        active_loop={"name": active_loop} if active_loop else {},
        latest_action_name=ran[-1] if ran else "action_listen",
    )


def run(action: Action, state: Tracker) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """What the action said, and the slots it set (name -> value)."""
    messages, events = run_events(action, state)
    return messages, {event["name"]: event["value"] for event in events if event["event"] == "slot"}


def run_events(action: Action, state: Tracker) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """What the action said, and every event it returned (slots, follow-up actions)."""
    dispatcher = CollectingDispatcher()
    events = action.run(dispatcher, state, {})
    return dispatcher.messages, events


def entity(name: str, value: str, role: str | None = None) -> dict[str, Any]:
    found = {"entity": name, "value": value}
    return {**found, "role": role} if role else found


def earlier_message(text: str) -> dict[str, Any]:
    """An earlier message of the shopper's, for `tracker(history=...)`."""
    return {"event": "user", "text": text, "parse_data": {"intent": {"name": "search_product"}}}


def earlier_reply(response: str, **values: Any) -> dict[str, Any]:
    """An earlier reply of the bot's, as Rasa records it: the response's name and the values it
    was filled with, in the event's metadata."""
    return {"event": "bot", "text": response, "metadata": {"utter_action": response, **values}}
