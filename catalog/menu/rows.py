"""One restaurant, dish, modifier group or modifier from its cells, checked: shared by the JSON
Lines and CSV readers, which differ only in where the cells come from.

Cells are text, or lists where JSON gives them (allergens, hours...). A problem raises
`FieldProblem` naming the field with `where` in front ("modifier_groups[0].min" in JSON Lines).
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from catalog.menu import fields
from catalog.menu.fields import FieldProblem
from catalog.menu.menu import Dish, GroupKind, Modifier, ModifierGroup, Restaurant

Cells = Mapping[str, Any]

RESTAURANT_KEYS = (
    "slug",
    "name",
    "timezone",
    "currency",
    "address",
    "opening_hours",
    "delivery_postcodes",
    "delivery_fee",
    "minimum_order",
    "preparation_minutes",
    "delivery_minutes",
    "pickup",
)
DISH_KEYS = (
    "sku",
    "category",
    "name",
    "name_fr",
    "description",
    "description_fr",
    "price",
    "allergens",
    "labels",
    "available",
)
GROUP_KEYS = ("code", "name", "name_fr", "kind", "min", "max", "default")
MODIFIER_KEYS = ("code", "name", "name_fr", "price")
MAX_CATEGORY = 50
DEFAULT_DELIVERY_MINUTES = 30


def text(cells: Cells, key: str, where: str = "") -> str:
    value = cells.get(key)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str | int | Decimal):
        return str(value).strip()
    raise FieldProblem(f"{where}{key}", "expected text or a number")


def text_or_list(cells: Cells, key: str, where: str = "") -> str | list[str]:
    value = cells.get(key)
    if isinstance(value, list):
        if not all(isinstance(item, str) for item in value):
            raise FieldProblem(f"{where}{key}", "expected a list of texts")
        return value
    return text(cells, key, where)


def unknown_key(cells: Cells, known: Sequence[str], where: str = "") -> None:
    """Refuse a key no object of this kind has: "prce" is a typo, not something to ignore."""
    for key in cells:
        if key not in known:
            close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
            hint = f'; did you mean "{close[0]}"?' if close else ""
            raise FieldProblem(f"{where}{key}", f"unknown field{hint}")


def restaurant_from(cells: Cells) -> Restaurant:
    currency = fields.currency_code("currency", text(cells, "currency"))
    opening = fields.hours("opening_hours", text_or_list(cells, "opening_hours"))
    if not opening:
        raise FieldProblem("opening_hours", 'missing (like "mon-sun 11:30-14:30, 18:30-22:30")')
    name = text(cells, "name")
    if not name:
        raise FieldProblem("name", "missing")
    return Restaurant(
        slug=fields.code("slug", text(cells, "slug")),
        name=name,
        timezone=fields.timezone("timezone", text(cells, "timezone")),
        currency=currency,
        address=text(cells, "address"),
        opening_hours=opening,
        delivery_postcodes=fields.postcodes(
            "delivery_postcodes", fields.listed(text_or_list(cells, "delivery_postcodes"))
        ),
        delivery_fee_minor=fields.price(
            "delivery_fee", text(cells, "delivery_fee") or "0", currency
        ),
        minimum_order_minor=fields.price(
            "minimum_order", text(cells, "minimum_order") or "0", currency
        ),
        preparation_minutes=fields.whole_number(
            "preparation_minutes", text(cells, "preparation_minutes")
        ),
        delivery_minutes=fields.whole_number(
            "delivery_minutes", text(cells, "delivery_minutes"), DEFAULT_DELIVERY_MINUTES
        ),
        pickup=fields.yes_no("pickup", text(cells, "pickup"), default=True),
    )


def modifier_from(cells: Cells, currency: str, kind: GroupKind, where: str = "") -> Modifier:
    delta = fields.price(f"{where}price", text(cells, "price", where), currency, signed=True)
    if kind is GroupKind.REMOVAL and delta:
        raise FieldProblem(f"{where}price", "taking an ingredient out never costs anything")
    return Modifier(
        code=fields.code(f"{where}code", text(cells, "code", where)),
        names=fields.names(
            f"{where}name", text(cells, "name", where), text(cells, "name_fr", where)
        ),
        price_delta_minor=delta,
    )


def group_from(
    cells: Cells,
    modifiers: Sequence[Modifier],
    where: str = "",
    modifiers_field: str = "modifiers",
) -> ModifierGroup:
    """A group and its modifiers, checked together: the rules only make sense with both."""
    kind = fields.group_kind(f"{where}kind", text(cells, "kind", where))
    group_code = fields.code(f"{where}code", text(cells, "code", where))
    group_names = fields.names(
        f"{where}name", text(cells, "name", where), text(cells, "name_fr", where)
    )
    if not modifiers:
        raise FieldProblem(modifiers_field, f'group "{group_code}" has no modifiers')
    codes = [modifier.code for modifier in modifiers]
    # One size, but any number of extras and removals unless the merchant says otherwise.
    default_max = 1 if kind is GroupKind.CHOICE else len(modifiers)
    least = fields.whole_number(f"{where}min", text(cells, "min", where), 0)
    most = fields.whole_number(f"{where}max", text(cells, "max", where), default_max, least=1)
    if least > most:
        raise FieldProblem(f"{where}min", f"min {least} is more than max {most}")
    if least > len(modifiers):
        raise FieldProblem(f"{where}min", f"min {least} but only {len(modifiers)} modifier(s)")
    default = text(cells, "default", where) or None
    if default is not None and default not in codes:
        raise FieldProblem(
            f"{where}default",
            f'"{default}" is none of this group\'s modifiers ({", ".join(codes)})',
        )
    return ModifierGroup(
        code=group_code,
        names=group_names,
        kind=kind,
        modifiers=tuple(modifiers),
        min_choices=least,
        max_choices=most,
        default=default,
    )


def dish_from(cells: Cells, currency: str, groups: Sequence[ModifierGroup]) -> Dish:
    category = text(cells, "category").lower()
    if not category:
        raise FieldProblem("category", 'missing (the menu\'s section: "pizza", "drink"...)')
    if len(category) > MAX_CATEGORY:
        raise FieldProblem("category", f"longer than {MAX_CATEGORY} characters")
    return Dish(
        sku=fields.sku("sku", text(cells, "sku")),
        names=fields.names("name", text(cells, "name"), text(cells, "name_fr")),
        category=category,
        price_minor=fields.price("price", text(cells, "price"), currency),
        currency=currency,
        description=fields.names(
            "description",
            text(cells, "description"),
            text(cells, "description_fr"),
            required=False,
        ),
        allergens=fields.allergens("allergens", fields.listed(text_or_list(cells, "allergens"))),
        labels=fields.labels("labels", fields.listed(text_or_list(cells, "labels"))),
        modifier_groups=tuple(groups),
        available=fields.hours("available", text_or_list(cells, "available")),
    )


def first_repeat(codes: Sequence[str]) -> int | None:
    """The index of the first code already seen before it, or None."""
    seen: set[str] = set()
    for index, item in enumerate(codes):
        if item in seen:
            return index
        seen.add(item)
    return None
