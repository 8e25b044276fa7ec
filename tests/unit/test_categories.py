"""Category understanding without a database: taxonomy from paths, dictionary, spelling."""

import pytest

from catalog.categories import (
    Speller,
    Taxonomy,
    category_path,
    corrected_text,
    google_aliases,
    in_a_phrase,
    lexicon,
    norm,
    purpose_verb,
    units,
)
from catalog.text import without_opening_amount

PATHS = [
    "Shoes > Running Shoes",
    "Shoes > Boots",
    "Home > Water Bottles",
    "Kitchen > Mugs",
    "Food > Coffee",
    "Food > Pasta",
    "Food > Pasta Sauces",
    "Electronics > Laptops",
    "Electronics > Phones",
    "Electronics > Chargers",
    "",
]
TAXONOMY = Taxonomy.build(PATHS)


def named(text: str) -> str | None:
    found = TAXONOMY.understand(text).named
    return None if found is None else TAXONOMY.categories[found].path


def test_category_path_prefers_product_type_and_skips_bare_google_ids() -> None:
    assert category_path("Shoes>Boots", "Apparel & Accessories > Shoes") == "Shoes > Boots"
    assert category_path("", "Apparel & Accessories > Shoes") == "Apparel & Accessories > Shoes"
    assert category_path("", "187") == ""


def test_every_prefix_is_a_category_and_members_include_descendants() -> None:
    shoes = TAXONOMY.find("shoes")
    assert shoes is not None and TAXONOMY.categories[shoes].path == "Shoes"
    assert TAXONOMY.members(shoes).tolist()[:3] == [True, True, False]
    assert TAXONOMY.find("Shoes > Boots") == TAXONOMY.find("boots")


def test_the_head_of_the_query_names_the_category() -> None:
    assert named("shoes") == "Shoes"
    assert named("running shoes") == "Shoes > Running Shoes"
    assert named("chaussures de course") == "Shoes > Running Shoes"
    assert named("bottes") == "Shoes > Boots"
    assert named("gourde") == "Home > Water Bottles"
    assert named("cup for coffee") == "Kitchen > Mugs"
    assert named("tasse à café") == "Kitchen > Mugs"
    assert named("coffee mug") == "Kitchen > Mugs"
    assert named("pasta") == "Food > Pasta"
    assert named("ordi portable") == "Electronics > Laptops"


def test_two_kinds_in_the_head_name_the_first_in_french_and_the_last_in_english() -> None:
    taxonomy = Taxonomy.build(["Clothing > Jackets", "Clothing > Jeans"])

    def named_in(text: str) -> str | None:
        found = taxonomy.understand(text).named
        return None if found is None else taxonomy.categories[found].path

    assert named_in("jean jacket") == "Clothing > Jackets"
    # a word only French has says the order is French, with no article or accent to tell
    assert named_in("veste jean homme") == "Clothing > Jackets"


def test_a_relative_clause_or_an_english_article_ends_no_head_too_soon() -> None:
    # what the thing does is said after "that"/"qui": the kinds it names are not the thing
    assert named("plastic water bottles that fit in their lunch bags") == "Home > Water Bottles"
    assert named("a mug that keeps my coffee hot") == "Kitchen > Mugs"
    assert named("une gourde qui garde le café chaud") == "Home > Water Bottles"
    assert named("a mug where the coffee stays hot") == "Kitchen > Mugs"
    # "a" after an English word is the article, not a French "à" opening a complement
    assert named("my lad needs a laptop") == "Electronics > Laptops"
    assert named("tasse a cafe") == "Kitchen > Mugs"
    # a clause opening on its subject, without its "that"
    assert named("boots I can wear with my laptop bag") == "Shoes > Boots"


def test_a_kind_given_as_an_example_is_the_kind_asked() -> None:
    assert named("warm for her, like a pair of boots") == "Shoes > Boots"
    assert named("un truc chaud pour l'hiver, genre des bottes") == "Shoes > Boots"
    # "like" the verb, or an example beside a kind named, says no kind of its own
    assert named("for my son, he'd like coffee") is None
    assert named("a mug like the coffee ones") == "Kitchen > Mugs"


def test_weaker_matches_are_boosts_only() -> None:
    for text in ("bottle", "dog food", "portable", "the Aero 14"):
        assert named(text) is None, text
    boosts = TAXONOMY.understand("bottle").boosts
    assert set(boosts) == {TAXONOMY.find("Water Bottles")}


@pytest.mark.parametrize(
    ("text", "verb"),
    [
        ("truc pour recharger mon téléphone", 2),
        ("something to keep my coffee hot", 2),
        ("a cable for charging my laptop", 3),
        ("pr ecouter de la musique", 1),
        ("chaussures pour mon fils", None),  # "pour" and a determiner: who it is for
        ("téléphone solide pour chantier, c'est pour mon frère", None),  # a noun, no verb
        ("usb c to usb c cable", None),
        ("headphones up to 100", None),
        ("tasse à café", None),
    ],
)
def test_a_purpose_clause_opens_on_its_verb(text: str, verb: int | None) -> None:
    assert purpose_verb(text) == verb


def test_in_a_purpose_clause_the_verb_says_the_kind_and_its_object_none() -> None:
    boosts = TAXONOMY.understand("un truc pour recharger mon téléphone").boosts
    assert TAXONOMY.find("Chargers") in boosts
    assert TAXONOMY.find("Phones") not in boosts
    assert named("something to keep my coffee hot") is None  # not the coffee
    # a complement that is no purpose still leans to its kind, more weakly than a head
    leaning = TAXONOMY.understand("batterie externe pour mon téléphone").boosts
    assert 0 < leaning[TAXONOMY.find("Phones")] < 1


def test_speller_corrects_unknown_words_one_edit_away() -> None:
    speller = Speller({"sneaker": 3, "laptop": 2, "sofa": 1}, {"sneaker": "sneakers"}, set())
    assert speller.correct(norm("sneakrs")) == "sneaker"
    assert speller.correct(norm("lpatop")) == "laptop"
    assert speller.correct("sofa") == "sofa"
    assert speller.correct("zzzzzz") == "zzzzzz"


def test_everyday_words_of_either_language_are_no_typos() -> None:
    # One edit from a dictionary kind, yet words of the language: "gardent" is no "garden",
    # "aussi" no "cassi", "enleve" typed without its accent no "eleve", "where" no "herbe".
    speller = Speller({"garden": 0, "cassi": 0, "eleve": 0, "herbe": 0, "hoodie": 4}, {}, set())
    for word in ("gardent", "aussi", "enleve", "where"):
        assert speller.correct(word) == word, word
        assert corrected_text(f"qui {word} bien", speller) == f"qui {word} bien", word
    assert speller.correct("hodie") == "hoodie"  # a typo of the shop's word is still fixed


def test_a_french_word_is_read_as_the_english_cognate_a_title_uses() -> None:
    # "truffe", "vanille": French words, and the English words of the shop's titles spelt the
    # French way. Not "salut" (salt), "gardent" (a verb, though a garden is sold), "train"
    # (an English word too: no trail).
    speller = Speller({"truffle": 1, "vanilla": 1, "salt": 2, "garden": 3, "trail": 2}, {}, set())
    assert [speller.correct(word) for word in ("truffe", "vanille")] == ["truffle", "vanilla"]
    for word in ("salut", "gardent", "train"):
        assert speller.correct(word) == word, word
    # a word of the dictionary only, no title's, is not reached that way
    assert Speller({"truffle": 0}, {}, set()).correct("truffe") == "truffe"


def test_property_words_never_name_a_kind_of_product() -> None:
    # A property ("poche", "micro-ondes") describes a product; were it also a kind, the
    # search would require products to say it. "coupe-vent" is both a windbreaker and windproof.
    lex = lexicon()
    assert lex.phrases[(norm("poches"),)] <= lex.properties
    assert not lex.phrases[(norm("ordinateur"),)] & lex.properties
    mixed = {
        " ".join(phrase)
        for phrase, concepts in lex.phrases.items()
        if concepts & lex.properties and concepts - lex.properties
    }
    assert mixed == {"coupevent"}


def test_everyday_french_kind_words_reach_english_categories() -> None:
    # Slang, regional and compound words ("natel" is Swiss, "tapis de souris" is no rug).
    taxonomy = Taxonomy.build(
        [
            "Shoes > Boots",
            "Shoes > Sneakers",
            "Bags > Backpacks",
            "Kitchen > Coffee Makers",
            "Electronics > Phones",
            "Electronics > Phone Cases",
            "Electronics > Mouse Pads",
            "Home > Rugs",
            "Home > Duvet Covers",
            "Clothing > Sweatpants",
            "Sports > Treadmills",
            "Pets > Dog Food",
            "Pets > Cat Food",
        ]
    )

    def named_in(text: str) -> str | None:
        found = taxonomy.understand(text).named
        return None if found is None else taxonomy.categories[found].path

    expected = {
        "bottines": "Shoes > Boots",
        "godasses": "Shoes",
        "cartable": "Bags > Backpacks",
        "sac de rando": "Bags > Backpacks",
        "cafetière à piston": "Kitchen > Coffee Makers",
        "natel": "Electronics > Phones",
        "tapis de souris": "Electronics > Mouse Pads",
        "tapis de course": "Sports > Treadmills",
        "housse de couette": "Home > Duvet Covers",
        "pantalon de jogging": "Clothing > Sweatpants",
        "croquettes pour chat": "Pets > Cat Food",
    }
    assert {text: named_in(text) for text in expected} == expected


def test_a_son_is_no_wire() -> None:
    """ "fils" is wires and a son: "mon fils" is who it is for, no cable asked."""
    lex = lexicon()
    assert lex.kinds(units("des fils électriques")) != []
    assert lex.kinds(units("mon fils fait de l'athlétisme")) == []
    assert named("Montrez-moi vos pâtes, c'est pour mon fils") == "Food > Pasta"


def test_ingredients_origins_and_materials_are_properties_not_kinds() -> None:
    # "thé à la cannelle", "café du Pérou": the search never requires a product to say them.
    lex = lexicon()
    for word in "cannelle gingembre cardamome perou equateur pouilles cachemire".split():
        concepts = lex.phrases[(norm(word),)]
        assert concepts and concepts <= lex.properties, word
    assert lex.phrases[(norm("Pérou"),)] == lex.phrases[(norm("peru"),)]


@pytest.mark.parametrize(
    ("text", "word", "named"),
    [
        ("Rajoute trois tablettes de chocolat noir 70 %", "noir", True),
        ("un thé vert svp", "vert", True),
        ("two black tea bags", "black", True),
        ("un sac à dos noir", "noir", False),  # the backpack's colour
        ("a black mug and green tea", "black", False),
        ("a black mug and green tea", "green", True),
    ],
)
def test_a_colour_inside_a_dictionary_phrase_is_part_of_a_name(
    text: str, word: str, named: bool
) -> None:
    assert in_a_phrase(text, text.index(word)) is named


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("2 pots de pesto", "pesto"),
        ("Et une boîte de camomille", "camomille"),  # going on, and an accent
        ("Et deux petits sachets d'amandes grillées", "amandes grillées"),  # a size of bag
        ("and a big bag of pretzels", "pretzels"),
        ("sac à dos de rando", "sac à dos de rando"),  # no amount: the kind is the bag
    ],
)
def test_an_amount_opening_a_request_counts_the_kind_that_follows(text: str, kind: str) -> None:
    assert without_opening_amount(text) == kind


def test_the_google_step_above_a_merchant_category_names_it_when_it_is_its_own() -> None:
    products = [
        ("Accessories > Backpacks", "Luggage & Bags > Backpacks"),
        ("Electronics > Laptops", "Electronics > Computers > Laptops"),
        ("Electronics > Tablets", "Electronics > Computers > Tablet Computers"),
        ("Food > Snacks", "Food, Beverages & Tobacco > Food Items > Snack Foods > Chips"),
    ]
    aliases = google_aliases(products)
    assert aliases["Accessories > Backpacks"] == {"Backpacks", "Luggage & Bags"}
    # "Computers" is above laptops and tablets: it names neither
    assert aliases["Electronics > Laptops"] == {"Laptops"}
    # "Snack Foods" says "food", a word of the merchant's own taxonomy
    assert aliases["Food > Snacks"] == {"Chips"}
    taxonomy = Taxonomy.build([path for path, _ in products], aliases)
    found = taxonomy.understand("le sac étanche").named
    assert found is not None and taxonomy.categories[found].path == "Accessories > Backpacks"
    assert taxonomy.understand("the yellow bag").named == found
    # a container counting what follows names no kind: "a bag of crisps" is no backpack; nor
    # does one sized after what it holds
    assert taxonomy.understand("un sac de chips").named != found
    assert taxonomy.understand("the almonds, the big bag please").named != found
    assert taxonomy.understand("the kilo bag").named != found
    assert taxonomy.understand("a big bag for hiking").named == found
