"""Loading and searching the catalog on real SQLite and PostgreSQL databases."""

from pathlib import Path

from sqlmodel import func, select

from assistant.kernel.database import session_scope
from catalog.importer import import_catalog
from catalog.models import CatalogImport, Product, Variant
from catalog.search import SearchQuery, search
from testkit.paths import DEMO_CATALOG


def test_demo_catalog_loads_and_reload_changes_nothing(demo_db: str) -> None:
    with session_scope(demo_db) as session:
        products = session.exec(select(func.count()).select_from(Product)).one()
        variants = session.exec(select(func.count()).select_from(Variant)).one()
        report = import_catalog(session, DEMO_CATALOG)
    assert products >= 150 and variants > products
    assert (report.added, report.updated, report.unchanged) == (0, 0, products)
    with session_scope(demo_db) as session:
        assert session.exec(select(func.count()).select_from(Product)).one() == products
        assert session.exec(select(func.count()).select_from(CatalogImport)).one() == 2


def test_changed_row_updates_only_its_product(demo_db: str, tmp_path: Path) -> None:
    lines = DEMO_CATALOG.read_text(encoding="utf-8").splitlines()
    target = next(i for i, line in enumerate(lines) if line.startswith("TS-CLASSIC-RED-M,"))
    lines[target] = lines[target].replace("14.99 EUR", "13.49 EUR")
    changed = tmp_path / "catalog.csv"
    changed.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with session_scope(demo_db) as session:
        report = import_catalog(session, changed)
    assert (report.added, report.updated) == (0, 1)
    with session_scope(demo_db) as session:
        variant = session.exec(select(Variant).where(Variant.sku == "TS-CLASSIC-RED-M")).one()
        assert variant.price_minor == 1349


def test_search_red_tshirt_applies_the_colour_filter_exactly(demo_db: str) -> None:
    with session_scope(demo_db) as session:
        result = search(session, SearchQuery(text="t-shirt", color="red", limit=20))
        assert result.total >= 3
        for hit in result.hits:
            assert "t-shirt" in hit.title.lower()
            assert all(variant.color == "red" for variant in hit.variants)


def test_search_hard_filters_price_and_stock(demo_db: str) -> None:
    with session_scope(demo_db) as session:
        result = search(session, SearchQuery(text="shoes", max_price_minor=8000, limit=50))
        assert result.hits
        for hit in result.hits:
            for variant in hit.variants:
                assert variant.price_minor <= 8000
                assert variant.stock is None or variant.stock > 0
        # A product entirely out of stock never appears.
        monitor = search(session, SearchQuery(text="34 ultrawide monitor", limit=50))
        assert all(hit.group_id != "MN-34UW" for hit in monitor.hits)


def test_search_nothing_matches(demo_db: str) -> None:
    with session_scope(demo_db) as session:
        assert search(session, SearchQuery(text="submarine")).hits == []


def test_search_leaves_out_the_brand_asked_away_and_keeps_the_others(demo_db: str) -> None:
    with session_scope(demo_db) as session:
        every = search(session, SearchQuery(text="jeans", limit=10)).hits
        others = search(session, SearchQuery(text="jeans", limit=10, not_brand="Cobalt Denim"))
    assert "Cobalt Denim" in {hit.brand for hit in every}
    assert others.hits and all(hit.brand != "Cobalt Denim" for hit in others.hits)


def test_french_needs_find_their_kind_and_the_one_product_they_name(demo_db: str) -> None:
    def first(text: str) -> tuple[str, str | None]:
        with session_scope(demo_db) as session:
            result = search(session, SearchQuery(text=text, limit=5))
        return result.hits[0].group_id, result.category

    # "café moulu" is the ground coffee in other words; the coffee maker it is for is no name
    assert first("café moulu pour ma cafetière filtre")[0] == "FD-COLOMBIA"
    # texted "pr" opens a complement as "pour" does; an accent says the words are French,
    # whose head comes first: a portable screen for a PC, not a laptop or a phone
    assert first("ptit écran portable pr mon pc") == ("MN-PORTABLE", "Electronics > Monitors")
    # "Bonjour à vous": a greeting's "à" opens no complement
    group, kind = first("Bonjour à vous, un ordinateur portable avec un pavé numérique")
    assert (group, kind) == ("LT-WORKPRO15", "Electronics > Laptops")
    assert first("baskets de running")[1] == "Shoes > Running Shoes"
    assert first("de quoi grignoter en randonnée")[1] == "Food > Snacks"
    # one word read in translation names nothing: "sacs" are no Tea Bags
    assert first("sacs d'école")[0] == "BP-SCHOOL"
    # a kind said alone names the kind, not the one product whose title says it in English
    with session_scope(demo_db) as session:
        assert len(search(session, SearchQuery(text="sac à dos", limit=5)).hits) > 1
