"""Price limits in a shopper's words, English and French: "under 80 euros", "entre 20 et 50 €",
"60 to 110", "at least €90", "pas plus cher que 30", "200 euros and up".

Pure Python (no Rasa), so it is tested on its own; `price_extractor` wraps it as a Rasa component.
Why rules and not only DIET: a price's role is decided by a handful of words next to the number
("under" / "over" / "no more than"), ranges by their order, and the model learned these from a few
dozen examples unevenly ("from 8" read as a maximum, the second number of a range as a minimum,
"below 15" as a size). The words are a closed list in both languages; rules read them exactly.

A number is a price only with a cue: a limit word before or after it, a range, or a currency.
Sizes ("size 42", "taille 38"), order numbers and quantities with units ("2 pairs", "3 days")
are not prices even next to a cue.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from assistant.nlu.spelled_numbers import in_figures

PRICE = "price"  # the entity these mentions become (role min or max)

Role = Literal["min", "max"]

# "80", "19.90", "19,90", "1 200", "1,200", "1.500" (thousands: exactly three digits per group).
_NUMBER = r"\d{1,3}(?:[ \u00a0\u202f,.]\d{3})+(?!\d)|\d+(?:[.,]\d{1,2})?(?!\d)"
_CURRENCY = (
    r"(?:€|\$|£|eur(?:o|os)?\b|usd\b|gbp\b|dollars?\b|bucks\b|pounds?\b|balles\b|quid\b|"
    r"piasses?\b|"
    r"e\b(?=\s*(?:max|maxi|maximum|min|minimum)\b))"
)
# A number with its currency, before or after, glued or not ("€35", "35 €", "35eur").
_PRICED = rf"(?:{_CURRENCY}\s?)?(?:{_NUMBER})(?:\s?{_CURRENCY})?"
# A number not glued to letters or other digits; a currency may be glued to it ("€35", "35€").
_AMOUNT = re.compile(
    # "pour des -25": a temperature below zero, no price
    rf"(?<![\w.,])(?<!\s-)(?<!^-)(?:{_CURRENCY}\s?)?(?P<number>{_NUMBER})(?:\s?{_CURRENCY}|e\b)?(?![^\W\d_])",
    re.IGNORECASE,
)

# Limit words before the number, longest first where one contains another.
_BEFORE_MAX = [
    r"under",
    r"below",
    r"beneath",
    r"less than",
    r"lower than",
    r"cheaper than",
    r"less expensive than",
    r"at most",
    r"at the most",
    r"up to",
    r"upto",
    r"within",
    r"max(?:imum)?\.?(?: of)?",
    r"budget(?: of| is| around| about)?",
    r"spend(?:ing)?(?: up to)?",
    r"not exceeding",
    r"not to exceed",
    r"(?:does ?n.?t|do ?n.?t) exceed",
    r"around",
    r"about",
    r"<=?|≤",
    r"moins de",
    r"moins d'",
    r"moins que",
    r"moins ch[eè]re?s? que",
    r"moins ch[eè]re?s? qu'",
    r"en(?: |-)?dessous de",
    r"au(?: |-)?dessous de",
    r"sous",
    r"jusqu'? ?[aà]",
    r"jusque",
    r"au max(?:imum)?",
    r"au plus",
    r"inf[eé]rieure?s? [aà]",
    r"ne d[eé]pass\w* pas",
    r"sans d[eé]passer",
    r"environ",
    r"autour de",
    r"pour",
    r"for",
]
_BEFORE_MIN = [
    r"over",
    r"above",
    r"more than",
    r"greater than",
    r"higher than",
    r"more expensive than",
    r"pricier than",
    r"at least",
    r"from",
    r"starting (?:at|from)",
    r"upwards of",
    r"in excess of",
    r"min(?:imum)?\.?(?: of)?",
    r">=?|≥",
    r"plus de",
    r"plus d'",
    r"plus que",
    r"plus ch[eè]re?s? que",
    r"plus ch[eè]re?s? qu'",
    r"au moins",
    r"[aà] partir de",
    r"[aà] partir d'",
    r"au(?: |-)?dessus de",
    r"sup[eé]rieure?s? [aà]",
    r"dès",  # "dès 20 €"; never "des", the plural article
]
# Words that turn a limit around: "no more than 50" is a maximum, "pas moins de 20" a minimum.
_NEGATION = r"(?:no|not|nothing|never|pas|rien|jamais)"
# "for" and "pour" only make a price with a currency ("for 50 euros", not "for 2").
_NEEDS_CURRENCY = {"pour", "for", "around", "about", "environ", "autour de"}

# Limit words after the number (and its currency): "50 € max", "200 euros and up", "100+".
_AFTER_MAX = (
    r"max(?:imum|i)?\b|tops\b|or (?:less|under|below|cheaper)\b|and (?:under|below)\b|"
    r"at (?:the )?most\b|au (?:plus|max(?:imum)?)\b|ou moins\b|grand max\b"
)
_AFTER_MIN = (
    r"min(?:imum|i)?\b|and (?:up|upwards|above|over|more)\b|or (?:more|above|over)\b|"
    r"at least\b|\+|et plus\b|ou plus\b|au moins\b"
)

# Range joiners: "60 to 110", "20-50", "de 20 à 50", "between 30 and 50", "entre 20 et 50".
_RANGE = re.compile(
    rf"(?:\b(?P<lead>between|entre|from|de|du)\s+)?(?<![\w.,])"
    rf"(?P<low>{_PRICED})"
    rf"\s*(?P<joiner>and|et|to|till|until|through|[aà]|-|–|—)\s*"
    rf"(?P<high>{_PRICED})(?![^\W\d_])",
    re.IGNORECASE,
)
# Before a number, these make it something other than a price.
_NOT_PRICE_BEFORE = re.compile(
    r"(?:\b(?:size|sizes|sz|taille|tailles|pointure|pointures|grandeur|grandeurs|order|orders|commande|commandes|"
    r"number|num[eé]ro|qty|quantity|quantit[eé]|ref|item|article|iphone|galaxy|pixel)|#|n°|no\.)"
    r"\s*:?\s*$",
    re.IGNORECASE,
)
# After a number, units that are not money: "2 pairs", "3 days", "15 inch", "500 ml".
_NOT_PRICE_AFTER = re.compile(
    r"^\s*(?:x\b|items?\b|pieces?\b|pcs\b|pairs?\b|units?\b|articles?\b|pi[eè]ces?\b|paires?\b|"
    r"days?\b|jours?\b|weeks?\b|semaines?\b|hours?\b|heures?\b|months?\b|mois\b|years?\b|ans?\b|"
    r"minutes?\b|mins?\b|cm\b|mm\b|m\b|kg\b|g\b|ml\b|cl\b|l\b|inch(?:es)?\b|pouces?\b|"
    r"\"|gb\b|go\b|tb\b|to\b(?=\s*(?:de|ssd|hdd|ram|stockage))|mah\b|w\b|%|times\b|fois\b)",
    re.IGNORECASE,
)


def _alternation(words: list[str]) -> str:
    return "|".join(sorted(words, key=len, reverse=True))


_CUE_BEFORE = re.compile(
    rf"(?:(?<![^\W\d_])(?P<negation>{_NEGATION})\s+)?"
    rf"(?P<cue>(?<![^\W\d_])"
    rf"(?:(?P<max>{_alternation(_BEFORE_MAX)})|(?P<min>{_alternation(_BEFORE_MIN)})))"
    r"(?:\s+(?:the|le|la|les))?\s*$",
    re.IGNORECASE,
)
_CUE_AFTER = re.compile(rf"^\s*(?:(?P<max>{_AFTER_MAX})|(?P<min>{_AFTER_MIN}))", re.IGNORECASE)
_CURRENCY_AT = re.compile(rf"^\s*{_CURRENCY}|{_CURRENCY}\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class PriceMention:
    """One amount: where its digits are in the text, its role, and its value ("19.90")."""

    start: int
    end: int
    role: Role
    value: str


def _value(digits: str) -> str:
    """ "1 200" → "1200", "1,200" → "1200", "19,90" → "19.90"."""
    compact = re.sub(r"[ \u00a0\u202f]", "", digits)
    if re.fullmatch(r"\d{1,3}(?:[,.]\d{3})+", compact):
        return re.sub(r"[,.]", "", compact)
    return compact.replace(",", ".")


def _flip(role: Role) -> Role:
    return "min" if role == "max" else "max"


def _is_excluded(text: str, start: int, end: int) -> bool:
    return bool(_NOT_PRICE_BEFORE.search(text[:start]) or _NOT_PRICE_AFTER.match(text[end:]))


def _role_before(before: str, has_currency: bool) -> Role | None:
    match = _CUE_BEFORE.search(before)
    if not match:
        return None
    cue = re.sub(r"\s+", " ", match.group("cue").lower())
    if cue in _NEEDS_CURRENCY and not has_currency:
        return None
    role: Role = "max" if match.group("max") else "min"
    return _flip(role) if match.group("negation") else role


def _role_after(after: str) -> Role | None:
    match = _CUE_AFTER.match(after)
    if not match:
        return None
    return "max" if match.group("max") else "min"


def _digits_span(match: re.Match[str], group: str) -> tuple[int, int]:
    inner = re.search(_NUMBER, match.group(group))
    assert inner is not None  # the group was built around _NUMBER
    offset = match.start(group)
    return offset + inner.start(), offset + inner.end()


def find_prices(text: str) -> list[PriceMention]:
    """Every price limit in `text`, in reading order; amounts written in words count
    ("septante-cinq euros maximum"), at the place of their words."""
    text = in_figures(text)
    mentions: dict[int, PriceMention] = {}
    for match in _RANGE.finditer(text):
        low, high = _digits_span(match, "low"), _digits_span(match, "high")
        joiner = match.group("joiner").lower()
        lead = (match.group("lead") or "").lower()
        # "and"/"et" join a range only after "between"/"entre"; "à" only after "de"/"from" or
        # with a currency ("20 à 50 €"), since "2 à 3 jours" is a delay.
        has_currency = bool(
            _CURRENCY_AT.search(match.group("low")) or _CURRENCY_AT.search(match.group("high"))
            or _CURRENCY_AT.match(text[match.end():])
        )  # fmt: skip
        if joiner in {"and", "et"} and lead not in {"between", "entre"}:
            continue
        if not lead and not has_currency and joiner not in {"to", "-", "–", "—"}:
            continue
        if _is_excluded(text, match.start("low"), low[1]) or _is_excluded(text, high[0], high[1]):
            continue
        low_value, high_value = _value(text[low[0] : low[1]]), _value(text[high[0] : high[1]])
        if float(low_value) > float(high_value):
            continue
        mentions[low[0]] = PriceMention(low[0], low[1], "min", low_value)
        mentions[high[0]] = PriceMention(high[0], high[1], "max", high_value)
    for match in _AMOUNT.finditer(text):
        start, end = match.span("number")
        if start in mentions or _is_excluded(text, match.start(), end):
            continue
        has_currency = bool(
            _CURRENCY_AT.search(text[: match.start("number")][-8:])
            or _CURRENCY_AT.match(text[end:])
        )
        role = _role_before(text[: match.start()], has_currency) or _role_after(text[match.end() :])
        if role is None and has_currency:
            role = "max"  # "a jacket for 50 euros", "baskets à 40 €": what the shopper will pay
        if role is not None:
            mentions[start] = PriceMention(start, end, role, _value(text[start:end]))
    return [mentions[start] for start in sorted(mentions)]
