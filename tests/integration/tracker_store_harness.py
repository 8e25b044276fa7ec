"""Run in the Rasa venv: our IncrementalSQLTrackerStore against Rasa's own SQLTrackerStore.

`python tests/integration/tracker_store_harness.py URL` plays each scenario twice on the
database at URL, once with Rasa's store and once with ours (each under its own conversation
ids), and prints one JSON line: per check, null or what differed. The stores are real, the
database is real; the event broker is Rasa's interface recording what it is given.
"""

from __future__ import annotations

import asyncio
import json
import sys
import traceback
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlalchemy as sa
import yaml
from rasa.core.brokers.broker import EventBroker
from rasa.core.tracker_store import SQLTrackerStore, TrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    BotUttered,
    Event,
    SessionStarted,
    SlotSet,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker, EventVerbosity
from rasa.utils.endpoints import EndpointConfig

from assistant.rasa_tracker_store import IncrementalSQLTrackerStore

ROOT = Path(__file__).resolve().parents[2]

DOMAIN = Domain.from_dict(
    {
        "intents": ["search_product", "thanks"],
        "slots": {"colour": {"type": "text", "mappings": [{"type": "custom"}]}},
    }
)
START = 1_800_000_000.0


class Recorder(EventBroker):
    """Rasa's event broker interface, keeping what is published."""

    def __init__(self) -> None:
        self.published: list[dict[str, Any]] = []

    def publish(self, event: dict[str, Any]) -> None:
        self.published.append(event)


class Clock:
    """Event timestamps one second apart: both runs of a scenario store the same rows."""

    def __init__(self) -> None:
        self.now = START

    def tick(self) -> float:
        self.now += 1.0
        return self.now


def session_start(clock: Clock) -> list[Event]:
    return [
        ActionExecuted("action_session_start", timestamp=clock.tick()),
        SessionStarted(timestamp=clock.tick()),
        ActionExecuted("action_listen", timestamp=clock.tick()),
    ]


def turn(clock: Clock, number: int) -> list[Event]:
    text = f"red t-shirt {number}"
    intent = {"name": "search_product", "confidence": 0.9}
    return [
        UserUttered(text, intent, [], {"intent": intent, "text": text}, timestamp=clock.tick()),
        ActionExecuted("action_search", timestamp=clock.tick()),
        SlotSet("colour", f"red {number}", timestamp=clock.tick()),
        BotUttered(f"found {number}", {"buttons": []}, timestamp=clock.tick()),
        ActionExecuted("action_listen", timestamp=clock.tick()),
    ]


def add(tracker: DialogueStateTracker, events: list[Event]) -> None:
    """Events added as the processor adds them, their timestamps kept."""
    tracker.update_with_events(events, DOMAIN, override_timestamp=False)


StoreClass = type[SQLTrackerStore]


class Run:
    """One play of a scenario: stores of one class ("replicas"), one broker, one conversation."""

    def __init__(self, url: str, store_class: StoreClass, sender: str) -> None:
        self.url, self.store_class, self.sender = url, store_class, sender
        self.broker = Recorder()
        self.clock = Clock()
        self.replicas: list[SQLTrackerStore] = []

    def replica(self) -> SQLTrackerStore:
        store = self.store_class(DOMAIN, host=self.url, event_broker=self.broker)
        self.replicas.append(store)
        return store

    def message(self, store: SQLTrackerStore, events: Callable[[], list[Event]]) -> None:
        """What Rasa's processor does with a message: get the tracker, add events, save."""

        async def handle() -> None:
            tracker = await store.get_or_create_tracker(self.sender, append_action_listen=False)
            if not tracker.events:
                add(tracker, session_start(self.clock))
            add(tracker, events())
            await store.save(tracker)

        asyncio.run(handle())

    def close(self) -> None:
        for store in self.replicas:
            store.engine.dispose()


def stored_rows(url: str, sender: str) -> list[tuple[Any, ...]]:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                sa.text(
                    "SELECT type_name, timestamp, intent_name, action_name, data FROM events "
                    "WHERE sender_id = :sender ORDER BY id"
                ),
                {"sender": sender},
            ).all()
    finally:
        engine.dispose()
    return [tuple(row) for row in rows]


def delete_conversation(url: str, sender: str) -> None:
    """What the privacy purge does (assistant/tracker_events.py)."""
    engine = sa.create_engine(url)
    try:
        with engine.begin() as connection:
            connection.execute(
                sa.text("DELETE FROM events WHERE sender_id = :sender"), {"sender": sender}
            )
    finally:
        engine.dispose()


def tracker_state(store: SQLTrackerStore, sender: str, full: bool) -> Any:
    retrieve = store.retrieve_full_tracker if full else store.retrieve
    tracker = asyncio.run(retrieve(sender))
    if tracker is None:
        return None
    state = tracker.current_state(EventVerbosity.ALL)
    del state["sender_id"]  # each run has its own
    return state


@contextmanager
def statements(store: SQLTrackerStore) -> Iterator[list[str]]:
    """The SQL the store runs meanwhile."""
    seen: list[str] = []

    def record(*args: Any) -> None:
        seen.append(str(args[2]))

    sa.event.listen(store.engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        sa.event.remove(store.engine, "before_cursor_execute", record)


# --- scenarios: each plays a conversation with a store class and returns what to compare ---


def one_replica(run: Run) -> dict[str, Any]:
    store = run.replica()
    for number in range(12):
        run.message(store, lambda n=number: turn(run.clock, n))
    return {}


def a_save_twice_in_a_message(run: Run) -> dict[str, Any]:
    """Saved, more events added to the same tracker, saved again (Rasa's `log_message`)."""
    store = run.replica()
    run.message(store, lambda: turn(run.clock, 0))

    async def twice() -> None:
        tracker = await store.retrieve(run.sender)
        assert tracker is not None
        add(tracker, turn(run.clock, 1)[:1])
        await store.save(tracker)
        add(tracker, turn(run.clock, 2)[1:])
        await store.save(tracker)
        await store.save(tracker)  # nothing new

    asyncio.run(twice())
    run.message(store, lambda: turn(run.clock, 3))
    return {}


def a_new_session(run: Run) -> dict[str, Any]:
    """A session starts mid-conversation; later retrieves load only the new session."""
    store = run.replica()
    for number in range(3):
        run.message(store, lambda n=number: turn(run.clock, n))
    run.message(store, lambda: session_start(run.clock) + turn(run.clock, 3))
    for number in range(4, 6):
        run.message(store, lambda n=number: turn(run.clock, n))

    async def full_tracker_saved() -> None:
        # The tracker of every session, saved: Rasa stores what lies beyond its count of the
        # latest session's rows, here a copy of older events. The same rows either way.
        tracker = await store.retrieve_full_tracker(run.sender)
        assert tracker is not None
        add(tracker, turn(run.clock, 6))
        await store.save(tracker)

    asyncio.run(full_tracker_saved())
    run.message(store, lambda: turn(run.clock, 7))
    return {
        "latest session": tracker_state(store, run.sender, full=False),
        "every session": tracker_state(store, run.sender, full=True),
    }


def a_session_start_saved_twice(run: Run) -> dict[str, Any]:
    """A tracker holding the old session and a new one, saved twice without a retrieve."""
    store = run.replica()
    for number in range(2):
        run.message(store, lambda n=number: turn(run.clock, n))

    async def twice() -> None:
        tracker = await store.retrieve(run.sender)
        assert tracker is not None
        add(tracker, session_start(run.clock))
        await store.save(tracker)
        add(tracker, turn(run.clock, 2))
        await store.save(tracker)

    asyncio.run(twice())
    return {}


def replicas_take_turns(run: Run) -> dict[str, Any]:
    """The conversation hops between two replicas; each one's memory of it goes stale."""
    first, second = run.replica(), run.replica()
    for number in range(3):
        run.message(first, lambda n=number: turn(run.clock, n))
    run.message(second, lambda: turn(run.clock, 3))
    run.message(first, lambda: turn(run.clock, 4))
    run.message(second, lambda: turn(run.clock, 5))

    async def stale_save() -> None:
        # The first replica saves a tracker it did not retrieve itself, after the second
        # replica's turn: what it remembers is out of date and must not be used.
        tracker = await second.retrieve(run.sender)
        assert tracker is not None
        add(tracker, turn(run.clock, 6))
        await second.save(tracker)
        add(tracker, turn(run.clock, 7))
        await first.save(tracker)

    asyncio.run(stale_save())
    run.message(second, lambda: turn(run.clock, 8))
    return {"tracker": tracker_state(first, run.sender, full=False)}


def a_purge_between(run: Run) -> dict[str, Any]:
    """The conversation deleted (privacy) between a replica's retrieve and its save."""
    store = run.replica()
    for number in range(3):
        run.message(store, lambda n=number: turn(run.clock, n))

    async def purged_meanwhile() -> None:
        tracker = await store.retrieve(run.sender)
        assert tracker is not None
        delete_conversation(run.url, run.sender)
        add(tracker, turn(run.clock, 3))
        await store.save(tracker)

    asyncio.run(purged_meanwhile())
    delete_conversation(run.url, run.sender)
    run.message(store, lambda: turn(run.clock, 4))  # a new conversation under the same id
    return {}


SCENARIOS = [
    one_replica,
    a_save_twice_in_a_message,
    a_new_session,
    a_session_start_saved_twice,
    replicas_take_turns,
    a_purge_between,
]


def play(url: str, scenario: Callable[[Run], dict[str, Any]], store_class: StoreClass) -> Any:
    run = Run(url, store_class, f"{store_class.__name__}-{uuid.uuid4().hex[:8]}")
    try:
        seen = scenario(run)
    finally:
        run.close()
    published = [
        {k: v for k, v in event.items() if k != "sender_id"} for event in run.broker.published
    ]
    assert all(event["sender_id"] == run.sender for event in run.broker.published)
    rows = stored_rows(url, run.sender)
    return {"rows": rows, "published": published, **seen}


class WholeTrackerStore(IncrementalSQLTrackerStore):
    """Ours with the window off."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, window_turns=0, **kwargs)


def compare(url: str, scenario: Callable[[Run], dict[str, Any]]) -> str | None:
    """None if ours stored, published and retrieved what Rasa's did; ours with its window off,
    as Rasa's has none (tracker_window_harness.py tests the window)."""
    theirs = play(url, scenario, SQLTrackerStore)
    ours = play(url, scenario, WholeTrackerStore)
    for key in theirs:
        if ours[key] != theirs[key]:
            return f"{key} differ: {_first_difference(theirs[key], ours[key])}"
    return None


def _first_difference(theirs: Any, ours: Any) -> str:
    if isinstance(theirs, list) and isinstance(ours, list):
        for index, (mine, rasas) in enumerate(zip(ours, theirs, strict=False)):
            if mine != rasas:
                return f"at {index}: Rasa's {rasas!r}, ours {mine!r}"
        return f"Rasa's {len(theirs)} items, ours {len(ours)}"
    return f"Rasa's {theirs!r}, ours {ours!r}"


def published_are_the_saved_rows(url: str) -> str | None:
    """No event published twice or not at all, in a conversation that never starts a new
    session (purges and re-saved old sessions store some events twice, by Rasa's rules)."""
    for scenario in (one_replica, a_save_twice_in_a_message, replicas_take_turns):
        result = play(url, scenario, IncrementalSQLTrackerStore)
        stored = [json.loads(row[4]) for row in result["rows"]]
        if result["published"] != stored:
            return f"{scenario.__name__}: published {result['published']}\nstored {stored}"
    return None


def a_save_reads_no_events(url: str) -> str | None:
    """Once the store has seen the conversation, a save reads at most two rows' ids: no
    event's data, no count."""
    run = Run(url, IncrementalSQLTrackerStore, f"reads-{uuid.uuid4().hex[:8]}")
    try:
        store = run.replica()
        for number in range(5):
            run.message(store, lambda n=number: turn(run.clock, n))
        tracker = asyncio.run(store.retrieve(run.sender))
        assert tracker is not None
        add(tracker, turn(run.clock, 5))
        with statements(store) as seen:
            asyncio.run(store.save(tracker))
    finally:
        run.close()
    reads = [sql for sql in seen if "FROM events" in sql]
    if len(reads) != 1 or "count(" in reads[0].lower() or "events.data" in reads[0]:
        return f"a save read: {reads}"
    return None


def rasa_builds_it_from_the_endpoint_files(url: str) -> str | None:
    """Rasa falls back to an in-memory store, with a mere warning, on a type it cannot import:
    both endpoint files must name this class, and Rasa build it."""
    for name in ("endpoints.yml", "deploy/endpoints.production.yml"):
        kind = yaml.safe_load((ROOT / name).read_text())["tracker_store"]["type"]
        store = TrackerStore.create(EndpointConfig(url=url, type=kind), DOMAIN)
        if not isinstance(store, IncrementalSQLTrackerStore):
            return f"{name}: Rasa built a {type(store).__name__} from type {kind!r}"
        store.engine.dispose()
    return None


def main(url: str) -> None:
    checks: dict[str, Callable[[], str | None]] = {
        scenario.__name__: (lambda s=scenario: compare(url, s)) for scenario in SCENARIOS
    }
    checks["published_are_the_saved_rows"] = lambda: published_are_the_saved_rows(url)
    checks["a_save_reads_no_events"] = lambda: a_save_reads_no_events(url)
    checks["rasa_builds_it_from_the_endpoint_files"] = lambda: (
        rasa_builds_it_from_the_endpoint_files(url)
    )
    results: dict[str, str | None] = {}
    for name, check in checks.items():
        try:
            results[name] = check()
        except Exception:
            results[name] = traceback.format_exc()
    print(json.dumps(results))


if __name__ == "__main__":
    main(sys.argv[1])
