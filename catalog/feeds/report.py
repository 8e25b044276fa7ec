"""What loading one feed did, whatever it held (products, flights, a menu): the counts every
loader keeps, the rows it rejected, and the record `assistant catalog stats` lists."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, TypeVar

from assistant.kernel.clock import utcnow
from catalog.feeds.base import RowError
from catalog.models import CatalogImport

if TYPE_CHECKING:
    from catalog.embeddings import Progress
    from catalog.importer import FeedLimits


class Row(Protocol):
    """What a reader yields, accepted or not: the line it was read from."""

    @property
    def line(self) -> int: ...


R = TypeVar("R", bound=Row)

STORED_ERRORS = 1000  # rejected rows kept with the load's record; the CLI prints them all
PROGRESS_EVERY = 1000  # rows read between two progress reports


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

    def accepted(
        self,
        items: Iterable[R | RowError],
        path: Path,
        limits: FeedLimits,
        progress: Progress | None,
    ) -> Iterator[R]:
        """The rows a reader accepted; those it rejected go to `errors`. A FeedError past the
        row limit; progress is told every PROGRESS_EVERY rows."""
        for count, item in enumerate(items, 1):
            limits.check_rows(path, count, item.line)
            if isinstance(item, RowError):
                self.errors.append(item)
            else:
                yield item
            if progress and count % PROGRESS_EVERY == 0:
                progress("read", count, None)

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
