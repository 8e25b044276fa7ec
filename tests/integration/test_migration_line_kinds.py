"""Upgrading to lines of any kind keeps every cart line a shopper already had."""

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command

from assistant.kernel.database import get_engine
from assistant.schema import alembic_config
from testkit.databases import fresh_postgres_database

BEFORE = "9b1e4c7d2a60"
LINE_KINDS = "5c2e8a4f1b37"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def empty_database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'shop.db'}"
    else:
        with fresh_postgres_database("migration") as url:
            yield url


def test_existing_cart_lines_become_product_lines(empty_database: str) -> None:
    config = alembic_config(empty_database)
    command.upgrade(config, BEFORE)
    engine = get_engine(empty_database)
    with engine.begin() as connection:
        connection.execute(
            sa.text(
                "INSERT INTO product (id, group_id, title, description, brand, product_type,"
                " google_product_category, gender, link, image_link, status, attributes,"
                " content_hash, updated_at) VALUES (1, 'TEE', 'Linen Tee', '', '', '', '', '',"
                " '', '', 'active', '{}', '', '2026-12-01')"
            )
        )
        connection.execute(
            sa.text(
                "INSERT INTO variant (id, sku, product_id, color, size, material, price_minor,"
                " currency, availability, image_link, link, attributes) VALUES"
                " (7, 'TEE-M', 1, 'white', 'M', '', 2500, 'EUR', 'in stock', '', '', '{}')"
            )
        )
        connection.execute(
            sa.text(
                "INSERT INTO cart (id, conversation_id, updated_at) VALUES (3, 'c', '2026-12-01')"
            )
        )
        connection.execute(
            sa.text(
                "INSERT INTO cart_line (id, cart_id, variant_id, quantity, unit_price_minor,"
                " currency) VALUES (11, 3, 7, 2, 2500, 'EUR')"
            )
        )
    command.upgrade(config, LINE_KINDS)
    with engine.connect() as connection:
        row = connection.execute(
            sa.text("SELECT kind, sku, title, line_key, variant_id, quantity FROM cart_line")
        ).one()
        assert tuple(row) == ("product", "TEE-M", "Linen Tee", "TEE-M", 7, 2)
    # The same product cannot get two lines of one cart.
    with pytest.raises(sa.exc.IntegrityError), engine.begin() as connection:
        connection.execute(
            sa.text(
                "INSERT INTO cart_line (cart_id, kind, details, sku, title, line_key,"
                " quantity, unit_price_minor, currency) VALUES"
                " (3, 'product', '{}', 'TEE-M', 'Linen Tee', 'TEE-M', 1, 2500, 'EUR')"
            )
        )
    command.downgrade(config, BEFORE)
    with engine.connect() as connection:
        kept = connection.execute(sa.text("SELECT variant_id, quantity FROM cart_line")).one()
        assert tuple(kept) == (7, 2)
    engine.dispose()
