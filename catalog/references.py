"""Which rows other tables point at: found through the metadata, so the catalog needs no import
of the shop's cart and order code to know a row it would delete is still referenced."""

from __future__ import annotations

from sqlalchemy import Column, select
from sqlmodel import Session

from catalog.embeddings import chunks


def referenced(session: Session, target: Column, ids: list[int]) -> set[int]:
    """Those of `ids` that a foreign key in any table of target's metadata points at."""
    found: set[int] = set()
    for table in target.table.metadata.sorted_tables:
        for foreign_key in table.foreign_keys:
            if foreign_key.column is target:
                for batch in chunks(ids):
                    found.update(
                        session.execute(
                            select(foreign_key.parent).where(foreign_key.parent.in_(batch))
                        ).scalars()
                    )
    return found
