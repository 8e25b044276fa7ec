"""Fares as the cart and order code reach them: by code, and row-locked before seats change.

The unit of work's `Variants.lock` does the same for stock; a `Fares` repository beside it can
call these (assistant/services may import the catalog, the catalog may not import services).
"""

from __future__ import annotations

from collections.abc import Collection

from sqlmodel import Session, col, select

from catalog.flights.models import Fare


def fares_by_code(session: Session, codes: Collection[str]) -> list[Fare]:
    """The fares with these codes ("DA1234-20261203-LIGHT"), with their flights when read."""
    if not codes:
        return []
    return list(session.exec(select(Fare).where(col(Fare.code).in_(list(codes)))))


def lock_fares(session: Session, fare_ids: Collection[int]) -> list[Fare]:
    """Row-lock these fares (PostgreSQL: SELECT ... FOR UPDATE, in id order so two orders
    never wait on each other) and return them; SQLite already serialises writers (BEGIN
    IMMEDIATE). Check `can_supply` and `reserve` after this, in the same transaction."""
    if not fare_ids:
        return []
    return list(
        session.exec(
            select(Fare)
            .where(col(Fare.id).in_(sorted(fare_ids)))
            .order_by(col(Fare.id))
            .with_for_update()
        )
    )
