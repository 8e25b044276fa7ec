"""Can the restaurant take this order now: the delivery zone, the minimum order, the hours, and
what delivery costs. Each answer is a value the conversation words and offers buttons from."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from catalog.menu.hours import next_slots, taking_orders
from catalog.menu.menu import Restaurant

SLOTS_OFFERED = 4  # times offered as quick replies


class Fulfilment(StrEnum):
    DELIVERY = "delivery"
    PICKUP = "pickup"


@dataclass(frozen=True)
class Accepted:
    fulfilment: Fulfilment
    fee_minor: int  # the delivery fee; nothing for a pickup
    total_minor: int  # subtotal + fee
    currency: str
    slots: tuple[datetime, ...]  # the earliest delivery (or pickup) times, local


@dataclass(frozen=True)
class OutsideZone:
    postcode: str
    zone: tuple[str, ...]  # the postcodes delivered, sorted


@dataclass(frozen=True)
class UnderMinimum:
    minimum_minor: int
    missing_minor: int  # what the shopper must add
    currency: str


@dataclass(frozen=True)
class Closed:
    """Not taking orders now: ordering ahead for one of `slots` is possible."""

    slots: tuple[datetime, ...]


@dataclass(frozen=True)
class NoPickup:
    """The restaurant only delivers."""


DeliveryCheck = Accepted | OutsideZone | UnderMinimum | Closed | NoPickup


def normal_postcode(postcode: str) -> str:
    return postcode.replace(" ", "").strip().upper()


def delivery_check(
    restaurant: Restaurant,
    postcode: str | None,
    subtotal_minor: int,
    at: datetime,
    fulfilment: Fulfilment = Fulfilment.DELIVERY,
) -> DeliveryCheck:
    """Whether an order of `subtotal_minor` placed at `at` can be delivered to `postcode` (or
    collected, for a pickup, where postcode and minimum do not apply), checked in that order:
    zone, minimum, hours."""
    delivering = fulfilment is Fulfilment.DELIVERY
    if not delivering and not restaurant.pickup:
        return NoPickup()
    if delivering:
        wanted = normal_postcode(postcode or "")
        if wanted not in restaurant.delivery_postcodes:
            return OutsideZone(wanted, tuple(sorted(restaurant.delivery_postcodes)))
        if subtotal_minor < restaurant.minimum_order_minor:
            return UnderMinimum(
                restaurant.minimum_order_minor,
                restaurant.minimum_order_minor - subtotal_minor,
                restaurant.currency,
            )
    slots = tuple(next_slots(restaurant, at, SLOTS_OFFERED, for_delivery=delivering))
    if not taking_orders(restaurant, at):
        return Closed(slots)
    fee = restaurant.delivery_fee_minor if delivering else 0
    return Accepted(fulfilment, fee, subtotal_minor + fee, restaurant.currency, slots)
