"""The menu's tables: a restaurant, and its dishes with their modifier groups as JSON.

Groups and modifiers are a JSON column of the dish, not tables of their own: they are always read
and written with their dish (pricing needs the whole dish), nothing looks one up by SQL, and an
order line keeps the codes and label it was sold with. Four tables would need their own upsert
and pruning rules for no reader. A dish the feed drops is soft-removed (`removed_at`): order
lines may point at it.
"""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from sqlalchemy import JSON, Column, UniqueConstraint
from sqlmodel import Field, SQLModel

from assistant.kernel.clock import utcnow
from catalog.menu.menu import Dish, GroupKind, Hours, Modifier, ModifierGroup, Names, Restaurant


class RestaurantRecord(SQLModel, table=True):
    __tablename__ = "restaurant"

    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(index=True, unique=True, max_length=50)
    name: str = Field(max_length=200)
    timezone: str = Field(max_length=64)
    currency: str = Field(max_length=3)
    address: str = ""
    opening_hours: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )
    delivery_postcodes: list[str] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )
    delivery_fee_minor: int = 0
    minimum_order_minor: int = 0
    preparation_minutes: int = 0
    delivery_minutes: int = 30
    pickup: bool = True
    updated_at: datetime = Field(default_factory=utcnow)

    def assign(self, restaurant: Restaurant) -> bool:
        """Take the feed's values; True when something changed."""
        values = restaurant_columns(restaurant)
        return _assign(self, values)

    def to_value(self) -> Restaurant:
        return Restaurant(
            slug=self.slug,
            name=self.name,
            timezone=self.timezone,
            currency=self.currency,
            address=self.address,
            opening_hours=hours_from_json(self.opening_hours),
            delivery_postcodes=frozenset(self.delivery_postcodes),
            delivery_fee_minor=self.delivery_fee_minor,
            minimum_order_minor=self.minimum_order_minor,
            preparation_minutes=self.preparation_minutes,
            delivery_minutes=self.delivery_minutes,
            pickup=self.pickup,
        )


class DishRecord(SQLModel, table=True):
    __tablename__ = "dish"
    __table_args__ = (UniqueConstraint("restaurant_id", "sku"),)

    id: int | None = Field(default=None, primary_key=True)
    restaurant_id: int = Field(foreign_key="restaurant.id")  # indexed by the unique key
    sku: str = Field(max_length=100)
    position: int = 0  # the dish's place in the feed: the menu is shown in this order
    category: str = Field(max_length=50)
    name_en: str = Field(max_length=200)
    name_fr: str = Field(default="", max_length=200)
    description_en: str = ""
    description_fr: str = ""
    price_minor: int
    currency: str = Field(max_length=3)
    allergens: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    labels: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    modifier_groups: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )
    available: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )
    # Set when a --prune load no longer finds the dish; a later load that lists it clears it.
    removed_at: datetime | None = None
    updated_at: datetime = Field(default_factory=utcnow)

    def assign(self, dish: Dish, position: int) -> bool:
        """Take the feed's values (and revive a removed dish); True when the dish changed.
        A new place on the menu alone is no change: dropping one dish moves all that follow."""
        _assign(self, {"position": position})
        return _assign(self, dish_columns(dish) | {"removed_at": None})

    def to_value(self) -> Dish:
        return Dish(
            sku=self.sku,
            names=Names(self.name_en, self.name_fr),
            category=self.category,
            price_minor=self.price_minor,
            currency=self.currency,
            description=Names(self.description_en, self.description_fr),
            allergens=tuple(self.allergens),
            labels=tuple(self.labels),
            modifier_groups=tuple(_group_from_json(group) for group in self.modifier_groups),
            available=hours_from_json(self.available),
        )


def restaurant_columns(restaurant: Restaurant) -> dict[str, Any]:
    return {
        "name": restaurant.name,
        "timezone": restaurant.timezone,
        "currency": restaurant.currency,
        "address": restaurant.address,
        "opening_hours": hours_to_json(restaurant.opening_hours),
        "delivery_postcodes": sorted(restaurant.delivery_postcodes),
        "delivery_fee_minor": restaurant.delivery_fee_minor,
        "minimum_order_minor": restaurant.minimum_order_minor,
        "preparation_minutes": restaurant.preparation_minutes,
        "delivery_minutes": restaurant.delivery_minutes,
        "pickup": restaurant.pickup,
    }


def dish_columns(dish: Dish) -> dict[str, Any]:
    return {
        "category": dish.category,
        "name_en": dish.names.en,
        "name_fr": dish.names.fr,
        "description_en": dish.description.en,
        "description_fr": dish.description.fr,
        "price_minor": dish.price_minor,
        "currency": dish.currency,
        "allergens": list(dish.allergens),
        "labels": list(dish.labels),
        "modifier_groups": [_group_to_json(group) for group in dish.modifier_groups],
        "available": hours_to_json(dish.available),
    }


def hours_to_json(hours: tuple[Hours, ...]) -> list[dict[str, Any]]:
    return [
        {
            "weekday": h.weekday,
            "opens": h.opens.strftime("%H:%M"),
            "closes": h.closes.strftime("%H:%M"),
        }
        for h in hours
    ]


def hours_from_json(rows: list[dict[str, Any]]) -> tuple[Hours, ...]:
    return tuple(
        Hours(row["weekday"], time.fromisoformat(row["opens"]), time.fromisoformat(row["closes"]))
        for row in rows
    )


def _group_to_json(group: ModifierGroup) -> dict[str, Any]:
    return {
        "code": group.code,
        "name_en": group.names.en,
        "name_fr": group.names.fr,
        "kind": group.kind.value,
        "min": group.min_choices,
        "max": group.max_choices,
        "default": group.default,
        "modifiers": [
            {
                "code": modifier.code,
                "name_en": modifier.names.en,
                "name_fr": modifier.names.fr,
                "price_delta_minor": modifier.price_delta_minor,
            }
            for modifier in group.modifiers
        ],
    }


def _group_from_json(row: dict[str, Any]) -> ModifierGroup:
    return ModifierGroup(
        code=row["code"],
        names=Names(row["name_en"], row["name_fr"]),
        kind=GroupKind(row["kind"]),
        modifiers=tuple(
            Modifier(m["code"], Names(m["name_en"], m["name_fr"]), m["price_delta_minor"])
            for m in row["modifiers"]
        ),
        min_choices=row["min"],
        max_choices=row["max"],
        default=row["default"],
    )


def _assign(record: SQLModel, values: dict[str, Any]) -> bool:
    changed = {name: value for name, value in values.items() if getattr(record, name) != value}
    for name, value in changed.items():
        setattr(record, name, value)
    return bool(changed)
