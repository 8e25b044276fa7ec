"""A product named with its colour and size is bought; a colour or size nothing comes in shows
the closest; the add shows the product put in when it was not on screen; a question's words
that the product in view describes are about it (actions/search.py, actions/variant_question.py,
actions/common.py), on the demo catalog."""

from __future__ import annotations

from typing import Any

from actions.cart import ActionViewCart
from actions.details import ActionProductDetails
from actions.search import ActionSearchProducts
from assistant.services.carts import view_cart
from assistant.services.unit_of_work import UnitOfWork
from testkit.actions import entity, run, tracker


def cart_of(shop_db: str, sender: str) -> list[tuple[str, int]]:
    return [(line.sku, line.quantity) for line in view_cart(UnitOfWork(shop_db), sender).lines]


def detail_buttons(said: list[dict[str, Any]]) -> list[str]:
    return [
        button["payload"]
        for message in said
        for button in message.get("buttons") or []
        if button["payload"].startswith("/product_details")
    ]


def test_a_product_named_with_its_colour_and_size_is_bought(shop_db: str, sender: str) -> None:
    said_variant = [entity("color", "black"), entity("size", "43")]
    state = tracker("chelsea boots black 43", "search_product", said_variant, sender)
    said, _ = run(ActionSearchProducts(), state)
    assert cart_of(shop_db, sender) == [("SH-CHELSEA-BLACK-43", 1)]
    # the added product was on no screen: its card's details button comes with the add
    assert detail_buttons(said)[0] == '/product_details{"sku": "SH-CHELSEA-BLACK-43"}'
    # looked for, asked about, or named without a variant: shown, not bought
    for number, text in enumerate(
        ["looking for chelsea boots size 43 black", "chelsea boots black 43?"]
    ):
        state = tracker(text, "search_product", said_variant, f"{sender}-{number}")
        said, _ = run(ActionSearchProducts(), state)
        assert cart_of(shop_db, f"{sender}-{number}") == [] and said
    state = tracker("gourde verre svp", "search_product", [], f"{sender}-glass", language="fr")
    run(ActionSearchProducts(), state)
    assert cart_of(shop_db, f"{sender}-glass") == []
    # a size without a colour describes what is looked for
    five = [entity("size", "5 m")]
    state = tracker("cable ethernet 5 metres", "search_product", five, f"{sender}-5",
                    language="fr")  # fmt: skip
    run(ActionSearchProducts(), state)
    assert cart_of(shop_db, f"{sender}-5") == []
    # a word several titles have names none of them: "backpack in red" is looked at
    red = [entity("color", "red")]
    run(ActionSearchProducts(), tracker("backpack in red", "search_product", red, f"{sender}-bp"))
    assert cart_of(shop_db, f"{sender}-bp") == []
    # named alone in French words no title has
    black = [entity("color", "black")]
    state = tracker("L'enceinte en noir", "search_product", black, f"{sender}-sp", language="fr")
    run(ActionSearchProducts(), state)
    assert cart_of(shop_db, f"{sender}-sp") == [("SP-POCKET-BLACK", 1)]


def test_a_colour_nothing_found_comes_in_shows_the_closest(shop_db: str, sender: str) -> None:
    pink = [entity("product", "water bottle"), entity("color", "pink")]
    state = tracker("the glass water bottle in pink", "search_product", pink, sender)
    said, slots = run(ActionSearchProducts(), state)
    # the product named is said not to come in pink, then the closest are shown
    assert [message["response"] for message in said] == [
        "utter_variant_unavailable",
        "utter_no_exact_match",
    ]
    assert len(detail_buttons(said)) == 1 and '"WB-GLASS-' in detail_buttons(said)[0]
    assert said[1]["elements"][0]["title"] == "Glass Water Bottle with Bamboo Lid"
    assert slots["last_results"][0].startswith("WB-GLASS")
    # a kind in a colour none of it comes in: the kind in its colours, as the closest
    pink = [entity("product", "laptop"), entity("color", "pink")]
    said, _ = run(ActionSearchProducts(), tracker("laptop in pink", "search_product", pink,
                                                  f"{sender}-2"))  # fmt: skip
    assert said[0]["response"] == "utter_no_exact_match"
    assert all("Laptop" in element["title"] for element in said[0]["elements"])


def test_a_question_in_the_words_of_the_product_in_view_is_about_it(
    shop_db: str, sender: str
) -> None:
    state = tracker("rain cover incl?", "product_details", sender=sender,
                    focus_product="BP-DAYPACK28-GREEN")  # fmt: skip
    said, _ = run(ActionProductDetails(), state)
    assert "Hiking Daypack" in said[0]["text"] and "Rain Jacket" not in said[0]["text"]
    # a word of its description said apart from the others names the product said: "on ear"
    # is the on-ear headphones, though the kids' ones have "soft ear pads"
    state = tracker("on ear in red how much", "product_details", [entity("color", "red")],
                    sender, focus_product="HP-KIDS-BLUE")  # fmt: skip
    said, _ = run(ActionProductDetails(), state)
    assert "On-Ear" in str(said[0])
    # "how long" names no Long Sleeve T-Shirt
    state = tracker("how long does it keep it hot?", "product_details", sender=sender,
                    focus_product="MG-TRAVEL-RED-400ML")  # fmt: skip
    said, _ = run(ActionProductDetails(), state)
    assert "Travel Mug" in said[0]["text"]
    # "that" and a word only one title has: that product, not the one in focus
    asked = "He keeps busting phones on site too. Is that rugged phone actually waterproof?"
    state = tracker(asked, "product_details", sender=sender, focus_product="SH-WORK-BROWN-45")
    said, _ = run(ActionProductDetails(), state)
    assert "Rugged Outdoor Smartphone" in said[0]["text"]
    state = tracker("is this jacket warm?", "product_details", sender=sender,
                    focus_product="JK-DOWN-NAVY-L")  # fmt: skip
    said, _ = run(ActionProductDetails(), state)
    assert "Lightweight Down Jacket" in said[0]["text"]
    # "that one" points back, whatever title its other words hold ("marked down")
    state = tracker("Black small then, is that one marked down?", "product_details",
                    sender=sender, focus_product="TS-OVERSIZED-BLACK-S")  # fmt: skip
    said, _ = run(ActionProductDetails(), state)
    assert "Down Jacket" not in said[0]["text"]
    # a part said to come with it names no charger shown: the best match shown is meant
    shown = ["CH-STAND3-GREY", "CH-CAR-BLACK", "CH-GAN65-BLACK"]
    state = tracker("L'adaptateur secteur est-il fourni ?", "product_details", sender=sender,
                    language="fr", last_results=shown)  # fmt: skip
    said, _ = run(ActionProductDetails(), state)
    assert "3-in-1 Wireless Charging Stand" in said[0]["text"]
    assert "power adapter in the box" in said[0]["text"]


def test_an_unsold_item_of_a_list_is_said_not_to_be_sold(shop_db: str, sender: str) -> None:
    state = tracker("bluetooth speaker + a wine opener", "search_product", [], sender)
    said, _ = run(ActionSearchProducts(), state)
    assert [message["response"] for message in said] == [
        "utter_search_results",
        "utter_no_results",
    ]
    assert said[0]["elements"][0]["title"] == "Portable Bluetooth Speaker"
    assert said[1]["query"] == "a wine opener"
    # a story told is no item, whatever unsold kind it names (a bike)
    story = "mon mari fait du vélo tous les dimanches et il perd toujours sa gourde"
    said, _ = run(ActionSearchProducts(), tracker(story, "search_product", [], f"{sender}-3",
                                                  language="fr"))  # fmt: skip
    assert "utter_no_results" not in [message["response"] for message in said]
    # items the shop sells are only shown
    said, _ = run(ActionSearchProducts(), tracker("a tee and a hoodie", "search_product", [],
                                                  f"{sender}-2"))  # fmt: skip
    assert [message["response"] for message in said] == ["utter_search_results"]


def test_the_nearest_of_nothing_sold_beside_a_list_leaves_the_list_in_view(
    shop_db: str, sender: str
) -> None:
    shown = ["HP-ANC700-BLACK", "HP-BUDS-BLACK"]
    state = tracker("and do you sell sunscreen?", "search_product", [], sender, last_results=shown)
    said, slots = run(ActionSearchProducts(), state)
    assert said[0]["response"] == "utter_no_exact_match"
    assert "last_results" not in slots and "focus_product" not in slots
    # a product named is a new list, however loosely it matched
    state = tracker("un chai bien epice alors", "refine_search", [], sender, language="fr",
                    last_results=shown)  # fmt: skip
    said, slots = run(ActionSearchProducts(), state)
    assert slots["last_results"][0].startswith("FD-CHAI")


def test_a_kind_the_shop_sells_none_of_asked_too_is_a_new_search_not_a_refinement(
    shop_db: str, sender: str
) -> None:
    # "too" makes the model read a refinement of the jackets; no jacket is an umbrella
    shown = ["JK-RAIN-RED-S", "JK-DOWN-BLACK-M"]
    state = tracker("Got an umbrella too?", "refine_search", [], sender,
                    last_results=shown, search_text="rain jackets")  # fmt: skip
    said, _ = run(ActionSearchProducts(), state)
    assert said[0]["response"] == "utter_no_exact_match", said
    assert "jackets" not in said[0]["query"]


def test_a_kind_of_a_kind_the_shop_sells_read_as_the_cart_is_searched(
    shop_db: str, sender: str
) -> None:
    # "dark chocolate" names no category outright (the shop's is "Chocolate"): its words find it
    state = tracker("What dark chocolate have ye?", "view_cart", [], sender)
    said, _ = run(ActionViewCart(), state)
    assert said[0]["response"] == "utter_search_results", said
