"""Every message of the meal development set (tests/fixtures/meal_orders_dev.yml) is understood
fully right, scored the way the benchmark scores the blind set (bench/meal_orders.py)."""

from pathlib import Path
from typing import Any

import pytest
import yaml

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


def test_the_scorer_reads_an_unquoted_time_and_single_values() -> None:
    """YAML reads `time: 20:00` as 1200 (minutes); a list of one may be written bare."""
    delivery = yaml.safe_load("""
        {id: t1, kind: delivery, language: en, text: "deliver at 8pm", expect: {time: 20:00}}
    """)
    assert score_item(delivery, pizzeria_menu()).right
    order = yaml.safe_load("""
        {id: t2, kind: order, language: en, text: "a reine without olives",
         expect: {basket: [{dish: Reine, quantity: 1, removals: no olives}]}}
    """)
    assert score_item(order, pizzeria_menu()).right
    wrong = {**order, "text": "a reine"}
    assert not score_item(wrong, pizzeria_menu()).right
