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


def test_a_diet_question_is_answered_by_the_fact_that_contradicts_it() -> None:
    question = read_menu_question("is the reine vegetarian?", "en", MENU)
    assert question is not None and question.topic == "vegetarian"
    answer = answer_menu_question(question, MENU)
    assert answer.named == (DishFact("pizza-reine", has=False, because=("contains-meat",)),)


def test_what_the_menu_does_not_say_is_not_answered_no() -> None:
    """The Calzone carries no meat or vegetarian label: its meat is unknown, not absent; its nuts
    are absent, since allergens are declared whenever a dish has them."""
    meat = read_menu_question("la calzone, il y a de la viande dedans ?", "fr", MENU)
    nuts = read_menu_question("any nuts in the calzone?", "en", MENU)
    assert meat is not None and nuts is not None
    assert answer_menu_question(meat, MENU).named == (DishFact("pizza-calzone", None),)
    assert answer_menu_question(nuts, MENU).named == (DishFact("pizza-calzone", False),)


def test_a_vegetarian_label_answers_a_meat_question() -> None:
    question = read_menu_question("is there meat in the margherita?", "en", MENU)
    assert question is not None
    fact = answer_menu_question(question, MENU).named[0]
    assert (fact.has, fact.because) == (False, ("vegetarian",))
