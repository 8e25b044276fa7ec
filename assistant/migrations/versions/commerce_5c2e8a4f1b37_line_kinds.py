"""commerce: cart and order lines of any kind (product, flight, meal) with their details

Revision ID: 5c2e8a4f1b37
Revises: 9b1e4c7d2a60
Create Date: 2026-12-02 03:00:00.000000

A cart line no longer needs a variant: it carries its own SKU, title, line key (lines with the
same key merge) and details. Existing lines are products: their SKU and title are copied from
the catalog, their key is the SKU, so every cart survives the upgrade.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "5c2e8a4f1b37"
down_revision: str | None = "9b1e4c7d2a60"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_FILL_FROM_CATALOG = """
    UPDATE cart_line SET
        sku = (SELECT variant.sku FROM variant WHERE variant.id = cart_line.variant_id),
        line_key = (SELECT variant.sku FROM variant WHERE variant.id = cart_line.variant_id),
        title = (
            SELECT product.title FROM variant JOIN product ON product.id = variant.product_id
            WHERE variant.id = cart_line.variant_id
        )
"""


def _line_columns() -> list[sa.Column]:  # type: ignore[type-arg]
    return [
        sa.Column(
            "kind",
            sqlmodel.sql.sqltypes.AutoString(length=20),
            nullable=False,
            server_default="product",
        ),
        sa.Column("details", sa.JSON(), nullable=False, server_default="{}"),
    ]


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _upgrade_cart_line_sqlite()
    else:
        _upgrade_cart_line()
    with op.batch_alter_table("order_line", schema=None) as batch_op:
        for column in _line_columns():
            batch_op.add_column(column)
        batch_op.alter_column("variant_id", existing_type=sa.Integer(), nullable=True)


def _upgrade_cart_line() -> None:
    op.drop_constraint("cart_line_cart_id_variant_id_key", "cart_line", type_="unique")
    for column in (
        *_line_columns(),
        sa.Column("sku", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True),
        sa.Column("line_key", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True),
    ):
        op.add_column("cart_line", column)
    op.execute(_FILL_FROM_CATALOG)
    for name in ("sku", "title", "line_key"):
        op.alter_column("cart_line", name, nullable=False)
    op.alter_column("cart_line", "variant_id", existing_type=sa.Integer(), nullable=True)
    # The name PostgreSQL itself gives an unnamed UNIQUE (cart_id, line_key).
    op.create_unique_constraint(
        "cart_line_cart_id_line_key_key", "cart_line", ["cart_id", "line_key"]
    )


def _upgrade_cart_line_sqlite() -> None:
    """SQLite cannot drop an unnamed constraint: copy the lines into a table of the new shape."""
    op.create_table(
        "cart_line_new",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cart_id", sa.Integer(), nullable=False),
        *_line_columns(),
        sa.Column("sku", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("line_key", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("variant_id", sa.Integer(), nullable=True),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("unit_price_minor", sa.Integer(), nullable=False),
        sa.Column("currency", sqlmodel.sql.sqltypes.AutoString(length=3), nullable=False),
        sa.ForeignKeyConstraint(["cart_id"], ["cart.id"]),
        sa.ForeignKeyConstraint(["variant_id"], ["variant.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("cart_id", "line_key"),
    )
    op.execute(
        """
        INSERT INTO cart_line_new (id, cart_id, kind, details, sku, title, line_key, variant_id,
                                   quantity, unit_price_minor, currency)
        SELECT cart_line.id, cart_line.cart_id, 'product', '{}', variant.sku, product.title,
               variant.sku, cart_line.variant_id, cart_line.quantity,
               cart_line.unit_price_minor, cart_line.currency
        FROM cart_line
        JOIN variant ON variant.id = cart_line.variant_id
        JOIN product ON product.id = variant.product_id
        """
    )
    op.drop_index("ix_cart_line_cart_id", table_name="cart_line")
    op.drop_table("cart_line")
    op.rename_table("cart_line_new", "cart_line")
    op.create_index("ix_cart_line_cart_id", "cart_line", ["cart_id"], unique=False)


def downgrade() -> None:
    # Lines that are not products cannot be held by the old shape: they are dropped.
    op.execute("DELETE FROM cart_line WHERE variant_id IS NULL")
    op.execute("DELETE FROM order_line WHERE variant_id IS NULL")
    with op.batch_alter_table("order_line", schema=None) as batch_op:
        batch_op.alter_column("variant_id", existing_type=sa.Integer(), nullable=False)
        batch_op.drop_column("details")
        batch_op.drop_column("kind")
    with op.batch_alter_table(
        "cart_line",
        schema=None,
        naming_convention={"uq": "%(table_name)s_%(column_0_name)s_%(column_1_name)s_key"},
    ) as batch_op:
        batch_op.drop_constraint("cart_line_cart_id_line_key_key", type_="unique")
        batch_op.alter_column("variant_id", existing_type=sa.Integer(), nullable=False)
        for name in ("line_key", "title", "sku", "details", "kind"):
            batch_op.drop_column(name)
        batch_op.create_unique_constraint(
            "cart_line_cart_id_variant_id_key", ["cart_id", "variant_id"]
        )
