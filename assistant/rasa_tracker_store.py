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

A bounded window. `retrieve` (the tracker a message works on) returns the latest
`window_turns` user messages of the session, from the action row before the oldest of them,
preceded by the state the conversation had just before that row, written as events: a
`SlotSet` for every slot that was set, the active loop (`ActiveLoop`, `LoopInterrupted`,
`ActionExecutionRejected`; its trigger message put back) and `ConversationPaused`. Its slots,
active loop, pause, latest message and action and everything the next events compute from
them are those of the whole session's tracker; what the policies read lies within the window
(see `DEFAULT_WINDOW_TURNS`). The state is computed once by replaying rows and remembered per
conversation with the row it holds up to: the next retrieve reads only the rows after that
row, and replays the few between it and the new window's start. A remembered state is used
only while that row is still stored, unchanged, in the same session; else the session's rows
are read and replayed once, as Rasa's store does on every retrieve. A windowed tracker carries
the number of events it was retrieved with, and `save` stores and publishes the events beyond
them: the message's own, exactly once, whichever replica saves it (the two-row check still
keeps what is remembered right). Rasa saves the tracker object it retrieved; a tracker rebuilt
from another one's events (`copy()`, `travel_back_in_time`) is not marked, and its save would
count as Rasa's does, which suits a whole tracker, not a window. `retrieve_full_tracker` and the
`events` table are unchanged: every row stays, and the broker gets the same events.

Runs inside the Rasa server (Python 3.10 venv): Rasa and SQLAlchemy 1.4 only. In endpoints.yml:
`tracker_store: {type: assistant.rasa_tracker_store.IncrementalSQLTrackerStore, url: ...,
window_turns: 20}` (0: no window, Rasa's whole-session tracker).
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
from rasa.shared.core.events import (
    ActionExecuted,
    ActionExecutionRejected,
    ActiveLoop,
    ConversationPaused,
    Event,
    LoopInterrupted,
    SessionStarted,
    SlotSet,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY

logger = logging.getLogger(__name__)
# A few dozen bytes each: the conversations a replica served lately, not all it ever served.
MAX_REMEMBERED = 10_000
# A conversation's state before its window: its slots' values, a few KB.
MAX_STATES = 5_000
# User messages a retrieved tracker holds. The policy reads less: RulePolicy, the only one
# (config.yml), matches rules of at most 2 messages and a form's loop, and `answering_form`,
# the fallback's stage and the previous question (actions/) look back one or two messages; the
# rest of the state is in slots. 8 leaves room for rules four times longer, and a turn costs
# what it costs at a conversation's start (docs/performance.md: with 20, a turn late in a long
# conversation cost more than an early one, in retrieving the window, predicting and sending it
# to the actions).
DEFAULT_WINDOW_TURNS = 8
# On a windowed tracker: how many of its events were stored when it was retrieved or saved.
_STORED_EVENTS = "_assistant_stored_events"


@dataclass(frozen=True)
class Stored:
    """What this store last saw of a conversation's rows in the `events` table."""

    since_session: int  # Rasa's count: rows timestamped at or after the latest session start
    session_start: float | None  # the latest `session_started` row's timestamp, if any
    last_id: int  # the highest id of the conversation's rows seen
    last_timestamp: float | None  # that row's timestamp: an id SQLite reused is told apart


@dataclass(frozen=True)
class State:
    """A conversation's state just after one of its rows, as events (`state_events`)."""

    last_id: int  # the row: the state holds the session's rows up to it
    last_timestamp: float | None
    session_start: float | None  # the session's latest `session_started` timestamp
    rows: int  # the session's rows up to it: Rasa's count so far
    events: str  # JSON list of the events
    trigger_message: dict[str, Any] | None  # the active loop's, which events cannot carry


class IncrementalSQLTrackerStore(SQLTrackerStore):
    def __init__(self, *args: Any, window_turns: int = DEFAULT_WINDOW_TURNS, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.window_turns = int(window_turns)
        self._stored: OrderedDict[str, Stored] = OrderedDict()
        self._states: OrderedDict[str, State] = OrderedDict()

    async def _retrieve(
        self, sender_id: str, fetch_events_from_all_sessions: bool
    ) -> DialogueStateTracker | None:
        """Rasa's retrieve, remembering the rows it read; the latest session windowed."""
        if not fetch_events_from_all_sessions and self.window_turns > 0 and self.domain:
            return self._retrieve_window(sender_id)
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

    def _retrieve_window(self, sender_id: str) -> DialogueStateTracker | None:
        """The session's latest `window_turns` user messages after the state before them."""
        with self.session_scope() as session:
            state, rows = self._rows_after_state(session, sender_id)
        if state is None:
            self._remember(sender_id, _stored_from_rows(rows) if rows else None)
            if not rows:
                self._states.pop(sender_id, None)
                logger.debug(f"No stored events of sender id '{sender_id}': returning `None`.")
                return None
        else:
            last = rows[-1] if rows else None
            self._remember(
                sender_id,
                Stored(
                    state.rows + len(rows),
                    state.session_start,
                    last.id if last else state.last_id,
                    last.timestamp if last else state.last_timestamp,
                ),
            )
        start = window_start([row.type_name for row in rows], self.window_turns)
        events = [json.loads(row.data) for row in rows]
        if start > 0:  # the state moves to just before the window's first row
            before = self._tracker(sender_id, state, events[:start])
            session_start = state.session_start if state else _session_start(rows)
            state = State(
                rows[start - 1].id,
                rows[start - 1].timestamp,
                session_start,
                (state.rows if state else 0) + start,
                json.dumps([event.as_dict() for event in state_events(before)]),
                before.active_loop.trigger_message if before.active_loop else None,
            )
        if state is not None:
            self._remember_state(sender_id, state)
        logger.debug(f"Recreating the latest turns of sender id '{sender_id}'")
        tracker = self._tracker(sender_id, state, events[start:])
        if state is not None:
            setattr(tracker, _STORED_EVENTS, len(tracker.events))
        return tracker

    def _rows_after_state(self, session: Any, sender_id: str) -> tuple[State | None, list[Any]]:
        """The remembered state, if still good, and the session's rows after it; else None and
        all the session's rows."""
        state = self._states.get(sender_id)
        query = self._event_query(session, sender_id, fetch_events_from_all_sessions=False)
        if state is not None:
            rows = query.filter(self.SQLEvent.id >= state.last_id).all()
            if rows and (rows[0].id, rows[0].timestamp) == (state.last_id, state.last_timestamp):
                return state, rows[1:]
            # Its row deleted, changed or in an older session than the latest one.
            logger.debug(f"Events of sender id '{sender_id}' changed: replaying the session.")
            self._states.pop(sender_id, None)
        return None, query.all()

    def _tracker(
        self, sender_id: str, state: State | None, events: list[dict[str, Any]]
    ) -> DialogueStateTracker:
        assert self.domain is not None
        before = json.loads(state.events) if state else []
        tracker = DialogueStateTracker.from_dict(sender_id, before + events, self.domain.slots)
        loop = tracker.active_loop
        if (
            state is not None
            and state.trigger_message is not None
            and loop is not None
            and not any(event.get("event") == ActiveLoop.type_name for event in events)
        ):
            loop.trigger_message = state.trigger_message  # the loop the state started
        return tracker

    async def save(self, tracker: DialogueStateTracker) -> None:
        """Rasa's save: publish and store the events after the stored ones, counted cheaply;
        of a windowed tracker, the events added since it was retrieved (or last saved)."""
        sender_id = tracker.sender_id
        stored_events = getattr(tracker, _STORED_EVENTS, None)
        with self.session_scope() as session:
            stored = self._still_stored(session, sender_id)
            if stored_events is not None:
                new_events = list(itertools.islice(tracker.events, stored_events, None))
            else:
                if stored is None:  # unknown or out of date: count as Rasa does
                    stored = _stored_from_rows(self._light_rows(session, sender_id))
                new_events = list(itertools.islice(tracker.events, stored.since_session, None))
            if self.event_broker is not None:
                await self._stream_new_events(self.event_broker, new_events, sender_id)
            rows = [self._row(sender_id, event) for event in new_events]
            session.add_all(rows)
            session.flush()  # the ids, without reading the rows back after the commit
            after = _after_insert(stored, rows) if stored is not None else None
            session.commit()
        self._remember(sender_id, after)
        if stored_events is not None:
            setattr(tracker, _STORED_EVENTS, len(tracker.events))
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

    def _remember_state(self, sender_id: str, state: State) -> None:
        self._states[sender_id] = state
        self._states.move_to_end(sender_id)
        while len(self._states) > MAX_STATES:
            self._states.popitem(last=False)

    def _remember(self, sender_id: str, stored: Stored | None) -> None:
        if stored is None:
            self._stored.pop(sender_id, None)
            return
        self._stored[sender_id] = stored
        self._stored.move_to_end(sender_id)
        while len(self._stored) > MAX_REMEMBERED:
            self._stored.popitem(last=False)


def window_start(kinds: Sequence[str], turns: int) -> int:
    """Where a window of the latest `turns` user messages starts among events of these types:
    at the action before the oldest of them (the `action_listen` it answered), else at that
    message; 0 when there are no more messages than `turns`."""
    users = [index for index, kind in enumerate(kinds) if kind == UserUttered.type_name]
    if len(users) <= turns:
        return 0
    first, previous = users[-turns], users[-turns - 1]
    actions = (
        index
        for index in range(first - 1, previous, -1)
        if kinds[index] == ActionExecuted.type_name
    )
    return next(actions, first)


def state_events(tracker: DialogueStateTracker) -> list[Event]:
    """Events that give an empty tracker `tracker`'s state: every slot set (to its initial
    value too: a slot set counts in the rules' states), the active loop, the pause. Timestamped
    with the tracker's last event; the latest message and action are not carried, as the
    window's first rows set them before any prediction."""
    stamp = tracker.events[-1].timestamp if tracker.events else None
    events: list[Event] = [
        SlotSet(name, slot.value, timestamp=stamp)
        for name, slot in tracker.slots.items()
        if slot.has_been_set
    ]
    loop = tracker.active_loop
    if loop is not None and loop.name:
        events.append(ActiveLoop(loop.name, timestamp=stamp))
        if loop.is_interrupted:
            events.append(LoopInterrupted(True, timestamp=stamp))
        if loop.rejected:
            events.append(ActionExecutionRejected(loop.name, timestamp=stamp))
    if tracker.is_paused():
        events.append(ConversationPaused(timestamp=stamp))
    return events


def _session_start(rows: Sequence[Any]) -> float | None:
    """The latest `session_started` row's timestamp among `rows`, if any."""
    starts = [
        row.timestamp
        for row in rows
        if row.type_name == SessionStarted.type_name and row.timestamp is not None
    ]
    return max(starts) if starts else None


def _stored_from_rows(rows: Sequence[Any]) -> Stored:
    """Rasa's count and the latest session start, from a conversation's rows in id order: all
    of them (a full retrieve) or those since the session start."""
    if not rows:
        return Stored(0, None, 0, None)
    session_start = _session_start(rows)
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
