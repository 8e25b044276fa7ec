"""The restaurant's rules: a dish's price with its choices, opening hours and slots (DST days
included), and whether an order can be delivered."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from catalog.menu.delivery import (
    Accepted,
    Closed,
    Fulfilment,
    NoPickup,
    OutsideZone,
    UnderMinimum,
    delivery_check,
)
from catalog.menu.feed import MENU_JSONL
from catalog.menu.fields import hours as read_hours
from catalog.menu.hours import dish_available, is_open, next_slots, taking_orders
from catalog.menu.menu import Dish, GroupKind, Modifier, ModifierGroup, Names, Restaurant
from catalog.menu.pricing import (
    ChoiceError,
    MissingChoice,
    RepeatedChoice,
    TooFewChoices,
    TooManyChoices,
    UnknownGroup,
    UnknownModifier,
    price_of,
)
from catalog.menu.readers import read_menu
from testkit.paths import DEMO_MENU

PARIS = ZoneInfo("Europe/Paris")


def paris(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=PARIS)


def clock(moments: list[datetime]) -> list[str]:
    """Slots as the shopper reads them: local day and time."""
    return [f"{m.astimezone(PARIS):%a %H:%M}" for m in moments]


SIZE = ModifierGroup(
    "size",
    Names("Size", "Taille"),
    GroupKind.CHOICE,
    (
        Modifier("medium", Names("Medium", "Moyenne")),
        Modifier("large", Names("Large", "Grande"), 350),
    ),
    min_choices=1,
    default="medium",
)
EXTRAS = ModifierGroup(
    "extras",
    Names("Extras", "Suppléments"),
    GroupKind.EXTRA,
    (
        Modifier("extra-cheese", Names("Extra cheese", "Supplément fromage"), 200),
        Modifier("olives", Names("Olives"), 100),
        Modifier("spicy-oil", Names("Spicy oil", "Huile pimentée"), 50),
    ),
    max_choices=2,
)
REMOVALS = ModifierGroup(
    "removals",
    Names("Without", "Sans"),
    GroupKind.REMOVAL,
    (Modifier("no-onions", Names("No onions", "Sans oignons")),),
    max_choices=1,
)
SAUCE = ModifierGroup(
    "sauce",
    Names("Sauce"),
    GroupKind.CHOICE,
    (Modifier("tomato", Names("Tomato", "Tomate")), Modifier("cream", Names("Cream", "Crème"))),
    min_choices=1,
)
PIZZA = Dish(
    "PIZZA-M",
    Names("Margherita"),
    "pizza",
    1000,
    "EUR",
    modifier_groups=(SIZE, EXTRAS, REMOVALS),
)


def test_a_price_adds_the_chosen_modifiers_and_names_them_in_both_languages() -> None:
    priced = price_of(
        PIZZA, {"size": ["large"], "extras": ["extra-cheese"], "removals": ["no-onions"]}
    )
    assert (priced.unit_price_minor, priced.currency) == (1000 + 350 + 200, "EUR")
    assert priced.label.en == "Margherita (large, extra cheese, no onions)"
    assert priced.label.fr == "Margherita (grande, supplément fromage, sans oignons)"
    assert priced.chosen() == {
        "size": ["large"], "extras": ["extra-cheese"], "removals": ["no-onions"],
    }  # fmt: skip


def test_one_code_may_be_given_alone() -> None:
    assert price_of(PIZZA, {"size": "large"}).choices == (("size", ("large",)),)  # type: ignore[dict-item]


def test_saying_nothing_takes_the_defaults() -> None:
    priced = price_of(PIZZA, {})
    assert priced.unit_price_minor == 1000
    assert priced.choices == (("size", ("medium",)),)
    assert priced.label.en == "Margherita (medium)"
    assert price_of(replace(PIZZA, modifier_groups=()), {}).label.en == "Margherita"


def test_a_required_group_without_a_default_is_asked() -> None:
    pasta = replace(PIZZA, sku="PASTA", modifier_groups=(SAUCE,))
    with pytest.raises(MissingChoice) as raised:
        price_of(pasta, {})
    assert raised.value.group is SAUCE
    assert raised.value.dish is pasta
    assert price_of(pasta, {"sauce": ["cream"]}).label.fr == "Margherita (crème)"


@pytest.mark.parametrize(
    ("chosen", "error", "group"),
    [
        ({"extras": ["extra-cheese", "olives", "spicy-oil"]}, TooManyChoices, "extras"),
        ({"size": ["medium", "large"]}, TooManyChoices, "size"),
        ({"size": ["huge"]}, UnknownModifier, "size"),
        ({"extras": ["olives", "olives"]}, RepeatedChoice, "extras"),
        ({"crust": ["thin"]}, UnknownGroup, None),
    ],
)
def test_choices_that_break_a_rule_name_the_group(
    chosen: dict[str, list[str]], error: type[ChoiceError], group: str | None
) -> None:
    with pytest.raises(error) as raised:
        price_of(PIZZA, chosen)
    named = raised.value.group
    assert (named.code if named else None) == group
    assert PIZZA.sku in str(raised.value)


def test_too_few_choices() -> None:
    two_sauces = replace(SAUCE, min_choices=2, max_choices=2)
    with pytest.raises(TooFewChoices) as raised:
        price_of(replace(PIZZA, modifier_groups=(two_sauces,)), {"sauce": ["tomato"]})
    assert raised.value.count == 1


def test_the_demo_menu_prices_a_large_pizza_above_a_medium_one() -> None:
    menu = read_menu(DEMO_MENU, MENU_JSONL).menu
    for dish in menu.dishes:
        if dish.category == "pizza":
            medium, large = price_of(dish, {}), price_of(dish, {"size": ["large"]})
            assert large.unit_price_minor > medium.unit_price_minor == dish.price_minor


# The demo pizzeria, hand-made so these tests read on their own: every day 11:30-14:30 and
# 18:30-22:30 in Paris, 20 minutes to prepare, 30 to deliver.
RESTAURANT = Restaurant(
    slug="da-test",
    name="Da Test",
    timezone="Europe/Paris",
    currency="EUR",
    address="",
    opening_hours=read_hours("opening_hours", "daily 11:30-14:30, 18:30-22:30"),
    delivery_postcodes=frozenset({"75001", "75002"}),
    delivery_fee_minor=250,
    minimum_order_minor=1500,
    preparation_minutes=20,
    delivery_minutes=30,
)
WEDNESDAY = (2026, 12, 2)


def test_open_inside_the_windows_only() -> None:
    assert is_open(RESTAURANT, paris(*WEDNESDAY, 12))
    assert is_open(RESTAURANT, paris(*WEDNESDAY, 11, 30))
    assert not is_open(RESTAURANT, paris(*WEDNESDAY, 14, 30))  # closing time is closed
    assert not is_open(RESTAURANT, paris(*WEDNESDAY, 16))
    assert is_open(RESTAURANT, datetime(2026, 12, 2, 11, 0, tzinfo=UTC))  # 12:00 in Paris
    with pytest.raises(ValueError, match="time zone"):
        is_open(RESTAURANT, datetime(2026, 12, 2, 12))


def test_slots_across_the_lunch_and_dinner_gap() -> None:
    after = paris(*WEDNESDAY, 14, 0)
    pickups = next_slots(RESTAURANT, after, 4, for_delivery=False)
    # Ready at 14:20 at the earliest, on the quarter-hour grid: 14:30, the last before closing;
    # then dinner: open 18:30 + 20 minutes = 18:50, on the grid 19:00.
    assert clock(pickups) == ["Wed 14:30", "Wed 19:00", "Wed 19:15", "Wed 19:30"]
    deliveries = next_slots(RESTAURANT, after, 3)  # 30 minutes on the road after that
    assert clock(deliveries) == ["Wed 15:00", "Wed 19:30", "Wed 19:45"]


def test_slots_are_on_the_grid_of_the_restaurant_clock() -> None:
    assert clock(next_slots(RESTAURANT, paris(*WEDNESDAY, 12, 3), 2, for_delivery=False)) == [
        "Wed 12:30", "Wed 12:45",
    ]  # fmt: skip
    assert clock(next_slots(RESTAURANT, paris(*WEDNESDAY, 12, 3), 2, 10, False)) == [
        "Wed 12:30", "Wed 12:40",
    ]  # fmt: skip


def test_late_at_night_the_first_slot_is_the_next_day_lunch() -> None:
    slots = next_slots(RESTAURANT, paris(*WEDNESDAY, 23, 10), 2)
    assert clock(slots) == ["Thu 12:30", "Thu 12:45"]  # 11:30 + 20 + 30, on the grid
    assert slots[0].tzinfo is not None and slots[0].utcoffset() == PARIS.utcoffset(slots[0])


def test_the_spring_dst_change_moves_opening_by_an_hour_in_utc() -> None:
    # 29 March 2026: Paris goes from UTC+1 to UTC+2 at 02:00.
    assert is_open(RESTAURANT, datetime(2026, 3, 28, 10, 45, tzinfo=UTC))  # 11:45 winter time
    assert not is_open(RESTAURANT, datetime(2026, 3, 28, 10, 15, tzinfo=UTC))  # 11:15
    assert is_open(RESTAURANT, datetime(2026, 3, 29, 9, 45, tzinfo=UTC))  # 11:45 summer time
    assert not is_open(RESTAURANT, datetime(2026, 3, 29, 9, 15, tzinfo=UTC))  # 11:15
    # Ordered the night before, across the change: delivered at 12:30 summer time = 10:30 UTC.
    [slot] = next_slots(RESTAURANT, paris(2026, 3, 28, 23, 0), 1)
    assert slot.astimezone(UTC) == datetime(2026, 3, 29, 10, 30, tzinfo=UTC)
    assert clock([slot]) == ["Sun 12:30"]


def test_the_autumn_dst_change() -> None:
    # 25 October 2026: Paris goes back from UTC+2 to UTC+1 at 03:00.
    [slot] = next_slots(RESTAURANT, paris(2026, 10, 24, 23, 0), 1)
    assert slot.astimezone(UTC) == datetime(2026, 10, 25, 11, 30, tzinfo=UTC)
    assert clock([slot]) == ["Sun 12:30"]
    assert is_open(RESTAURANT, datetime(2026, 10, 24, 9, 45, tzinfo=UTC))  # 11:45 summer time
    assert not is_open(RESTAURANT, datetime(2026, 10, 24, 9, 15, tzinfo=UTC))  # 11:15
    assert is_open(RESTAURANT, datetime(2026, 10, 25, 10, 45, tzinfo=UTC))  # 11:45 winter time
    assert not is_open(RESTAURANT, datetime(2026, 10, 25, 10, 15, tzinfo=UTC))  # 11:15


def test_a_window_past_midnight_belongs_to_the_evening_it_opened() -> None:
    bar = replace(RESTAURANT, opening_hours=read_hours("h", "fri 18:00-01:00"))
    assert is_open(bar, paris(2026, 12, 5, 0, 30))  # Saturday 00:30
    assert not is_open(bar, paris(2026, 12, 5, 1, 0))
    assert not is_open(bar, paris(2026, 12, 6, 0, 30))  # Sunday: no Saturday evening
    # Ready at 01:00, closing time; then next Friday evening.
    assert clock(next_slots(bar, paris(2026, 12, 5, 0, 30), 2, for_delivery=False)) == [
        "Sat 01:00", "Fri 18:30",
    ]  # fmt: skip


def test_a_lunch_only_dish_is_available_at_lunch_only() -> None:
    lunch = replace(PIZZA, available=read_hours("available", "mon-fri 11:30-14:30"))
    assert dish_available(lunch, RESTAURANT, paris(*WEDNESDAY, 12))
    assert not dish_available(lunch, RESTAURANT, paris(*WEDNESDAY, 19))
    assert not dish_available(lunch, RESTAURANT, paris(2026, 12, 5, 12))  # a Saturday
    assert dish_available(PIZZA, RESTAURANT, paris(*WEDNESDAY, 19))
    assert not dish_available(PIZZA, RESTAURANT, paris(*WEDNESDAY, 16))


def test_a_delivery_accepted_with_its_fee_and_first_times() -> None:
    result = delivery_check(RESTAURANT, " 75 002", 2000, paris(*WEDNESDAY, 12))
    assert isinstance(result, Accepted)
    assert (result.fee_minor, result.total_minor, result.currency) == (250, 2250, "EUR")
    assert clock(list(result.slots[:2])) == ["Wed 13:00", "Wed 13:15"]


def test_a_postcode_outside_the_zone() -> None:
    result = delivery_check(RESTAURANT, "75015", 2000, paris(*WEDNESDAY, 12))
    assert result == OutsideZone("75015", ("75001", "75002"))


def test_an_order_under_the_minimum_says_what_is_missing() -> None:
    result = delivery_check(RESTAURANT, "75001", 1000, paris(*WEDNESDAY, 12))
    assert result == UnderMinimum(1500, 500, "EUR")


def test_closed_offers_the_next_times() -> None:
    result = delivery_check(RESTAURANT, "75001", 2000, paris(*WEDNESDAY, 23))
    assert isinstance(result, Closed)
    assert clock(list(result.slots[:1])) == ["Thu 12:30"]
    # Ten minutes before closing, there is no time to prepare: closed for orders too.
    assert is_open(RESTAURANT, paris(*WEDNESDAY, 22, 20))
    assert not taking_orders(RESTAURANT, paris(*WEDNESDAY, 22, 20))
    assert isinstance(delivery_check(RESTAURANT, "75001", 2000, paris(*WEDNESDAY, 22, 20)), Closed)


def test_a_pickup_has_no_fee_no_zone_and_no_minimum() -> None:
    result = delivery_check(RESTAURANT, None, 500, paris(*WEDNESDAY, 12), Fulfilment.PICKUP)
    assert isinstance(result, Accepted)
    assert (result.fee_minor, result.total_minor) == (0, 500)
    assert clock(list(result.slots[:1])) == ["Wed 12:30"]
    delivery_only = replace(RESTAURANT, pickup=False)
    assert delivery_check(delivery_only, None, 500, paris(*WEDNESDAY, 12), Fulfilment.PICKUP) == (
        NoPickup()
    )
