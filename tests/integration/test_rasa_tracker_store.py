"""Our tracker store (assistant/rasa_tracker_store.py) stores, publishes and retrieves what
Rasa's own SQLTrackerStore does, on real SQLite and PostgreSQL, without re-reading the
conversation on a save.

Both stores run in the Rasa venv (tests/integration/tracker_store_harness.py): each scenario is
played once with Rasa's store and once with ours, and the rows, the events given to the broker
and the retrieved trackers are compared.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.integration.rasa_harness import DATABASES, Outcome, outcomes_per_database

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


@pytest.fixture(scope="module", params=DATABASES)
def outcome(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Outcome]:
    """Every check of the harness, run once per database."""
    yield from outcomes_per_database(
        request, tmp_path_factory, "tests/integration/tracker_store_harness.py", timeout=300
    )


def test_the_harness_runs_every_check(outcome: Outcome) -> None:
    assert sorted(outcome) == sorted(CHECKS)


@pytest.mark.parametrize("check", CHECKS)
def test_tracker_store(outcome: Outcome, check: str) -> None:
    assert outcome[check] is None, outcome[check]
