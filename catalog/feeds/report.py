"""What loading one feed did, whatever it held (products, flights, a menu): the counts every
loader keeps, the rows it rejected, and the record `assistant catalog stats` lists."""

from __future__ import annotations

from dataclasses import dataclass, field

from assistant.kernel.clock import utcnow
from catalog.feeds.base import RowError
from catalog.models import CatalogImport

STORED_ERRORS = 1000  # rejected rows kept with the load's record; the CLI prints them all


@dataclass
class LoadReport:
    source: str
    feed_format: str
    sniffed: str = ""  # why --format auto chose feed_format
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    kept_unavailable: int = 0  # absent from the feed but referenced by an order or cart
    errors: list[RowError] = field(default_factory=list)
    loaded: bool = True  # False when --strict refused the whole file

    @property
    def rejected(self) -> int:
        return len(self.errors)

    def stored(self) -> CatalogImport:
        """The load's record; what left the feed counts as removed, kept for orders or not."""
        return CatalogImport(
            source=self.source,
            feed_format=self.feed_format,
            finished_at=utcnow(),
            added=self.added,
            updated=self.updated,
            unchanged=self.unchanged,
            removed=self.removed + self.kept_unavailable,
            rejected=self.rejected,
            errors=[error.as_dict() for error in self.errors[:STORED_ERRORS]],
        )
