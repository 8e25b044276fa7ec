"""commerce: cart and order lines may hold a flight's fare (seats held like stock)

Revision ID: 8d41f0c2a9e6
Revises: 3f7a9c2e5b81
Create Date: 2026-12-02 03:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "8d41f0c2a9e6"
down_revision: str | None = "3f7a9c2e5b81"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Named so SQLite's batch mode (a table copy) can drop them again on downgrade.
_FOREIGN_KEYS = {
    "cart_line": "fk_cart_line_fare_id_fare",
    "order_line": "fk_order_line_fare_id_fare",
}


def upgrade() -> None:
    for table, foreign_key in _FOREIGN_KEYS.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("fare_id", sa.Integer(), nullable=True))
            batch_op.create_foreign_key(foreign_key, "fare", ["fare_id"], ["id"])


def downgrade() -> None:
    for table, foreign_key in _FOREIGN_KEYS.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(foreign_key, type_="foreignkey")
            batch_op.drop_column("fare_id")
