"""Menu loads on real SQLite and PostgreSQL: round trip to the same Menu, idempotent reloads,
both formats, --prune soft-removing dishes, rejected rows holding what is stored."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlmodel import col, select

from assistant.kernel.database import session_scope
from catalog.feeds.base import FeedError
from catalog.menu.feed import MENU_CSV, MENU_JSONL
from catalog.menu.loader import MenuNotFound, load_menu, menu_from_database
from catalog.menu.readers import read_menu
from catalog.menu.tables import DishRecord
from catalog.models import CatalogImport
from catalog.stats import catalog_stats
from testkit.paths import DEMO_MENU, DEMO_MENU_CSV


def demo_lines() -> list[dict]:
    return [json.loads(line) for line in DEMO_MENU.read_text(encoding="utf-8").splitlines()]


def write_menu(tmp_path: Path, items: list[dict], name: str = "menu.jsonl") -> Path:
    path = tmp_path / name
    path.write_text("\n".join(json.dumps(item) for item in items) + "\n", encoding="utf-8")
    return path


def without(tmp_path: Path, *skus: str) -> Path:
    return write_menu(tmp_path, [item for item in demo_lines() if item.get("sku") not in skus])


def test_a_loaded_menu_reads_back_as_the_same_values(database_url: str) -> None:
    with session_scope(database_url) as session:
        report = load_menu(session, DEMO_MENU)
    assert (report.feed_format, report.restaurant_change, report.rejected) == (
        MENU_JSONL, "added", 0,
    )  # fmt: skip
    expected = read_menu(DEMO_MENU, MENU_JSONL).menu
    assert report.added == len(expected.dishes)
    with session_scope(database_url) as session:
        assert menu_from_database(session) == expected
        assert menu_from_database(session, "da-mario") == expected
        with pytest.raises(MenuNotFound):
            menu_from_database(session, "elsewhere")
        [stored] = session.exec(select(CatalogImport)).all()
        assert (stored.feed_format, stored.added, stored.rejected) == (MENU_JSONL, report.added, 0)


def test_no_menu_stored(database_url: str) -> None:
    with session_scope(database_url) as session, pytest.raises(MenuNotFound):
        menu_from_database(session)


def test_reloading_either_format_changes_nothing(database_url: str) -> None:
    with session_scope(database_url) as session:
        first = load_menu(session, DEMO_MENU)
    for path in (DEMO_MENU, DEMO_MENU_CSV):
        with session_scope(database_url) as session:
            again = load_menu(session, path)
        assert (again.restaurant_change, again.added, again.updated, again.removed) == (
            "unchanged", 0, 0, 0,
        )  # fmt: skip
        assert again.unchanged == first.added
    assert again.feed_format == MENU_CSV  # told by sniffing


def test_a_changed_price_and_restaurant_are_updated(database_url: str, tmp_path: Path) -> None:
    with session_scope(database_url) as session:
        load_menu(session, DEMO_MENU)
    items = demo_lines()
    items[0]["minimum_order"] = "20.00"
    items[1]["price"] = "10.50"
    with session_scope(database_url) as session:
        report = load_menu(session, write_menu(tmp_path, items), MENU_JSONL)
    assert (report.restaurant_change, report.updated, report.added) == ("updated", 1, 0)
    with session_scope(database_url) as session:
        menu = menu_from_database(session)
    assert menu.restaurant.minimum_order_minor == 2000
    assert menu.dishes[0].price_minor == 1050


def test_prune_soft_removes_absent_dishes_and_a_reload_revives_them(
    database_url: str, tmp_path: Path
) -> None:
    with session_scope(database_url) as session:
        load_menu(session, DEMO_MENU)
    shorter = without(tmp_path, "PIZZA-CALZONE", "DRINK-LEMONADE")
    with session_scope(database_url) as session:
        kept = load_menu(session, shorter)  # no --prune: absent dishes stay on the menu
    assert kept.removed == 0
    with session_scope(database_url) as session:
        pruned = load_menu(session, shorter, prune=True)
    assert pruned.removed == 2
    with session_scope(database_url) as session:
        skus = {dish.sku for dish in menu_from_database(session).dishes}
        assert not skus & {"PIZZA-CALZONE", "DRINK-LEMONADE"}
        removed = session.exec(
            select(DishRecord.sku).where(col(DishRecord.removed_at).is_not(None))
        ).all()
        assert set(removed) == {"PIZZA-CALZONE", "DRINK-LEMONADE"}  # rows kept for orders
        counts = catalog_stats(session).counts
        assert (counts["restaurants"], counts["dishes on menus"]) == (1, len(skus))
    with session_scope(database_url) as session:
        again = load_menu(session, shorter, prune=True)
        assert again.removed == 0
        revived = load_menu(session, DEMO_MENU, prune=True)
    assert (revived.updated, revived.removed) == (2, 0)
    with session_scope(database_url) as session:
        assert menu_from_database(session) == read_menu(DEMO_MENU, MENU_JSONL).menu


def test_prune_keeps_a_dish_whose_row_was_rejected(database_url: str, tmp_path: Path) -> None:
    with session_scope(database_url) as session:
        load_menu(session, DEMO_MENU)
    items = demo_lines()
    pesto = next(item for item in items if item.get("sku") == "PIZZA-PESTO")
    pesto["allergens"] = ["shellfish"]  # crustaceans or molluscs? rejected
    with session_scope(database_url) as session:
        report = load_menu(session, write_menu(tmp_path, items), prune=True)
    assert [(error.field, error.row_id) for error in report.errors] == [
        ("allergens", "PIZZA-PESTO")
    ]
    assert (report.removed, report.held) == (0, 1)
    with session_scope(database_url) as session:
        pesto_dish = menu_from_database(session).dish("PIZZA-PESTO")
    assert pesto_dish is not None and "nuts" in pesto_dish.allergens


def test_a_file_that_is_no_menu_writes_nothing(database_url: str, tmp_path: Path) -> None:
    items = demo_lines()[1:]  # no restaurant line
    path = write_menu(tmp_path, items)
    with pytest.raises(FeedError, match="no restaurant"), session_scope(database_url) as session:
        load_menu(session, path, MENU_JSONL)
    with session_scope(database_url) as session:
        assert session.exec(select(DishRecord)).all() == []


def test_two_restaurants_keep_their_own_dishes_under_the_same_skus(
    database_url: str, tmp_path: Path
) -> None:
    items = demo_lines()
    items[0] |= {"slug": "chez-luigi", "name": "Chez Luigi"}
    items[1]["price"] = "9.00"
    with session_scope(database_url) as session:
        load_menu(session, DEMO_MENU)
        luigi = load_menu(session, write_menu(tmp_path, items))
    assert (luigi.restaurant_change, luigi.added) == ("added", len(items) - 1)
    with session_scope(database_url) as session:
        with pytest.raises(MenuNotFound, match="several"):
            menu_from_database(session)
        mario = menu_from_database(session, "da-mario").dishes[0]
        luigis = menu_from_database(session, "chez-luigi").dishes[0]
    assert (mario.sku, luigis.sku) == ("PIZZA-MARGHERITA", "PIZZA-MARGHERITA")
    assert (mario.price_minor, luigis.price_minor) == (1000, 900)
