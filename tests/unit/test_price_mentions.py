"""The price rules on phrasings written for these tests (none from tests/nlu_heldout)."""

import pytest

from assistant.nlu.price_mentions import find_prices
from assistant.nlu.spelled_numbers import in_figures


def read(text: str) -> list[tuple[str, str, str]]:
    """(digits as written, role, normalised value) for each price found."""
    return [(text[m.start : m.end], m.role, m.value) for m in find_prices(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # limits before the number
        ("a raincoat under 70 euros", [("70", "max", "70")]),
        ("anything cheaper than 45?", [("45", "max", "45")]),
        ("sandals for less than 30", [("30", "max", "30")]),
        ("boots at most 140", [("140", "max", "140")]),
        ("a lamp for max 60", [("60", "max", "60")]),
        ("something over 250", [("250", "min", "250")]),
        ("wallets starting at 20 euros", [("20", "min", "20")]),
        ("tea from 6 euros", [("6", "min", "6")]),
        ("un manteau moins de 90 euros", [("90", "max", "90")]),
        ("des gants pas plus cher que 25", [("25", "max", "25")]),
        ("une montre à partir de 150 €", [("150", "min", "150")]),
        ("un vélo au moins 400 euros", [("400", "min", "400")]),
        ("jusqu'à 35 € svp", [("35", "max", "35")]),
        ("dès 20 euros", [("20", "min", "20")]),
        # negation turns the limit around
        ("no more than 55 euros", [("55", "max", "55")]),
        ("not less than 15", [("15", "min", "15")]),
        ("pas moins de 80 €", [("80", "min", "80")]),
        ("pas plus de 40 euros", [("40", "max", "40")]),
        # limits after the number
        ("65 euros max", [("65", "max", "65")]),
        ("300 € minimum", [("300", "min", "300")]),
        ("150 euros and up", [("150", "min", "150")]),
        ("40 or less", [("40", "max", "40")]),
        ("90 euros et plus", [("90", "min", "90")]),
        ("mugs 12+", [("12", "min", "12")]),
        # ranges, whatever the joiner
        ("between 25 and 75 euros", [("25", "min", "25"), ("75", "max", "75")]),
        ("entre 15 et 45 €", [("15", "min", "15"), ("45", "max", "45")]),
        ("from 90 to 130", [("90", "min", "90"), ("130", "max", "130")]),
        ("chairs 70 to 160 euros", [("70", "min", "70"), ("160", "max", "160")]),
        ("de 35 à 65 euros", [("35", "min", "35"), ("65", "max", "65")]),
        ("15-30€", [("15", "min", "15"), ("30", "max", "30")]),
        # currencies glued or spaced, decimals and thousands
        ("under €45", [("45", "max", "45")]),
        ("at least $25", [("25", "min", "25")]),
        ("below 65€", [("65", "max", "65")]),
        ("moins de 50e", [("50", "max", "50")]),
        ("less than 24,50 euros", [("24,50", "max", "24.50")]),
        ("under 9.99", [("9.99", "max", "9.99")]),
        ("under 2,500 euros", [("2,500", "max", "2500")]),
        ("1 500 € maximum", [("1 500", "max", "1500")]),
        # a currency alone is what the shopper means to pay
        ("a scarf for 20 euros", [("20", "max", "20")]),
        ("un pull à 40 €", [("40", "max", "40")]),
        # sizes next to prices
        ("shoes size 43 no more than 95", [("95", "max", "95")]),
        ("taille 40 à 60 euros", [("60", "max", "60")]),
    ],
)
def test_reads_price_limits(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert read(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "size 44",
        "taille 38 svp",
        "sizes 40-42",
        "2 t-shirts",
        "order 4512",
        "où en est ma commande 88",
        "the 3rd one",
        "le 2e",
        "at least 2 pairs",
        "livraison en 2 à 3 jours",
        "a 15 inch laptop",
        "from Kestrel Sport",
        "je veux des baskets",
        "between us and them",
        "des bottes pour des -25, grandeur 41",  # a temperature, a Québec size
    ],
)
def test_numbers_that_are_not_prices(text: str) -> None:
    assert read(text) == []


def test_a_quantity_is_not_taken_for_a_price() -> None:
    assert read("3 mugs under 15") == [("15", "max", "15")]


@pytest.mark.parametrize(
    ("text", "value", "words"),
    [
        ("une veste coupe-vent, septante-cinq euros maximum", "75", "septante-cinq"),
        ("un sac à dos, maximum nonante euros", "90", "nonante"),
        ("moins de cinquante balles", "50", "cinquante"),
        ("under forty quid", "40", "forty"),
        ("quatre-vingt-dix euros max", "90", "quatre-vingt-dix"),
        ("pas plus de soixante-dix-neuf euros", "79", "soixante-dix-neuf"),
        ("jusqu'à mille cent nonante-neuf euros", "1199", "mille cent nonante-neuf"),
    ],
)
def test_an_amount_written_in_words_is_a_price_at_the_place_of_its_words(
    text: str, value: str, words: str
) -> None:
    (mention,) = find_prices(text)
    assert mention.value == value
    start = text.index(words)
    assert start <= mention.start < mention.end <= start + len(words)


def test_small_numbers_in_words_stay_counts() -> None:
    assert find_prices("deux t-shirts pour trois euros") == []
    assert in_figures("two mugs") == "two mugs"
