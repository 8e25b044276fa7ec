"""Rasa's SQL tracker store, without re-reading the whole conversation on every save.

Rasa 3.6's `SQLTrackerStore.save` stores `tracker.events[n:]`, where `n` is the number of the
conversation's rows since its latest `session_started` (a COUNT over them, `_additional_events`),
and, with an event broker, first publishes the same slice: `stream_events` calls `retrieve()`,
which loads and deserialises every event of the session, only to take its length. A message
retrieves the tracker once more at its start (`get_tracker`), so with a broker each message
rebuilt the tracker twice, the cost growing with the conversation (docs/performance.md).

Here `n` comes from what this store last saw of the conversation: the rows its retrieve loaded,
or the rows it saved. It is checked before it is used with a query that reads at most two rows:
the last row it saw must still be the conversation's last (same id and timestamp). Another
replica that saved the conversation since (a higher id), or a purge that deleted it (the row
gone), fails the check, and `n` is counted as Rasa counts it. The slice stored and published is
the one Rasa's own store would store and publish: the same rows, the same schema.

Rasa's lock store serialises one conversation's messages, so between the check and the insert
no other replica writes the conversation (as for Rasa's own store). Every message starts with a
retrieve, which renews what is remembered. Not seen by the check: a delete that keeps the
conversation's last row, between a message's retrieve and its save. Ours delete whole
conversations (privacy) or all rows older than a time (retention, of conversations idle that
long), so only a message racing the retention purge could meet one; Rasa's count would then
store the deleted events again, this store does not. What is remembered is a few numbers per
conversation, for the most recent MAX_REMEMBERED conversations.

Runs inside the Rasa server (Python 3.10 venv): Rasa and SQLAlchemy 1.4 only. In endpoints.yml:
`tracker_store: {type: assistant.rasa_tracker_store.IncrementalSQLTrackerStore, url: ..., ...}`.
"""

from __future__ import annotations

import itertools
import json
import logging
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import Event, SessionStarted
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY

logger = logging.getLogger(__name__)
# A few dozen bytes each: the conversations a replica served lately, not all it ever served.
MAX_REMEMBERED = 10_000


@dataclass(frozen=True)
class Stored:
    """What this store last saw of a conversation's rows in the `events` table."""

    since_session: int  # Rasa's count: rows timestamped at or after the latest session start
    session_start: float | None  # the latest `session_started` row's timestamp, if any
    last_id: int  # the highest id of the conversation's rows seen
    last_timestamp: float | None  # that row's timestamp: an id SQLite reused is told apart


class IncrementalSQLTrackerStore(SQLTrackerStore):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._stored: OrderedDict[str, Stored] = OrderedDict()

    async def _retrieve(
        self, sender_id: str, fetch_events_from_all_sessions: bool
    ) -> DialogueStateTracker | None:
        """Rasa's retrieve, remembering the rows it read."""
        with self.session_scope() as session:
            rows = self._event_query(
                session, sender_id, fetch_events_from_all_sessions=fetch_events_from_all_sessions
            ).all()
            events = [json.loads(row.data) for row in rows]
        self._remember(sender_id, _stored_from_rows(rows) if rows else None)
        if self.domain and events:
            logger.debug(f"Recreating tracker from sender id '{sender_id}'")
            return DialogueStateTracker.from_dict(sender_id, events, self.domain.slots)
        logger.debug(f"No stored events of sender id '{sender_id}': returning `None`.")
        return None

    async def save(self, tracker: DialogueStateTracker) -> None:
        """Rasa's save: publish and store the events after the stored ones, counted cheaply."""
        sender_id = tracker.sender_id
        with self.session_scope() as session:
            stored = self._still_stored(session, sender_id)
            if stored is None:  # unknown or out of date: count as Rasa does
                stored = _stored_from_rows(self._light_rows(session, sender_id))
            new_events = list(itertools.islice(tracker.events, stored.since_session, None))
            if self.event_broker is not None:
                await self._stream_new_events(self.event_broker, new_events, sender_id)
            rows = [self._row(sender_id, event) for event in new_events]
            session.add_all(rows)
            session.flush()  # the ids, without reading the rows back after the commit
            after = _after_insert(stored, rows)
            session.commit()
        self._remember(sender_id, after)
        logger.debug(f"Tracker with sender_id '{sender_id}' stored to database")

    def _row(self, sender_id: str, event: Event) -> Any:
        """The row Rasa's `SQLTrackerStore.save` writes for `event`."""
        data = event.as_dict()
        return self.SQLEvent(
            sender_id=sender_id,
            type_name=event.type_name,
            timestamp=data.get("timestamp"),
            intent_name=data.get("parse_data", {}).get("intent", {}).get(INTENT_NAME_KEY),
            action_name=data.get("name"),
            data=json.dumps(data),
        )

    def _still_stored(self, session: Any, sender_id: str) -> Stored | None:
        """What we remember of the conversation, if its last row is still its last row."""
        stored = self._stored.get(sender_id)
        if stored is None:
            return None
        event = self.SQLEvent
        latest = (
            session.query(event.id, event.timestamp)
            .filter(event.sender_id == sender_id, event.id >= stored.last_id)
            .order_by(event.id)
            .limit(2)
            .all()
        )
        if [tuple(row) for row in latest] == [(stored.last_id, stored.last_timestamp)]:
            return stored
        logger.debug(f"Events of sender id '{sender_id}' changed elsewhere: counting them.")
        return None

    def _light_rows(self, session: Any, sender_id: str) -> list[Any]:
        """Rasa's query for the rows since the latest session start, without their data."""
        query = self._event_query(session, sender_id, fetch_events_from_all_sessions=False)
        event = self.SQLEvent
        return list(query.with_entities(event.id, event.type_name, event.timestamp).all())

    def _remember(self, sender_id: str, stored: Stored | None) -> None:
        if stored is None:
            self._stored.pop(sender_id, None)
            return
        self._stored[sender_id] = stored
        self._stored.move_to_end(sender_id)
        while len(self._stored) > MAX_REMEMBERED:
            self._stored.popitem(last=False)


def _stored_from_rows(rows: Sequence[Any]) -> Stored:
    """Rasa's count and the latest session start, from a conversation's rows in id order: all
    of them (a full retrieve) or those since the session start."""
    if not rows:
        return Stored(0, None, 0, None)
    starts = [
        row.timestamp
        for row in rows
        if row.type_name == SessionStarted.type_name and row.timestamp is not None
    ]
    session_start = max(starts) if starts else None
    last = rows[-1]
    return Stored(
        _count_since(session_start, (row.timestamp for row in rows)),
        session_start,
        last.id,
        last.timestamp,
    )


def _count_since(session_start: float | None, timestamps: Iterable[float | None]) -> int:
    """Rows Rasa's query keeps: `timestamp >= session_start` (SQL: never a NULL timestamp),
    or every row while the conversation has no session start."""
    if session_start is None:
        return sum(1 for _ in timestamps)
    return sum(1 for stamp in timestamps if stamp is not None and stamp >= session_start)


def _after_insert(stored: Stored, rows: Sequence[Any]) -> Stored | None:
    """What is stored once `rows` are added; None (count it next time) when they start a
    session: which earlier rows stay in the new session depends on timestamps not kept here."""
    if not rows:  # nothing saved: as it was (an empty conversation has no last row to check)
        return stored if stored.last_id else None
    if any(row.type_name == SessionStarted.type_name for row in rows):
        return None
    last = max(rows, key=lambda row: row.id)
    added = _count_since(stored.session_start, (row.timestamp for row in rows))
    return Stored(stored.since_session + added, stored.session_start, last.id, last.timestamp)
