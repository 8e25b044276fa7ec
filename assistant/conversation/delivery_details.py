"""Delivery details from a shopper's message: delivery or pickup, the street address as typed,
a French postcode, the time wanted and a phone number.

    read_delivery_details("livraison 12 rue Oberkampf Paris 11e à 20h30, 06 12 34 56 78", "fr", now)
    -> delivery, "12 rue Oberkampf", 75011, today 20:30, +33612345678

The phrases are in `delivery_words.yml`; the patterns here are the shapes of times, postcodes
and phone numbers. Whether the restaurant delivers there and then is `delivery_checks`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any

import phonenumbers
import yaml

from catalog.menu.menu import Restaurant
from catalog.text import fold

WORDS_FILE = Path(__file__).with_name("delivery_words.yml")
PHONE_REGION = "FR"
PARIS_POSTCODE_PREFIX = "750"


class DeliveryMode(StrEnum):
    DELIVERY = "delivery"
    PICKUP = "pickup"


@dataclass(frozen=True)
class PhoneReading:
    e164: str | None  # "+33612345678" when valid
    error: str | None  # why a number-like text is not one: "too_short", "too_long", "invalid"


@dataclass(frozen=True)
class DeliveryDetails:
    mode: DeliveryMode | None = None
    address: str | None = None  # the street part, as typed
    postcode: str | None = None
    asap: bool = False
    time: datetime | None = None  # local time wanted, in today_local's time zone
    phone: PhoneReading | None = None


@dataclass(frozen=True)
class DeliveryChecks:
    outside_zone: bool  # a postcode the restaurant does not deliver to
    outside_hours: bool  # a time wanted when the restaurant is closed


_NUMBER_TABLES = ("hour_words", "minutes_after_hour", "minutes_before_hour")


@cache
def _document(path: Path = WORDS_FILE) -> dict[str, Any]:
    document: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return document


def delivery_words() -> Mapping[str, tuple[str, ...]]:
    """The phrase lists, folded."""
    return {
        key: tuple(fold(str(word)) for word in words)
        for key, words in _document().items()
        if key not in _NUMBER_TABLES
    }


def number_table(key: str) -> Mapping[str, int]:
    """Words with a number: hours in words, minutes of "et demie" or "half past"."""
    return {fold(str(word)): int(value) for word, value in _document()[key].items()}


@cache
def _phrases(key: str) -> re.Pattern[str]:
    """Any phrase of `key`, on word boundaries, in folded text."""
    words = sorted(delivery_words()[key], key=len, reverse=True)
    alternatives = "|".join(r"\s+".join(map(re.escape, word.split())) for word in words)
    return re.compile(rf"(?<![a-z0-9])(?:{alternatives})(?![a-z0-9])")


def says(key: str, folded: str) -> bool:
    return _phrases(key).search(folded) is not None


# --- mode -------------------------------------------------------------------------------------


def read_mode(folded: str, gives_a_place: bool) -> DeliveryMode | None:
    """Pickup when the shopper says they come; delivery when they say so or say where."""
    if says("pickup", folded):
        return DeliveryMode.PICKUP
    if says("delivery", folded) or gives_a_place:
        return DeliveryMode.DELIVERY
    return None


# --- postcode ---------------------------------------------------------------------------------

_POSTCODE = re.compile(r"(?<![\d+])\d{5}(?![\d])")
# "Paris 11e", "11ème", "1er arrondissement", "paris 11": a Paris district. A French ordinal
# suffix alone is enough; a bare number or "11th" needs "Paris" before or "arrondissement" after.
_DISTRICT = re.compile(
    r"(?:(?<![a-z0-9])paris\s*(?P<after_paris>\d{1,2})(?:\s*(?:e|eme|ieme|er|th|st|nd|rd))?"
    r"|(?<![\d:h])(?P<ordinal>\d{1,2})\s*(?:e|eme|ieme|er)"
    r"|(?<![\d:])(?P<numbered>\d{1,2})\s*(?:th|st|nd|rd)?(?=\s*arr))"
    r"(?![a-z0-9])(?!\s*(?:etage|floor|h\b|:))"
)


def read_postcode(folded: str) -> tuple[str | None, tuple[int, int] | None]:
    """The postcode and where it is in the text (to keep it out of a phone number)."""
    written = _POSTCODE.search(folded)
    if written:
        return written.group(), written.span()
    district = _DISTRICT.search(folded)
    if district:
        number = int(next(group for group in district.groups() if group))
        if 1 <= number <= 20:
            return f"{PARIS_POSTCODE_PREFIX}{number:02d}", district.span()
    return None, None


# --- address ----------------------------------------------------------------------------------


def _any_of(key: str) -> str:
    return "|".join(sorted(map(re.escape, delivery_words()[key]), key=len, reverse=True))


@cache
def _street_start() -> re.Pattern[str]:
    """ "12 rue", "12bis, avenue", "rue" alone, or "221 Baker Street"."""
    number = r"\d{1,4}\s*(?:bis|ter)?\s*,?\s*"
    return re.compile(
        rf"(?<![a-z0-9])(?:{number}(?:{_any_of('street_types')})\.?"
        rf"|(?:{_any_of('street_types_alone')})"
        rf"|{number}(?:[a-z'-]+\s+){{1,3}}(?:{_any_of('street_types_after')})\.?)(?![a-z0-9])"
    )


# What ends a street name: punctuation, a postcode, a time ("20h", "8pm", "20:30"), a floor
# ("2e étage", "3rd floor"). Other numbers may be in the name ("rue du 4 Septembre").
_NOT_A_STREET_NAME = re.compile(
    r"[,;.!?\n]|\d{5}|\d{1,2}\s*(?:h|am|pm)(?![a-z])|\d{1,2}[:.]\d{2}"
    r"|\d{1,2}\s*(?:e|eme|ieme|er|st|nd|rd|th)?\s+(?:etage|floor)"
)


def read_address(text: str, folded: str, postcode_span: tuple[int, int] | None) -> str | None:
    """The street part as typed: from the number or street word to a comma, a postcode, a
    time or another phrase that ends an address. Folding keeps the length, so positions in the
    folded text are positions in the text typed."""
    start = _street_start().search(folded)
    if start is None:
        return None
    postcode_at = postcode_span[0] if postcode_span and postcode_span[0] > start.end() else None
    rest = folded[start.end() : postcode_at]
    ends = [
        match.start()
        for pattern in (_phrases("address_ends"), _NOT_A_STREET_NAME)
        if (match := pattern.search(rest))
    ]
    stop = start.end() + min(ends, default=len(rest))
    address = text[start.start() : stop].strip(" ,;-")
    return address or None


# --- time -------------------------------------------------------------------------------------

_CLOCK = re.compile(
    r"(?<![\d:])(?P<hour>\d{1,2})\s*(?:(?P<h>h|heures?)(?![a-z])\s*(?P<h_minute>\d{2})?"
    r"|[:.](?P<minute>\d{2}))?\s*(?P<meridiem>am|pm|a\.m\.|p\.m\.)?(?![\d])"
)
_IN_MINUTES = re.compile(
    r"(?:in|dans)\s+(?P<amount>\d{1,3}|an?|une?)\s*(?P<unit>min|minutes?|mn|h|hours?|heures?)"
)
_AT_WORDS = r"(?:at|for|around|by|about|a|vers|pour|avant|before|de)"
_HALF = re.compile(r"(?:et demie?|trente|30|and a half)")


def _clock_match(folded: str) -> re.Match[str] | None:
    """A said time: "20h30", "19h", "12:45", "8pm", "8 pm", or a bare hour after "at"/"à"."""
    for match in _CLOCK.finditer(folded):
        is_bare = not (match["meridiem"] or match["minute"] or match["h"])
        after_at = re.search(rf"(?<![a-z]){_AT_WORDS}\s*$", folded[: match.start()]) is not None
        tail = folded[match.end() :]
        counted = re.match(r"\s*[a-z]", tail) and not re.match(
            r"\s*(?:o\s*clock|tonight|ce soir|du soir|please|svp|stp|pls|today|pile)", tail
        )
        if is_bare and (not after_at or counted):
            continue
        if int(match["hour"]) <= 24:
            return match
    return None


def _hour_of_day(hour: int, folded: str, meridiem: str | None, bare: bool) -> int:
    """24-hour clock: "8pm" and "ce soir 8h" are 20; a bare "at 8" at a restaurant is 20 too."""
    if meridiem and meridiem.startswith("p") and hour < 12:
        return hour + 12
    if meridiem and meridiem.startswith("a"):
        return hour % 12
    evening = says("evening", folded) and not says("morning", folded)
    if hour < 12 and (evening or (bare and hour <= 10)):
        return hour + 12
    return hour


def _alternatives(words: Iterable[str]) -> str:
    return "|".join(r"\s+".join(map(re.escape, word.split())) for word in words)


@cache
def _fraction_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """ "7h et demie", "sept heures moins le quart"; "half past 7", "quarter to eight"."""
    hour = rf"(?P<hour>\d{{1,2}}|{_alternatives(number_table('hour_words'))})"
    after = _alternatives(number_table("minutes_after_hour"))
    before = _alternatives(number_table("minutes_before_hour"))
    return (
        re.compile(rf"(?<![a-z0-9]){hour}\s*(?:h|heures?)?\s+(?P<fraction>{after})(?![a-z])"),
        re.compile(rf"(?<![a-z])(?P<fraction>{before})\s+{hour}(?![a-z0-9])"),
    )


def _fraction_time(folded: str) -> time | None:
    hours, tables = number_table("hour_words"), ("minutes_after_hour", "minutes_before_hour")
    for pattern, table in zip(_fraction_patterns(), tables, strict=True):
        match = pattern.search(folded)
        if match is None:
            continue
        said_hour = match["hour"]
        hour = int(said_hour) if said_hour.isdigit() else hours[said_hour]
        minutes = number_table(table)[" ".join(match["fraction"].split())]
        hour = _hour_of_day(hour - 1 if minutes < 0 else hour, folded, None, bare=True)
        return time(hour % 24, minutes % 60)
    return None


def _said_clock_time(folded: str) -> time | None:
    fraction = _fraction_time(folded)
    if fraction is not None:
        return fraction
    match = _clock_match(folded)
    if match is not None:
        minute = int(match["minute"] or match["h_minute"] or 0)
        bare = not (match["minute"] or match["h_minute"] or match["meridiem"])
        hour = _hour_of_day(int(match["hour"]), folded, match["meridiem"], bare)
        if hour < 24 and minute < 60:
            return time(hour, minute)
    noon = _phrases("noon").search(folded)
    if noon:
        half = _HALF.match(folded[noon.end() :].lstrip())
        return time(12, 30 if half else 0)
    return None


def _relative_time(folded: str, now: datetime) -> datetime | None:
    said = _IN_MINUTES.search(folded)
    if said is None:
        return None
    amount = int(said["amount"]) if said["amount"].isdigit() else 1
    per_unit = 60 if said["unit"].startswith("h") else 1
    return now + timedelta(minutes=amount * per_unit)


def read_time(folded: str, today_local: datetime) -> tuple[bool, datetime | None]:
    """(asap, the local time wanted); a time of day is today's unless "demain"/"tomorrow"."""
    relative = _relative_time(folded, today_local)
    if relative is not None:
        return False, relative
    clock = _said_clock_time(folded)
    if clock is not None:
        day = today_local.date() + timedelta(days=1 if says("tomorrow", folded) else 0)
        return False, datetime.combine(day, clock, tzinfo=today_local.tzinfo)
    return says("asap", folded), None


# --- phone ------------------------------------------------------------------------------------

_NUMBER_LIKE = re.compile(r"(?:\+|00)?\d(?:[\s.\-]?\d){5,}")


def read_phone(text: str) -> PhoneReading | None:
    """The first valid number as E.164, or why the number-like text is not a valid one (eight
    digits or more, or six after a word like "tel")."""
    for found in phonenumbers.PhoneNumberMatcher(text, PHONE_REGION):
        if phonenumbers.is_valid_number(found.number):
            formatted = phonenumbers.format_number(
                found.number, phonenumbers.PhoneNumberFormat.E164
            )
            return PhoneReading(formatted, None)
    candidate = _NUMBER_LIKE.search(text)
    if candidate is None:
        return None
    digits = sum(char.isdigit() for char in candidate.group())
    if digits < 8 and not (digits >= 6 and says("phone", _same_length_fold(text))):
        return None
    return PhoneReading(None, _phone_error(candidate.group()))


def _phone_error(number_text: str) -> str:
    try:
        number = phonenumbers.parse(number_text, PHONE_REGION)
    except phonenumbers.NumberParseException:
        return "not_a_number"
    reason = phonenumbers.is_possible_number_with_reason(number)
    if reason == phonenumbers.ValidationResult.TOO_SHORT:
        return "too_short"
    if reason in (
        phonenumbers.ValidationResult.TOO_LONG,
        phonenumbers.ValidationResult.INVALID_LENGTH,
    ):
        return "too_long"
    return "invalid"


def _masked(text: str, span: tuple[int, int] | None) -> str:
    if span is None:
        return text
    return text[: span[0]] + " " * (span[1] - span[0]) + text[span[1] :]


def _same_length_fold(text: str) -> str:
    """Folded text with one character per character typed (positions stay valid)."""
    return "".join(fold(char)[:1] or char for char in text)


def read_delivery_details(text: str, language: str, today_local: datetime) -> DeliveryDetails:
    """`language` is the shopper's; both languages' phrases are read (shoppers mix them)."""
    del language  # the phrase lists hold both languages; kept for the callers' uniform shape
    folded = _same_length_fold(text)
    postcode, postcode_span = read_postcode(folded)
    address = read_address(text, folded, postcode_span)
    without_postcode = _masked(folded, postcode_span)
    asap, wanted = read_time(_masked(without_postcode, _phone_span(without_postcode)), today_local)
    return DeliveryDetails(
        mode=read_mode(folded, gives_a_place=bool(address or postcode)),
        address=address,
        postcode=postcode,
        asap=asap,
        time=wanted,
        phone=read_phone(_masked(text, postcode_span)),
    )


def _phone_span(text: str) -> tuple[int, int] | None:
    candidate = _NUMBER_LIKE.search(text)
    return candidate.span() if candidate else None


def delivery_checks(details: DeliveryDetails, restaurant: Restaurant) -> DeliveryChecks:
    """Whether the restaurant can serve what was asked: its zone, its opening hours."""
    outside_zone = (
        details.mode is not DeliveryMode.PICKUP
        and details.postcode is not None
        and details.postcode not in restaurant.delivery_postcodes
    )
    return DeliveryChecks(outside_zone, _outside_hours(details.time, restaurant))


def _outside_hours(wanted: datetime | None, restaurant: Restaurant) -> bool:
    if wanted is None:
        return False
    at = wanted.time().replace(tzinfo=None)
    windows = [hours for hours in restaurant.opening_hours if hours.weekday == wanted.weekday()]
    return not any(window.opens <= at <= window.closes for window in windows)
