"""The product in view taken in a few words of their own ("Ok take that.", "je le prends")."""

import pytest

from assistant.nlu.utterance_kind import takes_it, takes_it_alone


@pytest.mark.parametrize(
    "text",
    ["Ok take that.", "I'll take it", "yes, add this one please", "je le prends.",
     "Mettez-le.", "bon, je prends ça", "ok grab them"],
)  # fmt: skip
def test_the_one_in_view_taken_with_a_verb(text: str) -> None:
    assert takes_it(text) and takes_it_alone(text)


@pytest.mark.parametrize("text", ["ok 1.", "one please", "une svp"])
def test_one_of_it_said_alone_takes_it_without_a_verb(text: str) -> None:
    assert takes_it_alone(text) and not takes_it(text)


@pytest.mark.parametrize(
    "text",
    ["take the blue one", "Add white set.", "ok", "take that off", "I'll take it if it's "
     "waterproof", "Ok take that. Also a keyboard", "one more question"],
)  # fmt: skip
def test_more_said_than_taking_it(text: str) -> None:
    assert not takes_it_alone(text)
