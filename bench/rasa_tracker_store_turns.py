"""Run with the Rasa venv's Python (`.venv-rasa/bin/python -m bench.rasa_tracker_store_turns IN
OUT`): a message's work in the SQL tracker store, turn after turn of one conversation, with
Rasa's own `SQLTrackerStore` and with ours (assistant/rasa_tracker_store.py), without its
window and with it.

Each turn does what Rasa's processor does with the store: retrieve the tracker at the message's
start (`get_or_create_tracker`), add the turn's events, save. The turn's events are made here,
shaped like the shop's (a message with its parse data, the action, three slots, a reply with
buttons and cards, `action_listen`), from domain.yml. With an event broker (Rasa's interface,
counting what it is given) and without. On PostgreSQL the table is analysed every 20 turns,
untimed, as autovacuum would as it grows.

IN is a JSON file {"databases": {name: url}, "turns": n}; OUT receives the figures as JSON. Used
by `python -m bench tracker_store` (bench/tracker_store.py).
"""

from __future__ import annotations

import asyncio
import functools
import json
import statistics
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from rasa.core.brokers.broker import EventBroker
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    BotUttered,
    Event,
    SessionStarted,
    SlotSet,
    UserUttered,
)

from assistant.rasa_tracker_store import IncrementalSQLTrackerStore

Store = Callable[..., SQLTrackerStore]
STORES: dict[str, Store] = {
    "Rasa's SQLTrackerStore": SQLTrackerStore,
    # Without the window: the same whole-session retrieve as Rasa's, another save.
    "ours": functools.partial(IncrementalSQLTrackerStore, window_turns=0),
    "ours, with its window": IncrementalSQLTrackerStore,  # endpoints.yml's: 20 user messages
}
WINDOW = 10
ANALYZE_EVERY = 20


class CountingBroker(EventBroker):
    def __init__(self) -> None:
        self.published = 0

    def publish(self, event: dict[str, Any]) -> None:
        self.published += 1


def turn_events(domain: Domain, number: int) -> list[Event]:
    intents = sorted(domain.intents)[:10]
    slots = [slot.name for slot in domain.slots][:3]
    text = f"show me red t-shirts under {number} euros"
    intent = {"name": intents[number % len(intents)], "confidence": 0.93}
    entities = [{"entity": "colour", "value": "red", "start": 8, "end": 11, "extractor": "DIET"}]
    parse_data = {
        "intent": intent,
        "entities": entities,
        "text": text,
        "intent_ranking": [{"name": name, "confidence": 0.01} for name in intents],
    }
    buttons = [
        {"title": f"Details {i}", "payload": f'/product_details{{"id":{i}}}'} for i in range(5)
    ]
    cards = [{"title": f"T-shirt {i}", "subtitle": "Red cotton t-shirt " * 8} for i in range(3)]
    return [
        UserUttered(text, intent, entities, parse_data),
        ActionExecuted("action_search_products"),
        *(SlotSet(slot, f"value {number}") for slot in slots),
        BotUttered("Here is what I found. " * 4, {"buttons": buttons, "elements": cards}),
        ActionExecuted("action_listen"),
    ]


def play(url: str, store_class: Store, broker: bool, turns: int) -> dict[str, Any]:
    domain = Domain.load("domain.yml")
    counting = CountingBroker() if broker else None
    store = store_class(domain, host=url, event_broker=counting)
    sender = f"turns-{uuid.uuid4().hex[:10]}"
    retrieve_ms, save_ms = [], []
    try:
        for number in range(1, turns + 1):
            if url.startswith("postgresql") and number % ANALYZE_EVERY == 0:
                with store.engine.begin() as connection:
                    connection.execute(sa.text("ANALYZE events"))
            started = time.perf_counter()
            tracker = asyncio.run(store.get_or_create_tracker(sender, append_action_listen=False))
            retrieved = time.perf_counter()
            if not tracker.events:
                start = [ActionExecuted("action_session_start"), SessionStarted()]
                tracker.update_with_events([*start, ActionExecuted("action_listen")], domain)
            tracker.update_with_events(turn_events(domain, number), domain)
            saving = time.perf_counter()
            asyncio.run(store.save(tracker))
            saved = time.perf_counter()
            retrieve_ms.append((retrieved - started) * 1000)
            save_ms.append((saved - saving) * 1000)
        events = [event.as_dict() for event in tracker.events]
    finally:
        store.engine.dispose()

    def window(values: list[float], end: int) -> float:
        return round(statistics.median(values[end - WINDOW : end]), 2)

    return {
        "events": len(events),
        "tracker_kb": round(len(json.dumps(events)) / 1024, 1),
        "published": counting.published if counting else None,
        "windows": {
            f"turns {end - WINDOW + 1}-{end}": {
                "retrieve_ms": window(retrieve_ms, end),
                "save_ms": window(save_ms, end),
            }
            for end in (WINDOW, turns)
        },
    }


def main(source: Path, target: Path) -> None:
    request = json.loads(source.read_text())
    runs = [
        {"database": database, "broker": broker, "store": name}
        | play(url, store_class, broker, request["turns"])
        for database, url in request["databases"].items()
        for broker in (True, False)
        for name, store_class in STORES.items()
    ]
    target.write_text(json.dumps(runs))


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
