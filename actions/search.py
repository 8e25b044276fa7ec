"""action_search_products: search, refine ("in blue", "cheaper") and page ("show more")."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import variant_question
from actions.common import MovingOn, intent_payload, language, money, settings, shop
from assistant.conversation.search_request import SearchContext, next_context
from assistant.conversation.wording import french_names
from assistant.services.products import cheapest_price, search_products
from assistant.wording import say
from catalog.search import ProductHit


class ActionSearchProducts(MovingOn, Action):
    def name(self) -> str:
        return "action_search_products"

    def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        lang = language(tracker)
        config = settings()
        message = tracker.latest_message
        answered = variant_question.answer_when_searching(dispatcher, tracker)
        if answered is not None:
            return answered
        previous = _context_from_slots(tracker)
        cheapest = cheapest_price(shop(), tracker.get_slot("last_results") or [])
        context = next_context(
            intent=(message.get("intent") or {}).get("name", "search_product"),
            entities=message.get("entities") or [],
            previous=previous,
            message_text=message.get("text") or "",
            currency=config.default_currency,
            cheapest_shown_minor=cheapest,
        )
        if not (context.product or context.text or context.color or context.brand):
            dispatcher.utter_message(response="utter_ask_what_to_search")
            return []
        result = search_products(shop(), context.to_query())
        query = context.describe(lang, french_names())
        if not result.hits and cheapest and context.max_price_minor == cheapest - 1:
            # "Cheaper" when the cheapest is already on screen: say so, keep the search as it was.
            dispatcher.utter_message(
                response="utter_nothing_cheaper",
                query=previous.describe(lang, french_names()),
                price=money(cheapest, config.default_currency, lang),
            )
            return []
        if not result.hits:
            dispatcher.utter_message(response="utter_no_results", query=query)
        else:
            dispatcher.utter_message(
                response="utter_search_results",
                query=query,
                total=result.total,
                elements=[_element(hit, lang) for hit in result.hits],
            )
        return [
            *_context_slots(context),
            SlotSet("last_results", [hit.variants[0].sku for hit in result.hits]),
            variant_question.cleared(),  # a new search moves on from a size question
        ]


def _element(hit: ProductHit, lang: str) -> dict[str, Any]:
    """A Messenger generic-template element; REST clients get it as text plus buttons."""
    sku = hit.variants[0].sku
    return {
        "title": hit.title,
        "subtitle": f"{money(hit.price_minor, hit.currency, lang)} · {hit.brand}",
        "image_url": hit.image_link,
        "buttons": [
            {
                "type": "postback",
                "title": say("label_add_to_cart", lang),
                "payload": intent_payload("add_to_cart", sku=sku),
            },
            {
                "type": "postback",
                "title": say("label_details", lang),
                "payload": intent_payload("product_details", sku=sku),
            },
        ],
    }


def _context_from_slots(tracker: Tracker) -> SearchContext:
    def minor(slot: str) -> int | None:
        value = tracker.get_slot(slot)
        return int(value) if value is not None else None

    return SearchContext(
        product=tracker.get_slot("product"),
        color=tracker.get_slot("color"),
        size=tracker.get_slot("size"),
        brand=tracker.get_slot("brand"),
        min_price_minor=minor("min_price"),
        max_price_minor=minor("max_price"),
        offset=int(tracker.get_slot("results_offset") or 0),
    )


def _context_slots(context: SearchContext) -> list[dict[str, Any]]:
    return [
        SlotSet("product", context.product or (context.text or None)),
        SlotSet("color", context.color),
        SlotSet("size", context.size),
        SlotSet("brand", context.brand),
        SlotSet("min_price", context.min_price_minor),
        SlotSet("max_price", context.max_price_minor),
        SlotSet("results_offset", context.offset),
    ]
