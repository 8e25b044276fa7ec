"""Colour families: a base colour reaches its shades, never the other way round."""

from pathlib import Path

import pytest

from assistant.conversation.variants import choose_variant, named_colour
from assistant.services.views import Option
from catalog.colours import _families, colour_family, same_family


def test_a_base_colour_reaches_its_shades_and_a_shade_only_itself() -> None:
    assert {"blue", "navy", "light blue"} <= colour_family("Blue")
    assert same_family("grey", "Charcoal") and same_family("blue", "Navy-Blue")
    assert not same_family("navy", "blue") and not same_family("red", "pink")


def test_every_shade_belongs_to_one_family() -> None:
    shades = [shade for family in _families().values() for shade in family]
    assert len(shades) == len(set(shades))
    assert not set(shades) & set(_families())  # no base colour is another's shade


def test_a_malformed_line_names_the_file_and_line(tmp_path: Path) -> None:
    table = tmp_path / "colours.txt"
    table.write_text("# families\nblue: navy\nteal and turquoise\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"colours.txt:3"):
        _families(table)


def test_the_colour_as_named_first_then_its_shade() -> None:
    options = [Option("P-NAVY", "navy", "", True), Option("P-BLUE", "blue", "", True)]
    assert choose_variant(options, "blue", None).sku == "P-BLUE"
    assert choose_variant(options[:1], "blue", None).sku == "P-NAVY"
    assert choose_variant(options[:1], "red", None).sku is None


def test_a_shade_said_names_the_one_colour_of_its_family_a_product_has() -> None:
    """ "je le prends en mauve" of a phone in black and purple: mauve is a purple."""
    assert named_colour("Ok je le prends en mauve", ["black", "purple"], {}) == "purple"
    assert named_colour("the charcoal one", ["black", "grey", "white"], {}) == "grey"
    # no colour of its family: no colour named
    assert named_colour("in mauve", ["black", "white"], {}) is None
