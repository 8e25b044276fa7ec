"""The window of our tracker store (assistant/rasa_tracker_store.py): a retrieve returns the latest
user messages after the state before them, which reads as Rasa's whole tracker; saves store and
publish exactly what Rasa's store does; a retrieve reads a bounded number of rows. On real SQLite
and PostgreSQL, in the Rasa venv (tests/integration/tracker_window_harness.py).
"""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.tracker_store import for_rasa
from assistant.training import RASA_VENV
from testkit.databases import fresh_postgres_database
from testkit.paths import ROOT

CHECKS = [
    "the_window_reads_as_the_whole_session",
    "every_save_stores_the_new_events_once",
    "a_retrieve_reads_the_window",
    "a_purge_forgets_the_state",
    "the_window_is_set_in_the_endpoint_files",
]


def _harness(url: str) -> dict[str, str | None]:
    result = subprocess.run(
        [str(RASA_VENV / "bin" / "python"), "tests/integration/tracker_window_harness.py", url],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT), "PYTHONWARNINGS": "ignore"},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    outcome: dict[str, str | None] = json.loads(result.stdout.strip().splitlines()[-1])
    return outcome


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def outcome(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, str | None]]:
    """Every check of the harness, run once per database."""
    if request.param == "sqlite":
        folder: Path = tmp_path_factory.mktemp("tracker-window")
        yield _harness(f"sqlite:///{folder / 'tracker.db'}")
        return
    with fresh_postgres_database() as url:
        yield _harness(for_rasa(url))


def test_the_harness_runs_every_check(outcome: dict[str, str | None]) -> None:
    assert sorted(outcome) == sorted(CHECKS)


@pytest.mark.parametrize("check", CHECKS)
def test_tracker_window(outcome: dict[str, str | None], check: str) -> None:
    assert outcome[check] is None, outcome[check]
