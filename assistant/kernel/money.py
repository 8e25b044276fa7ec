"""Money is an integer amount of minor units plus an ISO 4217 currency; never a float."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from babel.numbers import (
    format_currency,
    get_currency_precision,
    is_currency,
)


class MoneyError(ValueError):
    """A price that cannot be read as an amount and a currency."""


_PRICE_RE = re.compile(r"^\s*(?P<amount>\d[\d,. ]*)\s*(?P<currency>[A-Za-z]{3})\s*$")


def minor_digits(currency: str) -> int:
    return get_currency_precision(currency.upper())


def to_minor(amount: Decimal, currency: str) -> int:
    """Decimal major units to integer minor units, refusing sub-minor precision."""
    exponent = Decimal(10) ** minor_digits(currency)
    scaled = amount * exponent
    if scaled != scaled.to_integral_value():
        raise MoneyError(f"{amount} has more decimals than {currency} allows")
    return int(scaled)


def to_major(amount_minor: int, currency: str) -> Decimal:
    return (Decimal(amount_minor) / (Decimal(10) ** minor_digits(currency))).quantize(
        Decimal(1).scaleb(-minor_digits(currency)), rounding=ROUND_HALF_UP
    )


def parse_price(text: str) -> tuple[int, str]:
    """Read a feed price like "12.99 EUR" into (1299, "EUR")."""
    match = _PRICE_RE.match(text or "")
    if not match:
        raise MoneyError(f'"{text}" is not a price like "12.99 EUR"')
    currency = match["currency"].upper()
    if not is_currency(currency):
        raise MoneyError(f'unknown currency "{currency}" in "{text}"')
    try:
        amount = Decimal(_normalise_amount(match["amount"]))
    except InvalidOperation as error:
        raise MoneyError(f'"{text}" is not a price like "12.99 EUR"') from error
    if amount < 0:
        raise MoneyError(f'negative price "{text}"')
    return to_minor(amount, currency), currency


def _normalise_amount(raw: str) -> str:
    """ "1,299.00" -> "1299.00"; "12,99" (decimal comma) -> "12.99"; "1 299,00" -> "1299.00"."""
    digits = raw.replace(" ", "")
    if "," in digits and "." not in digits and re.search(r",\d{1,2}$", digits):
        digits = digits.replace(",", ".")
    return digits.replace(",", "")


def format_money(amount_minor: int, currency: str, language: str = "en") -> str:
    """Shopper-facing price: "€12.99" in English, "12,99 €" in French."""
    locale = {"fr": "fr_FR", "en": "en_IE"}.get(language, "en_IE")
    return format_currency(to_major(amount_minor, currency), currency, locale=locale)
