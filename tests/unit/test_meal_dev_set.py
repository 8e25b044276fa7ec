"""Every message of the meal development set (tests/fixtures/meal_orders_dev.yml) is understood
fully right, scored the way the benchmark scores the blind set (bench/meal_orders.py)."""

from pathlib import Path
from typing import Any

import pytest

from bench.meal_orders import items_of, score_item
from testkit.pizzeria import pizzeria_menu

DEV_SET = Path(__file__).resolve().parents[1] / "fixtures" / "meal_orders_dev.yml"
ITEMS = items_of(DEV_SET)


def test_the_dev_set_is_varied_enough() -> None:
    kinds = {item["kind"] for item in ITEMS}
    languages = {item["language"] for item in ITEMS}
    assert len(ITEMS) >= 60
    assert kinds == {"order", "edit", "allergen", "delivery"}
    assert languages == {"en", "fr"}


@pytest.mark.parametrize("item", ITEMS, ids=[item["id"] for item in ITEMS])
def test_dev_item_is_fully_right(item: dict[str, Any]) -> None:
    scored = score_item(item, pizzeria_menu())
    assert scored.right, f"{item['text']!r}: read {scored.got}, expected {item['expect']}"
