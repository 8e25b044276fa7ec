"""A basket built turn by turn: another product described while one is in view, one more item
for a basket begun, a choice said to buy, and a change of mind said against the last choice.
Real actions, rasa-sdk's own tracker, a real SQLite shop with the demo catalog."""

from __future__ import annotations

import pytest
from rasa_sdk import Action

from actions.cart import (
    ActionAddToCart,
    ActionConfirmCheckout,
    ActionRemoveFromCart,
    ActionViewCart,
)
from actions.details import ActionProductDetails
from actions.fallback import ActionDeny, ActionGreet, ActionOutOfScope
from actions.search import ActionSearchProducts
from assistant.services.carts import add_to_cart, view_cart
from assistant.services.unit_of_work import UnitOfWork
from testkit.actions import earlier_message, earlier_reply, entity, run, tracker


def cart_of(shop_db: str, sender: str) -> dict[str, int]:
    return {line.sku: line.quantity for line in view_cart(UnitOfWork(shop_db), sender).lines}


def test_an_add_describing_another_product_than_the_one_in_view_finds_and_adds_it(
    shop_db: str, sender: str
) -> None:
    add_to_cart(UnitOfWork(shop_db), sender, "HP-KIDS-BLUE")
    state = tracker("Ajoute sac à dos pour l'école, rouge", "add_to_cart",
                    [entity("color", "red")], sender, language="fr",
                    focus_product="HP-KIDS-BLUE", last_results=["HP-KIDS-BLUE"])  # fmt: skip
    run(ActionAddToCart(), state)
    assert cart_of(shop_db, sender) == {"HP-KIDS-BLUE": 1, "BP-SCHOOL-RED": 1}
    # a colour of the product in view is still a choice of it, not another product
    state = tracker("ajoute la rose aussi", "add_to_cart", [entity("color", "pink")], sender,
                    language="fr", focus_product="HP-KIDS-BLUE")  # fmt: skip
    run(ActionAddToCart(), state)
    assert cart_of(shop_db, sender)["HP-KIDS-PINK"] == 1


def test_one_more_item_for_a_basket_begun_is_added_when_its_variant_is_settled(
    shop_db: str, sender: str
) -> None:
    add_to_cart(UnitOfWork(shop_db), sender, "SH-HIKE-GREY-42")
    # a size said in words the model did not tag settles the cable
    state = tracker("et un câble HDMI de 1 mètre", "search_product", [], sender, language="fr",
                    focus_product="SH-HIKE-GREY-42")  # fmt: skip
    run(ActionSearchProducts(), state)
    assert cart_of(shop_db, sender).get("CB-HDMI21-BLACK-1M") == 1
    # "+" puts in, as "add" does
    state = tracker("+ une souris filaire", "search_product", [], sender, language="fr")
    run(ActionSearchProducts(), state)
    assert cart_of(shop_db, sender).get("MS-USBWIRED-BLACK") == 1
    # asked, not bought: the shop says what it has
    before = cart_of(shop_db, sender)
    state = tracker("et des chaussettes en mérinos ?", "search_product", [], sender, language="fr")
    said, _ = run(ActionSearchProducts(), state)
    assert said and cart_of(shop_db, sender) == before


def test_a_colour_said_to_buy_picks_the_first_product_shown_that_has_it(
    shop_db: str, sender: str
) -> None:
    shown = ["HP-KIDS-BLUE", "HP-STUDIO-BLACK", "HP-ONEAR-BLACK", "HP-ANC700-BLUE"]
    state = tracker("Bleu, je prends", "refine_search", [entity("color", "blue")], sender,
                    language="fr", last_results=shown, search_text="casque")  # fmt: skip
    run(ActionSearchProducts(), state)
    assert cart_of(shop_db, sender) == {"HP-KIDS-BLUE": 1}
    # the same colour without a word of buying only refines the list
    state = tracker("bleu", "refine_search", [entity("color", "blue")], f"{sender}-2",
                    language="fr", last_results=shown, search_text="casque")  # fmt: skip
    said, _ = run(ActionSearchProducts(), state)
    assert said and cart_of(shop_db, f"{sender}-2") == {}


def test_products_picked_by_their_names_alone_are_added(shop_db: str, sender: str) -> None:
    """ "the 32 inch 4k, and the 65W charger" said after monitors and chargers were shown: each
    named, nothing asked; compared or asked about, nothing is added."""
    shown = ["MN-32UHD-BLACK", "MN-27PRO4K-BLACK", "CH-GAN65-WHITE"]
    state = tracker("the 32 inch 4k, and the 65W charger", "nlu_fallback", [], sender,
                    last_results=shown)  # fmt: skip
    run(ActionSearchProducts(), state)
    assert set(cart_of(shop_db, sender)) == {"MN-32UHD-BLACK"}  # the charger's colour is asked
    state = tracker("Pas grave. Le 24 pouces, et un cable HDMI de 2 m.", "search_product", [],
                    f"{sender}-fr", language="fr", last_results=["MN-24FHD-BLACK"])  # fmt: skip
    run(ActionSearchProducts(), state)
    assert cart_of(shop_db, f"{sender}-fr") == {"MN-24FHD-BLACK": 1, "CB-HDMI21-BLACK-2M": 1}
    for text in ("compare the Aero 14 and the WorkPro 15", "the Aero 14 or the WorkPro 15"):
        run(ActionSearchProducts(), tracker(text, "nlu_fallback", [], f"{sender}-2"))
        assert cart_of(shop_db, f"{sender}-2") == {}


def test_a_container_and_a_measure_pick_the_size_of_the_product_shown(
    shop_db: str, sender: str
) -> None:
    """ "Je prends la bouteille d'un litre" after olive oils: the 1 L bottle of the oil, no
    water bottle."""
    shown = ["FD-EVOO-500ML", "FD-LEMONOIL-250ML", "FD-EVOO-TIN-3L"]
    state = tracker("Je prends la bouteille d'un litre.", "nlu_fallback", [], sender,
                    language="fr", last_results=shown, focus_product="FD-EVOO-500ML")  # fmt: skip
    run(ActionSearchProducts(), state)
    assert cart_of(shop_db, sender) == {"FD-EVOO-1L": 1}


def test_someone_elses_need_described_is_shown_not_added(shop_db: str, sender: str) -> None:
    add_to_cart(UnitOfWork(shop_db), sender, "KB-RGBFULL-BLACK")
    state = tracker("He also wants a headset with a mic that works on his Xbox.",
                    "search_product", [entity("product", "headset")], sender)  # fmt: skip
    said, _ = run(ActionSearchProducts(), state)
    assert said[0]["response"] == "utter_search_results"
    assert cart_of(shop_db, sender) == {"KB-RGBFULL-BLACK": 1}


@pytest.mark.parametrize(
    ("first", "text", "entities", "then"),
    [
        ("HD-TECH-BLUE-M", "Sorry, L is better, I like it loose", [entity("size", "L")],
         "HD-TECH-BLUE-L"),
        ("JK-WOOLCOAT-GREY-L", "On reflection, navy would be more sensible.",
         [entity("color", "navy")], "JK-WOOLCOAT-NAVY-L"),
    ],
)  # fmt: skip
def test_another_option_put_right_changes_the_line_in_view(
    shop_db: str, sender: str, first: str, text: str, entities: list, then: str
) -> None:
    add_to_cart(UnitOfWork(shop_db), sender, first)
    state = tracker(text, "refine_search", entities, sender, focus_product=first)
    run(ActionSearchProducts(), state)
    assert cart_of(shop_db, sender) == {then: 1}


def test_talk_around_a_choice_does_not_make_it_a_search(shop_db: str, sender: str) -> None:
    state = tracker("righto, white then", "refine_search", [entity("color", "white")], sender,
                    last_results=["SH-SLIDE-BLACK-42"], search_text="slides for the beach",
                    size="42")  # fmt: skip
    run(ActionSearchProducts(), state)
    assert cart_of(shop_db, sender) == {"SH-SLIDE-WHITE-42": 1}


def test_a_no_followed_by_another_choice_changes_the_line_just_added(
    shop_db: str, sender: str
) -> None:
    add_to_cart(UnitOfWork(shop_db), sender, "JK-LEATHER-BLACK-L")
    state = tracker("Ah non, plutôt le brun", "deny", [entity("color", "brown")], sender,
                    language="fr", focus_product="JK-LEATHER-BLACK-L")  # fmt: skip
    run(ActionDeny(), state)
    assert cart_of(shop_db, sender) == {"JK-LEATHER-BROWN-L": 1}
    state = tracker("wait she said black not brown", "deny",
                    [entity("color", "black"), entity("color", "brown")], sender,
                    focus_product="JK-LEATHER-BROWN-L")  # fmt: skip
    run(ActionDeny(), state)
    assert cart_of(shop_db, sender) == {"JK-LEATHER-BLACK-L": 1}
    # a bare "no" is still only a no
    said, _ = run(ActionDeny(), tracker("non", "deny", [], sender, language="fr",
                                        focus_product="JK-LEATHER-BLACK-L"))  # fmt: skip
    assert said and cart_of(shop_db, sender) == {"JK-LEATHER-BLACK-L": 1}


def test_a_choice_said_then_after_a_change_of_mind_changes_the_line_again(
    shop_db: str, sender: str
) -> None:
    add_to_cart(UnitOfWork(shop_db), sender, "HD-CROPPED-PURPLE-S")
    said_before = {"event": "user", "text": "non plutot le rose"}  # no pink S was left
    state = tracker("rose en M alors", "add_to_cart",
                    [entity("color", "pink"), entity("size", "M")], sender, language="fr",
                    focus_product="HD-CROPPED-PURPLE-S")  # fmt: skip
    state.events.insert(0, said_before)
    run(ActionAddToCart(), state)
    assert cart_of(shop_db, sender) == {"HD-CROPPED-PINK-M": 1}
    # after an add that found none left, the same words add
    state = tracker("gris en M alors", "add_to_cart",
                    [entity("color", "grey"), entity("size", "M")], f"{sender}-2",
                    language="fr", focus_product="HD-HEAVY-BLACK-L")  # fmt: skip
    add_to_cart(UnitOfWork(shop_db), f"{sender}-2", "HD-HEAVY-BLACK-L")
    state.events.insert(0, {"event": "user", "text": "Ajoutez un gris en S pour mon fils"})
    run(ActionAddToCart(), state)
    assert cart_of(shop_db, f"{sender}-2") == {"HD-HEAVY-BLACK-L": 1, "HD-HEAVY-GREY-M": 1}


def test_a_choice_sold_out_in_the_product_meant_is_said_sold_out_not_swapped(
    shop_db: str, sender: str
) -> None:
    # HD-HEAVY-GREY-S is out of stock in the demo catalog; the Essential hoodie has grey S
    add_to_cart(UnitOfWork(shop_db), sender, "HD-HEAVY-BLACK-L")
    shown = ["HD-HEAVY-BLACK-L", "HD-ESSENTIAL-GREY-S"]
    state = tracker("Ajoutez un gris en S pour mon fils", "add_to_cart",
                    [entity("color", "grey"), entity("size", "S")], sender, language="fr",
                    focus_product="HD-HEAVY-BLACK-L", last_results=shown)  # fmt: skip
    said, _ = run(ActionAddToCart(), state)
    assert cart_of(shop_db, sender) == {"HD-HEAVY-BLACK-L": 1}
    assert said and "Heavyweight" in str(said)
    # the best match shown sold out in white: said so, no other mug bought in its place
    mugs = ["MG-STONEWARE-BLUE-350ML", "MG-ENAMEL-WHITE-350ML"]  # stoneware white: sold out
    state = tracker("Quatre blancs", "add_to_cart", [entity("color", "white")], f"{sender}-2",
                    language="fr", last_results=mugs, search_text="mugs en grès")  # fmt: skip
    run(ActionAddToCart(), state)
    assert cart_of(shop_db, f"{sender}-2") == {}


def test_the_product_named_lacking_the_variant_is_said_so_and_nothing_else_is_bought(
    shop_db: str, sender: str
) -> None:
    # SH-SLIDE-BLACK-42 is out of stock; the sport sandals come in black 42
    add_to_cart(UnitOfWork(shop_db), sender, "SP-POCKET-BLUE")
    state = tracker("And slides for the pool, black size 42", "search_product",
                    [entity("color", "black"), entity("size", "42")], sender,
                    focus_product="SP-POCKET-BLUE")  # fmt: skip
    said, _ = run(ActionSearchProducts(), state)
    assert cart_of(shop_db, sender) == {"SP-POCKET-BLUE": 1}
    assert "Cushioned Slide Sandals" in str(said)


def test_a_price_the_model_tagged_as_a_size_is_no_count(shop_db: str, sender: str) -> None:
    mice = ["MS-TRAVEL-BLUE", "MS-USBWIRED-BLACK"]
    state = tracker("La rose à 17,99.", "add_to_cart",
                    [entity("size", "17,99"), entity("color", "pink")], sender, language="fr",
                    last_results=mice, search_text="une souris")  # fmt: skip
    said, _ = run(ActionAddToCart(), state)
    assert cart_of(shop_db, sender) == {"MS-TRAVEL-PINK": 1}, [m.get("response") for m in said]


def test_a_colour_the_model_did_not_tag_settles_one_more_item(shop_db: str, sender: str) -> None:
    add_to_cart(UnitOfWork(shop_db), sender, "TB-TAB11-GREY-128GB")
    state = tracker("Et un clavier Bluetooth pour tablette, blanc", "search_product", [], sender,
                    language="fr", focus_product="TB-TAB11-GREY-128GB")  # fmt: skip
    run(ActionSearchProducts(), state)
    assert cart_of(shop_db, sender) == {"TB-TAB11-GREY-128GB": 1, "KB-COMPACT-WHITE": 1}


def test_a_word_taken_for_a_colour_no_merchant_sells_does_not_empty_the_search(
    shop_db: str, sender: str
) -> None:
    state = tracker("des bottes de neige pour ma fille", "search_product",
                    [entity("product", "bottes"), entity("color", "neige")], sender,
                    language="fr")  # fmt: skip
    said, _ = run(ActionSearchProducts(), state)
    titles = [element["title"] for message in said for element in message.get("elements") or []]
    assert titles and titles[0] == "Insulated Winter Boots"


def test_a_price_asked_of_a_variant_of_the_list_is_answered_about_the_product_that_has_it(
    shop_db: str, sender: str
) -> None:
    shown = ["HD-CROPPED-PINK-S", "HD-HEAVY-BLACK-L"]  # no black cropped hoodie
    state = tracker("Le noir en L coûte combien ?", "product_details",
                    [entity("color", "black"), entity("size", "L")], sender, language="fr",
                    last_results=shown)  # fmt: skip
    said, _ = run(ActionProductDetails(), state)
    assert said and said[0].get("title") == "Heavyweight Loopback Hoodie"


def test_one_more_item_counted_in_words_the_model_missed_is_added(
    shop_db: str, sender: str
) -> None:
    add_to_cart(UnitOfWork(shop_db), sender, "FD-SPAGHETTI-1KG", 3)
    state = tracker("plus 4 jars of the pesto", "nlu_fallback", [], sender,
                    focus_product="FD-SPAGHETTI-1KG")  # fmt: skip
    run(ActionSearchProducts(), state)
    assert cart_of(shop_db, sender) == {"FD-SPAGHETTI-1KG": 3, "FD-PESTO-190G": 4}


def test_a_product_of_the_list_pointed_at_by_its_name_is_chosen(shop_db: str, sender: str) -> None:
    shown = ["KB-RGBFULL-BLACK", "KB-MECH75-BLACK"]
    state = tracker("the full size RGB one", "refine_search", [], sender, last_results=shown,
                    search_text="gaming keyboard")  # fmt: skip
    run(ActionSearchProducts(), state)
    assert cart_of(shop_db, sender) == {"KB-RGBFULL-BLACK": 1}
    # named without pointing ("full size RGB keyboard") it is still a search
    state = tracker("full size RGB keyboard", "search_product", [], f"{sender}-2",
                    last_results=shown)  # fmt: skip
    said, _ = run(ActionSearchProducts(), state)
    assert said and cart_of(shop_db, f"{sender}-2") == {}


def test_a_swap_naming_the_old_line_is_no_description_of_another_product(
    shop_db: str, sender: str
) -> None:
    add_to_cart(UnitOfWork(shop_db), sender, "HD-HEAVY-GREY-L")
    shown = ["HD-ESSENTIAL-BLACK-S", "HD-HEAVY-GREY-L"]
    state = tracker("Swap the loopback for the Essential in black, L", "nlu_fallback",
                    [entity("color", "black"), entity("size", "L")], sender,
                    focus_product="HD-HEAVY-GREY-L", last_results=shown)  # fmt: skip
    run(ActionSearchProducts(), state)
    assert cart_of(shop_db, sender) == {"HD-ESSENTIAL-BLACK-L": 1}


def test_several_variants_counted_in_one_message_are_added_each(shop_db: str, sender: str) -> None:
    state = tracker("Trois paires en taille S : une bleue, une rouge et une jaune", "add_to_cart",
                    [entity("size", "S")], sender, language="fr",
                    focus_product="SK-STRIPED-BLUE-S")  # fmt: skip
    run(ActionAddToCart(), state)
    expected = {"SK-STRIPED-BLUE-S": 1, "SK-STRIPED-RED-S": 1, "SK-STRIPED-YELLOW-S": 1}
    assert cart_of(shop_db, sender) == expected
    # after a change of mind, in place of the line just added
    add_to_cart(UnitOfWork(shop_db), f"{sender}-2", "MG-STONEWARE-BLUE-350ML", 4)
    state = tracker("Non, deux bleus et deux beiges", "deny",
                    [entity("color", "blue"), entity("color", "beige")], f"{sender}-2",
                    language="fr", focus_product="MG-STONEWARE-BLUE-350ML")  # fmt: skip
    run(ActionDeny(), state)
    expected = {"MG-STONEWARE-BLUE-350ML": 2, "MG-STONEWARE-BEIGE-350ML": 2}
    assert cart_of(shop_db, f"{sender}-2") == expected


def test_a_number_of_the_products_name_is_no_size_and_gifts_are_no_description(
    shop_db: str, sender: str
) -> None:
    add_to_cart(UnitOfWork(shop_db), sender, "SH-HIKE-GREY-42")
    state = tracker("Et le sac de rando de 28 litres, vert", "search_product",
                    [entity("product", "sac"), entity("size", "28"), entity("color", "green")],
                    sender, language="fr", focus_product="SH-HIKE-GREY-42",
                    last_results=["SH-HIKE-GREY-42"])  # fmt: skip
    run(ActionSearchProducts(), state)
    assert cart_of(shop_db, sender) == {"SH-HIKE-GREY-42": 1, "BP-DAYPACK28-GREEN": 1}
    add_to_cart(UnitOfWork(shop_db), f"{sender}-2", "HP-SPORTBUDS-YELLOW")
    state = tracker("ajoute encore un noir pour mon petit frère", "add_to_cart",
                    [entity("color", "black")], f"{sender}-2", language="fr",
                    focus_product="HP-SPORTBUDS-YELLOW")  # fmt: skip
    run(ActionAddToCart(), state)
    expected = {"HP-SPORTBUDS-YELLOW": 1, "HP-SPORTBUDS-BLACK": 1}
    assert cart_of(shop_db, f"{sender}-2") == expected


def test_a_new_item_said_to_a_product_in_view_is_searched(shop_db: str, sender: str) -> None:
    state = tracker("Alors une batterie externe", "product_details", [], sender, language="fr",
                    focus_product="PH-FLIP-BLACK-256GB")  # fmt: skip
    said, _ = run(ActionProductDetails(), state)
    titles = [element["title"] for message in said for element in message.get("elements") or []]
    assert titles and "Power Bank" in titles[0]


def test_slang_for_adding_and_a_number_of_the_name_are_read_as_such(
    shop_db: str, sender: str
) -> None:
    state = tracker("chuck one in", "out_of_scope", [], sender, focus_product="FD-PESTO-190G")
    run(ActionOutOfScope(), state)
    assert cart_of(shop_db, sender) == {"FD-PESTO-190G": 1}
    add_to_cart(UnitOfWork(shop_db), f"{sender}-2", "SH-LIGHTRUN-BLACK-44")
    state = tracker("and a 3 pack of running socks, black, size L", "search_product",
                    [entity("color", "black"), entity("size", "L")], f"{sender}-2",
                    focus_product="SH-LIGHTRUN-BLACK-44")  # fmt: skip
    run(ActionSearchProducts(), state)
    assert cart_of(shop_db, f"{sender}-2") == {"SH-LIGHTRUN-BLACK-44": 1, "SK-RUN-BLACK-L": 1}


def test_a_new_total_said_after_a_no_sets_the_line(shop_db: str, sender: str) -> None:
    add_to_cart(UnitOfWork(shop_db), sender, "SK-STRIPED-YELLOW-M")
    state = tracker("nah make it 2", "deny", [], sender, focus_product="SK-STRIPED-YELLOW-M")
    run(ActionDeny(), state)
    assert cart_of(shop_db, sender) == {"SK-STRIPED-YELLOW-M": 2}


def test_the_shop_asked_for_a_product_with_nothing_in_view_is_searched(
    shop_db: str, sender: str
) -> None:
    state = tracker("Vous avez des barres protéinées ?", "product_details", [], sender,
                    language="fr")  # fmt: skip
    said, _ = run(ActionProductDetails(), state)
    titles = [element["title"] for message in said for element in message.get("elements") or []]
    assert titles and "Protein" in titles[0]
    # asked in the last sentence of a longer message: the shop sells no helmets, and says so
    state = tracker("Hello, I have just started cycling to work. Do you sell bicycle helmets?",
                    "product_details", [], sender)  # fmt: skip
    said, _ = run(ActionProductDetails(), state)
    assert [message.get("response") for message in said][:1] == ["utter_no_exact_match"], said


def test_a_change_of_some_of_a_lines_units_splits_the_line(shop_db: str, sender: str) -> None:
    add_to_cart(UnitOfWork(shop_db), sender, "HD-ESSENTIAL-BLACK-M", 3)
    state = tracker("Change un des trois en L", "add_to_cart", [entity("size", "L")], sender,
                    language="fr", focus_product="HD-ESSENTIAL-BLACK-M")  # fmt: skip
    run(ActionAddToCart(), state)
    assert cart_of(shop_db, sender) == {"HD-ESSENTIAL-BLACK-M": 2, "HD-ESSENTIAL-BLACK-L": 1}


def test_a_replacement_found_by_a_search_takes_the_lines_place(shop_db: str, sender: str) -> None:
    add_to_cart(UnitOfWork(shop_db), sender, "KB-SLIM-WHITE")
    state = tracker("remplace par le compact rose c moins cher", "refine_search",
                    [entity("color", "pink")], sender, language="fr",
                    focus_product="KB-SLIM-WHITE", search_text="claviers sans fil")  # fmt: skip
    run(ActionSearchProducts(), state)
    assert cart_of(shop_db, sender) == {"KB-COMPACT-PINK": 1}


def test_the_same_in_another_colour_keeps_the_size(shop_db: str, sender: str) -> None:
    add_to_cart(UnitOfWork(shop_db), sender, "HD-CROPPED-PINK-M")
    state = tracker("and the same in purple", "add_to_cart", [entity("color", "purple")],
                    sender, focus_product="HD-CROPPED-PINK-M")  # fmt: skip
    run(ActionAddToCart(), state)
    assert cart_of(shop_db, sender) == {"HD-CROPPED-PINK-M": 1, "HD-CROPPED-PURPLE-M": 1}


def test_a_change_read_as_a_removal_changes_some_units(shop_db: str, sender: str) -> None:
    add_to_cart(UnitOfWork(shop_db), sender, "SH-SLIPON-BLACK-39", 2)
    state = tracker("change one of them to pink 39", "remove_from_cart",
                    [entity("color", "pink"), entity("size", "39")], sender,
                    focus_product="SH-SLIPON-BLACK-39")  # fmt: skip
    run(ActionRemoveFromCart(), state)
    assert cart_of(shop_db, sender) == {"SH-SLIPON-BLACK-39": 1, "SH-SLIPON-PINK-39": 1}
    # "2 of them" read as a removal: how many of the product in view
    state = tracker("2 of them", "remove_from_cart", [], f"{sender}-2",
                    focus_product="FD-PESTO-190G", last_results=["FD-PESTO-190G"])  # fmt: skip
    run(ActionRemoveFromCart(), state)
    assert cart_of(shop_db, f"{sender}-2") == {"FD-PESTO-190G": 2}


def test_words_that_ask_nothing_read_as_a_product_question_are_not_understood(
    shop_db: str, sender: str
) -> None:
    said, _ = run(ActionProductDetails(), tracker("blorf zzzk qqq wibble", "product_details",
                                                  [], sender))  # fmt: skip
    assert [reply.get("response") for reply in said] == ["utter_ask_rephrase"]
    said, _ = run(ActionProductDetails(), tracker("how much is it?", "product_details", [],
                                                  f"{sender}-2"))  # fmt: skip
    assert [reply.get("response") for reply in said] == ["utter_which_product"]


def test_a_purchase_said_first_adds_the_product_meant_with_its_quantity(
    shop_db: str, sender: str
) -> None:
    # read as a search, a menu question or a product question: bought all the same
    state = tracker("Hiya, I'd like 2 jars of basil pesto please", "search_product", [], sender)
    run(ActionSearchProducts(), state)
    assert cart_of(shop_db, sender) == {"FD-PESTO-190G": 2}
    state = tracker("Hello, can I get two dual usb-c car chargers?", "product_details", [],
                    f"{sender}-2")  # fmt: skip
    run(ActionProductDetails(), state)
    assert cart_of(shop_db, f"{sender}-2") == {"CH-CAR-BLACK": 2}
    # a kind, not one product: listed, nothing bought
    state = tracker("I'd like a t-shirt", "search_product", [], f"{sender}-3")
    said, _ = run(ActionSearchProducts(), state)
    assert said and cart_of(shop_db, f"{sender}-3") == {}


def test_a_line_named_in_the_cart_gets_more_fewer_none_or_another_variant(
    shop_db: str, sender: str
) -> None:
    shop = UnitOfWork(shop_db)
    add_to_cart(shop, sender, "JK-BOMBER-PINK-L", 2)
    add_to_cart(shop, sender, "MG-ENAMEL-GREEN-350ML", 3)
    add_to_cart(shop, sender, "SH-CANVAS-RED-43")
    # whatever intent the model gave each message
    run(ActionSearchProducts(), tracker("actually, 1 more of the bomber please", "search_product",
                                        [], sender))  # fmt: skip
    assert cart_of(shop_db, sender)["JK-BOMBER-PINK-L"] == 3
    run(ActionAddToCart(), tracker("just one enamel mug not 3, sorry", "add_to_cart", [], sender))
    assert cart_of(shop_db, sender)["MG-ENAMEL-GREEN-350ML"] == 1
    state = tracker("switch the canvas sneakers to a size 39", "product_details",
                    [entity("size", "39")], sender)  # fmt: skip
    run(ActionProductDetails(), state)
    assert "SH-CANVAS-RED-39" in cart_of(shop_db, sender)
    # named in French, the titles English: the catalog says which line
    run(ActionRemoveFromCart(), tracker("Retirez les tasses émaillées finalement",
                                        "remove_from_cart", [], sender, language="fr"))  # fmt: skip
    assert cart_of(shop_db, sender) == {"JK-BOMBER-PINK-L": 3, "SH-CANVAS-RED-39": 1}


def test_a_change_naming_another_product_than_the_cart_holds_changes_no_line(
    shop_db: str, sender: str
) -> None:
    add_to_cart(UnitOfWork(shop_db), sender, "HD-ESSENTIAL-GREY-S")
    state = tracker("drop the enamel mug", "remove_from_cart", [entity("product", "mug")], sender)
    run(ActionRemoveFromCart(), state)
    assert cart_of(shop_db, sender) == {"HD-ESSENTIAL-GREY-S": 1}
    run(ActionSearchProducts(), tracker("actually the cropped one in black", "search_product",
                                        [entity("color", "black")], sender))  # fmt: skip
    assert "HD-ESSENTIAL-GREY-S" in cart_of(shop_db, sender)


def test_an_add_naming_another_kind_in_french_finds_it_not_the_product_in_view(
    shop_db: str, sender: str
) -> None:
    add_to_cart(UnitOfWork(shop_db), sender, "MS-TRAVEL-GREY")
    state = tracker("Ajoutez deux casques pour enfant en bleu s'il vous plait", "add_to_cart",
                    [entity("quantity", "deux"), entity("product", "headphones"),
                     entity("color", "blue")], sender, language="fr",
                    focus_product="MS-TRAVEL-GREY")  # fmt: skip
    run(ActionAddToCart(), state)
    assert cart_of(shop_db, sender) == {"MS-TRAVEL-GREY": 1, "HP-KIDS-BLUE": 2}
    # "paires de" counts the kind that follows: the sandals, not the power bank in view
    add_to_cart(UnitOfWork(shop_db), f"{sender}-2", "CH-POWERBANK-BLACK")
    state = tracker("Et aussi 2 paires de claquettes en noir pointure 44", "nlu_fallback",
                    [entity("color", "black")], f"{sender}-2", language="fr",
                    focus_product="CH-POWERBANK-BLACK")  # fmt: skip
    run(ActionOutOfScope(), state)
    assert cart_of(shop_db, f"{sender}-2")["CH-POWERBANK-BLACK"] == 1


def test_a_question_naming_another_product_in_french_is_about_that_product(
    shop_db: str, sender: str
) -> None:
    state = tracker("La camomille est en promo ?", "product_details", [], sender, language="fr",
                    focus_product="MG-ESPRESSO-WHITE-80ML")  # fmt: skip
    said, _ = run(ActionProductDetails(), state)
    assert "Chamomile" in said[0]["text"] and "Espresso" not in said[0]["text"]


@pytest.mark.parametrize(
    ("text", "language", "named"),
    [
        ("Mummy also wants a big tin of olive oil. Is it extra virgin only?", "en", "Tin"),
        ("For the lunch of my kids, the granola bars, they have honey?", "en", "Granola"),
        ("Et du café décaféiné en grains. Il est sans produits chimiques ?", "fr", "Decaf"),
    ],
)
def test_a_question_about_a_product_just_named_is_about_that_product(
    shop_db: str, sender: str, text: str, language: str, named: str
) -> None:
    state = tracker(text, "product_details", [], sender, language=language,
                    focus_product="FD-SPAGHETTI-1KG")  # fmt: skip
    said, _ = run(ActionProductDetails(), state)
    assert named in said[0]["text"] and "Spaghetti" not in said[0]["text"]


def test_a_part_asked_of_the_one_shown_names_no_other_product(shop_db: str, sender: str) -> None:
    state = tracker("il a des haut-parleurs ?", "product_details", [], sender, language="fr",
                    last_results=["MN-24FHD-BLACK"])  # fmt: skip
    said, _ = run(ActionProductDetails(), state)
    assert "Monitor" in said[0]["text"] and "Speaker" not in said[0]["text"]


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Et une frontale, t'as ça ?", "fr"),
        ("Okay. And a proper umbrella in case it rains that day?", "en"),
    ],
)
def test_a_thing_the_shop_does_not_sell_asked_alone_is_searched_not_asked_of_the_one_in_view(
    shop_db: str, sender: str, text: str, language: str
) -> None:
    state = tracker(text, "product_details", [], sender, language=language,
                    focus_product="SK-MERINO-GREEN-L")  # fmt: skip
    said, _ = run(ActionProductDetails(), state)
    assert [message.get("response") for message in said][:1] in (
        ["utter_no_exact_match"],
        ["utter_no_results"],
    )


def test_a_thing_the_shop_does_not_sell_read_as_small_talk_is_searched(
    shop_db: str, sender: str
) -> None:
    state = tracker("Et des bougies pour la table ?", "out_of_scope", [], sender, language="fr",
                    focus_product="FD-PRETZELS-200G")  # fmt: skip
    said, _ = run(ActionOutOfScope(), state)
    assert said[0].get("response") in {"utter_no_exact_match", "utter_no_results"}


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("I'm hesitating between the Nova 8 and the Lite 5", "en"),
        ("j'hésite entre le Nova 8 et le Lite 5", "fr"),
        ("the Nova 8 or the Lite 5?", "en"),
        ("le Nova 8 ou le Lite 5 ?", "fr"),
    ],
)
@pytest.mark.parametrize("action", [ActionSearchProducts(), ActionProductDetails()])
def test_products_weighed_by_name_are_shown_in_the_order_said_not_added(
    shop_db: str, sender: str, text: str, language: str, action: Action
) -> None:
    """ "the Aero 14 or the WorkPro 15?" read as a product question answered "the merchant
    doesn't say that about the Aero 14"."""
    said, slots = run(action, tracker(text, "search_product", [], sender,
                                      language=language))  # fmt: skip
    titles = [card["title"] for message in said for card in message.get("elements") or []]
    assert titles == ["Nova 8 Smartphone", "Lite 5 Budget Smartphone"]
    assert [sku.split("-")[1] for sku in slots["last_results"]] == ["NOVA8", "LITE5"]
    assert cart_of(shop_db, sender) == {}


EARBUDS_SHOWN = ["HP-BUDS-WHITE", "HP-SPORTBUDS-YELLOW", "HP-ONEAR-BLACK", "HP-STUDIO-BLACK"]
BACKPACKS_SHOWN = ["BP-SCHOOL-RED", "BP-COMMUTER-NAVY", "BP-ROLLTOP-YELLOW"]


def test_a_product_shown_pointed_at_by_its_price_is_asked_about_and_added(
    shop_db: str, sender: str
) -> None:
    state = tracker("celui à 89 euros, il a la réduction de bruit ?", "search_product",
                    [entity("price", "89", "max")], sender, language="fr",
                    last_results=EARBUDS_SHOWN)  # fmt: skip
    said, _ = run(ActionSearchProducts(), state)
    assert "True Wireless Earbuds" in said[0]["text"] and said[0]["text"].startswith("Oui")
    state = tracker("is the cheaper one waterproof?", "nlu_fallback", [], sender,
                    last_results=BACKPACKS_SHOWN)  # fmt: skip
    said, _ = run(ActionOutOfScope(), state)
    assert "Everyday School Backpack" in said[0]["text"]
    state = tracker("add the 69 one in yellow", "add_to_cart",
                    [entity("size", "69"), entity("color", "yellow")], sender,
                    last_results=BACKPACKS_SHOWN)  # fmt: skip
    run(ActionAddToCart(), state)
    assert cart_of(shop_db, sender) == {"BP-ROLLTOP-YELLOW": 1}


def test_a_product_pointed_at_by_what_it_is_is_the_one_of_the_kind_searched(
    shop_db: str, sender: str
) -> None:
    searched = tracker("show me jackets", "search_product", [entity("product", "jackets")], sender)
    _, slots = run(ActionSearchProducts(), searched)
    # the rain jacket is beyond the cards shown; "waterproof" also names hiking boots
    state = tracker("the waterproof one, does it have a hood?", "product_details", [], sender,
                    **slots)  # fmt: skip
    said, _ = run(ActionProductDetails(), state)
    assert "Packable Waterproof Rain Jacket" in said[0]["text"]
    # among the headphones shown, the one whose description says 40 hours
    state = tracker("et celui qui tient 40 heures, il coûte combien ?", "product_details", [],
                    sender, language="fr", last_results=EARBUDS_SHOWN)  # fmt: skip
    said, _ = run(ActionProductDetails(), state)
    assert "Wireless On-Ear Headphones" in str(said[0])
    assert "True Wireless Earbuds" not in str(said)


def test_a_product_talked_about_earlier_is_the_one_gone_back_to(shop_db: str, sender: str) -> None:
    talked = tuple(
        {"event": "slot", "name": "focus_product", "value": sku}
        for sku in ("JK-RAIN-RED-M", "JK-DOWN-GREEN-XL", "SH-TRAIL-GREEN-42", "SH-ROADRUN-BLUE-44")
    )
    shoes = ["SH-TRAIL-GREEN-42", "SH-ROADRUN-BLUE-44"]
    state = tracker("actually, the first jacket, does it have a hood?", "product_details", [],
                    sender, history=talked, focus_product="SH-ROADRUN-BLUE-44",
                    last_results=shoes)  # fmt: skip
    said, _ = run(ActionProductDetails(), state)
    assert "Packable Waterproof Rain Jacket" in said[0]["text"]
    state = tracker("finalement, les chaussures d'avant, elles sont imperméables ?",
                    "product_details", [], sender, language="fr", history=talked,
                    focus_product="SH-ROADRUN-BLUE-44", last_results=shoes)  # fmt: skip
    said, _ = run(ActionProductDetails(), state)
    assert "Trail Running Shoes" in said[0]["text"]


@pytest.mark.parametrize("text", ["is the one in red waterproof?", "is the red one waterproof?"])
def test_a_product_shown_told_apart_by_its_colour_is_the_one_asked_about(
    shop_db: str, sender: str, text: str
) -> None:
    shown = ["JK-DOWN-BLACK-S", "JK-LEATHER-BLACK-S", "JK-RAIN-RED-M"]
    state = tracker(text, "product_details", [], sender, last_results=shown)
    said, _ = run(ActionProductDetails(), state)
    assert "Packable Waterproof Rain Jacket" in said[0]["text"]


def test_so_many_bags_of_the_one_in_view_add_it_and_name_no_other_product(
    shop_db: str, sender: str
) -> None:
    state = tracker("stick five bags of that in", "add_to_cart", [entity("quantity", "five")],
                    sender, focus_product="FD-PENNE-500G",
                    last_results=["FD-PENNE-500G"])  # fmt: skip
    run(ActionAddToCart(), state)
    assert cart_of(shop_db, sender) == {"FD-PENNE-500G": 5}


def test_the_price_difference_between_two_versions_said_with_and(shop_db: str, sender: str) -> None:
    state = tracker("What is difference in price between 128 and 256 GB?", "product_details", [],
                    sender, focus_product="TB-TAB11-GREY-128GB")  # fmt: skip
    said, _ = run(ActionProductDetails(), state)
    assert said[0]["response"] == "utter_price_difference"
    assert said[0]["difference"] == "€70.00"


def test_the_c_of_usb_c_points_back_at_nothing(shop_db: str, sender: str) -> None:
    state = tracker("And the portable USB-C monitor, how heavy is that?", "product_details", [],
                    sender, focus_product="MS-TRAVEL-BLUE")  # fmt: skip
    said, _ = run(ActionProductDetails(), state)
    assert said[0]["text"].startswith("15.6-inch Portable USB-C Monitor")


def test_could_you_add_is_an_order_not_a_question(shop_db: str, sender: str) -> None:
    add_to_cart(UnitOfWork(shop_db), sender, "FD-COLOMBIA-250G", 3)
    state = tracker("Could you add 2 stoneware mugs in green too?", "add_to_cart",
                    [entity("size", "2"), entity("product", "mugs"), entity("color", "green")],
                    sender, focus_product="FD-COLOMBIA-250G")  # fmt: skip
    run(ActionAddToCart(), state)
    assert cart_of(shop_db, sender) == {"FD-COLOMBIA-250G": 3, "MG-STONEWARE-GREEN-350ML": 2}


def test_a_put_in_asked_as_a_question_is_an_order(shop_db: str, sender: str) -> None:
    add_to_cart(UnitOfWork(shop_db), sender, "FD-MILKHAZEL-100G", 5)
    state = tracker("Savez-vous aussi ajouter un paquet de café en grains espresso de 250 g ?",
                    "search_product", [], sender, language="fr")  # fmt: skip
    run(ActionSearchProducts(), state)
    assert cart_of(shop_db, sender) == {"FD-MILKHAZEL-100G": 5, "FD-ESPRESSO-250G": 1}


def test_the_colour_of_a_search_is_no_colour_of_a_product_it_did_not_show(
    shop_db: str, sender: str
) -> None:
    # white t-shirts were listed; the power bank a new request names comes in white and black:
    # its colour is asked, not taken from the t-shirts
    add_to_cart(UnitOfWork(shop_db), sender, "MG-STONEWARE-GREEN-350ML")
    shown = ["TS-VNECK-WHITE-S", "TS-BASICCREW-WHITE-S"]
    state = tracker("Could you add a slim power bank too?", "search_product", [], sender,
                    color="white", last_results=shown)  # fmt: skip
    said, _ = run(ActionSearchProducts(), state)
    assert cart_of(shop_db, sender) == {"MG-STONEWARE-GREEN-350ML": 1}
    asked = [button["title"] for message in said for button in message.get("buttons") or []]
    assert {"black", "white"} <= set(asked), said


def test_a_new_number_said_alone_or_one_less_changes_the_line(shop_db: str, sender: str) -> None:
    from actions.fallback import ActionFallback

    add_to_cart(UnitOfWork(shop_db), sender, "FD-SPAGHETTI-1KG", 6)
    run(ActionFallback(), tracker("Non finalement 4", "nlu_fallback", [], sender, language="fr"))
    assert cart_of(shop_db, sender) == {"FD-SPAGHETTI-1KG": 4}
    run(ActionFallback(), tracker("Une paire de moins", "nlu_fallback", [], sender, language="fr"))
    assert cart_of(shop_db, sender) == {"FD-SPAGHETTI-1KG": 3}


def test_a_price_asked_in_other_words_of_a_product_shown_is_its_price(
    shop_db: str, sender: str
) -> None:
    from actions.fallback import ActionFallback

    socks = ["SK-STRIPED-BLACK-M", "SK-MERINO-GREY-M", "SK-CREW5-BLACK-M", "SK-RUN-WHITE-M"]
    state = tracker("Le lot de 5 paires, combien ?", "nlu_fallback", [], sender, language="fr",
                    last_results=socks)  # fmt: skip
    said, _ = run(ActionFallback(), state)
    assert [message.get("title") for message in said] == ["Everyday Crew Socks 5-Pack"]


def test_a_choice_of_a_product_shown_by_its_brand_or_its_name_in_other_words_adds_it(
    shop_db: str, sender: str
) -> None:
    shown = ["SH-ROADRUN-W-PINK-38", "SH-LIGHTRUN-BLACK-39", "SH-TRAIL-GREEN-39"]
    # the brand of one product shown, with a colour: that product, not a search by brand
    state = tracker("les Kestrel en rose, 38", "refine_search",
                    [entity("brand", "Kestrel"), entity("color", "pink"), entity("size", "38")],
                    sender, language="fr", last_results=shown)  # fmt: skip
    run(ActionSearchProducts(), state)
    assert cart_of(shop_db, sender) == {"SH-ROADRUN-W-PINK-38": 1}
    # its name with a word its title says otherwise ("femme" for "Women's"): a choice of it
    state = tracker("Les Road Running femme en rose 38", "search_product",
                    [entity("product", "Running"), entity("color", "pink"), entity("size", "38")],
                    sender, language="fr", last_results=shown)  # fmt: skip
    run(ActionSearchProducts(), state)
    assert cart_of(shop_db, sender) == {"SH-ROADRUN-W-PINK-38": 2}


def test_a_colour_the_model_tagged_as_a_brand_is_a_colour(shop_db: str, sender: str) -> None:
    state = tracker("La noire", "refine_search", [entity("brand", "black")], sender,
                    language="fr", last_results=["CH-POWERBANK-WHITE"])  # fmt: skip
    run(ActionSearchProducts(), state)
    assert cart_of(shop_db, sender) == {"CH-POWERBANK-BLACK": 1}


def test_another_kind_described_with_a_colour_the_product_in_view_lacks_is_no_choice_of_it(
    shop_db: str, sender: str
) -> None:
    add_to_cart(UnitOfWork(shop_db), sender, "SK-MERINO-GREEN-M", 2)
    state = tracker("Rajoute une paire de chaussettes rayees en bleu taille L", "add_to_cart",
                    [entity("color", "blue"), entity("size", "L")], sender, language="fr",
                    focus_product="SK-MERINO-GREEN-M")  # fmt: skip
    run(ActionAddToCart(), state)
    assert cart_of(shop_db, sender) == {"SK-MERINO-GREEN-M": 2, "SK-STRIPED-BLUE-L": 1}


def test_a_number_of_the_name_tagged_as_a_size_and_a_question_naming_a_product_shown(
    shop_db: str, sender: str
) -> None:
    add_to_cart(UnitOfWork(shop_db), sender, "SK-STRIPED-YELLOW-M", 2)
    shown = ["SK-STRIPED-YELLOW-M", "SK-CREW5-BLACK-L"]
    state = tracker("and the crew socks 5-pack, black L", "search_product",
                    [entity("size", "5-pack"), entity("color", "black"), entity("size", "L")],
                    sender, last_results=shown)  # fmt: skip
    run(ActionSearchProducts(), state)
    assert cart_of(shop_db, sender) == {"SK-STRIPED-YELLOW-M": 2, "SK-CREW5-BLACK-L": 1}
    # a question naming a product shown adds nothing ("what's" is no size S)
    state = tracker("what's the Everyday Crew Socks 5-Pack made of", "search_product", [],
                    sender, last_results=shown)  # fmt: skip
    run(ActionSearchProducts(), state)
    assert cart_of(shop_db, sender) == {"SK-STRIPED-YELLOW-M": 2, "SK-CREW5-BLACK-L": 1}


def test_putting_in_after_a_list_adds_the_first_product_shown_whichever_action_reads_it(
    shop_db: str, sender: str
) -> None:
    """ "Mettez-en une paire" read as an add and "jle prends" read as a search once handed the
    message back and forth until Python's recursion limit: the shopper got no answer."""
    shown = ["SH-WINTER-BLACK-38", "SH-ANKLEW-BLACK-38"]
    for action, intent in ((ActionAddToCart(), "add_to_cart"),
                           (ActionSearchProducts(), "search_product")):  # fmt: skip
        state = tracker("Mettez-en une paire", intent, [], f"{sender}-{intent}", language="fr",
                        size="38", last_results=shown)  # fmt: skip
        run(action, state)
        assert cart_of(shop_db, f"{sender}-{intent}") == {"SH-WINTER-BLACK-38": 1}
    state = tracker("jle prends", "add_to_cart", [], sender, language="fr",
                    last_results=["HP-GAMINGHS-BLACK", "HP-STUDIO-BLACK"])  # fmt: skip
    run(ActionAddToCart(), state)
    assert cart_of(shop_db, sender) == {"HP-GAMINGHS-BLACK": 1}


def test_two_actions_handing_a_message_to_each_other_answer_once(
    shop_db: str, sender: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A loop left in the hand-overs still gets the shopper an answer (and an error logged)."""
    import actions.cart as cart_actions

    monkeypatch.setattr(cart_actions, "puts_in_what_is_in_view", lambda text: False)
    state = tracker("Mettez-en une paire", "add_to_cart", [], sender, language="fr",
                    last_results=["SH-WINTER-BLACK-38", "SH-ANKLEW-BLACK-38"])  # fmt: skip
    said, _ = run(ActionAddToCart(), state)
    assert [message["response"] for message in said] == ["utter_default"]


def test_a_bare_count_after_a_search_that_named_a_product_adds_it(
    shop_db: str, sender: str
) -> None:
    """ "Du chocolat noir 85 %" names the 85% bar, shown first; "Cinq tablettes" counts bars,
    it asks for no tablet computer."""
    shown = ["FD-DARK85-100G", "FD-DARK70-100G", "FD-SALTCARAMEL-100G"]
    state = tracker("Cinq tablettes", "search_product", [entity("product", "tablettes")], sender,
                    language="fr", last_results=shown, search_text="chocolat noir 85 %",
                    product="chocolat")  # fmt: skip
    run(ActionSearchProducts(), state)
    assert cart_of(shop_db, sender) == {"FD-DARK85-100G": 5}
    # a counting word that a title holds names that product: the Family Tin, not the oil shown
    shown = ["FD-EVOO-EARLY-500ML", "FD-EVOO-500ML", "FD-EVOO-TIN-3L"]
    state = tracker("2 tins please", "refine_search", [entity("size", "2")], f"{sender}-2",
                    last_results=shown, focus_product="FD-EVOO-EARLY-500ML")  # fmt: skip
    run(ActionSearchProducts(), state)
    assert cart_of(shop_db, f"{sender}-2") == {"FD-EVOO-TIN-3L": 2}


def test_a_count_and_a_change_of_mind_set_the_line_of_the_kind_named(
    shop_db: str, sender: str
) -> None:
    add_to_cart(UnitOfWork(shop_db), sender, "SH-WINTER-BLACK-38")
    add_to_cart(UnitOfWork(shop_db), sender, "SK-MERINO-GREEN-S")
    state = tracker("Deux paires de chaussettes finalement", "add_to_cart", [], sender,
                    language="fr", focus_product="SK-MERINO-GREEN-S")  # fmt: skip
    run(ActionAddToCart(), state)
    assert cart_of(shop_db, sender) == {"SH-WINTER-BLACK-38": 1, "SK-MERINO-GREEN-S": 2}
    # "mets deux" right after adding the jeans: two of that line, no question of colour
    add_to_cart(UnitOfWork(shop_db), f"{sender}-2", "JN-REGULAR-BLACK-L")
    state = tracker("Mets deux", "add_to_cart", [entity("quantity", "deux")], f"{sender}-2",
                    language="fr", focus_product="JN-REGULAR-BLACK-L")  # fmt: skip
    run(ActionAddToCart(), state)
    assert cart_of(shop_db, f"{sender}-2") == {"JN-REGULAR-BLACK-L": 2}


def test_the_number_of_a_products_name_said_with_its_unit_is_no_size(
    shop_db: str, sender: str
) -> None:
    state = tracker("Je prends le 27 pouces calibré.", "add_to_cart",
                    [entity("size", "27 pouces")], sender, language="fr",
                    focus_product="MN-27PRO4K-GREY")  # fmt: skip
    run(ActionAddToCart(), state)
    assert cart_of(shop_db, sender) == {"MN-27PRO4K-GREY": 1}


def test_one_more_product_said_with_its_options_is_added_whatever_the_intent(
    shop_db: str, sender: str
) -> None:
    add_to_cart(UnitOfWork(shop_db), sender, "SH-ANKLEW-BLACK-41")
    state = tracker("Et le blouson satiné en vert, taille M.", "product_details",
                    [entity("color", "green"), entity("size", "M")], sender, language="fr",
                    focus_product="SH-ANKLEW-BLACK-41")  # fmt: skip
    run(ActionProductDetails(), state)
    assert cart_of(shop_db, sender) == {"SH-ANKLEW-BLACK-41": 1, "JK-BOMBER-GREEN-M": 1}


def test_a_line_named_by_its_colour_alone_is_the_one_removed(shop_db: str, sender: str) -> None:
    for sku in ("SK-STRIPED-BLUE-S", "SK-STRIPED-RED-S", "SK-STRIPED-YELLOW-S"):
        add_to_cart(UnitOfWork(shop_db), sender, sku)
    state = tracker("Enlevez la rouge", "remove_from_cart", [entity("color", "red")], sender,
                    language="fr", focus_product="SK-STRIPED-YELLOW-S")  # fmt: skip
    run(ActionRemoveFromCart(), state)
    assert cart_of(shop_db, sender) == {"SK-STRIPED-BLUE-S": 1, "SK-STRIPED-YELLOW-S": 1}


def test_a_product_named_as_one_more_thing_is_added_to_the_basket_begun(
    shop_db: str, sender: str
) -> None:
    add_to_cart(UnitOfWork(shop_db), sender, "FD-EARLGREY-100G")
    for said in (
        "Right, a vanilla rooibos tea as well",
        "throw in three 70% dark chocolate bars too",
    ):
        run(ActionSearchProducts(), tracker(said, "search_product", [], sender))
    assert cart_of(shop_db, sender) == {
        "FD-EARLGREY-100G": 1,
        "FD-ROOIBOS-100G": 1,
        "FD-DARK70-100G": 3,
    }


def test_the_product_in_view_asked_for_in_another_variant_gets_a_yes_or_no(
    shop_db: str, sender: str
) -> None:
    add_to_cart(UnitOfWork(shop_db), sender, "BP-SCHOOL-BLUE", 2)
    state = tracker("do you have the backpack in pink?", "search_product",
                    [entity("color", "pink")], sender, focus_product="BP-SCHOOL-BLUE",
                    last_results=["BP-SCHOOL-BLUE"])  # fmt: skip
    said, _ = run(ActionSearchProducts(), state)
    assert said[0]["text"].startswith("No") and "Everyday School Backpack" in said[0]["text"]
    state = tracker("Vous avez le café Colombie en 500 g ?", "search_product",
                    [entity("size", "500 g")], sender, language="fr",
                    focus_product="FD-COLOMBIA-250G")  # fmt: skip
    said, _ = run(ActionSearchProducts(), state)
    assert said[0]["text"].startswith("Oui")
    assert cart_of(shop_db, sender) == {"BP-SCHOOL-BLUE": 2}


def test_a_kind_the_shop_sells_none_of_asked_with_a_product_in_view_is_searched(
    shop_db: str, sender: str
) -> None:
    """ "Vous avez des serviettes de plage ?" with the coffee in view asks the shop: nothing
    matches; "y a du poivre dedans ?" still asks about the pesto in view."""
    state = tracker("Vous avez des serviettes de plage ?", "product_details", [], sender,
                    language="fr", focus_product="FD-COLOMBIA-250G",
                    last_results=["FD-COLOMBIA-250G"])  # fmt: skip
    said, _ = run(ActionProductDetails(), state)
    assert said[0]["response"] in {"utter_no_exact_match", "utter_no_results"}
    state = tracker("y a du poivre dedans?", "product_details", [], sender, language="fr",
                    focus_product="FD-PESTO-190G")  # fmt: skip
    said, _ = run(ActionProductDetails(), state)
    assert "Genovese Basil Pesto Sauce" in (said[0].get("text") or "")
    # asked after an aside, read as small talk: the shop is still asked
    socks = "SK-MERINO-GREY-M"
    state = tracker("also, got any scarves?", "greet", [], sender, focus_product=socks,
                    last_results=[socks])  # fmt: skip
    said, _ = run(ActionGreet(), state)
    assert said[0]["response"] in {"utter_no_exact_match", "utter_no_results"}, said
    # "any … in those?" asks about the product in view, whatever kind it names
    state = tracker("any nuts in those? shes allergic", "product_details", [], sender,
                    focus_product="FD-PESTO-190G")  # fmt: skip
    said, _ = run(ActionProductDetails(), state)
    assert "Pesto" in (said[0].get("text") or ""), said


def test_a_size_tagged_without_its_unit_is_the_products_size(shop_db: str, sender: str) -> None:
    state = tracker("is the usb-c cable in stock in white 2 m?", "product_details",
                    [entity("color", "white"), entity("size", "2")], sender,
                    focus_product="CB-USBC-BLACK-1M")  # fmt: skip
    said, _ = run(ActionProductDetails(), state)
    assert (said[0].get("text") or "").startswith("Yes, we have"), said


def test_the_same_add_said_again_right_after_it_was_done_adds_no_second_one(
    shop_db: str, sender: str
) -> None:
    add_to_cart(UnitOfWork(shop_db), sender, "MS-LIGHTGAME-WHITE")
    just_added = (
        earlier_message("et une souris gamer blanche"),
        earlier_reply("utter_added_to_cart", sku="MS-LIGHTGAME-WHITE", quantity=1),
    )
    state = tracker("ajoute la", "add_to_cart", [], sender, language="fr",
                    focus_product="MS-LIGHTGAME-WHITE", history=just_added)  # fmt: skip
    said, _ = run(ActionAddToCart(), state)
    assert said[0]["response"] == "utter_already_in_cart"
    assert cart_of(shop_db, sender) == {"MS-LIGHTGAME-WHITE": 1}
    # "one more" is more of it
    state = tracker("one more", "add_to_cart", [], sender,
                    focus_product="MS-LIGHTGAME-WHITE", history=just_added)  # fmt: skip
    run(ActionAddToCart(), state)
    assert cart_of(shop_db, sender) == {"MS-LIGHTGAME-WHITE": 2}
    # an add a turn earlier, not the last one: "add it" adds
    later = (*just_added, earlier_message("is it wireless?"), earlier_reply("utter_yes"))
    state = tracker("add it", "add_to_cart", [], sender,
                    focus_product="MS-LIGHTGAME-WHITE", history=later)  # fmt: skip
    run(ActionAddToCart(), state)
    assert cart_of(shop_db, sender) == {"MS-LIGHTGAME-WHITE": 3}


def test_add_it_takes_the_colour_and_size_the_last_questions_named(
    shop_db: str, sender: str
) -> None:
    asked = (
        earlier_message("le lite 5 violet 64go dispo?"),
        earlier_reply("utter_variant_unavailable"),
        earlier_message("et en 128?"),
        earlier_reply("utter_variant_available"),
    )
    state = tracker("ajoute le", "add_to_cart", [], sender, language="fr",
                    focus_product="PH-LITE5-BLACK-64GB", history=asked)  # fmt: skip
    run(ActionAddToCart(), state)
    assert cart_of(shop_db, sender) == {"PH-LITE5-PURPLE-128GB": 1}
    # what was said before something else was put in the cart was about that choice
    added = (*asked, earlier_message("and a black usb-c cable, 1 m"),
             earlier_reply("utter_added_to_cart", sku="CB-USBC-BLACK-1M"))  # fmt: skip
    state = tracker("add the lite 5 too", "add_to_cart", [], sender,
                    focus_product="PH-LITE5-PURPLE-128GB", history=added)  # fmt: skip
    said, _ = run(ActionAddToCart(), state)
    assert said[0]["response"].startswith("utter_ask_"), said
    assert cart_of(shop_db, sender) == {"PH-LITE5-PURPLE-128GB": 1}


def test_a_price_asked_for_a_version_of_the_product_in_view_shows_it_and_adds_nothing(
    shop_db: str, sender: str
) -> None:
    state = tracker("gris 256 prix", "refine_search",
                    [entity("color", "grey"), entity("size", "256")], sender, language="fr",
                    last_results=["LT-FLIP13-GREY-256GB", "LT-STUDENT14-BLUE-512GB"])  # fmt: skip
    said, _ = run(ActionSearchProducts(), state)
    assert said[0]["response"] == "utter_product_details"
    assert said[0]["price"].replace("\xa0", " ") == "679,00 €"
    assert cart_of(shop_db, sender) == {}


def test_one_more_product_named_alone_for_a_basket_begun_is_added(
    shop_db: str, sender: str
) -> None:
    add_to_cart(UnitOfWork(shop_db), sender, "FD-PRETZELS-200G", 2)
    state = tracker("and the rosemary crackers", "search_product", [], sender)
    run(ActionSearchProducts(), state)
    assert cart_of(shop_db, sender) == {"FD-PRETZELS-200G": 2, "FD-CRACKERS-180G": 1}
    # a kind and a colour two products have: shown, not added
    state = tracker("and a mug she likes blue", "search_product",
                    [entity("product", "mug"), entity("color", "blue")], sender)  # fmt: skip
    said, _ = run(ActionSearchProducts(), state)
    assert said[0]["response"] == "utter_search_results"
    assert cart_of(shop_db, sender) == {"FD-PRETZELS-200G": 2, "FD-CRACKERS-180G": 1}
    # words saying which bottle, though others come in black too: added
    state = tracker("et une gourde filtrante noire", "search_product",
                    [entity("product", "gourde"), entity("color", "black")], sender,
                    language="fr")  # fmt: skip
    run(ActionSearchProducts(), state)
    assert cart_of(shop_db, sender) == {
        "FD-PRETZELS-200G": 2,
        "FD-CRACKERS-180G": 1,
        "WB-FILTER-BLACK-650ML": 1,
    }


def test_and_a_product_with_its_size_after_a_question_is_an_order_not_the_question_again(
    shop_db: str, sender: str
) -> None:
    add_to_cart(UnitOfWork(shop_db), sender, "MG-TRAVEL-WHITE-400ML")
    asked = (earlier_message("dishwasher safe?"), earlier_reply("utter_merchant_silent"))
    state = tracker("and instant coffee 200g", "search_product",
                    [entity("product", "coffee")], sender, history=asked)  # fmt: skip
    run(ActionSearchProducts(), state)
    assert cart_of(shop_db, sender) == {"MG-TRAVEL-WHITE-400ML": 1, "FD-INSTANT-200G": 1}


def test_two_products_counted_in_one_message_are_both_added_whatever_is_in_view(
    shop_db: str, sender: str
) -> None:
    pretzels = "FD-PRETZELS-200G"
    state = tracker("Please add three bags of pretzels and two of the paprika crisps.",
                    "nlu_fallback", [entity("quantity", "two")], sender,
                    focus_product=pretzels, last_results=[pretzels])  # fmt: skip
    run(ActionSearchProducts(), state)
    assert cart_of(shop_db, sender) == {"FD-PRETZELS-200G": 3, "FD-CHIPS-PAPRIKA-150G": 2}
    state = tracker("je prends la souris verticale et le clavier split", "search_product", [],
                    sender, language="fr")  # fmt: skip
    run(ActionSearchProducts(), state)
    assert {"MS-VERTICAL-BLACK", "KB-SPLIT-BLACK"} <= set(cart_of(shop_db, sender))


def test_a_number_of_another_products_name_adds_that_product(shop_db: str, sender: str) -> None:
    # "n 5 of the 85" with the 70 % bar in view: the 85 % bar, five of it
    state = tracker("n 5 of the 85", "add_to_cart",
                    [entity("quantity", "5"), entity("size", "85")], sender,
                    focus_product="FD-DARK70-100G", last_results=["FD-DARK70-100G"])  # fmt: skip
    run(ActionAddToCart(), state)
    assert cart_of(shop_db, sender) == {"FD-DARK85-100G": 5}
    # "add the 75% in white" with the gaming keyboard in view
    state = tracker("add the 75% in white", "add_to_cart",
                    [entity("color", "white"), entity("size", "75")], f"{sender}-2",
                    focus_product="KB-RGBFULL-BLACK")  # fmt: skip
    run(ActionAddToCart(), state)
    assert cart_of(shop_db, f"{sender}-2") == {"KB-MECH75-WHITE": 1}
    # a size the product has is its size, whatever other names hold the number
    state = tracker("Je prends le 27 pouces calibré.", "add_to_cart",
                    [entity("size", "27 pouces calibré")], f"{sender}-3", language="fr",
                    focus_product="MN-27PRO4K-GREY")  # fmt: skip
    run(ActionAddToCart(), state)
    assert cart_of(shop_db, f"{sender}-3") == {"MN-27PRO4K-GREY": 1}


def test_a_count_alone_right_after_an_add_is_the_new_number_of_it(
    shop_db: str, sender: str
) -> None:
    add_to_cart(UnitOfWork(shop_db), sender, "FD-SENCHA-100G")
    just_added = (
        earlier_message("also your cheapest green tea"),
        earlier_reply("utter_added_to_cart", sku="FD-SENCHA-100G", quantity=1),
    )
    state = tracker("2 of them", "add_to_cart", [entity("quantity", "2")], sender,
                    focus_product="FD-SENCHA-100G", history=just_added)  # fmt: skip
    run(ActionAddToCart(), state)
    assert cart_of(shop_db, sender) == {"FD-SENCHA-100G": 2}
    # "2 more" is more
    state = tracker("2 more", "add_to_cart", [entity("quantity", "2")], sender,
                    focus_product="FD-SENCHA-100G", history=just_added)  # fmt: skip
    run(ActionAddToCart(), state)
    assert cart_of(shop_db, sender) == {"FD-SENCHA-100G": 4}


def test_a_change_of_variant_with_a_number_sets_the_new_line_to_it(
    shop_db: str, sender: str
) -> None:
    add_to_cart(UnitOfWork(shop_db), sender, "FD-MATCHA-30G", 2)
    state = tracker("Non, plutôt un seul de 100 g", "add_to_cart", [], sender, language="fr",
                    focus_product="FD-MATCHA-30G")  # fmt: skip
    run(ActionAddToCart(), state)
    assert cart_of(shop_db, sender) == {"FD-MATCHA-100G": 1}


def test_remove_one_of_them_takes_one_unit_out(shop_db: str, sender: str) -> None:
    add_to_cart(UnitOfWork(shop_db), sender, "TS-BASICCREW-BLACK-M", 3)
    add_to_cart(UnitOfWork(shop_db), sender, "TS-BASICCREW-WHITE-M", 2)
    state = tracker("Hmm, please remove one of the black ones.", "remove_from_cart",
                    [entity("color", "black")], sender)  # fmt: skip
    run(ActionRemoveFromCart(), state)
    assert cart_of(shop_db, sender) == {"TS-BASICCREW-BLACK-M": 2, "TS-BASICCREW-WHITE-M": 2}


def test_pop_one_in_the_basket_read_as_the_cart_puts_the_product_in_view_in_it(
    shop_db: str, sender: str
) -> None:
    add_to_cart(UnitOfWork(shop_db), sender, "KB-SLIM-WHITE")
    state = tracker("Pop one of those in the basket as well", "view_cart", [], sender,
                    focus_product="MS-VERTICAL-BLACK")  # fmt: skip
    run(ActionViewCart(), state)
    assert cart_of(shop_db, sender) == {"KB-SLIM-WHITE": 1, "MS-VERTICAL-BLACK": 1}
    # asked what is in it, it is shown
    state = tracker("what did I put in my basket?", "view_cart", [], sender)
    said, _ = run(ActionViewCart(), state)
    assert said[0]["response"] == "utter_cart_contents"


def test_the_price_asked_of_the_product_in_view_and_whether_a_version_is_reduced(
    shop_db: str, sender: str
) -> None:
    state = tracker("The price is how much?", "nlu_fallback", [], sender,
                    focus_product="SH-ROADRUN-W-PINK-39")  # fmt: skip
    said, _ = run(ActionProductDetails(), state)
    assert said[0]["response"] == "utter_product_details", said
    state = tracker("is the white 512gb one on sale", "product_details",
                    [entity("color", "white"), entity("size", "512GB")], sender,
                    focus_product="LT-FLIP13-GREY-256GB")  # fmt: skip
    said, _ = run(ActionProductDetails(), state)
    assert said[0]["text"].startswith("No, the Flip 13"), said
    assert "899.00" in said[0]["text"]  # the white 512 GB's own price


@pytest.mark.parametrize(
    ("text", "in_view", "difference"),
    [
        ("Quelle est la différence de prix entre la version 512 Go et la version 1 To ?",
         "LT-DEV14-BLACK-512GB", "150,00"),
        ("How much more is it than the 32-inch 4K UHD one?", "MN-27PRO4K-GREY", "200.00"),
        ("Quelle est la différence de prix entre les Road Running Shoes et les Everyday "
         "Cushioned Running Shoes en bleu ?", "SH-DAILY-BLUE-39", "39,01"),
        # two sizes said, one without its unit; words that also ask for other prices
        ("What is difference in price between 128 and 256 GB?", "TB-TAB11-GREY-128GB", "70.00"),
        ("C'est quoi la différence de prix entre les Canvas Low Top pis les Retro Court?",
         "SH-CANVAS-RED-39", "45,00"),
        # an option said of both sides is no third side
        ("And what is difference in price between 256 GB and 512 GB, grey colour?",
         "LT-STUDENT14-GREY-256GB", "50.00"),
        ("Wah, 256 GB and 128 GB price different how much?", "TB-TAB11-GREY-128GB", "70.00"),
    ],
)  # fmt: skip
def test_a_price_difference_is_answered_from_the_two_prices(
    shop_db: str, sender: str, text: str, in_view: str, difference: str
) -> None:
    lang = "fr" if "prix" in text else "en"
    state = tracker(text, "product_details", [], sender, language=lang, focus_product=in_view)
    said, _ = run(ActionProductDetails(), state)
    assert said[0]["response"] == "utter_price_difference", said
    assert difference in said[0]["difference"]


@pytest.mark.parametrize(
    ("text", "in_view", "verdict", "asked_about"),
    [
        ("Est-il plus cher que la tablette à 70 % ?", "FD-DARK85-100G", "Oui", "FD-DARK85"),
        ("Is it cheaper than the 70% bar?", "FD-DARK85-100G", "No", "FD-DARK85"),
        ("Is the Lite 5 cheaper than the Nova 8?", "PH-NOVA8-GREEN-128GB", "Yes", "PH-LITE5"),
    ],
)
def test_a_yes_or_no_between_two_prices_keeps_the_one_asked_about_in_focus(
    shop_db: str, sender: str, text: str, in_view: str, verdict: str, asked_about: str
) -> None:
    lang = "fr" if verdict == "Oui" else "en"
    state = tracker(text, "product_details", [], sender, language=lang, focus_product=in_view)
    said, slots = run(ActionProductDetails(), state)
    assert said[0]["response"] == "utter_price_compared", said
    assert said[0]["verdict"] == verdict
    # "it" is still the one asked about, not the one it was weighed against
    assert slots.get("focus_product", in_view).startswith(f"{asked_about}-")


@pytest.mark.parametrize(
    ("text", "language"),
    # no article, the names after the comparison's frame, in a sentence of their own
    [("Namaste, I am comparing two phones for my father, Nova 8 and Lite 5.", "en"),
     ("Bonjour. J'hésite entre deux téléphones : Nova 8 et Lite 5.", "fr")],
)  # fmt: skip
def test_products_weighed_after_a_frame_are_shown_in_the_order_said(
    shop_db: str, sender: str, text: str, language: str
) -> None:
    state = tracker(text, "search_product", [], sender, language=language)
    said, _ = run(ActionSearchProducts(), state)
    titles = [card["title"] for message in said for card in message.get("elements") or []]
    assert titles == ["Nova 8 Smartphone", "Lite 5 Budget Smartphone"]
    assert cart_of(shop_db, sender) == {}


def test_or_in_a_story_weighs_nothing(shop_db: str, sender: str) -> None:
    text = "I cycle to work every day, rain or shine. Need a bag where my laptop stays dry"
    said, _ = run(ActionSearchProducts(), tracker(text, "search_product", [], sender))
    titles = [card["title"] for message in said for card in message.get("elements") or []]
    assert titles and titles[0] == "Waterproof Roll-Top Backpack", titles


@pytest.mark.parametrize(
    ("text", "language", "response"),
    [("Does the second one have a bigger battery than the first?", "en", "utter_compared_yes"),
     ("Le premier a une plus grosse batterie que le second ?", "fr", "utter_compared_no"),
     ("Does the Nova 8 have a bigger battery than the Rugged?", "en", "utter_compared_no")],
)  # fmt: skip
def test_two_products_shown_weighed_on_a_measure_get_a_yes_or_a_no(
    shop_db: str, sender: str, text: str, language: str, response: str
) -> None:
    # batteries: Nova 8 4800 mAh, Rugged 7000 mAh
    shown = ["PH-NOVA8-BLACK-128GB", "PH-RUGGED-BLACK-128GB"]
    state = tracker(text, "product_details", [], sender, language=language, last_results=shown)
    said, _ = run(ActionProductDetails(), state)
    assert said[0].get("response") == response, said
    assert cart_of(shop_db, sender) == {}


def test_a_price_asked_of_two_products_gives_both_and_chooses_neither(
    shop_db: str, sender: str
) -> None:
    shown = ["FD-PEPPERMINT-50G", "FD-CHAMOMILE-40G", "FD-ROOIBOS-100G"]
    state = tracker("how much are the chamomile and the vanilla one", "product_details", [],
                    sender, last_results=shown)  # fmt: skip
    said, slots = run(ActionProductDetails(), state)
    assert said[0]["response"] == "utter_prices", said
    assert "Chamomile" in said[0]["lines"] and "Vanilla Rooibos" in said[0]["lines"]
    assert [sku.split("-")[1] for sku in slots["last_results"]] == ["CHAMOMILE", "ROOIBOS"]
    assert slots.get("focus_product") is None
    # a remark in a sentence of its own names no product priced
    state = tracker("nah thats the kids ones. on ear in red how much", "product_details", [],
                    f"{sender}-2", last_results=["HP-KIDS-BLUE", "HP-ONEAR-RED"])  # fmt: skip
    said, _ = run(ActionProductDetails(), state)
    assert said[0]["response"] != "utter_prices", said


@pytest.mark.parametrize(
    ("text", "language"),
    [("Deux sachets, s'il vous plaît.", "fr"), ("gimme 2", "en"), ("Mettez-m'en quatre.", "fr")],
)
def test_a_count_after_two_prices_asks_which_product(
    shop_db: str, sender: str, text: str, language: str
) -> None:
    priced = (earlier_message("the crackers and the pretzels, how much?"),
              earlier_reply("utter_prices"))  # fmt: skip
    state = tracker(text, "add_to_cart", [], sender, language=language, history=priced,
                    last_results=["FD-CRACKERS-180G", "FD-PRETZELS-200G"])  # fmt: skip
    said, _ = run(ActionAddToCart(), state)
    assert said[0]["response"] == "utter_which_of_these", said
    assert cart_of(shop_db, sender) == {}
    # one of them pointed at: that one
    state = tracker("2 of the first", "add_to_cart", [entity("ordinal", "first")],
                    f"{sender}-2", history=priced,
                    last_results=["FD-CRACKERS-180G", "FD-PRETZELS-200G"])  # fmt: skip
    run(ActionAddToCart(), state)
    assert cart_of(shop_db, f"{sender}-2") == {"FD-CRACKERS-180G": 2}


def test_other_products_asked_cheaper_than_one_are_no_comparison(shop_db: str, sender: str) -> None:
    state = tracker("Do you have something cheaper than the sherpa lined one?", "product_details",
                    [], sender, focus_product="HD-ZIPFLEECE-BROWN-L")  # fmt: skip
    said, _ = run(ActionProductDetails(), state)
    assert said and said[0].get("response") != "utter_price_compared", said


def test_how_much_more_one_version_is_than_the_one_asked_before(shop_db: str, sender: str) -> None:
    asked = (earlier_message("How much the 30 g?"), earlier_reply("utter_product_details"))
    state = tracker("The 100 g one, more expensive by how much?", "product_details", [], sender,
                    focus_product="FD-MATCHA-30G", history=asked)  # fmt: skip
    said, _ = run(ActionProductDetails(), state)
    assert said[0]["response"] == "utter_price_difference", said
    assert "20.00" in said[0]["difference"]


def test_a_property_word_names_no_product_over_the_one_in_view(shop_db: str, sender: str) -> None:
    # "waterproof" is in the Waterproof Hiking Boots' title; with phones in view it asks them
    state = tracker("waterproof?", "product_details", [], sender,
                    focus_product="PH-RUGGED-ORANGE-128GB")  # fmt: skip
    said, _ = run(ActionProductDetails(), state)
    assert "Rugged Outdoor Smartphone" in said[0]["text"], said


def test_which_of_a_kind_compares_the_kind_when_none_is_shown(shop_db: str, sender: str) -> None:
    state = tracker("which phone has the biggest battery", "product_details", [], sender)
    said, _ = run(ActionProductDetails(), state)
    assert said[0]["text"].startswith("Biggest battery"), said


def test_make_the_white_one_beige_changes_that_line_and_keeps_its_size(
    shop_db: str, sender: str
) -> None:
    add_to_cart(UnitOfWork(shop_db), sender, "TS-LINEN-BLUE-M", 2)
    add_to_cart(UnitOfWork(shop_db), sender, "TS-LINEN-WHITE-M")
    state = tracker("On second thoughts, make the white one beige", "refine_search",
                    [entity("color", "white"), entity("color", "beige")], sender)  # fmt: skip
    run(ActionAddToCart(), state)
    assert cart_of(shop_db, sender) == {"TS-LINEN-BLUE-M": 2, "TS-LINEN-BEIGE-M": 1}


def test_a_split_said_in_counts_is_no_change_of_one_line(shop_db: str, sender: str) -> None:
    add_to_cart(UnitOfWork(shop_db), sender, "MG-STONEWARE-BLUE-350ML", 6)
    state = tracker("actually make it 3 blue and 3 green", "refine_search",
                    [entity("color", "blue"), entity("color", "green")], sender,
                    focus_product="MG-STONEWARE-BLUE-350ML")  # fmt: skip
    run(ActionSearchProducts(), state)
    assert cart_of(shop_db, sender) == {
        "MG-STONEWARE-BLUE-350ML": 3,
        "MG-STONEWARE-GREEN-350ML": 3,
    }


def test_remove_one_box_of_a_line_of_two_leaves_one(shop_db: str, sender: str) -> None:
    add_to_cart(UnitOfWork(shop_db), sender, "FD-PROTEINBAR-600G", 2)
    state = tracker("Actually remove one box of the protein bars", "remove_from_cart", [], sender)
    run(ActionRemoveFromCart(), state)
    assert cart_of(shop_db, sender) == {"FD-PROTEINBAR-600G": 1}


def test_a_price_asked_again_for_another_colour_or_alone_with_a_list_is_answered(
    shop_db: str, sender: str
) -> None:
    asked = (earlier_message("cb en rose"), earlier_reply("utter_product_details"))
    state = tracker("et en vert ?", "refine_search", [entity("color", "green")], sender,
                    language="fr", focus_product="JK-BOMBER-PINK-S", history=asked)  # fmt: skip
    said, _ = run(ActionSearchProducts(), state)
    assert said[0]["response"] == "utter_product_details"
    assert said[0]["price"].replace("\xa0", " ") == "52,99 €"  # the green one's sale price
    state = tracker("cb", "add_to_cart", [], sender, language="fr",
                    last_results=["TS-RINGER-WHITE-S", "TS-CLASSIC-RED-S"])  # fmt: skip
    said, _ = run(ActionAddToCart(), state)
    assert said[0]["response"] == "utter_product_details"
    assert said[0]["title"] == "Retro Ringer T-Shirt"


@pytest.mark.parametrize(
    ("text", "in_view", "lang", "first", "never"),
    [
        ("Un peu lourd. Vous avez plus leger ?", "LT-WORKPRO15-BLACK-512GB", "fr",
         "Aero 14 Ultralight Laptop", "Titan 17 Gaming Laptop"),
        ("something with a bigger screen?", "LT-AERO14-GREY-512GB", "en",
         "Titan 17 Gaming Laptop", "Student 14 Everyday Laptop"),
    ],
)  # fmt: skip
def test_a_refinement_by_a_specification_keeps_the_kind_and_beats_the_one_in_view(
    shop_db: str, sender: str, text: str, in_view: str, lang: str, first: str, never: str
) -> None:
    state = tracker(text, "refine_search", [], sender, language=lang, focus_product=in_view)
    said, slots = run(ActionSearchProducts(), state)
    assert said[0]["response"] == "utter_beats", said
    titles = [card["title"] for card in said[0]["elements"]]
    assert titles[0] == first and never not in titles
    assert all(sku.startswith("LT-") for sku in slots["last_results"])


@pytest.mark.parametrize(
    ("text", "lang", "sku", "quantity"),
    [
        ("3 paquets blanc taille M", "fr", "SK-ANKLE-WHITE-M", 3),
        ("I want 3 packs of the ankle socks, white M", "en", "SK-ANKLE-WHITE-M", 3),
        ("a 3 pack of ankle socks, white M", "en", "SK-ANKLE-WHITE-M", 1),
    ],
)
def test_packs_said_in_the_plural_are_counted_the_pack_of_the_name_is_not(
    shop_db: str, sender: str, text: str, lang: str, sku: str, quantity: int
) -> None:
    state = tracker(text, "add_to_cart", [], sender, language=lang, focus_product=sku)
    run(ActionAddToCart(), state)
    assert cart_of(shop_db, sender) == {sku: quantity}


def test_a_cheaper_one_of_the_kind_in_view_refines_under_its_price(
    shop_db: str, sender: str
) -> None:
    state = tracker("trop cher, un téléphone moins cher", "search_product",
                    [entity("product", "téléphone")], sender, language="fr",
                    product="phone", search_text="téléphone pliant",
                    category="Electronics > Phones", focus_product="PH-FLIP-BLACK-256GB",
                    last_results=["PH-FLIP-BLACK-256GB"])  # fmt: skip
    said, _ = run(ActionSearchProducts(), state)
    titles = [card["title"] for card in said[0]["elements"]]
    assert titles and "Flip Foldable Smartphone" not in titles
    assert all("Smartphone" in title for title in titles)


def test_cheaper_after_a_list_is_cheaper_than_the_one_it_leads_with(
    shop_db: str, sender: str
) -> None:
    # the over-ear pair (249) leads, the kids' pair (29.99) is the cheapest card
    shown = ["HP-ANC700-BLACK", "HP-STUDIO-BLACK", "HP-KIDS-BLUE"]
    state = tracker("Bit pricey. Anything cheaper?", "refine_search", [], sender,
                    search_text="headphones for long flights", last_results=shown)  # fmt: skip
    said, _ = run(ActionSearchProducts(), state)
    titles = [card["title"] for message in said for card in message.get("elements") or []]
    assert titles and "Noise Cancelling Over-Ear Headphones" not in titles, said
    assert "Studio Monitor Headphones" in titles


@pytest.mark.parametrize(
    ("text", "before", "after"),
    [
        ("nan plutôt 1 de 250g à la place", {"FD-EARLGREY-100G": 2}, {"FD-EARLGREY-250G": 1}),
        ("Finalement un marine et un gris, en M", {"TS-MERINO-NAVY-M": 2},
         {"TS-MERINO-NAVY-M": 1, "TS-MERINO-GREY-M": 1}),
    ],
)  # fmt: skip
def test_a_change_of_mind_in_french_counts_what_it_says(
    shop_db: str, sender: str, text: str, before: dict[str, int], after: dict[str, int]
) -> None:
    for sku, quantity in before.items():
        add_to_cart(UnitOfWork(shop_db), sender, sku, quantity)
    state = tracker(
        text, "add_to_cart", [], sender, language="fr", focus_product=next(iter(before))
    )
    run(ActionAddToCart(), state)
    assert cart_of(shop_db, sender) == after


def test_a_pack_of_five_pairs_is_one_pack(shop_db: str, sender: str) -> None:
    state = tracker("Alors je vais prendre un lot de 5 paires de chaussettes en noir taille M",
                    "search_product", [entity("color", "black"), entity("size", "M")], sender,
                    language="fr")  # fmt: skip
    run(ActionSearchProducts(), state)
    assert cart_of(shop_db, sender) == {"SK-CREW5-BLACK-M": 1}


def test_a_word_the_model_tagged_a_colour_that_is_none_does_not_stop_the_add(
    shop_db: str, sender: str
) -> None:
    add_to_cart(UnitOfWork(shop_db), sender, "MS-VERTICAL-BLACK")
    state = tracker("Also one Split Ergonomic Keyboard for the same purpose", "search_product",
                    [entity("product", "keyboard"), entity("color", "purpose")], sender,
                    last_results=["MS-VERTICAL-BLACK"])  # fmt: skip
    run(ActionSearchProducts(), state)
    assert cart_of(shop_db, sender) == {"MS-VERTICAL-BLACK": 1, "KB-SPLIT-BLACK": 1}


def test_another_product_named_after_a_search_is_added_not_the_search_refined(
    shop_db: str, sender: str
) -> None:
    # the model read a refinement of the phones; the words name the power bank
    add_to_cart(UnitOfWork(shop_db), sender, "PH-LITE5-WHITE-128GB")
    state = tracker("Also one slim power bank in white colour", "refine_search",
                    [entity("color", "white")], sender, search_text="a simple phone",
                    category="Electronics > Phones", focus_product="PH-LITE5-WHITE-128GB",
                    last_results=["PH-LITE5-WHITE-128GB"])  # fmt: skip
    run(ActionSearchProducts(), state)
    assert cart_of(shop_db, sender) == {"PH-LITE5-WHITE-128GB": 1, "CH-POWERBANK-WHITE": 1}


def test_pis_opens_one_more_item_as_and_does(shop_db: str, sender: str) -> None:
    add_to_cart(UnitOfWork(shop_db), sender, "JK-DENIM-BLACK-M")
    state = tracker("Pis le jean droit selvedge, grandeur M, pour aller avec", "search_product",
                    [entity("product", "jean"), entity("size", "M")], sender, language="fr",
                    focus_product="JK-DENIM-BLACK-M")  # fmt: skip
    run(ActionSearchProducts(), state)
    assert cart_of(shop_db, sender) == {"JK-DENIM-BLACK-M": 1, "JN-STRAIGHT-BLUE-M": 1}


def test_things_listed_each_with_its_count_are_ordered_whatever_the_intent(
    shop_db: str, sender: str
) -> None:
    state = tracker("Deux paquets de tagliatelles pis deux sacs d'orecchiette", "product_details",
                    [entity("product", "sacs")], sender, language="fr",
                    focus_product="FD-TAGLIATELLE-250G")  # fmt: skip
    run(ActionProductDetails(), state)
    assert cart_of(shop_db, sender) == {"FD-TAGLIATELLE-250G": 2, "FD-ORECCHIETTE-500G": 2}


def test_one_more_item_with_a_budget_is_looked_at_not_added(shop_db: str, sender: str) -> None:
    # "trois cents euros" is the budget, not three monitors
    add_to_cart(UnitOfWork(shop_db), sender, "LT-WORKPRO15-BLACK-512GB")
    state = tracker("Et un écran de 27 pouces pour aller avec, pas plus de trois cents euros",
                    "search_product", [entity("price", "300", role="max")], sender,
                    language="fr", focus_product="LT-WORKPRO15-BLACK-512GB")  # fmt: skip
    said, _ = run(ActionSearchProducts(), state)
    assert cart_of(shop_db, sender) == {"LT-WORKPRO15-BLACK-512GB": 1}
    titles = [element["title"] for message in said for element in message.get("elements") or []]
    assert titles and "27-inch" in titles[0]


def test_french_words_for_a_product_said_in_its_own_way_add_it(shop_db: str, sender: str) -> None:
    # "ajusté extensible" is the Slim Fit Stretch T-Shirt, "bottines à talon" the heeled ones
    add_to_cart(UnitOfWork(shop_db), sender, "JN-WIDE-BLUE-S")
    state = tracker("Pis un t-shirt ajusté extensible en rose, aussi en S", "search_product",
                    [entity("color", "pink"), entity("size", "S")], sender, language="fr",
                    focus_product="JN-WIDE-BLUE-S")  # fmt: skip
    run(ActionSearchProducts(), state)
    assert cart_of(shop_db, sender) == {"JN-WIDE-BLUE-S": 1, "TS-SLIMFIT-PINK-S": 1}
    state = tracker("Et pour moi les bottines à talon, en noir. Je fais du 39", "search_product",
                    [entity("color", "black")], sender, language="fr",
                    focus_product="TS-SLIMFIT-PINK-S")  # fmt: skip
    run(ActionSearchProducts(), state)
    assert cart_of(shop_db, sender)["SH-ANKLEW-BLACK-39"] == 1


def test_jen_veux_counts_the_one_in_view(shop_db: str, sender: str) -> None:
    state = tracker("jen veux 5", "search_product", [entity("size", "5")], sender,
                    language="fr", focus_product="FD-MILKHAZEL-100G",
                    last_results=["FD-MILKHAZEL-100G", "FD-HOTCHOC-250G"])  # fmt: skip
    run(ActionSearchProducts(), state)
    assert cart_of(shop_db, sender) == {"FD-MILKHAZEL-100G": 5}


def test_the_one_pointed_at_by_a_number_of_its_title_is_added(shop_db: str, sender: str) -> None:
    # "27-inch" is a word of the title, no size: the 27-inch monitor shown is added
    state = tracker("Go on then, add the 27-inch one", "add_to_cart", [entity("size", "27-inch")],
                    sender, focus_product="MN-27PRO4K-GREY",
                    last_results=["MN-27PRO4K-GREY", "MN-32UHD-BLACK"])  # fmt: skip
    run(ActionAddToCart(), state)
    assert cart_of(shop_db, sender) == {"MN-27PRO4K-GREY": 1}


def test_a_part_of_a_list_saying_only_options_is_the_product_in_view(
    shop_db: str, sender: str
) -> None:
    state = tracker("Two of the larger ones and a box of the chamomile tea bags, please",
                    "search_product", [entity("quantity", "Two")], sender,
                    focus_product="FD-EARLGREY-100G")  # fmt: skip
    run(ActionSearchProducts(), state)
    assert cart_of(shop_db, sender) == {"FD-EARLGREY-250G": 2, "FD-CHAMOMILE-40G": 1}


def test_a_remark_or_a_lone_option_in_a_list_is_no_product_in_view(
    shop_db: str, sender: str
) -> None:
    # "trop cher" is a remark, no item: the cheaper gaming headsets are shown, nothing added
    state = tracker("trop cher, un casque gamer pas cher plutot", "search_product",
                    [entity("product", "headphones")], sender, language="fr",
                    focus_product="LT-TITAN17-BLACK-1TB")  # fmt: skip
    said, _ = run(ActionSearchProducts(), state)
    assert cart_of(shop_db, sender) == {}
    titles = [element["title"] for message in said for element in message.get("elements") or []]
    assert titles[:1] == ["Gaming Headset with Microphone"]
    # "black, 750 ml" are the options of the bottle named before them
    add_to_cart(UnitOfWork(shop_db), sender, "WB-SQUEEZE-ORANGE-750ML", 4)
    state = tracker("and one insulated steel bottle, black, 750 ml", "search_product",
                    [entity("color", "black"), entity("size", "750")], sender,
                    focus_product="WB-SQUEEZE-ORANGE-750ML")  # fmt: skip
    run(ActionSearchProducts(), state)
    assert cart_of(shop_db, sender) == {"WB-SQUEEZE-ORANGE-750ML": 4, "WB-STEEL-BLACK-750ML": 1}


def test_a_question_asked_beside_an_add_is_answered_about_the_product_added(
    shop_db: str, sender: str
) -> None:
    # the cart's own add: the answer follows it, with no Add button for what is in the cart
    text = "mets-moi le polo blanc en L, il est en coton ?"
    found = [entity("color", "white"), entity("size", "L")]
    state = tracker(text, "add_to_cart", found, sender, language="fr")
    said, _ = run(ActionAddToCart(), state)
    assert cart_of(shop_db, sender) == {"PL-PIQUE-WHITE-L": 1}
    assert said[-1]["text"].startswith("Oui") and not said[-1]["buttons"]
    # the search's add of a product named, and the question is no second item to add
    text = "I'd like the Insulated Stainless Steel Water Bottle in blue 500ml, does it keep "
    text += "drinks cold?"
    state = tracker(text, "search_product", [entity("color", "blue")], sender)
    said, _ = run(ActionSearchProducts(), state)
    assert cart_of(shop_db, sender) == {"PL-PIQUE-WHITE-L": 1, "WB-STEEL-BLUE-500ML": 1}
    assert said[-1]["text"].startswith("Yes")


def _at(text: str, name: str, value: str, word: str) -> dict[str, object]:
    """An entity where the model found it: Rasa gives each its characters."""
    start = text.index(word)
    return {**entity(name, value), "start": start, "end": start + len(word)}


def test_several_operations_in_one_message_are_each_done(shop_db: str, sender: str) -> None:
    add_to_cart(UnitOfWork(shop_db), sender, "PL-PIQUE-WHITE-L")
    text = "enlève le polo et mets-moi deux tasses à espresso en blanc"
    state = tracker(text, "remove_from_cart", [_at(text, "color", "white", "blanc")], sender,
                    language="fr", focus_product="PL-PIQUE-WHITE-L")  # fmt: skip
    run(ActionRemoveFromCart(), state)
    assert cart_of(shop_db, sender) == {"MG-ESPRESSO-WHITE-80ML": 2}
    # a change of the line and an add; "blue" is the tee's navy, "green" the mugs' colour
    add_to_cart(UnitOfWork(shop_db), sender, "TS-CLASSIC-WHITE-M")
    text = "actually make the tee blue, and throw in two stoneware mugs in green"
    found = [_at(text, "color", "blue", "blue"), _at(text, "color", "green", "green")]
    state = tracker(text, "add_to_cart", found, sender, focus_product="TS-CLASSIC-WHITE-M")
    run(ActionAddToCart(), state)
    assert cart_of(shop_db, sender) == {
        "MG-ESPRESSO-WHITE-80ML": 2,
        "TS-CLASSIC-NAVY-M": 1,
        "MG-STONEWARE-GREEN-350ML": 2,
    }


@pytest.mark.parametrize(
    ("text", "in_view", "language", "added"),
    [
        ("nice, i'll take it, plus an hdmi cable to hook up my laptop, the 2 m one",
         "MN-24FHD-BLACK", "en", {"MN-24FHD-BLACK": 1, "CB-HDMI21-BLACK-2M": 1}),
        ("No worries. Pink ones please, and the Everyday School Backpack in red",
         "HP-KIDS-BLUE", "en", {"HP-KIDS-PINK": 1, "BP-SCHOOL-RED": 1}),
        ("ok jveux le noir en M et un t shirt oversize noir en M aussi",
         "HD-ESSENTIAL-GREY-S", "fr", {"HD-ESSENTIAL-BLACK-M": 1, "TS-OVERSIZED-BLACK-M": 1}),
        ("Please add one pair, black 46. Also one box of the peanut protein bars.",
         "SH-ROADRUN-BLACK-44", "en", {"SH-ROADRUN-BLACK-46": 1, "FD-PROTEINBAR-600G": 1}),
        ("Three packs of those then, plus a lemon olive oil",
         "FD-GNOCCHI-500G", "en", {"FD-GNOCCHI-500G": 3, "FD-LEMONOIL-250ML": 1}),
    ],
)  # fmt: skip
def test_a_list_may_open_on_the_product_in_view(
    shop_db: str, sender: str, text: str, in_view: str, language: str, added: dict[str, int]
) -> None:
    state = tracker(text, "search_product", [], sender, language=language,
                    focus_product=in_view, last_results=[in_view])  # fmt: skip
    run(ActionSearchProducts(), state)
    assert cart_of(shop_db, sender) == added


def test_the_price_difference_between_the_two_is_between_the_two_named_before(
    shop_db: str, sender: str
) -> None:
    before = earlier_message("C'est lequel le plus leger, le Student 14 ou le Flip 13?")
    state = tracker("Pis cote prix, c'est quoi la difference entre les deux, dans les moins chers?",
                    "nlu_fallback", [], sender, language="fr", history=(before,),
                    focus_product="LT-FLIP13-GREY-256GB")  # fmt: skip
    said, _ = run(ActionProductDetails(), state)
    assert said[0]["response"] == "utter_price_difference", said
    assert "180,00" in said[0]["difference"]  # the Flip 13 on sale at 679, the Student 14 at 499


@pytest.mark.parametrize(
    ("text", "added"),
    [
        # a part naming by one word is of the kind the other part named
        ("Génial, quatre paquets au paprika et deux au sel.",
         {"FD-CHIPS-PAPRIKA-150G": 4, "FD-CHIPS-SALT-150G": 2}),
        ("jprends trois paires de rayees bleues taille L et deux paquets d invisibles blanches "
         "taille M", {"SK-STRIPED-BLUE-L": 3, "SK-ANKLE-WHITE-M": 2}),
        # a remark after the list is no item of it
        ("Salut! Mets-moi deux sacs de chai pis une boîte de sencha, c'est pour mon père",
         {"FD-CHAI-250G": 2, "FD-SENCHA-100G": 1}),
        # "n" texted for "and"
        ("hey add 2 of the retro ringer tees in yellow L n 1 white L",
         {"TS-RINGER-YELLOW-L": 2, "TS-RINGER-WHITE-L": 1}),
    ],
)  # fmt: skip
def test_each_part_of_a_list_is_ordered(
    shop_db: str, sender: str, text: str, added: dict[str, int]
) -> None:
    language = "en" if "hey" in text else "fr"
    run(ActionAddToCart(), tracker(text, "add_to_cart", [], sender, language=language))
    assert cart_of(shop_db, sender) == added


def test_a_size_up_of_a_line_is_its_next_size(shop_db: str, sender: str) -> None:
    add_to_cart(UnitOfWork(shop_db), sender, "JK-DOWN-GREEN-S")
    add_to_cart(UnitOfWork(shop_db), sender, "TS-LONGSLEEVE-GREY-S")
    state = tracker("ooh actually go a size up on the jacket, i like layering", "add_to_cart", [],
                    sender, focus_product="TS-LONGSLEEVE-GREY-S")  # fmt: skip
    run(ActionAddToCart(), state)
    assert cart_of(shop_db, sender) == {"JK-DOWN-GREEN-M": 1, "TS-LONGSLEEVE-GREY-S": 1}


@pytest.mark.parametrize(
    ("text", "sizes"),
    [
        ("Sorry, I make mistake, I need 44 not 43", ["44", "43"]),
        ("Sorry, I make mistake, I need 44 not 43", []),
        ("oops, should be 44 not 43", ["43"]),
    ],
)
def test_a_size_put_right_changes_the_line_to_the_size_that_is_not_its_own(
    shop_db: str, sender: str, text: str, sizes: list[str]
) -> None:
    add_to_cart(UnitOfWork(shop_db), sender, "SH-ROADRUN-BLUE-43")
    said = [entity("size", size) for size in sizes]
    run(ActionAddToCart(), tracker(text, "add_to_cart", said, sender))
    assert cart_of(shop_db, sender) == {"SH-ROADRUN-BLUE-44": 1}
    # read as a delivery detail, it is still put right, not a checkout
    add_to_cart(UnitOfWork(shop_db), f"{sender}-2", "SH-ROADRUN-BLUE-43")
    state = tracker(text, "give_delivery_details", said, f"{sender}-2")
    run(ActionConfirmCheckout(), state)
    assert cart_of(shop_db, f"{sender}-2") == {"SH-ROADRUN-BLUE-44": 1}


def test_an_order_asked_as_a_question_or_closed_by_its_options_adds_only_what_it_names(
    shop_db: str, sender: str
) -> None:
    # "can you add …" is an order, no question beside it to take out of the list
    text = ("hi! can you add a 15W wireless charging pad in black and 2 dual usb-c car chargers "
            "and 3 bags of penne rigate to my cart")  # fmt: skip
    run(ActionAddToCart(), tracker(text, "add_to_cart", [], sender))
    assert cart_of(shop_db, sender) == {
        "CH-PAD15-BLACK": 1, "CH-CAR-BLACK": 2, "FD-PENNE-500G": 3,
    }  # fmt: skip
    # "size M as well please" is the tees' size, not the Full Size RGB keyboard
    text = "and 2 retro ringer tees in white, size M as well please"
    run(ActionAddToCart(), tracker(text, "add_to_cart", [], sender))
    assert cart_of(shop_db, sender)["TS-RINGER-WHITE-M"] == 2
    assert not any(sku.startswith("KB-") for sku in cart_of(shop_db, sender))


def test_a_bag_said_as_how_it_comes_names_no_tea_bags(shop_db: str, sender: str) -> None:
    # "sac" is how the coffee comes, as "bag" is: not the Chamomile Herbal Tea Bags
    state = tracker("ok tant pis jprends le sac de 1kg", "add_to_cart", [], sender,
                    language="fr", focus_product="FD-ESPRESSO-250G",
                    last_results=["FD-ESPRESSO-250G"])  # fmt: skip
    run(ActionAddToCart(), state)
    assert cart_of(shop_db, sender) == {"FD-ESPRESSO-1KG": 1}


def test_a_container_of_the_size_said_is_the_variant_of_the_product_in_view(
    shop_db: str, sender: str
) -> None:
    # "the 250 gram bag" of the tea in view: a pack size, not the shop's bags nor its Tea Bags
    in_view = "FD-EARLGREY-100G"
    state = tracker("the 250 gram bag please", "add_to_cart", [entity("size", "250")], sender,
                    focus_product=in_view, last_results=[in_view])  # fmt: skip
    run(ActionAddToCart(), state)
    assert cart_of(shop_db, sender) == {"FD-EARLGREY-250G": 1}
    # "a bag" with no amount may still be another product
    state = tracker("add a bag too", "add_to_cart", [], f"{sender}-2",
                    focus_product="FD-EARLGREY-100G")  # fmt: skip
    run(ActionAddToCart(), state)
    assert "FD-EARLGREY-100G" not in cart_of(shop_db, f"{sender}-2")


def test_a_product_named_and_settled_on_without_a_verb_goes_in_the_cart(
    shop_db: str, sender: str
) -> None:
    """ "The travel mouse it is, then." read as a details question showed the mouse again; "Le
    sans fil supra-auriculaire, s'il vous plaît." went from the search to the add and back
    until "didn't understand"."""
    mice = ["MS-TRAVEL-GREY", "MS-USBWIRED-BLACK", "MS-LIGHTGAME-BLACK", "MS-VERTICAL-BLACK"]
    state = tracker("The travel mouse in pink it is, then.", "product_details",
                    [entity("color", "pink")], sender, last_results=mice)  # fmt: skip
    run(ActionProductDetails(), state)
    assert cart_of(shop_db, sender) == {"MS-TRAVEL-PINK": 1}
    headphones = ["HP-ANC700-BLACK", "HP-ONEAR-BLACK", "HP-BUDS-BLACK"]
    french = f"{sender}-fr"
    state = tracker("Le sans fil supra-auriculaire en blanc, s'il vous plaît.", "nlu_fallback",
                    [entity("color", "white")], french, language="fr",
                    last_results=headphones)  # fmt: skip
    run(ActionSearchProducts(), state)
    assert cart_of(shop_db, french) == {"HP-ONEAR-WHITE": 1}
    # "then" alone settles a version said; without one, the product is to be seen first
    oils = ["FD-EVOO-500ML", "FD-EVOO-TIN-3L", "FD-LEMONOIL-250ML"]
    oil = f"{sender}-oil"
    state = tracker("ok the normal extra virgin, 1 litre then", "nlu_fallback", [], oil,
                    last_results=oils)  # fmt: skip
    run(ActionSearchProducts(), state)
    assert cart_of(shop_db, oil) == {"FD-EVOO-1L": 1}
    tees = ["TS-LINEN-WHITE-S", "TS-MERINO-NAVY-S", "TS-BASICCREW-BLACK-S"]
    state = tracker("ok le tee shirt en lin alors", "search_product", [], f"{sender}-tee",
                    language="fr", last_results=tees)  # fmt: skip
    run(ActionSearchProducts(), state)
    assert cart_of(shop_db, f"{sender}-tee") == {}
    # asked, or the cart's total asked for: nothing settled
    for asked in ("The travel mouse in pink, then?", "The total please"):
        state = tracker(asked, "product_details", [], f"{sender}-asks", last_results=mice)
        run(ActionProductDetails(), state)
        assert cart_of(shop_db, f"{sender}-asks") == {}


@pytest.mark.parametrize(
    ("count", "intent", "entities", "language"),
    [
        ("2", "refine_search", [entity("size", "2")], "en"),  # the model read a size
        ("deux stp", "add_to_cart", [entity("quantity", "deux")], "fr"),
    ],
)
def test_a_count_alone_right_after_an_add_makes_that_line_so_many(
    shop_db: str,
    sender: str,
    count: str,
    intent: str,
    entities: list[dict[str, str]],
    language: str,
) -> None:
    """ "2" after "Added 1 × Merino Hiking Socks" asked the colour of another pair to add."""
    add_to_cart(UnitOfWork(shop_db), sender, "SK-MERINO-GREY-M")
    history = (
        earlier_message("grey M"),
        earlier_reply("utter_added_to_cart", sku="SK-MERINO-GREY-M"),
    )
    state = tracker(count, intent, entities, sender, language=language, history=history,
                    focus_product="SK-MERINO-GREY-M")  # fmt: skip
    run(ActionSearchProducts() if intent != "add_to_cart" else ActionAddToCart(), state)
    assert cart_of(shop_db, sender) == {"SK-MERINO-GREY-M": 2}


def test_a_number_alone_after_an_add_of_shoes_stays_a_size(shop_db: str, sender: str) -> None:
    add_to_cart(UnitOfWork(shop_db), sender, "SH-RETRO-WHITE-42")
    history = (earlier_message("retro court white 42"),
               earlier_reply("utter_added_to_cart", sku="SH-RETRO-WHITE-42"))  # fmt: skip
    state = tracker("43", "refine_search", [entity("size", "43")], sender, history=history,
                    focus_product="SH-RETRO-WHITE-42")  # fmt: skip
    run(ActionSearchProducts(), state)
    assert cart_of(shop_db, sender).get("SH-RETRO-WHITE-42") == 1


def test_a_removal_naming_a_product_the_cart_lacks_removes_nothing(
    shop_db: str, sender: str
) -> None:
    """ "Enlève les amandes" with only the mango in the cart: the mango stays, and the shopper
    is told the almonds were never in it; the product a line holds is still taken out."""
    add_to_cart(UnitOfWork(shop_db), sender, "FD-MANGO-150G", 3)
    state = tracker("enleve les amandes finalement jen ai encore", "remove_from_cart", [], sender,
                    language="fr")  # fmt: skip
    said, _ = run(ActionRemoveFromCart(), state)
    assert cart_of(shop_db, sender) == {"FD-MANGO-150G": 3}
    assert [reply.get("response") for reply in said] == ["utter_not_in_cart"]
    run(ActionRemoveFromCart(), tracker("remove the mango", "remove_from_cart", [], sender))
    assert cart_of(shop_db, sender) == {}


def test_a_title_pasted_with_its_price_and_a_variant_is_bought(shop_db: str, sender: str) -> None:
    """ "Merino Wool T-Shirt grey M €49.00", copied from the shop's page: the price is the
    product's own, not a budget; a price it does not have is a budget, and the list is shown."""
    found = [entity("product", "t-shirt"), entity("color", "grey"), entity("size", "M")]
    pasted = tracker("Merino Wool T-Shirt grey M €49.00", "search_product",
                     [*found, entity("price", "49.00", role="max")], sender)  # fmt: skip
    run(ActionSearchProducts(), pasted)
    assert cart_of(shop_db, sender) == {"TS-MERINO-GREY-M": 1}
    budget = tracker("Merino Wool T-Shirt grey M under 60", "search_product",
                     [*found, entity("price", "60", role="max")], f"{sender}-2")  # fmt: skip
    said, _ = run(ActionSearchProducts(), budget)
    assert cart_of(shop_db, f"{sender}-2") == {}
    assert [reply.get("response") for reply in said][:1] == ["utter_search_results"]
