"""action_handoff: record the request for a person and pause the bot in this conversation."""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ConversationPaused
from rasa_sdk.executor import CollectingDispatcher

from actions.catalog_first import understood_unless_asked
from actions.common import language, shop
from assistant.services.handoffs import request_handoff

# Words that ask for a person, at a word's start ("Montreal" says no "real"). A message without
# any that the catalog understands ("et un pesto") was misread: pausing the bot on it would
# leave the shopper talking to no one.
_ASKS_FOR_A_PERSON = re.compile(
    r"(?<!\w)(?:human|person|someone|somebody|agent|staff|operator|real(?!\w)|people|call|"
    r"phone|talk|speak|humain|personne|quelqu|conseill|vendeu|parler|appeler|t[ée]l[ée]phone|"
    r"service client|support|help ?desk|manager|responsable)",
    re.IGNORECASE,
)


class ActionHandoff(Action):
    def name(self) -> str:
        return "action_handoff"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        understood = understood_unless_asked(dispatcher, tracker, domain, _ASKS_FOR_A_PERSON)
        if understood is not None:
            return understood
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
