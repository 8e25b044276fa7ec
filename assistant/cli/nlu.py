"""`assistant nlu ...`: the trainer's tools (lookup sync from the catalog, reports, inbox)."""

from __future__ import annotations

import typer

app = typer.Typer(help="Improve the language model: sync vocabulary, evaluate, review.")
