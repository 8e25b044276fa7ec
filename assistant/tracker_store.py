"""Where Rasa keeps conversations (its SQL tracker store), as seen by Rasa and by our tools.

Default: a `tracker.db` SQLite file next to the shop's SQLite database, or the shop's own
PostgreSQL database (Rasa's `events` table sits beside the shop tables). Set
ASSISTANT_TRACKER_STORE_URL to put it anywhere else. Rasa's venv has SQLAlchemy 1.4 with
psycopg2, ours SQLAlchemy 2 with psycopg 3: each side gets the URL spelled for its driver.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.engine import make_url

from assistant.kernel.settings import Settings


def tracker_store_url(settings: Settings) -> str:
    if settings.tracker_store_url:
        return settings.tracker_store_url
    url = make_url(settings.database_url)
    if url.get_backend_name() == "sqlite":
        folder = Path(url.database).parent if url.database else Path(".")
        return f"sqlite:///{folder / 'tracker.db'}"
    return settings.database_url


def for_rasa(url: str) -> str:
    """The URL for Rasa's SQLAlchemy 1.4 + psycopg2."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "postgresql":
        parsed = parsed.set(drivername="postgresql")
    return parsed.render_as_string(hide_password=False)


def for_tools(url: str) -> str:
    """The URL for our SQLAlchemy 2 + psycopg 3."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)
