"""A meal through the actions, without a Rasa server: rasa-sdk's Tracker and CollectingDispatcher
on a real SQLite shop holding the demo catalog and the demo pizzeria, from "2 margheritas, one
with extra cheese, and a coke" through the delivery form to a placed order."""

from __future__ import annotations

import asyncio
import inspect
import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from rasa_sdk import Action
from rasa_sdk.executor import CollectingDispatcher

from actions.cart import ActionAddToCart, ActionConfirmCheckout
from actions.checkout import ActionCheckout
from actions.delivery import ValidateDeliveryForm
from actions.meals import ActionOrderMeal
from actions.menu import ActionMenuQuestion
from actions.orders import ActionOrderStatus
from actions.receipt import ActionSendOrderUpdate, ActionSendReceipt
from assistant.channels.send_api import receipt_message
from assistant.channels.send_api_contract import check_send
from assistant.commerce.items import LineKind
from assistant.commerce.order import OrderStatus
from assistant.conversation.departments import keeps_meal
from assistant.kernel.clock import utcnow
from assistant.kernel.database import session_scope
from assistant.kernel.money import format_money
from assistant.kernel.settings import get_settings
from assistant.schema import upgrade
from assistant.services.carts import view_cart
from assistant.services.checkout import place_order
from assistant.services.kitchen import advance_order
from assistant.services.meals import current_menu
from assistant.services.orders import shoppers_orders
from assistant.services.products import ShopCatalogWords
from assistant.services.unit_of_work import UnitOfWork
from assistant.services.views import OrderView
from assistant.wording import say
from catalog.menu.hours import next_slots
from catalog.menu.loader import load_menu, menu_from_database
from catalog.menu.menu import Menu
from catalog.menu.pricing import price_of
from testkit.actions import tracker
from testkit.databases import load_demo_menu
from testkit.paths import DEMO_MENU

Slots = dict[str, Any]


@pytest.fixture(scope="module")
def catalog_db(catalog_db: str) -> str:
    """The module's shop (see conftest: the demo catalog) with the demo pizzeria."""
    load_demo_menu(catalog_db)
    return catalog_db


@pytest.fixture
def shop_db(shop_db: str, monkeypatch: pytest.MonkeyPatch) -> str:
    # Checkout reaches no payment provider: the order is placed, its link not opened.
    monkeypatch.setenv("STRIPE_API_BASE", "http://127.0.0.1:9")
    monkeypatch.setenv("STRIPE_TIMEOUT_SECONDS", "0.5")
    get_settings.cache_clear()
    return shop_db


@pytest.fixture
def menu(catalog_db: str) -> Menu:
    with session_scope(catalog_db) as session:
        return menu_from_database(session)


class Conversation:
    """One shopper's turns: each action sees the slots the earlier ones set."""

    def __init__(self, sender: str, language: str) -> None:
        self.sender = sender
        self.slots: Slots = {"language": language}
        self.followups: list[str] = []
        self.events: list[dict[str, Any]] = []  # the last action's

    def say(
        self,
        action: Action,
        text: str,
        intent: str,
        entities: list[dict[str, Any]] | None = None,
        *,
        ran: tuple[str, ...] = (),
        active_loop: str | None = None,
    ) -> list[dict[str, Any]]:
        """What `action` said to `text`, run after the actions `ran` (see testkit.actions)."""
        dispatcher = CollectingDispatcher()
        state = tracker(
            text, intent, entities, self.sender, ran=ran, active_loop=active_loop, **self.slots
        )
        events = action.run(dispatcher, state, {})
        if inspect.isawaitable(events):
            events = asyncio.run(events)
        self.events = events
        for event in events:
            if event["event"] == "slot":
                self.slots[event["name"]] = event["value"]
            elif event["event"] == "followup":
                self.followups.append(event["name"])
        return dispatcher.messages


def unit_price(menu: Menu, sku: str, **chosen: list[str]) -> int:
    dish = menu.dish(sku)
    assert dish is not None
    return price_of(dish, chosen).unit_price_minor


@pytest.mark.parametrize(
    ("language", "order_text", "address_text", "phone_text"),
    [
        (
            "en",
            "2 margheritas, one with extra cheese, and a coke",
            "deliver to 12 rue Oberkampf 75011 tomorrow at 8pm",
            "my number is 06 12 34 56 78",
        ),
        (
            "fr",
            "2 margheritas dont une avec supplément fromage, et un coca",
            "livraison au 12 rue Oberkampf 75011 demain à 20h",
            "mon numéro : 06 12 34 56 78",
        ),
    ],
)
def test_a_meal_from_the_first_message_to_a_placed_order(
    shop_db: str,
    menu: Menu,
    sender: str,
    language: str,
    order_text: str,
    address_text: str,
    phone_text: str,
) -> None:
    talk = Conversation(sender, language)
    (added,) = talk.say(ActionOrderMeal(), order_text, "order_meal")
    plain = unit_price(menu, "PIZZA-MARGHERITA")
    cheese = unit_price(menu, "PIZZA-MARGHERITA", extras=["extra-cheese"])
    cola = unit_price(menu, "DRINK-COLA")
    subtotal = plain + cheese + cola
    assert added["response"] == "utter_meal_added"
    assert added["subtotal"] == format_money(subtotal, "EUR", language)
    assert [b["payload"] for b in added["buttons"]] == ["/checkout", "/ask_menu"]
    cart = view_cart(UnitOfWork(shop_db), sender)
    assert sorted(
        (line.sku, line.quantity, line.unit_price_minor) for line in cart.lines
    ) == sorted(
        [("DRINK-COLA", 1, cola), ("PIZZA-MARGHERITA", 1, cheese), ("PIZZA-MARGHERITA", 1, plain)]
    )
    assert any("fromage" in line.title or "cheese" in line.title for line in cart.lines)

    # Checkout with no delivery yet starts the form, which asks what is missing.
    assert talk.say(ActionConfirmCheckout(), "checkout", "checkout") == []
    assert talk.followups == ["delivery_form"]
    talk.say(ValidateDeliveryForm(), "checkout", "checkout")
    assert talk.slots["requested_slot"] == "delivery_mode"
    assert talk.say(ValidateDeliveryForm(), address_text, "give_delivery_details") == []
    assert talk.slots["delivery_mode"] == "delivery"
    assert talk.slots["delivery_postcode"] == "75011"
    assert talk.slots["requested_slot"] == "delivery_phone"
    talk.say(ValidateDeliveryForm(), phone_text, "give_delivery_details")
    assert talk.slots["delivery_phone"] == "+33612345678"
    assert talk.slots["requested_slot"] is None  # the form is done

    fee = menu.restaurant.delivery_fee_minor
    (confirm,) = talk.say(ActionConfirmCheckout(), "", "checkout")
    assert confirm["response"] == "utter_confirm_meal_checkout"
    assert confirm["total"] == format_money(subtotal + fee, "EUR", language)
    assert "12 rue Oberkampf" in confirm["delivery"] and "+33612345678" in confirm["delivery"]
    assert talk.slots["pending_confirmation"] == "checkout"

    (unavailable,) = talk.say(ActionCheckout(), "yes", "affirm")
    assert unavailable["response"] == "utter_payment_unavailable"  # the order is kept
    (order,) = shoppers_orders(UnitOfWork(shop_db), sender, None)
    assert order.total_minor == subtotal + fee
    fees = [line for line in order.lines if line.kind == LineKind.FEE]
    assert [(line.quantity, line.unit_price_minor) for line in fees] == [(1, fee)]
    assert order.delivery is not None and order.delivery.postcode == "75011"
    assert order.delivery.phone == "+33612345678" and order.delivery.time is not None


def test_an_edit_changes_the_meal_already_in_the_cart(
    shop_db: str, menu: Menu, sender: str
) -> None:
    talk = Conversation(sender, "en")
    talk.say(ActionOrderMeal(), "a margherita and a tiramisu", "order_meal")
    (updated,) = talk.say(ActionOrderMeal(), "make the margherita large", "order_meal")
    assert updated["response"] == "utter_meal_updated"
    cart = view_cart(UnitOfWork(shop_db), sender)
    large = unit_price(menu, "PIZZA-MARGHERITA", size=["large"])
    assert sorted((line.sku, line.unit_price_minor) for line in cart.lines) == [
        ("DESSERT-TIRAMISU", unit_price(menu, "DESSERT-TIRAMISU")),
        ("PIZZA-MARGHERITA", large),
    ]


def test_a_section_without_a_dish_is_asked_with_its_dishes(
    shop_db: str, menu: Menu, sender: str
) -> None:
    talk = Conversation(sender, "en")
    (question,) = talk.say(ActionOrderMeal(), "two salads please", "order_meal")
    assert question["response"] == "utter_meal_which_dish"
    salads = [dish.sku for dish in menu.dishes if dish.category == "salad"]
    assert [b["payload"] for b in question["buttons"]] == [
        f'/order_meal{{"sku": "{sku}"}}' for sku in salads
    ]
    (added,) = talk.say(
        ActionOrderMeal(), question["buttons"][0]["payload"], "order_meal",
        [{"entity": "sku", "value": salads[0]}],
    )  # fmt: skip
    assert added["response"] == "utter_meal_added"
    [line] = view_cart(UnitOfWork(shop_db), sender).lines
    assert (line.sku, line.quantity) == (salads[0], 2)
    assert talk.slots["meal_question"] is None


def test_a_meal_and_goods_are_paid_apart_both_ways(shop_db: str, sender: str) -> None:
    talk = Conversation(sender, "en")
    talk.say(ActionOrderMeal(), "a margherita", "order_meal")
    (refused,) = talk.say(
        ActionAddToCart(), "/add_to_cart", "add_to_cart",
        [{"entity": "sku", "value": "TS-CLASSIC-RED-M"}, {"entity": "quantity", "value": "1"}],
    )  # fmt: skip
    assert refused["response"] == "utter_mixed_basket_goods"
    assert [b["payload"] for b in refused["buttons"]] == ["/checkout", "/view_cart"]

    other = Conversation(f"{sender}-goods", "fr")
    other.say(
        ActionAddToCart(), "/add_to_cart", "add_to_cart",
        [{"entity": "sku", "value": "TS-CLASSIC-RED-M"}, {"entity": "quantity", "value": "1"}],
    )  # fmt: skip
    (refused,) = other.say(ActionOrderMeal(), "une margherita", "order_meal")
    assert refused["response"] == "utter_mixed_basket_meal"
    kinds = {line.kind for line in view_cart(UnitOfWork(shop_db), other.sender).lines}
    assert kinds == {LineKind.PRODUCT}


def test_an_address_outside_the_zone_is_refused_with_the_zone_and_pickup(
    shop_db: str, sender: str
) -> None:
    talk = Conversation(sender, "en")
    talk.say(ActionOrderMeal(), "2 reines", "order_meal")
    (refused,) = talk.say(
        ValidateDeliveryForm(),
        "deliver to 5 avenue Foch 75016 tomorrow at 8pm",
        "give_delivery_details",
    )
    assert refused["response"] == "utter_delivery_outside_zone"
    assert refused["postcode"] == "75016" and refused["zone"] == "75001–75011"
    assert [b["payload"] for b in refused["buttons"]] == [
        '/give_delivery_details{"delivery_mode": "pickup"}'
    ]
    assert talk.slots["delivery_postcode"] is None
    assert talk.slots["requested_slot"] == "delivery_address"


def test_a_time_the_kitchen_is_closed_offers_the_next_slots(
    shop_db: str, menu: Menu, sender: str
) -> None:
    talk = Conversation(sender, "en")
    talk.say(ActionOrderMeal(), "2 diavolas", "order_meal")
    (closed,) = talk.say(
        ValidateDeliveryForm(), "pickup tomorrow at 4am, 06 12 34 56 78", "give_delivery_details"
    )
    assert closed["response"] == "utter_delivery_closed"
    expected = next_slots(menu.restaurant, utcnow(), 4, for_delivery=False)
    offered = [b["payload"] for b in closed["buttons"]]
    assert offered == [
        f'/give_delivery_details{{"delivery_time": "{slot.isoformat()}"}}' for slot in expected
    ]
    assert talk.slots["delivery_time"] is None and talk.slots["requested_slot"] == "delivery_time"

    # Tapping a slot orders ahead for it: the form is done, a pickup has no fee.
    later = expected[-1]
    talk.say(
        ValidateDeliveryForm(), offered[-1], "give_delivery_details",
        [{"entity": "delivery_time", "value": later.isoformat()}],
    )  # fmt: skip
    assert talk.slots["requested_slot"] is None
    cart = view_cart(UnitOfWork(shop_db), sender)
    assert cart.delivery is not None and cart.delivery.time is not None
    assert abs(cart.delivery.time - later) < timedelta(seconds=1)
    assert all(line.kind != LineKind.FEE for line in cart.lines)


FORM = "delivery_form"


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("what pizzas do you have?", "ask_menu"),
        ("show me red shoes", "search_product"),
        ("a flight to Madrid tomorrow at 8pm", "search_flight"),
    ],
)
def test_the_delivery_form_steps_aside_for_the_rest_of_the_shop(
    shop_db: str, sender: str, text: str, intent: str
) -> None:
    talk = Conversation(sender, "en")
    talk.say(ActionOrderMeal(), "2 reines", "order_meal")
    talk.say(ActionConfirmCheckout(), "checkout", "checkout")
    talk.say(ValidateDeliveryForm(), "checkout", "checkout", ran=("action_confirm_checkout", FORM))
    talk.say(ValidateDeliveryForm(), "delivery", "give_delivery_details", ran=(FORM,),
             active_loop=FORM)  # fmt: skip
    assert talk.slots["requested_slot"] == "delivery_address"
    asked = dict(talk.slots)

    # Nothing filled, nothing said: Rasa rejects the form and the menu, search or flights answer.
    assert talk.say(ValidateDeliveryForm(), text, intent, ran=(FORM,), active_loop=FORM) == []
    assert talk.events == [] and talk.slots == asked
    # The form resumes after that action, and does not read its message ("at 8pm") either.
    talk.say(ValidateDeliveryForm(), text, intent, ran=("action_other", FORM), active_loop=FORM)
    assert talk.slots == asked

    # An address the NLU took for something else is still read: it is what was asked.
    talk.say(ValidateDeliveryForm(), "12 rue Oberkampf 75011", intent, ran=(FORM,),
             active_loop=FORM)  # fmt: skip
    assert talk.slots["delivery_postcode"] == "75011"
    assert talk.slots["requested_slot"] == "delivery_time"


def test_after_a_product_search_a_product_message_is_not_the_kitchens(
    shop_db: str, sender: str
) -> None:
    """The demo shop sells chocolate and coffee too: read as a menu question or a meal order
    by the NLU, a message with no dish, no menu word goes back to the products."""
    talk = Conversation(sender, "en")
    talk.slots["department"] = "product"
    (answer,) = talk.say(ActionMenuQuestion(), "does the milk chocolate bar have nuts?", "ask_menu")
    assert answer["response"] != "utter_menu_answer" and "Chocolate" in str(answer)
    talk.say(ActionOrderMeal(), "2 bags of coffee and a decaf", "order_meal")
    skus = [line.sku for line in view_cart(UnitOfWork(shop_db), sender).lines]
    assert skus and all(sku.startswith("FD-") for sku in skus)  # the shop's, nothing of the menu
    # The shop sells pesto too: with the products, "pesto" is theirs ...
    (answer,) = talk.say(ActionMenuQuestion(), "is the pesto nut free?", "ask_menu")
    assert answer["response"] != "utter_menu_answer" and "Pesto" in str(answer)
    # ... a dish only the kitchen has is the kitchen's; then the kitchen keeps the turn.
    (answer,) = talk.say(ActionMenuQuestion(), "is the diavola spicy?", "ask_menu")
    assert answer["response"] == "utter_menu_answer" and talk.slots["department"] == "meal"
    (again,) = talk.say(ActionMenuQuestion(), "anything gluten free?", "ask_menu")
    assert again["response"] == "utter_menu_answer"


def test_menu_questions_answer_from_the_dish_data(shop_db: str, menu: Menu, sender: str) -> None:
    talk = Conversation(sender, "en")
    (pizzas,) = talk.say(ActionMenuQuestion(), "what pizzas do you have?", "ask_menu")
    assert pizzas["response"] == "utter_menu_section"
    for dish in menu.dishes:
        if dish.category == "pizza":
            assert (
                f"{dish.names.en}: {format_money(dish.price_minor, 'EUR', 'en')}" in pizzas["lines"]
            )
    (nuts,) = talk.say(ActionMenuQuestion(), "which pizzas contain nuts?", "ask_menu")
    with_nuts = [d.names.en for d in menu.dishes if d.category == "pizza" and "nuts" in d.allergens]
    assert nuts["response"] == "utter_menu_answer" and with_nuts
    assert all(name in nuts["answer"] for name in with_nuts)
    (zone,) = talk.say(ActionMenuQuestion(), "do you deliver to 75011?", "ask_menu")
    assert zone["response"] == "utter_delivery_zone"
    (hours,) = talk.say(ActionMenuQuestion(), "quand êtes-vous ouverts ?", "ask_menu")
    assert hours["response"] == "utter_restaurant_hours" and "11:30–14:30" in hours["hours"]


def paid_meal_order(shop_db: str, sender: str) -> OrderView:
    """A meal placed through the actions' use cases, then paid (as the Stripe event does)."""
    talk = Conversation(sender, "fr")
    talk.say(ActionOrderMeal(), "2 reines et un tiramisu", "order_meal")
    talk.say(
        ValidateDeliveryForm(),
        "livraison au 12 rue Oberkampf 75011 demain à 20h, 06 12 34 56 78",
        "give_delivery_details",
    )
    assert talk.slots["requested_slot"] is None
    uow = UnitOfWork(shop_db)
    placed = place_order(uow, sender, "fr")
    with uow:
        order = uow.orders.get(placed.id, lock=True)
        assert order is not None
        order.record_payment(order.total_minor, order.currency, "pi_meal")
        uow.commit()
        return OrderView.of(order)


def test_the_receipt_lists_dishes_the_fee_and_where_and_when(shop_db: str, sender: str) -> None:
    order = paid_meal_order(shop_db, sender)
    talk = Conversation(sender, "fr")
    said, told, sent = talk.say(
        ActionSendReceipt(), "", "payment_received", [{"entity": "order_id", "value": order.number}]
    )
    assert said["response"] == "utter_payment_received"
    assert told["response"] == "utter_meal_on_its_way" and "12 rue Oberkampf" in told["delivery"]
    receipt = sent["custom"]["receipt"]
    body = {
        "recipient": {"id": "1"},
        "messaging_type": "RESPONSE",
        "message": receipt_message(receipt),
    }
    assert check_send(body) == []
    fee = next(line for line in order.lines if line.kind == LineKind.FEE)
    titles = [element["title"] for element in receipt["elements"]]
    assert titles == [line.title for line in order.lines] and fee.title in titles
    fee_element = receipt["elements"][titles.index(fee.title)]
    assert "75011" in fee_element["subtitle"] and "20:00" in fee_element["subtitle"]
    assert receipt["summary"]["shipping_cost"] == fee.unit_price_minor / 100
    assert receipt["summary"]["total_cost"] == order.total_minor / 100


def test_each_kitchen_step_is_told_and_shown_in_the_order_status(shop_db: str, sender: str) -> None:
    order = paid_meal_order(shop_db, sender)
    talk = Conversation(sender, "fr")
    numbered = [{"entity": "order_id", "value": order.number}]
    assert talk.say(ActionSendOrderUpdate(), "", "order_update", numbered) == []  # still paid
    advance_order(UnitOfWork(shop_db), order.number, OrderStatus.PREPARING)
    (update,) = talk.say(ActionSendOrderUpdate(), "", "order_update", numbered)
    assert update == {**update, "response": "utter_order_step_preparing", "order": order.number}
    (status,) = talk.say(ActionOrderStatus(), "où est ma pizza ?", "order_status")
    assert say("label_status_preparing", "fr") in status["lines"]
    advance_order(UnitOfWork(shop_db), order.number, OrderStatus.OUT_FOR_DELIVERY)
    (update,) = talk.say(ActionSendOrderUpdate(), "", "order_update", numbered)
    assert update["response"] == "utter_order_step_out_for_delivery"
    assert talk.say(ActionSendOrderUpdate(), "", "order_update", numbered[:0]) == []


def test_a_required_choice_without_a_default_is_asked_with_quick_replies(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A restaurant whose burger needs its cooking chosen (no default): asked, then added."""
    lines = DEMO_MENU.read_text(encoding="utf-8").splitlines()
    burger = {
        "type": "dish", "sku": "BURGER", "category": "burger", "name": "Burger", "price": "12.00",
        "modifier_groups": [{
            "code": "cooking", "name": "Cooking", "name_fr": "Cuisson", "kind": "choice",
            "min": 1, "max": 1,
            "modifiers": [{"code": "rare", "name": "Rare", "name_fr": "Saignant", "price": "0"},
                          {"code": "well-done", "name": "Well done", "name_fr": "Bien cuit",
                           "price": "0"}],
        }],
    }  # fmt: skip
    feed = tmp_path / "burgers.jsonl"
    feed.write_text("\n".join([lines[0], json.dumps(burger)]) + "\n", encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'burgers.db'}"
    upgrade(url)
    with session_scope(url) as session:
        assert load_menu(session, feed).rejected == 0
    monkeypatch.setenv("ASSISTANT_DATABASE_URL", url)
    get_settings.cache_clear()
    try:
        talk = Conversation("burger-lover", "fr")
        (question,) = talk.say(ActionOrderMeal(), "2 burgers", "order_meal")
        assert question["response"] == "utter_meal_ask_choice"
        assert [b["title"] for b in question["buttons"]] == ["Saignant", "Bien cuit"]
        assert view_cart(UnitOfWork(url), "burger-lover").lines == ()
        (added,) = talk.say(
            ActionOrderMeal(), question["buttons"][1]["payload"], "order_meal",
            [{"entity": "sku", "value": "BURGER"}, {"entity": "option", "value": "well-done"}],
        )  # fmt: skip
        assert added["response"] == "utter_meal_added"
        (line,) = view_cart(UnitOfWork(url), "burger-lover").lines
        assert (line.quantity, dict(line.details)["choices"]) == (2, {"cooking": ["well-done"]})
        assert "bien cuit" in line.title.lower()
    finally:
        get_settings.cache_clear()


def test_a_delivery_under_the_minimum_offers_pickup_or_the_menu(
    shop_db: str, menu: Menu, sender: str
) -> None:
    talk = Conversation(sender, "en")
    talk.say(ActionOrderMeal(), "a coke", "order_meal")
    (short,) = talk.say(
        ValidateDeliveryForm(), "deliver to 12 rue Oberkampf 75011 tomorrow at 8pm",
        "give_delivery_details",
    )  # fmt: skip
    minimum = menu.restaurant.minimum_order_minor
    assert short["response"] == "utter_delivery_under_minimum"
    assert short["minimum"] == format_money(minimum, "EUR", "en")
    assert short["missing"] == format_money(minimum - unit_price(menu, "DRINK-COLA"), "EUR", "en")
    assert [b["payload"] for b in short["buttons"]] == [
        '/give_delivery_details{"delivery_mode": "pickup"}',
        "/ask_menu",
    ]
    assert talk.slots["delivery_mode"] is None and talk.slots["requested_slot"] == "delivery_mode"
    talk.say(ValidateDeliveryForm(), short["buttons"][0]["payload"], "give_delivery_details",
             [{"entity": "delivery_mode", "value": "pickup"}])  # fmt: skip
    assert talk.slots["requested_slot"] == "delivery_phone"  # the time said before is kept


def test_checkout_asks_again_when_an_edit_took_the_meal_under_the_minimum(
    shop_db: str, sender: str
) -> None:
    talk = Conversation(sender, "en")
    talk.say(ActionOrderMeal(), "2 reines and a coke", "order_meal")
    talk.say(
        ValidateDeliveryForm(), "deliver to 12 rue Oberkampf 75011 tomorrow at 8pm, 0612345678",
        "give_delivery_details",
    )  # fmt: skip
    assert talk.slots["requested_slot"] is None
    talk.say(ActionOrderMeal(), "remove the reines", "order_meal")
    (short,) = talk.say(ActionConfirmCheckout(), "checkout", "checkout")
    assert short["response"] == "utter_delivery_under_minimum"
    assert talk.followups == ["delivery_form"]
    assert talk.slots["delivery_mode"] is None and talk.slots["delivery_phone"] == "+33612345678"
    assert "pending_confirmation" not in talk.slots


@pytest.mark.parametrize(
    ("text", "language", "department", "kitchen"),
    [
        ("2 margheritas, one with extra cheese, and a coke", "en", "product", True),
        ("water bottle that keeps drinks cold all day", "en", None, False),
        ("et des bouteilles d'eau ?", "fr", "product", False),
        ("une eau gazeuse", "fr", "product", True),
        # The demo shop sells a pesto sauce, the pizzeria a pesto pizza.
        ("et un pesto", "fr", "product", False),
        ("et un pesto", "fr", None, True),
        ("une pizza au pesto", "fr", "product", True),
        ("is the diavola spicy?", "en", "product", True),
    ],
)
def test_the_catalog_tells_a_dish_word_from_the_shops_products(
    shop_db: str, text: str, language: str, department: str | None, kitchen: bool
) -> None:
    uow = UnitOfWork(shop_db)
    menu = current_menu(uow)
    assert keeps_meal(text, language, department, menu, catalog=ShopCatalogWords(uow)) is kitchen
