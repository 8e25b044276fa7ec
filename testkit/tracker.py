"""Conversations written by Rasa itself: Rasa's SQLTrackerStore, run in the Rasa venv, saves
trackers into the tracker-store database of a test (the `events` table, as in production).

One writer process serves a whole test session: starting the Rasa venv's Python and importing
Rasa takes seconds, saving a conversation milliseconds.
"""

from __future__ import annotations

import json
import os
import subprocess
import time
from pathlib import Path
from typing import IO, Any

from assistant.kernel.settings import PROJECT_ROOT
from assistant.tracker_store import for_rasa
from assistant.training import RASA_VENV

# A request a line on stdin: {"url": ..., "conversations": {sender: [event dicts]}}; one answer
# a line on stdout after ANSWER (Rasa may print other lines). Ends when stdin closes.
ANSWER = "tracker-writer:"
_SERVE = f"""
import asyncio, json, sys, traceback
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker

for line in sys.stdin:
    request = json.loads(line)
    try:
        store = SQLTrackerStore(Domain.empty(), host=request["url"])
        try:
            for sender, events in request["conversations"].items():
                asyncio.run(store.save(DialogueStateTracker.from_dict(sender, events)))
        finally:
            store.engine.dispose()
        answer = None
    except Exception:
        answer = traceback.format_exc()
    print({ANSWER!r} + json.dumps(answer), flush=True)
"""


class TrackerWriter:
    """Rasa's SQL tracker store in a process of the Rasa venv, saving what it is sent."""

    def __init__(self, log_path: Path) -> None:
        self._log_path = log_path
        with log_path.open("w") as log:  # the child keeps its own copy of the descriptor
            self._process = subprocess.Popen(
                [str(RASA_VENV / "bin" / "python"), "-c", _SERVE],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=log,
                text=True,
                cwd=str(PROJECT_ROOT),
                env={"PATH": os.environ.get("PATH", ""), "HOME": os.environ.get("HOME", "/tmp")},
            )

    def save(self, tracker_url: str, conversations: dict[str, list[dict[str, Any]]]) -> None:
        """Each sender's events (Rasa's event dicts) saved by Rasa's own SQL tracker store."""
        stdin, stdout = self._pipes()
        stdin.write(json.dumps({"url": for_rasa(tracker_url), "conversations": conversations}))
        stdin.write("\n")
        stdin.flush()
        for line in stdout:
            if line.startswith(ANSWER):
                error = json.loads(line[len(ANSWER) :])
                assert error is None, f"Rasa's tracker store failed:\n{error}"
                return
        status = self._process.wait()
        tail = self._log_path.read_text()[-3000:]
        raise AssertionError(f"the tracker writer exited with {status}:\n{tail}")

    def _pipes(self) -> tuple[IO[str], IO[str]]:
        assert self._process.stdin is not None and self._process.stdout is not None
        return self._process.stdin, self._process.stdout

    def close(self) -> None:
        stdin, stdout = self._pipes()
        stdin.close()  # the writer's loop ends
        try:
            self._process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        stdout.close()

    def __enter__(self) -> TrackerWriter:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


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
