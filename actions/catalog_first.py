"""When the intent model is unsure, says "out of scope" or hears an order question, the catalog
may still know the message: a question about a product it names or points back at, or a request
naming the shop's products or kinds of product ("do u have chamomile", "striped socks")."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.common import shop
from actions.details import answer_if_product_question
from actions.search import ActionSearchProducts
from assistant.services.products import is_shopping_request


def understood_by_the_catalog(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    domain: dict[str, Any],
) -> list[dict[str, Any]] | None:
    """The catalog's answer, or None when it does not know the message either."""
    answered = answer_if_product_question(dispatcher, tracker)
    if answered is not None:
        return answered
    text = tracker.latest_message.get("text") or ""
    if text and not text.startswith("/") and is_shopping_request(shop(), text):
        return ActionSearchProducts().act(dispatcher, tracker, domain)
    return None
