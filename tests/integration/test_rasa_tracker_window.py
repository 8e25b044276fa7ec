"""The window of our tracker store (assistant/rasa_tracker_store.py): a retrieve returns the latest
user messages after the state before them, which reads as Rasa's whole tracker; saves store and
publish exactly what Rasa's store does; a retrieve reads a bounded number of rows. On real SQLite
and PostgreSQL, in the Rasa venv (tests/integration/tracker_window_harness.py).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.integration.rasa_harness import DATABASES, Outcome, outcomes_per_database

CHECKS = [
    "the_window_reads_as_the_whole_session",
    "every_save_stores_the_new_events_once",
    "a_retrieve_reads_the_window",
    "a_purge_forgets_the_state",
    "the_window_is_set_in_the_endpoint_files",
]


@pytest.fixture(scope="module", params=DATABASES)
def outcome(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Outcome]:
    """Every check of the harness, run once per database."""
    yield from outcomes_per_database(
        request, tmp_path_factory, "tests/integration/tracker_window_harness.py", timeout=600
    )


def test_the_harness_runs_every_check(outcome: Outcome) -> None:
    assert sorted(outcome) == sorted(CHECKS)


@pytest.mark.parametrize("check", CHECKS)
def test_tracker_window(outcome: Outcome, check: str) -> None:
    assert outcome[check] is None, outcome[check]
