"""Read a menu feed file in either format, or tell which format a file is in."""

from __future__ import annotations

from pathlib import Path

from catalog.feeds.base import FeedError
from catalog.menu.csv_feed import read_menu_csv
from catalog.menu.feed import MENU_CSV, MENU_FORMATS, MENU_JSONL, MenuFeed
from catalog.menu.jsonl_feed import read_menu_jsonl


def read_menu(path: Path, feed_format: str) -> MenuFeed:
    """The menu in `path`, in "menu-jsonl" or "menu-csv"; a FeedError when it cannot be read."""
    if feed_format == MENU_JSONL:
        return read_menu_jsonl(path)
    if feed_format == MENU_CSV:
        return read_menu_csv(path)
    raise FeedError(path, f"unknown menu format {feed_format!r}; use one of {MENU_FORMATS}")
