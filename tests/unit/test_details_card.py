"""The product card's options line: a colour's or size's price where it sets the price."""

from actions.details import options_text
from assistant.services.views import Option, ProductView


def card(*options: Option) -> ProductView:
    prices = [option.price_minor or 0 for option in options]
    return ProductView(
        title="Beans",
        brand="Brand",
        description="",
        currency="EUR",
        min_price_minor=min(prices),
        max_price_minor=max(prices),
        options=options,
        stock=None,
    )


def test_a_size_that_sets_the_price_shows_it() -> None:
    beans = card(
        Option("B-250", "", "250 g", True, price_minor=899),
        Option("B-1K", "", "1 kg", True, price_minor=2990),
    )
    assert options_text(beans, "en") == "Sizes: 250 g (€8.99), 1 kg (€29.90). "
    assert options_text(beans, "fr") == "Tailles: 250 g (8,99\u00a0€), 1 kg (29,90\u00a0€). "


def test_a_colour_on_sale_shows_each_colours_price_and_sizes_none() -> None:
    hoodie = card(
        Option("H-BLACK-M", "black", "M", True, price_minor=5999),
        Option("H-BLACK-L", "black", "L", True, price_minor=5999),
        Option("H-GREEN-M", "green", "M", True, price_minor=7900),
        Option("H-GREEN-L", "green", "L", True, price_minor=7900),
    )
    assert options_text(hoodie, "en") == ("Colours: black (€59.99), green (€79.00). Sizes: M, L. ")


def test_one_price_for_all_or_prices_no_single_option_sets_show_none() -> None:
    same = card(
        Option("T-RED-S", "red", "S", True, price_minor=999),
        Option("T-BLUE-S", "blue", "S", True, price_minor=999),
    )
    assert options_text(same, "en") == "Colours: red, blue. Sizes: S. "
    mixed = card(
        Option("C-BLACK-1", "black", "1 m", True, price_minor=1000),
        Option("C-BLACK-2", "black", "2 m", True, price_minor=1200),
        Option("C-WHITE-1", "white", "1 m", True, price_minor=1100),
        Option("C-WHITE-2", "white", "2 m", True, price_minor=1300),
    )
    assert options_text(mixed, "en") == "Colours: black, white. Sizes: 1 m, 2 m. "


def test_an_unavailable_variant_does_not_set_the_price_shown() -> None:
    phone = card(
        Option("P-64", "", "64GB", True, price_minor=19900),
        Option("P-128", "", "128GB", True, price_minor=22900),
        Option("P-128-OLD", "", "128GB", False, price_minor=25900),
    )
    assert options_text(phone, "en") == "Sizes: 64GB (€199.00), 128GB (€229.00). "
