"""Build a catalog query from the latest message's entities and the conversation's context."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from typing import Any

from assistant.kernel.money import MoneyError, to_minor
from catalog.search import SearchQuery

PAGE_SIZE = 5
_NUMBER = re.compile(r"\d+(?:[.,]\d{1,2})?")
# "cheaper", "less expensive", "moins cher", "pas trop cher", "moins onéreux", "too pricey".
_CHEAPER = re.compile(
    r"cheap|less expensive|too (?:expensive|pricey|much)|lower price|moins ch[eè]r|"
    r"trop ch[eè]r|moins on[eé]reu|petit prix|budget",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class SearchContext:
    """What the conversation is currently looking for; stored in slots between turns."""

    product: str | None = None
    color: str | None = None
    size: str | None = None
    brand: str | None = None
    min_price_minor: int | None = None
    max_price_minor: int | None = None
    text: str = ""
    offset: int = 0

    def to_query(self) -> SearchQuery:
        return SearchQuery(
            text=" ".join(part for part in (self.product, self.text) if part),
            color=self.color,
            size=self.size,
            brand=self.brand,
            min_price_minor=self.min_price_minor,
            max_price_minor=self.max_price_minor,
            limit=PAGE_SIZE,
            offset=self.offset,
        )

    def describe(self, lang: str = "en", names: Mapping[str, str] | None = None) -> str:
        """A short echo of the request for the reply: "Kestrel red t-shirt M" in English,
        "t-shirt (rouge, Kestrel, taille M)" in French, where `names` gives the French words
        for canonical values and the brackets spare us adjective agreement."""
        if lang != "fr":
            words = [self.brand, self.color, self.product or self.text, self.size]
            return " ".join(word for word in words if word) or "your request"
        names = names or {}
        product = self.product or self.text
        details = [
            names.get(self.color, self.color) if self.color else None,
            self.brand,
            f"taille {self.size}" if self.size else None,
        ]
        said = ", ".join(detail for detail in details if detail)
        if not product:
            return said or "votre demande"
        product = names.get(product, product)
        return f"{product} ({said})" if said else product


def price_minor(value: str, currency: str) -> int | None:
    """ "80" or "79,90" (an entity value) in minor units; None if it is not an amount."""
    match = _NUMBER.search(value or "")
    if not match:
        return None
    try:
        return to_minor(Decimal(match.group().replace(",", ".")), currency)
    except (InvalidOperation, MoneyError):
        return None


def price_bounds(amounts: list[tuple[str, int]]) -> dict[str, int]:
    """Roles to amounts. Two amounts are a range whatever roles the model gave them:
    "between 500 and 900" sometimes comes back as two maxima, and a range is what was meant."""
    if len(amounts) >= 2:
        values = [amount for _, amount in amounts]
        return {"min": min(values), "max": max(values)}
    return dict(amounts)


def next_context(
    intent: str,
    entities: list[dict[str, Any]],
    previous: SearchContext,
    message_text: str,
    currency: str,
    cheapest_shown_minor: int | None = None,
) -> SearchContext:
    """A new search starts afresh; a refinement changes only what was said; "more" pages on.

    "Cheaper" with no amount means under the cheapest price the shopper was just shown.
    """
    if intent == "show_more":
        return replace(previous, offset=previous.offset + PAGE_SIZE)
    found: dict[str, str] = {}
    amounts: list[tuple[str, int]] = []
    for entity in entities:
        name, value = entity.get("entity"), str(entity.get("value", ""))
        if name == "price":
            amount = price_minor(value, currency)
            if amount is not None:
                amounts.append((entity.get("role") or "max", amount))
        elif name in {"product", "color", "size", "brand"} and value:
            found.setdefault(name, value)
    prices = price_bounds(amounts)
    # A refinement with nothing to refine ("under 30" as a first message) starts a search, and
    # so does one naming another product ("red sneakers under 50" read as a refinement).
    refining = (
        intent == "refine_search"
        and any((previous.product, previous.color, previous.brand))
        and found.get("product", previous.product) == previous.product
    )
    if refining and "max" not in prices and cheapest_shown_minor and _CHEAPER.search(message_text):
        prices["max"] = cheapest_shown_minor - 1
    base = previous if refining else SearchContext()
    context = replace(
        base,
        product=found.get("product", base.product),
        color=found.get("color", base.color),
        size=found.get("size", base.size),
        brand=found.get("brand", base.brand),
        min_price_minor=prices.get("min", base.min_price_minor),
        max_price_minor=prices.get("max", base.max_price_minor),
        offset=0,
    )
    if not refining and not context.product:
        # No product word recognised: search with the shopper's own words.
        context = replace(context, text=message_text)
    return context
