"""`assistant nlu sync`: write the catalog's brands, colours and product words for the NLU."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from assistant.cli.nlu import app
from assistant.kernel.database import session_scope
from assistant.kernel.settings import PROJECT_ROOT, get_settings
from assistant.schema import upgrade
from catalog.nlu_sync import sync

NLU_DIR = PROJECT_ROOT / "data" / "nlu"
console = Console()


@app.command("sync")
def sync_command(
    output: Annotated[
        Path, typer.Option(help="The generated file (the other data/nlu files are read).")
    ] = NLU_DIR / "catalog_lookups.yml",
) -> None:
    """Write lookup tables and synonyms from the loaded catalog (then retrain)."""
    settings = get_settings()
    upgrade(settings.database_url)
    with session_scope(settings.database_url) as session:
        vocabulary = sync(session, output.parent, output)
    counts = ", ".join(f"{len(v)} {k}" for k, v in vocabulary.lookups.items())
    typer.echo(f"wrote {output}: {counts}")
    if not any(vocabulary.lookups.values()):
        console.print("[yellow]the catalog is empty: load a feed first[/yellow]")
