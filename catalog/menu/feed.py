"""What a menu feed reads into, in either format: the restaurant, its good dishes, the rejected
rows by line and field, and the SKUs whose rows were rejected (so --prune keeps those dishes)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from catalog.feeds.base import FeedError, RowError
from catalog.menu.fields import FieldProblem
from catalog.menu.menu import Dish, Menu, Restaurant

MENU_JSONL = "menu-jsonl"
MENU_CSV = "menu-csv"
MENU_FORMATS = (MENU_JSONL, MENU_CSV)


@dataclass(frozen=True)
class MenuFeed:
    path: str
    restaurant: Restaurant
    dishes: tuple[Dish, ...]
    errors: tuple[RowError, ...]
    rejected_skus: frozenset[str]

    @property
    def menu(self) -> Menu:
        return Menu(self.restaurant, self.dishes)


def restaurant_rejected(path: Path, line: int, problem: FieldProblem) -> FeedError:
    """Every dish needs the restaurant's currency and hours: without them nothing loads."""
    return FeedError(
        path, f"the restaurant is rejected, nothing loads: {problem.reason}", line, problem.field
    )


def no_restaurant(path: Path, how: str) -> FeedError:
    return FeedError(path, f"no restaurant: {how} (see docs/meals.md)")
