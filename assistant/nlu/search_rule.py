"""The shop's own rule on DIET's intent, without Rasa (tested alone; the component is
`assistant.nlu.search_intent.SearchIntentRule`). Why: see that module."""

from __future__ import annotations

from typing import Any

from assistant.nlu.price_mentions import PRICE

SEARCH, REFINE = "search_product", "refine_search"
# Intents whose messages may carry a price limit of their own.
PRICED = frozenset({SEARCH, REFINE, "search_flight", "order_meal", "ask_menu", "product_details"})
PRODUCT = "product"
# A rule is as sure as its premises: the price rules find no price in addresses or times.
RULE_CONFIDENCE = 1.0
# Intents that say nothing of the shop's products: a product named in one of them is looked for
# ("Hi, my girlfriend has very sensitive skin. Which T-shirt is good for her?" read as out of
# scope, a greeting or a thank-you).
OFF_THE_SHELVES = frozenset({"out_of_scope", "greet", "goodbye", "thank", "bot_challenge"})


def searched_intent(intent: str | None, entities: list[dict[str, Any]]) -> str | None:
    """The intent the shop's rule puts instead of `intent` (or confirms, at the rule's
    confidence), or None to keep DIET's reading."""
    named = {entity.get("entity") for entity in entities}
    if intent == REFINE and PRODUCT in named:
        return SEARCH
    if PRICE in named and intent in {SEARCH, REFINE}:
        return intent  # confirmed: a doubtful DIET must not send "max 100 balles" to the fallback
    if PRICE in named and intent not in PRICED:
        return SEARCH if PRODUCT in named else REFINE
    if PRODUCT in named and intent in OFF_THE_SHELVES:
        return SEARCH
    return None
