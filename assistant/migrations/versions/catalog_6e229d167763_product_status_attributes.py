"""catalog: product status (drafts stored, never sold) and attributes on products and variants

Revision ID: 6e229d167763
Revises: 58c9db70de41
Create Date: 2026-12-02 10:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "6e229d167763"
down_revision: str | None = "58c9db70de41"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Existing rows become active products without attributes: what they were before.
    with op.batch_alter_table("product", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "status",
                sqlmodel.sql.sqltypes.AutoString(length=20),
                nullable=False,
                server_default="active",
            )
        )
        batch_op.add_column(sa.Column("attributes", sa.JSON(), nullable=False, server_default="{}"))
    with op.batch_alter_table("variant", schema=None) as batch_op:
        batch_op.add_column(sa.Column("attributes", sa.JSON(), nullable=False, server_default="{}"))


def downgrade() -> None:
    with op.batch_alter_table("variant", schema=None) as batch_op:
        batch_op.drop_column("attributes")
    with op.batch_alter_table("product", schema=None) as batch_op:
        batch_op.drop_column("attributes")
        batch_op.drop_column("status")
