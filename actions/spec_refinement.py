"""A refinement by a specification: "something lighter?", "un plus grand écran ?", "vous avez plus
léger ?". The products of the same kind as the one in view whose catalog value beats it (less
weight, a bigger screen, a longer battery life), best first; said so when none does."""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import FOCUS, in_view_now, language, product_card, shop, shown_named
from assistant.conversation.ordinals import ordinal_index
from assistant.conversation.product_questions import (
    Comparative,
    comparative_said,
    is_comparison,
    is_which,
    measure_of,
    plain,
    shown_measure,
)
from assistant.conversation.search_request import PAGE_SIZE
from assistant.services.products import kind_asked, products_for_skus, search_products
from assistant.services.views import ProductView
from catalog.search import SearchQuery
from catalog.text import fold

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
    if comparative is not None and (answered := _two_weighed(dispatcher, tracker, comparative)):
        return answered
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


# "... than the first?", "... que le premier ?": what the product asked about is weighed against
_THAN = re.compile(r"(?<![\w'])(?:than|que|qu')\s*(?P<other>[^?.!;]+)")


def _two_weighed(
    dispatcher: CollectingDispatcher, tracker: Tracker, comparative: Comparative
) -> list[dict[str, Any]] | None:
    """ "Does the second one have a bigger battery than the first?" of the products shown: yes
    or no, with both values; None unless the message weighs two products shown, each pointed at
    by its place or its name, that the catalog measures."""
    text = fold(tracker.latest_message.get("text") or "").lower()
    than = _THAN.search(text)
    shown = tracker.get_slot("last_results") or []
    if than is None or len(shown) < 2:
        return None
    views = products_for_skus(shop(), shown)
    asked, other = _one_shown(text[: than.start()], views), _one_shown(than["other"], views)
    if asked is None or other is None or asked.group_id == other.group_id:
        return None
    measured, reference = (
        measure_of(asked, comparative.concept),
        measure_of(other, comparative.concept),
    )
    if measured is None or reference is None:
        return None
    beats = measured[0] < reference[0] if comparative.fewer else measured[0] > reference[0]
    lang = language(tracker)
    dispatcher.utter_message(
        response="utter_compared_yes" if beats else "utter_compared_no",
        first=asked.title,
        first_value=shown_measure(measured[1], lang),
        second=other.title,
        second_value=shown_measure(reference[1], lang),
    )
    return [SlotSet(FOCUS, asked.options[0].sku)]


def _one_shown(words: str, views: list[ProductView]) -> ProductView | None:
    """The product shown that the words point at: by its place ("the second"), else by name."""
    place = ordinal_index(words, len(views))
    if place is not None:
        return views[place]
    return shown_named(words, [view.options[0].sku for view in views])


def _named(title: str, lang: str) -> str:
    return f"« {title} »" if lang == "fr" else f"the {title}"
