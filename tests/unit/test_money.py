import re
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assistant.kernel.money import MoneyError, format_money, parse_price, to_major, to_minor


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12.99 EUR", (1299, "EUR")),
        ("0.50 eur", (50, "EUR")),
        ("1,299.00 EUR", (129900, "EUR")),
        ("12,99 EUR", (1299, "EUR")),
        ("1 299,00 EUR", (129900, "EUR")),
        ("1000 JPY", (1000, "JPY")),
    ],
)
def test_parse_price(text: str, expected: tuple[int, str]) -> None:
    assert parse_price(text) == expected


@pytest.mark.parametrize("text", ["", "EUR", "12.99", "12.99 XXY", "abc EUR", "12.999 EUR"])
def test_parse_price_refuses_what_is_not_a_price(text: str) -> None:
    with pytest.raises(MoneyError):
        parse_price(text)


def test_format_per_language() -> None:
    assert format_money(1299, "EUR", "en") == "€12.99"
    assert format_money(1299, "EUR", "fr") == "12,99\xa0€"
    assert format_money(129900, "EUR", "fr") == "1\u202f299,00\xa0€"


@given(st.integers(min_value=0, max_value=10**12))
def test_minor_major_round_trip(amount: int) -> None:
    assert to_minor(to_major(amount, "EUR"), "EUR") == amount


def test_sub_minor_precision_is_refused() -> None:
    with pytest.raises(MoneyError):
        to_minor(Decimal("1.005"), "EUR")


CURRENCIES = st.sampled_from(["EUR", "USD", "JPY", "KWD", "GBP"])  # 2, 2, 0, 3, 2 decimals
AMOUNTS = st.integers(min_value=0, max_value=10**13)


@given(AMOUNTS, AMOUNTS, CURRENCIES)
def test_major_units_add_like_minor_units(a: int, b: int, currency: str) -> None:
    assert to_major(a, currency) + to_major(b, currency) == to_major(a + b, currency)
    assert to_minor(to_major(a, currency), currency) == a


@given(AMOUNTS, CURRENCIES)
def test_a_formatted_price_parses_back_to_the_same_minor_units(amount: int, currency: str) -> None:
    assert parse_price(f"{to_major(amount, currency)} {currency}") == (amount, currency)
    for language in ("en", "fr"):
        shown = format_money(amount, currency, language)
        # Same digits as the exact amount: no rounding, no float on the way to the shopper.
        assert re.sub(r"\D", "", shown) == re.sub(r"\D", "", str(to_major(amount, currency)))
