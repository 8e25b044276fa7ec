"""When the intent model is unsure, says "out of scope" or hears an order question, the catalog
may still know the message: a question about a product it names or points back at, a choice of
options or a quantity for the product in view ("2 bags", "6 paquets", "brown in 42"), a request
naming the shop's products or kinds of product ("do u have chamomile", "striped socks"), one
asking whether the shop sells something ("do u sell bikes"), or one with a price limit."""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.cart import add_product, variant_chosen
from actions.common import entity, hand_over, in_view_now, shop
from actions.details import (
    an_unsold_thing_named_alone,
    answer_if_product_question,
    asks_for_products,
    asks_the_shop_for_an_unsold_kind,
)
from actions.line_edits import line_edited
from actions.search import ActionSearchProducts
from assistant.conversation.search_request import asks_for_something, asks_to_put_in, orders
from assistant.nlu.utterance_kind import ASKING, calls_to_pay, kind_of
from assistant.services.products import is_shopping_request, searches_surely


def understood_unless_asked(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    domain: dict[str, Any],
    asking: re.Pattern[str],
) -> list[dict[str, Any]] | None:
    """For an intent that acts (a handoff pauses the bot, a cancellation asks to cancel): a
    message without any of the words `asking` for it that the catalog understands was
    misread ("et un pesto", "Do you sell umbrellas by any chance?"); the catalog's answer, or
    None to act."""
    text = tracker.latest_message.get("text") or ""
    if text.startswith("/") or asking.search(text):
        return None
    return understood_by_the_catalog(dispatcher, tracker, domain)


def understood_by_the_catalog(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    domain: dict[str, Any],
) -> list[dict[str, Any]] | None:
    """The catalog's answer, or None when it does not know the message either."""
    edited = line_edited(dispatcher, tracker)  # "nah forget the striped socks"
    if edited is not None:
        return edited
    text = tracker.latest_message.get("text") or ""
    if calls_to_pay(text) and kind_of(text) not in ASKING and not text.startswith("/"):
        # "Yep, let's get it paid for", "Thank you, off to the till": a call to pay
        return hand_over("action_confirm_checkout", dispatcher, tracker, domain)
    # "Could you add a slim power bank in white too?": an order, not a question
    ordering = orders(text)
    # "also, got any scarves?" with socks in view: the shop asked for what it does not sell
    shop_asked = asks_for_products(text) and asks_the_shop_for_an_unsold_kind(text)
    answered = None if ordering or shop_asked else answer_if_product_question(dispatcher, tracker)
    if answered is not None:
        return answered
    if not text or text.startswith("/"):
        return None
    chosen = variant_chosen(tracker)
    if chosen is not None:
        return add_product(dispatcher, tracker, chosen)
    if asks_to_put_in(text) and not is_shopping_request(shop(), text):
        # "chuck one in", "pop it in" read as small talk: an add of the product in view
        return hand_over("action_add_to_cart", dispatcher, tracker, domain)
    # A price limit is said only to search ("idée cadeau pour un gamer, max 100 balles").
    priced = entity(tracker, "price") is not None and tracker.get_slot("department") in {
        None,
        "product",
    }
    if (
        priced
        or asks_for_products(text)  # "do u sell bikes": the search says when the shop has none
        # "Et des bougies pour la table ?": a thing the shop sells none of, asked for
        or an_unsold_thing_named_alone(in_view_now(tracker), text)
        or asks_for_something(text)  # "bonjour, je cherche de quoi garder mon thé chaud"
        or is_shopping_request(shop(), text)
        or searches_surely(shop(), text)
    ):
        return ActionSearchProducts().act(dispatcher, tracker, domain)
    return None
