"""Why the shop refused something, as data: entry points turn these into words for people."""

from __future__ import annotations


class ShopError(Exception):
    """A refusal a shopper or merchant can act on; `details` name what it concerns."""

    def __init__(self, message: str, **details: object) -> None:
        super().__init__(message)
        self.details = details


class UnknownProduct(ShopError):
    pass


class OutOfStock(ShopError):
    pass


class EmptyCart(ShopError):
    pass


class PriceChanged(ShopError):
    pass


class MixedCurrencies(ShopError):
    pass


class MixedBasket(ShopError):
    """A meal added to a cart holding goods or tickets, or the reverse: each is paid apart.

    details: `in_cart` and `adding`, the line kinds ("meal", "product", "flight"), and the
    `title` of the item refused."""


class IllegalTransition(ShopError):
    """An order asked to move to a state its current one does not lead to."""


class UnknownOrder(ShopError):
    pass


class UnknownHandoff(ShopError):
    pass
