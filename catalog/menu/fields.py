"""The cells of a menu feed as merchants write them, read into values; both formats share these.

Each reader raises `FieldProblem(field, reason)`; the format's reader turns it into a RowError
naming the line. Hours, postcodes, allergens and prices are written the same way in JSON Lines
and CSV, so a merchant learns one spelling (docs/meals.md).
"""

from __future__ import annotations

import difflib
import re
from datetime import time
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel.numbers import is_currency

from assistant.kernel.money import MoneyError
from catalog.feeds.prices import parse_feed_price
from catalog.menu.menu import GroupKind, Hours, Names

# The EU's 14 allergens (Regulation 1169/2011, annex II), by the short names shoppers use.
ALLERGENS = (
    "celery",
    "crustaceans",
    "eggs",
    "fish",
    "gluten",
    "lupin",
    "milk",
    "molluscs",
    "mustard",
    "nuts",
    "peanuts",
    "sesame",
    "soy",
    "sulphites",
)
TREE_NUTS = (
    "almonds",
    "brazil nuts",
    "cashews",
    "hazelnuts",
    "macadamia",
    "pecans",
    "pine nuts",
    "pistachios",
    "walnuts",
)
# Other spellings merchants write, French ones included, and tree nuts by name (pine nuts
# counted with them, as menus do); peanuts are an allergen of their own.
ALLERGEN_SPELLINGS = {
    "egg": "eggs",
    "peanut": "peanuts",
    "soya": "soy",
    "sulfites": "sulphites",
    "dairy": "milk",
    "tree nuts": "nuts",
    **dict.fromkeys(TREE_NUTS, "nuts"),
    "céleri": "celery",
    "crustacés": "crustaceans",
    "œufs": "eggs",
    "oeufs": "eggs",
    "poisson": "fish",
    "lait": "milk",
    "mollusques": "molluscs",
    "moutarde": "mustard",
    "fruits à coque": "nuts",
    "arachides": "peanuts",
    "sésame": "sesame",
    "soja": "soy",
}
# What the understanding of meal questions answers ("is it vegetarian?", "is it spicy?").
LABELS = (
    "contains-alcohol",
    "contains-meat",
    "contains-pork",
    "gluten-free",
    "halal",
    "spicy",
    "vegan",
    "vegetarian",
)
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_CODE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_SKU = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})$")
_POSTCODE = re.compile(r"^[A-Z0-9]{2,10}$")
MAX_SKU = 100
MAX_CODE = 50
MAX_NAME = 200
MAX_DESCRIPTION = 2_000


class FieldProblem(ValueError):
    """One cell that cannot be read: which field, and why."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}")
        self.field, self.reason = field, reason


def _suggestion(value: str, known: tuple[str, ...]) -> str:
    close = difflib.get_close_matches(value, known, n=1, cutoff=0.6)
    return f'; did you mean "{close[0]}"?' if close else f"; use one of {', '.join(known)}"


def sku(field: str, value: str) -> str:
    if not value:
        raise FieldProblem(field, "missing")
    if len(value) > MAX_SKU or not _SKU.match(value):
        raise FieldProblem(
            field, f'"{value}" is not a SKU: letters, digits, ".", "_", "-", at most {MAX_SKU}'
        )
    return value


def code(field: str, value: str) -> str:
    """A group's or modifier's code: "extra-cheese", stable across reloads (carts keep it)."""
    if not value:
        raise FieldProblem(field, "missing")
    if len(value) > MAX_CODE or not _CODE.match(value):
        raise FieldProblem(
            field,
            f'"{value}" is not a code: lower-case letters, digits and "-", like "extra-cheese"',
        )
    return value


def names(field: str, english: str, french: str, *, required: bool = True) -> Names:
    """English and French texts (`field` and `field`_fr); one of them is enough: it then
    serves both languages."""
    limit = MAX_NAME if required else MAX_DESCRIPTION
    for name, value in ((field, english), (f"{field}_fr", french)):
        if len(value) > limit:
            raise FieldProblem(name, f"longer than {limit:,} characters")
    if required and not english and not french:
        raise FieldProblem(field, "missing (write it in English, French or both)")
    return Names(english, french)


def price(field: str, value: str, currency: str | None, *, signed: bool = False) -> int:
    """Minor units of "12.50 EUR" or "12.50" (the restaurant's currency); a modifier's price
    may be signed ("-1.00": a smaller size) and empty means free."""
    text = value.strip()
    if not text:
        if signed:
            return 0
        raise FieldProblem(field, "missing")
    sign = 1
    if signed and text[0] in "+-":
        sign, text = (-1 if text[0] == "-" else 1), text[1:].strip()
    try:
        amount, written_currency = parse_feed_price(text, currency)
    except MoneyError as problem:
        raise FieldProblem(field, str(problem)) from None
    if currency and written_currency != currency:
        raise FieldProblem(field, f"{written_currency} differs from the restaurant's {currency}")
    return sign * amount


def whole_number(field: str, value: str, default: int | None = None, least: int = 0) -> int:
    text = value.strip()
    if not text:
        if default is None:
            raise FieldProblem(field, "missing")
        return default
    if not text.isdigit():
        raise FieldProblem(field, f'"{value}" is not a whole number')
    number = int(text)
    if number < least:
        raise FieldProblem(field, f"{number} is less than {least}")
    return number


def yes_no(field: str, value: str, default: bool) -> bool:
    text = value.strip().lower()
    if not text:
        return default
    if text in {"true", "yes", "y", "1"}:
        return True
    if text in {"false", "no", "n", "0"}:
        return False
    raise FieldProblem(field, f'"{value}" is not yes or no')


def timezone(field: str, value: str) -> str:
    if not value:
        raise FieldProblem(field, 'missing (an IANA name like "Europe/Paris")')
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise FieldProblem(
            field, f'unknown time zone "{value}"; write it like "Europe/Paris"'
        ) from None
    return value


def currency_code(field: str, value: str) -> str:
    upper = value.strip().upper()
    if not upper or not is_currency(upper):
        raise FieldProblem(field, f'"{value}" is not an ISO currency code like "EUR"')
    return upper


def listed(value: str | list[str]) -> list[str]:
    """A list cell: a JSON list, or text separated by commas or semicolons."""
    if isinstance(value, list):
        return [str(item).strip() for item in value if str(item).strip()]
    return [item.strip() for item in re.split(r"[,;]", value) if item.strip()]


def allergens(field: str, values: list[str]) -> tuple[str, ...]:
    found: list[str] = []
    for value in values:
        name = ALLERGEN_SPELLINGS.get(value.lower(), value.lower())
        if name not in ALLERGENS:
            raise FieldProblem(field, f'unknown allergen "{value}"' + _suggestion(name, ALLERGENS))
        if name not in found:
            found.append(name)
    return tuple(sorted(found))


def labels(field: str, values: list[str]) -> tuple[str, ...]:
    found: list[str] = []
    for value in values:
        name = value.lower().replace(" ", "-")
        if name not in LABELS:
            raise FieldProblem(field, f'unknown label "{value}"' + _suggestion(name, LABELS))
        if name not in found:
            found.append(name)
    return tuple(sorted(found))


def group_kind(field: str, value: str) -> GroupKind:
    try:
        return GroupKind(value.strip().lower() or GroupKind.CHOICE)
    except ValueError:
        kinds = tuple(kind.value for kind in GroupKind)
        raise FieldProblem(
            field, f'"{value}" is not a group kind; use one of {", ".join(kinds)}'
        ) from None


def postcodes(field: str, values: list[str]) -> frozenset[str]:
    """Postcodes, with ranges of numeric ones: "75001-75011" is the eleven of them."""
    found: set[str] = set()
    for value in values:
        first, _, last = (part.strip().replace(" ", "").upper() for part in value.partition("-"))
        for postcode in (first, last) if last else (first,):
            if not _POSTCODE.match(postcode):
                raise FieldProblem(field, f'"{postcode}" is not a postcode')
        if not last:
            found.add(first)
            continue
        if not (first.isdigit() and last.isdigit() and len(first) == len(last)):
            raise FieldProblem(field, f'"{value}": a range joins two numbers of the same length')
        if int(last) < int(first) or int(last) - int(first) > 10_000:
            raise FieldProblem(field, f'"{value}" is not a range from low to high')
        found.update(str(n).zfill(len(first)) for n in range(int(first), int(last) + 1))
    return frozenset(found)


def hours(field: str, value: str | list[str]) -> tuple[Hours, ...]:
    """Opening windows: "mon-sun 11:30-14:30, 18:30-22:30; sat 09:00-11:00".

    Days are a range ("mon-fri"), a list ("sat,sun") or "daily"; a window that closes at or
    before its opening time ends the next day ("18:00-01:00").
    """
    entries = value if isinstance(value, list) else [e for e in value.split(";") if e.strip()]
    windows: list[Hours] = []
    for entry in entries:
        days_text, _, windows_text = str(entry).strip().partition(" ")
        if not windows_text.strip():
            raise FieldProblem(field, f'"{entry}" is not like "mon-sun 11:30-14:30, 18:30-22:30"')
        days = _weekdays(field, days_text.lower())
        for window in windows_text.split(","):
            opens_text, _, closes_text = window.strip().partition("-")
            closes_text = "00:00" if closes_text.strip() == "24:00" else closes_text
            opens, closes = _clock(field, opens_text), _clock(field, closes_text)
            if opens == closes:
                raise FieldProblem(field, f'"{window.strip()}" opens and closes at the same time')
            windows.extend(Hours(day, opens, closes) for day in days)
    return tuple(sorted(set(windows), key=lambda h: (h.weekday, h.opens)))


def _weekdays(field: str, text: str) -> list[int]:
    if text in {"daily", "every-day"}:
        return list(range(7))
    days: list[int] = []
    for part in text.split(","):
        first, _, last = part.partition("-")
        for name in (first, last) if last else (first,):
            if name not in WEEKDAYS:
                raise FieldProblem(
                    field, f'"{name}" is not a day; write mon, tue, wed, thu, fri, sat, sun'
                )
        start = WEEKDAYS.index(first)
        end = WEEKDAYS.index(last) if last else start
        span = (end - start) % 7  # "fri-mon" wraps round the weekend
        days.extend((start + offset) % 7 for offset in range(span + 1))
    return days


def _clock(field: str, text: str) -> time:
    match = _CLOCK.match(text.strip())
    if match:
        hour, minute = int(match[1]), int(match[2])
        if hour < 24 and minute < 60:
            return time(hour, minute)
    raise FieldProblem(field, f'"{text.strip()}" is not a time of day like "18:30" (00:00-23:59)')
