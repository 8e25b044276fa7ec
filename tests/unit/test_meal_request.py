"""Meal orders and basket edits read against a menu: behaviour the dev set does not show."""

from dataclasses import replace

from assistant.conversation.basket_edit import read_basket_edit
from assistant.conversation.meal_basket import BasketLine, merged
from assistant.conversation.meal_request import read_meal_order
from assistant.conversation.phrase_book import edit_distance
from catalog.menu.menu import Menu, Names
from testkit.pizzeria import pizzeria_menu

MENU = pizzeria_menu()


def test_identical_units_merge_and_different_ones_stay_apart() -> None:
    lines = merged([
        BasketLine("pizza-reine", 1, (("size", ("large",)),)),
        BasketLine("pizza-reine", 2),
        BasketLine("pizza-reine", 1, (("size", ("large",)),)),
    ])  # fmt: skip
    assert lines == (
        BasketLine("pizza-reine", 2, (("size", ("large",)),)),
        BasketLine("pizza-reine", 2),
    )


def test_saying_the_default_size_is_the_same_unit_as_saying_nothing() -> None:
    order = read_meal_order("a medium margherita and a margherita", "en", MENU)
    assert order.lines == (BasketLine("pizza-margherita", 2),)


def test_words_that_name_nothing_are_reported() -> None:
    order = read_meal_order("2 pepperoni pizzas and a garlic bread", "en", MENU)
    assert order.lines == ()
    assert [(ask.category, ask.quantity) for ask in order.ask_which] == [("pizza", 2)]
    assert set(order.unknown_words) == {"pepperoni", "garlic", "bread"}


def test_an_option_the_dish_does_not_have_is_reported_not_invented() -> None:
    order = read_meal_order("a large tiramisu", "en", MENU)
    assert order.lines == (BasketLine("dessert-tiramisu", 1),)
    assert order.unavailable_options == (("dessert-tiramisu", "large"),)


def test_the_menu_names_are_the_vocabulary() -> None:
    """A dish renamed in the menu is understood by its new name and no longer by the old one."""
    renamed = tuple(
        replace(dish, names=Names("Regina", "Regina")) if dish.sku == "pizza-reine" else dish
        for dish in MENU.dishes
    )
    menu = Menu(MENU.restaurant, renamed)
    assert read_meal_order("2 reginas", "en", menu).lines == (BasketLine("pizza-reine", 2),)
    assert read_meal_order("2 reines", "fr", menu).lines == ()


def test_a_section_with_one_dish_needs_no_question() -> None:
    desserts_but_one = tuple(
        dish for dish in MENU.dishes if dish.category != "dessert" or dish.sku.endswith("tiramisu")
    )
    menu = Menu(MENU.restaurant, desserts_but_one)
    order = read_meal_order("une pizza diavola et un dessert", "fr", menu)
    assert order.ask_which == ()
    assert BasketLine("dessert-tiramisu", 1) in order.lines


def test_removing_a_dish_not_in_the_basket_says_so() -> None:
    basket = (BasketLine("pizza-reine", 1),)
    edit = read_basket_edit("remove the tiramisu", "en", MENU, basket)
    assert edit.basket == basket
    assert edit.not_in_basket == ("dessert-tiramisu",)


def test_typo_distance_counts_a_swap_as_one_slip() -> None:
    assert edit_distance("tiramsiu", "tiramisu", 2) == 1
    assert edit_distance("margarita", "margherita", 2) == 2
    assert edit_distance("calzone", "lasagne", 2) == 3  # beyond the limit: limit + 1


def _basket(text: str, language: str = "en") -> tuple[BasketLine, ...]:
    return read_meal_order(text, language, MENU).lines


def test_a_removal_names_a_line_by_its_size_or_by_options_said_after_the_dish() -> None:
    basket = _basket("a large coke and a small coke")
    edited = read_basket_edit("remove the large coke", "en", MENU, basket)
    assert edited.basket == (BasketLine("drink-cola", 1),)
    basket = _basket("a margherita with extra cheese and a margherita")
    edited = read_basket_edit("remove the margherita with extra cheese", "en", MENU, basket)
    assert edited.basket == (BasketLine("pizza-margherita", 1),)


def test_a_removal_of_options_before_the_dish_takes_them_off() -> None:
    basket = _basket("une reine avec olives et champignons", "fr")
    edited = read_basket_edit("enlève les olives de la reine", "fr", MENU, basket)
    assert edited.basket == (BasketLine("pizza-reine", 1, (("extras", ("mushrooms",)),)),)


def test_removing_one_unit_takes_a_plain_one_first() -> None:
    basket = _basket("a margherita and one margherita with extra cheese")
    edited = read_basket_edit("remove one margherita", "en", MENU, basket)
    assert edited.basket == (BasketLine("pizza-margherita", 1, (("extras", ("extra-cheese",)),)),)
