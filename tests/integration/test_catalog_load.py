"""Reloads, --prune, --strict, stored embeddings and hybrid search on real SQLite/PostgreSQL."""

from __future__ import annotations

from pathlib import Path

from sqlmodel import func, select, update

from assistant.commerce.order import Order, OrderLine
from assistant.kernel.database import session_scope
from catalog.importer import import_catalog
from catalog.models import Product, ProductEmbedding, Variant
from catalog.search import SearchQuery, search
from testkit.paths import DEMO_CATALOG


def demo_without(tmp_path: Path, *group_ids: str, edit: tuple[str, str] | None = None) -> Path:
    """The demo feed minus some products' rows, optionally with one text replaced."""
    lines = DEMO_CATALOG.read_text(encoding="utf-8").splitlines()
    kept = [line for line in lines if line.split(",")[1] not in group_ids]
    text = "\n".join(kept) + "\n"
    if edit:
        text = text.replace(*edit)
    path = tmp_path / "feed.csv"
    path.write_text(text, encoding="utf-8")
    return path


def count(url: str, model: type) -> int:
    with session_scope(url) as session:
        return session.exec(select(func.count()).select_from(model)).one()


def test_prune_removes_absent_products_but_keeps_ordered_ones(demo_db: str, tmp_path: Path) -> None:
    with session_scope(demo_db) as session:
        ordered = session.exec(select(Variant).where(Variant.sku == "TS-CLASSIC-RED-M")).one()
        order = Order(conversation_id="c1", currency="EUR", total_minor=1499)
        order.lines.append(
            OrderLine(variant_id=ordered.id, sku=ordered.sku, title="Tee", quantity=1,
                      unit_price_minor=1499)
        )  # fmt: skip
        session.add(order)
    products = count(demo_db, Product)
    feed = demo_without(tmp_path, "TS-CLASSIC", "MG-ENAMEL")
    with session_scope(demo_db) as session:
        report = import_catalog(session, feed, prune=True)
    assert (report.removed, report.kept_unavailable, report.unchanged) == (1, 1, products - 2)
    with session_scope(demo_db) as session:
        assert session.exec(select(Product).where(Product.group_id == "MG-ENAMEL")).first() is None
        kept = session.exec(select(Product).where(Product.group_id == "TS-CLASSIC")).one()
        assert all(not variant.purchasable for variant in kept.variants)
        hits = search(session, SearchQuery(text="classic cotton t-shirt", limit=50)).hits
        assert "TS-CLASSIC" not in {hit.group_id for hit in hits}
    # The same feed again: nothing more to prune, and the kept product is not "re-removed".
    with session_scope(demo_db) as session:
        again = import_catalog(session, feed, prune=True)
    assert (again.removed, again.kept_unavailable) == (0, 1)


def test_prune_keeps_products_whose_rows_were_rejected(demo_db: str, tmp_path: Path) -> None:
    products = count(demo_db, Product)
    feed = demo_without(tmp_path, edit=("Enamel Camping Mug,", "<b>Enamel</b> Camping Mug,"))
    with session_scope(demo_db) as session:
        report = import_catalog(session, feed, prune=True)
    assert report.rejected == 3 and report.removed == 0
    assert count(demo_db, Product) == products


def test_strict_loads_nothing_when_a_row_is_rejected(database_url: str, tmp_path: Path) -> None:
    feed = demo_without(tmp_path, edit=("14.99 EUR", "14.99 XYZ"))
    with session_scope(database_url) as session:
        report = import_catalog(session, feed, strict=True)
    assert not report.loaded and report.rejected > 0
    assert count(database_url, Product) == 0
    assert count(database_url, Variant) == 0


def test_reload_reembeds_only_changed_products(demo_db: str, tmp_path: Path) -> None:
    products = count(demo_db, Product)
    assert count(demo_db, ProductEmbedding) == products
    with session_scope(demo_db) as session:
        unchanged = import_catalog(session, DEMO_CATALOG)
    assert unchanged.embedded == 0
    feed = demo_without(tmp_path, edit=("Leather Rucksack", "Leather Weekender Rucksack"))
    with session_scope(demo_db) as session:
        changed = import_catalog(session, feed)
    assert (changed.updated, changed.embedded) == (1, 1)


def test_french_and_synonym_queries_find_english_titles(demo_db: str) -> None:
    with session_scope(demo_db) as session:
        for text, kind in [
            ("chaussures de course", "Running Shoes"),
            ("sac à dos", "Backpacks"),
            ("trainers for jogging", "Running Shoes"),
        ]:
            hits = search(session, SearchQuery(text=text, limit=3)).hits
            types = {
                session.get(Product, hit.product_id).product_type.rsplit("> ", 1)[-1]
                for hit in hits
            }
            assert types == {kind}, (text, [hit.title for hit in hits])
        # Without vectors, the shopping dictionary still names the category in English.
        keyword_only = search(session, SearchQuery(text="sac à dos", ranking="keyword"))
        assert keyword_only.category == "Accessories > Backpacks" and keyword_only.category_filter


def test_filters_stay_exact_with_semantic_matches(demo_db: str) -> None:
    with session_scope(demo_db) as session:
        result = search(
            session,
            SearchQuery(text="chaussures de course", color="blue", max_price_minor=9000, limit=20),
        )
        assert result.hits
        for hit in result.hits:
            for variant in hit.variants:
                assert variant.color == "blue" and variant.price_minor <= 9000
                assert variant.stock is None or variant.stock > 0


def test_stock_sold_after_the_snapshot_is_never_shown(demo_db: str) -> None:
    with session_scope(demo_db) as session:
        first = search(session, SearchQuery(text="road running shoes", limit=1)).hits[0]
        # A payment elsewhere sells the last items: the snapshot does not know yet.
        session.exec(update(Variant).where(Variant.product_id == first.product_id).values(stock=0))  # type: ignore[call-overload]
    with session_scope(demo_db) as session:
        hits = search(session, SearchQuery(text="road running shoes", limit=10)).hits
        assert first.product_id not in {hit.product_id for hit in hits}
        assert hits
