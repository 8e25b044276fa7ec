"""action_handoff: record the request for a person and pause the bot in this conversation."""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ConversationPaused
from rasa_sdk.executor import CollectingDispatcher

from actions.catalog_first import understood_unless_asked
from actions.common import hand_over, language, shop
from assistant.services.handoffs import request_handoff

# Words that ask for a person, at a word's start ("Montreal" says no "real"). A message without
# any that the catalog understands ("et un pesto") was misread: pausing the bot on it would
# leave the shopper talking to no one.
# Not "supporte" (withstands), "is it called", "speaker", "real leather", "for six people",
# or "phone" alone: the shop sells phones and speakers, and takes meal orders.
_ASKS_FOR_A_PERSON = re.compile(
    r"(?<!\w)(?:human|person(?!\w)|someone|somebody|agent|staff|operator|"
    r"call(?!ed)|phone (?:me|us|you)|by phone|talk|speak(?!ers?(?!\w))|humain|personne(?!s)|"
    r"quelqu|conseill|customer (?:service|support|care)|representative|repr[ée]sentant|escalat|"
    r"vendeu|parler|appeler|(?:au|par) t[ée]l[ée]phone|service client|"
    # "le support client"; not "un support pour poser la tablette" (a stand)
    r"(?<!un )(?<!a )support(?!\w)(?!\s+(?:pour|for|de|du|d'|en|à|of)(?!\w))|"
    r"help ?desk|manager|responsable|complain|plainte|plaindre|refund|rembours|reclamation|"
    r"r[ée]clamation)",
    re.IGNORECASE,
)


def asks_for_a_person(text: str) -> bool:
    """The message has a word that asks for a person ("agent please", "parler à quelqu'un")."""
    return _ASKS_FOR_A_PERSON.search(text) is not None


class ActionHandoff(Action):
    def name(self) -> str:
        return "action_handoff"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        understood = understood_unless_asked(dispatcher, tracker, domain, _ASKS_FOR_A_PERSON)
        if understood is not None:
            return understood
        text = tracker.latest_message.get("text") or ""
        if not text.startswith("/") and not asks_for_a_person(text):
            # "ca supporte la sueur ?" read as a call for a person: not understood, said so
            # (asked again, the fallback offers a person); pausing would leave no one answering
            return hand_over("action_fallback", dispatcher, tracker, domain)
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
