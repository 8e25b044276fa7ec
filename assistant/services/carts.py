"""Cart use cases: what the shopper has chosen, kept per conversation until checkout."""

from __future__ import annotations

from assistant.commerce.errors import UnknownProduct
from assistant.services.unit_of_work import UnitOfWork
from assistant.services.views import CartView


def view_cart(uow: UnitOfWork, conversation_id: str) -> CartView:
    with uow:
        return CartView.of(conversation_id, uow.carts.get(conversation_id))


def add_to_cart(uow: UnitOfWork, conversation_id: str, sku: str, quantity: int = 1) -> CartView:
    """Add `quantity` of a variant, merging with a line already in the cart."""
    with uow:
        variant = uow.variants.by_sku(sku)
        if variant is None:
            raise UnknownProduct(f"no product with SKU {sku!r}", sku=sku)
        cart = uow.carts.get_or_create(conversation_id)
        cart.add(variant, quantity)
        uow.commit()
        return CartView.of(conversation_id, cart)


def set_quantity(uow: UnitOfWork, conversation_id: str, key: str, quantity: int) -> CartView:
    """Change the line `key` (a product's SKU; see CartLineView.key) to `quantity` units (0
    removes it); more units must be in stock."""
    with uow:
        cart = uow.carts.get(conversation_id)
        if cart is None:
            raise UnknownProduct(f"{key!r} is not in the cart", sku=key)
        cart.set_quantity(key, quantity)
        uow.commit()
        return CartView.of(conversation_id, cart)


def swap_variant(
    uow: UnitOfWork, conversation_id: str, key: str, sku: str, quantity: int | None = None
) -> CartView:
    """Put variant `sku` in place of the line `key`, same quantity ("actually in black"), or
    of `quantity` of its units ("change one of the three to L"): one transaction, so a
    variant out of stock leaves the line as it was."""
    with uow:
        cart = uow.carts.get(conversation_id)
        line = cart.line_keyed(key) if cart is not None else None
        variant = uow.variants.by_sku(sku)
        if cart is None or line is None:
            raise UnknownProduct(f"{key!r} is not in the cart", sku=key)
        if variant is None:
            raise UnknownProduct(f"no product with SKU {sku!r}", sku=sku)
        held = line.quantity
        moved = held if quantity is None else max(0, min(quantity, held))
        cart.set_quantity(key, held - moved)
        cart.add(variant, moved)
        uow.commit()
        return CartView.of(conversation_id, cart)
