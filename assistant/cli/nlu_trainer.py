"""`assistant nlu report` and `assistant nlu inbox`: measure the model, review what it missed."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from assistant.cli.nlu import app
from assistant.kernel.settings import PROJECT_ROOT, get_settings
from assistant.nlu_tools.evaluation import (
    HELDOUT,
    EvaluationError,
    LanguageReport,
    Scores,
    evaluate,
    failures,
    load_thresholds,
)
from assistant.nlu_tools.inbox import InboxError, export_yaml, parse_since, read_inbox
from assistant.tracker_store import for_tools, tracker_store_url
from assistant.training import TrainingError, ensure_model

console = Console()
errors = Console(stderr=True)


def _scores_table(title: str, label: str, rows: dict[str, Scores]) -> Table:
    table = Table(title=title, title_justify="left")
    table.add_column(label)
    for column in ("precision", "recall", "F1", "support"):
        table.add_column(column, justify="right")
    for name, scores in sorted(rows.items()):
        table.add_row(
            name, f"{scores.precision:.2f}", f"{scores.recall:.2f}", f"{scores.f1:.2f}",
            str(scores.support),
        )  # fmt: skip
    return table


def _print_report(report: LanguageReport) -> None:
    console.print(_scores_table(f"{report.language}: intents", "intent", report.intents))
    console.print(_scores_table(f"{report.language}: entities", "entity", report.entities))
    console.print(
        f"[bold]{report.language}[/bold]: intent accuracy {report.intent_accuracy:.3f}, "
        f"intent F1 {report.intent_f1:.3f}, entity F1 (product/color/size/price) "
        f"{report.entity_f1:.3f}; confusion matrix {report.confusion_png}",
        highlight=False,
    )


@app.command("report")
def report(
    out: Annotated[Path, typer.Option(help="Where to write the reports.")] = PROJECT_ROOT
    / "reports",
    heldout: Annotated[
        Path, typer.Option(help="Folder with en.yml and fr.yml to evaluate on.")
    ] = HELDOUT,
) -> None:
    """Evaluate the trained model on the held-out sets (tests/nlu_heldout), per language.

    Exits 1 when intent F1 or entity F1 falls under tests/nlu_heldout/thresholds.yml.
    """
    try:
        thresholds = load_thresholds()
        model, _ = ensure_model()
        reports = evaluate(model, out, heldout=heldout)
    except (EvaluationError, TrainingError) as error:
        errors.print(f"[red]error:[/red] {error}")
        raise typer.Exit(2) from None
    for language_report in reports:
        _print_report(language_report)
    summary = {
        "model": model.name,
        "heldout": str(heldout),
        "thresholds": asdict(thresholds),
        "languages": {
            r.language: {
                "intent_accuracy": r.intent_accuracy,
                "intent_f1": r.intent_f1,
                "entity_f1_key_entities": r.entity_f1,
                "entity_f1": {name: s.f1 for name, s in r.entities.items()},
            }
            for r in reports
        },
    }
    (out / "summary.json").write_text(json.dumps(summary, indent=2) + "\n")
    problems = failures(reports, thresholds)
    if problems:
        for problem in problems:
            errors.print(f"[red]below threshold:[/red] {problem}", highlight=False)
        errors.print("Add or fix training examples in data/nlu/, retrain, and report again.")
        raise typer.Exit(1)
    console.print(f"all scores at or above the thresholds; reports in {out}", highlight=False)


@app.command("inbox")
def inbox(
    min_confidence: Annotated[
        float, typer.Option(help="Also list messages whose intent scored under this.")
    ] = 0.7,
    limit: Annotated[int, typer.Option(help="Show at most this many messages.")] = 50,
    export: Annotated[
        Path | None, typer.Option(help="Write them as Rasa NLU YAML to annotate.")
    ] = None,
    since: Annotated[
        str | None,
        typer.Option(help="Only messages from this long ago (7d, 24h, 30m) or date (2026-11-01)."),
    ] = None,
) -> None:
    """Real shopper messages that fell to the fallback or had low confidence, with counts."""
    url = for_tools(tracker_store_url(get_settings()))
    try:
        items = read_inbox(url, min_confidence, parse_since(since) if since else None)
    except InboxError as error:
        errors.print(f"[red]error:[/red] {error}")
        raise typer.Exit(1) from None
    if not items:
        console.print("inbox empty: every message was understood with enough confidence")
    else:
        table = Table("count", "conversations", "message", "best guess", "confidence", "last seen")
        for item in items[:limit]:
            table.add_row(
                str(item.count), str(len(item.conversations)), item.text, item.guess,
                f"{item.lowest_confidence:.2f}", item.last_seen_at,
            )  # fmt: skip
        console.print(table)
    if export is not None:
        export_yaml(items, export)
        console.print(f"wrote {len(items)} message(s) to {export}", highlight=False)
