"""`assistant shoppers export|forget PSID`: a shopper's right of access and right to erasure."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from assistant.bootstrap import conversation_store, payment_gateway, unit_of_work
from assistant.kernel.settings import get_settings
from assistant.nlu_tools.inbox import remove_examples
from assistant.schema import upgrade
from assistant.services.ports import PaymentProviderError
from assistant.services.privacy import export_shopper, forget_shopper

app = typer.Typer(help="Export or forget what is stored about one shopper.", no_args_is_help=True)
console = Console()
errors = Console(stderr=True)

PsidArg = Annotated[str, typer.Argument(help="The shopper's page-scoped id (conversation id).")]


@app.command("export")
def export(
    psid: PsidArg,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the JSON here, not to stdout.")
    ] = None,
) -> None:
    """Everything stored about the shopper, as JSON: cart, orders, handoffs, conversation."""
    settings = get_settings()
    upgrade(settings.database_url)
    data = export_shopper(unit_of_work(settings), conversation_store(settings), psid)
    text = json.dumps(data, indent=2, ensure_ascii=False, default=str)
    if output is None:
        print(text)
        return
    partial = output.with_name(output.name + ".part")
    partial.write_text(text + "\n")
    partial.replace(output)  # never a half-written export
    errors.print(f"exported to {output}", highlight=False)


@app.command("forget")
def forget(
    psid: PsidArg,
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")] = False,
    inbox_export: Annotated[
        list[Path] | None,
        typer.Option(
            "--inbox-export",
            exists=True,
            dir_okay=False,
            help="A file written by `nlu inbox --export`: the shopper's messages are taken out "
            "of it too (repeatable).",
        ),
    ] = None,
) -> None:
    """Delete the shopper's conversation, cart and handoffs; keep their orders anonymised."""
    settings = get_settings()
    upgrade(settings.database_url)
    if not yes and not typer.confirm(f"Forget shopper {psid}? This cannot be undone"):
        raise typer.Exit(1)
    if inbox_export:
        # Before the conversation is deleted: its messages say what to take out.
        said = {
            str(event["event"].get("text") or "")
            for event in conversation_store(settings).events_of(psid)
            if event["type"] == "user"
        }
        for path in inbox_export:
            removed = remove_examples(path, said)
            console.print(f"{path}: {removed} of the shopper's message(s) removed", highlight=False)
    try:
        report = forget_shopper(
            unit_of_work(settings),
            conversation_store(settings),
            payment_gateway(settings),
            psid,
            settings.anonymising_key,
        )
    except (ValueError, PaymentProviderError) as error:
        errors.print(f"[red]error:[/red] {error}", highlight=False)
        raise typer.Exit(1) from None
    console.print(
        f"forgot {psid}: {report.events_deleted} conversation event(s), "
        f"{report.carts_deleted} cart(s), {report.handoffs_deleted} handoff(s) deleted; "
        f"{report.orders_anonymised} order(s) kept anonymised",
        highlight=False,
    )
