"""Runs a harness script in the Rasa venv against a database and reads back its verdicts: one
JSON object on the last line of its output, each check's failure message or None. Shared by the
tracker store's tests (tracker_store_harness.py, tracker_window_harness.py)."""

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

Outcome = dict[str, str | None]


def run_harness(script: str, url: str, timeout: float) -> Outcome:
    result = subprocess.run(
        [str(RASA_VENV / "bin" / "python"), script, url],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT), "PYTHONWARNINGS": "ignore"},
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    outcome: Outcome = json.loads(result.stdout.strip().splitlines()[-1])
    return outcome


def outcomes_per_database(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    script: str,
    timeout: float,
) -> Iterator[Outcome]:
    """Every check of `script`, run once for the fixture's database (request.param)."""
    if request.param == "sqlite":
        folder: Path = tmp_path_factory.mktemp(Path(script).stem)
        yield run_harness(script, f"sqlite:///{folder / 'tracker.db'}", timeout)
        return
    with fresh_postgres_database() as url:
        yield run_harness(script, for_rasa(url), timeout)


DATABASES = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
