"""`assistant handoffs ...`: conversations handed to a person, and giving them back to the bot."""

from __future__ import annotations

from typing import Annotated

import httpx
import typer
from rich.console import Console
from rich.table import Table

from assistant.bootstrap import unit_of_work
from assistant.commerce.errors import UnknownHandoff
from assistant.kernel.redact import redacted
from assistant.kernel.settings import get_settings
from assistant.rasa_api import InvalidConversationId, RasaApi
from assistant.services.handoffs import get_handoff, list_handoffs, release_handoff

app = typer.Typer(help="Conversations waiting for a person.", no_args_is_help=True)
console = Console()
errors = Console(stderr=True)


@app.command("list")
def list_command(
    all_: Annotated[bool, typer.Option("--all", help="Include released handoffs.")] = False,
) -> None:
    """Handoffs still open (the bot is silent in those conversations)."""
    handoffs = list_handoffs(unit_of_work(get_settings()), include_released=all_)
    if not handoffs:
        console.print("no open handoffs" if not all_ else "no handoffs")
        return
    table = Table("id", "conversation", "lang", "asked at (UTC)", "message", "released")
    for handoff in handoffs:
        table.add_row(
            str(handoff.id),
            handoff.conversation_id,
            handoff.language,
            handoff.created_at.strftime("%Y-%m-%d %H:%M"),
            handoff.message,
            handoff.released_at.strftime("%Y-%m-%d %H:%M") if handoff.released_at else "",
        )
    console.print(table)


@app.command("release")
def release(handoff_id: Annotated[int, typer.Argument(help="The id shown by `list`.")]) -> None:
    """Give the conversation back to the bot."""
    settings = get_settings()
    uow = unit_of_work(settings)
    try:
        conversation_id = get_handoff(uow, handoff_id).conversation_id
    except UnknownHandoff:
        errors.print(f"[red]error:[/red] no handoff with id {handoff_id} (see `handoffs list`)")
        raise typer.Exit(1) from None
    # Rasa first: if it cannot be reached the handoff stays open, matching the silent bot.
    try:
        RasaApi(settings).resume(conversation_id)
    except InvalidConversationId as error:
        errors.print(f"[red]error:[/red] handoff {handoff_id}: {error}; it stays open.")
        raise typer.Exit(1) from None
    except httpx.HTTPError as error:
        errors.print(
            f"[red]error:[/red] could not resume conversation {conversation_id} at "
            f"{redacted(settings.rasa_url)}: {redacted(str(error))}. "
            "Is Rasa running (RASA_URL, RASA_TOKEN)? The handoff stays open."
        )
        raise typer.Exit(1) from None
    try:
        release_handoff(uow, handoff_id)
    except UnknownHandoff as error:  # deleted in between: nothing left to release
        errors.print(f"[red]error:[/red] {error}")
        raise typer.Exit(1) from None
    console.print(f"handoff {handoff_id} released: the bot answers {conversation_id} again")
