"""A refinement by a specification: "something lighter?", "un plus grand écran ?", "vous avez plus
léger ?". The products of the same kind as the one in view whose catalog value beats it (less
weight, a bigger screen, a longer battery life), best first; said so when none does."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import FOCUS, in_view_now, language, product_card, shop
from assistant.conversation.product_questions import (
    comparative_said,
    is_comparison,
    is_which,
    measure_of,
    plain,
    shown_measure,
)
from assistant.conversation.search_request import PAGE_SIZE
from assistant.services.products import kind_asked, products_for_skus, search_products
from catalog.search import SearchQuery

KIND_READ = 50  # products of the kind read for a comparison, at most


def refined_by_a_specification(
    dispatcher: CollectingDispatcher, tracker: Tracker
) -> list[dict[str, Any]] | None:
    """The products that beat the one in view on the specification the message compares, or
    None when it compares none, names another kind, or the catalog does not measure it."""
    text = tracker.latest_message.get("text") or ""
    if text.startswith("/") or is_which(text) or is_comparison(text):
        return None  # "which one is lighter?" asks among the products shown
    comparative = comparative_said(text)
    in_view = in_view_now(tracker)
    if comparative is None or in_view is None or not in_view.category:
        return None
    kind = kind_asked(shop(), text)
    names_the_spec = comparative.concept.asked_in(plain(text))  # "screen" is a laptop's too
    if kind is not None and not names_the_spec and not in_view.category.startswith(kind):
        return None  # "a lighter jacket" with boots in view: a search for jackets
    reference = measure_of(in_view, comparative.concept)
    if reference is None:
        return None
    found = search_products(shop(), SearchQuery(category=in_view.category, limit=KIND_READ))
    products = products_for_skus(shop(), [hit.variants[0].sku for hit in found.hits])
    hits = {hit.group_id: hit for hit in found.hits}
    better = []
    for product in products:
        measured = measure_of(product, comparative.concept)
        if measured is None or product.group_id == in_view.group_id:
            continue
        beats = measured[0] < reference[0] if comparative.fewer else measured[0] > reference[0]
        if beats:
            better.append((measured[0], product))
    better.sort(key=lambda pair: pair[0], reverse=not comparative.fewer)
    lang = language(tracker)
    opening = f"{comparative.than(lang)} {_named(in_view.title, lang)}"
    value = shown_measure(reference[1], lang)
    if not better:
        dispatcher.utter_message(response="utter_nothing_beats", opening=opening, value=value)
        return [SlotSet(FOCUS, in_view.options[0].sku)]
    shown = [hits[product.group_id] for _, product in better[:PAGE_SIZE]]
    dispatcher.utter_message(
        response="utter_beats",
        opening=opening,
        value=value,
        elements=[product_card(hit, lang) for hit in shown],
    )
    return [
        SlotSet("last_results", [hit.variants[0].sku for hit in shown]),
        SlotSet(FOCUS, None),
        SlotSet("category", in_view.category),
    ]


def _named(title: str, lang: str) -> str:
    return f"« {title} »" if lang == "fr" else f"the {title}"
