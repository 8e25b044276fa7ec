"""Held-out NLU scores of the current model, per language, on every evaluation set.

`tests/nlu_heldout/` (written for the issue's targets), and its `second_author/` and
`price_stress/` sets (written blind by a second author): none is ever trained on. Runs
`rasa test nlu` through `assistant.nlu_tools.evaluation`, as `assistant nlu report` does.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from assistant.nlu_tools.evaluation import HELDOUT, KEY_ENTITIES, LanguageReport, evaluate
from assistant.training import ensure_model

SETS = {
    "target": HELDOUT,
    "second_author": HELDOUT / "second_author",
    "price_stress": HELDOUT / "price_stress",
}


def _scores(report: LanguageReport) -> dict[str, Any]:
    return {
        "intent_accuracy": round(report.intent_accuracy, 3),
        "intent_f1": round(report.intent_f1, 3),
        "entity_f1": round(report.entity_f1, 3),
        "entities": {
            name: round(report.entities[name].f1, 3)
            for name in KEY_ENTITIES
            if name in report.entities
        },
    }


def run() -> dict[str, Any]:
    model, _ = ensure_model()
    sets: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory() as out:
        for name, folder in SETS.items():
            reports = evaluate(model, Path(out) / name, heldout=folder)
            sets[name] = {report.language: _scores(report) for report in reports}
    target = sets["target"]
    return {
        "model": model.name,
        "sets": sets,
        "summary": {
            f"{key}_{language}": target[language][key]
            for language in target
            for key in ("intent_accuracy", "entity_f1")
        },
    }
