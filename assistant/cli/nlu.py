"""`assistant nlu ...`: the trainer's tools (lookup sync from the catalog, reports, inbox)."""

from __future__ import annotations

import typer

app = typer.Typer(help="Improve the language model: sync vocabulary, evaluate, review.")

from assistant.cli import nlu_trainer  # noqa: E402, F401  (registers `report` and `inbox`)
