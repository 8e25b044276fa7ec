"""A handoff pauses the bot: only a message with a word asking for a person may cause one."""

import pytest

from actions.handoff import asks_for_a_person


@pytest.mark.parametrize(
    "text",
    ["talk to a human", "agent please", "can i speak to a real person", "I'd like to speak "
     "with a representative", "customer service please", "can you call me", "je veux parler "
     "à quelqu'un", "un conseiller svp", "passez-moi le responsable", "le support client",
     "je veux une personne"],
)  # fmt: skip
def test_words_asking_for_a_person(text: str) -> None:
    assert asks_for_a_person(text)


@pytest.mark.parametrize(
    "text",
    # products and meals a shop sells, which a model can misread as a call for a person
    ["My son wants a Bluetooth speaker for his room. Show me what you have.",
     "Are the speakers loud?", "is it real leather", "une pizza pour six personnes",
     "a table for four people", "un support pour poser la tablette", "is it called the Aero?",
     "ca supporte la sueur ?"],
)  # fmt: skip
def test_products_and_meals_ask_for_no_one(text: str) -> None:
    assert not asks_for_a_person(text)
