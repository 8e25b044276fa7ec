"""A menu as a spreadsheet (CSV, TSV or semicolons): one row per restaurant, dish, modifier
group or modifier, told apart by the `type` column (docs/meals.md).

type,sku,group,modifier,category,name,name_fr,price,...
restaurant,,,,,Pizzeria Da Mario,,,...
dish,PIZZA-MARGHERITA,,,pizza,Margherita,Margherita,10.00,...
group,PIZZA-MARGHERITA,size,,,Size,Taille,,...   (kind, min, max, default columns)
modifier,PIZZA-MARGHERITA,size,large,,Large,Grande,+3.50,...

Group and modifier rows name their dish by SKU and their group by code, so they may come in any
order; a dish whose group or modifier row is rejected is not loaded (a pizza without its sizes
would be sold at the wrong price), and is reported on its own line too.
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from pathlib import Path

from catalog.feeds.base import FeedError, RowError, read_delimited
from catalog.menu import fields, rows
from catalog.menu.feed import MenuFeed, no_restaurant, restaurant_rejected
from catalog.menu.fields import FieldProblem
from catalog.menu.menu import Dish, Modifier, ModifierGroup

TYPES = ("restaurant", "dish", "group", "modifier")
COLUMNS = sorted(
    {"type", "sku", "group", "modifier"}
    | set(rows.RESTAURANT_KEYS)
    | set(rows.DISH_KEYS)
    | set(rows.GROUP_KEYS) - {"code"}
)
Row = tuple[int, dict[str, str]]


class _Reading:
    """The rows of one file, sorted by type, and the errors found while joining them."""

    def __init__(self, path: Path) -> None:
        self.path = str(path)
        self.by_type: dict[str, list[Row]] = defaultdict(list)
        self.errors: list[RowError] = []
        self.broken: dict[str, list[int]] = defaultdict(list)  # dish SKU -> its rejected lines

    def reject(self, line: int, field: str, reason: str, sku: str = "") -> None:
        self.errors.append(RowError(self.path, line, field, reason, sku, sku))
        if sku:
            self.broken[sku].append(line)


def read_menu_csv(path: Path) -> MenuFeed:
    reading = _Reading(path)
    for index, (line, row) in enumerate(read_delimited(path, {"type"})):
        if index == 0:  # every row has the header's columns
            _refuse_misspelt_columns(path, row)
        kind = row.get("type", "").lower()
        if not any(row.values()):
            continue
        if kind not in TYPES:
            reading.reject(
                line, "type", f'"{row.get("type", "")}" is not one of {", ".join(TYPES)}'
            )
            continue
        reading.by_type[kind].append((line, row))
    restaurants = reading.by_type["restaurant"]
    if not restaurants:
        raise no_restaurant(path, 'no row has type "restaurant"')
    restaurant_line, restaurant_cells = restaurants[0]
    for line, _ in restaurants[1:]:
        reading.reject(
            line, "type", f"a feed holds one restaurant (it is on line {restaurant_line})"
        )
    try:
        restaurant = rows.restaurant_from(restaurant_cells)
    except FieldProblem as problem:
        raise restaurant_rejected(path, restaurant_line, problem) from None
    dish_rows = _dish_rows(reading)
    groups = _group_rows(reading, set(dish_rows))
    modifiers = _modifier_rows(reading, set(dish_rows), groups)
    dishes: list[Dish] = []
    for sku, (line, cells) in dish_rows.items():
        dish_groups = [
            _group(reading, sku, group_row, modifiers[(sku, code)], restaurant.currency)
            for code, group_row in groups[sku].items()
        ]
        if reading.broken.get(sku):
            lines = ", ".join(str(n) for n in sorted(reading.broken[sku]))
            reading.reject(line, "sku", f"dish not loaded: its row(s) on line {lines} are rejected")
            continue
        try:
            dishes.append(rows.dish_from(cells, restaurant.currency, [g for g in dish_groups if g]))
        except FieldProblem as problem:
            reading.reject(line, problem.field, problem.reason, sku)
    reading.errors.sort(key=lambda error: error.line)
    return MenuFeed(
        reading.path,
        restaurant,
        tuple(dishes),
        tuple(reading.errors),
        frozenset(reading.broken),
    )


def _refuse_misspelt_columns(path: Path, row: dict[str, str]) -> None:
    """A column one letter from a known one ("name-fr") is a typo that would silently drop its
    cells; other columns (a merchant's notes) are ignored."""
    for column in row:
        if column not in COLUMNS:
            close = difflib.get_close_matches(column, COLUMNS, n=1, cutoff=0.8)
            if close:
                raise FeedError(path, f'unknown column: did you mean "{close[0]}"?', 1, column)


def _dish_rows(reading: _Reading) -> dict[str, Row]:
    found: dict[str, Row] = {}
    for line, row in reading.by_type["dish"]:
        sku = row.get("sku", "")
        if sku in found:
            reading.reject(line, "sku", f"this SKU is already on line {found[sku][0]}")
        elif not sku:
            reading.reject(line, "sku", "missing")
        else:
            found[sku] = (line, row)
    return found


def _group_rows(reading: _Reading, skus: set[str]) -> dict[str, dict[str, Row]]:
    """Group rows by dish SKU, then group code, in file order."""
    found: dict[str, dict[str, Row]] = defaultdict(dict)
    for line, row in reading.by_type["group"]:
        sku, code = row.get("sku", ""), row.get("group", "")
        if sku not in skus:
            reading.reject(line, "sku", f'no dish row has SKU "{sku}"')
        elif not code:
            reading.reject(line, "group", 'missing (the group\'s code, like "size")', sku)
        elif code in found[sku]:
            earlier = found[sku][code][0]
            reading.reject(line, "group", f'"{code}" is already on line {earlier}', sku)
        else:
            found[sku][code] = (line, row)
    return found


def _modifier_rows(
    reading: _Reading, skus: set[str], groups: dict[str, dict[str, Row]]
) -> dict[tuple[str, str], list[Row]]:
    found: dict[tuple[str, str], list[Row]] = defaultdict(list)
    for line, row in reading.by_type["modifier"]:
        sku, code = row.get("sku", ""), row.get("group", "")
        if sku not in skus:
            reading.reject(line, "sku", f'no dish row has SKU "{sku}"')
        elif code not in groups[sku]:
            reading.reject(
                line, "group", f'dish "{sku}" has no group "{code}": add a group row first', sku
            )
        else:
            found[(sku, code)].append((line, row))
    return found


def _group(
    reading: _Reading, sku: str, group_row: Row, modifier_rows: list[Row], currency: str
) -> ModifierGroup | None:
    """The group, or None when it or one of its modifiers is rejected (the dish then is too)."""
    line, row = group_row
    cells = {key: row.get(key, "") for key in rows.GROUP_KEYS} | {"code": row.get("group", "")}
    try:
        kind = fields.group_kind("kind", cells["kind"])
    except FieldProblem as problem:
        reading.reject(line, problem.field, problem.reason, sku)
        return None
    modifiers: list[Modifier] = []
    seen: dict[str, int] = {}
    for modifier_line, modifier_row in modifier_rows:
        modifier_cells = {key: modifier_row.get(key, "") for key in rows.MODIFIER_KEYS}
        modifier_cells["code"] = modifier_row.get("modifier", "")
        try:
            modifier = rows.modifier_from(modifier_cells, currency, kind)
        except FieldProblem as problem:
            field = "modifier" if problem.field == "code" else problem.field
            reading.reject(modifier_line, field, problem.reason, sku)
            continue
        if modifier.code in seen:
            reason = f'"{modifier.code}" is already on line {seen[modifier.code]}'
            reading.reject(modifier_line, "modifier", reason, sku)
            continue
        seen[modifier.code] = modifier_line
        modifiers.append(modifier)
    if len(modifiers) < len(modifier_rows):
        return None
    try:
        return rows.group_from(cells, modifiers, modifiers_field="group")
    except FieldProblem as problem:
        field = "group" if problem.field == "code" else problem.field
        reading.reject(line, field, problem.reason, sku)
        return None
