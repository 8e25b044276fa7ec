"""Allergen and diet questions: answered from the dishes' allergens and labels."""

from dataclasses import replace

from assistant.conversation.menu_questions import (
    DishFact,
    answer_menu_question,
    read_menu_question,
)
from catalog.menu.menu import Menu
from testkit.pizzeria import pizzeria_menu

MENU = pizzeria_menu()


def test_an_order_is_not_a_question() -> None:
    assert read_menu_question("2 diavolas and a coke", "en", MENU) is None
    assert read_menu_question("une pizza végétarienne", "fr", MENU) is None


def test_a_named_dish_gets_a_yes_or_no() -> None:
    question = read_menu_question("any nuts in the tiramisu?", "en", MENU)
    assert question is not None
    answer = answer_menu_question(question, MENU)
    assert answer.named == (DishFact("dessert-tiramisu", has=False),)


def test_the_answer_follows_the_menu_not_the_words() -> None:
    """A merchant who adds nuts to the tiramisu changes the answer."""
    with_nuts = tuple(
        replace(dish, allergens=(*dish.allergens, "nuts"))
        if dish.sku.endswith("tiramisu")
        else dish
        for dish in MENU.dishes
    )
    menu = Menu(MENU.restaurant, with_nuts)
    question = read_menu_question("qu'est-ce qui contient des noix ?", "fr", menu)
    assert question is not None
    assert set(answer_menu_question(question, menu).which) == {"pizza-pesto", "dessert-tiramisu"}


def test_a_section_narrows_the_dishes() -> None:
    question = read_menu_question("which salads are vegetarian?", "en", MENU)
    assert question is not None
    assert question.categories == ("salad",)
    which = answer_menu_question(question, MENU).which
    assert which and all(MENU.dish(sku).category == "salad" for sku in which)  # type: ignore[union-attr]


def test_asking_for_an_absence_lists_the_dishes_without_it() -> None:
    question = read_menu_question("quelles pizzas sont sans viande ?", "fr", MENU)
    assert question is not None and question.absent
    which = set(answer_menu_question(question, MENU).which)
    assert "pizza-margherita" in which
    assert not which & {"pizza-reine", "pizza-diavola"}
