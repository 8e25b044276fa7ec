"""Held-out NLU evaluation: run `rasa test nlu` per language and read back its JSON reports."""

from __future__ import annotations

import json
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

import yaml

from assistant.kernel.settings import PROJECT_ROOT
from assistant.training import rasa_executable

HELDOUT = PROJECT_ROOT / "tests" / "nlu_heldout"
THRESHOLDS = HELDOUT / "thresholds.yml"
LANGUAGES = ("en", "fr")
# The entities the targets name; all extracted entities are reported.
KEY_ENTITIES = ("product", "color", "size", "price")
SUMMARY_ROWS = {"accuracy", "macro avg", "weighted avg", "micro avg"}
# Rasa scores each extractor on its own; an entity is read from the extractor that owns it in
# the pipeline (config.yml): prices come only from the rule-based PriceEntityExtractor.
DEFAULT_EXTRACTOR = "DIETClassifier"
ENTITY_EXTRACTORS = {"price": "PriceEntityExtractor"}


class EvaluationError(RuntimeError):
    pass


@dataclass(frozen=True)
class Scores:
    precision: float
    recall: float
    f1: float
    support: int


@dataclass(frozen=True)
class LanguageReport:
    language: str
    intent_accuracy: float
    intent_f1: float  # weighted average over intents
    intents: dict[str, Scores]
    entity_f1: float  # micro average over the key entities
    entities: dict[str, Scores]
    confusion_png: Path


@dataclass(frozen=True)
class Thresholds:
    intent_f1: float
    entity_f1: float


def load_thresholds(path: Path = THRESHOLDS) -> Thresholds:
    try:
        raw = yaml.safe_load(path.read_text())
        return Thresholds(float(raw["intent_f1"]), float(raw["entity_f1"]))
    except (OSError, yaml.YAMLError, KeyError, TypeError, ValueError) as error:
        raise EvaluationError(
            f"{path}: expected `intent_f1: <0..1>` and `entity_f1: <0..1>` ({error})"
        ) from None


def _scores(rows: dict) -> dict[str, Scores]:
    return {
        name: Scores(row["precision"], row["recall"], row["f1-score"], int(row["support"]))
        for name, row in rows.items()
        if name not in SUMMARY_ROWS and isinstance(row, dict)
    }


def _micro_f1(entities: dict[str, Scores], names: tuple[str, ...]) -> float:
    """Support-weighted F1 over the named entities, roles included ("price.max")."""
    present = [
        score for label, score in entities.items() if label.split(".")[0] in names and score.support
    ]
    total = sum(score.support for score in present)
    return sum(score.f1 * score.support for score in present) / total if total else 0.0


def _owner(label: str) -> str:
    return ENTITY_EXTRACTORS.get(label.split(".")[0], DEFAULT_EXTRACTOR)


def _owned_entity_scores(folder: Path) -> dict[str, Scores]:
    """Each entity's row from the report of the extractor that produces it.

    Every report lists every annotated label, so DIET's gives the full list; an extractor that
    found nothing in the whole set writes no report, and its labels then score 0.
    """
    report = folder / f"{DEFAULT_EXTRACTOR}_report.json"
    if not report.exists():
        return {}  # Rasa writes no entity report for a set that annotates no entity
    rows = _scores(json.loads(report.read_text()))
    owners = {_owner(label) for label in rows} - {DEFAULT_EXTRACTOR}
    reports = {
        owner: _scores(json.loads(path.read_text()))
        for owner in owners
        if (path := folder / f"{owner}_report.json").exists()
    }
    entities = {}
    for label, scores in rows.items():
        owner = _owner(label)
        if owner == DEFAULT_EXTRACTOR:
            entities[label] = scores
        else:
            missed = Scores(0.0, 0.0, 0.0, scores.support)
            entities[label] = reports.get(owner, {}).get(label, missed)
    return entities


def read_report(language: str, folder: Path) -> LanguageReport:
    """Parse what `rasa test nlu --out folder` wrote."""
    try:
        intents = json.loads((folder / "intent_report.json").read_text())
        entities = _owned_entity_scores(folder)
    except (OSError, json.JSONDecodeError) as error:
        raise EvaluationError(f"cannot read Rasa's report in {folder}: {error}") from None
    return LanguageReport(
        language=language,
        intent_accuracy=float(intents["accuracy"]),
        intent_f1=float(intents["weighted avg"]["f1-score"]),
        intents=_scores(intents),
        entity_f1=_micro_f1(entities, KEY_ENTITIES),
        entities=entities,
        confusion_png=folder / "intent_confusion_matrix.png",
    )


def evaluate(
    model: Path, out: Path, languages: tuple[str, ...] = LANGUAGES, heldout: Path = HELDOUT
) -> list[LanguageReport]:
    """Run the trained model over each language's held-out file (never used for training)."""
    reports = []
    for language in languages:
        data = heldout / f"{language}.yml"
        if not data.exists():
            raise EvaluationError(f"{data} is missing: write held-out examples for {language}")
        folder = out / language
        folder.mkdir(parents=True, exist_ok=True)
        command = [
            str(rasa_executable()),
            "test",
            "nlu",
            "--model",
            str(model),
            "--nlu",
            str(data),
            "--out",
            str(folder),
        ]
        env = {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "2"}
        # bandit B603: rasa's argv built here, no shell
        result = subprocess.run(  # nosec B603
            command, cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, check=False
        )
        if result.returncode != 0:
            raise EvaluationError(
                f"rasa test nlu failed on {data} (exit {result.returncode}):\n"
                + result.stderr[-2000:]
            )
        reports.append(read_report(language, folder))
    return reports


def failures(reports: list[LanguageReport], thresholds: Thresholds) -> list[str]:
    """One sentence per score under its threshold; empty when everything passes."""
    problems = []
    for report in reports:
        if report.intent_f1 < thresholds.intent_f1:
            problems.append(
                f"{report.language}: intent F1 {report.intent_f1:.3f} < {thresholds.intent_f1} "
                f"(threshold in {THRESHOLDS.relative_to(PROJECT_ROOT)})"
            )
        if report.entity_f1 < thresholds.entity_f1:
            problems.append(
                f"{report.language}: entity F1 {report.entity_f1:.3f} < {thresholds.entity_f1} "
                f"(threshold in {THRESHOLDS.relative_to(PROJECT_ROOT)})"
            )
    return problems
