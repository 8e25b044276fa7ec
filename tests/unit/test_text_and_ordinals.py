import pytest

from assistant.conversation.ordinals import ordinal_index
from catalog.text import fold, tokens


def test_tokens_fold_accents_drop_stopwords_and_join_hyphenated_words() -> None:
    assert tokens("I'm looking for a red T-Shirt") == ["red", "shirt", "tshirt"]
    assert tokens("Chaussures de course rouges") == ["chaussure", "course", "rouge"]
    assert fold("Élégant") == "elegant"


@pytest.mark.parametrize(
    ("words", "count", "expected"),
    [
        ("first", 5, 0),
        ("the 2nd", 5, 1),
        ("le premier", 5, 0),
        ("la deuxième", 5, 1),
        ("last", 5, 4),
        ("le dernier", 3, 2),
        ("number 3", 5, 2),
        ("#4", 5, 3),
        ("fifth", 3, None),  # beyond the list shown
        ("blue", 5, None),
        ("last", 0, None),
    ],
)
def test_ordinal_index(words: str, count: int, expected: int | None) -> None:
    assert ordinal_index(words, count) == expected


def test_a_plugs_letter_typed_apart_reads_as_the_hyphenated_name() -> None:
    # "usb a" would otherwise be "usb" and an article: USB-A and USB-C cables told apart
    assert tokens("a usb a to usb c cable") == ["usb", "usba", "usb", "usbc", "cable"]
    assert tokens("USB-A to USB-C") == ["usb", "usba", "usb", "usbc"]
    assert tokens("type c charger") == ["type", "typec", "charger"]
    assert tokens("a usb stick") == ["usb", "stick"]


def test_ligatures_fold_as_shoppers_type_them() -> None:
    assert fold("Les truffes contiennent des œufs ?") == "les truffes contiennent des oeufs ?"
    assert tokens("Œuf") == tokens("oeuf")
