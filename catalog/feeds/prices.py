"""Feed prices as merchants write them: "12.99 EUR", "1,299.00 EUR", "12,99 €", "$12.99"."""

from __future__ import annotations

from assistant.kernel.money import MoneyError, parse_price

# Only unambiguous symbols: "$" alone means USD here, as Meta and Google read it.
SYMBOLS = {"€": "EUR", "£": "GBP", "$": "USD", "¥": "JPY", "CHF": "CHF"}


def parse_feed_price(text: str, default_currency: str | None = None) -> tuple[int, str]:
    """(minor units, currency); a bare number takes `default_currency` (Shopify exports)."""
    raw = (text or "").strip().replace("\u00a0", " ").replace("\u202f", " ")
    for symbol, code in SYMBOLS.items():
        if raw.startswith(symbol):
            raw = f"{raw[len(symbol) :].strip()} {code}"
            break
        if raw.endswith(symbol):
            raw = f"{raw[: -len(symbol)].strip()} {code}"
            break
    if raw and raw[-1].isdigit():
        if default_currency is None:
            raise MoneyError(f'"{text}" has no currency; write it like "12.99 EUR"')
        raw = f"{raw} {default_currency}"
    return parse_price(raw)
