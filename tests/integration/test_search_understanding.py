"""What search understands, on a small catalog written here (not the demo's): the category a
query names (a hard filter) or leans to (a boost), named products first, descriptive words,
and the relevance floor (exact=False with the nearest alternatives)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlmodel import Session

from assistant.kernel.database import get_engine, session_scope
from assistant.schema import upgrade
from catalog.importer import import_catalog
from catalog.models import Product
from catalog.search import SearchQuery, SearchResult, products_named, search

PRODUCTS = [
    ("RUN-ROAD", "Road Running Shoes", "Stride", "Shoes > Running Shoes", 8900),
    ("RUN-TRAIL", "Trail Running Shoes", "Stride", "Shoes > Running Shoes", 11900),
    ("BT-HIKE", "Waterproof Hiking Boots", "Summit", "Shoes > Boots", 14900),
    ("BT-CHELSEA", "Suede Chelsea Boots", "Harlow", "Shoes > Boots", 12900),
    ("SN-CANVAS", "Canvas Low Top Sneakers", "Harlow", "Shoes > Sneakers", 5900),
    ("SN-LEATHER", "White Leather Sneakers", "Harlow", "Shoes > Sneakers", 9900),
    ("JK-RAIN", "Waterproof Rain Jacket", "Summit", "Clothing > Jackets", 9900),
    ("JK-DENIM", "Denim Jacket", "Harlow", "Clothing > Jackets", 7900),
    ("SH-LINEN", "Linen Shirt", "Harlow", "Clothing > Shirts", 4900),
    ("SH-OXFORD", "Oxford Cotton Shirt", "Harlow", "Clothing > Shirts", 3900),
    ("LT-ZEPH13", "Zephyr 13 Laptop", "Nimbus", "Electronics > Laptops", 89900),
    ("LT-ZEPH13P", "Zephyr 13 Pro Laptop", "Nimbus", "Electronics > Laptops", 129900),
    ("LT-ORCA15", "Orca 15 Gaming Laptop", "Kraken", "Electronics > Laptops", 149900),
    ("MG-STONE", "Stoneware Coffee Mug", "Hearth", "Kitchen > Mugs", 1500),
    ("CF-BEANS", "Dark Roast Coffee Beans", "Hearth", "Food > Coffee", 1200),
]


def loaded_shop(folder: Path, products: list[dict[str, object]]) -> Iterator[str]:
    """A SQLite shop holding `products` (JSONL feed records), for a module's tests."""
    feed = folder / "shop.jsonl"
    feed.write_text("".join(json.dumps(product) + "\n" for product in products), "utf-8")
    url = f"sqlite:///{folder / 'shop.db'}"
    upgrade(url)
    with session_scope(url) as session:
        assert import_catalog(session, Path(feed)).rejected == 0
    yield url
    get_engine(url).dispose()


def _variant(group: str, price: int) -> list[dict[str, str]]:
    return [{"sku": f"{group}-1", "price": f"{price / 100:.2f} EUR"}]


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    yield from loaded_shop(
        tmp_path_factory.mktemp("understanding"),
        [
            {
                "id": group,
                "title": title,
                "brand": brand,
                "product_type": path,
                "description": f"{title} by {brand}.",
                "variants": _variant(group, price),
            }
            for group, title, brand, path, price in PRODUCTS
        ],
    )


def run(url: str, text: str = "", **options: object) -> SearchResult:
    with session_scope(url) as session:
        return search(session, SearchQuery(text=text, limit=10, **options))  # type: ignore[arg-type]


def groups(result: SearchResult) -> list[str]:
    return [hit.group_id for hit in result.hits]


@pytest.mark.parametrize(
    "text",
    ["running shoes", "chaussures de course", "chaussure de running", "runing shoes"],
)
def test_a_named_category_is_a_hard_filter(shop: str, text: str) -> None:
    result = run(shop, text)
    assert result.exact and result.category_filter
    assert result.category == "Shoes > Running Shoes"
    assert set(groups(result)) == {"RUN-ROAD", "RUN-TRAIL"}


def test_french_typos_and_missing_accents_name_the_category(shop: str) -> None:
    assert run(shop, "baskets").category == "Shoes > Sneakers"
    assert run(shop, "sneakrs").category == "Shoes > Sneakers"
    assert run(shop, "ordi portable").category == "Electronics > Laptops"
    assert run(shop, "tasse a cafe").category == "Kitchen > Mugs"  # head noun first in French
    assert run(shop, "cup for coffee").category == "Kitchen > Mugs"  # not the coffee


def test_a_broader_kind_is_a_boost_not_a_filter(shop: str) -> None:
    # "chaussures de rando": shoes, and hiking; no category is called that.
    result = run(shop, "chaussures de rando")
    assert result.exact and not result.category_filter
    assert groups(result)[0] == "BT-HIKE"


def test_the_category_is_kept_for_a_refinement(shop: str) -> None:
    first = run(shop, "sneakers")
    assert first.category_filter
    dearest = max(hit.price_minor for hit in first.hits)
    cheaper = run(shop, category=first.category, max_price_minor=dearest - 1)
    assert cheaper.category == "Shoes > Sneakers" and cheaper.category_filter
    assert groups(cheaper) == ["SN-CANVAS"]
    # By name too, and a category that does not exist filters nothing away.
    assert set(groups(run(shop, category="boots"))) == {"BT-HIKE", "BT-CHELSEA"}


@pytest.mark.parametrize(
    ("text", "first"),
    [
        ("the Zephyr 13", "LT-ZEPH13"),
        ("zephyr 13 pro", "LT-ZEPH13P"),
        ("Kraken Orca", "LT-ORCA15"),
        ("zephir 13 pro laptop", "LT-ZEPH13P"),  # a typo
        ("LT-ORCA15-1", "LT-ORCA15"),  # a SKU
        ("suede chelsea boots", "BT-CHELSEA"),
    ],
)
def test_a_named_product_ranks_first(shop: str, text: str, first: str) -> None:
    assert groups(run(shop, text))[0] == first


@pytest.mark.parametrize(
    ("french", "english", "first"),
    [
        ("des bottes de randonnée imperméables svp", "waterproof hiking boots please", "BT-HIKE"),
        ("les chaussures de course sur route", "the road running shoes", "RUN-ROAD"),
        ("une chemise oxford en coton", "an oxford cotton shirt", "SH-OXFORD"),
        ("je veux la veste en jean", "I want the denim jacket", "JK-DENIM"),
    ],
)
def test_french_words_name_the_products_their_english_names(
    shop: str, french: str, english: str, first: str
) -> None:
    """A French request, each word read as the English words titles use, names the product its
    English version names."""
    with session_scope(shop) as session:
        assert _named(session, french) == _named(session, english) == [first]


def test_french_words_for_a_few_products_name_none_of_them(shop: str) -> None:
    """ "A laptop" names the shop's three laptops as a title's word would; read in translation,
    words must be surer: "un ordi portable" names none."""
    with session_scope(shop) as session:
        assert len(_named(session, "a laptop")) == 3
        assert _named(session, "un ordi portable") == []


@pytest.fixture(scope="module")
def speakers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    products = [
        ("SP-PORT", "Portable Bluetooth Speaker", "Nimbus", "Electronics > Speakers", 5900),
        ("BP-COMMUTE", "Commuter Laptop Backpack", "Harlow", "Bags > Backpacks", 7900),
        ("PH-NOVA8", "Nova 8 Smartphone", "Nimbus", "Electronics > Phones", 41900),
        *PRODUCTS,
    ]
    yield from loaded_shop(
        tmp_path_factory.mktemp("speakers"),
        [
            {
                "id": group,
                "title": title,
                "brand": brand,
                "product_type": path,
                "variants": _variant(group, price),
            }
            for group, title, brand, path, price in products
        ],
    )


def test_one_word_of_a_title_that_is_a_kind_names_only_products_of_that_kind(
    speakers: str,
) -> None:
    """ "Un portable" is a laptop or a phone in French: not the Portable Bluetooth Speaker,
    which two words of its title still name; a word that is no kind ("Commuter") names its
    product alone."""
    with session_scope(speakers) as session:
        assert _named(session, "un portable léger, ça existe ?") == []
        assert _named(session, "la Portable Bluetooth, elle est étanche ?") == ["SP-PORT"]
        assert _named(session, "le Commuter en noir") == ["BP-COMMUTE"]


def test_a_word_of_a_title_used_as_a_verb_names_nothing(speakers: str) -> None:
    """ "Would it work with a PlayStation?": "work" after "it" or a modal is a verb, not the
    Work Boots; after "do" it may open a name ("do chelsea boots come in brown?")."""
    with session_scope(speakers) as session:
        assert _named(session, "Would it trail behind?") == []
        assert _named(session, "it will trail, they trail") == []
        assert _named(session, "do trail shoes come in 42?") != []
        assert _named(session, "will the trail running shoes fit?") == ["RUN-TRAIL"]


def _named(session: Session, text: str) -> list[str]:
    found = [session.get(Product, product_id) for product_id in products_named(session, text)]
    return [product.group_id for product in found if product is not None]


@pytest.mark.parametrize(
    ("text", "first"),
    [
        ("waterproof jacket", "JK-RAIN"),
        ("veste impermeable", "JK-RAIN"),
        ("linen shirt", "SH-LINEN"),
        ("chemise en lin", "SH-LINEN"),
        ("gaming laptop", "LT-ORCA15"),
        ("trail shoes", "RUN-TRAIL"),
    ],
)
def test_descriptive_words_pick_the_product_they_describe(shop: str, text: str, first: str) -> None:
    assert groups(run(shop, text))[0] == first
    with session_scope(shop) as session:
        keyword = search(session, SearchQuery(text=text, ranking="keyword", limit=3))
    assert keyword.hits[0].group_id == first


@pytest.mark.parametrize("text", ["submarine", "dog food", "canapé", "lawn mower", "perfume"])
def test_below_the_floor_the_result_says_so_with_alternatives(shop: str, text: str) -> None:
    result = run(shop, text)
    assert not result.exact
    assert result.hits == [] and result.total == 0
    assert result.alternatives, "the nearest products, for 'closest: ...'"
    assert result.category is not None  # the closest category


def test_a_page_is_not_filled_with_unrelated_products(shop: str) -> None:
    result = run(shop, "hiking boots")
    assert groups(result)[0] == "BT-HIKE"
    assert not {"LT-ZEPH13", "LT-ORCA15", "MG-STONE", "CF-BEANS"} & set(groups(result))


def test_a_size_no_variant_has_is_searched_as_a_word(shop: str) -> None:
    # "Zephyr 13" with "13" tagged as a size: no variant is sized 13, so it is no filter.
    assert groups(run(shop, "Zephyr 13", size="13"))[0] == "LT-ZEPH13"


def test_a_brand_said_in_the_words_filters(shop: str) -> None:
    assert set(groups(run(shop, "shoes by Harlow"))) <= {"BT-CHELSEA", "SN-CANVAS", "SN-LEATHER"}
    assert run(shop, "shoes by Harlow").query.brand == "harlow"


def test_a_brand_the_shop_does_not_carry_is_searched_as_a_word(shop: str) -> None:
    # "The normal Zephyr 13" with "Zephyr" tagged as a brand: no product has that brand.
    result = run(shop, "13", brand="Zephyr")
    assert result.query.brand is None and groups(result)[0] == "LT-ZEPH13"


def test_a_sure_result_is_close_to_the_words_not_only_to_a_keyword(shop: str) -> None:
    assert run(shop, "hiking boots").sure
    assert not run(shop, "submarine").sure


@pytest.fixture(scope="module")
def clothes(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Jeans cut for men, for women and for anyone (the feed's `gender`)."""
    rows = [
        ("JN-M", "Regular Fit Jeans", "male", 3500),
        ("JN-W", "High Rise Skinny Jeans", "female", 5900),
        ("JN-U", "Straight Leg Jeans", "unisex", 7900),
        ("JN-N", "Selvedge Jeans", "", 9900),
    ]
    yield from loaded_shop(
        tmp_path_factory.mktemp("for-whom"),
        [
            {
                "id": group,
                "title": title,
                "brand": "Denimco",
                "product_type": "Clothing > Jeans",
                "gender": gender,
                "description": f"{title}.",
                "variants": _variant(group, price),
            }
            for group, title, gender, price in rows
        ],
    )


@pytest.mark.parametrize(
    ("text", "never"),
    [
        ("mens jeans", "JN-W"),
        ("jean pour homme", "JN-W"),
        ("jeans for my wife", "JN-M"),
        ("un jean pour femme", "JN-M"),
    ],
)
def test_a_query_for_men_or_women_leaves_out_what_is_cut_for_the_other(
    clothes: str, text: str, never: str
) -> None:
    shown = groups(run(clothes, text))
    assert never not in shown and {"JN-U", "JN-N"} <= set(shown)
    assert set(groups(run(clothes, "jeans"))) == {"JN-M", "JN-W", "JN-U", "JN-N"}


@pytest.mark.parametrize(
    ("text", "first"),
    [
        ("casque filaire pour mixer, je suis dj", "HP-STUDIO"),  # not the gaming headset
        ("wired headphones for mixing and djing", "HP-STUDIO"),
        ("jcherche des chaussures de securite pour le chantier", "SH-WORK"),  # a kind of shoe
        ("ordi pro avec pave numerique", "LT-WORKPRO15"),  # "ordi": a computer, so a laptop
        ("un pc qui se replie en tablette", "LT-FLIP13"),  # a laptop, not the tablet
    ],
)
def test_within_a_named_kind_the_words_of_the_description_decide(
    demo_db: str, text: str, first: str
) -> None:
    result = run(demo_db, text)
    assert result.exact and groups(result)[0] == first


@pytest.mark.parametrize(
    ("text", "context", "first"),
    [  # the whole message, as next_context passes it
        ("headphones", "my niece is six and watches her tablet on the train, any headphones",
         "HP-KIDS"),
        ("a phone", "my husband keeps dropping his phone in the lake on fishing trips, he needs "
         "a phone", "PH-RUGGED"),
    ],
)  # fmt: skip
def test_the_whole_message_ranks_by_meaning_within_the_kind(
    demo_db: str, text: str, context: str, first: str
) -> None:
    alone, told = run(demo_db, text), run(demo_db, text, context=context)
    assert groups(alone)[0] != first  # the words alone do not say it
    assert groups(told)[0] == first
    assert told.category == alone.category and told.category_filter


def test_a_name_said_after_a_negation_is_not_shown(demo_db: str) -> None:
    shown = groups(run(demo_db, "jeans high-waisted", without=("skinny",)))
    assert "JN-HIGHRISE" not in shown and "JN-MOM" in shown  # High Rise Skinny Jeans
    assert "JN-HIGHRISE" in groups(run(demo_db, "jeans high-waisted"))
    # in French too, and a product free of it is no product called by it
    assert "JN-HIGHRISE" not in groups(run(demo_db, "jeans taille haute", without=("serrés",)))
    assert "FD-GF-FUSILLI" in groups(run(demo_db, "pasta", without=("gluten",)))


def test_a_property_the_feed_says_yes_to_keeps_the_products_saying_it(demo_db: str) -> None:
    # "Vegan: yes" in the attributes; the milk chocolate bars do not say it
    vegan = {"FD-DARK70", "FD-DARK85", "FD-HOTCHOC"}
    assert set(groups(run(demo_db, "vegan chocolate"))) == vegan
    assert set(groups(run(demo_db, "du chocolat végan"))) == vegan
    told = run(demo_db, "Which chocolate can she eat", context="my roommate is vegan")
    assert set(groups(told)) == vegan
    # denied, or of a kind no product of which says it: no filter
    assert "FD-MILKHAZEL" in groups(run(demo_db, "chocolate, not vegan"))
    assert len(groups(run(demo_db, "vegan leather boots"))) > 1


def test_an_allergen_said_after_a_negation_leaves_out_what_lists_it(demo_db: str) -> None:
    # the allergen lists say "gluten (wheat)", "almonds", "cashews, almonds": no name does
    assert groups(run(demo_db, "pasta", without=("gluten",))) == ["FD-GF-FUSILLI"]
    snacks = groups(run(demo_db, "snacks", without=("almonds", "cashews")))
    assert snacks and not {"FD-ALMONDS", "FD-TRAILMIX"} & set(snacks)
    assert {"FD-ALMONDS", "FD-TRAILMIX"} <= set(groups(run(demo_db, "snacks")))


def test_the_context_names_no_kind(shop: str) -> None:
    # "working from home, he needs boots": the kind comes from the words searched
    result = run(shop, "boots", context="my dad works from home on his laptop")
    assert result.category == "Shoes > Boots" and result.category_filter


def test_by_price_only_the_products_that_fit_the_words_count(shop: str) -> None:
    # "The cheapest gaming laptop": the gaming one, though the other laptops cost less.
    assert groups(run(shop, "gaming laptop", price_order="cheapest"))[0] == "LT-ORCA15"
    # A kind alone: all of it, by price either way.
    cheapest = groups(run(shop, "laptop", price_order="cheapest"))
    assert cheapest == ["LT-ZEPH13", "LT-ZEPH13P", "LT-ORCA15"]
    assert groups(run(shop, "laptop", price_order="dearest")) == cheapest[::-1]
    assert groups(run(shop, "boots", price_order="cheapest"))[0] == "BT-CHELSEA"


@pytest.fixture(scope="module")
def sales(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Two teas, one sold below its price in one size only; a mug whose 'sale' price is its
    price (no saving, so not on sale)."""

    def product(group: str, title: str, path: str, variants: list[dict[str, str]]) -> dict:
        return {"id": group, "title": title, "brand": "Leaf", "product_type": path,
                "description": f"{title}.", "variants": variants}  # fmt: skip

    yield from loaded_shop(
        tmp_path_factory.mktemp("sales"),
        [
            product("TEA-GREEN", "Sencha Green Tea", "Food > Tea", [
                {"sku": "TEA-GREEN-100", "price": "6.00 EUR", "size": "100 g"},
                {"sku": "TEA-GREEN-250", "price": "14.00 EUR", "sale_price": "11.00 EUR",
                 "size": "250 g"},
            ]),
            product("TEA-BLACK", "Breakfast Black Tea", "Food > Tea", [
                {"sku": "TEA-BLACK-100", "price": "5.00 EUR"},
            ]),
            product("MUG", "Tea Mug", "Kitchen > Mugs", [
                {"sku": "MUG-1", "price": "9.00 EUR", "sale_price": "9.00 EUR"},
            ]),
        ],
    )  # fmt: skip


def test_on_sale_shows_only_what_is_sold_below_its_price(sales: str) -> None:
    result = run(sales, "tea", on_sale=True)
    assert groups(result) == ["TEA-GREEN"]
    assert [variant.sku for variant in result.hits[0].variants] == ["TEA-GREEN-250"]
    assert groups(run(sales, "mug", on_sale=True)) == []
    assert {"TEA-GREEN", "TEA-BLACK"} <= set(groups(run(sales, "tea")))  # without: both


@pytest.fixture(scope="module")
def mentions(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Descriptions that mention other kinds of product than their own."""

    def product(group: str, title: str, path: str, description: str) -> dict:
        return {"id": group, "title": title, "brand": "Volt", "product_type": path,
                "description": description, "variants": _variant(group, 2900)}  # fmt: skip

    yield from loaded_shop(
        tmp_path_factory.mktemp("mentions"),
        [
            product("STAND", "3-in-1 Charging Stand", "Electronics > Chargers",
                    "Charges your phone, earbuds and smartwatch at once."),
            product("PAD", "Wireless Charging Pad", "Electronics > Chargers",
                    "A slim pad for any Qi phone."),
            product("VORTEX", "Vortex Run 2", "Apparel > Shoes",
                    "A light running shoe with a rocker sole for long road runs."),
            product("SUMMIT", "Summit GTX", "Apparel > Shoes",
                    "Waterproof hiking boots with a grippy sole."),
            product("FOLD", "Fold Smartphone", "Electronics > Phones",
                    "A foldable phone whose cover display shows the time."),
        ],
    )  # fmt: skip


def test_a_kind_only_mentioned_in_another_kinds_description_is_not_carried(
    mentions: str,
) -> None:
    # The stand charges a smartwatch; it is not one: nothing matches, the stand is only offered.
    for text in ("smartwatch", "montre connectée"):
        result = run(mentions, text)
        assert not result.exact and not result.hits, text
    # A description still says the kind when the category is that kind or near it.
    assert groups(run(mentions, "running shoes"))[0] == "VORTEX"
    assert groups(run(mentions, "hiking boots"))[0] == "SUMMIT"
    assert set(groups(run(mentions, "chargeur"))) == {"STAND", "PAD"}


def test_a_category_named_by_what_the_kind_goes_with_is_another_kind(mentions: str) -> None:
    # "Phones" says the phone of "phone case", not the case: the phone's "cover display" is no
    # cover sold, so nothing matches and the phone is only offered.
    for text in ("phone cases", "coques de téléphone", "une housse pour mon téléphone"):
        result = run(mentions, text)
        assert not result.exact and not result.hits, text
    assert groups(run(mentions, "foldable phone"))[0] == "FOLD"


@pytest.mark.parametrize(
    ("text", "first"),
    [
        ("2 paires de baskets en toile", "SN-CANVAS"),  # "paires" is no word to spell-correct
        ("a bag of coffee beans", "CF-BEANS"),
        ("trois sachets de café en grains", "CF-BEANS"),
        ("deux paires de chaussures de randonnée", "BT-HIKE"),
    ],
)
def test_a_count_and_its_container_say_how_many_of_the_kind_after_them(
    shop: str, text: str, first: str
) -> None:
    result = run(shop, text)
    assert result.exact and groups(result)[0] == first


@pytest.fixture(scope="module")
def packs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Socks sold by the pack, sandals of which one kind is slides, a bottle and a coffee."""

    def product(group: str, title: str, path: str) -> dict:
        return {"id": group, "title": title, "brand": "Plainfield", "product_type": path,
                "description": f"{title}.", "variants": _variant(group, 1299)}  # fmt: skip

    yield from loaded_shop(
        tmp_path_factory.mktemp("packs"),
        [
            product("CREW5", "Everyday Crew Socks 5-Pack", "Clothing > Socks"),
            product("ANKLE3", "Invisible Ankle Socks 3-Pack", "Clothing > Socks"),
            product("RUN3", "Cushioned Running Socks 3-Pack", "Clothing > Socks"),
            product("SLIDE", "Cushioned Slide Sandals", "Shoes > Sandals"),
            product("STRAP", "Leather Strap Sandals", "Shoes > Sandals"),
            product("BOTTLE", "Insulated Water Bottle", "Home > Water Bottles"),
            product("DECAF", "Swiss Water Decaf Coffee", "Food > Coffee"),
        ],
    )


def test_the_pack_size_said_names_the_pack(packs: str) -> None:
    with session_scope(packs) as session:
        assert _named(session, "deux lots de 5 paires de chaussettes en noir") == ["CREW5"]
        assert _named(session, "a 5-pack of socks") == ["CREW5"]
        assert _named(session, "un lot de 3 chaussettes") == []  # two 3-packs: neither


def test_the_most_specific_kind_is_searched_and_its_category_kept(packs: str) -> None:
    # "claquettes" are slides, not any sandal; the category of what matched is kept for
    # "moins cher ?" and the like.
    result = run(packs, "claquettes")
    assert groups(result) == ["SLIDE"] and result.category == "Shoes > Sandals"
    assert set(groups(run(packs, "sandales"))) == {"SLIDE", "STRAP"}


def test_a_container_opening_a_dictionary_phrase_is_the_kind_not_an_amount(packs: str) -> None:
    # "2 sachets de café" counts coffee; "2 bouteilles d'eau" are water bottles, no water
    assert groups(run(packs, "2 bouteilles d'eau")) == ["BOTTLE"]
    assert groups(run(packs, "2 sachets de café")) == ["DECAF"]
