"""action_fallback: the two-stage fallback for messages the model is unsure about."""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.cart import cart_lines, cart_total
from actions.catalog_first import understood_by_the_catalog
from actions.common import language, shop
from actions.details import GREETING_WORDS
from assistant.conversation import fallback
from assistant.nlu.utterance_kind import comes_back
from assistant.services.carts import view_cart
from assistant.wording import say


class ActionFallback(Action):
    """First time: suggest the likeliest intents. Again right after: offer help or a person."""

    def name(self) -> str:
        return "action_fallback"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        understood = understood_by_the_catalog(dispatcher, tracker, domain)
        if understood is not None:
            return understood
        lang = language(tracker)
        user_intents = [
            (event.get("parse_data") or {}).get("intent", {}).get("name")
            for event in tracker.events
            if event.get("event") == "user"
        ]
        if fallback.fallback_stage(user_intents[:-1]) == 2:
            dispatcher.utter_message(
                response="utter_fallback_offer_help",
                buttons=[
                    {"title": say("label_intent_help", lang), "payload": "/help"},
                    {"title": say("label_intent_human_handoff", lang), "payload": "/human_handoff"},
                ],
            )
            return []
        ranking = tracker.latest_message.get("intent_ranking") or []
        dispatcher.utter_message(
            response="utter_ask_rephrase",
            buttons=[
                {"title": say(f"label_intent_{intent}", lang), "payload": f"/{intent}"}
                for intent in fallback.suggested_intents(ranking)
            ],
        )
        return []


class _SmallTalkUnlessTheCatalogKnows:
    """A small-talk reply ("out of scope", a "yes" or "no" with nothing to confirm), unless the
    message was not small talk: "do u have chamomile" read as out of scope is a search, "c cb"
    read as a yes is a price question (see understood_by_the_catalog). A message that `bare`
    matches (a bare "yes") is always small talk. Not an `Action` itself: Rasa SDK registers
    every `Action` subclass it finds, and this one has no name."""

    response = ""
    bare = re.compile(r"(?!)")  # matches nothing: every message goes to the catalog first

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        text = tracker.latest_message.get("text") or ""
        if not self.bare.match(text.strip()):
            understood = understood_by_the_catalog(dispatcher, tracker, domain)
            if understood is not None:
                return understood
        dispatcher.utter_message(response=self.response)
        return []


class ActionOutOfScope(_SmallTalkUnlessTheCatalogKnows, Action):
    response = "utter_out_of_scope"

    def name(self) -> str:
        return "action_out_of_scope"


class ActionAffirm(_SmallTalkUnlessTheCatalogKnows, Action):
    response = "utter_affirm"
    bare = re.compile(
        r"^(?:y|yes|yeah|yep|yup|ok|okay|sure|fine|great|oui|ouais|ouaip|d'accord|dac|ok|"
        r"parfait|super|yes please|oui merci)\W*$",
        re.IGNORECASE,
    )

    def name(self) -> str:
        return "action_affirm"


class ActionThank(_SmallTalkUnlessTheCatalogKnows, Action):
    """ "You're welcome", unless the thanks came with more: "power bank pls" read as a thank-you
    is a search, "merci, et un pesto" an order."""

    response = "utter_thank"
    bare = re.compile(
        r"^\W*(?:(?:thanks?|thank you|thx|ty|cheers|ta|merci|merci beaucoup|merci bien|"
        r"great|perfect|super|parfait|nickel|cool|ok|okay|top)\W*)+$",
        re.IGNORECASE,
    )

    def name(self) -> str:
        return "action_thank"


class ActionDeny(_SmallTalkUnlessTheCatalogKnows, Action):
    response = "utter_deny"
    bare = re.compile(
        r"^(?:n|no|nope|nah|not really|no thanks|non|nan|non merci|pas vraiment|pas du tout)\W*$",
        re.IGNORECASE,
    )

    def name(self) -> str:
        return "action_deny"


class ActionHelp(_SmallTalkUnlessTheCatalogKnows, Action):
    """What the shop can do, unless the message was about a product ("elles sont en promo ?")."""

    response = "utter_help"
    bare = re.compile(
        r"^(?:help|help me|help please|aide|aide-moi|aidez-moi|\?+|what can you do|"
        r"que peux-tu faire|tu fais quoi)\W*$",
        re.IGNORECASE,
    )

    def name(self) -> str:
        return "action_help"


class ActionBotChallenge(_SmallTalkUnlessTheCatalogKnows, Action):
    """ "Are you a bot?", unless the message was about a product ("ça passe en machine ?")."""

    response = "utter_iamabot"

    def name(self) -> str:
        return "action_bot_challenge"


class ActionGreet(_SmallTalkUnlessTheCatalogKnows, Action):
    """Hello back, unless the greeting says more ("bonjour vous avez des robes ?")."""

    response = "utter_greet"
    bare = re.compile(
        rf"^\W*(?:(?:{GREETING_WORDS}|yo|re)"
        r"(?:\W+(?:there|all|everyone|tout le monde|a tous|à tous))?\W*)+$",
        re.IGNORECASE,
    )

    def name(self) -> str:
        return "action_greet"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        text = tracker.latest_message.get("text") or ""
        back = comes_back(text)
        if back or self.bare.match(text.strip()):
            # "hi again, where were we?": the basket they left, not the shop's introduction
            cart = view_cart(shop(), tracker.sender_id)
            if cart.lines:
                lang = language(tracker)
                lines, total = cart_lines(cart, lang), cart_total(cart, lang)
                dispatcher.utter_message(response="utter_welcome_back", lines=lines, total=total)
                return []
            if back:
                dispatcher.utter_message(response="utter_cart_empty")
                return []
        return super().run(dispatcher, tracker, domain)
