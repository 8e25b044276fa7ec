"""Our tracker store (assistant/rasa_tracker_store.py) stores, publishes and retrieves what
Rasa's own SQLTrackerStore does, on real SQLite and PostgreSQL, without re-reading the
conversation on a save.

Both stores run in the Rasa venv (tests/integration/tracker_store_harness.py): each scenario is
played once with Rasa's store and once with ours, and the rows, the events given to the broker
and the retrieved trackers are compared.
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
    "one_replica",
    "a_save_twice_in_a_message",
    "a_new_session",
    "a_session_start_saved_twice",
    "replicas_take_turns",
    "a_purge_between",
    "published_are_the_saved_rows",
    "a_save_reads_no_events",
    "rasa_builds_it_from_the_endpoint_files",
]


def _harness(url: str) -> dict[str, str | None]:
    result = subprocess.run(
        [str(RASA_VENV / "bin" / "python"), "tests/integration/tracker_store_harness.py", url],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT), "PYTHONWARNINGS": "ignore"},
        capture_output=True,
        text=True,
        timeout=300,
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
        folder: Path = tmp_path_factory.mktemp("tracker-store")
        yield _harness(f"sqlite:///{folder / 'tracker.db'}")
        return
    with fresh_postgres_database() as url:
        yield _harness(for_rasa(url))


def test_the_harness_runs_every_check(outcome: dict[str, str | None]) -> None:
    assert sorted(outcome) == sorted(CHECKS)


@pytest.mark.parametrize("check", CHECKS)
def test_tracker_store(outcome: dict[str, str | None], check: str) -> None:
    assert outcome[check] is None, outcome[check]
