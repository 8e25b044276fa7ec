"""Run with the Rasa venv's Python (`.venv-rasa/bin/python bench/rasa_components.py IN OUT`):
the time of each node of the trained model's graph, in process, without patching Rasa.

Loads the model with Rasa's own API (`Agent.load`) and times each graph node's call (a wrapper
around `GraphNode.__call__` in this process only): the NLU components on a fixed set of
messages, then, for each tracker given (a conversation at several lengths, as Rasa's HTTP API
dumped it), what a turn does with the tracker on Rasa's side: rebuilding it from its stored rows
(our SQL tracker store's `retrieve`, on SQLite, its window of the latest user messages: the
whole conversation rebuilt too, as Rasa's store did), predicting the next action (the
policies, which featurize the history; on the window, checked against the whole tracker's
prediction), and serialising it for the action server (Rasa sends the tracker it holds with
every action call).

IN is a JSON file {"model", "messages", "rounds", "trackers": {label: events}}; OUT receives
the figures as JSON. Used by `python -m bench turn_profile` (bench/turn_profile.py).
"""

from __future__ import annotations

import asyncio
import json
import logging
import statistics
import sys
import tempfile
import time
import uuid
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from rasa.core.agent import Agent
from rasa.engine.graph import GraphNode
from rasa.shared.core.events import UserUttered
from rasa.shared.core.trackers import DialogueStateTracker, EventVerbosity
from rasa.utils.common import configure_logging_and_warnings
from rasa.utils.log_utils import configure_structlog

from assistant.rasa_tracker_store import IncrementalSQLTrackerStore

_node_ms: dict[str, list[float]] = defaultdict(list)
_sdk_call = GraphNode.__call__


def _timed_call(self: GraphNode, *inputs: Any) -> Any:
    started = time.perf_counter()
    try:
        return _sdk_call(self, *inputs)
    finally:
        _node_ms[self._node_name].append((time.perf_counter() - started) * 1000)


def _median(samples: list[float]) -> float:
    return round(statistics.median(samples), 3)


def _timed(function: Callable[[], Any], rounds: int) -> tuple[float, Any]:
    """The fastest of `rounds` calls of the same work, in ms, and the last call's result: on
    shared cores the other work only ever adds time, so the minimum is the work's own cost."""
    samples, result = [], None
    for _ in range(rounds):
        started = time.perf_counter()
        result = function()
        samples.append((time.perf_counter() - started) * 1000)
    return round(min(samples), 3), result


def _nodes(pick: Callable[[list[float]], float] = _median) -> dict[str, float]:
    """Ms per node since the last reset (the median of different messages; the fastest of
    repeats of the same work), then reset."""
    figures = {name: round(pick(samples), 3) for name, samples in _node_ms.items()}
    _node_ms.clear()
    return figures


async def _parse_all(agent: Agent, messages: list[str], rounds: int) -> dict[str, Any]:
    for text in messages[:5]:  # warm-up: first calls build caches
        await agent.parse_message(text)
    _node_ms.clear()
    totals = []
    for _ in range(rounds):
        for text in messages:
            started = time.perf_counter()
            await agent.parse_message(text)
            totals.append((time.perf_counter() - started) * 1000)
    return {"parse_ms_median": _median(totals), "parses": len(totals), "nodes_ms": _nodes()}


def _before_last_prediction(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The events up to the latest message: the tracker as the turn's first prediction sees it."""
    last_user = max(i for i, event in enumerate(events) if event.get("event") == "user")
    return events[: last_user + 1]


def _stored(
    store: IncrementalSQLTrackerStore, events: list[dict[str, Any]], rounds: int
) -> tuple[float, DialogueStateTracker]:
    """The conversation stored as rows, then retrieved as a message's start does once the store
    has seen it (its state before the window remembered): ms (fastest) and the tracker."""
    assert store.domain is not None
    sender = f"profile-{uuid.uuid4().hex[:8]}"
    whole = DialogueStateTracker.from_dict(sender, events, store.domain.slots)
    loop = asyncio.new_event_loop()
    try:
        loop.run_until_complete(store.save(whole))
        loop.run_until_complete(store.retrieve(sender))  # a replica's first: the state kept
        ms, tracker = _timed(lambda: loop.run_until_complete(store.retrieve(sender)), rounds)
    finally:
        loop.close()
    assert tracker is not None
    return ms, tracker


def _prediction(processor: Any, tracker: DialogueStateTracker) -> tuple[int, str | None]:
    prediction = processor._predict_next_with_tracker(tracker)
    best = max(range(len(prediction.probabilities)), key=prediction.probabilities.__getitem__)
    return best, prediction.policy_name


def _tracker_turn(
    agent: Agent, events: list[dict[str, Any]], rounds: int, store: IncrementalSQLTrackerStore
) -> dict[str, Any]:
    domain = agent.domain
    processor = agent.processor
    assert domain is not None and processor is not None
    rows = [json.dumps(event) for event in events]  # the tracker store keeps one JSON row each
    whole_rebuild_ms, _ = _timed(
        lambda: DialogueStateTracker.from_dict(
            "profile", [json.loads(row) for row in rows], domain.slots
        ),
        rounds,
    )
    rebuild_ms, full = _stored(store, events, rounds)
    shown = _before_last_prediction(events)
    whole = DialogueStateTracker.from_dict("profile", shown, domain.slots)
    _, tracker = _stored(store, shown, rounds)
    _node_ms.clear()
    predict_ms, _ = _timed(lambda: processor._predict_next_with_tracker(tracker), rounds)
    policies = _nodes(min)
    whole_predict_ms, _ = _timed(lambda: processor._predict_next_with_tracker(whole), rounds)
    _node_ms.clear()
    payload_ms, payload = _timed(
        lambda: json.dumps({"tracker": full.current_state(EventVerbosity.ALL)}), rounds
    )
    return {
        "events": len(events),
        "window_events": len(full.events),
        "user_messages": sum(event.get("event") == "user" for event in events),
        "window_user_messages": sum(isinstance(e, UserUttered) for e in full.events),
        "rebuild_from_rows_ms": rebuild_ms,
        "whole_rebuild_ms": whole_rebuild_ms,
        "predict_ms": predict_ms,
        "whole_predict_ms": whole_predict_ms,
        "same_prediction_as_whole": _prediction(processor, tracker)
        == _prediction(processor, whole),
        "same_slots_as_whole": tracker.current_slot_values() == whole.current_slot_values(),
        "policy_nodes_ms": policies,
        "action_payload_ms": payload_ms,
        "action_payload_bytes": len(payload),
    }


def main(source: Path, target: Path) -> None:
    # The Rasa server's defaults (`rasa run` without --debug): debug records are not built.
    configure_logging_and_warnings(logging.INFO)
    configure_structlog(logging.INFO)
    given = json.loads(source.read_text())
    started = time.perf_counter()
    agent = Agent.load(given["model"])
    load_seconds = time.perf_counter() - started
    GraphNode.__call__ = _timed_call  # type: ignore[method-assign]
    rounds = given["rounds"]
    domain = agent.domain
    assert domain is not None
    # Rasa 3.6 adds the whole domain to every action call (no selective domain: Rasa SDK 3.21
    # refuses a call without one).
    domain_ms, domain_json = _timed(
        lambda: json.dumps({"domain": domain.as_dict()}), given["tracker_rounds"]
    )
    with tempfile.TemporaryDirectory() as folder:
        # The store as endpoints.yml builds it (its default window), on SQLite.
        store = IncrementalSQLTrackerStore(domain, host=f"sqlite:///{folder}/tracker.db")
        figures: dict[str, Any] = {
            "model_load_seconds": round(load_seconds, 1),
            "action_call_domain": {"ms": domain_ms, "bytes": len(domain_json)},
            "nlu": asyncio.run(_parse_all(agent, given["messages"], rounds)),
            "window_turns": store.window_turns,
            "trackers": {
                label: _tracker_turn(agent, events, given["tracker_rounds"], store)
                for label, events in given["trackers"].items()
            },
        }
        store.engine.dispose()
    target.write_text(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
