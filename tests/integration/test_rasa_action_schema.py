"""assistant.rasa_action_schema, in the Rasa venv against Rasa 3.6's own RemoteAction: answers of
the action server are validated as before (a good one passes, a bad one raises Rasa's error with
Rasa's message) without checking the schema itself again on each call."""

from __future__ import annotations

import json
import os
import subprocess

import pytest

from assistant.training import RASA_VENV
from testkit.paths import ROOT

pytestmark = pytest.mark.slow  # Rasa's Python and its imports, about ten seconds

HARNESS = """
import json
from jsonschema import ValidationError, validators
from rasa.core.actions.action import RemoteAction

good = {
    "events": [{"event": "slot", "name": "color", "value": "red"}],
    "responses": [{"text": "hi"}],
}
bad = {"events": [{"event": "slot", "name": 3}]}

def errors():
    try:
        RemoteAction("action_x", None)._validate_action_result(bad)
    except ValidationError as error:
        return error.message
    return None

before = errors()
from assistant.rasa_action_schema import install
install()
install()  # twice: still one wrapper
checks = []
cls = validators.validator_for(RemoteAction.action_response_format_spec())
original_check = cls.check_schema
cls.check_schema = classmethod(lambda c, schema, **kw: checks.append(1) or original_check(schema))
passed = [RemoteAction("action_x", None)._validate_action_result(good) for _ in range(5)]
checked = len(checks)  # a bad answer goes on to Rasa's own method, which checks it again
print(json.dumps({"before": before, "after": errors(), "passed": passed, "checks": checked}))
"""


def test_answers_are_validated_as_rasa_does_with_the_schema_checked_once() -> None:
    result = subprocess.run(
        [str(RASA_VENV / "bin" / "python"), "-c", HARNESS],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT), "PYTHONWARNINGS": "ignore"},
        capture_output=True,
        text=True,
        timeout=180,
        check=True,
    )
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert outcome["passed"] == [True] * 5
    assert outcome["checks"] == 0  # Rasa's own path checked the schema on every call
    assert outcome["before"] is not None and "Failed to validate Action server" in outcome["before"]
    assert outcome["after"] == outcome["before"]
