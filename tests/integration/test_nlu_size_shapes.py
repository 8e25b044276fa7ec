"""The SizeShapeFilter NLU component, run in the Rasa venv on Rasa's own Message objects: a
size entity that has no number and is no letter size or size word ("Portugal", "l'école") is
dropped; real sizes and the other entities stay."""

from __future__ import annotations

import json
import os
import subprocess

from assistant.training import RASA_VENV
from testkit.paths import ROOT

SCRIPT = """
import json, sys
from rasa.shared.nlu.training_data.message import Message
from assistant.nlu.size_shapes import SizeShapeFilter
cases = json.loads(sys.argv[1])
messages = [Message(data={"text": text, "entities": entities}) for text, entities in cases]
SizeShapeFilter.create({}, None, None, None).process(messages)
print(json.dumps([[e["value"] for e in m.get("entities")] for m in messages]))
"""


def entity(name: str, value: str) -> dict[str, object]:
    return {"entity": name, "value": value}


def test_only_sizes_that_look_like_sizes_are_kept() -> None:
    cases = [
        ("Un sweat épais, fabriqué au Portugal", [entity("size", "Portugal")]),
        (
            "Ajoute sac à dos pour l'école, rouge",
            [entity("size", "l'école"), entity("color", "red")],
        ),
        ("un sweat en XL", [entity("size", "XL")]),
        ("pointure 42", [entity("size", "42")]),
        ("le câble de 1 m", [entity("size", "1 m")]),
        ("the 512GB one", [entity("size", "512GB")]),
        ("a 3XL hoodie", [entity("size", "3XL")]),
        ("taille unique", [entity("size", "taille unique")]),
        ("a large one", [entity("size", "large")]),
        ("the blue one", [entity("color", "blue")]),
    ]
    result = subprocess.run(
        [str(RASA_VENV / "bin" / "python"), "-c", SCRIPT, json.dumps(cases)],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT), "PYTHONWARNINGS": "ignore"},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    kept = json.loads(result.stdout.strip().splitlines()[-1])
    expected = [[], ["red"], ["XL"], ["42"], ["1 m"], ["512GB"], ["3XL"], ["taille unique"]]
    assert kept == [*expected, ["large"], ["blue"]]
