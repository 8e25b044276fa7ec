"""`assistant handoffs ...`: conversations handed to a person, and giving them back to the bot."""

from __future__ import annotations

from typing import Annotated

import httpx
import typer
from rich.console import Console
from rich.table import Table

from assistant.db import session_scope
from assistant.handoffs.models import Handoff
from assistant.handoffs.service import UnknownHandoff, list_handoffs, release_handoff
from assistant.settings import Settings, get_settings

app = typer.Typer(help="Conversations waiting for a person.", no_args_is_help=True)
console = Console()
errors = Console(stderr=True)


@app.command("list")
def list_command(
    all_: Annotated[bool, typer.Option("--all", help="Include released handoffs.")] = False,
) -> None:
    """Handoffs still open (the bot is silent in those conversations)."""
    with session_scope(get_settings().database_url) as session:
        handoffs = list_handoffs(session, include_released=all_)
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


def resume_conversation(settings: Settings, conversation_id: str) -> None:
    """Un-pause the conversation in Rasa: the bot answers it again from the next message."""
    response = httpx.post(
        f"{settings.rasa_url}/conversations/{conversation_id}/tracker/events",
        params={"token": settings.rasa_token.get_secret_value()},
        # `resume`, then close the turn the bot skipped while paused, so the next message
        # starts a normal turn instead of following an unanswered one.
        json=[{"event": "resume"}, {"event": "action", "name": "action_listen"}],
        timeout=30,
    )
    response.raise_for_status()


@app.command("release")
def release(handoff_id: Annotated[int, typer.Argument(help="The id shown by `list`.")]) -> None:
    """Give the conversation back to the bot."""
    settings = get_settings()
    with session_scope(settings.database_url) as session:
        handoff = session.get(Handoff, handoff_id)
        if handoff is None:
            errors.print(f"[red]error:[/red] no handoff with id {handoff_id} (see `handoffs list`)")
            raise typer.Exit(1)
        conversation_id = handoff.conversation_id
    # Rasa first: if it cannot be reached the handoff stays open, matching the silent bot.
    try:
        resume_conversation(settings, conversation_id)
    except httpx.HTTPError as error:
        errors.print(
            f"[red]error:[/red] could not resume conversation {conversation_id} at "
            f"{settings.rasa_url}: {error}. Is Rasa running (RASA_URL, RASA_TOKEN)? "
            "The handoff stays open."
        )
        raise typer.Exit(1) from None
    try:
        with session_scope(settings.database_url) as session:
            release_handoff(session, handoff_id)
    except UnknownHandoff as error:  # deleted in between: nothing left to release
        errors.print(f"[red]error:[/red] {error}")
        raise typer.Exit(1) from None
    console.print(f"handoff {handoff_id} released: the bot answers {conversation_id} again")
