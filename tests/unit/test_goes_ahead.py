"""A go-ahead to "Shall I send you the payment link?", however it is said."""

import pytest

from assistant.nlu.utterance_kind import goes_ahead


@pytest.mark.parametrize(
    "text",
    ["Go on then.", "ok vas-y", "Allez-y", "yes go ahead", "Yep, send the link.",
     "oui, envoyez le lien", "Ouais, c’est parti !", "d'accord, le lien svp",
     # a yes said first, only confirmed after; a call to pay said again
     "Oui, je valide.", "Yes, is correct", "oui, tout à fait", "Yes please"],
)  # fmt: skip
def test_a_go_ahead_or_a_yes_calling_for_the_link(text: str) -> None:
    assert goes_ahead(text)


@pytest.mark.parametrize(
    "text",
    ["go on, show me the blue ones", "what link?", "no, not yet", "le lien ne marche pas",
     "send me the red one instead", "Oui, et ajoute des chaussettes", "oui mais enlève le bonnet",
     "yes, but is it in stock?", "Je règle.", "checkout"],  # paying asked again: asked again
)  # fmt: skip
def test_other_words_are_no_go_ahead(text: str) -> None:
    assert not goes_ahead(text)
