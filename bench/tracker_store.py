"""`python -m bench tracker_store`: what a message costs in the SQL tracker store as one
conversation grows to 200 turns, Rasa's own `SQLTrackerStore` against ours
(assistant/rasa_tracker_store.py; without its window, and with it as the endpoint files set
it), on SQLite and PostgreSQL, with an event broker (production) and without (the local
stack).

bench/rasa_tracker_store_turns.py does the work in the Rasa venv, in process: per turn the
retrieve at the message's start and the save at its end. A fresh SQLite file and a fresh
PostgreSQL database (the local server, as the tests use). Writes
bench/results/tracker_store.json; `python -m bench.report --write` renders docs/performance.md.
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from assistant.kernel.settings import PROJECT_ROOT
from assistant.tracker_store import for_rasa
from assistant.training import RASA_VENV
from testkit.databases import fresh_postgres_database

TURNS = 200
LAST = f"turns {TURNS - 9}-{TURNS}"


def _label(run: dict[str, Any]) -> str:
    """save_ms_PostgreSQL_broker_ours: the summary's key for a run's save at the last turns."""
    broker = "broker" if run["broker"] else "no_broker"
    store = {"ours": "ours", "ours, with its window": "window"}.get(run["store"], "rasa")
    return f"save_ms_{run['database']}_{broker}_{store}"


def run() -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as directory, fresh_postgres_database() as postgres:
        workdir = Path(directory)
        source, target = workdir / "in.json", workdir / "out.json"
        databases = {"SQLite": f"sqlite:///{workdir / 'tracker.db'}", "PostgreSQL": postgres}
        source.write_text(
            json.dumps(
                {
                    "databases": {name: for_rasa(url) for name, url in databases.items()},
                    "turns": TURNS,
                }
            )
        )
        print(f"{TURNS} turns per store, database and broker setting…", flush=True)
        script = "bench.rasa_tracker_store_turns"
        done = subprocess.run(
            [str(RASA_VENV / "bin" / "python"), "-m", script, str(source), str(target)],
            cwd=PROJECT_ROOT,
            env={**os.environ, "RASA_TELEMETRY_ENABLED": "false", "PYTHONWARNINGS": "ignore"},
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            raise RuntimeError(f"bench/rasa_tracker_store_turns.py failed:\n{done.stderr[-3000:]}")
        runs: list[dict[str, Any]] = json.loads(target.read_text())
    return {
        "summary": {_label(run): run["windows"][LAST]["save_ms"] for run in runs},
        "runs": runs,
        "setup": {
            "turns": TURNS,
            "events": "made in process, shaped like the shop's: 7 a turn (message, action, "
            "3 slots, reply with buttons and cards, action_listen)",
            "timing": "wall clock in process, the median turn of the window",
            "postgresql": "ANALYZE every 20 turns, untimed",
        },
    }
