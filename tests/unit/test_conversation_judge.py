"""How `python -m bench conversations` judges a turn, on hand-made replies shaped like Rasa's REST
channel's (a search result element arrives as one message: "title : subtitle" and its buttons)."""

from __future__ import annotations

import json
from collections.abc import Iterable

import pytest

from assistant.wording import catalogue, say
from bench.conversation_judge import (
    NO_MATCH,
    UNKNOWN,
    CatalogIndex,
    Judge,
    Markers,
    Observed,
    language_detector,
    mentions,
)

PAY = "http://127.0.0.1:9999/pay/"
CATALOG = CatalogIndex(
    groups={
        "LT-AERO14-BLUE-1TB": "LT-AERO14",
        "LT-AERO14-GREY-512GB": "LT-AERO14",
        "LT-STUDENT14-BLUE-512GB": "LT-STUDENT14",
        "TS-RUNTECH-BLUE-M": "TS-RUNTECH",
        "TS-RUNTECH-RED-XL": "TS-RUNTECH",
    },
    prices={"LT-AERO14-BLUE-1TB": 129900, "LT-STUDENT14-BLUE-512GB": 49900},
    texts=("Aero 14", "Student 14", "Performance Running T-Shirt", "A light laptop for travel."),
)


@pytest.fixture(scope="module")
def judge() -> Judge:
    return Judge(Markers.from_domain(), CATALOG, language_detector(), PAY)


def card(title: str, subtitle: str, sku: str, language: str = "en") -> dict:
    return {
        "text": f"{title} : {subtitle}",
        "buttons": [
            {"title": say("label_add_to_cart", language), "payload": _payload("add_to_cart", sku)},
            {"title": say("label_details", language), "payload": _payload("product_details", sku)},
        ],
    }


def _payload(intent: str, sku: str, **more: object) -> str:
    return f"/{intent}" + json.dumps({"sku": sku, **more})


def text(*lines: str) -> list[dict]:
    return [{"text": line} for line in lines]


def seen(judge: Judge, replies: list[dict], cart: Iterable[tuple[str, int]] = ()) -> Observed:
    return judge.observe(replies, cart)


def held(judge: Judge, expect: dict, observed: Observed, language: str = "en") -> dict[str, bool]:
    return {v.kind: v.held for v in judge.verdicts(expect, observed, language)}


LAPTOPS = [
    {"text": say("utter_search_results", "en", query="laptop", total=2)},
    card("Student 14", "€499.00 · Lumen", "LT-STUDENT14-BLUE-512GB"),
    card("Aero 14", "€1,299.00 · Lumen", "LT-AERO14-BLUE-1TB"),
]


def test_cards_are_the_skus_of_element_buttons_by_group_in_order(judge: Judge) -> None:
    observed = seen(judge, LAPTOPS)
    assert [(c.group, c.price_minor) for c in observed.cards] == [
        ("LT-STUDENT14", 49900),
        ("LT-AERO14", 129900),
    ]
    expect = {
        "first_any": ["LT-STUDENT14"],
        "shows_any": ["LT-AERO14", "LT-DEV14"],
        "shows_none": ["LT-TITAN17"],
        "all_in": ["LT-AERO14", "LT-STUDENT14"],
        "max_price_minor": 130000,
    }
    assert all(held(judge, expect, observed).values())
    wrong = {
        "first_any": ["LT-AERO14"],
        "shows_none": ["LT-AERO14"],
        "all_in": ["LT-STUDENT14"],
        "max_price_minor": 50000,
    }
    assert not any(held(judge, wrong, observed)[kind] for kind in wrong)


def test_nothing_shown_keeps_no_category_and_no_price(judge: Judge) -> None:
    observed = seen(judge, text(say("utter_no_results", "en", query="laptop")))
    verdicts = held(
        judge, {"all_in": ["LT-AERO14"], "max_price_minor": 1, "shows_none": ["X"]}, observed
    )
    assert verdicts == {
        "all_in": False,
        "max_price_minor": False,
        "shows_none": True,
        "language": True,
    }


def test_the_size_question_asks_and_its_options_are_not_cards(judge: Judge) -> None:
    question = {
        "text": say("utter_ask_size", "fr", title="Performance Running T-Shirt"),
        "buttons": [
            {"title": size, "payload": _payload("add_to_cart", sku, quantity=2)}
            for size, sku in (("M", "TS-RUNTECH-BLUE-M"), ("XL", "TS-RUNTECH-RED-XL"))
        ],
    }
    observed = seen(judge, [question])
    assert observed.cards == ()
    assert held(judge, {"asks": "size"}, observed, "fr") == {"asks": True, "language": True}
    assert not held(judge, {"asks": "color"}, observed, "fr")["asks"]
    which = seen(judge, text(say("utter_which_product", "en")))
    assert held(judge, {"asks": "which_product"}, which)["asks"]
    # which version of a product sized in grams: its size asked
    version = seen(judge, text(say("utter_ask_version", "en", title="Roasted Salted Almonds")))
    assert held(judge, {"asks": "size"}, version)["asks"]
    assert not held(judge, {"asks": "color"}, version)["asks"]


def test_a_details_reply_shows_its_product(judge: Judge) -> None:
    details = {
        "text": say(
            "utter_product_details",
            "en",
            title="Aero 14",
            brand="Lumen",
            price="€1,199.00 – €1,299.00",
            description="A light laptop for travel.",
            options="Colours: grey, blue. ",
            stock="In stock: 4.",
        ),
        "buttons": [
            {"title": "Add to cart", "payload": _payload("add_to_cart", "LT-AERO14-BLUE-1TB")}
        ],
    }
    observed = seen(judge, [details])
    assert [(c.group, c.price_minor) for c in observed.cards] == [("LT-AERO14", 119900)]
    expect = {"first_any": ["LT-AERO14"], "answer_mentions": ["grey", "blue"]}
    assert all(held(judge, expect, observed).values())


def test_cart_sums_variants_per_group_and_variants_are_exact(judge: Judge) -> None:
    observed = seen(
        judge,
        text(say("utter_added_to_cart", "en", quantity=1, title="X", items=3, total="€1")),
        [("TS-RUNTECH-BLUE-M", 2), ("TS-RUNTECH-RED-XL", 1)],
    )
    assert held(judge, {"cart": {"TS-RUNTECH": 3}}, observed)["cart"]
    assert not held(judge, {"cart": {"TS-RUNTECH": 2}}, observed)["cart"]
    assert held(judge, {"cart_variant": {"TS-RUNTECH-RED-XL": 1}}, observed)["cart_variant"]
    assert not held(judge, {"cart_variant": {"TS-RUNTECH-RED-XL": 2}}, observed)["cart_variant"]
    empty = seen(judge, text("Your cart is empty."))
    assert held(judge, {"cart": {}}, empty)["cart"]


@pytest.mark.parametrize("language", ["en", "fr"])
def test_no_match_today_and_closest_alternatives_tomorrow(judge: Judge, language: str) -> None:
    today = seen(judge, text(say("utter_no_results", language, query="tondeuse")))
    assert held(judge, {"no_match": True}, today, language) == {"no_match": True, "language": True}
    closest = {
        "en": "Sorry, I found nothing that matches exactly. The closest:",
        "fr": "Désolé, je n'ai rien trouvé qui corresponde exactement. Les plus proches :",
    }[language]
    tomorrow = seen(judge, [*text(closest), *LAPTOPS[1:]])
    assert held(judge, {"no_match": True}, tomorrow, language)["no_match"]
    assert not held(judge, {"no_match": True}, seen(judge, LAPTOPS))["no_match"]


def test_markers_mean_what_they_say_in_the_domain() -> None:
    """No-match words only in the two no-match replies, "the merchant doesn't say" only in the
    unknown answers (each in its own language). A new response using them must mean the same."""
    responses = catalogue()

    def users(markers: tuple[str, ...], language: str) -> set[str]:
        return {
            name
            for name, texts in responses.items()
            for marker in markers
            if marker in texts.get(language, "").lower()
        }

    for language, markers in NO_MATCH.items():
        assert markers[0] in responses["utter_no_results"][language]
        assert users(markers, language) == {"utter_no_results", "utter_no_exact_match"}
        assert users(UNKNOWN[language], language) == {
            "label_answer_unknown",
            "label_answer_unknown_all",
        }


@pytest.mark.parametrize(
    ("said", "answer"),
    [
        ("Yes, the Aero 14 has 16 GB of RAM.", {"yes"}),
        ("Oui : 16 Go de RAM.", {"yes"}),
        ("No, the Student 14 has 8 GB.", {"no"}),
        ("Non.", {"no"}),
        ("No problem. Tell me what you're looking for whenever you like.", set()),
        ("Nonetheless, here it is.", set()),
        ("The merchant doesn't say whether it has a headphone jack.", {"unknown"}),
        ("Le marchand ne précise pas s'il a une prise casque.", {"unknown"}),
        ("Yes. Well, the merchant doesn't say.", {"yes", "unknown"}),
    ],
)
def test_yes_no_answers(judge: Judge, said: str, answer: set[str]) -> None:
    assert judge.answers(seen(judge, text(said))) == answer


def test_a_refused_variant_is_a_no_and_a_mixed_answer_is_wrong(judge: Judge) -> None:
    refused = say("utter_variant_unavailable", "fr", title="Hiking Boots", wanted="noir")
    assert held(judge, {"answer_yes_no": "no"}, seen(judge, text(refused)), "fr")["answer_yes_no"]
    mixed = seen(judge, text("Yes. Well, the merchant doesn't say."))
    assert not held(judge, {"answer_yes_no": "yes"}, mixed)["answer_yes_no"]


@pytest.mark.parametrize(
    ("reply", "wanted", "found"),
    [
        ("Prix : 44,99\u00a0€", "44.99", True),
        ("It weighs 1,1 kg", "1.1", True),
        ("Réduction de 75\u202f%", "75%", True),
        ("€129.00", "129", True),
        ("8GB of RAM", "8", True),
        ("18 GB of RAM", "8", False),
        ("Galaxy S3", "3", False),
        ("the price", "ice", False),
        ("Ice blue", "ice", True),
        ("the WORKPRO 15", "WorkPro", True),
        ("Aero 14 (Bytecraft): €1,099.00", "1099", True),
        ("Dev 14 : 1\u202f349,00\u00a0€", "1349", True),
        ("€1,099.00", "99", False),
        ("in 2 128GB phones", "2128", False),
    ],
)
def test_mentions(reply: str, wanted: str, found: bool) -> None:
    assert mentions(reply, wanted) is found


def test_checkout_link_is_the_sandbox_payment_page(judge: Judge) -> None:
    url = f"{PAY}cs_test_123"
    link = {
        "text": say("utter_checkout_link", "fr", order="ORD-0001", total="10 €", url=url),
        "buttons": [{"type": "web_url", "title": "Payer", "url": url}],
    }
    assert held(judge, {"checkout_link": True}, seen(judge, [link]), "fr")["checkout_link"]
    confirm = seen(judge, text("Shall I send you the payment link?"))
    assert not held(judge, {"checkout_link": True}, confirm)["checkout_link"]


def test_language_is_the_assistants_own_words_not_the_catalogs(judge: Judge) -> None:
    french = seen(
        judge,
        text(
            say("utter_added_to_cart", "fr", quantity=1, title="Aero 14", items=1, total="1 €"),
            "Aero 14 : A light laptop for travel.",
        ),
    )
    assert held(judge, {}, french, "fr") == {"language": True}
    english = seen(judge, text(say("utter_no_results", "en", query="tondeuse")))
    assert held(judge, {}, english, "fr") == {"language": False}
    assert held(judge, {}, seen(judge, []), "fr") == {"language": False}


def test_an_unknown_expectation_is_refused(judge: Judge) -> None:
    with pytest.raises(ValueError, match="unknown expectation"):
        judge.verdicts({"shows_all": ["X"]}, seen(judge, []), "en")
