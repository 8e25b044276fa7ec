"""assistant.conversation.line_edits: what a message asks of a cart line, and the words left to
name the line, in English and French."""

from __future__ import annotations

import pytest

from assistant.conversation.line_edits import LineChange, LineEdit, line_edit, size_step

MORE, ONLY, OUT, VARIANT = LineChange.MORE, LineChange.ONLY, LineChange.OUT, LineChange.VARIANT


@pytest.mark.parametrize(
    ("said", "edit"),
    [
        ("actually, 1 more of the bomber please", LineEdit(MORE, 1, "bomber")),
        ("actualy just 1 yellow", LineEdit(ONLY, 1, "yellow")),  # typed fast
        ("actually, two more of the merino socks please", LineEdit(MORE, 2, "merino socks")),
        ("actually, one more of those", LineEdit(MORE, 1, "those")),
        ("deux de plus pour le col V", LineEdit(MORE, 2, "col v")),
        ("Mettez-en deux de plus pour le t-shirt basique", LineEdit(MORE, 2, "t-shirt basique")),
        ("encore trois barres de granola", LineEdit(MORE, 3, "barres granola")),
        ("just one stoneware mug not 2, sorry", LineEdit(ONLY, 1, "stoneware mug")),
        ("make that only one for teh usb-c cable", LineEdit(ONLY, 1, "teh usb-c cable")),
        ("drop the usb-a cable", LineEdit(OUT, 0, "usb-a cable")),
        ("nah forget the striped socks", LineEdit(OUT, 0, "striped socks")),
        ("hmm, drop the green ones", LineEdit(OUT, 0, "green ones")),
        ("Hmm, please remove one of the black ones.", LineEdit(OUT, 1, "black ones")),
        (
            "Retire-en une pour la gourde inox, j'en garde qu'une",
            LineEdit(OUT, 1, "gourde inox j' garde qu'"),
        ),
        ("Retirez les tasses émaillées finalement", LineEdit(OUT, 0, "tasses emaillees")),
        ("switch the canvas sneakers to a size 39", LineEdit(VARIANT, 0, "canvas sneakers")),
        ("Finalement je voudrais le hoodie court grandeur L", LineEdit(VARIANT, 0, "hoodie court")),
        ("deux paires de plus pour les chaussettes", LineEdit(MORE, 2, "chaussettes")),
        ("Une paire de moins", LineEdit(OUT, 1, "")),
        ("2 fewer mugs", LineEdit(OUT, 2, "mugs")),
        ("Non finalement 4", LineEdit(ONLY, 4, "")),
        ("make it 3", LineEdit(ONLY, 3, "")),
        ("Make that two tees", LineEdit(ONLY, 2, "tees")),
        ("make it the 5 metre one", LineEdit(VARIANT, 0, "metre")),  # a length, not 5 units
        ("finalement 42", LineEdit(VARIANT, 0, "")),  # a shoe size, for the variant
        ("Finalement, un seul suffira.", LineEdit(ONLY, 1, "")),
        ("Deux paires de chaussettes finalement", LineEdit(ONLY, 2, "chaussettes")),
        ("actually 3 bags of the pretzels", LineEdit(ONLY, 3, "bags pretzels")),
        ("Finalement deux menthes suffisent, total svp", LineEdit(ONLY, 2, "menthes")),
        ("two mugs will do", LineEdit(ONLY, 2, "mugs")),
        ("2 is enough", LineEdit(ONLY, 2, "")),
        # a choice put right: another variant of the line
        ("Sorry, I make mistake, I need 44 not 43", LineEdit(VARIANT, 0, "")),
        ("oops socks should be S not M", LineEdit(VARIANT, 0, "socks s m")),
        ("Le 42 et pas le 43", LineEdit(VARIANT, 0, "")),
        ("je voulais dire le bleu", LineEdit(VARIANT, 0, "bleu")),
        ("bon changez pour la verte, même taille. combien ?", LineEdit(VARIANT, 0, "verte")),
        (
            "On reflection, navy would be more sensible.",
            LineEdit(VARIANT, 0, "reflection navy sensible"),
        ),
        ("Sorry, XL is maybe too big. Large", LineEdit(VARIANT, 0, "xl is maybe too big large")),
        (
            "Cancel the mouse actually, work is giving me one",
            LineEdit(OUT, 0, "mouse work is giving"),
        ),
        ("annule le pesto", LineEdit(OUT, 0, "pesto")),
        ("make the chamomile 3 and tell me the total", LineEdit(ONLY, 3, "chamomile tell")),
        ("make the white tee two", LineEdit(ONLY, 2, "white tee")),
        ("Make cable also 2", LineEdit(ONLY, 2, "cable also")),  # no article, "also" before
        ("make cable 2 metres", LineEdit(VARIANT, 0, "cable metres")),  # a length
        ("make the blue one a medium", LineEdit(VARIANT, 0, "blue medium")),  # a size
        ("non 1 seul", LineEdit(ONLY, 1, "")),
        ("Finalement prenez-en trois, pour mes enfants", LineEdit(ONLY, 3, "mes enfants")),
        ("finalement prends-en deux de plus", LineEdit(MORE, 2, "")),
        ("lol too expensive remove it", LineEdit(OUT, 0, "lol too expensive")),
    ],
)
def test_the_change_and_the_words_naming_the_line(said: str, edit: LineEdit) -> None:
    assert line_edit(said) == edit


@pytest.mark.parametrize(
    "said",
    [
        "and 2 retro ringer tees in white, size M",
        "Hiya, I'd like 2 satin bomber jackets in pink please",
        "what's the total so far?",
        "do you have the backpack in pink?",
        "Swap the loopback for the Essential in black, L",
        "the purple one instead of the pink",
        "ajoute un seul mug",  # one more, not one left
        "plutôt trois tablettes de noir 70 % à la place du coffret",  # another product
        "2 mugs please",
        "Sorry, do you have them in black?",  # asked, not put right
        "sorry, also a black one in M",  # one more
        "Oops, I forgot the socks, add a pair too",
        "cancel my order",  # the order, for the orders
        "annulez ma commande",
        "please don't remove it",
        "is it ok to remove it?",
    ],
)
def test_an_add_a_question_or_a_search_edits_no_line(said: str) -> None:
    assert line_edit(said) is None


@pytest.mark.parametrize(
    ("said", "step"),
    [
        ("ooh actually go a size up on the jacket", 1),
        ("une taille en dessous pour le polo", -1),
        ("a size bigger please", 1),
        ("the jacket in green", 0),
    ],
)
def test_a_size_up_or_down_is_a_step_from_the_lines_size(said: str, step: int) -> None:
    assert size_step(said) == step
    if step:
        assert line_edit(said).change is VARIANT
