"""action_handoff: record the request for a person and pause the bot in this conversation."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ConversationPaused
from rasa_sdk.executor import CollectingDispatcher

from actions.common import language, shop
from assistant.services.handoffs import request_handoff


class ActionHandoff(Action):
    def name(self) -> str:
        return "action_handoff"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        request_handoff(
            shop(),
            tracker.sender_id,
            tracker.latest_message.get("text") or "",
            language(tracker),
        )
        dispatcher.utter_message(response="utter_handoff")
        # Rasa keeps recording a paused conversation's messages but predicts nothing for them,
        # until `assistant handoffs release` sends the `resume` event.
        return [ConversationPaused()]
