"""Held-out NLU scores of the current model, per language, on every evaluation set.

`tests/nlu_heldout/` (written for the issue's targets), and its `second_author/`,
`price_stress/` and `price_blind/` sets (written blind by second authors): none is ever trained
on. Runs
`rasa test nlu` through `assistant.nlu_tools.evaluation`, as `assistant nlu report` does.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import yaml

from assistant.nlu_tools.evaluation import HELDOUT, KEY_ENTITIES, LanguageReport, evaluate
from assistant.training import ensure_model

SETS = {
    "target": HELDOUT,
    "second_author": HELDOUT / "second_author",
    "price_stress": HELDOUT / "price_stress",
    "price_blind": HELDOUT / "price_blind",
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


# The blind flight and meal sets (bench/blind/departments/, by a second author, written before
# the departments' NLU data): each message's intent follows from its kind.
DEPARTMENTS = Path(__file__).parent / "blind" / "departments"
MEAL_INTENTS = {
    "order": "order_meal",
    "edit": "order_meal",
    "allergen": "ask_menu",
    "delivery": "give_delivery_details",
}


def departments_heldout(folder: Path) -> Path:
    """Rasa NLU files (en.yml, fr.yml) of the blind department messages, by intent."""
    by_language: dict[str, dict[str, list[str]]] = {}
    flights = yaml.safe_load((DEPARTMENTS / "flight_requests.yml").read_text(encoding="utf-8"))
    meals = yaml.safe_load((DEPARTMENTS / "meal_orders.yml").read_text(encoding="utf-8"))
    for item in flights:
        by_language.setdefault(item["language"], {}).setdefault("search_flight", []).append(
            item["text"]
        )
    for item in meals:
        intent = MEAL_INTENTS[item["kind"]]
        by_language.setdefault(item["language"], {}).setdefault(intent, []).append(item["text"])
    folder.mkdir(parents=True, exist_ok=True)
    for language, intents in by_language.items():
        lines = ['version: "3.1"', "nlu:"]
        for intent, texts in intents.items():
            lines += [f"- intent: {intent}", "  examples: |"]
            lines += [f"    - {' '.join(text.split())}" for text in texts]
        (folder / f"{language}.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def run() -> dict[str, Any]:
    model, _ = ensure_model()
    sets: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory() as out:
        folders = {**SETS, "departments_blind": departments_heldout(Path(out) / "departments")}
        for name, folder in folders.items():
            reports = evaluate(model, Path(out) / name, heldout=folder)
            sets[name] = {report.language: _scores(report) for report in reports}
        for scores in sets["departments_blind"].values():  # no entity is annotated there
            del scores["entity_f1"], scores["entities"]
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
