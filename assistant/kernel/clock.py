"""The one clock of the shop: timezone-aware UTC, so stored times compare across databases."""

from datetime import UTC, datetime


def utcnow() -> datetime:
    return datetime.now(UTC)
