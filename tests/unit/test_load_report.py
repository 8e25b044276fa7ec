"""The read loop every feed load shares: rejected rows to the report, the row limit, progress."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from catalog.feeds.base import FeedError, RowError
from catalog.feeds.report import LoadReport
from catalog.importer import FeedLimits

FEED = Path("feed.csv")


@dataclass(frozen=True)
class Row:
    line: int


def items(count: int) -> list[Row | RowError]:
    """Every third line rejected."""
    return [
        RowError(str(FEED), line, "price", "not a price") if line % 3 == 0 else Row(line)
        for line in range(1, count + 1)
    ]


def test_accepted_rows_pass_rejected_ones_are_reported_progress_is_told() -> None:
    report = LoadReport(str(FEED), "meta")
    told: list[tuple[str, int, int | None]] = []
    rows = list(report.accepted(items(2500), FEED, FeedLimits(), lambda *said: told.append(said)))
    assert [row.line for row in rows[:3]] == [1, 2, 4] and len(rows) == 2500 - 833
    assert (report.rejected, report.errors[0].line) == (833, 3)
    assert told == [("read", 1000, None), ("read", 2000, None)]


def test_a_feed_past_the_row_limit_stops_at_the_first_row_too_many() -> None:
    report = LoadReport(str(FEED), "meta")
    with pytest.raises(FeedError, match="line 4: more than 3 rows"):
        list(report.accepted(items(10), FEED, FeedLimits(max_rows=3), None))
