"""A product pointed at among those shown by its price: "the cheaper one", "le moins cher",
"the 69 one", "celui à 89 euros", "the one at 24.90"."""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from catalog.text import fold

_THE = r"(?:the|le|la|les|l'|celui|celle|ceux|celles)"
_AMOUNT = r"(?:€\s*)?(?P<{name}>\d+(?:[.,]\d{{1,2}})?)\s*(?:€|euros?|eur|bucks|quid|balles)?"
# "the 69 one", "le 24,90", "the €69 one" / "the one at 69", "celui à 89 euros", "one for 12",
# "the hiking pair at 149"
# A comma or full stop may follow ("The 69 one, will it…", "celui à 299, il…"), not a digit;
# nor a unit: "the 27 inch one", "le 2 m" are measures
_A_UNIT = (
    r"\s*(?:inch|inches|in|pouces?|cm|mm|m|metres?|meters?|gb|go|tb|to|ml|cl|l|litres?|liters?|"
    r"g|kg|grammes?|grams?|w|watts?|mah|hz|mp|%|\"|pack|packs|pieces?)(?![\w])"
)
_PRICE_SAID = re.compile(
    rf"(?<![\w'])(?:{_THE}\s+{_AMOUNT.format(name='before')}(?!{_A_UNIT})"
    r"(?:\s+(?:one|ones)|(?!\w|[.,]\d))|"
    rf"(?:one|ones|pair|pairs|celui|celle|ceux|celles|paire)\s+(?:at|for|a|de|en)\s+"
    rf"{_AMOUNT.format(name='after')})"
    r"(?!\w|[.,]\d)"
)
# "the cheaper one", "le moins cher", "la moins chère", "the cheapest of the two"
_CHEAPER = re.compile(
    rf"(?<![\w'])(?:{_THE}|the one|the ones)\s+(?:\w+\s+)?"
    r"(?:cheap|cheaper|cheapest|least expensive|less expensive|moins chere?s?|plus abordable)"
    r"(?![\w'])"
)
_DEARER = re.compile(
    rf"(?<![\w'])(?:{_THE}|the one|the ones)\s+(?:\w+\s+)?"
    r"(?:dearer|pricier|priciest|more expensive|most expensive|plus chere?s?)(?![\w'])"
)


# "which one is cheaper?", "c quoi la couleur la moins chère", "the 85 or the 70?": asked to
# compare or to name a version, not pointing at a product
_ASKS_WHICH = re.compile(
    r"(?<![\w'])(?:which|what|whats|lequel|laquelle|lesquels|lesquelles|quel|quelle|quels|"
    r"quelles|quoi|or|ou|vs|versus|compare\w*|colou?rs?|couleurs?|sizes?|tailles?)(?![\w'])"
)


@dataclass(frozen=True)
class Priced:
    """A product shown and the prices it is sold at (its variants' current prices)."""

    key: str
    prices: tuple[int, ...]


def pointed_by_price(text: str, shown: Sequence[Priced], sizes: Collection[str] = ()) -> str | None:
    """The key of the one product among `shown` the message points at by its price: the
    cheapest or dearest ("is the cheaper one waterproof?"), or the one sold at the amount said
    ("add the 69 one in yellow", when no other product shown costs that and no product shown
    is sold in a size "69": "the 42 one" of shoes is a size); None when it points at none that
    way."""
    if len(shown) < 2 or not points_by_price(text):
        return None
    said = fold(text).lower().replace("’", "'")
    lowest = {item.key: min(item.prices) for item in shown if item.prices}
    if _CHEAPER.search(said) and lowest:
        return min(lowest, key=lowest.__getitem__)
    if _DEARER.search(said) and lowest:
        return max(lowest, key=lowest.__getitem__)
    for found in _PRICE_SAID.finditer(said):
        amount = found["before"] or found["after"]
        if amount.replace(",", ".") in {fold(size).lower().strip() for size in sizes}:
            continue
        minor = amount_minor(amount)
        sold_at = [item.key for item in shown if minor in item.prices]
        if len(sold_at) == 1:
            return sold_at[0]
    return None


def without_price_pointing(text: str) -> str:
    """The message without the words that point at a product by its price: "celle a 9,99 elle
    est avec fil?" asks "elle est avec fil?", whose answer no "9,99" should hold up."""
    said = fold(text).replace("’", "'")
    if len(said) != len(text) or not _PRICE_SAID.search(said.lower()):
        return text  # folding changed its length ("œ"): the spans would not be the text's
    spans = [found.span() for found in _PRICE_SAID.finditer(said.lower())]
    kept, start = [], 0
    for begin, end in spans:
        kept.append(text[start:begin])
        start = end
    kept.append(text[start:])
    return " ".join(" ".join(kept).split()).strip(" ,;:-")


def points_by_price(text: str) -> bool:
    """The message points at a product by its price ("the cheaper one", "the 69 one"), not
    asking which one is ("lequel est le moins cher, le 85 ou le 70 ?")."""
    said = fold(text).lower().replace("’", "'")
    pointing = _CHEAPER.search(said) or _DEARER.search(said) or _PRICE_SAID.search(said)
    return pointing is not None and _ASKS_WHICH.search(said) is None


def amount_minor(amount: str) -> int:
    """An amount as written ("69", "24,90") in minor units."""
    return round(float(amount.replace(",", ".")) * 100)


def price_said(text: str) -> str | None:
    """The amount a message points at a product by ("the 69 one" -> "69"), as written."""
    found = _PRICE_SAID.search(fold(text).lower().replace("’", "'"))
    return (found["before"] or found["after"]) if found else None
