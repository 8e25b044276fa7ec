"""`ConversationStore` on Rasa's SQL tracker store: its `events` table, one JSON row per event.

Rasa writes the table (see assistant.tracker_store for where it is); this adapter only reads a
conversation for an export and deletes conversations for the privacy use cases. Before Rasa
has ever run, the table does not exist: there is nothing to read or delete.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import bindparam, inspect, text

from assistant.kernel.database import get_engine
from assistant.kernel.settings import Settings
from assistant.tracker_store import for_tools, tracker_store_url

TABLE = "events"


class SqlTrackerEvents:
    def __init__(self, url: str) -> None:
        # The shop's engine settings: on SQLite each transaction takes the write lock at BEGIN,
        # so a purge racing Rasa's writes waits its turn instead of failing halfway.
        self.engine = get_engine(for_tools(url))

    @classmethod
    def from_settings(cls, settings: Settings) -> SqlTrackerEvents:
        return cls(tracker_store_url(settings))

    def _exists(self) -> bool:
        return inspect(self.engine).has_table(TABLE)

    def events_of(self, sender_id: str) -> list[dict[str, Any]]:
        if not self._exists():
            return []
        with self.engine.connect() as connection:
            rows = connection.execute(
                text(
                    "SELECT type_name, timestamp, data FROM events "
                    "WHERE sender_id = :sender ORDER BY id"
                ),
                {"sender": sender_id},
            ).all()
        return [
            {"type": type_name, "timestamp": timestamp, "event": json.loads(data or "{}")}
            for type_name, timestamp, data in rows
        ]

    def forget(self, sender_id: str) -> int:
        if not self._exists():
            return 0
        with self.engine.begin() as connection:
            deleted = connection.execute(
                text("DELETE FROM events WHERE sender_id = :sender"), {"sender": sender_id}
            )
        return int(deleted.rowcount or 0)

    def purge_batch(self, inactive_before: float, batch_size: int) -> int:
        if not self._exists():
            return 0
        with self.engine.begin() as connection:
            senders = list(
                connection.execute(
                    text(
                        "SELECT sender_id FROM events GROUP BY sender_id "
                        "HAVING MAX(timestamp) < :before ORDER BY sender_id LIMIT :size"
                    ),
                    {"before": inactive_before, "size": batch_size},
                ).scalars()
            )
            if senders:
                # Only events older than the cutoff: a shopper writing again meanwhile keeps
                # the new turn (and the conversation drops out of the next batch).
                connection.execute(
                    text(
                        "DELETE FROM events WHERE sender_id IN :senders "
                        "AND (timestamp < :before OR timestamp IS NULL)"
                    ).bindparams(bindparam("senders", expanding=True)),
                    {"senders": senders, "before": inactive_before},
                )
        return len(senders)
