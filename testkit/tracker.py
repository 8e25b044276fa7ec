"""Conversations written by Rasa itself: Rasa's SQLTrackerStore, run in the Rasa venv, saves
trackers into the tracker-store database of a test (the `events` table, as in production)."""

from __future__ import annotations

import json
import os
import subprocess
import time
from typing import Any

from assistant.kernel.settings import PROJECT_ROOT
from assistant.tracker_store import for_rasa
from assistant.training import RASA_VENV

_SAVE = """
import asyncio, json, sys
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker

store = SQLTrackerStore(Domain.empty(), host=sys.argv[1])
for sender, events in json.loads(sys.argv[2]).items():
    asyncio.run(store.save(DialogueStateTracker.from_dict(sender, events)))
store.engine.dispose()
"""


def save_conversations(tracker_url: str, conversations: dict[str, list[dict[str, Any]]]) -> None:
    """Each sender's events (Rasa's event dicts) saved by Rasa's own SQL tracker store."""
    subprocess.run(
        [
            str(RASA_VENV / "bin" / "python"),
            "-c",
            _SAVE,
            for_rasa(tracker_url),
            json.dumps(conversations),
        ],
        check=True,
        timeout=300,
        cwd=str(PROJECT_ROOT),
        env={"PATH": os.environ.get("PATH", ""), "HOME": os.environ.get("HOME", "/tmp")},
        capture_output=True,
    )


def user_says(text: str, at: float | None = None, intent: str = "search_product") -> dict[str, Any]:
    return {
        "event": "user",
        "timestamp": time.time() if at is None else at,
        "text": text,
        "parse_data": {"intent": {"name": intent, "confidence": 0.9}, "entities": [], "text": text},
        "input_channel": "messenger",
    }


def bot_says(text: str, at: float | None = None) -> dict[str, Any]:
    return {"event": "bot", "timestamp": time.time() if at is None else at, "text": text}
