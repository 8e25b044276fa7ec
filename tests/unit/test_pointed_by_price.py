"""A product pointed at among those shown by its price (assistant.conversation.pointed_by_price)."""

from __future__ import annotations

import pytest

from assistant.conversation.pointed_by_price import (
    Priced,
    pointed_by_price,
    price_said,
    without_price_pointing,
)

BACKPACKS = [
    Priced("school", (2999,)),
    Priced("commuter", (7900,)),
    Priced("rolltop", (6900,)),
    Priced("rucksack", (18900,)),
]


@pytest.mark.parametrize(
    ("text", "pointed"),
    [
        ("is the cheaper one waterproof?", "school"),
        ("la moins chère, elle a une poche ?", "school"),
        ("le plus cher, il est en cuir ?", "rucksack"),
        ("add the 69 one in yellow", "rolltop"),
        ("celui à 79 euros, il a une poche ?", "commuter"),
        ("the one at 189", "rucksack"),
        ("le 29,99", "school"),
        # a comma after the price, then the question
        ("The 69 one, will it stay dry in a proper downpour?", "rolltop"),
        ("Celui à 79, il a une poche ?", "commuter"),
        ("The leather pair at 189, brown.", "rucksack"),
        # no price pointed at: another search, or an amount nothing shown costs
        ("do you have cheaper ones?", None),
        ("anything under 50?", None),
        ("the 45 one", None),
        # asked to compare, or of a version: no product pointed at
        ("lequel est le moins cher le 85 ou le 70", None),
        ("c quoi la couleur la moins chere", None),
        ("which one is the cheapest?", None),
    ],
)
def test_a_product_shown_is_pointed_at_by_its_price(text: str, pointed: str | None) -> None:
    assert pointed_by_price(text, BACKPACKS) == pointed


def test_an_amount_that_is_also_a_size_shown_is_the_size() -> None:
    shoes = [Priced("trail", (4200,)), Priced("road", (11900,))]
    assert pointed_by_price("the 42 one", shoes) == "trail"
    assert pointed_by_price("the 42 one", shoes, sizes={"41", "42"}) is None


def test_the_amount_said_is_read_as_written() -> None:
    assert price_said("je prends celui à 24,90") == "24,90"
    assert price_said("the €69 one please") == "69"
    assert price_said("add it in 42") is None


@pytest.mark.parametrize(
    ("text", "asked"),
    [("celle a 9,99 elle est avec fil?", "elle est avec fil?"),
     # a measure with its unit points at no price
     ("the 24 inch one got speakers?", "the 24 inch one got speakers?"),
     ("The 89 ones, do they cancel noise as well?", "do they cancel noise as well?"),
     ("Celui à 299, il recharge mon portable par USB-C ?",
      "il recharge mon portable par USB-C ?"),
     ("is it still 5.49?", "is it still 5.49?")],  # a price asked, not pointed with
)  # fmt: skip
def test_the_price_a_question_points_with_is_not_asked(text: str, asked: str) -> None:
    assert without_price_pointing(text) == asked
