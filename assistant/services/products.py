"""Catalog questions a conversation asks: search, one product's options, prices shown."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from assistant.services.unit_of_work import UnitOfWork
from assistant.services.views import ProductView
from catalog.models import Product
from catalog.search import (
    SearchQuery,
    SearchResult,
    kind_named,
    names_an_unsold_kind,
    names_product_kind,
    names_shop_items,
    products_named,
    says_only_options,
    says_title_words,
    search,
)
from catalog.search import says_its_own_name as catalog_says_its_own_name
from catalog.text import tokens


def search_products(uow: UnitOfWork, query: SearchQuery) -> SearchResult:
    with uow:
        return search(uow.session, query)


# Which of a few products some words mean: the first of them among the catalog's first matches
# for the words, scoring near the best ("la gourde souple" finds a collapsible bottle first and
# the squeeze bottle in the cart next).
NEAR_THE_TOP = 3
CLOSE_TO_THE_BEST = 0.8


def best_among(
    uow: UnitOfWork, words: str, groups: Collection[str], closest: bool = False
) -> str | None:
    """The one of the products (`groups`, by group id) the words mean, if the catalog's best
    matches for them hold it: "les tasses émaillées" among the lines of a cart is the Enamel
    Camping Mug; with `closest`, the nearest products count when none matches exactly ("le
    lot de 5 paires" among the socks shown is the 5-pack). None when the best matches are
    other products ("the cropped one in black" with another hoodie there)."""
    if not words or not groups:
        return None
    found = search_products(uow, SearchQuery(text=words, limit=NEAR_THE_TOP))
    hits = found.hits or (found.alternatives if closest else [])
    for hit in hits:
        if hit.score < CLOSE_TO_THE_BEST * hits[0].score:
            return None
        if hit.group_id in groups:
            return hit.group_id
    return None


def tells_variants_apart(uow: UnitOfWork, text: str) -> bool:
    """Colours, sizes and option words only ("le noir en L"): which variant, no product."""
    with uow:
        return says_only_options(uow.session, text)


def product_for_sku(uow: UnitOfWork, sku: str) -> ProductView | None:
    """The product one of whose variants is `sku`, with all its variants; None if unknown."""
    with uow:
        variant = uow.variants.by_sku(sku)
        return ProductView.of(variant.product) if variant is not None else None


def product_named(uow: UnitOfWork, text: str, prefer: Sequence[str] = ()) -> ProductView | None:
    """The product a message names ("does the Aero 14 have 16 GB?"), if it names one that is on
    sale: among several, one of the variants `prefer`red (the results on screen: "the slim fit
    stretch" after t-shirts is the t-shirt), else the closest title ("Nova 8" before "Pro")."""
    with uow:
        listed = _named_on_sale(uow, text)
        preferred = set(prefer)
        chosen = next(
            (p for p in listed if any(v.sku in preferred for v in p.variants)),
            listed[0] if listed else None,
        )
        return ProductView.of(chosen) if chosen is not None else None


def says_its_own_name(uow: UnitOfWork, text: str, product: ProductView) -> bool:
    """The message says a word of the product's title that no other product has ("chelsea
    boots", "the essential one")."""
    with uow:
        return catalog_says_its_own_name(uow.session, text, product.title)


def product_named_alone(uow: UnitOfWork, text: str) -> ProductView | None:
    """The one product on sale a message names, when its words name no other ("the rosemary
    crackers"; not "a mug", which names every mug)."""
    with uow:
        listed = _named_on_sale(uow, text)
        return ProductView.of(listed[0]) if len(listed) == 1 else None


def _named_on_sale(uow: UnitOfWork, text: str) -> list[Product]:
    """The products on sale the message names, best named first (inside `uow`)."""
    named = [uow.variants.product(product_id) for product_id in products_named(uow.session, text)]
    return [product for product in named if product is not None and product.listed]


def products_for_skus(uow: UnitOfWork, skus: list[str]) -> list[ProductView]:
    """The products of these variants, in the order given, each once (the results shown)."""
    with uow:
        views: dict[str, ProductView] = {}
        for variant in uow.variants.by_skus(skus):
            views.setdefault(variant.sku, ProductView.of(variant.product))
    seen: set[str] = set()
    ordered = []
    for sku in skus:
        view = views.get(sku)
        if view is not None and view.group_id not in seen:
            seen.add(view.group_id)
            ordered.append(view)
    return ordered


class ShopCatalogWords:
    """The catalog's reading of some words, for telling the departments apart."""

    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow

    def names_items(self, text: str) -> bool:
        return is_shopping_request(self._uow, text)

    def names_kind(self, text: str) -> bool:
        with self._uow:
            return names_product_kind(self._uow.session, text)


def kind_asked(uow: UnitOfWork, text: str) -> str | None:
    """The category the message's head names ("is there a keyboard that could help?")."""
    with uow:
        return kind_named(uow.session, text)


def says_words_of_titles(uow: UnitOfWork, text: str) -> bool:
    """Some word of the message is a word of the shop's product names."""
    with uow:
        return says_title_words(uow.session, text)


def asks_for_an_unsold_kind(uow: UnitOfWork, text: str) -> bool:
    """The message names a kind of thing the shop sells none of ("des serviettes de plage")."""
    with uow:
        return names_an_unsold_kind(uow.session, text)


def is_shopping_request(uow: UnitOfWork, text: str) -> bool:
    """Whether the message names the shop's products or kinds of product."""
    with uow:
        return names_shop_items(uow.session, text)


def names_what_is_sold(uow: UnitOfWork, text: str) -> bool:
    """The words name the shop's products or kinds, or surely find products close to them."""
    return is_shopping_request(uow, text) or searches_surely(uow, text)


def searches_surely(uow: UnitOfWork, text: str) -> bool:
    """Whether the message, searched as it is, finds products close to its words (above the
    relevance floor): a shopping request in words no dictionary has ("des amandes" on an
    English catalog). A whole search: only for messages the intent model could not place.
    Small words alone ("the", "pour ma") describe nothing, whatever the encoder finds near."""
    if not tokens(text):
        return False
    return search_products(uow, SearchQuery(text=text, limit=1)).sure
