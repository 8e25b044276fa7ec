"""`assistant nlu ...`: the trainer's tools (lookup sync from the catalog, reports, inbox)."""

from __future__ import annotations

import typer

app = typer.Typer(help="Improve the language model: sync vocabulary, evaluate, review.")

# The commands live in their own modules and register themselves on `app` when imported.
from assistant.cli import nlu_sync, nlu_trainer  # noqa: E402, F401
