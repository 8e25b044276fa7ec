"""`assistant maintenance ...`: the web app's periodic jobs, run once by hand or by cron."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated

import typer
from rich.console import Console

from assistant.bootstrap import conversation_store, unit_of_work
from assistant.kernel.settings import get_settings
from assistant.schema import upgrade
from assistant.services.privacy import purge_conversations

app = typer.Typer(help="Periodic jobs (the web app also runs them).", no_args_is_help=True)
console = Console()
errors = Console(stderr=True)


@app.command("purge-conversations")
def purge(
    older_than_days: Annotated[
        int | None,
        typer.Option(
            "--older-than-days",
            min=1,
            help="Conversations idle for longer are deleted (default: ASSISTANT_RETENTION_DAYS).",
        ),
    ] = None,
    batch_size: Annotated[int, typer.Option(min=1, help="Conversations per transaction.")] = 500,
) -> None:
    """Delete conversations (tracker events), carts and released handoffs past the retention
    period; orders are kept. Batched and idempotent: safe to run while the shop is live."""
    settings = get_settings()
    days = older_than_days or settings.retention_days
    if days <= 0:
        errors.print(
            "[red]error:[/red] give --older-than-days or set ASSISTANT_RETENTION_DAYS",
            highlight=False,
        )
        raise typer.Exit(2)
    upgrade(settings.database_url)
    report = purge_conversations(
        unit_of_work(settings), conversation_store(settings), timedelta(days=days), batch_size
    )
    console.print(
        f"purged {report.conversations} conversation(s), {report.carts} cart(s), "
        f"{report.handoffs} released handoff(s) idle for more than {days} day(s)",
        highlight=False,
    )
