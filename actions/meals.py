"""Meal actions: "2 margheritas, one with extra cheese, and a coke", edits of the meal in the
cart ("make the margherita large"), and the questions that pick one ("which salad?", "which
size?"). Understanding is `assistant.conversation`; prices, lines and refusals the use cases.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from babel.dates import format_date
from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import MovingOn, entity, hand_over, intent_payload, language, money, shop
from assistant.commerce.errors import MixedBasket, UnknownProduct
from assistant.commerce.items import MEAL_KINDS
from assistant.conversation.basket_edit import read_basket_edit
from assistant.conversation.departments import Department, keeps_meal
from assistant.conversation.meal_basket import BasketLine, OptionSaid, with_options
from assistant.conversation.meal_request import WhichDish, read_meal_order
from assistant.services.carts import view_cart
from assistant.services.meals import add_meal, current_menu, replace_meal_lines, stored_choices
from assistant.services.products import ShopCatalogWords, is_shopping_request
from assistant.services.views import CartView
from assistant.wording import say
from catalog.menu.loader import MenuNotFound
from catalog.menu.menu import Menu
from catalog.menu.pricing import ChoiceError, MissingChoice
from catalog.text import says_an_amount

Events = list[dict[str, Any]]
QUESTION = "meal_question"
QUICK_REPLIES, QUICK_REPLY_TITLE = 13, 20  # Messenger's limits
SECTIONS = ("pizza", "salad", "drink", "dessert")  # the demo menu's; others show as named


def section_name(category: str, lang: str) -> str:
    return say(f"label_section_{category}", lang) if category in SECTIONS else category


def basket_of(cart: CartView) -> tuple[BasketLine, ...]:
    """The cart's dishes as the basket the understanding edits."""
    return tuple(
        BasketLine(line.sku, line.quantity, stored_choices(dict(line.details)))
        for line in cart.lines
        if line.kind in MEAL_KINDS
    )


def when_text(moment: datetime | None, timezone: str, lang: str) -> str:
    """ "as soon as possible", or "on Wed 03/12 at 20:30" in the restaurant's time zone."""
    if moment is None:
        return say("label_when_asap", lang)
    local = moment.astimezone(ZoneInfo(timezone))
    day = format_date(local, "EEE dd/MM", locale="fr_FR" if lang == "fr" else "en_GB")
    return say("label_when_at", lang, day=day, time=local.strftime("%H:%M"))


def meal_lines(cart: CartView, lang: str) -> str:
    """ "2 × Margherita: €19.00" per line, dishes and fee alike."""
    return "\n".join(
        f"{line.quantity} × {line.title}: {money(line.total_minor, line.currency, lang)}"
        for line in cart.lines
    )


def meal_buttons(lang: str) -> list[dict[str, str]]:
    return [
        {"title": say("label_checkout", lang), "payload": "/checkout"},
        {"title": say("label_menu", lang), "payload": "/ask_menu"},
    ]


def say_summary(dispatcher: CollectingDispatcher, cart: CartView, lang: str, edited: bool) -> None:
    if not cart.has_meal:
        dispatcher.utter_message(response="utter_meal_emptied")
        return
    assert cart.currency is not None
    dispatcher.utter_message(
        response="utter_meal_updated" if edited else "utter_meal_added",
        lines=meal_lines(cart, lang),
        subtotal=money(cart.subtotal_minor, cart.currency, lang),
        buttons=meal_buttons(lang),
    )


def refuse_mixing(dispatcher: CollectingDispatcher, lang: str) -> None:
    dispatcher.utter_message(
        response="utter_mixed_basket_meal",
        buttons=[
            {"title": say("label_checkout", lang), "payload": "/checkout"},
            {"title": say("label_view_cart", lang), "payload": "/view_cart"},
        ],
    )


def ask_which_dish(
    dispatcher: CollectingDispatcher, menu: Menu, which: WhichDish, lang: str
) -> Events:
    """Quick replies of the section's dishes; the answer comes back with its SKU."""
    dispatcher.utter_message(
        response="utter_meal_which_dish",
        section=section_name(which.category, lang),
        buttons=[
            {
                "title": dish.names.in_language(lang)[:QUICK_REPLY_TITLE],
                "payload": intent_payload("order_meal", sku=dish.sku),
            }
            for dish in menu.dishes
            if dish.category == which.category
        ][:QUICK_REPLIES],
    )
    question = {
        "kind": "which",
        "category": which.category,
        "quantity": which.quantity,
        "options": [[said.phrase, said.negated] for said in which.options],
    }
    return [SlotSet(QUESTION, question)]


def ask_choice(
    dispatcher: CollectingDispatcher, missing: MissingChoice, line: BasketLine, lang: str
) -> Events:
    """A required group the shopper said nothing about, as quick replies of its modifiers."""
    group = missing.group
    assert group is not None
    dispatcher.utter_message(
        response="utter_meal_ask_choice",
        group=group.names.in_language(lang).lower(),
        dish=missing.dish.names.in_language(lang),
        buttons=[
            {
                "title": modifier.names.in_language(lang)[:QUICK_REPLY_TITLE],
                "payload": intent_payload("order_meal", sku=line.sku, option=modifier.code),
            }
            for modifier in group.modifiers
        ][:QUICK_REPLIES],
    )
    question = {
        "kind": "choice",
        "sku": line.sku,
        "quantity": line.quantity,
        "group": group.code,
        "choices": [[code, list(codes)] for code, codes in line.choices],
    }
    return [SlotSet(QUESTION, question)]


def answered_line(menu: Menu, tracker: Tracker) -> BasketLine | None:
    """The line a quick reply completes: the dish chosen for "which salad?", or the option
    chosen for "which size?", with the quantity and options said before."""
    question = tracker.get_slot(QUESTION) or {}
    sku = entity(tracker, "sku")
    dish = menu.dish(sku) if sku else None
    if dish is None:
        return None
    if not question:  # a dish's button under the menu: one, as it comes
        return BasketLine(dish.sku, 1)
    quantity = int(question.get("quantity") or 1)
    if question.get("kind") == "which":
        said = [OptionSaid(str(phrase), bool(negated)) for phrase, negated in question["options"]]
        choices, _ = with_options(dish, (), said)
        return BasketLine(dish.sku, quantity, choices)
    option = entity(tracker, "option")
    if question.get("kind") == "choice" and question.get("sku") == dish.sku and option:
        kept = {code: tuple(codes) for code, codes in question.get("choices") or []}
        kept[str(question["group"])] = (option,)
        return BasketLine(dish.sku, quantity, tuple(sorted(kept.items())))
    return None


# Set by every meal action: a message after it is the kitchen's unless it names something else.
IN_THE_KITCHEN = SlotSet("department", Department.MEAL)


def for_the_kitchen(tracker: Tracker, text: str, lang: str, menu: Menu) -> bool:
    """A meal intent is the kitchen's with a sign of the menu that names none of the shop's
    products, or while ordering a meal (see assistant.conversation.departments); a button's
    payload was the kitchen's own."""
    if text.startswith("/"):
        return True
    department = tracker.get_slot("department")
    packaged = says_an_amount(text) and is_shopping_request(shop(), text)
    if department != Department.MEAL and packaged:
        return False  # "je prends 2 pots de pesto": a jar the shop sells, no dish
    product_named = entity(tracker, "product") is not None
    return keeps_meal(
        text,
        lang,
        department,
        menu,
        product_named,
        catalog=ShopCatalogWords(shop()),
    )


class ActionOrderMeal(MovingOn, Action):
    def name(self) -> str:
        return "action_order_meal"

    def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> Events:
        lang = language(tracker)
        try:
            menu = current_menu(shop())
        except MenuNotFound:  # this shop has no restaurant: say so rather than fail
            dispatcher.utter_message(response="utter_no_restaurant")
            return []
        answered = answered_line(menu, tracker)
        if answered is not None:
            return [*self.add(dispatcher, tracker, [answered], lang), SlotSet(QUESTION, None)]
        text = tracker.latest_message.get("text") or ""
        if not for_the_kitchen(tracker, text, lang, menu):
            # "2 sachets de café et un déca"
            return hand_over("action_add_to_cart", dispatcher, tracker, domain)
        return [*self.order(dispatcher, tracker, menu, text, lang), IN_THE_KITCHEN]

    def order(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        menu: Menu,
        text: str,
        lang: str,
    ) -> Events:
        """Dishes added, or the basket edited, from the words of the message."""
        basket = basket_of(view_cart(shop(), tracker.sender_id))
        if basket:
            edit = read_basket_edit(text, lang, menu, basket)
            asks, unavailable, changed = edit.ask_which, edit.unavailable_options, edit.basket
        else:
            order = read_meal_order(text, lang, menu)
            asks, unavailable, changed = order.ask_which, order.unavailable_options, order.lines
        for sku, words in unavailable:
            dish = menu.dish(sku)
            dispatcher.utter_message(
                response="utter_meal_option_unavailable",
                dish=dish.names.in_language(lang) if dish else sku,
                options=words,
            )
        moved = tuple(changed) != tuple(basket)
        events: Events = []
        if moved:
            events = (self.replace if basket else self.add)(dispatcher, tracker, changed, lang)
        if asks:
            return [*events, *ask_which_dish(dispatcher, menu, asks[0], lang)]
        if not moved and not unavailable:
            dispatcher.utter_message(response="utter_meal_not_understood")
        return events

    def add(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        lines: list[BasketLine] | tuple[BasketLine, ...],
        lang: str,
    ) -> Events:
        try:
            cart = add_meal(shop(), tracker.sender_id, lines, lang)
        except MixedBasket:
            refuse_mixing(dispatcher, lang)
            return []
        except MissingChoice as missing:
            line = next(line for line in lines if line.sku == missing.dish.sku)
            return ask_choice(dispatcher, missing, line, lang)
        except (ChoiceError, UnknownProduct):
            dispatcher.utter_message(response="utter_meal_not_understood")
            return []
        say_summary(dispatcher, cart, lang, edited=False)
        return [SlotSet(QUESTION, None)]

    def replace(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        basket: list[BasketLine] | tuple[BasketLine, ...],
        lang: str,
    ) -> Events:
        try:
            cart = replace_meal_lines(shop(), tracker.sender_id, basket, lang)
        except MissingChoice as missing:
            line = next(line for line in basket if line.sku == missing.dish.sku)
            return ask_choice(dispatcher, missing, line, lang)
        except (ChoiceError, UnknownProduct):
            dispatcher.utter_message(response="utter_meal_not_understood")
            return []
        say_summary(dispatcher, cart, lang, edited=True)
        return [SlotSet(QUESTION, None)]
