"""Meal use cases on SQLite and PostgreSQL: dishes into the cart, the mixed-basket rule, the
delivery and its fee, checkout to an order that keeps them, the kitchen steps told to the
shopper through Rasa's HTTP API, and the privacy path over the delivery's personal data."""

from __future__ import annotations

import json
import logging
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from typer.testing import CliRunner

from assistant.bootstrap import conversation_store, payment_gateway, shopper_notifier
from assistant.cli.catalog import app as catalog_cli
from assistant.cli.orders import app as orders_cli
from assistant.commerce.delivery import Delivery
from assistant.commerce.errors import IllegalTransition, MixedBasket
from assistant.commerce.items import LineKind
from assistant.commerce.order import OrderStatus, PaymentVerdict
from assistant.conversation.meal_basket import BasketLine
from assistant.kernel.clock import utcnow
from assistant.kernel.database import session_scope
from assistant.kernel.settings import Settings, get_settings
from assistant.services.carts import add_to_cart, set_quantity
from assistant.services.checkout import place_order
from assistant.services.kitchen import advance_order, tell_pending_steps, tell_step
from assistant.services.meals import (
    DeliveryNeeded,
    add_meal,
    current_menu,
    replace_meal_lines,
    set_delivery,
)
from assistant.services.orders import shoppers_orders
from assistant.services.privacy import export_shopper, forget_shopper
from assistant.services.unit_of_work import UnitOfWork
from assistant.services.views import OrderView
from catalog.menu.delivery import Accepted, Fulfilment, UnderMinimum
from catalog.menu.loader import menu_from_database
from catalog.menu.menu import Menu
from catalog.menu.pricing import price_of
from testkit.databases import load_demo_menu
from testkit.paths import DEMO_MENU
from testkit.shop import RASA_TOKEN, RasaRecorder

PHONE = "+33612345678"
CHEESE = (("extras", ("extra-cheese",)),)


@pytest.fixture
def menu_db(demo_db: str) -> str:
    """The demo catalog and the demo pizzeria."""
    load_demo_menu(demo_db)
    return demo_db


@pytest.fixture
def menu(menu_db: str) -> Menu:
    with session_scope(menu_db) as session:
        return menu_from_database(session)


def dinner_tomorrow(menu: Menu) -> datetime:
    """20:00 tomorrow in the restaurant's time zone: open, whatever time the test runs."""
    zone = ZoneInfo(menu.restaurant.timezone)
    day = (utcnow().astimezone(zone) + timedelta(days=1)).date()
    return datetime(day.year, day.month, day.day, 20, 0, tzinfo=zone)


def delivered(menu: Menu, postcode: str = "75011") -> Delivery:
    return Delivery(Fulfilment.DELIVERY, PHONE, "12 rue Oberkampf", postcode, dinner_tomorrow(menu))


def price(menu: Menu, sku: str, **chosen: list[str]) -> int:
    dish = menu.dish(sku)
    assert dish is not None
    return price_of(dish, chosen).unit_price_minor


def paid_meal(uow: UnitOfWork, menu: Menu, conversation: str) -> OrderView:
    add_meal(uow, conversation, [BasketLine("PIZZA-REINE", 2)], "fr")
    assert isinstance(set_delivery(uow, conversation, delivered(menu), "fr").check, Accepted)
    placed = place_order(uow, conversation, "fr")
    with uow:
        order = uow.orders.get(placed.id, lock=True)
        assert order is not None
        assert order.record_payment(order.total_minor, "EUR", "pi_meal") == PaymentVerdict.PAID
        uow.commit()
        return OrderView.of(order)


def test_dishes_merge_by_their_options_and_an_edit_replaces_them(menu_db: str, menu: Menu) -> None:
    uow = UnitOfWork(menu_db)
    add_meal(uow, "m1", [BasketLine("PIZZA-MARGHERITA", 1, CHEESE)], "en")
    cart = add_meal(uow, "m1", [BasketLine("PIZZA-MARGHERITA", 2, CHEESE)], "en")
    (line,) = cart.lines
    assert (line.kind, line.quantity) == (LineKind.MEAL, 3)
    assert line.unit_price_minor == price(menu, "PIZZA-MARGHERITA", extras=["extra-cheese"])
    assert dict(line.details)["choices"] == {"extras": ["extra-cheese"]}
    assert "cheese" in line.title.lower()

    cart = replace_meal_lines(uow, "m1", [BasketLine("DESSERT-TIRAMISU", 2)], "fr")
    assert [(line.sku, line.quantity) for line in cart.lines] == [("DESSERT-TIRAMISU", 2)]
    assert replace_meal_lines(uow, "m1", [], "fr").lines == ()


def test_a_meal_and_goods_never_share_a_cart(menu_db: str) -> None:
    uow = UnitOfWork(menu_db)
    add_to_cart(uow, "mixed-1", "TS-CLASSIC-RED-M")
    with pytest.raises(MixedBasket) as refused:
        add_meal(uow, "mixed-1", [BasketLine("PIZZA-REINE", 1)], "en")
    assert refused.value.details["in_cart"] == "product"
    add_meal(uow, "mixed-2", [BasketLine("PIZZA-REINE", 1)], "en")
    with pytest.raises(MixedBasket) as refused:
        add_to_cart(uow, "mixed-2", "TS-CLASSIC-RED-M")
    assert refused.value.details == {
        "in_cart": "meal", "adding": "product", "title": refused.value.details["title"],
    }  # fmt: skip


def test_delivery_fee_and_minimum_then_an_order_that_keeps_them(menu_db: str, menu: Menu) -> None:
    uow = UnitOfWork(menu_db)
    add_meal(uow, "d1", [BasketLine("DRINK-COLA", 1)], "en")
    with pytest.raises(DeliveryNeeded):
        place_order(uow, "d1", "en")
    short = set_delivery(uow, "d1", delivered(menu), "en")
    assert isinstance(short.check, UnderMinimum) and short.cart.delivery is None
    assert short.check.missing_minor == menu.restaurant.minimum_order_minor - price(
        menu, "DRINK-COLA"
    )

    add_meal(uow, "d1", [BasketLine("PIZZA-REINE", 2)], "en")
    quote = set_delivery(uow, "d1", delivered(menu), "en")
    assert isinstance(quote.check, Accepted)
    fee = menu.restaurant.delivery_fee_minor
    subtotal = 2 * price(menu, "PIZZA-REINE") + price(menu, "DRINK-COLA")
    assert (quote.cart.subtotal_minor, quote.cart.total_minor) == (subtotal, subtotal + fee)
    assert quote.cart.item_count == 3  # the fee is no item

    order = place_order(uow, "d1", "en")
    assert order.total_minor == subtotal + fee
    assert [(line.kind, line.unit_price_minor) for line in order.lines if line.kind == "fee"] == [
        (LineKind.FEE, fee)
    ]
    assert order.delivery == delivered(menu)


def test_a_pickup_has_no_fee_and_removing_the_last_dish_forgets_the_delivery(
    menu_db: str, menu: Menu
) -> None:
    uow = UnitOfWork(menu_db)
    cart = add_meal(uow, "p1", [BasketLine("PIZZA-REINE", 1)], "en")
    pickup = Delivery(Fulfilment.PICKUP, PHONE, time=dinner_tomorrow(menu))
    quote = set_delivery(uow, "p1", pickup, "en")
    assert isinstance(quote.check, Accepted) and quote.check.fee_minor == 0
    assert [line.kind for line in quote.cart.lines] == [LineKind.MEAL]
    assert set_quantity(uow, "p1", cart.lines[0].key, 0).delivery is None


def test_kitchen_steps_are_told_through_rasa_and_retried_after_a_failure(
    menu_db: str, menu: Menu, caplog: pytest.LogCaptureFixture
) -> None:
    uow = UnitOfWork(menu_db)
    order = paid_meal(uow, menu, "k1")
    with RasaRecorder().serve() as rasa:
        notifier = shopper_notifier(
            Settings(database_url=menu_db, RASA_URL=rasa.url, RASA_TOKEN=RASA_TOKEN, _env_file=None)  # type: ignore[call-arg]
        )
        rasa.failing = True
        advance_order(uow, order.number, OrderStatus.PREPARING)
        with caplog.at_level(logging.WARNING):
            assert not tell_step(uow, notifier, order.id)
        assert f"{order.number}: step preparing not told (attempt 1)" in caplog.text
        rasa.failing = False
        assert tell_pending_steps(uow, notifier) == 1
        assert tell_pending_steps(uow, notifier) == 0  # told once
        told = rasa.calls[-1]  # the failed attempt's calls came first
        assert told.path == "/conversations/k1/trigger_intent"
        assert told.body == {
            "name": "order_update",
            "entities": {"order_id": order.number, "order_step": "preparing"},
        }
    with pytest.raises(IllegalTransition):
        advance_order(uow, order.number, OrderStatus.PAID)
    (shown,) = shoppers_orders(uow, "k1", order.number)
    assert shown.status == OrderStatus.PREPARING


def test_the_advance_command_moves_the_order_and_tells_the_shopper(
    menu_db: str, menu: Menu, monkeypatch: pytest.MonkeyPatch
) -> None:
    order = paid_meal(UnitOfWork(menu_db), menu, "cli-1")
    with RasaRecorder().serve() as rasa:
        monkeypatch.setenv("ASSISTANT_DATABASE_URL", menu_db)
        monkeypatch.setenv("RASA_URL", rasa.url)
        monkeypatch.setenv("RASA_TOKEN", RASA_TOKEN)
        get_settings.cache_clear()
        try:
            runner = CliRunner()
            moved = runner.invoke(orders_cli, ["advance", order.number, "out_for_delivery"])
            assert moved.exit_code == 1 and "cannot go from paid" in moved.output
            moved = runner.invoke(orders_cli, ["advance", order.number, "preparing"])
            assert moved.exit_code == 0, moved.output
            assert "preparing (shopper told)" in moved.output
            goods = runner.invoke(orders_cli, ["advance", "ORD-9999", "preparing"])
            assert goods.exit_code == 1
        finally:
            get_settings.cache_clear()
        assert [call.body["entities"]["order_step"] for call in rasa.calls] == ["preparing"]


def test_a_menu_reloaded_by_the_command_is_read_again_at_once(
    menu_db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The menu is kept a minute per process; `assistant catalog load` forgets it in its own."""
    uow = UnitOfWork(menu_db)
    before = current_menu(uow).dish("PIZZA-MARGHERITA")
    assert before is not None and before.price_minor != 1900
    items = [json.loads(line) for line in DEMO_MENU.read_text(encoding="utf-8").splitlines()]
    next(item for item in items if item.get("sku") == "PIZZA-MARGHERITA")["price"] = "19.00"
    dearer = tmp_path / "menu.jsonl"
    dearer.write_text("\n".join(json.dumps(item) for item in items) + "\n", encoding="utf-8")
    monkeypatch.setenv("ASSISTANT_DATABASE_URL", menu_db)
    get_settings.cache_clear()
    try:
        loaded = CliRunner().invoke(catalog_cli, ["load", str(dearer)])
        assert loaded.exit_code == 0, loaded.output
    finally:
        get_settings.cache_clear()
    after = current_menu(uow).dish("PIZZA-MARGHERITA")
    assert after is not None and after.price_minor == 1900


def test_the_delivery_is_exported_then_erased_with_the_shopper(
    menu_db: str, menu: Menu, monkeypatch: pytest.MonkeyPatch
) -> None:
    uow = UnitOfWork(menu_db)
    order = paid_meal(uow, menu, "privacy-1")
    settings = Settings(database_url=menu_db, _env_file=None)
    store = conversation_store(settings)
    exported = export_shopper(uow, store, "privacy-1")
    (kept,) = exported["orders"]
    assert kept["delivery"]["address"] == "12 rue Oberkampf" and kept["delivery"]["phone"] == PHONE

    monkeypatch.setenv("STRIPE_API_BASE", "http://127.0.0.1:9")  # no checkout page to forget
    forget_shopper(uow, store, payment_gateway(settings), "privacy-1", "k" * 32)
    with uow:
        stored = uow.orders.get(order.id)
        assert stored is not None
        assert (stored.delivery_address, stored.delivery_postcode, stored.delivery_phone) == (
            None, None, None,
        )  # fmt: skip
        assert stored.total_minor == order.total_minor  # the accounts stay
