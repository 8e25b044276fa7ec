"""A menu in JSON Lines: the restaurant on the first line, then one dish per line with its
modifier groups nested (docs/meals.md).

{"type": "restaurant", "slug": "da-mario", "name": "Pizzeria Da Mario", "currency": "EUR", ...}
{"type": "dish", "sku": "PIZZA-MARGHERITA", "category": "pizza", "name": "Margherita",
 "price": "10.00", "modifier_groups": [{"code": "size", "kind": "choice", "min": 1,
 "default": "medium", "modifiers": [{"code": "medium", "name": "Medium"}, ...]}]}
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from catalog.feeds.base import FeedError, RowError, read_lines
from catalog.menu import fields, rows
from catalog.menu.feed import MenuFeed, no_restaurant, restaurant_rejected
from catalog.menu.fields import FieldProblem
from catalog.menu.menu import Dish, ModifierGroup, Restaurant

RESTAURANT = "restaurant"
DISH = "dish"


def read_menu_jsonl(path: Path) -> MenuFeed:
    restaurant: Restaurant | None = None
    restaurant_line = 0
    dishes: dict[str, tuple[int, Dish]] = {}  # by SKU: (line, dish)
    errors: list[RowError] = []
    rejected: set[str] = set()
    for line, raw in enumerate(read_lines(path), 1):
        if not raw.strip():
            continue
        try:
            # Prices may be written as numbers: read them as decimals, never floats.
            item = json.loads(raw, parse_float=Decimal)
        except (ValueError, RecursionError) as error:
            reason = (
                f"not JSON: {error.msg}" if isinstance(error, json.JSONDecodeError) else "not JSON"
            )
            if restaurant is None:
                raise FeedError(path, reason, line) from None
            errors.append(RowError(str(path), line, "(line)", reason))
            continue
        kind = item.get("type") if isinstance(item, dict) else None
        if restaurant is None:
            if kind != RESTAURANT:
                raise no_restaurant(path, f'line {line} should be {{"type": "restaurant", ...}}')
            try:
                rows.unknown_key(item, ("type", *rows.RESTAURANT_KEYS))
                restaurant = rows.restaurant_from(item)
            except FieldProblem as problem:
                raise restaurant_rejected(path, line, problem) from None
            restaurant_line = line
            continue
        if kind != DISH:
            reason = (
                f"a feed holds one restaurant (it is on line {restaurant_line})"
                if kind == RESTAURANT
                else 'expected {"type": "dish", ...}'
            )
            errors.append(RowError(str(path), line, "type", reason))
            continue
        sku = rows.text(item, "sku") if isinstance(item.get("sku"), str) else ""
        try:
            dish = _dish(item, restaurant.currency)
        except FieldProblem as problem:
            errors.append(RowError(str(path), line, problem.field, problem.reason, sku, sku))
            rejected.add(sku)
            continue
        if dish.sku in dishes:
            reason = f"this SKU is already on line {dishes[dish.sku][0]}"
            errors.append(RowError(str(path), line, "sku", reason, sku))
            continue
        dishes[dish.sku] = (line, dish)
    if restaurant is None:
        raise no_restaurant(path, "the file is empty")
    return MenuFeed(
        str(path),
        restaurant,
        tuple(dish for _, dish in dishes.values()),
        tuple(errors),
        frozenset(rejected),
    )


def _dish(item: dict[str, Any], currency: str) -> Dish:
    rows.unknown_key(item, ("type", "modifier_groups", *rows.DISH_KEYS))
    raw_groups = item.get("modifier_groups") or []
    if not isinstance(raw_groups, list):
        raise FieldProblem("modifier_groups", "expected a list of groups")
    groups = [_group(raw, currency, f"modifier_groups[{i}].") for i, raw in enumerate(raw_groups)]
    repeat = rows.first_repeat([group.code for group in groups])
    if repeat is not None:
        raise FieldProblem(f"modifier_groups[{repeat}].code", "a group with this code comes before")
    return rows.dish_from(item, currency, groups)


def _group(raw: Any, currency: str, where: str) -> ModifierGroup:
    if not isinstance(raw, dict):
        raise FieldProblem(where.rstrip("."), "expected an object")
    rows.unknown_key(raw, ("modifiers", *rows.GROUP_KEYS), where)
    kind = fields.group_kind(f"{where}kind", rows.text(raw, "kind", where))
    raw_modifiers = raw.get("modifiers") or []
    if not isinstance(raw_modifiers, list):
        raise FieldProblem(f"{where}modifiers", "expected a list of modifiers")
    modifiers = []
    for index, modifier in enumerate(raw_modifiers):
        at = f"{where}modifiers[{index}]."
        if not isinstance(modifier, dict):
            raise FieldProblem(at.rstrip("."), "expected an object")
        rows.unknown_key(modifier, rows.MODIFIER_KEYS, at)
        modifiers.append(rows.modifier_from(modifier, currency, kind, at))
    repeat = rows.first_repeat([modifier.code for modifier in modifiers])
    if repeat is not None:
        raise FieldProblem(
            f"{where}modifiers[{repeat}].code", "a modifier with this code comes before"
        )
    return rows.group_from(raw, modifiers, where, f"{where}modifiers")
