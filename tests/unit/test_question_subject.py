"""The subject of a product question, apart from what the question asks about it."""

import pytest

from assistant.conversation.question_subject import (
    question_subject,
    told_apart,
    without_repeated_subject,
)


@pytest.mark.parametrize(
    ("question", "subject"),
    [
        ("Le pesto contient-il du fromage ?", "pesto"),
        ("Le 27 pouces calibré a-t-il un port Ethernet ?", "27 pouces calibre"),
        (
            "Les barres de céréales à l'avoine et au miel contiennent-elles du sésame ?",
            "barres de cereales a l'avoine et au miel",
        ),
        ("Est-ce que le pesto contient du fromage ?", "pesto"),
        ("La camomille est en promo ?", "camomille"),
        ("et la gourde, elle garde le froid ?", "gourde"),
        ("Le col V en blanc, c'est combien ?", "col v en blanc"),
        ("Is the pesto suitable for my vegan cousin?", "pesto"),
        ("Are the mom jeans stretchy?", "mom jeans"),
        ("does the Aero 14 have 16 GB of RAM?", "aero 14"),
        ("Does the slim power bank charge a laptop?", "slim power bank"),
        # said first, then asked with a pronoun or "dedans"
        ("Le chai, y'a-tu du gingembre dedans? Y haït ça", "chai"),
        ("and the black espresso cups, how much are those?", "black espresso cups"),
        # ... or asked as a statement, its pronoun first (learners' English)
        ("The Road Running Shoes, they exist in size 39?", "road running shoes"),
        # the clause asking, after words that ask nothing
        ("For the lunch of my kids, the granola bars, they have honey?", "granola bars"),
        ("Ok. Le pesto contient-il du fromage ?", "pesto"),
    ],
)
def test_the_subject_is_the_words_before_the_verb(question: str, subject: str) -> None:
    found = question_subject(question)
    assert found is not None and found.words == subject
    # an English question may name its product after the verb ("on the 65 W one"), a French
    # one names what it asks about there ("un port Ethernet")
    assert found.rest_may_name == question.lower().startswith(("is ", "are ", "does "))


def test_a_pronoun_after_an_english_subject_repeats_it() -> None:
    # "them" are the bars, not the product in view
    said = without_repeated_subject("Do the oat and honey bars have sesame in them?")
    assert "them" not in said and "oat and honey bars" in said


@pytest.mark.parametrize(
    "question",
    [
        "is it vegan?",
        "Est-il étanche ?",
        "Est-ce qu'elles résistent à la transpiration ?",
        "Cette veste a-t-elle une capuche ?",  # points at the jacket in view
        "Ces écouteurs sont-ils étanches ?",
        "how much is it?",
        "L'adaptateur secteur est-il fourni ?",  # a part of the one in view
        "Le câble est-il inclus dans la boîte ?",
    ],
)
def test_a_question_naming_no_subject_has_none(question: str) -> None:
    assert question_subject(question) is None


def test_the_inverted_pronoun_repeats_a_named_subject() -> None:
    assert " il " not in f" {without_repeated_subject('Le pesto contient-il du fromage ?')} "
    assert "il" in without_repeated_subject("Contient-il du fromage ?")
    assert without_repeated_subject("Cette veste a-t-elle une capuche ?").endswith(
        "a-t-elle une capuche ?"
    )


def test_the_one_told_apart_by_a_word_points_back() -> None:
    assert question_subject("is the green one on sale") is None
    assert question_subject("Are the cheaper ones in stock?") is None


def test_a_pronoun_repeating_the_subject_said_first_points_at_nothing() -> None:
    assert "c'" not in without_repeated_subject("Le col V en blanc, c'est combien ?")
    assert "c'est" in without_repeated_subject("c'est combien ?")


def test_the_words_telling_apart_the_one_pointed_at() -> None:
    assert told_apart("is the organic one in stock?") == "organic"
    # the quality asked after "one" is no part of the subject
    assert told_apart("Is the QHD one adjustable in height?") == "qhd"
    assert question_subject("The 4K one is too much. Is the QHD one adjustable in height?") is None
    assert told_apart("is it vegan?") is None


def test_the_one_told_apart_and_said_first_is_repeated_by_its_pointer() -> None:
    text = "The sherpa lined one, is that the fluffy stuff on the inside?"
    assert told_apart(text) == "sherpa lined"
    assert " that " not in without_repeated_subject(text)
    # a statement with no question mark is no question about it
    assert question_subject("The trail shoes, they look great.") is None


def test_the_words_before_the_clause_asking_point_at_nothing() -> None:
    text = "For the lunch of my kids, the granola bars, they have honey?"
    assert " they " not in without_repeated_subject(text)


def test_a_character_that_folds_to_two_leaves_the_clause_asking_whole() -> None:
    # "œ" folds to "oe": the clause is cut at the offsets of the words as written
    assert question_subject(
        "Pour mon cœur, le pesto, il contient du fromage ?"
    ) == question_subject("Le pesto, il contient du fromage ?")
