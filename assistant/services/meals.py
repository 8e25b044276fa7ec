"""Meal use cases: the restaurant's menu, dishes into the cart, the delivery and its fee.

A dish line's key is its SKU and the options the shopper chose (defaults left out, as the
understanding keeps them), so "a margherita with extra cheese" said twice is one line of two.
The line remembers its choices in `details`, which turns the cart back into the basket the
next edit ("make the margherita large") reads.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol

from assistant.commerce.cart import Cart
from assistant.commerce.delivery import Delivery
from assistant.commerce.errors import EmptyCart, ShopError, UnknownProduct
from assistant.commerce.items import MEAL_KINDS, Item, LineKind
from assistant.kernel.clock import utcnow
from assistant.kernel.ttl_cache import TtlCache
from assistant.services.unit_of_work import UnitOfWork
from assistant.services.views import CartView
from assistant.wording import say
from catalog.menu.delivery import (
    SLOTS_OFFERED,
    Accepted,
    Closed,
    DeliveryCheck,
    Fulfilment,
    delivery_check,
)
from catalog.menu.hours import next_slots
from catalog.menu.loader import menu_from_database
from catalog.menu.menu import Menu
from catalog.menu.pricing import price_of

Choices = tuple[tuple[str, tuple[str, ...]], ...]  # (group code, modifier codes), sorted


class DishLine(Protocol):
    """A dish with the shopper's options, as the understanding reads it (its BasketLine)."""

    @property
    def sku(self) -> str: ...

    @property
    def quantity(self) -> int: ...

    @property
    def choices(self) -> Choices: ...


MENU_SECONDS = 60.0  # a menu reloaded by the merchant shows within a minute
FEE_SKU = "DELIVERY-FEE"
_menus: TtlCache[str, Menu] = TtlCache(MENU_SECONDS)  # by database URL


class DeliveryNeeded(ShopError):
    """A meal cannot be paid before the shopper said how it reaches them."""


class DeliveryRefused(ShopError):
    """The restaurant cannot serve this delivery (zone, minimum, hours): `details["check"]`."""


def current_menu(uow: UnitOfWork) -> Menu:
    """The demo restaurant's menu (the only one stored), kept a minute per process."""
    with uow:
        return current_menu_in(uow)


def line_key(sku: str, choices: Choices) -> str:
    """ "PIZZA-MARGHERITA|extras=extra-cheese,mushrooms|size=large": one line per distinct unit."""
    said = sorted((group, tuple(sorted(codes))) for group, codes in choices if codes)
    return "|".join([sku, *(f"{group}={','.join(codes)}" for group, codes in said)])


def meal_item(menu: Menu, line: DishLine, language: str) -> Item:
    """A basket line priced from the menu; raises UnknownProduct or a pricing ChoiceError."""
    dish = menu.dish(line.sku)
    if dish is None:
        raise UnknownProduct(f"no dish {line.sku!r} on the menu", sku=line.sku)
    priced = price_of(dish, dict(line.choices))
    return Item(
        kind=LineKind.MEAL,
        sku=dish.sku,
        title=priced.label.in_language(language),
        unit_price_minor=priced.unit_price_minor,
        currency=priced.currency,
        line_key=line_key(dish.sku, line.choices),
        details={
            "restaurant": menu.restaurant.slug,
            "choices": {group: list(codes) for group, codes in line.choices},
        },
    )


def fee_item(menu: Menu, language: str) -> Item:
    restaurant = menu.restaurant
    return Item(
        kind=LineKind.FEE,
        sku=FEE_SKU,
        title=say("label_delivery", language),  # "Delivery", "Livraison"
        unit_price_minor=restaurant.delivery_fee_minor,
        currency=restaurant.currency,
        line_key=FEE_SKU,
        details={"restaurant": restaurant.slug},
    )


def stored_choices(details: Mapping[str, Any]) -> Choices:
    """A dish line's options as stored in its details, back as sorted choices."""
    return _choices(details.get("choices") or {})


def _choices(stored: Mapping[str, Iterable[str]]) -> Choices:
    return tuple(sorted((group, tuple(codes)) for group, codes in stored.items() if codes))


def add_meal(
    uow: UnitOfWork, conversation_id: str, lines: Iterable[DishLine], language: str
) -> CartView:
    """Add the dishes, merging with identical lines; MixedBasket if goods are in the cart."""
    menu = current_menu(uow)
    items = [(meal_item(menu, line, language), line.quantity) for line in lines]
    with uow:
        cart = uow.carts.get_or_create(conversation_id)
        for item, quantity in items:
            cart.add_item(item, quantity)
        uow.commit()
        return CartView.of(conversation_id, cart)


def replace_meal_lines(
    uow: UnitOfWork, conversation_id: str, basket: Iterable[DishLine], language: str
) -> CartView:
    """The cart's dishes become `basket` (the whole basket after an edit); an empty basket
    leaves no dish, and so no delivery either."""
    menu = current_menu(uow)
    items = [(meal_item(menu, line, language), line.quantity) for line in basket]
    with uow:
        cart = uow.carts.get_or_create(conversation_id)
        delivery = cart.delivery
        cart.lines[:] = [line for line in cart.lines if LineKind(line.kind) not in MEAL_KINDS]
        uow.session.flush()  # the old keys go before identical new ones arrive
        for item, quantity in items:
            cart.add_item(item, quantity)
        if not items:
            cart.set_delivery(None, None)
        elif delivery is not None and not cart.line_keyed(FEE_SKU):
            cart.set_delivery(delivery, _fee_for(menu, delivery, language))
        uow.commit()
        return CartView.of(conversation_id, cart)


def meal_prices(menu: Menu, cart: Cart) -> dict[str, int]:
    """Today's unit price of every dish line (and the fee), by line key, for `Cart.reprice`."""
    prices: dict[str, int] = {}
    for line in cart.lines:
        if LineKind(line.kind) in MEAL_KINDS:
            chosen = _choices(line.details.get("choices") or {})
            dish = menu.dish(line.sku)
            if dish is not None:
                prices[line.line_key] = price_of(dish, dict(chosen)).unit_price_minor
        elif line.kind == LineKind.FEE:
            prices[line.line_key] = menu.restaurant.delivery_fee_minor
    return prices


def check_delivery(
    menu: Menu,
    mode: Fulfilment,
    postcode: str | None,
    wanted: datetime | None,
    subtotal_minor: int,
    now: datetime,
) -> DeliveryCheck:
    """The restaurant's answer: as soon as possible (`wanted` None), or ordered ahead for a
    time wanted (checked as if placed when the kitchen must start it). A time the kitchen
    cannot make, or a closed kitchen, is `Closed` with the next times it can, from now."""
    restaurant = menu.restaurant
    delivering = mode is Fulfilment.DELIVERY
    at = now
    if wanted is not None:
        road = restaurant.delivery_minutes if delivering else 0
        at = max(now, wanted - timedelta(minutes=restaurant.preparation_minutes + road))
    check = delivery_check(restaurant, postcode, subtotal_minor, at, mode)
    slots = tuple(next_slots(restaurant, now, SLOTS_OFFERED, for_delivery=delivering))
    too_soon = wanted is not None and bool(slots) and wanted < slots[0]
    if isinstance(check, Closed) or (isinstance(check, Accepted) and too_soon):
        return Closed(slots)
    return check


def quote_delivery(
    uow: UnitOfWork,
    conversation_id: str,
    mode: Fulfilment,
    postcode: str | None,
    wanted: datetime | None,
) -> DeliveryCheck:
    """What the restaurant says to this delivery for the meal in the cart, changing nothing:
    the delivery form asks it as soon as it knows where, to say "outside the zone" early."""
    menu = current_menu(uow)
    with uow:
        cart = uow.carts.get(conversation_id)
        subtotal = cart.subtotal_minor if cart is not None else 0
    return check_delivery(menu, mode, postcode, wanted, subtotal, utcnow())


@dataclass(frozen=True)
class DeliveryQuote:
    check: DeliveryCheck  # Accepted, or why not
    cart: CartView


def set_delivery(
    uow: UnitOfWork, conversation_id: str, delivery: Delivery, language: str
) -> DeliveryQuote:
    """Check the delivery against the restaurant and, when accepted, keep it on the cart with
    its fee line; otherwise the cart is unchanged and the check says why."""
    menu = current_menu(uow)
    with uow:
        cart = uow.carts.get(conversation_id)
        if cart is None or not cart.kinds & MEAL_KINDS:
            raise EmptyCart("no meal in the cart")
        check = _check(menu, delivery, cart)
        if isinstance(check, Accepted):
            cart.set_delivery(delivery, _fee_for(menu, delivery, language))
            uow.commit()
        return DeliveryQuote(check, CartView.of(conversation_id, cart))


def _check(menu: Menu, delivery: Delivery, cart: Cart) -> DeliveryCheck:
    return check_delivery(
        menu, delivery.mode, delivery.postcode, delivery.time, cart.subtotal_minor, utcnow()
    )


def _fee_for(menu: Menu, delivery: Delivery, language: str) -> Item | None:
    return fee_item(menu, language) if delivery.mode is Fulfilment.DELIVERY else None


def ready_to_pay(uow: UnitOfWork, cart: Cart) -> dict[str, int]:
    """Inside checkout's transaction: a meal cart must have an accepted delivery; returns the
    prices `Cart.reprice` needs (nothing for a cart without dishes)."""
    if not cart.kinds & MEAL_KINDS:
        return {}
    menu = current_menu_in(uow)
    delivery = cart.delivery
    if delivery is None:
        raise DeliveryNeeded("the meal has no delivery details yet")
    check = _check(menu, delivery, cart)
    if not isinstance(check, Accepted):
        raise DeliveryRefused(f"the restaurant cannot take this order: {check}", check=check)
    return meal_prices(menu, cart)


def current_menu_in(uow: UnitOfWork) -> Menu:
    """The menu read in the caller's open unit of work (checkout's transaction)."""
    return _menus.get(uow.database_url, lambda: menu_from_database(uow.session))


def forget_menus() -> None:
    """A menu this process just reloaded is read again at once, not after MENU_SECONDS (other
    processes, the action server's, still read it within MENU_SECONDS)."""
    _menus.clear()
