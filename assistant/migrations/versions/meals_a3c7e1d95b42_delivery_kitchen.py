"""meals: delivery details on carts and orders, the kitchen-step outbox on orders

Revision ID: a3c7e1d95b42
Revises: 8d41f0c2a9e6
Create Date: 2026-12-02 03:00:00.000000

The delivery fee needs no column: it is an order line of kind "fee". The kitchen states
(preparing, out_for_delivery, delivered) need none either: the status is plain text.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "a3c7e1d95b42"
down_revision: str | None = "8d41f0c2a9e6"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_AUTO = sqlmodel.sql.sqltypes.AutoString


def _delivery_columns() -> list[sa.Column]:  # type: ignore[type-arg]
    return [
        sa.Column("delivery_mode", _AUTO(length=20), nullable=True),
        sa.Column("delivery_address", _AUTO(length=300), nullable=True),
        sa.Column("delivery_postcode", _AUTO(length=20), nullable=True),
        sa.Column("delivery_time", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("delivery_phone", _AUTO(length=20), nullable=True),
    ]


def upgrade() -> None:
    with op.batch_alter_table("cart", schema=None) as batch_op:
        for column in _delivery_columns():
            batch_op.add_column(column)
    with op.batch_alter_table("shop_order", schema=None) as batch_op:
        for column in _delivery_columns():
            batch_op.add_column(column)
        batch_op.add_column(sa.Column("step_told", _AUTO(length=20), nullable=True))
        batch_op.add_column(
            sa.Column("step_attempts", sa.Integer(), nullable=False, server_default="0")
        )


def downgrade() -> None:
    with op.batch_alter_table("shop_order", schema=None) as batch_op:
        for name in ("step_attempts", "step_told"):
            batch_op.drop_column(name)
        for column in reversed(_delivery_columns()):
            batch_op.drop_column(column.name)
    with op.batch_alter_table("cart", schema=None) as batch_op:
        for column in reversed(_delivery_columns()):
            batch_op.drop_column(column.name)
