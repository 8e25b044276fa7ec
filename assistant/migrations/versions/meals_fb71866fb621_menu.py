"""meals: the restaurant and dish tables (the menu; modifier groups are JSON on the dish)

Revision ID: fb71866fb621
Revises: 5c2e8a4f1b37
Create Date: 2026-12-02 02:22:39.485154
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "fb71866fb621"
down_revision: str | None = "5c2e8a4f1b37"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "restaurant",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sqlmodel.sql.sqltypes.AutoString(length=50), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("timezone", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("currency", sqlmodel.sql.sqltypes.AutoString(length=3), nullable=False),
        sa.Column("address", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("opening_hours", sa.JSON(), nullable=False),
        sa.Column("delivery_postcodes", sa.JSON(), nullable=False),
        sa.Column("delivery_fee_minor", sa.Integer(), nullable=False),
        sa.Column("minimum_order_minor", sa.Integer(), nullable=False),
        sa.Column("preparation_minutes", sa.Integer(), nullable=False),
        sa.Column("delivery_minutes", sa.Integer(), nullable=False),
        sa.Column("pickup", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("restaurant", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_restaurant_slug"), ["slug"], unique=True)

    op.create_table(
        "dish",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("restaurant_id", sa.Integer(), nullable=False),
        sa.Column("sku", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("category", sqlmodel.sql.sqltypes.AutoString(length=50), nullable=False),
        sa.Column("name_en", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("name_fr", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("description_en", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("description_fr", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("price_minor", sa.Integer(), nullable=False),
        sa.Column("currency", sqlmodel.sql.sqltypes.AutoString(length=3), nullable=False),
        sa.Column("allergens", sa.JSON(), nullable=False),
        sa.Column("labels", sa.JSON(), nullable=False),
        sa.Column("modifier_groups", sa.JSON(), nullable=False),
        sa.Column("available", sa.JSON(), nullable=False),
        sa.Column("removed_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["restaurant_id"],
            ["restaurant.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        # The menu's key: one SKU per restaurant (also serves lookups by restaurant).
        sa.UniqueConstraint("restaurant_id", "sku"),
    )


def downgrade() -> None:
    op.drop_table("dish")
    with op.batch_alter_table("restaurant", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_restaurant_slug"))

    op.drop_table("restaurant")
