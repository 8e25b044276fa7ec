"""Questions about a product, answered from its variants and attributes (never guessed)."""

import pytest

from assistant.conversation.opposites import opposites
from assistant.conversation.product_questions import (
    MATERIALS_FILE,
    answer_question,
    asks_price,
    compare_products,
    is_comparison,
    is_which,
    is_yes_no,
    question_beside,
    which_say,
)
from assistant.kernel.money import format_money
from assistant.services.views import Option, ProductView
from assistant.wording import say
from catalog.categories import lexicon, split_words


def product(
    title: str,
    attributes: dict[str, str] | None = None,
    options: tuple[Option, ...] = (),
    description: str = "",
) -> ProductView:
    return ProductView(
        title=title,
        brand="Brand",
        description=description,
        currency="EUR",
        min_price_minor=1000,
        max_price_minor=1000,
        options=options or (Option(f"{title}-1", "", "", True),),
        stock=None,
        group_id=title,
        attributes=tuple(sorted((attributes or {}).items())),
    )


LAPTOP = product(
    "Glide 13",
    {"ram": "16 GB", "weight": "1.2 kg", "screen size": "13.3 in"},
    (
        Option("G-GREY-512", "grey", "", True, (("storage", "512 GB"),)),
        Option("G-GREY-1TB", "grey", "", False, (("storage", "1 TB"),)),
    ),
)
BOOTS = product(
    "Ridge Boots",
    options=(
        Option("RB-BROWN-42", "brown", "42", True),
        Option("RB-BROWN-43", "brown", "43", False),
        Option("RB-GREY-44", "grey", "44", True),
    ),
    description="Full-grain leather, waterproof membrane.",
)
PESTO = product("Basil Pesto", {"allergens": "milk, cashew", "vegan": "no"})
CRACKERS = product("Rye Crackers", {"allergens": "none"})


def verdict(text: str, about: ProductView, lang: str = "en", **said: str) -> str | None:
    answer = answer_question(text, about, lang, **said)
    return answer.verdict if answer else None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("does it have 16 GB of RAM?", "yes"),
        ("does it have 8gb ram", "yes"),  # more than asked holds
        ("does it have 32 GB of RAM?", "no"),
        ("il a 16 Go de mémoire vive ?", "yes"),
        ("does it weigh less than 1.5 kg?", "yes"),
        ("is it under 1 kg?", "unknown"),  # no specification named: the merchant doesn't say
        ("is the screen a touchscreen?", "unknown"),
        ("does it have a backlit keyboard?", "unknown"),
    ],
)
def test_yes_no_from_attributes(text: str, expected: str) -> None:
    assert verdict(text, LAPTOP) == expected


def test_variant_questions_say_yes_only_for_what_can_be_bought() -> None:
    assert verdict("do you have them in 42?", BOOTS, size="42") == "yes"
    assert verdict("do you have them in 43?", BOOTS, size="43") == "no"  # sold out
    assert verdict("got them in black?", BOOTS, color="black") == "no"
    assert verdict("vous les avez en gris ?", BOOTS, "fr", names={"grey": "gris"}) == "yes"
    no = answer_question("got them in black?", BOOTS, "en", color="black")
    assert no is not None and "brown" in say(no.label, "en", **no.values)


@pytest.mark.parametrize(
    ("text", "size"),
    [
        ("does it handle 100W laptops?", "100"),
        ("Will a 16 inch laptop fit in it?", "16"),
        ("c'est du coton à 100 % ?", "100"),
    ],
)
def test_a_number_in_another_unit_than_the_sizes_asks_for_no_version(text: str, size: str) -> None:
    """A measure of something else ("100W", "16 inch", "100 %") is no size the product is sold
    in: no "we don't have it in 100"."""
    cable = product(
        "Cable",
        options=(Option("C-1M", "black", "1 m", True), Option("C-2M", "black", "2 m", True)),
    )
    answer = answer_question(text, cable, "en", size=size)
    assert answer is None or answer.label != "label_answer_variant_no"
    # the same number with the sizes' own unit still asks for a version
    two_m = answer_question("do you have it in 2 m?", cable, "en", size="2")
    assert two_m is not None and two_m.verdict == "yes"


@pytest.mark.parametrize(
    ("text", "about", "expected"),
    [
        ("does it contain nuts?", PESTO, "yes"),  # cashew is a nut
        ("is it nut free?", PESTO, "no"),
        ("is it made without nuts?", PESTO, "no"),
        ("is it vegan?", PESTO, "no"),
        ("c'est sans lactose ?", PESTO, "no"),
        ("any milk in it?", CRACKERS, "no"),
        ("is it gluten free?", CRACKERS, "yes"),  # allergens "none"
        ("is it gluten free?", LAPTOP, "unknown"),
    ],
)
def test_food_questions(text: str, about: ProductView, expected: str) -> None:
    assert verdict(text, about) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Les crackers au romarin, ils contiennent du gluten ?", "yes"),
        ("do they have gluten", "yes"),
        ("is there gluten in it?", "yes"),
        ("are they gluten free?", "no"),
        ("c'est sans gluten ?", "no"),
        ("made without gluten?", "no"),
    ],
)
def test_the_presence_of_an_allergen_is_the_contrary_of_its_free_flag(
    text: str, expected: str
) -> None:
    wheat = product("Rosemary Crackers", {"allergens": "gluten (wheat)"})
    assert verdict(text, wheat) == expected
    flagged = product("Corn Fusilli", {"gluten free": "yes", "allergens": "none"})
    assert verdict(text, flagged) == {"yes": "no", "no": "yes"}[expected]


@pytest.mark.parametrize(
    "text",
    [
        "Is the Earl Grey nice with a drop of milk?",
        "Et le thé, il se prépare avec du lait ?",
        "does it go with milk",
    ],
)
def test_what_a_product_is_taken_with_is_not_what_it_holds(text: str) -> None:
    tea = product(
        "Earl Grey",
        {"allergens": "none"},
        description="Loose leaf black tea. Fragrant and brisk, lovely with a splash of milk.",
    )
    assert verdict(text, tea, "fr" if "thé" in text else "en") == "yes"
    answer = answer_question(text, tea, "en")
    assert answer is not None and "splash of milk" in answer.values["quote"]
    # the merchant saying nothing of it is no "no"
    assert verdict(text, product("Green Tea", {"allergens": "none"})) == "unknown"
    # what it is made with is what it holds
    assert verdict("is it made with milk?", tea) == "no"


def test_a_description_can_say_yes_but_silence_is_never_no() -> None:
    assert verdict("is it waterproof?", BOOTS) == "yes"
    assert verdict("is it vegan leather?", BOOTS) == "unknown"


def test_the_sentence_asking_is_answered_not_the_words_said_before_it() -> None:
    # "pas grave" is no negation of what is asked
    assert verdict("Pas grave. Elles sont imperméables ?", BOOTS, "fr") == "yes"
    assert verdict("Never mind. Are they waterproof?", BOOTS) == "yes"
    assert verdict("Les bottes, sont-tu imperméables ?", BOOTS, "fr") == "yes"  # Québec "-tu"


def test_milk_or_eggs_among_the_allergens_say_no_vegan_without_a_flag() -> None:
    bars = product("Protein Bars", {"allergens": "peanuts, milk, soy"})
    assert verdict("r they vegan", bars) == "no"
    # a warning of traces is no ingredient, and silence proves nothing
    dark = product("Dark Bar", {"allergens": "may contain traces of milk"})
    assert verdict("is it vegan?", dark) == "unknown"
    assert verdict("is it vegan?", CRACKERS) == "unknown"


def test_words_that_only_praise_ask_nothing_of_the_product() -> None:
    shoes = product("Light Runners", description="Great for gym sessions and short runs.")
    assert verdict("Is it good for gym also?", shoes) == "yes"
    assert verdict("It is real leather?", BOOTS) == "yes"  # "full-grain leather"
    canvas = product("Canvas Shoes", description="Breathable and comfortable all day.")
    assert verdict("are the canvas ones comfy enough to wear all day?", canvas) == "yes"


def test_words_naming_the_product_before_the_verb_ask_nothing_of_it() -> None:
    down = product(
        "Lightweight Down Jacket",
        description="The water-repellent ripstop shell handles light snow and drizzle.",
    )
    # "légère" names the Lightweight jacket: the question asks "imperméable", not a weight
    assert verdict("La doudoune légère est-elle imperméable ?", down) == "no"
    assert verdict("Is the lightweight down jacket waterproof as well?", down) == "no"
    # after the verb, the words of the title are what is asked
    pasta = product("Gluten Free Fusilli", {"gluten free": "yes", "allergens": "none"})
    assert verdict("Elles sont fabriquées dans un atelier sans gluten ?", pasta) == "yes"


def test_an_allergen_written_with_a_ligature_is_the_same_word() -> None:
    eggs = product("Truffles", {"allergens": "milk, eggs"})
    assert verdict("Les truffes contiennent des œufs ?", eggs, "fr") == "yes"


def test_open_questions_give_the_value_in_the_shoppers_language() -> None:
    answer = answer_question("il pèse combien ?", LAPTOP, "fr")
    assert answer is not None and answer.verdict is None
    assert "1,2 kg" in say(answer.label, "fr", **answer.values)
    colours = answer_question("what colours does it come in?", BOOTS, "en")
    assert colours is not None and "brown, grey" in say(colours.label, "en", **colours.values)
    assert answer_question("tell me more", LAPTOP, "en") is None


@pytest.mark.parametrize(
    ("text", "lang", "quoted"),
    [
        ("how many litres is it?", "en", "A roomy 32 litre pack"),
        ("il fait combien de litres ?", "fr", "A roomy 32 litre pack"),
        ("how many hours does the battery last?", "en", "up to 40 hours of battery"),
        ("how many pockets?", "en", None),  # the description gives no number of pockets
    ],
)
def test_how_many_quotes_the_description_that_counts_it(
    text: str, lang: str, quoted: str | None
) -> None:
    pack = product(
        "Trek Pack", description="A roomy 32 litre pack, with up to 40 hours of battery."
    )
    answer = answer_question(text, pack, lang)
    if quoted is None:
        assert answer is None
    else:
        assert answer is not None and quoted in say(answer.label, lang, **answer.values)


def test_comparisons_pick_among_the_products_that_state_it() -> None:
    heavy = product("Tower 17", {"weight": "2900 g", "screen size": "17.3 in"})
    silent = product("Mystery 15")
    assert is_comparison("which one is lighter?") and is_comparison("lequel est le plus lourd ?")
    assert not is_comparison("which colours?")
    lighter = compare_products("which one is lighter?", [heavy, LAPTOP, silent], "en")
    assert lighter is not None and lighter.product is LAPTOP
    screen = compare_products("lequel a le plus grand écran ?", [LAPTOP, heavy], "fr")
    assert screen is not None and screen.product is heavy
    assert "17,3" in say(screen.label, "fr", **screen.values)


@pytest.mark.parametrize(
    ("text", "yes_no"),
    [
        ("is it in stock?", True),
        ("got them in black?", True),
        ("c'est vegan ?", True),
        ("vous l'avez en 42 ?", True),
        ("how heavy is it?", False),
        ("combien ça coûte ?", False),
        ("which one is lighter?", False),
        ("il est stretch ou pas ?", True),
        ("ou est-ce qu'il est fabriqué ?", False),
        ("Has it got a wee cover for when it's chucking it down?", True),  # "when": a clause
        ("Est-ce qu'il tient chaud quand il gèle ?", True),
        ("when does it arrive?", False),
    ],
)
def test_yes_no_questions(text: str, yes_no: bool) -> None:
    assert is_yes_no(text) == yes_no


def test_which_of_those_lists_the_products_whose_words_say_it() -> None:
    wired = product("Desk Headset", description="A wired headset with a boom microphone.")
    cordless = product("Air Buds", description="Wireless earbuds with a charging case.")
    answer = which_say("which of those is wireless?", [wired, cordless])
    assert answer is not None and answer.product is cordless
    assert which_say("which of those is waterproof?", [wired, cordless]).verdict == "unknown"  # type: ignore[union-attr]
    assert which_say("which colours?", [wired, cordless]) is None


def test_price_questions_and_price_order() -> None:
    assert asks_price("c cb") and asks_price("how much is it?") and not asks_price("is it 16 GB?")
    cheap = product("Cheap One")
    dear = ProductView(**{**cheap.__dict__, "title": "Dear One", "min_price_minor": 9000})
    assert is_comparison("which one is the cheapest?")
    best = compare_products("lequel est le plus cher ?", [cheap, dear], "fr")
    assert best is not None and best.product.title == "Dear One"


# A question in one language about a description written in the other: yes only when the
# description says the concept asked (shopping_words.txt), unknown when it does not or denies it.
LAPTOP_TEXT = "14-inch laptop with built-in speakers, a backlit keyboard and an SD card reader."
FLASK_TEXT = "BPA-free bottle, double-wall vacuum insulated, dishwasher safe, leakproof lid."
JACKET_TEXT = "Windproof softshell with an adjustable hood; machine wash cold."
PACK_TEXT = "Sac à dos 30 L avec compartiment ordinateur et housse de pluie, tissu déperlant."
TEA_TEXT = "Tisane bio sans théine, sans sucres ajoutés."


@pytest.mark.parametrize(
    ("text", "description", "expected"),
    [
        ("il a des haut-parleurs ?", LAPTOP_TEXT, "yes"),
        ("le clavier est rétroéclairé ?", LAPTOP_TEXT, "yes"),
        ("il a un lecteur de carte ?", LAPTOP_TEXT, "yes"),
        ("il a un écran tactile ?", LAPTOP_TEXT, "unknown"),
        ("elle est sans BPA ?", FLASK_TEXT, "yes"),
        ("ça passe au lave-vaisselle ?", FLASK_TEXT, "yes"),
        ("elle est isotherme ?", FLASK_TEXT, "yes"),
        ("ça va au micro-ondes ?", FLASK_TEXT, "unknown"),
        ("il est coupe-vent ?", JACKET_TEXT, "yes"),
        ("il a une capuche ?", JACKET_TEXT, "yes"),
        ("ça passe à la machine ?", JACKET_TEXT, "yes"),
        ("il évacue la transpi ?", JACKET_TEXT, "unknown"),
        ("does it have a laptop sleeve?", PACK_TEXT, "yes"),
        ("does it come with a rain cover?", PACK_TEXT, "yes"),
        ("does it have a bottle pocket?", PACK_TEXT, "unknown"),
        ("is it organic?", TEA_TEXT, "yes"),
        ("is it caffeine free?", TEA_TEXT, "yes"),
        ("is it sugar free?", TEA_TEXT, "yes"),
        ("is it vegan?", TEA_TEXT, "unknown"),
    ],
)
def test_cross_language_questions_read_the_description(
    text: str, description: str, expected: str
) -> None:
    assert verdict(text, product("Item", description=description)) == expected


@pytest.mark.parametrize(
    ("text", "description"),
    [
        ("il contient de la théine ?", "Rooibos, caffeine free."),  # a denied word says nothing
        ("il y a du sucre ajouté ?", "Apricot jam with no added sugar."),
        ("does it contain caffeine?", "Tisane sans théine."),
    ],
)
def test_a_word_the_description_denies_is_not_a_yes(text: str, description: str) -> None:
    assert verdict(text, product("Item", description=description)) == "unknown"


def test_which_of_those_reads_the_question_in_either_language() -> None:
    floating = product("Splash", description="IP67 waterproof speaker that floats.")
    desk = product("Desk", description="Wooden desk speaker with a bass port.")
    answer = which_say("lesquels sont étanches ?", [desk, floating])
    assert answer is not None and answer.product is floating and answer.verdict is None
    assert which_say("lesquels ont un micro ?", [desk, floating]).verdict == "unknown"  # type: ignore[union-attr]


MUG = product(
    "Travel Mug",
    description=(
        "A leakproof travel mug that keeps coffee hot for up to 6 hours. "
        "Made in Portugal from recycled steel. Dishwasher safe lid."
    ),
)
SNOW_BOOTS = product(
    "Snow Boots",
    {"material": "leather"},
    description="Insulated snow boots rated to -25 C. A 3 cm heel and a removable liner.",
)


@pytest.mark.parametrize(
    ("item", "text", "quoted"),
    [
        (MUG, "how long does it keep it hot?", "6 hours"),
        (MUG, "where is it made?", "Portugal"),
        (MUG, "elle est fabriquée où ?", "Portugal"),
        (SNOW_BOOTS, "jusqu'à quelle température ?", "-25 C"),
        (SNOW_BOOTS, "how high is the heel", "3 cm"),
        (SNOW_BOOTS, "heel height?", "3 cm"),  # a topic asked with only a question mark
    ],
)
def test_an_open_question_quotes_the_sentence_that_answers(
    item: ProductView, text: str, quoted: str
) -> None:
    answer = answer_question(text, item, "en")
    assert answer is not None and answer.label == "label_answer_quote"
    assert quoted in answer.values["quote"]


def test_no_sentence_is_quoted_when_none_answers() -> None:
    answer = answer_question("what is the battery life?", MUG, "en")
    assert answer is None or answer.label != "label_answer_quote"
    # A yes/no question stays a yes, a no or "the merchant doesn't say", never a quote.
    assert verdict("is it made in Portugal?", MUG) == "yes"
    assert verdict("does it have a warranty?", MUG) == "unknown"


# The opposite said instead (catalog/data/opposites.txt): "no", quoting what rules it out.
@pytest.mark.parametrize(
    ("text", "title", "description", "said"),
    [
        ("is it wireless?", "USB Wired Mouse", "Plug-and-play optical mouse.", "Wired"),
        ("il est sans fil ?", "Desk Headset", "A wired headset with a boom mic.", "wired"),
        ("is it bluetooth?", "Desk Phone", "Corded phone with caller ID.", "Corded"),
        ("c'est 100% lin ?", "Summer Tee", "Woven from a linen and cotton blend.", "linen and"),
        ("is it pure wool?", "Wool Blend Overcoat", "Warm and fully lined.", "Wool Blend"),
        ("is it waterproof?", "Trail Shoes", "A water-resistant toe bumper.", "water-resistant"),
        ("elle est étanche ?", "City Pack", "Water-repellent fabric.", "Water-repellent"),
        ("is it waterproof?", "Veste", "Tissu déperlant et respirant.", "déperlant"),
        ("is it gluten free?", "Oat Cookies", "May contain traces of gluten.", "May contain"),
        ("c'est sans gluten ?", "Pâtes", "Fabriquées avec du blé dur.", "blé"),
        ("is it vegan?", "Pesto", "Made with basil, Parmigiano and pine nuts.", "Parmigiano"),
        ("c'est vegan ?", "Biscuits", "Contains milk and soy.", "milk"),
        ("is it vegan?", "Oat and Honey Bars", "Chewy and wholesome.", "Honey"),
        ("c'est végétarien ?", "Bonbons", "Contient de la gélatine de porc.", "gélatine"),
        ("is it lactose free?", "Shortbread", "Ingredients: flour, butter, sugar.", "butter"),
        ("is it nut free?", "Milk Chocolate with Hazelnuts", "Creamy.", "Hazelnuts"),
        ("is it decaf?", "Green Tea", "Naturally contains caffeine.", "caffeine"),
        ("is it leather?", "Court Sneakers", "Faux leather upper, rubber sole.", "Faux leather"),
        ("elle est en duvet ?", "Puffer", "Synthetic insulation, warm when wet.", "Synthetic"),
        ("is it dishwasher safe?", "Chef Knife", "Hand wash only.", "Hand wash only"),
        ("is it electric?", "Pepper Mill", "A manual grinder with a ceramic burr.", "manual"),
    ],
)
def test_the_opposite_said_instead_is_a_no(
    text: str, title: str, description: str, said: str
) -> None:
    answer = answer_question(text, product(title, description=description), "en")
    assert answer is not None and answer.verdict == "no", answer
    assert answer.label == "label_answer_contrary" and said in answer.values["said"]
    for lang in ("en", "fr"):
        assert answer.values["said"] in say(answer.label, lang, **answer.values)


@pytest.mark.parametrize(
    ("text", "title", "description", "expected"),
    [
        # What is asked said too: the opposite does not rule it out.
        ("is it waterproof?", "Shell", "Waterproof membrane, water-repellent finish.", "yes"),
        ("is it wireless?", "Buds", "Wireless earbuds with a wired charging case.", "yes"),
        ("is it leather?", "Boots", "Full-grain leather, faux leather trim.", "yes"),
        ("is it gluten free?", "Bread", "Contains no gluten, wheat or barley.", "yes"),
        ("is it 100% cotton?", "Tee", "100% organic cotton.", "yes"),
        # A serving suggestion, a denial or an exception is not what the product is made of.
        ("is it vegan?", "Earl Grey", "Lovely with a splash of milk.", "unknown"),
        ("is it vegan?", "Crackers", "Serve with cheese or hummus.", "unknown"),
        ("is it vegan?", "Oat Drink", "Contains no milk, eggs or honey.", "unknown"),
        ("is it vegan?", "Dairy-Free Milk Chocolate", "Made with oat milk.", "unknown"),
        ("is it vegan?", "Peanut Butter", "Made with roasted peanuts.", "unknown"),
        ("c'est vegan ?", "Boisson", "Ne contient pas de lait.", "unknown"),
        ("is it vegetarian?", "Rub for Chicken", "Smoked paprika and garlic.", "unknown"),
        ("is it electric?", "Kettle", "See the user manual before use.", "unknown"),
        ("is it wireless?", "Router", "Four wired Ethernet ports.", "unknown"),
        # The other words asked are not this product's: nothing is ruled out.
        ("is the keyboard wireless?", "USB Wired Mouse", "Optical mouse.", "unknown"),
        ("is it 100% arabica?", "Espresso", "A blend of Brazilian and Indian beans.", "unknown"),
        # Silence is never a no.
        ("is it waterproof?", "Tote", "A roomy canvas tote.", "unknown"),
        ("c'est sans gluten ?", "Tisane", "Camomille et tilleul.", "unknown"),
        # The description denies what is asked: no
        ("do they have added sugar?", "Protein Bars", "20 g of protein and no added sugar.", "no"),
        ("y a du sucre ajouté ?", "Barres", "Sans sucre ajouté.", "no"),
        ("is it dishwasher safe?", "Mug", "Hand wash only, not dishwasher safe.", "no"),
        ("no added sugar?", "Protein Bars", "20 g of protein and no added sugar.", "yes"),
    ],
)
def test_an_opposite_counts_only_where_it_is_said_as_such(
    text: str, title: str, description: str, expected: str
) -> None:
    assert verdict(text, product(title, description=description)) == expected


@pytest.mark.parametrize(
    ("text", "description"),
    [
        ("il a un lecteur d'empreintes ?", "13-inch laptop with a fingerprint reader."),
        ("does it have a fingerprint sensor?", "Lecteur d'empreinte digitale intégré."),
        ("elle est en duvet ?", "Lightweight jacket filled with responsibly sourced goose down."),
        ("c'est du coton bio ?", "A relaxed tee in organic cotton."),
        ("is it odour-resistant?", "Chaussettes en mérinos anti-odeur."),
        ("are they resoleable?", "Goodyear welted leather boots."),
        ("il a une garantie sur site ?", "Business laptop, 3-year on-site warranty."),
        ("il est compatible stylet ?", "2-in-1 tablet with pen support."),
        ("does it have an eSIM?", "Compatible carte SIM virtuelle et double SIM."),
        ("is it sweatproof?", "Écouteurs qui résistent à la transpiration."),
        ("le clavier est rétroéclairé ?", "Laptop with a backlit keyboard."),
        ("is it stain resistant?", "Canapé en tissu anti-taches."),
    ],
)
def test_new_property_words_read_in_either_language(text: str, description: str) -> None:
    assert verdict(text, product("Item", description=description)) == "yes"


def test_every_opposite_pair_is_asked_by_a_known_property_and_rules_out_something_else() -> None:
    pairs = opposites().pairs
    assert len(pairs) >= 15 and opposites().cues and opposites().exceptions
    for pair in pairs:
        # a dictionary concept, or plain words with none ("100%", "pure")
        assert pair.concepts or all(len(phrase) == 1 for phrase in pair.asked), pair.asked
        assert pair.contrary and not set(pair.contrary) & pair.asked, pair.asked


def test_a_word_family_is_not_a_longer_word_sharing_its_start() -> None:
    salad = product("Salad Bowl", description="Fresh vegetables with a lemon dressing.")
    assert verdict("is it vegetarian?", salad) == "unknown"
    salade = product("Salade", description="Des légumes frais et une sauce au citron.")
    assert verdict("est-ce qu'il y a du citron ?", salade) == "yes"  # "est-ce" asks nothing


def test_a_base_colour_asked_finds_its_shade_and_names_it() -> None:
    polo = product(
        "Pique Polo",
        options=(
            Option("PL-NAVY-M", "navy", "M", True),
            Option("PL-WHITE-M", "white", "M", True),
        ),
    )
    answer = answer_question("il existe en bleu ?", polo, "fr", color="blue")
    assert answer is not None and answer.verdict == "yes" and answer.sku == "PL-NAVY-M"
    assert "navy" in answer.values["value"]
    assert verdict("do you have it in green?", polo, color="green") == "no"


# Everyday words of a general store's shoppers, asked in French about English descriptions.
TEA_WORDS = "Masala chai: black tea with black pepper, ginger, cinnamon, cloves and cardamom."
COFFEE_WORDS = "Single origin Ecuador, medium roast, washed. Delicious hot, iced or as cold brew."
OIL_WORDS = "Extra virgin olive oil from Puglia, cold pressed."
CHOCOLATE_WORDS = "Milk chocolate, roasted hazelnuts, Madagascar vanilla. May contain peanuts."
SNEAKER_WORDS = "Suede sneaker with a gum rubber sole and a cushioned insole."
COAT_WORDS = "Fully lined cashmere coat with an inner pocket and reflective strips."
PHONE_WORDS = "5G phone with NFC, dual SIM, fast charging, wireless charging and a headphone jack."
KEYBOARD_WORDS = "Hot-swappable keyboard with a numpad and AZERTY layout, stainless steel plate."
MUG_WORDS = "Stoneware mug, dishwasher and microwave safe. Made in Portugal."
EARBUDS_WORDS = "Sweat-resistant earbuds with a built-in microphone and noise cancelling."


@pytest.mark.parametrize(
    ("text", "description"),
    [
        ("y a du poivre dedans ?", TEA_WORDS),
        ("ya du gingembre ?", TEA_WORDS),
        ("il y a de la cannelle ?", TEA_WORDS),
        ("y a du clou de girofle ?", TEA_WORDS),
        ("il y a de la cardamome ?", TEA_WORDS),
        ("ça vient d'Équateur ?", COFFEE_WORDS),
        ("c'est une torréfaction moyenne ?", COFFEE_WORDS),
        ("on peut le faire en glacé ?", COFFEE_WORDS),
        ("ça marche en infusion à froid ?", COFFEE_WORDS),
        ("l'huile vient des Pouilles ?", OIL_WORDS),
        ("c'est pressé à froid ?", OIL_WORDS),
        ("y a des noisettes ?", CHOCOLATE_WORDS),
        ("il y a de la vanille ?", CHOCOLATE_WORDS),
        ("c'est de la vanille de Madagascar ?", CHOCOLATE_WORDS),
        ("y a des cacahuètes ?", CHOCOLATE_WORDS),
        ("y a de l'arachide dedans ?", CHOCOLATE_WORDS),
        ("c'est du daim ?", SNEAKER_WORDS),
        ("la semelle est en gomme naturelle ?", SNEAKER_WORDS),
        ("c'est du cachemire ?", COAT_WORDS),
        ("il a une poche intérieure ?", COAT_WORDS),
        ("il y a des bandes réfléchissantes ?", COAT_WORDS),
        ("il est 5G ?", PHONE_WORDS),
        ("il a le NFC ?", PHONE_WORDS),
        ("il est double sim ?", PHONE_WORDS),
        ("il a la recharge sans fil ?", PHONE_WORDS),
        ("il a une prise jack ?", PHONE_WORDS),
        ("il est hot swap ?", KEYBOARD_WORDS),
        ("il a un pavé numérique ?", KEYBOARD_WORDS),
        ("c'est un clavier azerty ?", KEYBOARD_WORDS),
        ("c'est de l'inox ?", KEYBOARD_WORDS),
        ("c'est en grès ?", MUG_WORDS),
        ("ça va au micro onde ?", MUG_WORDS),
        ("ça passe au lave vaisselle ?", MUG_WORDS),
        ("c'est fabriqué au Portugal ?", MUG_WORDS),
        ("ça résiste à la transpi ?", EARBUDS_WORDS),
        ("il a un micro ?", EARBUDS_WORDS),
        ("il a la réduction de bruit ?", EARBUDS_WORDS),
        ("c'est d'origine italienne ?", "Made in Italy."),
        ("c'est japonais ?", "Japanese green tea."),
        ("c'est de la noix de coco ?", "Granola with toasted coconut."),
        ("y a du sésame ?", "Crackers with sesame seeds."),
        ("ça pique ?", "Spicy chilli oil."),
        ("il a un embout acier ?", "Work boots with a steel toe cap."),
        ("does it contain cinnamon?", "Thé noir à la cannelle."),
        ("is it from Peru?", "Café du Pérou."),
    ],
)
def test_everyday_words_answer_yes_in_either_language(text: str, description: str) -> None:
    assert verdict(text, product("Item", description=description), "fr") == "yes"


@pytest.mark.parametrize(
    ("text", "description"),
    [
        ("il y a de la cannelle ?", "Black tea with black pepper and ginger."),
        ("y a du poivre ?", "Chai with cinnamon and cloves."),
        ("ça vient du Pérou ?", COFFEE_WORDS),
        ("il y a des noisettes ?", "Milk chocolate with almonds."),
        ("y a du sésame ?", CHOCOLATE_WORDS),
        ("c'est en titane ?", MUG_WORDS),
        ("c'est du cachemire ?", "Merino wool base layer."),
        ("il a un pavé numérique ?", "Compact 75% keyboard."),
        ("il a la recharge sans fil ?", "Supports fast charging."),
        ("il est 5G ?", "4G LTE phone."),
        ("c'est fabriqué en Chine ?", MUG_WORDS),
    ],
)
def test_an_everyday_word_the_description_does_not_say_stays_unknown(
    text: str, description: str
) -> None:
    assert verdict(text, product("Item", description=description), "fr") == "unknown"


@pytest.mark.parametrize(
    ("text", "lang", "verdict"),
    [
        ("caffeine free right", "en", "yes"),
        ("r they caffeine free", "en", "yes"),
        ("c'est sans caféine, non ?", "fr", "yes"),
        ("c'est sans cafeine hein", "fr", "yes"),
        ("it's vegan right", "en", "unknown"),  # the tag asks nothing itself
        ("theyre caffeine free?", "en", "yes"),  # a contraction typed without its apostrophe
        ("the rooibos, is it caffeine free", "en", "yes"),  # the product, then the question
    ],
)
def test_a_statement_asked_to_be_confirmed_is_a_yes_no_question(
    text: str, lang: str, verdict: str
) -> None:
    tea = product("Chamomile Tea", description="Naturally caffeine free and calming.")
    assert is_yes_no(text)
    answer = answer_question(text, tea, lang)
    assert answer is not None and answer.verdict == verdict


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("ca infuse combien d'heures", "Steeped for 18 hours."),
        ("chaud pendant cb d'heures", "Keeps coffee hot for up to 6 hours."),  # "cb": combien
        ("cb de proteines par barre", "Chewy bars with 20 g of protein each."),
        ("temps de cuisson ?", "Cooks in 11 minutes."),
        ("cooking time?", "Cooks in 11 minutes."),
    ],
)
def test_a_measure_asked_in_texted_french_is_quoted_from_the_description(
    text: str, said: str
) -> None:
    item = product("Pantry Item", description=f"Made by a small family firm in 1998. {said}")
    assert not asks_price(text)
    answer = answer_question(text, item, "fr")
    assert answer is not None and answer.values["quote"].rstrip(".") in said  # its clause


@pytest.mark.parametrize(
    ("text", "compares"),
    [
        ("whats the cheapest one then", True),
        ("le moins cher des deux ?", True),
        ("which one is cheapest", True),
        ("whats your cheapest phone", False),  # a search, not a comparison of those in view
    ],
)
def test_the_cheapest_one_compares_the_products_in_view(text: str, compares: bool) -> None:
    assert is_comparison(text) is compares


def test_what_is_in_it_quotes_the_sentence_saying_what_it_holds() -> None:
    box = product(
        "Truffle Gift Box",
        description="Packed by hand in Brussels. A box of truffles in flavours like champagne "
        "and praline.",
    )
    answer = answer_question("whats in it", box, "en")
    assert answer is not None and "champagne" in answer.values["quote"]


@pytest.mark.parametrize(
    ("title", "description", "question", "quote"),
    [
        (
            "Work Boots",
            "Safety boots with a steel toe cap. Certified S3 and lined for comfort.",
            "elles sont certifiées S3 ?",
            "Certified S3 and lined for comfort.",
        ),
        (  # the sentence saying what is asked beyond the product's name
            "Slip-On Knit Sneakers",
            "Lightweight slip-on sneakers with a knit upper. Machine washable.",
            "les slip on ça se lave en machine ?",
            "Machine washable.",
        ),
    ],
)
def test_a_yes_from_the_description_quotes_the_sentence_that_says_it(
    title: str, description: str, question: str, quote: str
) -> None:
    answer = answer_question(question, product(title, description=description), "fr")
    assert answer is not None and answer.verdict == "yes"
    assert answer.values["quote"] == quote
    assert quote in say(answer.label, "fr", **answer.values)


def test_a_value_asked_with_quel_is_no_question_about_the_list() -> None:
    assert is_which("lequel est étanche ?") and is_which("quelle couleur préférez-vous")
    assert not is_which("le sencha ça s'infuse à quelle température")


def test_how_it_is_drunk_or_eaten_asks_only_the_rest() -> None:
    tea = product("Peppermint Tea", description="Delicious hot after dinner or iced in summer.")
    answer = answer_question("on peut la boire glacée ?", tea, "fr")
    assert answer is not None and answer.verdict == "yes"


SALE_MUG = product(
    "Travel Mug",
    options=(
        Option("M-BLACK", "black", "", True, price_minor=1599, regular_price_minor=1999),
        Option("M-WHITE", "white", "", True, price_minor=1999, regular_price_minor=1999),
        Option("M-RED", "red", "", False, price_minor=999, regular_price_minor=1999),  # sold out
    ),
)


@pytest.mark.parametrize(
    ("text", "lang"),
    [("is the travel mug on sale?", "en"), ("il est en promo ?", "fr"), ("discounted?", "en")],
)
def test_on_sale_says_what_is_reduced_from_what_to_what(text: str, lang: str) -> None:
    answer = answer_question(text, SALE_MUG, lang)
    assert answer is not None and answer.verdict == "yes"
    assert answer.values["which"] == " (black)"  # only one of the colours on sale is reduced
    price, regular = (format_money(minor, "EUR", lang) for minor in (1599, 1999))
    assert (answer.values["price"], answer.values["regular"]) == (price, regular)
    plain_mug = product("Plain Mug", options=(Option("P-1", "", "", True, price_minor=900),))
    no = answer_question(text, plain_mug, lang)
    assert no is not None and no.verdict == "no" and no.label == "label_answer_not_on_sale"


@pytest.mark.parametrize(
    ("text", "price"),
    [
        ("How much is the Heavyweight Loopback Hoodie in each colour?", True),  # not "weigh"
        ("the 24 inch one, how much?", True),  # the measure names it; the question is the price
        ("le 27 pouces c'est combien", True),
        ("how much does it weigh?", False),
        ("il pèse combien ?", False),
        ("la batterie dure combien ?", False),
        ("how much does it hold", False),
    ],
)
def test_a_price_asked_after_a_measure_that_names_the_product(text: str, price: bool) -> None:
    assert asks_price(text) is price


@pytest.mark.parametrize(
    "text", ["can i buy it right now?", "Est-ce que je peux le commander maintenant ?"]
)
def test_whether_it_can_be_bought_now_is_its_stock(text: str) -> None:
    sold_out = product("Early Oil", options=(Option("EO-1", "", "", False),))
    assert verdict(text, sold_out, "fr" if "peux" in text else "en") == "no"
    assert verdict(text, CRACKERS, "fr" if "peux" in text else "en") == "yes"


@pytest.mark.parametrize(
    "text",
    [
        "La tasse est-elle bio ?",
        "Ça va-tu direct sur le feu de camp ?",
        "Résiste-t-elle à la pluie ?",
    ],
)
def test_an_inverted_french_question_asks_what_follows_its_verb(text: str) -> None:
    mug = product(
        "Camp Mug",
        description="Organic enamel that can go straight on the campfire. Water-resistant.",
    )
    assert verdict(text, mug, "fr") == "yes"


@pytest.mark.parametrize(
    ("text", "title", "description", "expected"),
    [
        ("Le café d'Éthiopie, il est déjà moulu ?", "Ethiopia Coffee Beans", "A washed coffee.",
         "no"),
        ("Et votre menthe poivrée, elle est bio ?", "Peppermint Tea", "Organic peppermint.",
         "yes"),
        ("Il résiste aux odeurs ?", "Merino Tee", "A merino tee that resists odour for days.",
         "yes"),
        ("Elles sont faites à la main ?", "Sandals", "Handmade in Spain.", "yes"),
        ("It has place for a bottle?", "Backpack", "Two compartments, side bottle pockets.",
         "yes"),
    ],
)  # fmt: skip
def test_french_and_non_native_yes_no_questions_read_the_description(
    text: str, title: str, description: str, expected: str
) -> None:
    assert verdict(text, product(title, description=description)) == expected


def test_a_specification_written_in_english_reads_in_french_in_a_french_reply() -> None:
    earbuds = product(
        "True Wireless Earbuds",
        attributes={"battery life": "7 h per earbud (28 h with the case)"},
    )
    answer = answer_question("autonomie avec le boîtier ?", earbuds, "fr")
    assert answer is not None
    assert "28 h avec le boîtier" in say(answer.label, "fr", **answer.values)


@pytest.mark.parametrize(
    ("text", "asked"),
    [
        (
            "add the grey hoodie in M. is it warm enough for winter?",
            "is it warm enough for winter?",
        ),
        ("mets-moi le polo blanc en L, il est en coton ?", "il est en coton ?"),
        ("2 tees - what are they made of?", "what are they made of?"),
        ("I'd like the steel bottle, does it keep drinks cold?", "does it keep drinks cold?"),
        ("can I get the hoodie in grey, size M?", None),  # the order itself, asked
        ("is it warm?", None),  # only a question: nothing beside it
        ("ok, et en bleu ?", None),
        ("add 2 mugs, the white ones", None),
    ],
)
def test_a_question_beside_an_order_is_its_own_clause(text: str, asked: str | None) -> None:
    assert question_beside(text) == asked


KEYBOARD = product(
    "Compact Keyboard", description="Slim and light. Runs for months on two AAA batteries."
)
RAIN_JACKET = product(
    "Packable Rain Jacket",
    description="Taped seams keep the rain out. It packs into its own chest pocket.",
)


@pytest.mark.parametrize(
    ("item", "text", "quoted"),
    [
        (KEYBOARD, "Il faut des piles ?", "batteries"),
        (KEYBOARD, "does it need batteries?", "batteries"),
        (RAIN_JACKET, "Elle se range dans une poche ?", "pocket"),
    ],
)
def test_a_question_said_as_a_statement_is_answered_yes_by_the_sentence_saying_it(
    item: ProductView, text: str, quoted: str
) -> None:
    # the verbs asking ("faut", "range") are no things the sentence must say; the things are
    answer = answer_question(text, item, "en")
    assert answer is not None and answer.verdict == "yes"
    assert quoted in answer.values["quote"]


def test_a_last_clause_opening_a_yes_no_question_asks_without_its_question_mark() -> None:
    assert question_beside("n the vertical mouse too. is it wireless") == "is it wireless"
    assert question_beside("add 2 mugs, the white ones") is None


def test_a_french_word_of_the_trainer_that_names_no_colour_asks_for_no_colour() -> None:
    phone = product(
        "Lite 5",
        options=(
            Option("L5-BLACK", "black", "64GB", True),
            Option("L5-WHITE", "white", "64GB", True),
        ),
        description="A dependable smartphone with dual cameras and a headphone jack.",
    )
    names = {"black": "noir", "white": "blanc", "headphones": "casque"}
    answer = answer_question("Le Lite 5 a une prise casque ?", phone, "fr", names=names)
    assert answer is not None and answer.label != "label_answer_variant_no"
    # a colour still does
    answer = answer_question("Il existe en noir ?", phone, "fr", names=names)
    assert answer is not None and answer.verdict == "yes"


@pytest.mark.parametrize(
    ("text", "description"),
    [
        ("The sport sandals, are they quick to dry?", "Quick-drying and grippy for river trails."),
        ("does it fold into its own pocket", "Folds into its own chest pocket."),
        ("Are they alright in the dishwasher?", "Dishwasher and microwave safe."),
        ("Has it got reflective bits?", "Reflective trims and a zipped back pocket."),
    ],
)
def test_an_english_word_said_in_another_form_is_read_in_the_description(
    text: str, description: str
) -> None:
    assert verdict(text, product("Thing", description=description)) == "yes"


@pytest.mark.parametrize(
    ("text", "description"),
    [
        ("Elle se porte sous une veste ?", "Two USB-C ports and one USB-A port."),  # no "port"
        ("Ça se lave ?", "A lavender scent."),
    ],
)
def test_an_english_stem_of_a_french_word_is_no_yes(text: str, description: str) -> None:
    assert verdict(text, product("Thing", description=description), "fr") != "yes"


def test_an_ingredient_that_is_no_allergen_is_read_in_the_description() -> None:
    chai = product(
        "Spiced Masala Chai Tea",
        {"allergens": "none"},
        description="Strong Assam tea blended with cardamom, cinnamon, ginger and clove.",
    )
    assert verdict("Le chaï contient-il de la cannelle ?", chai, "fr") == "yes"
    assert verdict("does it contain nuts?", chai) == "no"  # an allergen: the list says


def test_a_part_asked_to_come_with_it_in_a_few_words_is_a_yes_or_no() -> None:
    pack = product("Daypack", description="A daypack with a hip belt and integrated rain cover.")
    assert verdict("rain cover incl?", pack) == "yes"


def test_the_size_of_a_part_is_its_measure_not_the_sizes_sold() -> None:
    phone = product(
        "Flip",
        {"screen size": "6.7 in"},
        (
            Option("F-BLACK-256", "black", "256GB", True),
            Option("F-BLUE-256", "blue", "256GB", True),
        ),
    )
    answer = answer_question("Quelle taille fait l'écran une fois ouvert ?", phone, "fr")
    assert answer is not None and answer.label != "label_answer_sizes"
    assert "6,7" in say(answer.label, "fr", **answer.values)
    sizes = answer_question("quelles tailles ?", phone, "fr")
    assert sizes is not None and sizes.label == "label_answer_sizes"


def _made_of(material: str, description: str = "") -> ProductView:
    return product(
        "Note 14",
        options=(Option("N-1", "grey", "", True, material=material),),
        description=description,
    )


@pytest.mark.parametrize(
    ("question", "material", "verdict"),
    [("Is it metal?", "aluminium", "yes"), ("Is it metal?", "plastic", "no"),
     ("c'est du cuir ?", "suede", "yes"), ("It is real leather?", "leather", "yes"),
     ("is that one aluminium?", "aluminium", "yes"), ("r they cotton", "organic cotton", "yes"),
     ("Il est en laine ?", "cotton", "no"), ("C'est du coton ?", "cotton", "yes")],
)  # fmt: skip
def test_what_a_product_is_made_of_is_read_from_its_material(
    question: str, material: str, verdict: str
) -> None:
    answer = answer_question(question, _made_of(material), "en")
    assert answer is not None and answer.verdict == verdict


@pytest.mark.parametrize(
    ("question", "material"),
    # a part's material, how much of it, or no material given: the description alone says
    [("has it metal zips?", "polyester"), ("Is it 100% linen?", "linen"), ("Is it metal?", "")],
)  # fmt: skip
def test_a_material_question_the_column_cannot_settle_stays_unknown(
    question: str, material: str
) -> None:
    answer = answer_question(question, _made_of(material), "en")
    assert answer is not None and answer.verdict == "unknown"


def test_a_french_reply_names_the_material_in_french() -> None:
    answer = answer_question("C'est en métal ?", _made_of("stainless steel"), "fr")
    assert answer is not None and answer.verdict == "yes"
    assert "acier" in say(answer.label, "fr", **answer.values)


def test_every_material_of_a_family_is_a_word_of_the_dictionary() -> None:
    phrases = lexicon().phrases
    for line in MATERIALS_FILE.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            for word in filter(None, (w.strip() for w in line.replace("|", ",").split(","))):
                assert tuple(w.norm for w in split_words(word)) in phrases, word


@pytest.mark.parametrize(
    "question",
    ["The 69 one, will it stay dry in a proper downpour?", "il reste au sec sous une averse ?"],
)
def test_staying_dry_in_the_rain_is_asked_in_other_words(question: str) -> None:
    pack = product("Roll-Top Backpack", description="A fully waterproof roll-top backpack for "
                   "cycling commutes in the rain.")  # fmt: skip
    answer = answer_question(question, pack, "en")
    assert answer is not None and answer.verdict == "yes"


def test_the_place_of_the_product_in_the_list_is_not_asked() -> None:
    coffee = product("Colombia Ground Coffee", description="A medium roast, ground for filter "
                     "machines and French press.")  # fmt: skip
    answer = answer_question("is the second one ground already", coffee, "en")
    assert answer is not None and answer.verdict == "yes"


@pytest.mark.parametrize(
    ("question", "description"),
    [("Ils supportent la sueur ?", "Secure-fit earbuds. Sweatproof to IPX7."),
     ("Elles sont faites main ?", "Flat sandals with leather straps. Handmade in Spain."),
     ("Il a deux appareils photo ?", "A smartphone with a 5,000 mAh battery and dual cameras.")],
)  # fmt: skip
def test_a_french_question_reads_the_english_description(question: str, description: str) -> None:
    answer = answer_question(question, product("Item", description=description), "fr")
    assert answer is not None and answer.verdict == "yes"
