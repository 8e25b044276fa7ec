"""Menu feeds: the demo menu in both formats, every kind of bad row by line and field, and the
cells merchants write (hours, postcodes, prices)."""

from __future__ import annotations

import json
from datetime import time
from pathlib import Path

import pytest

from catalog.feeds.base import FeedError
from catalog.feeds.sniff import sniff_format
from catalog.menu import fields
from catalog.menu.feed import MENU_CSV, MENU_JSONL, MenuFeed
from catalog.menu.fields import FieldProblem
from catalog.menu.menu import GroupKind, Hours
from catalog.menu.readers import read_menu
from testkit.paths import DEMO_CATALOG, DEMO_MENU, DEMO_MENU_CSV

HEADER = (
    "type,sku,group,modifier,category,name,name_fr,price,allergens,labels,available,"
    "kind,min,max,default,slug,timezone,currency,opening_hours,delivery_postcodes,preparation_minutes"
)
RESTAURANT_ROW = (
    "restaurant,,,,,Chez Test,,,,,,,,,,chez-test,Europe/Paris,EUR,"
    '"mon-sun 11:30-14:30, 18:30-22:30",75001-75003,20'
)
GOOD_DISH = [
    "dish,PIZZA-A,,,pizza,Margherita,,10.00,gluten,vegetarian,,,,,,,,,,",
    "group,PIZZA-A,size,,,Size,Taille,,,,,choice,1,1,medium,,,,,",
    "modifier,PIZZA-A,size,medium,,Medium,Moyenne,,,,,,,,,,,,,",
    "modifier,PIZZA-A,size,large,,Large,Grande,+3.50,,,,,,,,,,,,",
]


def write(tmp_path: Path, lines: list[str], name: str = "menu.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def read_csv(tmp_path: Path, *rows: str) -> MenuFeed:
    return read_menu(write(tmp_path, [HEADER, RESTAURANT_ROW, *GOOD_DISH, *rows]), MENU_CSV)


def test_the_demo_menu_is_the_same_menu_in_both_formats() -> None:
    from_jsonl = read_menu(DEMO_MENU, MENU_JSONL)
    from_csv = read_menu(DEMO_MENU_CSV, MENU_CSV)
    assert from_jsonl.errors == from_csv.errors == ()
    assert from_jsonl.menu == from_csv.menu
    assert len(from_jsonl.menu.dishes) == 17


def test_the_demo_pizzeria_and_its_dishes() -> None:
    menu = read_menu(DEMO_MENU, MENU_JSONL).menu
    restaurant = menu.restaurant
    assert (restaurant.timezone, restaurant.currency) == ("Europe/Paris", "EUR")
    assert restaurant.delivery_postcodes == {f"750{n:02d}" for n in range(1, 12)}
    assert {(h.opens, h.closes) for h in restaurant.opening_hours} == {
        (time(11, 30), time(14, 30)),
        (time(18, 30), time(22, 30)),
    }
    assert {h.weekday for h in restaurant.opening_hours} == set(range(7))
    by_category: dict[str, set[str]] = {}
    for dish in menu.dishes:
        by_category.setdefault(dish.category, set()).add(dish.names.en)
    assert by_category == {
        "pizza": {"Margherita", "Reine", "Quatre fromages", "Calzone", "Diavola",
                  "Végétarienne", "Pesto"},
        "salad": {"Caesar salad", "Niçoise salad", "Chèvre chaud salad"},
        "drink": {"Cola", "Cola zero", "Sparkling water", "Lemonade"},
        "dessert": {"Tiramisu", "Panna cotta", "Chocolate mousse"},
    }  # fmt: skip
    assert all(dish.names.fr for dish in menu.dishes)
    pesto = menu.dish("PIZZA-PESTO")
    assert pesto is not None and "nuts" in pesto.allergens
    for sku in ("SALAD-NICOISE", "SALAD-CAESAR"):
        dish = menu.dish(sku)
        assert dish is not None and "fish" in dish.allergens
    for dish in menu.dishes:
        groups = {group.code: group for group in dish.modifier_groups}
        if dish.category in {"pizza", "drink"}:
            size = groups["size"]
            sizes = {modifier.code: modifier.price_delta_minor for modifier in size.modifiers}
            assert size.default == ("medium" if dish.category == "pizza" else "small")
            assert sizes["large"] > sizes[size.default]
        if dish.category == "pizza":
            assert groups["extras"].max_choices == 4
            description = dish.description.en.lower()
            removable = (
                {m.code for m in groups["removals"].modifiers} if "removals" in groups else set()
            )
            assert removable == {
                f"no-{food}" for food in ("onions", "olives") if food in description
            }


@pytest.mark.parametrize(
    ("rows", "line", "field"),
    [
        # A required group without modifiers: its own row is rejected, then its dish.
        (["group,PIZZA-A,sauce,,,Sauce,,,,,,choice,1,1,,,,,,"], 7, "group"),
        (["group,PIZZA-A,extras,,,Extras,,,,,,extra,3,2,,,,,,",
          "modifier,PIZZA-A,extras,olives,,Olives,,1.00,,,,,,,,,,,,"], 7, "min"),
        (["dish,SALAD-B,,,salad,Salad,,9.00,shellfish,,,,,,,,,,,"], 7, "allergens"),
        (["dish,SALAD-B,,,salad,Salad,,9.00,,veggie,,,,,,,,,,"], 7, "labels"),
        (["modifier,PIZZA-Z,size,large,,Large,,1.00,,,,,,,,,,,,"], 7, "sku"),
        (["modifier,PIZZA-A,crust,thin,,Thin,,,,,,,,,,,,,,"], 7, "group"),
        (["dish,SALAD-B,,,salad,Salad,,9.00,,,mon-fri 11:30-25:00,,,,,,,,,"], 7, "available"),
        (["dish,SALAD-B,,,salad,Salad,,nine euros,,,,,,,,,,,,"], 7, "price"),
        (["dish,SALAD-B,,,salad,Salad,,9.00 USD,,,,,,,,,,,,"], 7, "price"),
        (["dish,SALAD-B,,,,Salad,,9.00,,,,,,,,,,,,"], 7, "category"),
        (["dish,PIZZA-A,,,pizza,Again,,9.00,,,,,,,,,,,,"], 7, "sku"),
        (["side,X,,,,Fries,,3.00,,,,,,,,,,,,"], 7, "type"),
        (["group,SALAD-B,size,,,Size,,,,,,choice,1,1,big,,,,,",
          "modifier,SALAD-B,size,small,,Small,,,,,,,,,,,,,,",
          "dish,SALAD-B,,,salad,Salad,,9.00,,,,,,,,,,,,"], 7, "default"),
        (["group,SALAD-B,without,,,Without,,,,,,removal,,,,,,,,",
          "modifier,SALAD-B,without,no-onions,,No onions,,0.50,,,,,,,,,,,,",
          "dish,SALAD-B,,,salad,Salad,,9.00,,,,,,,,,,,,"], 8, "price"),
        (["group,PIZZA-A,size,,,Size again,,,,,,choice,1,1,,,,,,"], 7, "group"),
    ],
)  # fmt: skip
def test_each_bad_csv_row_is_named_by_line_and_field_and_good_rows_load(
    tmp_path: Path, rows: list[str], line: int, field: str
) -> None:
    feed = read_csv(tmp_path, *rows)
    [error] = [error for error in feed.errors if error.line == line]
    assert error.field == field, error
    assert error.reason
    # A bad group or modifier row of the good pizza takes the pizza out too, saying so on
    # its line; otherwise the pizza loads.
    if error.row_id == "PIZZA-A":
        assert [(e.line, e.field) for e in feed.errors] == [(3, "sku"), (line, field)]
        assert f"line {line}" in feed.errors[0].reason
    else:
        assert [dish.sku for dish in feed.dishes] == ["PIZZA-A"]


def test_a_dish_whose_group_row_is_rejected_is_not_loaded_and_says_so(tmp_path: Path) -> None:
    feed = read_csv(tmp_path, "group,PIZZA-A,extras,,,Extras,,,,,,extra,0,9,,,,,,")
    # The extras group has no modifier rows: rejected on its line, and the pizza with it.
    assert [(e.line, e.field) for e in feed.errors] == [(3, "sku"), (7, "group")]
    assert "line 7" in feed.errors[0].reason
    assert feed.dishes == ()
    assert feed.rejected_skus == {"PIZZA-A"}


def test_the_demo_csv_prices_are_read_in_the_restaurant_currency(tmp_path: Path) -> None:
    feed = read_csv(tmp_path)
    [dish] = feed.dishes
    [size] = dish.modifier_groups
    assert (dish.price_minor, dish.currency) == (1000, "EUR")
    assert [(m.code, m.price_delta_minor) for m in size.modifiers] == [
        ("medium", 0),
        ("large", 350),
    ]
    assert (size.kind, size.min_choices, size.default, size.required) == (
        GroupKind.CHOICE, 1, "medium", False,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("restaurant_row", "field"),
    [
        (RESTAURANT_ROW.replace("Europe/Paris", "Europe/Pariss"), "timezone"),
        (RESTAURANT_ROW.replace("18:30-22:30", "18:30-25:00"), "opening_hours"),
        (RESTAURANT_ROW.replace("mon-sun", "mon-dim"), "opening_hours"),
        (RESTAURANT_ROW.replace(",EUR,", ",EUROS,"), "currency"),
        (RESTAURANT_ROW.replace("75001-75003", "75003-75001"), "delivery_postcodes"),
        (RESTAURANT_ROW.replace("chez-test", ""), "slug"),
    ],
)
def test_a_bad_restaurant_row_loads_nothing_and_names_its_line_and_field(
    tmp_path: Path, restaurant_row: str, field: str
) -> None:
    path = write(tmp_path, [HEADER, restaurant_row, *GOOD_DISH])
    with pytest.raises(FeedError) as raised:
        read_menu(path, MENU_CSV)
    assert (raised.value.line, raised.value.column) == (2, field)


def test_a_file_without_a_restaurant_is_a_feed_error(tmp_path: Path) -> None:
    with pytest.raises(FeedError, match="no restaurant"):
        read_menu(write(tmp_path, [HEADER, *GOOD_DISH]), MENU_CSV)
    dish = {"type": "dish", "sku": "A", "category": "pizza", "name": "A", "price": "1"}
    jsonl = write(tmp_path, [json.dumps(dish)], "menu.jsonl")
    with pytest.raises(FeedError, match="no restaurant") as raised:
        read_menu(jsonl, MENU_JSONL)
    assert "line 1" in str(raised.value)


RESTAURANT = {
    "type": "restaurant",
    "slug": "chez-test",
    "name": "Chez Test",
    "timezone": "Europe/Paris",
    "currency": "EUR",
    "opening_hours": ["mon-sun 11:30-14:30, 18:30-22:30"],
    "delivery_postcodes": ["75001-75003"],
    "preparation_minutes": 20,
}
SIZE = {
    "code": "size",
    "name": "Size",
    "kind": "choice",
    "min": 1,
    "default": "medium",
    "modifiers": [
        {"code": "medium", "name": "Medium"},
        {"code": "large", "name": "Large", "price": 3.5},
    ],
}
DISH = {"type": "dish", "sku": "PIZZA-A", "category": "pizza", "name": "A", "price": "10",
        "modifier_groups": [SIZE]}  # fmt: skip


def read_jsonl(tmp_path: Path, *items: dict) -> MenuFeed:
    lines = [json.dumps(RESTAURANT), json.dumps(DISH), *(json.dumps(item) for item in items)]
    return read_menu(write(tmp_path, lines, "menu.jsonl"), MENU_JSONL)


def dish(sku: str = "B", **changes: object) -> dict:
    return {**DISH, "sku": sku, **changes}


@pytest.mark.parametrize(
    ("item", "field"),
    [
        (dish(modifier_groups=[SIZE, {**SIZE, "code": "sauce", "modifiers": []}]),
         "modifier_groups[1].modifiers"),
        (dish(modifier_groups=[{**SIZE, "min": 2, "max": 1}]), "modifier_groups[0].min"),
        (dish(modifier_groups=[{**SIZE, "default": "huge"}]), "modifier_groups[0].default"),
        (dish(modifier_groups=[{**SIZE, "kind": "topping"}]), "modifier_groups[0].kind"),
        (dish(modifier_groups=[SIZE, SIZE]), "modifier_groups[1].code"),
        (dish(modifier_groups=[{**SIZE, "modifiers": [{"code": "Large!", "name": "L"}]}]),
         "modifier_groups[0].modifiers[0].code"),
        (dish(allergens=["gluten", "nutz"]), "allergens"),
        (dish(available="mon-fri 11:30-14:30, 25:00-26:00"), "available"),
        (dish(prce="10"), "prce"),
        (dish(price=""), "price"),
        (dish(name=""), "name"),
        ({**RESTAURANT}, "type"),
    ],
)  # fmt: skip
def test_each_bad_jsonl_line_is_named_by_line_and_nested_field(
    tmp_path: Path, item: dict, field: str
) -> None:
    feed = read_jsonl(tmp_path, item)
    [error] = feed.errors
    assert (error.line, error.field) == (3, field)
    assert [dish.sku for dish in feed.dishes] == ["PIZZA-A"]


def test_a_repeated_jsonl_sku_names_its_first_line(tmp_path: Path) -> None:
    [error] = read_jsonl(tmp_path, dish("PIZZA-A", name="Again")).errors
    assert (error.line, error.field, error.reason) == (3, "sku", "this SKU is already on line 2")


def test_a_typo_in_a_jsonl_key_is_named_with_the_key_meant(tmp_path: Path) -> None:
    [error] = read_jsonl(tmp_path, dish(prce="10")).errors
    assert 'did you mean "price"' in error.reason


def test_a_broken_jsonl_line_is_rejected_alone(tmp_path: Path) -> None:
    path = write(tmp_path, [json.dumps(RESTAURANT), "{not json", json.dumps(DISH)], "menu.jsonl")
    feed = read_menu(path, MENU_JSONL)
    assert [(e.line, e.field) for e in feed.errors] == [(2, "(line)")]
    assert [dish.sku for dish in feed.dishes] == ["PIZZA-A"]


def test_jsonl_prices_written_as_numbers_are_exact(tmp_path: Path) -> None:
    feed = read_jsonl(tmp_path, dish(price=12.10))
    assert [d.price_minor for d in feed.dishes] == [1000, 1210]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("fri-mon 18:00-23:00", {(d, time(18), time(23)) for d in (4, 5, 6, 0)}),
        ("daily 11:00-15:00", {(d, time(11), time(15)) for d in range(7)}),
        ("sat,sun 18:00-01:00", {(d, time(18), time(1)) for d in (5, 6)}),
        ("mon 18:00-24:00; tue 12:00-14:00", {(0, time(18), time(0)), (1, time(12), time(14))}),
    ],
)
def test_opening_hours_as_merchants_write_them(text: str, expected: set) -> None:
    assert set(fields.hours("hours", text)) == {Hours(*window) for window in expected}


@pytest.mark.parametrize("text", ["mon 11:30", "mon 9h-12h", "lun 11:00-12:00", "mon 12:00-12:00"])
def test_opening_hours_that_cannot_be_read(text: str) -> None:
    with pytest.raises(FieldProblem) as raised:
        fields.hours("opening_hours", text)
    assert raised.value.field == "opening_hours"


def test_postcodes_and_their_ranges() -> None:
    assert fields.postcodes("p", ["75001-75003", "92100", "sw1a 1aa"]) == {
        "75001", "75002", "75003", "92100", "SW1A1AA",
    }  # fmt: skip
    with pytest.raises(FieldProblem):
        fields.postcodes("p", ["A1-B2"])


@pytest.mark.parametrize(
    ("text", "expected"), [("+2.00", 200), ("-1.50 EUR", -150), ("", 0), ("0.5", 50)]
)
def test_modifier_prices_may_be_signed_or_empty(text: str, expected: int) -> None:
    assert fields.price("price", text, "EUR", signed=True) == expected


def test_sniffing_tells_menus_from_product_feeds() -> None:
    assert sniff_format(DEMO_MENU)[0] == "menu-jsonl"
    assert sniff_format(DEMO_MENU_CSV)[0] == "menu-csv"
    assert sniff_format(DEMO_CATALOG)[0] == "meta"


def test_allergens_in_other_spellings_are_the_eu_names() -> None:
    written = ["Pine nuts", "lait", "Œufs", "gluten", "soya", "walnuts"]
    assert fields.allergens("allergens", written) == ("eggs", "gluten", "milk", "nuts", "soy")


def test_a_misspelt_csv_column_is_refused_and_an_unknown_one_ignored(tmp_path: Path) -> None:
    misspelt = HEADER.replace("name_fr", "name-fr")
    with pytest.raises(FeedError, match='did you mean "name_fr"') as raised:
        read_menu(write(tmp_path, [misspelt, RESTAURANT_ROW, *GOOD_DISH]), MENU_CSV)
    assert (raised.value.line, raised.value.column) == (1, "name-fr")
    noted = [HEADER + ",notes", RESTAURANT_ROW + ",", *(row + ",call Mario" for row in GOOD_DISH)]
    assert [dish.sku for dish in read_menu(write(tmp_path, noted), MENU_CSV).dishes] == ["PIZZA-A"]
