"""Run a script in the Rasa venv (Python 3.10, rasa 3.6), where the NLU components live."""

from __future__ import annotations

import json
import os
import subprocess
from typing import Any

from assistant.training import RASA_VENV
from testkit.paths import ROOT


def rasa_json(script: str, *args: str, timeout: float = 300) -> Any:
    """The JSON the script prints last, run with the repository on its path."""
    result = subprocess.run(
        [str(RASA_VENV / "bin" / "python"), "-c", script, *args],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT), "PYTHONWARNINGS": "ignore"},
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])
