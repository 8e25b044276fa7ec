"""The dialogue test stories (tests/test_stories.yml) through `rasa test core` on the model."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import yaml

from assistant.kernel.settings import PROJECT_ROOT
from assistant.training import ensure_model, rasa_executable

STORIES = PROJECT_ROOT / "tests" / "test_stories.yml"


def test_every_test_story_passes(tmp_path: Path) -> None:
    model, _ = ensure_model()
    env = {
        **os.environ,
        "RASA_TELEMETRY_ENABLED": "false",
        "TF_CPP_MIN_LOG_LEVEL": "2",
        # endpoints.yml is read even though no action runs here: give it something harmless.
        "ASSISTANT_TRACKER_STORE_URL": f"sqlite:///{tmp_path / 'tracker.db'}",
        "ACTION_SERVER_URL": "http://127.0.0.1:9/webhook",
        "ACTION_SERVER_SECRET": "",
    }
    result = subprocess.run(
        [
            str(rasa_executable()),
            "test",
            "core",
            "--model",
            str(model),
            "--stories",
            str(STORIES),
            "--out",
            str(tmp_path),
        ],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=280,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    failed_file = tmp_path / "failed_test_stories.yml"
    assert failed_file.exists(), f"rasa wrote no report: {result.stderr[-2000:]}"
    failed = yaml.safe_load(failed_file.read_text()) or {}
    assert not failed.get("stories"), failed_file.read_text()
