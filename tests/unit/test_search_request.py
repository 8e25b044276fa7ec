import pytest

from assistant.conversation.quantities import items_said
from assistant.conversation.search_request import (
    PAGE_SIZE,
    SearchContext,
    adds_an_item,
    asks_for_something,
    asks_to_put_in,
    buys,
    introduces_an_item,
    negated,
    next_context,
    orders,
    requested_part,
    searched_words,
)

RED_TSHIRT = [
    {"entity": "color", "value": "red"},
    {"entity": "product", "value": "t-shirt"},
]


def test_new_search_takes_entities_and_prices_in_minor_units() -> None:
    entities = [*RED_TSHIRT, {"entity": "price", "role": "max", "value": "20"}]
    context = next_context("search_product", entities, SearchContext(), "...", "EUR")
    assert (context.product, context.color, context.max_price_minor) == ("t-shirt", "red", 2000)
    assert context.to_query().text == "t-shirt"


def test_new_search_forgets_previous_constraints() -> None:
    previous = SearchContext(product="t-shirt", color="red", size="M")
    entities = [{"entity": "product", "value": "laptop"}]
    context = next_context("search_product", entities, previous, "a laptop", "EUR")
    assert (context.product, context.color, context.size) == ("laptop", None, None)


def test_refinement_keeps_context_and_changes_only_what_was_said() -> None:
    previous = SearchContext(product="t-shirt", color="red", offset=5)
    refined = next_context(
        "refine_search", [{"entity": "color", "value": "blue"}], previous, "in blue?", "EUR"
    )
    assert (refined.product, refined.color, refined.offset) == ("t-shirt", "blue", 0)


def test_a_new_search_passes_the_rest_of_the_message_on_to_rank_by_meaning() -> None:
    said = "Hey there, me niece is turning 8. Got any headphones that won't blast her ears?"
    context = next_context("search_product", [], SearchContext(), said, "EUR")
    query = context.to_query()
    assert query.text == "headphones that won't blast her ears"
    assert "niece is turning 8" in query.context
    # a refinement keeps the words searched, not the story told with the first search
    refined = next_context("refine_search", [], context, "cheaper?", "EUR")
    assert refined.to_query().context == ""


@pytest.mark.parametrize(
    ("said", "unwanted", "kept"),
    [
        ("jeans, high-waisted but not skinny please", ("skinny",), "jeans, high-waisted but"),
        ("loose tea? Not bags", ("bags",), "loose tea?"),
        ("des jeans taille haute mais pas serrés", ("serrés",), "des jeans taille haute mais"),
        ("wireless earbuds, nothing but black", (), "wireless earbuds, nothing but black"),
        ("un casque sans fil", (), "un casque sans fil"),  # a phrase: what it is
        ("not too expensive please", (), "not too expensive please"),
        ("No, the blue one", (), "No, the blue one"),  # a "no" opening is no negation
        ("a hoodie, not the black one", (), "a hoodie, not the black one"),  # a colour
        ("nothing over 30", (), "nothing over 30"),  # a price
    ],
)
def test_what_is_said_after_a_negation_is_not_shown(
    said: str, unwanted: tuple[str, ...], kept: str
) -> None:
    assert negated(said) == (unwanted, kept)
    context = next_context("search_product", [], SearchContext(), said, "EUR")
    assert context.to_query().without == unwanted


@pytest.mark.parametrize(
    ("said", "allergen"),
    [
        ("Which snacks no nuts one?", "nuts"),  # a dictionary phrase ("nut free"), still out
        ("des pâtes sans gluten", "gluten"),
        ("My roommate is allergic to nuts. Which chocolate can she eat?", "nuts"),
        ("mon fils est allergique aux arachides, des barres ?", "arachides"),
        ("nut-free snacks", "nut"),
        ("My sister-in-law cannot eat gluten, so kindly show pasta she can have.", "gluten"),
        ("which snacks are completely free of nuts?", "nuts"),
        ("ma fille ne peut pas manger de noix, des snacks ?", "noix"),
        ("One flatmate is coeliac, what pasta can she have?", "gluten"),  # a condition said
        ("des pâtes pour une amie cœliaque", "gluten"),
        ("my son has a nut allergy, which chocolate?", "nut"),  # the allergen said first
        ("peanut-allergic, any bars?", "peanut"),
    ],
)
def test_an_allergen_to_avoid_leaves_out_every_name_of_it(said: str, allergen: str) -> None:
    without = next_context("search_product", [], SearchContext(), said, "EUR").to_query().without
    assert without[0] == allergen
    if allergen.startswith(("nut", "noix")):  # nuts, and the peanuts avoided with them
        assert {"almond", "cashew", "peanut"} <= set(without)
    elif allergen in {"arachides", "peanut"}:  # peanuts alone
        assert "peanut" in without and "almond" not in without
    else:
        assert {"wheat", "ble"} <= set(without)


def test_an_intolerance_leaves_traces_in_an_allergy_does_not() -> None:
    """ "Lactose intolerant": what may hold traces of milk is kept; an allergy leaves it out."""

    def query(said: str) -> tuple[tuple[str, ...], bool]:
        found = next_context("search_product", [], SearchContext(), said, "EUR").to_query()
        return found.without, found.traces

    without, traces = query("I'm lactose intolerant, any chocolate?")
    assert "milk" in without and not traces
    without, traces = query("intolérante au lactose, du chocolat ?")
    assert "lait" in without and not traces
    without, traces = query("she has a milk allergy, any chocolate?")
    assert "milk" in without and traces


def test_no_allergen_is_no_exclusion() -> None:
    for said in ("free shipping?", "I'm allergic to waiting", "sugar free"):
        assert (
            next_context("search_product", [], SearchContext(), said, "EUR").to_query().without
            == ()
        )


def test_another_price_asked_of_what_was_shown_refines_it_whatever_the_intent() -> None:
    previous = SearchContext(text="chaussures pour courir", category="Shoes > Running Shoes")
    said = "C'est beaucoup pour débuter. Vous auriez moins cher ?"
    cheaper = next_context("search_product", [], previous, said, "EUR", shown_prices=(5999, 11900))
    assert (cheaper.text, cheaper.category, cheaper.max_price_minor) == (
        "chaussures pour courir",
        "Shoes > Running Shoes",
        5998,
    )
    # a kind said with it is a search of its own
    fresh = next_context("search_product", [], previous, "des baskets pas chères", "EUR")
    assert (fresh.text, fresh.category, fresh.price_order) == ("baskets", None, "cheapest")


def test_show_more_pages_on() -> None:
    previous = SearchContext(product="t-shirt", color="red")
    assert next_context("show_more", [], previous, "more", "EUR").offset == PAGE_SIZE


def test_without_a_product_word_the_message_itself_is_searched() -> None:
    context = next_context("search_product", [], SearchContext(), "something for hiking", "EUR")
    assert context.to_query().text == "for hiking"


@pytest.mark.parametrize(
    ("said", "searched"),
    [
        ("hi, looking for waterproof hiking boots", "waterproof hiking boots"),
        ("I'd like a gaming laptop please", "a gaming laptop"),
        ("je cherche des chaussures de course en 38, moins de 100 euros",
         "chaussures de course en 38"),
        ("do you have red linen shirts under $20?", "red linen shirts"),
        ("un sweat noir a 40 balles max", "sweat noir a"),
        ("the WorkPro 15 in 512 GB", "the WorkPro 15 in 512 GB"),  # numbers without a cue stay
    ],
)  # fmt: skip
def test_the_whole_request_is_searched_minus_filler_and_prices(said: str, searched: str) -> None:
    context = next_context("search_product", [{"entity": "product", "value": "x"}],
                           SearchContext(), said, "EUR")  # fmt: skip
    assert context.to_query().text == searched


def test_untagged_price_limits_are_read_from_the_text() -> None:
    said = next_context(
        "search_product", [], SearchContext(), "un sweat noir a 40 balles max", "EUR"
    )
    assert (said.min_price_minor, said.max_price_minor) == (None, 4000)
    over = next_context("search_product", [], SearchContext(), "boots over 50€", "EUR")
    assert (over.min_price_minor, over.max_price_minor) == (5000, None)


def test_decimal_comma_price() -> None:
    entities = [{"entity": "price", "role": "min", "value": "19,90"}]
    assert (
        next_context("search_product", entities, SearchContext(), "", "EUR").min_price_minor == 1990
    )


def test_cheaper_without_an_amount_goes_under_the_cheapest_shown() -> None:
    previous = SearchContext(product="t-shirt", color="red")
    for words in ("cheaper please", "c'est trop cher", "moins cher"):
        refined = next_context("refine_search", [], previous, words, "EUR", (999, 2999))
        assert refined.max_price_minor == 998 and refined.color == "red"
    said = [{"entity": "price", "value": "5", "role": "max"}]
    refined = next_context("refine_search", said, previous, "cheaper, under 5", "EUR", (999, 999))
    assert refined.max_price_minor == 500  # an amount said wins
    assert (
        next_context("refine_search", [], previous, "in blue", "EUR", (999, 999)).max_price_minor
        is None
    )


@pytest.mark.parametrize("roles", [("max", "max"), ("min", "min"), ("max", "min"), ("min", "max")])
def test_two_amounts_are_a_range_whatever_their_roles(roles: tuple[str, str]) -> None:
    said = [
        {"entity": "price", "value": "900", "role": roles[0]},
        {"entity": "price", "value": "500", "role": roles[1]},
    ]
    context = next_context("search_product", said, SearchContext(), "between 500 and 900", "EUR")
    assert (context.min_price_minor, context.max_price_minor) == (50000, 90000)


def test_a_refinement_with_nothing_to_refine_starts_a_search() -> None:
    entities = [{"entity": "price", "role": "max", "value": "30"}]
    context = next_context("refine_search", entities, SearchContext(), "under 30 then", "EUR")
    # "then" only says that it follows
    assert context.max_price_minor == 3000 and context.text == ""


def test_cheaper_only_applies_to_a_search_under_way() -> None:
    shown = SearchContext(product="mug")
    cheaper = next_context("refine_search", [], shown, "cheaper", "EUR", (900, 1500))
    assert cheaper.max_price_minor == 899
    fresh = next_context("refine_search", [], SearchContext(), "cheaper", "EUR", (900, 1500))
    assert fresh.max_price_minor is None


def test_more_expensive_goes_over_the_dearest_shown_and_keeps_the_category() -> None:
    shown = SearchContext(text="light laptop", category="Electronics > Laptops")
    pricier = next_context("refine_search", [], shown, "something more expensive?", "EUR",
                           (50000, 94900))  # fmt: skip
    assert (pricier.min_price_minor, pricier.max_price_minor) == (94901, None)
    assert pricier.to_query().category == "Electronics > Laptops"
    assert pricier.text == "light laptop"


def test_a_refinement_adds_its_new_descriptive_words() -> None:
    shown = SearchContext(text="running shoes", product="running shoes")
    refined = next_context("refine_search", [], shown, "any waterproof ones?", "EUR")
    assert refined.text == "running shoes waterproof"


def test_the_echo_speaks_the_shoppers_language() -> None:
    context = SearchContext(product="sneakers", color="red", size="42", brand="Kestrel")
    assert context.describe() == "Kestrel red sneakers 42"
    names = {"red": "rouge", "sneakers": "baskets"}
    assert context.describe("fr", names) == "baskets (rouge, Kestrel, taille 42)"
    assert SearchContext(product="mug").describe("fr", names) == "mug"
    assert SearchContext().describe("fr") == "votre demande"


def test_a_refinement_naming_another_product_is_a_new_search() -> None:
    previous = SearchContext(product="t-shirt", color="red", max_price_minor=2000)
    entities = [{"entity": "product", "value": "sneakers"}]
    context = next_context("refine_search", entities, previous, "sneakers then", "EUR")
    assert (context.product, context.color, context.max_price_minor) == ("sneakers", None, None)
    same = next_context("refine_search", [{"entity": "product", "value": "t-shirt"}], previous,
                        "t-shirt in M", "EUR")  # fmt: skip
    assert same.color == "red"


def test_show_more_with_nothing_shown_searches_the_words() -> None:
    context = next_context("show_more", [], SearchContext(), "gaming mouse", "EUR")
    assert (context.text, context.offset) == ("gaming mouse", 0)


def test_a_question_read_as_a_refinement_adds_no_words() -> None:
    shown = SearchContext(text="jeans", product="jeans")
    refined = next_context("refine_search", [{"entity": "color", "value": "black"}], shown,
                           "do they come in black?", "EUR")  # fmt: skip
    assert (refined.text, refined.color) == ("jeans", "black")


@pytest.mark.parametrize(
    ("text", "asked"),
    [
        (
            "Good morning. I take the train every day and I would like something that keeps my "
            "coffee hot. Do you have anything like that?",
            "I would like something that keeps my coffee hot.",
        ),
        (
            "My phone dies every afternoon. I need a new one with a long battery.",
            "phone I need a new one with a long battery.",  # the kind said before stays
        ),
        ("red sneakers under 50", "red sneakers under 50"),  # no request words: all of it
        ("Bonjour. Je cherche une gourde pour le vélo.", "Je cherche une gourde pour le vélo."),
        (  # the asking sentence says nothing of what: the whole message does
            "J'adore l'expresso mais la caféine m'empêche de dormir. Que me proposez-vous ?",
            "J'adore l'expresso mais la caféine m'empêche de dormir. Que me proposez-vous ?",
        ),
    ],
)
def test_a_long_message_is_searched_from_what_it_asks_for(text: str, asked: str) -> None:
    assert requested_part(text) == asked


@pytest.mark.parametrize(
    ("said", "searched", "order", "on_sale"),
    [
        ("cheapest usb-c cable?", "usb-c cable", "cheapest", False),
        ("most expensive jacket", "jacket", "dearest", False),
        ("le portable le plus cher", "le portable", "dearest", False),
        ("Is any tea on sale?", "Is tea", None, True),
        ("des souliers de course en spécial", "souliers de course", None, True),
        ("des chaussures en promo pas chères", "chaussures", "cheapest", True),
        ("running shoes", "running shoes", None, False),
        ("is it sold out", "is it sold out", None, False),  # "sold" is not "soldé"
    ],
)
def test_price_order_and_sales_are_read_and_not_searched(
    said: str, searched: str, order: str | None, on_sale: bool
) -> None:
    context = next_context("search_product", [], SearchContext(), said, "EUR")
    assert (context.text, context.price_order, context.on_sale) == (searched, order, on_sale)
    assert (context.to_query().price_order, context.to_query().on_sale) == (order, on_sale)


def test_a_refinement_keeps_the_order_and_the_sale_filter() -> None:
    previous = SearchContext(text="tea", price_order="cheapest", on_sale=True)
    refined = next_context("refine_search", [], previous, "in green?", "EUR")
    assert (refined.price_order, refined.on_sale) == ("cheapest", True)
    fresh = next_context("search_product", [], previous, "coffee", "EUR")
    assert (fresh.price_order, fresh.on_sale) == (None, False)


@pytest.mark.parametrize(
    ("said", "searched", "limit"),
    [
        ("plain tees, nothing over 15 quid... sorry, 15 euros", "plain tees", 1500),
        ("des bas moins de 20 piasses", "chaussettes", 2000),  # socks in Québec
        ("not over 30 please", "", 3000),
        ("des ecouteurs sans fil, max 90e ?", "ecouteurs sans fil", 9000),  # euros as texted
    ],
)
def test_a_ceiling_said_with_nothing_over_and_in_slang_money(
    said: str, searched: str, limit: int
) -> None:
    context = next_context("search_product", [], SearchContext(), said, "EUR")
    assert (context.text, context.max_price_minor, context.min_price_minor) == (
        searched,
        limit,
        None,
    )


@pytest.mark.parametrize(
    "said",
    [
        "Hiya, I'd like 2 satin bomber jackets in pink please",
        "can I get two dual usb-c car chargers?",
        "cool, gimme a pair of canvas low top sneakers in red, size 43",
        "Bonjour, je vais prendre trois t-shirts imprimes montagne en blanc taille S",
        "OK mets-moi un bomber en satin en rose grandeur XS",
        "Bonjour, je voudrais un sachet de bretzels",
    ],
)
def test_a_purchase_said(said: str) -> None:
    assert buys(said)


@pytest.mark.parametrize(
    "said",
    [
        "Bonjour, je voudrais voir vos trucs à grignoter, les moins chers",
        "I need something warm for the winter",
        "I'd like to know if it is waterproof",
        "do you have the backpack in pink?",
        "i need a gift for my dad",
        "je voudrais des idées de cadeau",
        # "I take" is a purchase as often as a habit or a question ("can i take it on a plane")
        "I take the train to work every day and I would like something for my coffee",
        "can i take it on a plane",
    ],
)
def test_looking_asking_or_wanting_ideas_is_no_purchase(said: str) -> None:
    assert not buys(said)


@pytest.mark.parametrize(
    ("said", "words"),
    [
        (
            "cool, gimme a pair of canvas low top sneakers in red",
            "a pair of canvas low top sneakers in red",
        ),
        ("Allo, je vais prendre 2 tasses émaillées, une fois", "2 tasses émaillées"),
        ("Could you add a slim power bank in white too?", "a slim power bank in white"),
        ("Morning! Pop two socks in my basket please", "Pop two socks"),
        # a French opening that ends on an elision, glued to the next word
        (
            "J'ai besoin d'un cellulaire qui résiste aux chutes.",
            "cellulaire qui résiste aux chutes",
        ),
        ("j’ai besoin d’une veste", "veste"),
        ("Allo, je magasine des souliers de course", "souliers de course"),
        ("Je me cherche des espadrilles en toile", "espadrilles en toile"),
        ("Savez-vous aussi ajouter 2 paires de bas rayés ?", "2 paires de bas rayés"),
        ("Pouvez-vous m'ajouter un paquet de café", "paquet de café"),
        # a request going on: its "and" is no word searched ("plus size" is a kind of jeans)
        ("Et une boîte de camomille.", "boîte de camomille"),
        ("J'aurais besoin aussi de souliers de sécurité", "souliers de sécurité"),
        ("Y'as-tu des souliers de course en spécial?", "souliers de course"),  # Québec
        ("t'as-tu des bas?", "bas"),
        ("Ouin, c'est cher. Vous avez-tu moins cher?", "Ouin c'est cher moins cher"),
        ("Tant pis. Et des chaussettes chaudes en laine ?", "chaussettes chaudes en laine"),
        ("sweet, I'll take the red one", "the red one"),  # praise, no sweets
        ("sweet snacks please", "sweet snacks"),
        ("and a vertical mouse", "a vertical mouse"),
        ("plus size jeans", "plus size jeans"),
    ],
)
def test_request_words_greetings_and_cart_words_are_not_searched(said: str, words: str) -> None:
    assert searched_words(said) == words


@pytest.mark.parametrize(
    ("said", "ordered"),
    [
        ("and two squeeze sports bottles in black pls", True),
        ("also a bag of penne rigate", True),
        ("Could you add three cat 6 ethernet cables 5 m too?", True),
        ("I'll also have a bag of dried mango", True),
        ("et aussi 3 barres de céréales", True),
        ("and a leather belt?", False),
        ("do you have running shoes?", False),
        ("what's the total so far?", False),
    ],
)
def test_an_order_taken_put_in_or_counted_for_the_basket(said: str, ordered: bool) -> None:
    assert orders(said) is ordered
    assert adds_an_item(said) is (ordered and said.startswith(("and", "also", "et")))


@pytest.mark.parametrize(
    "said",
    ["jle prends", "Mettez-en une paire", "mets-moi un chandail", "Je vais les prendre",
     "Je prendrai la grise en 128.", "Good, I will take it.", "I'm gonna grab one"],
)  # fmt: skip
def test_words_putting_something_in_the_cart(said: str) -> None:
    assert asks_to_put_in(said)


@pytest.mark.parametrize(
    ("said", "previous", "shown_brand", "left_out"),
    [
        ("Too expensive for me. Other brand, more cheap?", "Cobalt Denim", None, "Cobalt Denim"),
        ("une autre marque ?", None, "Lumen Audio", "Lumen Audio"),
        ("in blue?", "Cobalt Denim", None, None),
    ],
)
def test_another_brand_leaves_out_the_one_searched_or_shown(
    said: str, previous: str | None, shown_brand: str | None, left_out: str | None
) -> None:
    before = SearchContext(product="jeans", text="jeans", brand=previous)
    entities = [{"entity": "color", "value": "blue"}] if "blue" in said else []
    refined = next_context("search_product", entities, before, said, "EUR", shown_brand=shown_brand)
    assert refined.not_brand == left_out
    if left_out:
        assert refined.brand is None and refined.to_query().not_brand == left_out
        assert "brand" not in refined.text and "other" not in refined.text


@pytest.mark.parametrize(
    "said",
    ["jveux un tapis de yoga", "jcherche un ptit écran", "j'veux des bas", "jvoudrais un mug"],
)
def test_je_texted_before_its_verb_still_asks_for_something(said: str) -> None:
    assert asks_for_something(said)


def test_je_texted_before_prendre_still_takes_it() -> None:
    assert buys("jprends le noir en L")
    assert buys("ok jvais prendre les deux")


def test_pis_and_puis_join_items_as_and_does_but_puis_je_is_no_and() -> None:
    said = "Deux paquets de tagliatelles pis deux sacs d'orecchiette"
    assert items_said(said) == ["Deux paquets de tagliatelles", "deux sacs d'orecchiette"]
    assert items_said("puis-je avoir un mug") == ["puis-je avoir un mug"]
    assert introduces_an_item("Pis un jean coupe régulière, noir, L")


@pytest.mark.parametrize(
    ("said", "words"),
    [
        ("Bonjour, mon fils fait du mixage, il lui faudrait un casque de studio",
         "casque de studio"),
        # the request names its own kind: the phone written from is no kind asked for
        ("Salut, je vous écris depuis mon natel : vous auriez un thé sans théine ?",
         "thé sans théine"),
        ("Bonjour, mon fils a besoin d'un sweat à capuche", "sweat à capuche"),
        ("jcherche un ptit écran portable", "ptit écran portable"),
        # a kind named only before the request stays
        ("My phone dies every afternoon. I need a new one with a battery that lasts.",
         "phone a new one with a battery that lasts"),
        # whoever needs it, the story before it aside
        ("Namaste. My father works from home now, he needs a monitor within 200 euros.",
         "a monitor"),
        ("Hi! Birthday gift for my Kuya, he is climbing next month. Any hiking backpacks?",
         "hiking backpacks"),
        # of two requests, the one naming a kind
        ("Mon fils veut se mettre à la course. Pourriez-vous me montrer des chaussures de "
         "course ?", "chaussures de course"),
    ],
)  # fmt: skip
def test_the_part_of_a_sentence_that_asks_is_searched(said: str, words: str) -> None:
    assert searched_words(requested_part(said)) == words


def test_the_echo_says_what_the_shoppers_words_said_once() -> None:
    said = SearchContext(text="winter boots in black 43", color="black", size="43")
    assert said.describe() == "winter boots in black 43"
    french = SearchContext(text="le skinny noir en M", color="black", size="M")
    assert french.describe("fr", {"black": "noir"}) == "le skinny noir en M"
    # a size said nowhere in the words is still shown
    assert SearchContext(text="boots", size="43").describe() == "boots 43"


@pytest.mark.parametrize(
    ("said", "searched"),
    [
        ("orecchiette x2", "orecchiette"),
        ("3 pairs of striped blue size M", "striped blue"),
        ("Et deux paquets d'orecchiette", "orecchiette"),
        ("Deux paires en gris, grandeur M", "en gris"),
        ("the canvas ones in 42 pls", "canvas in 42"),
        ("Pis des bas rayés jaunes", "chaussettes rayés jaunes"),
        ("des collations en bas de quatre dollars", "collations en bas de quatre dollars"),
        ("I will take the Flip in purple", "the Flip in purple"),
        ("et des bouteilles d'eau ?", "bouteilles d'eau"),  # the kind, no amount
    ],
)
def test_counts_and_sizes_said_in_words_are_not_searched(said: str, searched: str) -> None:
    assert next_context("search_product", [], SearchContext(), said, "EUR").text == searched
