"""Score the understanding of meal messages (orders, basket edits, allergen questions, delivery
details) on a YAML set, against the demo pizzeria's menu (testkit/pizzeria.py).

    python -m bench meal_orders                       # the blind set -> results/meal_orders.json
    python -m bench meal_orders --set tests/fixtures/meal_orders_dev.yml

An item is "fully right" when every expected field is: the basket as an unordered multiset of
{dish, quantity, size?, extras?, removals?} (a size equal to the house default is the same as
none), the question asked back, the answer and its dishes, the delivery fields present. The
item format is bench/blind/departments/README.md's.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import yaml

from assistant.conversation.basket_edit import read_basket_edit
from assistant.conversation.delivery_details import (
    DeliveryDetails,
    delivery_checks,
    read_delivery_details,
)
from assistant.conversation.meal_basket import BasketLine, normalized
from assistant.conversation.meal_lexicon import meal_book
from assistant.conversation.meal_request import WhichDish, read_meal_order
from assistant.conversation.meal_words import LANGUAGES, meal_words
from assistant.conversation.menu_questions import answer_menu_question, read_menu_question
from catalog.menu.menu import Dish, GroupKind, Menu
from catalog.text import fold
from testkit.pizzeria import pizzeria_menu

ROOT = Path(__file__).resolve().parent.parent
BLIND_SET = ROOT / "bench" / "blind" / "departments" / "meal_orders.yml"
# The sets' reference day (the blind README's): Tuesday 1 December 2026, Paris, at noon.
TODAY = datetime(2026, 12, 1, 12, 0, tzinfo=ZoneInfo("Europe/Paris"))

# A basket line as the sets write it: (dish, quantity, size or None, extras, removals).
Line = tuple[str, int, str | None, frozenset[str], frozenset[str]]


@dataclass(frozen=True)
class Scored:
    id: str
    kind: str
    language: str
    right: bool
    got: Any


def items_of(path: Path) -> list[dict[str, Any]]:
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    if isinstance(document, Mapping):  # {items: [...]} or any one list under a key
        document = next(value for value in document.values() if isinstance(value, list))
    return list(document)


# --- basket lines both ways -------------------------------------------------------------------


def _dish_named(menu: Menu, name: str) -> Dish:
    return next(dish for dish in menu.dishes if fold(dish.names.en) == fold(name))


def _codes_named(dish: Dish, kind: GroupKind, names: Iterable[str]) -> dict[str, set[str]]:
    wanted = {fold(name) for name in names}
    chosen: dict[str, set[str]] = {}
    for group in dish.modifier_groups:
        for modifier in group.modifiers:
            if group.kind is kind and fold(modifier.names.en) in wanted:
                chosen.setdefault(group.code, set()).add(modifier.code)
    return chosen


def as_list(value: Any) -> list[Any]:
    """A field written as one value or as a list."""
    if value is None:
        return []
    return list(value) if isinstance(value, list | tuple) else [value]


def basket_line(menu: Menu, written: Mapping[str, Any]) -> BasketLine:
    """A set's basket line as the shop's BasketLine ("basket_before" of an edit)."""
    dish = _dish_named(menu, written["dish"])
    chosen: dict[str, set[str]] = {}
    for kind, key in (
        (GroupKind.CHOICE, "size"),
        (GroupKind.EXTRA, "extras"),
        (GroupKind.REMOVAL, "removals"),
    ):
        chosen |= _codes_named(dish, kind, as_list(written.get(key)))
    return BasketLine(dish.sku, int(written.get("quantity", 1)), normalized(dish, chosen))


def _names_chosen(dish: Dish, line: BasketLine, kind: GroupKind) -> frozenset[str]:
    return frozenset(
        fold(modifier.names.en)
        for group in dish.modifier_groups
        if group.kind is kind
        for modifier in group.modifiers
        if modifier.code in line.chosen(group.code)
    )


def as_written(menu: Menu, line: BasketLine) -> Line:
    dish = menu.dish(line.sku)
    assert dish is not None, line.sku
    sizes = _names_chosen(dish, line, GroupKind.CHOICE)
    return (
        fold(dish.names.en),
        line.quantity,
        next(iter(sizes), None),
        _names_chosen(dish, line, GroupKind.EXTRA),
        _names_chosen(dish, line, GroupKind.REMOVAL),
    )


def expected_lines(menu: Menu, written: Iterable[Mapping[str, Any]]) -> Counter[Line]:
    return Counter(as_written(menu, basket_line(menu, line)) for line in written)


def _asks(asks: Iterable[WhichDish]) -> set[str]:
    return {f"which_{ask.category}" for ask in asks}


def _expected_asks(expect: Mapping[str, Any]) -> set[str]:
    return set(as_list(expect.get("ask")))


def _printable(lines: Iterable[Line]) -> list[str]:
    return sorted(
        f"{quantity} {dish}" + (f" {size}" if size else "") + "".join(f" +{x}" for x in sorted(ex))
        + "".join(f" {r}" for r in sorted(rem))
        for dish, quantity, size, ex, rem in lines
    )  # fmt: skip


# --- one scorer per kind ----------------------------------------------------------------------


def score_order(item: Mapping[str, Any], menu: Menu) -> tuple[bool, Any]:
    order = read_meal_order(item["text"], item["language"], menu)
    got = Counter(as_written(menu, line) for line in order.lines)
    expect = item["expect"]
    right = got == expected_lines(menu, expect.get("basket") or [])
    right = right and _asks(order.ask_which) == _expected_asks(expect)
    return right, {
        "basket": _printable(got.elements()),
        "ask": sorted(_asks(order.ask_which)),
        "unknown_words": list(order.unknown_words),
        "unavailable_options": [phrase for _, phrase in order.unavailable_options],
    }


def score_edit(item: Mapping[str, Any], menu: Menu) -> tuple[bool, Any]:
    before = tuple(basket_line(menu, line) for line in item.get("basket_before") or [])
    edit = read_basket_edit(item["text"], item["language"], menu, before)
    got = Counter(as_written(menu, line) for line in edit.basket)
    expect = item["expect"]
    right = got == expected_lines(menu, expect.get("basket") or [])
    right = right and _asks(edit.ask_which) == _expected_asks(expect)
    return right, {
        "basket": _printable(got.elements()),
        "ask": sorted(_asks(edit.ask_which)),
        "unknown_words": list(edit.unknown_words),
        "unavailable_options": [phrase for _, phrase in edit.unavailable_options],
    }


def answer_label(topic: str, menu: Menu) -> str:
    """The sets' answer names: an allergen is "contains_<allergen>", a label is itself."""
    is_allergen = any(topic in dish.allergens for dish in menu.dishes)
    label = f"contains_{topic}" if is_allergen else topic
    return label.replace("-", "_")


def score_allergen(item: Mapping[str, Any], menu: Menu) -> tuple[bool, Any]:
    question = read_menu_question(item["text"], item["language"], menu)
    if question is None:
        return False, None
    answer = answer_menu_question(question, menu)
    about = [fact.sku for fact in answer.named] or list(answer.which)
    dishes = sorted(fold(dish.names.en) for sku in about if (dish := menu.dish(sku)))
    # A diet claim ("is the reine vegetarian?") is answered by what the dish has: meat.
    is_claim = answer.topic in meal_words().topic_contradictions
    reasons = [reason for fact in answer.named for reason in fact.because if is_claim]
    label = answer_label(reasons[0] if reasons else answer.topic, menu)
    expect = item["expect"]
    right = label == expect["answer"] and dishes == sorted(
        fold(name) for name in as_list(expect.get("dishes"))
    )
    return right, {"answer": label, "dishes": dishes}


def delivery_fields(details: DeliveryDetails, menu: Menu) -> dict[str, Any]:
    checks = delivery_checks(details, menu.restaurant)
    wanted = "asap" if details.asap else details.time.strftime("%H:%M") if details.time else None
    return {
        "mode": details.mode.value if details.mode else None,
        "address": details.address,
        "postcode": details.postcode,
        "time": wanted,
        "outside_zone": checks.outside_zone,
        "outside_hours": checks.outside_hours,
        "phone": details.phone.e164 or details.phone.error if details.phone else None,
    }


def _same(key: str, got: Any, expected: Any) -> bool:
    """Equal; an address is compared without case, accents or extra spaces."""
    if key == "address" and got is not None and expected is not None:
        return " ".join(fold(got).split()) == " ".join(fold(str(expected)).split())
    return bool(got == expected)


def score_delivery(item: Mapping[str, Any], menu: Menu) -> tuple[bool, Any]:
    got = delivery_fields(read_delivery_details(item["text"], item["language"], TODAY), menu)
    expect = {key: value for key, value in item["expect"].items()}
    expect.setdefault("outside_hours", False)  # the sets write it only when it is true
    if "postcode" in expect:
        expect["postcode"] = str(expect["postcode"])
    if isinstance(expect.get("time"), int):  # YAML 1.1 reads an unquoted 20:00 as 1200 minutes
        expect["time"] = f"{expect['time'] // 60:02d}:{expect['time'] % 60:02d}"
    right = all(_same(key, got.get(key), value) for key, value in expect.items())
    return right, got


SCORERS = {
    "order": score_order,
    "edit": score_edit,
    "allergen": score_allergen,
    "delivery": score_delivery,
}


def score_item(item: Mapping[str, Any], menu: Menu) -> Scored:
    right, got = SCORERS[item["kind"]](item, menu)
    return Scored(str(item["id"]), item["kind"], item["language"], right, got)


# --- the run ----------------------------------------------------------------------------------


def _rate(scored: list[Scored]) -> dict[str, Any]:
    right = sum(item.right for item in scored)
    return {"items": len(scored), "fully_right": right, "rate": round(right / len(scored), 3)}


def _rates_by(scored: list[Scored], key: str) -> dict[str, Any]:
    groups: dict[str, list[Scored]] = {}
    for item in scored:
        groups.setdefault(getattr(item, key), []).append(item)
    return {name: _rate(items) for name, items in sorted(groups.items())}


def options(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench meal_orders", description=__doc__)
    parser.add_argument("--set", type=Path, default=BLIND_SET, help="the YAML set to score")
    return parser.parse_args(argv)


def _timed(item: Mapping[str, Any], menu: Menu) -> tuple[Scored, float]:
    begin = time.perf_counter()
    scored = score_item(item, menu)
    return scored, (time.perf_counter() - begin) * 1000


def run(settings: argparse.Namespace | None = None) -> dict[str, Any]:
    settings = settings or options([])
    menu = pizzeria_menu()
    for language in LANGUAGES:  # the phrase books are built once per menu: not in the timings
        meal_book(menu, language)
    timed = [_timed(item, menu) for item in items_of(settings.set)]
    scored = [item for item, _ in timed]
    return {
        "benchmark": "meal_orders",
        "set": str(Path(settings.set).resolve().relative_to(ROOT)),
        "reference_today": TODAY.isoformat(),
        "summary": {
            "all": _rate(scored),
            "by_language": _rates_by(scored, "language"),
            "by_kind": _rates_by(scored, "kind"),
            "per_item_ms_median": round(statistics.median(ms for _, ms in timed), 2),
        },
        # What was read for each item not fully right (the expectations stay in the set).
        "not_fully_right": [
            {"id": item.id, "kind": item.kind, "language": item.language, "got": item.got}
            for item in scored
            if not item.right
        ],
    }
