"""Run in the Rasa venv: the window of our IncrementalSQLTrackerStore against Rasa's whole tracker.

`python tests/integration/tracker_window_harness.py URL` plays conversations longer than the
window on the database at URL and prints one JSON line: per check, null or what was wrong. The
stores are real, the database is real; the event broker is Rasa's interface recording what it is
given. The conversations set slots (to None and to their initial value too), start, interrupt,
reject, end and restart a form, pause and resume, revert a message and restart the
conversation: the state before a window must carry all of it.
"""

from __future__ import annotations

import asyncio
import json
import sys
import traceback
import uuid
from collections.abc import Callable
from typing import Any

import yaml
from rasa.core.tracker_store import SQLTrackerStore, TrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    ActionExecutionRejected,
    ActiveLoop,
    BotUttered,
    ConversationPaused,
    ConversationResumed,
    Event,
    FollowupAction,
    LoopInterrupted,
    Restarted,
    SlotSet,
    UserUtteranceReverted,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker, EventVerbosity
from rasa.utils.endpoints import EndpointConfig
from tracker_store_harness import (  # type: ignore[import-not-found]
    ROOT,
    Clock,
    Recorder,
    delete_conversation,
    session_start,
    stored_rows,
)

from assistant.rasa_tracker_store import DEFAULT_WINDOW_TURNS, IncrementalSQLTrackerStore

WINDOW = 4
TURNS = 40
FORM = "size_form"
DOMAIN = Domain.from_dict(
    {
        "intents": ["search_product", "thanks", "give_size"],
        "slots": {
            "colour": {"type": "text", "mappings": [{"type": "custom"}]},
            "results": {"type": "list", "mappings": [{"type": "custom"}]},
            "budget": {
                "type": "float",
                "initial_value": 50.0,
                "max_value": 1000.0,
                "mappings": [{"type": "custom"}],
            },
            "size": {"type": "text", "mappings": [{"type": "custom"}]},
            "checked_out": {
                "type": "bool",
                "influence_conversation": True,
                "mappings": [{"type": "custom"}],
            },
        },
        "forms": {FORM: {"required_slots": ["size"]}},
        "actions": ["action_search"],
    }
)


def user(clock: Clock, text: str, intent: str = "search_product") -> UserUttered:
    parse = {"name": intent, "confidence": 0.9}
    data = {"intent": parse, "text": text, "entities": []}
    return UserUttered(text, parse, [], data, timestamp=clock.tick(), input_channel="rest")


def action(clock: Clock, name: str) -> ActionExecuted:
    return ActionExecuted(name, timestamp=clock.tick())


def turn(clock: Clock, number: int) -> list[Event]:
    """One message and what the bot did with it: a few kinds of turn, in a cycle of 11, so
    that a window of WINDOW messages starts at every kind; the form stays active, the bot
    paused, for longer than a window."""
    kind = number % 11
    events: list[Event] = [user(clock, f"message {number}")]
    if kind == 1:  # a form starts on this message and asks
        events += [action(clock, FORM), ActiveLoop(FORM, timestamp=clock.tick())]
        events += [SlotSet("requested_slot", "size", timestamp=clock.tick())]
    elif kind == 2:  # the form is interrupted by a question, then rejected
        events += [LoopInterrupted(True, timestamp=clock.tick()), action(clock, "action_search")]
        events += [ActionExecutionRejected(FORM, timestamp=clock.tick())]
    elif kind == 3:  # a human takes over: the bot pauses
        events += [action(clock, "action_search"), ConversationPaused(timestamp=clock.tick())]
    elif kind == 5:  # slots set to None and to their initial value; a follow-up action
        events += [action(clock, "action_search"), SlotSet("colour", None, timestamp=clock.tick())]
        events += [SlotSet("budget", 50.0, timestamp=clock.tick())]
        events += [FollowupAction("action_search", timestamp=clock.tick())]
        events += [action(clock, "action_search")]
    elif kind == 8:  # the form asks again
        events += [action(clock, FORM), SlotSet("size", None, timestamp=clock.tick())]
    elif kind == 7:  # a misunderstanding: the message reverted
        events += [action(clock, "action_default_fallback")]
        events += [UserUtteranceReverted(timestamp=clock.tick())]
    elif kind == 9:  # the bot is back; the form ends
        events += [ConversationResumed(timestamp=clock.tick()), action(clock, FORM)]
        events += [SlotSet("size", f"{number}", timestamp=clock.tick())]
        events += [ActiveLoop(None, timestamp=clock.tick())]
        events += [SlotSet("requested_slot", None, timestamp=clock.tick())]
    elif kind == 10 and number > 30:  # the conversation restarted (one late turn)
        events += [action(clock, "action_restart"), Restarted(timestamp=clock.tick())]
    else:
        events += [action(clock, "action_search")]
        events += [SlotSet("colour", f"red {number}", timestamp=clock.tick())]
        events += [SlotSet("results", [f"sku-{number}", "sku-0"], timestamp=clock.tick())]
        events += [SlotSet("budget", float(number), timestamp=clock.tick())]
        events += [SlotSet("checked_out", number % 2 == 0, timestamp=clock.tick())]
    events += [BotUttered(f"reply {number}", {"buttons": []}, timestamp=clock.tick())]
    return [*events, action(clock, "action_listen")]


def add(tracker: DialogueStateTracker, events: list[Event]) -> None:
    tracker.update_with_events(events, DOMAIN, override_timestamp=False)


class Conversation:
    """One conversation played on replicas of one store class (a message: retrieve, add,
    save, as Rasa's processor does), and Rasa's store on the same rows to compare with."""

    def __init__(self, url: str, store_class: type[SQLTrackerStore] = IncrementalSQLTrackerStore):
        self.url, self.store_class = url, store_class
        self.sender = f"window-{store_class.__name__}-{uuid.uuid4().hex[:8]}"
        self.clock, self.broker = Clock(), Recorder()
        self.stores: list[SQLTrackerStore] = []
        self.rasa = self.store(SQLTrackerStore)  # reads only

    def store(self, store_class: type[SQLTrackerStore] | None = None) -> Any:
        store_class = store_class or self.store_class
        windowed = issubclass(store_class, IncrementalSQLTrackerStore)
        kwargs = {"window_turns": WINDOW} if windowed else {}
        store = store_class(DOMAIN, host=self.url, event_broker=self.broker, **kwargs)
        self.stores.append(store)
        return store

    def message(self, store: SQLTrackerStore, events: Callable[[], list[Event]]) -> Any:
        async def handle() -> DialogueStateTracker:
            tracker = await store.get_or_create_tracker(self.sender, append_action_listen=False)
            if not tracker.events:
                add(tracker, session_start(self.clock))
            add(tracker, events())
            await store.save(tracker)
            return tracker

        return asyncio.run(handle())

    def retrieve(self, store: SQLTrackerStore) -> DialogueStateTracker:
        tracker = asyncio.run(store.retrieve(self.sender))
        assert tracker is not None
        return tracker

    def close(self) -> None:
        for store in self.stores:
            store.engine.dispose()


def state(tracker: DialogueStateTracker) -> dict[str, Any]:
    """What the policies and actions read of a tracker beyond its events."""
    last_user = tracker.get_last_event_for(UserUttered)
    return {
        **tracker.current_state(EventVerbosity.NONE),  # what an action call carries but events
        "slots_set": {name: slot.has_been_set for name, slot in tracker.slots.items()},
        "last_user_timestamp": last_user.timestamp if last_user else None,  # session expiry
        "applied_events_empty": not tracker.applied_events(),  # a session start
    }


def differs(window: DialogueStateTracker, whole: DialogueStateTracker) -> str | None:
    """None if the windowed tracker reads as the whole one: its state, the window's events the
    whole tracker's last ones, and the last WINDOW states the policies featurize."""
    ours, theirs = state(window), state(whole)
    if ours != theirs:
        keys = sorted(k for k in theirs if ours.get(k) != theirs[k])
        return f"state differs in {keys}: ours {[ours[k] for k in keys]}, Rasa's " + str(
            [theirs[k] for k in keys]
        )
    users = [e for e in window.events if isinstance(e, UserUttered)]
    all_users = [e for e in whole.events if isinstance(e, UserUttered)]
    if len(users) != min(WINDOW, len(all_users)):
        return f"{len(users)} user messages in the window, {len(all_users)} in all"
    first = next(i for i, e in enumerate(window.events) if not _state_event(e))
    shown = [e.as_dict() for e in window.events][first:]
    tail = [e.as_dict() for e in whole.events][-len(shown) :]
    if shown != tail:
        return f"the window's events are not the session's last ones: {shown[:3]} vs {tail[:3]}"
    mine, rasas = window.past_states(DOMAIN), whole.past_states(DOMAIN)
    if mine[-WINDOW:] != rasas[-WINDOW:]:
        return f"the last {WINDOW} states differ: {mine[-WINDOW:]} vs {rasas[-WINDOW:]}"
    return None


def _state_event(event: Event) -> bool:
    return isinstance(
        event, SlotSet | ActiveLoop | LoopInterrupted | ActionExecutionRejected | ConversationPaused
    )


# --- checks: each returns None or what was wrong ---------------------------------------------


def the_window_reads_as_the_whole_session(url: str) -> str | None:
    """After every message of a long conversation, a windowed retrieve against Rasa's: with the
    state remembered (the same replica), and from the rows alone (a fresh replica)."""
    conversation = Conversation(url)
    try:
        replica = conversation.store()
        for number in range(TURNS):
            conversation.message(replica, lambda n=number: turn(conversation.clock, n))
            whole = conversation.retrieve(conversation.rasa)
            for label, store in (("remembered", replica), ("fresh", conversation.store())):
                problem = differs(conversation.retrieve(store), whole)
                if problem:
                    return f"after message {number}, {label}: {problem}"
        held = conversation.retrieve(replica)
        if len(held.events) >= len(conversation.retrieve(conversation.rasa).events) / 3:
            return f"the window holds {len(held.events)} events"
    finally:
        conversation.close()
    return None


def every_save_stores_the_new_events_once(url: str) -> str | None:
    """The same conversation stored by Rasa's store and by windowed ones: two replicas taking
    turns, a tracker saved twice in a message, a tracker saved by the other replica, a session
    started after the window: the same rows, the same events published, nothing else."""

    def play(store_class: type[SQLTrackerStore]) -> tuple[list[Any], list[Any], Any]:
        conversation = Conversation(url, store_class)
        try:
            first, second = conversation.store(), conversation.store()
            clock = conversation.clock
            for number in range(TURNS):
                replica = first if number % 3 else second
                conversation.message(replica, lambda n=number: turn(clock, n))
                if number == 20:  # saved twice in a message, the second time by the other one
                    tracker = conversation.retrieve(first)
                    add(tracker, turn(clock, 100)[:2])
                    asyncio.run(first.save(tracker))
                    add(tracker, turn(clock, 101)[1:])
                    asyncio.run(second.save(tracker))
                    asyncio.run(second.save(tracker))  # nothing new
                if number == 30:  # a new session
                    conversation.message(first, lambda: session_start(clock) + turn(clock, 102))
            last = state(conversation.retrieve(first))
            del last["sender_id"]
        finally:
            conversation.close()
        published = [
            {k: v for k, v in event.items() if k != "sender_id"}
            for event in conversation.broker.published
        ]
        return stored_rows(url, conversation.sender), published, last

    rows, published, last = play(IncrementalSQLTrackerStore)
    rasa_rows, rasa_published, rasa_last = play(SQLTrackerStore)
    if rows != rasa_rows:
        return f"rows differ: {len(rows)} stored, Rasa's store stored {len(rasa_rows)}"
    if published != rasa_published:
        return f"published differ: {len(published)} published, Rasa's {len(rasa_published)}"
    if published != [json.loads(row[4]) for row in rows]:
        return "the events published are not the rows stored"
    if last != rasa_last:
        return "the last tracker's state differs"
    return None


class Counting(IncrementalSQLTrackerStore):
    """Our store, counting the rows each retrieve reads."""

    read: list[int]

    def _rows_after_state(self, session: Any, sender_id: str) -> Any:
        state, rows = super()._rows_after_state(session, sender_id)
        self.read = [*getattr(self, "read", []), len(rows)]
        return state, rows


def a_retrieve_reads_the_window(url: str) -> str | None:
    """Once a replica has seen the conversation, a retrieve reads the window's rows and the
    message before it, however long the conversation grows."""
    conversation = Conversation(url, Counting)
    try:
        replica = conversation.store()
        for number in range(TURNS):
            conversation.message(replica, lambda n=number: turn(conversation.clock, n))
        read = replica.read
        longest = max(len(turn(Clock(), n)) for n in range(11))
        bound = (WINDOW + 1) * longest
        if max(read[WINDOW + 1 :]) > bound or sum(read) > TURNS * bound:
            return f"rows read per retrieve: {read}"
        fresh = conversation.store()
        conversation.retrieve(fresh)  # a replica that never saw it reads the session once
        session = len(conversation.retrieve(conversation.rasa).events)
        if fresh.read != [session]:
            return f"a fresh replica read {fresh.read}"
    finally:
        conversation.close()
    return None


def a_purge_forgets_the_state(url: str) -> str | None:
    """The conversation deleted (privacy) and started again under the same id on another
    replica: the state the first one remembers from before is not used."""
    conversation = Conversation(url)
    try:
        first, second = conversation.store(), conversation.store()
        for number in range(12):
            conversation.message(first, lambda n=number: turn(conversation.clock, n))
        delete_conversation(url, conversation.sender)
        purged_at = conversation.clock.now
        for number in range(WINDOW + 2):
            conversation.message(second, lambda n=number: turn(conversation.clock, 11 * n))
        conversation.message(first, lambda: turn(conversation.clock, 11))
        problem = differs(conversation.retrieve(first), conversation.retrieve(conversation.rasa))
        if problem:
            return problem
        rows = stored_rows(url, conversation.sender)
        if len(set(rows)) != len(rows) or min(row[1] for row in rows) <= purged_at:
            return f"rows stored again: {rows}"
    finally:
        conversation.close()
    return None


def the_window_is_set_in_the_endpoint_files(url: str) -> str | None:
    """`window_turns` reaches the store from an endpoint file; both files leave the default."""
    store = TrackerStore.create(
        EndpointConfig(
            url=url,
            type=IncrementalSQLTrackerStore.__module__ + ".IncrementalSQLTrackerStore",
            window_turns=7,
        ),
        DOMAIN,
    )
    try:
        if not isinstance(store, IncrementalSQLTrackerStore) or store.window_turns != 7:
            return f"built {store!r}"
    finally:
        if isinstance(store, SQLTrackerStore):
            store.engine.dispose()
    for name in ("endpoints.yml", "deploy/endpoints.production.yml"):
        config = yaml.safe_load((ROOT / name).read_text())["tracker_store"]
        if config.get("window_turns", DEFAULT_WINDOW_TURNS) != DEFAULT_WINDOW_TURNS:
            return f"{name}: window_turns {config['window_turns']}"
    return None


CHECKS: list[Callable[[str], str | None]] = [
    the_window_reads_as_the_whole_session,
    every_save_stores_the_new_events_once,
    a_retrieve_reads_the_window,
    a_purge_forgets_the_state,
    the_window_is_set_in_the_endpoint_files,
]


def main(url: str) -> None:
    results: dict[str, str | None] = {}
    for check in CHECKS:
        try:
            results[check.__name__] = check(url)
        except Exception:
            results[check.__name__] = traceback.format_exc()
    print(json.dumps(results))


if __name__ == "__main__":
    main(sys.argv[1])
