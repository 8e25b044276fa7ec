"""The `assistant` command as a merchant runs it: real process, real database file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlmodel import func, select

from assistant.kernel.database import session_scope
from catalog.models import Product
from testkit.paths import DEMO_CATALOG, DEMO_MENU, DEMO_MENU_CSV

ASSISTANT = str(Path(sys.executable).parent / "assistant")
pytestmark = pytest.mark.slow  # each test runs the `assistant` command, seconds of imports a run


def run(db: str, *args: str, **settings: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "ASSISTANT_DATABASE_URL": db, "NO_COLOR": "1", "COLUMNS": "200"}
    env |= settings
    return subprocess.run(
        [ASSISTANT, *args], env=env, capture_output=True, text=True, timeout=120, check=False
    )


@pytest.fixture
def db(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'shop.db'}"


def product_count(db: str) -> int:
    with session_scope(db) as session:
        return session.exec(select(func.count()).select_from(Product)).one()


def test_load_then_search_as_json(db: str) -> None:
    loaded = run(db, "catalog", "load", str(DEMO_CATALOG))
    assert loaded.returncode == 0, loaded.stderr
    assert "0 rejected" in loaded.stdout
    found = run(db, "catalog", "search", "red t-shirt", "--max-price", "20", "--json")
    assert found.returncode == 0, found.stderr
    payload = json.loads(found.stdout)
    assert payload["hits"]
    assert all(hit["price_minor"] <= 2000 for hit in payload["hits"])


def test_missing_file_is_a_clear_error(db: str, tmp_path: Path) -> None:
    result = run(db, "catalog", "load", str(tmp_path / "missing.csv"))
    assert result.returncode == 2
    assert "missing.csv: file not found" in result.stderr
    assert "Traceback" not in result.stderr


def test_bad_file_loads_nothing_and_keeps_what_was_stored(db: str, tmp_path: Path) -> None:
    assert run(db, "catalog", "load", str(DEMO_CATALOG)).returncode == 0
    before = product_count(db)
    latin1 = tmp_path / "latin1.csv"
    text = DEMO_CATALOG.read_text(encoding="utf-8").replace("Classic Cotton", "Clàssic Cotton")
    latin1.write_bytes(text.encode("latin-1", errors="replace"))
    result = run(db, "catalog", "load", str(latin1))
    assert result.returncode == 2
    assert "latin1.csv, line" in result.stderr and "column" in result.stderr
    assert "not UTF-8" in result.stderr
    no_columns = tmp_path / "no_columns.csv"
    no_columns.write_text("id,title\nX,Y\n", encoding="utf-8")
    result = run(db, "catalog", "load", str(no_columns))
    assert result.returncode == 2 and "missing required column(s)" in result.stderr
    assert product_count(db) == before


def test_rejected_rows_are_reported_and_good_rows_load(db: str, tmp_path: Path) -> None:
    lines = DEMO_CATALOG.read_text(encoding="utf-8").splitlines()
    lines[5] = lines[5].replace(" EUR", " XYZ", 1)
    feed = tmp_path / "feed.csv"
    feed.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run(db, "catalog", "load", str(feed))
    assert result.returncode == 1
    assert "line 6" in result.stderr and "price" in result.stderr
    assert "1 rejected" in result.stdout
    assert product_count(db) >= 150
    strict = run(db, "catalog", "load", str(feed), "--strict")
    assert strict.returncode == 1 and "loaded nothing" in strict.stdout


def test_config_masks_secrets(db: str) -> None:
    env_secret = "sk_live_should_never_print"
    result = subprocess.run(
        [ASSISTANT, "config"],
        env={**os.environ, "ASSISTANT_DATABASE_URL": db, "STRIPE_SECRET_KEY": env_secret},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert env_secret not in result.stdout
    assert "STRIPE_SECRET_KEY" in result.stdout and "(set)" in result.stdout


def test_load_auto_says_which_format_and_stats_show_it(db: str, tmp_path: Path) -> None:
    shopify = tmp_path / "products_export.csv"
    shopify.write_text(
        "Handle,Title,Body (HTML),Vendor,Type,Option1 Name,Option1 Value,Variant SKU,"
        "Variant Inventory Qty,Variant Price\n"
        "tee,Tee,<p>Soft</p>,Acme,T-Shirts,Size,M,TEE-M,4,19.00\n"
        "tee,,,,,,L,TEE-L,2,19.00\n"
        "cap,Cap,,Acme,Caps,,,CAP-1,3,twelve\n",
        encoding="utf-8",
    )
    loaded = run(db, "catalog", "load", str(shopify), "--currency", "usd")
    assert loaded.returncode == 1  # a rejected row
    assert "format: shopify" in loaded.stdout
    assert "line 4 (id CAP-1), field Variant Price" in loaded.stderr  # the file's own column
    assert "1 added" in loaded.stdout and "1 rejected" in loaded.stdout
    shown = run(db, "catalog", "show", "TEE-L")
    assert shown.returncode == 0, shown.stderr
    assert "TEE-M" in shown.stdout and "$19.00" in shown.stdout
    stats = run(db, "catalog", "stats")
    assert stats.returncode == 0, stats.stderr
    assert "variants" in stats.stdout and "shopify" in stats.stdout
    missing = run(db, "catalog", "show", "NOPE")
    assert missing.returncode == 1 and "NOPE" in missing.stderr


def test_show_prints_attributes_and_status(db: str, tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    laptop = {
        "id": "LT", "title": "Aero 14", "ram": "16 GB", "status": "draft",
        "variants": [
            {"sku": "LT-512", "price": "1099 EUR", "storage": "512 GB"},
            {"sku": "LT-1TB", "price": "1299 EUR", "sale_price": "1199 EUR", "storage": "1 TB"},
        ],
    }  # fmt: skip
    feed.write_text(json.dumps(laptop) + "\n", encoding="utf-8")
    assert run(db, "catalog", "load", str(feed)).returncode == 0
    shown = run(db, "catalog", "show", "LT")
    assert shown.returncode == 0, shown.stderr
    assert "draft (stored, never sold)" in shown.stdout
    assert "ram: 16 GB" in shown.stdout  # shared by every variant: the product's
    assert "storage: 512 GB" in shown.stdout and "storage: 1 TB" in shown.stdout
    assert "€1,299.00" in shown.stdout  # the "was" price beside the sale price


def test_nlu_sync_writes_lookups_without_clashing_synonyms(db: str, tmp_path: Path) -> None:
    assert run(db, "catalog", "load", str(DEMO_CATALOG)).returncode == 0
    nlu = tmp_path / "nlu"
    nlu.mkdir()
    (nlu / "en.yml").write_text(
        'version: "3.1"\nnlu:\n- synonym: Harbor & Pine\n  examples: |\n    - harbor and pine\n',
        encoding="utf-8",
    )
    output = nlu / "catalog_lookups.yml"
    result = run(db, "nlu", "sync", "--output", str(output))
    assert result.returncode == 0, result.stderr
    text = output.read_text(encoding="utf-8")
    assert text.startswith("# generated by assistant nlu sync — do not edit")
    import yaml

    blocks = yaml.safe_load(text)["nlu"]
    lookups = {block["lookup"]: block["examples"] for block in blocks if "lookup" in block}
    assert "- Kestrel Sport" in lookups["brand"] and "- red" in lookups["color"]
    assert "- running shoes" in lookups["product"]
    synonyms = [line for b in blocks if "synonym" in b for line in b["examples"].splitlines()]
    assert "- harbor and pine" not in synonyms  # already defined by the trainers' file
    assert len(synonyms) == len(set(synonyms))


def test_dry_run_reports_and_writes_nothing(db: str, tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_text(
        '{"id": "TEE", "title": "Tee", "variants": [{"sku": "TEE-M", "price": "9.99 EUR"}]}\n'
        '{"id": "CAP", "title": "Cap", "variants": [{"sku": "CAP-1", "price": "lots"}]}\n',
        encoding="utf-8",
    )
    result = run(db, "catalog", "load", str(feed), "--dry-run")
    assert result.returncode == 1
    assert "would load" in result.stdout and "1 added" in result.stdout
    assert "line 2" in result.stderr and "variants[0].price" in result.stderr
    assert product_count(db) == 0


def test_a_feed_over_the_size_or_row_limit_is_refused_by_name(db: str) -> None:
    """Issue 13, finding 8: feeds have a size and a row cap, each error naming the file, the
    line (for rows) and the setting to raise; nothing is loaded."""
    too_big = run(db, "catalog", "load", str(DEMO_CATALOG), CATALOG_MAX_FEED_BYTES="1000")
    assert too_big.returncode == 2
    assert str(DEMO_CATALOG) in too_big.stderr and "CATALOG_MAX_FEED_BYTES" in too_big.stderr
    too_long = run(db, "catalog", "load", str(DEMO_CATALOG), CATALOG_MAX_ROWS="3")
    assert too_long.returncode == 2
    assert f"{DEMO_CATALOG}, line 5: more than 3 rows" in too_long.stderr.replace("\n", "")
    assert "CATALOG_MAX_ROWS" in too_long.stderr
    assert product_count(db) == 0


def test_a_menu_is_told_from_a_product_feed_and_loaded(db: str) -> None:
    loaded = run(db, "catalog", "load", str(DEMO_MENU_CSV))
    assert loaded.returncode == 0, loaded.stderr
    assert "format: menu-csv" in loaded.stdout
    assert "restaurant da-mario added" in loaded.stdout
    again = run(db, "catalog", "load", str(DEMO_MENU), "--format", "menu-jsonl", "--prune")
    assert again.returncode == 0, again.stderr
    assert "restaurant da-mario unchanged; dishes 0 added, 0 updated" in again.stdout
    assert "0 removed, 0 rejected" in again.stdout


def test_demo_flights_feed_loads_as_flights_and_reloads_unchanged(db: str, tmp_path: Path) -> None:
    feed = tmp_path / "flights.csv"
    start = (date.today() + timedelta(days=2)).isoformat()
    written = run(
        db, "catalog", "demo-flights", "--out", str(feed), "--days", "1", "--start", start
    )
    assert written.returncode == 0, written.stderr
    loaded = run(db, "catalog", "load", str(feed))
    assert loaded.returncode == 0, loaded.stderr
    assert "format: flights (" in loaded.stdout
    rows = len(feed.read_text(encoding="utf-8").splitlines()) - 1
    assert f"{rows} fares added" in loaded.stdout and "0 rejected" in loaded.stdout
    again = run(db, "catalog", "load", str(feed), "--prune")
    assert f"{rows} unchanged, 0 removed" in again.stdout
    stats = run(db, "catalog", "stats").stdout
    assert any(line.split() == ["fares", f"{rows:,}"] for line in stats.splitlines())
    bad = run(db, "catalog", "demo-flights", "--out", str(feed), "--start", "tomorrow")
    assert bad.returncode == 2 and "not a date" in bad.stderr
