"""Pure dialogue logic: variant choice, quantities, cart edits, fallback stages, language."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.conversation.fallback import SUGGESTIONS, fallback_stage, suggested_intents
from assistant.conversation.quantities import (
    edit_for,
    pair_counted,
    parse_quantity,
    quantity_in_words,
    quantity_said,
    says_only_how_many,
)
from assistant.conversation.variants import (
    a_temperature_at,
    choose_variant,
    named_size,
    named_value,
    names_an_option,
    option_label,
)
from assistant.nlu.language_guess import LanguageGuesser, build_detector
from assistant.services.views import Option
from assistant.wording import say

SHIRT = [
    Option("R-S", "red", "S", True),
    Option("R-M", "red", "M", True),
    Option("R-L", "red", "L", False),
    Option("B-M", "blue", "M", True),
]


def test_variant_asks_colour_first_then_size() -> None:
    choice = choose_variant(SHIRT, None, None)
    assert choice.ask == "color" and [o.color for o in choice.choices] == ["red", "blue"]
    choice = choose_variant(SHIRT, "Red", None)
    assert choice.ask == "size" and [o.size for o in choice.choices] == ["S", "M"]
    assert choose_variant(SHIRT, "red", "m").sku == "R-M"
    assert choose_variant(SHIRT, None, "M").ask == "color"
    assert choose_variant(SHIRT, "blue", None).sku == "B-M"  # only one left: no question


def test_a_size_that_is_a_capacity_asks_which_version() -> None:
    laptop = [Option("L-512", "grey", "512GB", True), Option("L-1T", "grey", "1 TB", True)]
    choice = choose_variant(laptop, None, None)
    assert choice.ask == "version"
    assert [option_label(option, choice.ask) for option in choice.choices] == ["512GB", "1 TB"]


def test_variant_unavailable_gives_no_choice() -> None:
    choice = choose_variant(SHIRT, "red", "L")  # exists but out of stock
    assert choice.sku is None and choice.ask is None
    assert choose_variant([Option("X", "", "", True)], None, None).sku == "X"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2", 2), ("two", 2), ("deux", 2), ("Trois", 3), ("0", None), ("", None), ("some", None)],
)
def test_parse_quantity(text: str, expected: int | None) -> None:
    assert parse_quantity(text) == expected


@pytest.mark.parametrize(
    ("current", "quantity", "text", "expected"),
    [
        (3, None, "remove it", 0),
        (3, 2, "remove 2 mugs", 1),
        (3, 5, "remove 5 of them", 0),
        (3, 1, "only keep 1", 1),
        (1, 3, "change the quantity to 3", 3),
        (3, 1, "je n'en veux que 1", 1),
        (2, 1, "je n'en veux qu'un", 1),
        (3, 2, "passe-le à 2", 2),
        (3, 1, "enlève 1 t-shirt", 2),
    ],
)
def test_cart_edit(current: int, quantity: int | None, text: str, expected: int) -> None:
    assert edit_for(current, quantity, text).new_quantity == expected


def test_fallback_suggests_known_intents_in_ranking_order_then_escalates() -> None:
    ranking = [
        {"name": "nlu_fallback"},
        {"name": "view_cart"},
        {"name": "greet"},
        {"name": "checkout"},
        {"name": "order_status"},
        {"name": "help"},
    ]
    assert suggested_intents(ranking) == ["view_cart", "checkout", "order_status"]
    assert suggested_intents([{"name": "checkout"}]) == ["checkout", "search_product", "view_cart"]
    assert suggested_intents([]) == ["search_product", "view_cart", "help"]
    # Offered as buttons: Messenger clips titles past 20 characters.
    labels = [
        say(f"label_intent_{intent}", lang) for intent in SUGGESTIONS for lang in ("en", "fr")
    ]
    assert all(len(label) <= 20 for label in labels)
    assert fallback_stage(["greet"]) == 1
    assert fallback_stage([]) == 1
    assert fallback_stage(["greet", "nlu_fallback"]) == 2


@pytest.fixture(scope="module")
def guesser() -> LanguageGuesser:
    return LanguageGuesser(build_detector())


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("merci", "fr"),
        ("salut", "fr"),
        ("oui", "fr"),
        ("moins cher", "fr"),
        ("le deuxième", "fr"),
        ("yes", "en"),
        ("thanks", "en"),
        ("in blue", "en"),
        ("je voudrais des baskets rouges pas trop chères, taille 42", "fr"),
        ("do you have that in blue?", "en"),
        ("usb c to usb c cable", "en"),  # a plug's letter, no texted "c'est"
        ("un cable usb c stp", "fr"),
        ("ok", None),
        ("42", None),
        ("XL", None),
        ('/add_to_cart{"sku": "TS-CLASSIC-RED-M"}', None),
        ("c vegan ?", "fr"),  # texting French
        ("jean brut selvedge", "fr"),
        ("pesto", None),  # a word both languages use: the conversation's language stays
        ("L'Earl Grey est en promo ?", "fr"),  # a product's English name in a French question
        ("L'Earl Grey existe en 100 g, en stock ?", "fr"),
        ("is the Earl Grey tea on sale?", "en"),
        ("do you have the white chocolate bar in a bigger size?", "en"),
        # a few shop words only French has: the message is French, however English it looks
        ("infusion menthe bio", "fr"),
        ("pates completes", "fr"),
        ("Le cable se detache ?", "fr"),  # short French with no accent: "le", "se"
        ("Y est-tu en special?", "fr"),  # Québec's "-tu" asks in French
        ("is it on special?", "en"),
        ("well-being socks", "en"),  # a hyphen is no inversion
    ],
)
def test_language_guess(guesser: LanguageGuesser, text: str, expected: str | None) -> None:
    guess = guesser.guess(text)
    assert (guess.code if guess else None) == expected


def test_tracker_store_url_defaults_next_to_the_shop_database() -> None:
    from assistant.kernel.settings import Settings
    from assistant.tracker_store import for_rasa, for_tools, tracker_store_url

    sqlite = Settings(database_url="sqlite:////srv/shop/shop.db", _env_file=None)
    assert tracker_store_url(sqlite) == "sqlite:////srv/shop/tracker.db"
    postgres_url = "postgresql+psycopg://shop:secret@db:5432/shop"
    postgres = Settings(database_url=postgres_url, _env_file=None)
    assert tracker_store_url(postgres) == postgres_url
    assert for_rasa(postgres_url) == "postgresql://shop:secret@db:5432/shop"  # psycopg2 side
    assert for_tools("postgresql://shop:secret@db:5432/shop") == postgres_url
    explicit = Settings(tracker_store_url="sqlite:////tmp/t.db", _env_file=None)
    assert tracker_store_url(explicit) == "sqlite:////tmp/t.db"


def test_report_threshold_failures_name_language_and_score(tmp_path: Path) -> None:
    from assistant.nlu_tools.evaluation import (
        EvaluationError,
        LanguageReport,
        Scores,
        Thresholds,
        _micro_f1,
        failures,
        load_thresholds,
    )

    entities = {
        "product": Scores(1.0, 1.0, 1.0, 3),
        "price.max": Scores(0.5, 0.5, 0.5, 1),
        "ordinal": Scores(0.0, 0.0, 0.0, 9),  # not a key entity: ignored
    }
    assert _micro_f1(entities, ("product", "price")) == pytest.approx(0.875)
    report = LanguageReport("fr", 0.9, 0.89, {}, 0.875, entities, Path("x.png"))
    problems = failures([report], Thresholds(intent_f1=0.9, entity_f1=0.9))
    assert len(problems) == 2 and all(problem.startswith("fr: ") for problem in problems)
    assert "intent F1 0.890 < 0.9" in problems[0]
    assert failures([report], Thresholds(intent_f1=0.8, entity_f1=0.8)) == []
    broken = tmp_path / "thresholds.yml"
    broken.write_text("intent_f1: high\n")
    with pytest.raises(EvaluationError, match=r"thresholds\.yml"):
        load_thresholds(broken)


def test_report_reads_each_entity_from_the_extractor_that_owns_it(tmp_path: Path) -> None:
    import json

    from assistant.nlu_tools.evaluation import read_report

    def row(f1: float, support: int) -> dict[str, float]:
        return {"precision": f1, "recall": f1, "f1-score": f1, "support": support}

    (tmp_path / "intent_report.json").write_text(
        json.dumps({"accuracy": 0.9, "weighted avg": row(0.9, 10), "greet": row(0.9, 10)})
    )
    # Rasa scores every extractor against every annotated label.
    diet = {"product": row(1.0, 4), "price.max": row(0.0, 2), "micro avg": row(0.7, 6)}
    (tmp_path / "DIETClassifier_report.json").write_text(json.dumps(diet))
    without_prices = read_report("en", tmp_path)
    assert without_prices.entities["price.max"].f1 == 0.0  # its extractor found nothing at all
    assert without_prices.entity_f1 == pytest.approx(4 / 6)
    rules = {"product": row(0.0, 4), "price.max": row(0.5, 2)}
    (tmp_path / "PriceEntityExtractor_report.json").write_text(json.dumps(rules))
    report = read_report("en", tmp_path)
    assert report.entities["product"].f1 == 1.0 and report.entities["price.max"].f1 == 0.5
    assert report.entity_f1 == pytest.approx(5 / 6)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("42", "42"),
        ("la M", "M"),
        ("size XL please", "XL"),
        ("je prends le 38,5", "38,5"),
        ("medium", None),  # "M" is not a word inside "medium"
        ("i'll take the L", "L"),
        ("red", None),
        # an elided French word is no size, whichever order the sizes come in
        ("en noir taille M, s'il vous plaît", "M"),
        ("s'il vous plaît", None),
        ("je m'en prends une en L", "L"),
    ],
)
def test_a_typed_answer_names_an_option(text: str, expected: str | None) -> None:
    from assistant.conversation.variants import named_value

    assert named_value(text, ["S", "M", "L", "XL", "42", "38,5"]) == expected


def test_french_names_come_from_the_trainers_synonyms() -> None:
    from assistant.conversation.wording import french_names

    names = french_names()
    assert names["red"] == "rouge" and names["sneakers"] != "sneakers"


def test_inbox_since_reads_durations_and_dates() -> None:
    from datetime import UTC, datetime

    from assistant.nlu_tools.inbox import InboxError, parse_since

    now = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
    assert parse_since("7d", now) == datetime(2026, 11, 18, 12, 0, tzinfo=UTC).timestamp()
    assert parse_since("24h", now) == datetime(2026, 11, 24, 12, 0, tzinfo=UTC).timestamp()
    assert parse_since("30m", now) == datetime(2026, 11, 25, 11, 30, tzinfo=UTC).timestamp()
    assert parse_since("2026-11-01") == datetime(2026, 11, 1, tzinfo=UTC).timestamp()
    with pytest.raises(InboxError, match="last week"):
        parse_since("last week")


@pytest.mark.parametrize(
    ("text", "expected"),
    [("medium please", "M"), ("la grande", "L"), ("extra large", "XL"), ("big", None)],
)
def test_size_words_name_letter_sizes(text: str, expected: str | None) -> None:
    from assistant.conversation.variants import named_size

    assert named_size(text, ["S", "M", "L", "XL"]) == expected
    assert named_size("medium", ["40", "42"]) is None  # shoes have no M


@pytest.mark.parametrize(
    ("text", "sizes", "expected"),
    [
        ("le paquet d'un kilo", ["500 g", "1 kg"], "1 kg"),
        ("add the big bag", ["250 g", "1 kg"], "1 kg"),
        ("la petite boite", ["100 g", "250 g"], "100 g"),
        ("in white, 2 metres", ["1 m", "2 m"], "2 m"),
        ("blue 128 then", ["128 GB", "256 GB"], "128 GB"),
        ("2 M please", ["S", "M", "L"], "M"),  # two in M, not two metres
    ],
)
def test_measures_said_in_words_name_a_size(text: str, sizes: list[str], expected: str) -> None:
    from assistant.conversation.variants import named_size

    assert named_size(text, sizes) == expected


@pytest.mark.parametrize(
    ("said", "quantity"),
    [
        ("two of the blue one in M", 2),
        ("deux paires en 42", 2),
        ("a pair of the trail shoes", 1),
        ("une paire en 40", 1),
        ("3 packs please", 3),
        ("x2", 2),
        ("in 43", None),  # a size
        ("the 16 GB one", None),  # a specification
        ("un sac neuf", None),  # "neuf" is "new" here
        ("the blue one", None),
        ("le regular fit en noir taille L, 2", 2),
        ("en blanc alors, 42", None),  # a shoe size closing the message
        ("also 2 15w wireless charging pads in black", 2),  # a measure of each after the count
        ("throw in 3 6-packs of granola bars too", 3),
        ("the 27 inch please", None),
        # ages are no counts
        ("My son is eight and he wants headphones for his tablet.", None),
        ("ma fille a huit ans", None),
        ("a gift for a 6-year-old", None),
        ("he turns ten next week, two of them please", 2),
        ("a pack of two", 2),
        ("k 3 red ones size m", 3),  # "k", texted "ok"
        # how many people it is for counts nothing
        ("I cook with olive oil every day for a family of five.", None),
        ("j'organise un repas pour six personnes", None),
        ("deux paquets pour 4 personnes", 2),
        # a number put right in the same message: the one said last
        ("great give me four bags no actually five", 5),
        ("trois, non quatre", 4),
        # how long is no count
        ("my husband turns forty in two weeks, a leather jacket?", None),
        ("c'est pour un voyage de trois semaines, deux paires", 2),
    ],
)
def test_quantities_said_in_words(said: str, quantity: int | None) -> None:
    assert quantity_in_words(said) == quantity


@pytest.mark.parametrize(
    ("said", "product", "counted"),
    [
        ("Please add a pair of them in blue.", "Enamel Camping Mug Home > Mugs", 2),
        ("a pair of the trail shoes", "Trail Running Shoes Shoes > Running", 1),
        ("une paire de chaussettes", "Merino Hiking Socks Clothing > Socks", 1),
        ("une paire de tasses", "Espresso Cups Set of 4 Home > Mugs", 2),
        ("two mugs", "Enamel Camping Mug Home > Mugs", None),
    ],
)
def test_a_pair_is_one_of_what_is_worn_in_pairs_and_two_of_anything_else(
    said: str, product: str, counted: int | None
) -> None:
    assert pair_counted(said, product) == counted


def test_an_english_possessive_or_contraction_names_no_size() -> None:
    assert named_size("women's jeans under 60 euros", ["XS", "S", "M"]) is None
    assert named_size("I'm looking for a t-shirt", ["XS", "S", "M"]) is None
    assert named_size("the men's one in S", ["XS", "S", "M"]) == "S"
    assert named_size("s'il vous plaît, en M", ["XS", "S", "M"]) == "M"


def test_a_variant_is_chosen_by_its_own_attribute_or_asked_for() -> None:
    options = [
        Option("G-512", "grey", "", True, (("storage", "512 GB"),)),
        Option("G-1TB", "grey", "", True, (("storage", "1 TB"),)),
        Option("B-1TB", "blue", "", True, (("storage", "1 TB"),)),
    ]
    assert choose_variant(options, "grey", None, "the grey one with 1TB").sku == "G-1TB"
    asked = choose_variant(options, "grey", None, "the grey one")
    assert asked.ask == "option" and [o.sku for o in asked.choices] == ["G-512", "G-1TB"]
    assert [option_label(o, "option") for o in asked.choices] == ["512 GB", "1 TB"]
    assert names_an_option(options, "1 tb please") and not names_an_option(options, "in 42")


@pytest.mark.parametrize(
    "said",
    [
        "tu as des sandales pas cheres",  # the issue's own examples
        "un sweat noir a 40 balles max",
        "c cb",
        "t'as un casque pour le sport ?",
        "veste homme pour la pluie",
        "ya des gourdes en inox",
        "c dispo en 39 ?",
    ],
)
def test_informal_french_without_accents_is_french(said: str) -> None:
    guess = LanguageGuesser(build_detector()).guess(said)
    assert guess is not None and guess.code == "fr"


@pytest.mark.parametrize(
    ("said", "named"),
    [
        ("ok je le prends en bleu 512 go", "512GB"),
        ("la version 1 To", "1TB"),
        ("en bleu 512", "512GB"),
        ("the 1tb one", "1TB"),
        ("between 2 to 3", None),
    ],
)
def test_a_capacity_is_named_in_either_language_or_by_its_number(
    said: str, named: str | None
) -> None:
    assert named_value(said, ["512GB", "1TB"]) == named


@pytest.mark.parametrize(
    ("value", "text", "kept"),
    [
        ("27", "add the 27 inch QHD", None),
        ("27", "the 27-inch one", None),
        ("1", "the 1 TB version", None),
        ("27", 'the 27" monitor', None),
        ("2", "2 in blue please", "2"),
        ("2", "add 2 of the 27 inch", "2"),
        # what a pack holds names the product
        ("five", "I also need a five-pack of crew socks in black, size L.", None),
        ("cinq", "Des chaussettes, le lot de cinq, noir taille S", None),
        ("three", "socks for running, pack of three, white", None),
        ("3", "3 packs of socks", "3"),
        ("two", "two 5-packs of socks", "two"),
        ("2", "en fait mets-en 2, une pour mon pote.", "2"),  # a comma after the count
        # a price has decimals; no count has
        ("17,99", "La rose à 17,99.", None),
        ("9.99", "The 9.99 one, orange.", None),
    ],
)
def test_a_number_before_a_unit_is_a_measure_not_a_quantity(
    value: str, text: str, kept: str | None
) -> None:
    assert quantity_said(value, text) == kept


@pytest.mark.parametrize(
    ("text", "count"),
    [("nah make it 2", 2), ("actually only 3 paprika", 3), ("mets-en 4", 4), ("only 16 gb", None),
     ("just 2 m", None), ("a 3-pack of the no-show ones", 1), ("add 2 of the 3-pack", 2)],
)  # fmt: skip
def test_a_new_number_for_a_line_is_a_quantity(text: str, count: int | None) -> None:
    assert quantity_in_words(text) == count


@pytest.mark.parametrize(
    ("text", "size"),
    [("the kilo bag", "1 kg"), ("half a kilo", "500 g"), ("le kilo", "1 kg"), ("un kilo", "1 kg")],
)
def test_a_unit_said_without_a_number_is_one_of_it(text: str, size: str) -> None:
    assert named_size(text, ["250 g", "500 g", "1 kg"]) == size


@pytest.mark.parametrize(
    ("text", "only"),
    [
        ("Cinq tablettes", True),
        ("deux paquets svp", True),
        ("3 bags", True),
        ("une paire", True),
        ("x3", True),
        ("2 of them", False),  # points at a line: the edit reads it
        ("trois tablettes de noir", False),  # names the dark chocolate
        ("2 mugs", False),
        ("5", False),  # a size as likely as a count
        ("Mets deux", False),
    ],
)
def test_a_count_of_nothing_named_says_only_how_many(text: str, only: bool) -> None:
    assert says_only_how_many(text) is only


def test_a_temperature_is_no_size() -> None:
    sizes = ["30", "39", "40", "42", "44"]
    assert named_value("would they handle 40 below", sizes) is None
    assert named_value("ça tient à moins 30 ?", sizes) is None
    assert named_value("40 degrees outside, size 44", sizes) == "44"
    assert named_value("in a 40 please", sizes) == "40"
    text = "elles résistent à moins trente"
    assert a_temperature_at(text, text.index("trente"), len(text))
    text = "size 40 - 42"
    assert not a_temperature_at(text, text.index("42"), len(text))
