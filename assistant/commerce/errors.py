"""Why a shop operation was refused, as data: the actions turn these into shopper messages."""

from __future__ import annotations


class ShopError(Exception):
    """Base of refusals a shopper or merchant can act on; `code` names the case for messages."""

    code = "shop_error"

    def __init__(self, message: str, **details: object) -> None:
        super().__init__(message)
        self.details = details


class UnknownProduct(ShopError):
    code = "unknown_product"


class OutOfStock(ShopError):
    code = "out_of_stock"


class EmptyCart(ShopError):
    code = "empty_cart"


class PriceChanged(ShopError):
    code = "price_changed"


class MixedCurrencies(ShopError):
    code = "mixed_currencies"


class IllegalTransition(ShopError):
    code = "illegal_transition"


class PaymentProviderError(ShopError):
    code = "payment_provider_error"


class UnknownOrder(ShopError):
    code = "unknown_order"
