"""Numbers said in words, written in figures before the dialogue reads a message (dictated
messages spell sizes and versions out)."""

from __future__ import annotations

import pytest

from assistant.nlu.spelled_numbers import numbers_in_figures


@pytest.mark.parametrize(
    ("said", "written"),
    [
        ("the purple with one hundred and twenty eight", "the purple with 128"),
        ("put a pair in size forty three in the basket", "put a pair in size 43 in the basket"),
        ("in blue with five hundred twelve gigabytes", "in blue with 512 gigabytes"),
        ("deux paires en quarante-deux", "deux paires en 42"),
        ("un sachet de deux cent cinquante grammes", "un sachet de 250 grammes"),
        ("septante-cinq euros maximum", "75 euros maximum"),
    ],
)
def test_numbers_built_on_tens_or_hundreds_are_written_in_figures(said: str, written: str) -> None:
    assert numbers_in_figures(said) == written


@pytest.mark.parametrize("said", ["I want two", "deux paires en 42", "un sac, une gourde"])
def test_small_counts_and_articles_stay_words(said: str) -> None:
    assert numbers_in_figures(said) == said
