"""The actions on whole requests: questions answered about the product meant, refinements kept
in their category, honest "nothing matches", quantities and variants said in words. Real
actions, rasa-sdk's own tracker, a real SQLite shop with the demo catalog."""

from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk import Action

from actions.cart import (
    ActionAddToCart,
    ActionConfirmCheckout,
    ActionRemoveFromCart,
    ActionViewCart,
)
from actions.details import ActionProductDetails
from actions.fallback import (
    ActionAffirm,
    ActionBotChallenge,
    ActionDeny,
    ActionFallback,
    ActionGreet,
    ActionHelp,
    ActionOutOfScope,
    ActionThank,
)
from actions.fitting import fits
from actions.handoff import ActionHandoff
from actions.orders import ActionConfirmCancelOrder
from actions.search import ActionSearchProducts
from assistant.services.carts import add_to_cart, view_cart
from assistant.services.products import product_for_sku, product_named, products_for_skus
from assistant.services.unit_of_work import UnitOfWork
from testkit.actions import earlier_message, earlier_reply, entity, run, run_events, tracker


def texts(said: list[dict[str, Any]]) -> str:
    return " | ".join(message.get("text") or "" for message in said)


def card_titles(said: list[dict[str, Any]]) -> list[str]:
    return [element["title"] for message in said for element in message.get("elements") or []]


def sku_of(shop_db: str, title: str) -> str:
    product = product_named(UnitOfWork(shop_db), title)
    assert product is not None, title
    return product.options[0].sku


def test_a_named_product_question_is_answered_about_it(shop_db: str, sender: str) -> None:
    said, slots = run(
        ActionProductDetails(),
        tracker("does the Aero 14 have 16 GB of RAM?", "product_details", sender=sender),
    )
    assert texts(said).startswith("Yes.") and "16 GB" in texts(said)
    assert slots["focus_product"].startswith("LT-AERO14")
    # "it" is now the Aero 14, whatever the list shown says.
    said, _ = run(
        ActionProductDetails(),
        tracker("how heavy is it?", "product_details", sender=sender, **slots),
    )
    assert "1.1 kg" in texts(said)
    said, _ = run(
        ActionProductDetails(),
        tracker("is the screen a touchscreen?", "product_details", sender=sender, **slots),
    )
    assert "doesn't say" in texts(said)


def test_a_question_read_as_a_refinement_is_answered_in_french(shop_db: str, sender: str) -> None:
    boots = sku_of(shop_db, "Waterproof Hiking Boots")
    state = tracker(
        "vous les avez en noir ?",
        "refine_search",
        [entity("color", "black")],
        sender,
        language="fr",
        focus_product=boots,
        product="chaussures",
    )
    said, _ = run(ActionSearchProducts(), state)
    assert texts(said).startswith("Non,") and "Waterproof Hiking Boots" in texts(said)


def test_comparisons_among_the_results_shown(shop_db: str, sender: str) -> None:
    laptops = [sku_of(shop_db, title) for title in ("Titan 17", "Aero 14", "WorkPro 15")]
    said, slots = run(
        ActionProductDetails(),
        tracker("which one is lighter?", "product_details", sender=sender, last_results=laptops),
    )
    assert texts(said).startswith("Lightest: the Aero 14")
    assert slots["focus_product"].startswith("LT-AERO14")


def test_cheaper_after_a_product_question_stays_in_its_category(shop_db: str, sender: str) -> None:
    workpro = sku_of(shop_db, "WorkPro 15")
    said, slots = run(
        ActionSearchProducts(),
        tracker("anything cheaper?", "refine_search", sender=sender, focus_product=workpro),
    )
    titles = card_titles(said)
    assert titles and all("Laptop" in title for title in titles), titles
    assert slots["category"] == "Electronics > Laptops"


@pytest.mark.parametrize(
    ("said_alone", "intent", "entities", "language", "first"),
    [
        ("merino", "deny", [], "en", "Merino Hiking Socks"),  # the model read a "no"
        ("ankle", "nlu_fallback", [], "en", "Invisible Ankle Socks 3-Pack"),
        ("pour la rando", "nlu_fallback", [], "fr", "Merino Hiking Socks"),
    ],
)
def test_a_quality_said_alone_after_a_search_narrows_its_kind(
    shop_db: str,
    sender: str,
    said_alone: str,
    intent: str,
    entities: list[dict[str, Any]],
    language: str,
    first: str,
) -> None:
    """ "merino" after socks searched the merino T-shirt first; "black" said nothing matches."""
    socks = tracker("socks", "search_product", [entity("product", "socks")], sender)
    _, searched = run(ActionSearchProducts(), socks)
    assert searched["category"] == "Clothing > Socks"
    state = tracker(said_alone, intent, entities, sender, language=language, **searched)
    said, _ = run(ActionSearchProducts(), state)
    titles = card_titles(said)
    assert said[0]["response"] == "utter_search_results"
    assert all("Socks" in title for title in titles), titles
    assert titles[0] == first


def test_words_naming_another_product_after_a_search_are_a_search_of_their_own(
    shop_db: str, sender: str
) -> None:
    socks = tracker("socks", "search_product", [entity("product", "socks")], sender)
    _, searched = run(ActionSearchProducts(), socks)
    said, _ = run(ActionSearchProducts(), tracker("nova", "deny", [], sender, **searched))
    assert card_titles(said)[0] == "Nova 8 Smartphone"


def test_a_query_without_a_good_match_says_so_and_labels_the_closest(
    shop_db: str, sender: str
) -> None:
    said, slots = run(
        ActionSearchProducts(),
        tracker("a petrol lawn mower", "search_product", [entity("product", "lawn mower")], sender),
    )
    assert said[0]["response"] == "utter_no_exact_match"
    assert card_titles(said)  # the closest products, labelled as such
    assert slots["last_results"]


def test_the_catalog_catches_shopping_requests_the_model_calls_out_of_scope(
    shop_db: str, sender: str
) -> None:
    said, _ = run(ActionOutOfScope(), tracker("do u have chamomile", "out_of_scope", sender=sender))
    assert any("Chamomile" in title for title in card_titles(said))
    said, _ = run(
        ActionOutOfScope(), tracker("what's the weather like", "out_of_scope", sender=sender)
    )
    assert [message["response"] for message in said] == ["utter_out_of_scope"]


def test_quantities_and_variants_in_words_reach_the_cart(shop_db: str, sender: str) -> None:
    aero = sku_of(shop_db, "Aero 14")
    run(
        ActionAddToCart(),
        tracker("add two of the blue one with 1TB", "add_to_cart", [entity("color", "blue")],
                sender, focus_product=aero),
    )  # fmt: skip
    cart = view_cart(UnitOfWork(shop_db), sender)
    assert [(line.sku, line.quantity) for line in cart.lines] == [("LT-AERO14-BLUE-1TB", 2)]


def test_a_number_tagged_as_a_size_the_product_lacks_is_the_quantity(
    shop_db: str, sender: str
) -> None:
    crew = sku_of(shop_db, "Basic Crew Neck T-Shirt")
    run(
        ActionAddToCart(),
        tracker("4 of the basic crew, red, XL", "add_to_cart",
                [entity("size", "4"), entity("color", "red"), entity("size", "XL")],
                sender, focus_product=crew),
    )  # fmt: skip
    cart = view_cart(UnitOfWork(shop_db), sender)
    assert [(line.sku, line.quantity) for line in cart.lines] == [("TS-BASICCREW-RED-XL", 4)]


def test_a_number_of_the_name_or_a_number_word_tagged_as_a_size(shop_db: str, sender: str) -> None:
    nova = sku_of(shop_db, "Nova 8 Smartphone")
    run(
        ActionAddToCart(),
        tracker("nova 8 noir 256", "add_to_cart",
                [entity("size", "8"), entity("color", "black"), entity("size", "256")],
                sender, focus_product=nova),
    )  # fmt: skip
    mug = sku_of(shop_db, "Enamel Camping Mug")
    run(
        ActionAddToCart(),
        tracker("bleue, deux", "add_to_cart", [entity("color", "blue"), entity("size", "deux")],
                sender, focus_product=mug, color="brown", language="fr"),
    )  # fmt: skip
    cart = view_cart(UnitOfWork(shop_db), sender)
    assert sorted((line.sku.split("-")[1], line.quantity) for line in cart.lines) == [
        ("ENAMEL", 2),
        ("NOVA8", 1),
    ]


def test_one_of_each_colour_or_size_said(shop_db: str, sender: str) -> None:
    kids = sku_of(shop_db, "Volume Limited Kids Headphones")
    run(
        ActionAddToCart(),
        tracker("2 of them, one blue one pink", "add_to_cart",
                [entity("quantity", "2"), entity("color", "blue"), entity("color", "pink")],
                sender, focus_product=kids),
    )  # fmt: skip
    cart = view_cart(UnitOfWork(shop_db), sender)
    assert sorted((line.sku, line.quantity) for line in cart.lines) == [
        ("HP-KIDS-BLUE", 1),
        ("HP-KIDS-PINK", 1),
    ]


@pytest.mark.parametrize(
    ("action", "text", "intent", "expected"),
    [
        (ActionSearchProducts(), "un sencha et un matcha 30g", "search_product",
         ["FD-MATCHA-30G", "FD-SENCHA-100G"]),
        (ActionSearchProducts(), "tab 11 grise 128 + le clavier compact rose", "refine_search",
         ["KB-COMPACT-PINK", "TB-TAB11-GREY-128GB"]),
        # A part in words no title has is searched, when one product clearly leads.
        (ActionAddToCart(), "je prends la souris verticale et le clavier split", "add_to_cart",
         ["KB-SPLIT-BLACK", "MS-VERTICAL-BLACK"]),
        (ActionSearchProducts(), "une veste et un pull", "search_product", []),  # no one meant
    ],
)  # fmt: skip
def test_products_named_one_by_one_in_french_are_added(
    shop_db: str, sender: str, action: Action, text: str, intent: str, expected: list[str]
) -> None:
    run(action, tracker(text, intent, [], sender, language="fr"))
    assert sorted(line.sku for line in view_cart(UnitOfWork(shop_db), sender).lines) == expected


def test_one_message_can_add_several_products(shop_db: str, sender: str) -> None:
    run(
        ActionAddToCart(),
        tracker("add 3 bags of the gluten free fusilli and one sea salt chips", "add_to_cart",
                sender=sender),
    )  # fmt: skip
    cart = view_cart(UnitOfWork(shop_db), sender)
    assert sorted((line.title, line.quantity) for line in cart.lines) == [
        ("Gluten Free Corn and Rice Fusilli", 3),
        ("Sea Salt Kettle Chips", 1),
    ]


def test_an_ok_before_the_add_is_no_item_of_its_own(shop_db: str, sender: str) -> None:
    # the pasta shown stays out of the cart: "kk." points at nothing
    run(
        ActionAddToCart(),
        tracker("kk. add two crew socks 5-pack white medium", "add_to_cart",
                sender=sender, last_results=["FD-GNOCCHI-500G"]),
    )  # fmt: skip
    cart = view_cart(UnitOfWork(shop_db), sender)
    assert [(line.sku, line.quantity) for line in cart.lines] == [("SK-CREW5-WHITE-M", 2)]


def test_a_card_button_for_a_product_with_sizes_asks_which(shop_db: str, sender: str) -> None:
    said, slots = run(
        ActionAddToCart(),
        tracker('/add_to_cart{"sku": "TS-CLASSIC-RED-S"}', "add_to_cart",
                [entity("sku", "TS-CLASSIC-RED-S")], sender),
    )  # fmt: skip
    assert said[0]["response"] in {"utter_ask_color", "utter_ask_size"}
    assert view_cart(UnitOfWork(shop_db), sender).lines == ()
    assert slots["variant_question"]["sku"] == "TS-CLASSIC-RED-S"


def test_misread_small_talk_goes_to_the_catalog_but_a_bare_yes_does_not(
    shop_db: str, sender: str
) -> None:
    aero = sku_of(shop_db, "Aero 14")
    said, _ = run(ActionAffirm(), tracker("c cb", "affirm", sender=sender, focus_product=aero))
    assert said[0]["response"] == "utter_product_details" and said[0]["title"].startswith("Aero")
    said, _ = run(ActionAffirm(), tracker("yes", "affirm", sender=sender, focus_product=aero))
    assert [message["response"] for message in said] == ["utter_affirm"]
    said, _ = run(ActionDeny(), tracker("striped socks that don't slip", "deny", sender=sender))
    assert card_titles(said) and said[0]["response"] == "utter_search_results"


def test_a_product_question_read_as_help_or_a_bot_question_is_answered(
    shop_db: str, sender: str
) -> None:
    backpack = sku_of(shop_db, "Hiking Daypack 28L")
    said, _ = run(ActionHelp(), tracker("how many litres is it btw", "help", sender=sender,
                                        focus_product=backpack, language="en"))  # fmt: skip
    assert "Hiking Daypack" in texts(said) and "utter_help" not in str(said)
    said, _ = run(ActionBotChallenge(), tracker("are you a bot?", "bot_challenge", sender=sender,
                                                focus_product=backpack))  # fmt: skip
    assert [message["response"] for message in said] == ["utter_iamabot"]
    said, _ = run(ActionHelp(), tracker("help", "help", sender=sender, focus_product=backpack))
    assert [message["response"] for message in said] == ["utter_help"]


def test_a_colour_that_names_the_product_is_no_filter(shop_db: str, sender: str) -> None:
    """ "Thé vert" is green tea: no tea comes in green, the colour was the product's name."""
    said, slots = run(
        ActionSearchProducts(),
        tracker("un bon thé vert japonais", "search_product",
                [entity("product", "thé"), entity("color", "green")], sender, language="fr"),
    )  # fmt: skip
    assert card_titles(said)[0] == "Japanese Sencha Green Tea" and slots.get("color") is None
    said, slots = run(
        ActionSearchProducts(),
        tracker("red t-shirt", "search_product",
                [entity("product", "t-shirt"), entity("color", "red")], f"{sender}-2"),
    )  # fmt: skip
    assert card_titles(said) and slots["color"] == "red"  # a colour t-shirts come in filters


def test_a_misread_handoff_does_not_pause_the_bot(shop_db: str, sender: str) -> None:
    said, _ = run(ActionHandoff(), tracker("and a pesto", "human_handoff", sender=sender))
    assert any("Pesto" in title for title in card_titles(said))
    # "Montreal" holds no "real"
    chai = "Premier appart a Montreal, on boit ben du chai. Vous en vendez-tu?"
    said, _ = run(ActionHandoff(), tracker(chai, "human_handoff", sender=sender, language="fr"))
    assert any("Chai" in title for title in card_titles(said)), said
    said, _ = run(ActionHandoff(), tracker("I want to talk to a person", "human_handoff",
                                           sender=sender))  # fmt: skip
    assert said[0]["response"] == "utter_handoff"
    # no word asks for anyone and the catalog does not know it: not understood, not paused
    sweat = "ca supporte la sueur ? et combien d'heures d'autonomie ?"
    state = tracker(sweat, "human_handoff", sender=f"{sender}-3", language="fr")
    said, events = run_events(ActionHandoff(), state)
    assert said[0]["response"] == "utter_ask_rephrase"
    assert not any(event["event"] == "pause" for event in events)
    # the fallback's button asks for a person in so many words
    state = tracker("/human_handoff", "human_handoff", sender=f"{sender}-4")
    said, events = run_events(ActionHandoff(), state)
    assert any(event["event"] == "pause" for event in events)


def test_a_variant_question_about_a_list_answers_and_refines(shop_db: str, sender: str) -> None:
    said, slots = run(
        ActionSearchProducts(),
        tracker("show me t-shirts", "search_product", [entity("product", "t-shirt")], sender),
    )
    shown = slots["last_results"]
    said, slots = run(
        ActionSearchProducts(),
        tracker("do you have it in blue?", "refine_search", [entity("color", "blue")], sender,
                last_results=shown, product="t-shirt", search_text="t-shirts"),
    )  # fmt: skip
    assert said[0]["text"].startswith(("Yes, we have", "No, we"))  # about the first shown
    assert card_titles(said) and slots["color"] == "blue"  # and the list, in blue
    # "It" is now the product the answer named, whatever the answer ("is it cotton?" next).
    assert slots.get("focus_product") == shown[0]
    # Asked about the list ("they"), a product without blue leaves the blue ones shown meant.
    said, slots = run(
        ActionSearchProducts(),
        tracker("do they come in blue?", "refine_search", [entity("color", "blue")],
                f"{sender}-they", last_results=shown, product="t-shirt", search_text="t-shirts"),
    )  # fmt: skip
    in_blue = said[0]["text"].startswith("Yes")
    assert slots.get("focus_product") == (shown[0] if in_blue else None)


def cart_of(shop_db: str, sender: str) -> list[tuple[str, int]]:
    return [(line.sku, line.quantity) for line in view_cart(UnitOfWork(shop_db), sender).lines]


def test_a_colour_and_size_said_to_a_list_add_the_first_product_that_has_them(
    shop_db: str, sender: str
) -> None:
    _, slots = run(
        ActionSearchProducts(),
        tracker("waterproof boots", "search_product", [entity("product", "boots")], sender),
    )
    shown = products_for_skus(UnitOfWork(shop_db), slots["last_results"])
    first_brown_42 = next(product for product in shown if fits(product, "brown", "42"))
    run(
        ActionSearchProducts(),
        tracker("brown in 42", "refine_search", [entity("color", "brown"), entity("size", "42")],
                sender, **slots),
    )  # fmt: skip
    [(sku, quantity)] = cart_of(shop_db, sender)
    assert sku.startswith(first_brown_42.group_id) and quantity == 1
    # Asked, not chosen: "in green?" to a list answers and refines, and adds nothing.
    run(
        ActionSearchProducts(),
        tracker("do you have them in green?", "refine_search", [entity("color", "green")],
                f"{sender}-asked", **slots),
    )  # fmt: skip
    assert cart_of(shop_db, f"{sender}-asked") == []


def test_a_bare_quantity_read_as_the_cart_adds_the_product_in_focus(
    shop_db: str, sender: str
) -> None:
    bars = sku_of(shop_db, "Peanut Protein Bars")
    said, _ = run(
        ActionViewCart(),
        tracker("6 paquets", "view_cart", [entity("size", "6")], sender, focus_product=bars),
    )
    assert cart_of(shop_db, sender) == [(bars, 6)], texts(said)
    # Said of the cart, it stays the cart.
    said, _ = run(ActionViewCart(), tracker("show my cart", "view_cart", [], sender))
    assert said[0]["response"] == "utter_cart_contents" and "Peanut" in said[0]["lines"]


def test_a_gift_basket_is_no_cart(shop_db: str, sender: str) -> None:
    said, _ = run(
        ActionViewCart(),
        tracker("I'm putting together an Italian-themed gift basket for my neighbor. "
                "What olive oils do you have?", "view_cart", [], sender),
    )  # fmt: skip
    assert any("Olive Oil" in title for title in card_titles(said)), said


def test_an_open_question_about_the_product_in_focus_quotes_its_description(
    shop_db: str, sender: str
) -> None:
    kids = sku_of(shop_db, "Volume Limited Kids Headphones")
    said, _ = run(
        ActionSearchProducts(),
        tracker("whats the max volume", "search_product", [], sender, focus_product=kids),
    )
    product = product_for_sku(UnitOfWork(shop_db), kids)
    assert product is not None and "dB" in product.description
    assert "85 dB" in texts(said) and not card_titles(said)
    # A question naming a kind of product is a search, even with a product in focus.
    said, _ = run(
        ActionProductDetails(),
        tracker("whats your cheapest phone", "ask_menu", [], sender, focus_product=kids),
    )
    assert card_titles(said) and not texts(said).startswith("Which product")
    # a phone in focus: the kind's cheapest, no question about that phone
    phones = ["PH-FLIP-PURPLE-256GB", "PH-RUGGED-ORANGE-128GB", "PH-NOVA8-GREEN-128GB"]
    for action in (ActionSearchProducts(), ActionProductDetails()):
        said, _ = run(
            action,
            tracker(
                "whats the cheapest phone then",
                "product_details",
                [],
                sender,
                focus_product=phones[0],
                last_results=phones,
            ),
        )
        assert card_titles(said)[0] == "Lite 5 Budget Smartphone"


def test_a_message_the_model_cannot_place_is_searched_when_the_search_is_sure(
    shop_db: str, sender: str
) -> None:
    said, _ = run(ActionFallback(), tracker("des amandes", "nlu_fallback", [], sender))
    assert any("Almonds" in title for title in card_titles(said))
    said, _ = run(ActionFallback(), tracker("asdf qwerty zxcv", "nlu_fallback", [], sender))
    assert not card_titles(said)


def test_a_shopper_coming_back_is_shown_the_basket_they_left(shop_db: str, sender: str) -> None:
    said, _ = run(ActionGreet(), tracker("hi again, where were we?", "greet", [], sender))
    assert [message["response"] for message in said] == ["utter_cart_empty"]
    add_to_cart(UnitOfWork(shop_db), sender, "FD-MANGO-150G", 2)
    for text in ("hi again, where were we?", "hello", "Re-bonjour, je reviens"):
        said, _ = run(ActionGreet(), tracker(text, "greet", [], sender))
        assert [message["response"] for message in said] == ["utter_welcome_back"], text
        assert "Dried Mango" in said[0]["lines"]


def test_a_greeting_or_help_asking_whether_the_shop_sells_something_is_answered(
    shop_db: str, sender: str
) -> None:
    said, _ = run(ActionGreet(), tracker("hello there!", "greet", [], sender))
    assert [message["response"] for message in said] == ["utter_greet"]
    for action, text, intent in [
        (ActionGreet(), "bonjour vous avez des robes ?", "greet"),
        (ActionHelp(), "do u sell umbrellas", "help"),
    ]:
        said, _ = run(action, tracker(text, intent, [], sender))
        responses = [message.get("response") for message in said]
        assert responses[0] in {"utter_no_exact_match", "utter_no_results"}, (text, responses)


def test_a_blue_search_keeps_the_navy_ones(shop_db: str, sender: str) -> None:
    said, _ = run(
        ActionSearchProducts(),
        tracker("a blue polo", "search_product",
                [entity("color", "blue"), entity("product", "polo")], sender),
    )  # fmt: skip
    navy_only = [
        product
        for product in products_for_skus(UnitOfWork(shop_db), [sku_of(shop_db, "Pique Polo")])
        if {option.color for option in product.options} & {"navy"}
    ]
    assert navy_only and "Classic Pique Polo Shirt" in card_titles(said)


def test_a_number_tagged_as_a_quantity_that_is_a_size_of_the_product_is_the_size(
    shop_db: str, sender: str
) -> None:
    slip_on = sku_of(shop_db, "Slip-On Knit Sneakers")
    said, _ = run(
        ActionAddToCart(),
        tracker("ajoute noir 39 stp", "add_to_cart",
                [entity("color", "black"), entity("quantity", "39")],
                sender, focus_product=slip_on, language="fr"),
    )  # fmt: skip
    assert cart_of(shop_db, sender) == [("SH-SLIPON-BLACK-39", 1)], texts(said)


def test_a_new_total_for_the_product_just_added_changes_its_line(shop_db: str, sender: str) -> None:
    bank = sku_of(shop_db, "Power Bank")
    run(ActionAddToCart(), tracker("add 2 in black", "add_to_cart",
                                   [entity("quantity", "2"), entity("color", "black")], sender,
                                   focus_product=bank))  # fmt: skip
    [(sku, quantity)] = cart_of(shop_db, sender)
    assert quantity == 2
    said, _ = run(
        ActionAddToCart(),
        tracker("1 seule finalement", "add_to_cart", [entity("quantity", "1")], sender,
                focus_product=bank, language="fr"),
    )  # fmt: skip
    assert cart_of(shop_db, sender) == [(sku, 1)], said
    black = [entity("color", "black")]
    run(ActionAddToCart(), tracker("add one more in black", "add_to_cart", black, sender,
                                   focus_product=bank))  # fmt: skip
    assert cart_of(shop_db, sender) == [(sku, 2)]


def test_a_topic_asked_in_a_few_words_is_answered_about_the_product_in_focus(
    shop_db: str, sender: str
) -> None:
    portable = sku_of(shop_db, "Portable USB-C Monitor")
    said, _ = run(
        ActionFallback(),
        tracker("poids ?", "nlu_fallback", [], sender, focus_product=portable, language="fr"),
    )
    assert "700" in texts(said), said
    # Unknown to the catalog, a short question stays with the fallback.
    said, _ = run(
        ActionFallback(),
        tracker("garantie ?", "nlu_fallback", [], sender, focus_product=portable, language="fr"),
    )
    assert not card_titles(said) and "700" not in texts(said)


def test_a_question_about_the_product_in_view_is_answered_about_it(
    shop_db: str, sender: str
) -> None:
    boots = sku_of(shop_db, "Steel Toe Work Boots")
    # "y a ..." names no kind of product the shop sells: asked of the boots in focus
    state = tracker(
        "y a un embout acier?", "out_of_scope", sender=sender, language="fr", focus_product=boots
    )
    said, _ = run(ActionOutOfScope(), state)
    assert texts(said).startswith("Oui") and "Steel Toe Work Boots" in texts(said)
    # a topic in a few words, though it names a kind: asked of the first product shown
    phones = [sku_of(shop_db, "Flip Foldable Smartphone"), sku_of(shop_db, "Lite 5")]
    state = tracker(
        "recharge sans fil?", "search_product", sender=sender, language="fr", last_results=phones
    )
    said, slots = run(ActionSearchProducts(), state)
    assert "ne précise pas" in texts(said) and "Flip Foldable Smartphone" in texts(said)
    assert slots["focus_product"].startswith("PH-FLIP") and not card_titles(said)
    # the shop asked, or a new item introduced: searches, not questions about the boots
    for text in ("vous avez des chaussettes ?", "et un tel costaud ?"):
        state = tracker(text, "search_product", sender=sender, language="fr", focus_product=boots)
        said, _ = run(ActionSearchProducts(), state)
        assert card_titles(said) and not texts(said).startswith(("Oui", "Non"))
        assert all("Boots" not in title for title in card_titles(said))


def test_how_much_with_an_empty_cart_is_the_price_of_the_product_in_view(
    shop_db: str, sender: str
) -> None:
    lite = sku_of(shop_db, "Lite 5")
    state = tracker("combien", "view_cart", sender=sender, language="fr", focus_product=lite)
    said, _ = run(ActionViewCart(), state)
    assert said[0]["response"] == "utter_product_details" and said[0]["title"].startswith("Lite 5")
    said, _ = run(ActionViewCart(), tracker("combien", "view_cart", sender=sender, language="fr"))
    assert said[0]["response"] == "utter_cart_empty"  # nothing in view: the cart it is


def test_a_whole_choice_said_to_a_list_is_the_first_product_that_comes_in_it(
    shop_db: str, sender: str
) -> None:
    shown = [sku_of(shop_db, "Basic Crew Neck T-Shirt"), sku_of(shop_db, "Classic Cotton T-Shirt")]
    # The basic crew comes in grey XL, sold out: said so, not the classic tee added instead
    grey_xl = [entity("color", "grey"), entity("size", "XL")]
    state = tracker("gris XL", "refine_search", grey_xl, sender, language="fr", last_results=shown)
    said, _ = run(ActionSearchProducts(), state)
    assert said[0]["response"] in {"utter_variant_unavailable", "utter_out_of_stock"}
    assert cart_of(shop_db, sender) == []
    grey_l = [entity("color", "grey"), entity("size", "L")]
    state = tracker("gris L alors", "refine_search", grey_l, sender, language="fr",
                    last_results=shown)  # fmt: skip
    run(ActionSearchProducts(), state)
    assert cart_of(shop_db, sender) == [("TS-BASICCREW-GREY-L", 1)]


def test_a_change_of_mind_swaps_the_variant_just_added(shop_db: str, sender: str) -> None:
    shown = [sku_of(shop_db, "Basic Crew Neck T-Shirt")]
    red_l = [entity("quantity", "2"), entity("color", "red"), entity("size", "L")]
    run(ActionAddToCart(), tracker("2 in red, L", "add_to_cart", red_l, sender, last_results=shown))
    black = [entity("color", "black")]
    state = tracker("hmm actually black", "refine_search", black, sender, last_results=shown,
                    focus_product=shown[0])  # fmt: skip
    said, _ = run(ActionSearchProducts(), state)
    assert said[0]["response"] == "utter_variant_swapped"
    assert cart_of(shop_db, sender) == [("TS-BASICCREW-BLACK-L", 2)]  # the size and count kept
    state = tracker("non plutot en XL", "refine_search", [entity("size", "XL")], sender,
                    language="fr", last_results=shown, focus_product=shown[0])  # fmt: skip
    run(ActionSearchProducts(), state)
    assert cart_of(shop_db, sender) == [("TS-BASICCREW-BLACK-XL", 2)]


def test_a_change_of_mind_after_a_filler_or_to_a_colour_it_lacks(shop_db: str, sender: str) -> None:
    shown = [sku_of(shop_db, "Merino Wool T-Shirt")]
    red_m = [entity("color", "red"), entity("size", "M")]
    run(ActionAddToCart(), tracker("le rouge en M", "add_to_cart", red_m, sender, language="fr",
                                   last_results=shown))  # fmt: skip
    state = tracker("euh non en L", "refine_search", [entity("size", "L")], sender,
                    language="fr", last_results=shown, focus_product=shown[0])  # fmt: skip
    run(ActionSearchProducts(), state)
    assert cart_of(shop_db, sender) == [("TS-MERINO-RED-L", 1)]
    # no black merino tee: said so, the line kept as it was
    state = tracker("non attends, plutôt le noir", "refine_search", [entity("color", "black")],
                    sender, language="fr", last_results=shown, focus_product=shown[0])  # fmt: skip
    said, _ = run(ActionSearchProducts(), state)
    assert said[0]["response"] == "utter_variant_unavailable" and "noir" in str(said[0])
    assert cart_of(shop_db, sender) == [("TS-MERINO-RED-L", 1)]


def test_add_it_and_one_more_item_in_one_message(shop_db: str, sender: str) -> None:
    monitor = sku_of(shop_db, "24-inch Full HD Office Monitor")
    white = [entity("color", "white")]
    state = tracker("add it + a 65w charger white", "add_to_cart", white, sender,
                    focus_product=monitor)  # fmt: skip
    run(ActionAddToCart(), state)
    assert cart_of(shop_db, sender) == [(monitor, 1), ("CH-GAN65-WHITE", 1)]


def test_one_more_item_with_its_colour_joins_a_basket_begun(shop_db: str, sender: str) -> None:
    bought = [entity("sku", "FD-COLDBREW-500ML")]
    run(ActionAddToCart(), tracker("/add_to_cart", "add_to_cart", bought, sender))
    red = [entity("color", "red")]
    state = tracker("et un mug isotherme rouge", "search_product", red, sender, language="fr")
    said, slots = run(ActionSearchProducts(), state)
    assert cart_of(shop_db, sender) == [("FD-COLDBREW-500ML", 1), ("MG-TRAVEL-RED-400ML", 1)]
    assert card_titles(said) == ["Insulated Travel Mug"]
    assert slots["focus_product"].startswith("MG-TRAVEL")
    # with an empty cart, the same words are a search: shown, not bought
    state = tracker("et un mug isotherme rouge", "search_product", red, f"{sender}-new",
                    language="fr")  # fmt: skip
    said, _ = run(ActionSearchProducts(), state)
    assert card_titles(said) and cart_of(shop_db, f"{sender}-new") == []


def test_products_named_in_a_message_misread_as_checkout_are_searched(
    shop_db: str, sender: str
) -> None:
    said, _ = run(ActionConfirmCheckout(), tracker("pates completes", "checkout", sender=sender,
                                                   language="fr"))  # fmt: skip
    assert card_titles(said)[0] == "Whole Wheat Fusilli Pasta"
    said, _ = run(ActionConfirmCheckout(), tracker("je valide", "checkout", sender=sender,
                                                   language="fr"))  # fmt: skip
    assert said[0]["response"] == "utter_cart_empty"


def test_a_colour_word_for_products_without_colours_describes_them(
    shop_db: str, sender: str
) -> None:
    black = [entity("product", "chocolat"), entity("color", "black")]
    state = tracker("chocolat tres noir peu sucre", "search_product", black, sender,
                    language="fr")  # fmt: skip
    said, slots = run(ActionSearchProducts(), state)
    assert card_titles(said) and all("Chocolate" in title for title in card_titles(said))
    assert slots.get("color") is None
    # a colour the products do come in stays a filter: nothing purple among the jeans
    purple = [entity("product", "jeans"), entity("color", "purple")]
    said, _ = run(ActionSearchProducts(), tracker("jeans violet", "search_product", purple,
                                                  sender, language="fr"))  # fmt: skip
    assert said[0]["response"] in {"utter_no_results", "utter_no_exact_match"}


def test_more_once_every_match_was_shown_browses_the_rest_of_the_kind(
    shop_db: str, sender: str
) -> None:
    said, slots = run(ActionSearchProducts(), tracker("ecran pour retouche photo", "search_product",
                                                      sender=sender, language="fr"))  # fmt: skip
    first_page = card_titles(said)
    assert first_page and slots["results_offset"] == 0
    said, slots = run(ActionSearchProducts(), tracker("montre moi d'autres ecrans", "show_more",
                                                      sender=sender, **slots))  # fmt: skip
    assert said[0]["response"] == "utter_search_results"
    # the five in stock were all shown: the kind again rather than "nothing found"
    assert sorted(card_titles(said)) == sorted(first_page)
    assert all("Monitor" in title for title in card_titles(said))


def test_the_price_asked_of_one_variant_is_its_price(shop_db: str, sender: str) -> None:
    beans = sku_of(shop_db, "Espresso Roast Coffee Beans")
    state = tracker("le paquet de 1kg c combien", "view_cart", sender=sender, language="fr",
                    focus_product=beans)  # fmt: skip
    said, _ = run(ActionViewCart(), state)
    assert said[0]["price"] == "29,90\u00a0€"  # the 1 kg bag, not "8,99 € – 29,90 €"
    said, _ = run(ActionProductDetails(), tracker("how much is it", "product_details",
                                                  sender=sender, focus_product=beans))  # fmt: skip
    assert said[0]["price"] == "€8.99 – €29.90"  # no variant named: the range


def test_a_variant_said_in_words_to_the_product_in_view(shop_db: str, sender: str) -> None:
    beans = sku_of(shop_db, "Espresso Roast Coffee Beans")
    state = tracker("the 1kg bag pls", "search_product", sender=sender, focus_product=beans)
    run(ActionSearchProducts(), state)
    assert cart_of(shop_db, sender) == [("FD-ESPRESSO-1KG", 1)]
    shown = [sku_of(shop_db, "Basic Crew Neck T-Shirt")]
    red_m = [entity("quantity", "3"), entity("color", "red"), entity("size", "M")]
    run(ActionAddToCart(), tracker("3 red M", "add_to_cart", red_m, f"{sender}-2",
                                   last_results=shown))  # fmt: skip
    state = tracker("swap them all to black", "refine_search", [entity("color", "black")],
                    f"{sender}-2", focus_product=shown[0])  # fmt: skip
    run(ActionSearchProducts(), state)
    assert cart_of(shop_db, f"{sender}-2") == [("TS-BASICCREW-BLACK-M", 3)]


def test_a_search_saying_how_many_buys_the_one_product_it_clearly_finds(
    shop_db: str, sender: str
) -> None:
    three = [entity("quantity", "3")]
    state = tracker("ugh ok the white choc raspberry bar then, 3 of them", "search_product",
                    three, sender)  # fmt: skip
    said, _ = run(ActionSearchProducts(), state)
    assert cart_of(shop_db, sender) == [("FD-WHITERASP-100G", 3)]
    assert card_titles(said) == ["White Chocolate Bar with Raspberry"]
    # several about as good: shown, not bought
    state = tracker("3 t-shirts", "search_product", three, f"{sender}-2")
    said, _ = run(ActionSearchProducts(), state)
    assert len(card_titles(said)) > 1 and cart_of(shop_db, f"{sender}-2") == []


def test_a_comparison_of_two_products_it_names(shop_db: str, sender: str) -> None:
    state = tracker("which is lighter the aero 14 or the student laptop", "product_details",
                    sender=sender)  # fmt: skip
    said, _ = run(ActionProductDetails(), state)
    assert "Aero 14" in texts(said) and "1.1" in texts(said)


def test_a_colour_said_to_a_list_led_clearly_by_one_product_chooses_it(
    shop_db: str, sender: str
) -> None:
    shown = ["PH-FLIP-PURPLE-256GB", "PH-LITE5-PURPLE-128GB"]
    purple = [entity("color", "purple")]
    state = tracker("violet", "refine_search", purple, sender, language="fr",
                    last_results=shown, search_text="tel pliable", color="purple")  # fmt: skip
    run(ActionSearchProducts(), state)
    assert cart_of(shop_db, sender) == [("PH-FLIP-PURPLE-256GB", 1)]
    # two t-shirts about as good: the colour refines the list, nothing is added
    tees = [sku_of(shop_db, "Basic Crew Neck T-Shirt"), sku_of(shop_db, "Classic Cotton T-Shirt")]
    red = [entity("color", "red")]
    state = tracker("red", "refine_search", red, f"{sender}-2", last_results=tees,
                    search_text="t-shirt")  # fmt: skip
    said, _ = run(ActionSearchProducts(), state)
    assert card_titles(said) and cart_of(shop_db, f"{sender}-2") == []


def test_questions_misread_as_checkout_or_an_add_are_answered(shop_db: str, sender: str) -> None:
    mug = sku_of(shop_db, "Insulated Travel Mug")
    add_to_cart(UnitOfWork(shop_db), sender, mug)
    state = tracker("il passe au lave vaisselle?", "checkout", sender=sender, language="fr",
                    focus_product=mug)  # fmt: skip
    said, _ = run(ActionConfirmCheckout(), state)
    assert "ne précise pas" in texts(said) and "Insulated Travel Mug" in texts(said)
    state = tracker("chaud pendant cb d'heures", "add_to_cart", sender=sender, language="fr",
                    focus_product=mug)  # fmt: skip
    said, _ = run(ActionAddToCart(), state)
    assert "6 hours" in texts(said) and cart_of(shop_db, sender) == [(mug, 1)]


def test_a_line_named_by_a_word_of_its_title_is_removed(shop_db: str, sender: str) -> None:
    for sku in ("FD-SENCHA-100G", "FD-MATCHA-30G"):
        add_to_cart(UnitOfWork(shop_db), sender, sku)
    state = tracker("enleve le sencha finalement", "remove_from_cart", sender=sender,
                    language="fr")  # fmt: skip
    run(ActionRemoveFromCart(), state)
    assert cart_of(shop_db, sender) == [("FD-MATCHA-30G", 1)]


def test_a_price_asked_in_a_word_after_a_list_is_the_first_products(
    shop_db: str, sender: str
) -> None:
    shown = [sku_of(shop_db, "Extra Virgin Olive Oil Family Tin"), sku_of(shop_db, "Lemon Infused")]
    said, _ = run(ActionSearchProducts(), tracker("prix?", "refine_search", sender=sender,
                                                  language="fr", last_results=shown))  # fmt: skip
    assert said[0]["response"] == "utter_product_details"
    assert said[0]["title"] == "Extra Virgin Olive Oil Family Tin" and "36,90" in said[0]["price"]


def test_polite_adds_the_model_misreads(shop_db: str, sender: str) -> None:
    shown = [sku_of(shop_db, "Basic Crew Neck T-Shirt")]
    said_options = [entity("product", "t-shirt"), entity("color", "black"), entity("size", "M")]
    state = tracker("Please add three of the basic crew neck tees in black, size M.",
                    "add_to_cart", said_options, sender, last_results=shown)  # fmt: skip
    run(ActionAddToCart(), state)
    assert cart_of(shop_db, sender) == [("TS-BASICCREW-BLACK-M", 3)]  # "size M." is no product
    monitor = [sku_of(shop_db, "27-inch QHD IPS Monitor")]
    state = tracker("Good, please put the 27-inch QHD monitor in my basket.", "remove_from_cart",
                    sender=f"{sender}-2", last_results=monitor)  # fmt: skip
    run(ActionRemoveFromCart(), state)
    assert cart_of(shop_db, f"{sender}-2") == [(monitor[0], 1)]
    beans = [sku_of(shop_db, "Espresso Roast Coffee Beans"), sku_of(shop_db, "Swiss Water Decaf")]
    state = tracker("Please add the 1 kg bag.", "add_to_cart", [entity("quantity", "1")],
                    f"{sender}-3", last_results=beans)  # fmt: skip
    run(ActionAddToCart(), state)
    assert cart_of(shop_db, f"{sender}-3") == [("FD-ESPRESSO-1KG", 1)]


def test_another_kind_asked_for_with_a_product_in_view_is_searched(
    shop_db: str, sender: str
) -> None:
    monitor = sku_of(shop_db, "27-inch QHD IPS Monitor")
    state = tracker("I also type a lot and my wrists hurt. Is there a keyboard that could help?",
                    "search_product", sender=sender, focus_product=monitor)  # fmt: skip
    said, _ = run(ActionSearchProducts(), state)
    assert card_titles(said) and all("Keyboard" in title for title in card_titles(said))


def test_a_greeting_that_asks_for_something_is_searched(shop_db: str, sender: str) -> None:
    state = tracker("Bonjour, je cherche de quoi garder mon thé bien chaud en randonnée.",
                    "greet", sender=sender, language="fr")  # fmt: skip
    said, _ = run(ActionGreet(), state)
    assert said[0]["response"] in {"utter_search_results", "utter_no_exact_match"}
    said, _ = run(ActionGreet(), tracker("Bonjour !", "greet", sender=sender, language="fr"))
    assert said[0]["response"] == "utter_greet"


def test_a_change_of_mind_replaces_the_product_named_or_added_last(
    shop_db: str, sender: str
) -> None:
    uow = UnitOfWork(shop_db)
    dark = sku_of(shop_db, "70% Dark Chocolate Bar")
    white = sku_of(shop_db, "White Chocolate Bar with Raspberry")
    add_to_cart(uow, sender, white, 2)
    add_to_cart(uow, sender, dark, 1)
    hazel = sku_of(shop_db, "Milk Chocolate Bar with Roasted Hazelnuts")
    state = tracker("ok swap the dark one for a milk hazelnut", "add_to_cart", [], sender,
                    focus_product=hazel, last_results=[hazel])  # fmt: skip
    said, _ = run(ActionAddToCart(), state)
    assert said[0]["response"] == "utter_removed_from_cart"
    assert sorted(cart_of(shop_db, sender)) == sorted([(white, 2), (hazel, 1)])
    # The old one unnamed: the line added last goes, its quantity kept.
    salted = sku_of(shop_db, "Sea Salt Kettle Chips")
    paprika = sku_of(shop_db, "Smoked Paprika Kettle Chips")
    state = tracker("get the paprika ones instead", "add_to_cart", [], sender,
                    focus_product=paprika, last_results=[paprika, salted])  # fmt: skip
    run(ActionAddToCart(), state)
    assert sorted(cart_of(shop_db, sender)) == sorted([(white, 2), (paprika, 1)])


def test_the_total_asked_in_other_words_shows_the_cart(shop_db: str, sender: str) -> None:
    add_to_cart(UnitOfWork(shop_db), sender, sku_of(shop_db, "70% Dark Chocolate Bar"), 2)
    for text, intent, lang in [
        ("what's the damage?", "nlu_fallback", "en"),
        ("c'est combien en tout ?", "product_details", "fr"),
    ]:
        state = tracker(text, intent, [], sender, language=lang)
        said, _ = run(ActionProductDetails(), state)
        assert [reply["response"] for reply in said] == ["utter_cart_contents"], text


def test_a_choice_read_as_a_removal_with_an_empty_cart_is_added(shop_db: str, sender: str) -> None:
    almonds = sku_of(shop_db, "Roasted Almonds")
    state = tracker("2 of the 500g", "remove_from_cart", [entity("quantity", "2")], sender,
                    focus_product=almonds, last_results=[almonds])  # fmt: skip
    run(ActionRemoveFromCart(), state)
    assert [(sku.rsplit("-", 1)[-1], count) for sku, count in cart_of(shop_db, sender)] == [
        ("500G", 2)
    ]


def test_a_refinement_naming_another_kind_is_a_new_search(shop_db: str, sender: str) -> None:
    keyboard = sku_of(shop_db, "Compact Bluetooth Keyboard")
    state = tracker("and a mouse under 15", "refine_search", [], sender, focus_product=keyboard,
                    last_results=[keyboard], search_text="keyboard",
                    category="Electronics > Keyboards")  # fmt: skip
    said, _ = run(ActionSearchProducts(), state)
    titles = card_titles(said)
    assert titles and all("Mouse" in title for title in titles), titles
    # "The cheapest" orders what fits, it does not cut under what was shown.
    shown = [sku_of(shop_db, "Leather Strap Sandals")]
    state = tracker("ok, cheapest sandals then", "refine_search", [], sender,
                    last_results=shown, search_text="sandals")  # fmt: skip
    said, _ = run(ActionSearchProducts(), state)
    assert card_titles(said)[0] == "Cushioned Slide Sandals"


def test_a_budget_or_any_with_a_product_in_view_is_a_search(shop_db: str, sender: str) -> None:
    jacket = sku_of(shop_db, "Leather Biker Jacket")
    state = tracker("lol no. something under 100?", "product_details", [], sender,
                    focus_product=jacket, last_results=[jacket], search_text="jacket",
                    category="Clothing > Jackets")  # fmt: skip
    said, _ = run(ActionProductDetails(), state)
    assert card_titles(said) and "Leather Biker Jacket" not in card_titles(said)
    tea = sku_of(shop_db, "Earl Grey Black Tea")
    state = tracker("Is any tea on sale at the moment?", "product_details", [], sender,
                    focus_product=tea, last_results=[tea])  # fmt: skip
    said, _ = run(ActionProductDetails(), state)
    assert card_titles(said) == ["Vanilla Rooibos Tea"], texts(said)


def test_a_question_is_about_its_subject_not_what_it_asks(shop_db: str, sender: str) -> None:
    pasta = [sku_of(shop_db, "Penne Rigate Pasta"), sku_of(shop_db, "Bronze Cut Spaghetti")]
    granola = sku_of(shop_db, "Oat and Honey Granola Bars")
    asked = {
        # the subject named before the inverted verb, with other products in view
        "Le pesto contient-il du fromage ?": ({"last_results": pasta}, "Genovese Basil Pesto"),
        # a flavour, no kind, names the tea; "il"/"elle" is the subject, not the one in view
        "La menthe poivrée est-elle bio ?": ({"focus_product": granola}, "Peppermint Tea"),
        # what is asked about ("un port Ethernet") is no product asked about
        "Le 27 pouces calibré a-t-il un port Ethernet ?": (
            {"last_results": [sku_of(shop_db, "27-inch 4K Colour Accurate Monitor")]},
            "Monitor",
        ),
    }
    for text, (slots, meant) in asked.items():
        state = tracker(text, "product_details", sender=sender, language="fr", **slots)
        said, _ = run(ActionProductDetails(), state)
        assert meant in texts(said), (text, texts(said))
        assert "Ethernet Cable" not in texts(said)


def test_a_question_naming_a_product_in_its_own_words_is_about_it(
    shop_db: str, sender: str
) -> None:
    oversized = sku_of(shop_db, "Oversized Boxy T-Shirt")
    # "c'" repeats the subject said first; the V-neck is meant, not the T-shirt in view
    state = tracker("Le col V en blanc, c'est combien ?", "product_details", sender=sender,
                    language="fr", focus_product=oversized)  # fmt: skip
    said, _ = run(ActionProductDetails(), state)
    assert said[0].get("title") == "Organic Cotton V-Neck T-Shirt"
    # a word several titles share, said of a list shown: the one of the list
    jeans = [sku_of(shop_db, title) for title in ("Regular Fit Jeans", "Slim Fit Stretch Jeans")]
    state = tracker("Le slim noir en S est dispo ?", "product_details", sender=sender,
                    language="fr", focus_product=jeans[0], last_results=jeans)  # fmt: skip
    said, _ = run(ActionProductDetails(), state)
    assert "Slim Fit Stretch Jeans" in texts(said)


def test_texted_and_quebec_questions_of_the_product_in_view_are_answered(
    shop_db: str, sender: str
) -> None:
    # "ya" is "il y a": whether the product in view comes in white, not a search for white
    keyboards = ["KB-MECH75-BLACK", "KB-RGBFULL-BLACK", "KB-COMPACT-PINK"]
    state = tracker("ya en blanc ?", "refine_search", [entity("color", "white")], sender,
                    language="fr", focus_product="KB-MECH75-BLACK", last_results=keyboards,
                    search_text="claviers mécaniques")  # fmt: skip
    said, _ = run(ActionSearchProducts(), state)
    assert texts(said).startswith("Oui") and "75% Mechanical Keyboard" in texts(said)
    # Québec's "-tu" asks the question; it is no "tu" speaking to the assistant
    state = tracker("Sont-tu en spécial, les grises?", "search_product",
                    [entity("color", "grey")], sender, language="fr",
                    focus_product="SH-DAILY-GREY-43")  # fmt: skip
    said, _ = run(ActionSearchProducts(), state)
    assert texts(said).startswith("Oui") and "en promotion" in texts(said)


def test_a_request_texted_with_jveux_for_what_the_shop_does_not_sell_is_no_handoff(
    shop_db: str, sender: str
) -> None:
    state = tracker("jveux un tapis de yoga", "human_handoff", [], sender, language="fr")
    said, events = run_events(ActionHandoff(), state)
    assert not any(message.get("response") == "utter_handoff" for message in said), said
    assert not any(event.get("event") == "pause" for event in events)
    assert any(message.get("response") == "utter_no_exact_match" for message in said), said


def test_a_question_asked_beside_a_price_is_answered_with_it(shop_db: str, sender: str) -> None:
    state = tracker("does the Tech Running Hoodie have thumbholes? and what's it cost?",
                    "search_product", [], sender, last_results=["HD-TECH-BLACK-M"])  # fmt: skip
    said, _ = run(ActionSearchProducts(), state)
    assert texts(said).startswith("Yes") and "thumbholes" in texts(said)
    assert any(message.get("price") == "€64.99" for message in said), said
    # Swiss "en action" asks whether it is on sale
    state = tracker("Le rooibos vanille, il est en action ?", "product_details", [], sender,
                    language="fr", last_results=["FD-ROOIBOS-100G"])  # fmt: skip
    said, _ = run(ActionProductDetails(), state)
    assert texts(said).startswith("Oui") and "promotion" in texts(said)


def test_a_price_asked_of_the_kind_in_view_is_its_price(shop_db: str, sender: str) -> None:
    state = tracker("Y coûte combien, le jean?", "search_product", [], sender, language="fr",
                    focus_product="JN-STRAIGHT-BLUE-M",
                    last_results=["JN-STRAIGHT-BLUE-M", "JN-REGULAR-BLUE-M"])  # fmt: skip
    said, _ = run(ActionSearchProducts(), state)
    assert [message.get("title") for message in said] == ["Straight Leg Selvedge Jeans"]


def test_how_much_right_after_an_add_is_what_the_basket_comes_to(shop_db: str, sender: str) -> None:
    add_to_cart(UnitOfWork(shop_db), sender, "FD-WHITERASP-100G", 4)
    added = earlier_reply("utter_added_to_cart", sku="FD-WHITERASP-100G", quantity=4)
    state = tracker("Ok c'est combien?", "product_details", [], sender, language="fr",
                    focus_product="FD-WHITERASP-100G",
                    history=(earlier_message("J'en prends quatre"), added))  # fmt: skip
    said, _ = run(ActionProductDetails(), state)
    assert "11,16" in str(said), said


def test_a_question_for_the_shop_misread_as_a_cancellation_is_searched(
    shop_db: str, sender: str
) -> None:
    state = tracker("Afternoon. Do you sell umbrellas by any chance?", "cancel_order", [], sender)
    said, _ = run(ActionConfirmCancelOrder(), state)
    assert [message.get("response") for message in said][:1] == ["utter_no_exact_match"], said
    state = tracker("cancel my order please", "cancel_order", [], sender)
    said, _ = run(ActionConfirmCancelOrder(), state)
    assert [message.get("response") for message in said] == ["utter_nothing_to_cancel"]


def test_another_brand_asked_after_a_price_remark_is_a_search_of_the_others(
    shop_db: str, sender: str
) -> None:
    state = tracker("Bit dear. Anything from a different brand?", "refine_search", [], sender,
                    focus_product="LT-AERO14-GREY-512GB", category="Electronics > Laptops",
                    search_text="ultralight laptop")  # fmt: skip
    said, _ = run(ActionSearchProducts(), state)
    assert card_titles(said) and all("Aero" not in title for title in card_titles(said))
    # English "promotion" asks about a sale
    state = tracker("There is a promotion on it?", "product_details", [], sender,
                    focus_product="JK-LEATHER-BLACK-M")  # fmt: skip
    said, _ = run(ActionProductDetails(), state)
    assert texts(said).startswith("No")


def test_what_is_inside_the_one_shown_is_asked_of_it_not_of_the_kind_named(
    shop_db: str, sender: str
) -> None:
    # the monitor shown has speakers; the speaker the words name is not asked about
    state = tracker("Y'a-tu des haut-parleurs dedans ?", "nlu_fallback", [], sender,
                    language="fr", last_results=["MN-24FHD-BLACK"],
                    category="Electronics > Monitors")  # fmt: skip
    said, _ = run(ActionSearchProducts(), state)
    assert texts(said).startswith("Oui") and "24-inch Full HD" in texts(said)


def test_the_one_named_first_is_asked_about_not_the_one_in_focus(shop_db: str, sender: str) -> None:
    # hoodies shown, the first in focus: the sherpa one named, "that" repeats it
    shown = ["HD-ZIPFLEECE-BLACK-M", "HD-ESSENTIAL-BLACK-M", "HD-SHERPA-NAVY-M"]
    state = tracker("The sherpa lined one, is that the fluffy stuff on the inside?",
                    "product_details", [], sender, last_results=shown,
                    focus_product="HD-ZIPFLEECE-BLACK-M")  # fmt: skip
    said, _ = run(ActionProductDetails(), state)
    assert "Sherpa Lined Hoodie" in texts(said) and "Full Zip" not in texts(said)
    # "they" repeats the shoes said first: no size 39 of the road shoes, whatever is in focus
    shown = ["SH-CANVAS-WHITE-40", "SH-TRAIL-GREEN-43", "SH-ROADRUN-BLACK-42"]
    state = tracker("The Road Running Shoes, they exist in size 39?", "product_details",
                    [entity("size", "39")],
                    sender, last_results=shown, focus_product="SH-CANVAS-WHITE-40")  # fmt: skip
    said, _ = run(ActionProductDetails(), state)
    assert texts(said).startswith("No") and "Road Running Shoes" in texts(said)


def test_a_measure_asked_is_no_question_about_the_cart(shop_db: str, sender: str) -> None:
    state = tracker("Le talon fait combien de centimetres ?", "view_cart", [], sender,
                    language="fr", last_results=["SH-ANKLEW-BLACK-38"])  # fmt: skip
    said, _ = run(ActionViewCart(), state)
    assert "5 cm" in texts(said)
    # a bare price asked after a list: the best match's, which the answer names
    state = tracker("cb", "product_details", [], sender, language="fr",
                    last_results=["TS-RINGER-WHITE-M", "TS-CLASSIC-RED-M"])  # fmt: skip
    said, _ = run(ActionProductDetails(), state)
    assert [message.get("title") for message in said] == ["Retro Ringer T-Shirt"]


@pytest.mark.parametrize(
    ("text", "found", "language", "opens"),
    [
        ("hi, do you have the High Rise Skinny Jeans in black, size medium?",
         [entity("color", "black"), entity("size", "medium")], "en", "No"),
        ("vous avez le jean mom en gris taille S ?",
         [entity("color", "gris"), entity("size", "S")], "fr", "Oui"),
        ("hello! are the black leather chelsea boots on sale? saw something on insta",
         [entity("color", "black")], "en", "Yes"),
        ("Coucou ! Vous avez des Minimal Leather Sneakers en noir, pointure 39 ?",
         [entity("color", "noir"), entity("size", "39")], "fr", "Non"),
    ],
)  # fmt: skip
def test_a_product_named_by_its_title_asked_in_a_version_is_answered_yes_or_no(
    shop_db: str, sender: str, text: str, found: list[dict[str, Any]], language: str, opens: str
) -> None:
    # no product in view: the question names its own, and asks about that version
    said, _ = run(ActionSearchProducts(), tracker(text, "search_product", found, sender,
                                                   language=language))  # fmt: skip
    assert texts(said).startswith(opens)


def test_a_need_asked_as_a_product_question_with_nothing_in_view_is_searched(
    shop_db: str, sender: str
) -> None:
    text = "hey! my girlfriend just went vegan and i want chocolate. what do you have that's vegan?"
    said, _ = run(ActionProductDetails(), tracker(text, "product_details", [], sender))
    assert card_titles(said), said  # the chocolates, not "which product do you mean?"


def test_a_version_asked_without_its_do_is_answered_about_the_product_in_view(
    shop_db: str, sender: str
) -> None:
    found = [entity("size", "S"), entity("color", "green")]
    state = tracker("She is size S. You have in green?", "search_product", found, sender,
                    focus_product="TS-BAMBOO-RED-S", last_results=["TS-BAMBOO-RED-S"])  # fmt: skip
    said, _ = run(ActionSearchProducts(), state)
    assert texts(said).startswith("Yes, we have the Bamboo Jersey T-Shirt in green")


def test_the_ones_a_question_names_are_asked_about_though_it_points_back(
    shop_db: str, sender: str
) -> None:
    coat = sku_of(shop_db, "Wool Blend Overcoat")
    asked = "He'd need boots too. The Chelsea ones, are they leather?"
    state = tracker(
        asked, "product_details", sender=sender, focus_product=coat, last_results=[coat]
    )
    said, _ = run(ActionProductDetails(), state)
    assert "Chelsea" in texts(said) and "Overcoat" not in texts(said)
    # a colour tells apart versions of the one in view: still the coat
    asked = "The grey ones, are they lined?"
    state = tracker(
        asked, "product_details", sender=sender, focus_product=coat, last_results=[coat]
    )
    said, _ = run(ActionProductDetails(), state)
    assert "Overcoat" in texts(said)


def test_a_call_to_pay_or_buy_it_of_what_is_in_the_cart_asks_to_confirm_payment(
    shop_db: str, sender: str
) -> None:
    coat = "JK-WOOLCOAT-GREY-L"
    add_to_cart(UnitOfWork(shop_db), sender, coat)
    # "buy it" of the coat already in the cart: its payment, not a second coat
    said, slots = run(ActionAddToCart(), tracker("buy it", "add_to_cart", sender=sender,
                                                 focus_product=coat))  # fmt: skip
    assert slots.get("pending_confirmation") == "checkout"
    assert [message.get("response") for message in said] == ["utter_confirm_checkout"]
    assert cart_of(shop_db, sender) == [(coat, 1)]
    # a yes that asks to pay, with nothing waiting for a yes: the payment asked for too
    said, slots = run(ActionAffirm(), tracker("Yep, let's get it paid for", "affirm",
                                              sender=sender))  # fmt: skip
    assert slots.get("pending_confirmation") == "checkout"
    # "buy it" of a product not yet in the cart stays an add
    mug = sku_of(shop_db, "Insulated Travel Mug")
    said, slots = run(
        ActionAddToCart(), tracker("buy it", "add_to_cart", sender=sender, focus_product=mug)
    )
    assert "pending_confirmation" not in slots and slots["variant_question"]["sku"] == mug


def test_a_question_the_product_in_focus_cannot_answer_is_about_the_one_at_hand_that_can(
    shop_db: str, sender: str
) -> None:
    bottle, buds = "WB-SQUEEZE-ORANGE-750ML", "HP-SPORTBUDS-YELLOW"
    for sku in (buds, bottle):
        add_to_cart(UnitOfWork(shop_db), sender, sku)
    asked = tracker("battery life?", "product_details", sender=sender, focus_product=bottle)
    said, slots = run(ActionProductDetails(), asked)
    assert texts(said).startswith("Sport Wireless Earbuds") and "9 h" in texts(said)
    assert slots["focus_product"].startswith("HP-SPORTBUDS")
    # what none of them says stays unknown, about the one in focus
    asked = tracker("is it made in Italy?", "product_details", sender=sender, focus_product=bottle)
    said, _ = run(ActionProductDetails(), asked)
    assert "doesn't say" in texts(said) and "Squeeze" in texts(said)


def test_two_versions_of_the_product_in_view_are_two_lines(shop_db: str, sender: str) -> None:
    linen = sku_of(shop_db, "Linen Blend Summer T-Shirt")
    text = "Blue L please and a white M"
    found = [entity("color", "blue"), entity("size", "L"), entity("color", "white"),
             entity("size", "M")]  # fmt: skip
    for found_entity, word in zip(found, ("Blue", "L", "white", "M"), strict=True):
        start = text.index(word, 5 if word == "M" else 0)
        found_entity.update(start=start, end=start + len(word))
    state = tracker(text, "refine_search", found, sender, focus_product=linen)
    run(ActionSearchProducts(), state)
    assert sorted(cart_of(shop_db, sender)) == [
        ("TS-LINEN-BLUE-L", 1),
        ("TS-LINEN-WHITE-M", 1),
    ]


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Un câble HDMI pour ma console, en 4K 120 Hz", "fr"),  # what it is in: no monitor
        ("Hey, a cropped hoodie for my girlfriend, she's always cold", "en"),  # no cold brew
    ],
)
def test_a_part_describing_the_item_or_someone_adds_nothing(
    shop_db: str, sender: str, text: str, language: str
) -> None:
    said, _ = run(ActionSearchProducts(), tracker(text, "search_product", [], sender,
                                                  language=language))  # fmt: skip
    assert cart_of(shop_db, sender) == [] and card_titles(said)


def test_noise_cancelling_read_as_cancelling_an_order_is_a_search(
    shop_db: str, sender: str
) -> None:
    said, _ = run(
        ActionConfirmCancelOrder(),
        tracker(
            "Long metro commute, want earbuds with noise cancellation",
            "cancel_order",
            sender=sender,
        ),
    )
    assert any("Earbuds" in title for title in card_titles(said))
    # a feature said in a relative clause: "earbuds that cancel the chatter"
    state = tracker("And earbuds that cancel the chatter", "cancel_order", sender=f"{sender}-2")
    said, _ = run(ActionConfirmCancelOrder(), state)
    assert any("Earbuds" in title for title in card_titles(said))
    # asked of the ones shown: "do they cancel noise as well?" answers about them
    shown = ["HP-ANC700-BLACK", "HP-BUDS-BLACK"]
    state = tracker("The 89 ones, do they cancel noise as well?", "cancel_order",
                    sender=f"{sender}-3", last_results=shown)  # fmt: skip
    said, _ = run(ActionConfirmCancelOrder(), state)
    assert said and all(m.get("response") != "utter_nothing_to_cancel" for m in said), said


def test_a_pack_said_in_words_is_one_pack(shop_db: str, sender: str) -> None:
    text = "And a five pack of crew socks, black M."
    found = [entity("quantity", "five"), entity("color", "black"), entity("size", "M")]
    run(ActionAddToCart(), tracker(text, "add_to_cart", found, sender))
    assert cart_of(shop_db, sender) == [("SK-CREW5-BLACK-M", 1)]
    # so many packs, said in the plural, are so many
    text = "3 packs of the crew socks, black M"
    found = [entity("quantity", "3"), entity("color", "black"), entity("size", "M")]
    run(ActionAddToCart(), tracker(text, "add_to_cart", found, f"{sender}-2"))
    assert cart_of(shop_db, f"{sender}-2") == [("SK-CREW5-BLACK-M", 3)]


def test_a_thank_you_that_asks_for_something_is_answered_by_the_catalog(
    shop_db: str, sender: str
) -> None:
    said, _ = run(ActionThank(), tracker("power bank pls", "thank", [], sender))
    assert card_titles(said) == ["10000mAh Slim Power Bank"]
    said, _ = run(ActionThank(), tracker("thanks!", "thank", [], sender))
    assert [message.get("response") for message in said] == ["utter_thank"]


def test_what_an_item_comes_in_joins_it_and_another_item_with_it_stays_one(shop_db: str) -> None:
    from actions.cart import _with_their_options
    from assistant.conversation.quantities import items_said

    def parts(text: str) -> list[str]:
        return _with_their_options(items_said(text))

    assert parts("Un câble HDMI pour ma console, en 4K 120 Hz") == [
        "Un câble HDMI pour ma console, en 4K 120 Hz"
    ]
    assert parts("je prends le violet, avec un chargeur 65 W noir") == [
        "je prends le violet",
        "avec un chargeur 65 W noir",
    ]


def test_a_size_said_in_words_the_model_left_untagged_is_added(shop_db: str, sender: str) -> None:
    shown = ["HD-SHERPA-NAVY-M"]
    state = tracker("Navy, extra large", "add_to_cart", [entity("color", "navy")], sender,
                    focus_product=shown[0], last_results=shown)  # fmt: skip
    run(ActionAddToCart(), state)
    lines = view_cart(UnitOfWork(shop_db), sender).lines
    assert [(line.sku, line.quantity) for line in lines] == [("HD-SHERPA-NAVY-XL", 1)]
    # a size word of the title is no size said ("Long Sleeve" names no L)
    state = tracker("the long sleeve one in white", "add_to_cart", [entity("color", "white")],
                    f"{sender}-2", focus_product="TS-LONGSLEEVE-WHITE-M")  # fmt: skip
    said, _ = run(ActionAddToCart(), state)
    assert view_cart(UnitOfWork(shop_db), f"{sender}-2").lines == ()
    assert said[0]["response"] == "utter_ask_size"
