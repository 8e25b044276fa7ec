"""action_menu_question: allergens and diets from the dish data, a section of the menu with
its prices, the opening hours and the delivery zone."""

from __future__ import annotations

from typing import Any

from babel.dates import get_day_names
from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.common import MovingOn, entity, hand_over, intent_payload, language, money, shop
from actions.meals import (
    IN_THE_KITCHEN,
    QUICK_REPLIES,
    QUICK_REPLY_TITLE,
    for_the_kitchen,
    section_name,
    when_text,
)
from assistant.conversation.menu_questions import (
    MenuAnswer,
    answer_menu_question,
    read_menu_question,
)
from assistant.conversation.restaurant_questions import (
    RestaurantTopic,
    restaurant_topic,
    sections_named,
)
from assistant.kernel.clock import utcnow
from assistant.services.meals import current_menu
from assistant.wording import say
from catalog.menu.hours import is_open, next_slots
from catalog.menu.loader import MenuNotFound
from catalog.menu.menu import Hours, Menu, Restaurant

TOPICS = {"nuts", "gluten", "milk", "eggs", "contains-meat", "spicy", "vegetarian", "vegan"}


def topic_name(topic: str, lang: str) -> str:
    return say(f"label_topic_{topic}", lang) if topic in TOPICS else topic


def answer_text(answer: MenuAnswer, menu: Menu, lang: str) -> str:
    """One line per dish named, or the dishes of the menu (or sections) that have the topic."""
    topic = topic_name(answer.topic, lang)
    names = {dish.sku: dish.names.in_language(lang) for dish in menu.dishes}
    if answer.named:
        verdict = {True: "label_menu_fact_yes", False: "label_menu_fact_no", None: ""}
        return "\n".join(
            say(verdict[fact.has] or "label_menu_fact_unknown", lang, dish=names[fact.sku],
                topic=topic)
            for fact in answer.named
        )  # fmt: skip
    if not answer.which:
        return say("label_menu_which_none", lang, topic=topic)
    return say(
        "label_menu_which", lang, topic=topic, dishes=", ".join(names[s] for s in answer.which)
    )


def hours_text(hours: tuple[Hours, ...], lang: str) -> str:
    """ "every day 11:30–14:30, 18:30–22:30", or day by day when the days differ."""
    by_day = {
        day: ", ".join(
            f"{window.opens:%H:%M}–{window.closes:%H:%M}"
            for window in sorted(hours, key=lambda w: w.opens)
            if window.weekday == day
        )
        for day in range(7)
    }
    if len(set(by_day.values())) == 1:
        return f"{say('label_every_day', lang)} {by_day[0]}"
    names = get_day_names("abbreviated", locale="fr_FR" if lang == "fr" else "en_GB")
    return "; ".join(f"{names[day]} {text}" for day, text in by_day.items() if text)


def now_text(restaurant: Restaurant, lang: str) -> str:
    now = utcnow()
    if is_open(restaurant, now):
        return say("label_open_now", lang)
    upcoming = next_slots(restaurant, now, 1)
    following = when_text(upcoming[0], restaurant.timezone, lang) if upcoming else "-"
    return say("label_closed_now", lang, next=following)


class ActionMenuQuestion(MovingOn, Action):
    def name(self) -> str:
        return "action_menu_question"

    def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        lang = language(tracker)
        try:
            menu = current_menu(shop())
        except MenuNotFound:  # this shop has no restaurant: say so rather than fail
            dispatcher.utter_message(response="utter_no_restaurant")
            return []
        text = tracker.latest_message.get("text") or ""
        if not for_the_kitchen(tracker, text, lang, menu):
            # "is the dark chocolate nut free?"
            return hand_over("action_product_details", dispatcher, tracker, domain)
        self.answer(dispatcher, tracker, menu, text, lang)
        return [IN_THE_KITCHEN]

    def answer(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        menu: Menu,
        text: str,
        lang: str,
    ) -> None:
        """The menu, a section, the hours, the zone or an allergen answer, as asked."""
        restaurant = menu.restaurant
        question = read_menu_question(text, lang, menu)
        if question is not None:
            answer = answer_menu_question(question, menu)
            dispatcher.utter_message(
                response="utter_menu_answer", answer=answer_text(answer, menu, lang)
            )
            return
        topic = restaurant_topic(text)
        if topic is RestaurantTopic.HOURS:
            dispatcher.utter_message(
                response="utter_restaurant_hours",
                name=restaurant.name,
                hours=hours_text(restaurant.opening_hours, lang),
                now=now_text(restaurant, lang),
            )
            return
        if topic is RestaurantTopic.ZONE:
            dispatcher.utter_message(
                response="utter_delivery_zone",
                zone=", ".join(sorted(restaurant.delivery_postcodes)),
                fee=money(restaurant.delivery_fee_minor, restaurant.currency, lang),
                minimum=money(restaurant.minimum_order_minor, restaurant.currency, lang),
                address=restaurant.address,
            )
            return
        sections = [entity(tracker, "section") or "", *sections_named(text, lang, menu)]
        shown = next((section for section in sections if section), None)
        if shown is None:
            self.offer_sections(dispatcher, menu, lang)
            return
        dishes = [dish for dish in menu.dishes if dish.category == shown]
        dispatcher.utter_message(
            response="utter_menu_section",
            section=section_name(shown, lang),
            lines="\n".join(
                f"- {dish.names.in_language(lang)}: {money(dish.price_minor, dish.currency, lang)}"
                + (f" ({dish.description.in_language(lang)})" if dish.description.en else "")
                for dish in dishes
            ),
            buttons=[
                {
                    "title": dish.names.in_language(lang)[:QUICK_REPLY_TITLE],
                    "payload": intent_payload("order_meal", sku=dish.sku),
                }
                for dish in dishes
            ][:QUICK_REPLIES],
        )

    @staticmethod
    def offer_sections(dispatcher: CollectingDispatcher, menu: Menu, lang: str) -> None:
        sections = list(dict.fromkeys(dish.category for dish in menu.dishes))
        dispatcher.utter_message(
            response="utter_menu_sections",
            sections=", ".join(section_name(section, lang) for section in sections),
            buttons=[
                {
                    "title": section_name(section, lang).capitalize()[:QUICK_REPLY_TITLE],
                    "payload": intent_payload("ask_menu", section=section),
                }
                for section in sections
            ][:QUICK_REPLIES],
        )
