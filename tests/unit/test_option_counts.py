"""Several variants of one product counted in one message."""

from __future__ import annotations

import pytest

from assistant.conversation.option_counts import OptionCount, options_counted

FRENCH = {"blue": "bleu", "beige": "beige", "black": "noir", "red": "rouge", "yellow": "jaune"}


@pytest.mark.parametrize(
    ("text", "colours", "sizes", "expected"),
    [
        ("Non, deux bleus et deux beiges", ["blue", "beige"], [],
         [(2, "blue", None), (2, "beige", None)]),
        ("Non, un noir et un bleu, toujours L", ["black", "blue"], ["S", "M", "L"],
         [(1, "black", "L"), (1, "blue", "L")]),
        ("Trois paires en taille S : une bleue, une rouge et une jaune",
         ["red", "blue", "yellow"], ["S", "M"],
         [(1, "blue", "S"), (1, "red", "S"), (1, "yellow", "S")]),
        ("2 in black and one in blue", ["black", "blue"], [], [(2, "black", None),
                                                               (1, "blue", None)]),
        ("one in 39 and two in 40", [], ["39", "40"], [(1, None, "39"), (2, None, "40")]),
    ],
)  # fmt: skip
def test_each_variant_counted(
    text: str, colours: list[str], sizes: list[str], expected: list[tuple[int, str, str]]
) -> None:
    assert options_counted(text, colours, sizes, FRENCH) == [OptionCount(*e) for e in expected]


@pytest.mark.parametrize(
    "text", ["un noir taille L", "3 blue", "ok the red one then", "deux bleus et deux bleus"]
)
def test_one_variant_is_no_split(text: str) -> None:
    assert options_counted(text, ["black", "blue", "red"], ["L"], FRENCH) == []
