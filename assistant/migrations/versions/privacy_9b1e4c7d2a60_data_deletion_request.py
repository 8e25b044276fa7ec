"""privacy: the data_deletion_request table (Meta's data-deletion callback and its progress)

Revision ID: 9b1e4c7d2a60
Revises: 6e229d167763
Create Date: 2026-12-01 23:20:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "9b1e4c7d2a60"
down_revision: str | None = "6e229d167763"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "data_deletion_request",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("confirmation_code", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("subjects", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("conversations_forgotten", sa.Integer(), nullable=False),
        sa.Column("requested_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("completed_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("confirmation_code"),
    )
    with op.batch_alter_table("data_deletion_request", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_data_deletion_request_status"), ["status"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("data_deletion_request", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_data_deletion_request_status"))
    op.drop_table("data_deletion_request")
