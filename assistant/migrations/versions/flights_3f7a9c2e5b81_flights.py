"""flights: the flight and fare tables (an airline's offers; fares hold seats like stock)

Revision ID: 3f7a9c2e5b81
Revises: fb71866fb621
Create Date: 2026-12-02 02:22:01.846077
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "3f7a9c2e5b81"
down_revision: str | None = "fb71866fb621"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "flight",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("flight_number", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("carrier", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("origin", sqlmodel.sql.sqltypes.AutoString(length=3), nullable=False),
        sa.Column("destination", sqlmodel.sql.sqltypes.AutoString(length=3), nullable=False),
        sa.Column("departs_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("arrives_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("stops", sa.Integer(), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("description", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("url", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("image_url", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("key"),
    )
    with op.batch_alter_table("flight", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_flight_departs_at"), ["departs_at"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_flight_flight_number"), ["flight_number"], unique=False
        )
        batch_op.create_index(
            "ix_flight_route_departure", ["origin", "destination", "departs_at"], unique=False
        )

    op.create_table(
        "fare",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
        sa.Column("flight_id", sa.Integer(), nullable=False),
        sa.Column("fare_class", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("price_minor", sa.Integer(), nullable=False),
        sa.Column("currency", sqlmodel.sql.sqltypes.AutoString(length=3), nullable=False),
        sa.Column("seats", sa.Integer(), nullable=False),
        sa.Column("seats_reserved", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["flight_id"],
            ["flight.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("code"),
    )
    with op.batch_alter_table("fare", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_fare_flight_id"), ["flight_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("fare", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_fare_flight_id"))

    op.drop_table("fare")
    with op.batch_alter_table("flight", schema=None) as batch_op:
        batch_op.drop_index("ix_flight_route_departure")
        batch_op.drop_index(batch_op.f("ix_flight_flight_number"))
        batch_op.drop_index(batch_op.f("ix_flight_departs_at"))

    op.drop_table("flight")
