"""`assistant`: run the shop, train the model, chat with it, manage the catalog."""

from __future__ import annotations

import signal
import time
import uuid
from datetime import timedelta
from typing import Annotated

import httpx
import typer
from rich.console import Console

from assistant.cli import catalog, handoffs, maintenance, messenger, nlu, orders, shoppers
from assistant.kernel.clock import utcnow
from assistant.kernel.database import session_scope
from assistant.kernel.production import (
    ACTIONS,
    DEV_RASA_TOKEN,
    RASA,
    WEB,
    UnsafeConfiguration,
    production_checks,
    refuse_unsafe,
)
from assistant.kernel.settings import PROJECT_ROOT, get_settings
from assistant.schema import upgrade
from assistant.stack import Ports, build_services, local
from assistant.supervisor import StartupError, Supervisor
from assistant.training import TrainingError, ensure_model

app = typer.Typer(
    help="Conversational shopping assistant: run it, train it, talk to it, load catalogs.",
    no_args_is_help=True,
)
app.add_typer(catalog.app, name="catalog")
app.add_typer(nlu.app, name="nlu")
app.add_typer(orders.app, name="orders")
app.add_typer(messenger.app, name="messenger")
app.add_typer(handoffs.app, name="handoffs")
app.add_typer(shoppers.app, name="shoppers")
app.add_typer(maintenance.app, name="maintenance")
console = Console()
DEMO_CATALOG = PROJECT_ROOT / "data" / "demo" / "catalog.csv"
DEMO_MENU = PROJECT_ROOT / "data" / "demo" / "menu.jsonl"
# `assistant run` reloads the demo airline when its last flight leaves sooner than this; the
# feed it writes covers catalog.flights.demo.DAYS days, so that is every month or so.
DEMO_FLIGHTS_AHEAD = timedelta(days=60)


@app.command()
def config() -> None:
    """Print the settings in effect (secrets masked)."""
    for name, value in get_settings().masked().items():
        console.print(f"{name:<30} {value}", highlight=False)


@app.command()
def doctor() -> None:
    """Check the settings against the production rules; non-zero exit when one fails."""
    deployment = get_settings().deployment()
    profile = "production" if deployment.production else "development"
    console.print(f"profile: {profile} ({deployment.why_production()})", highlight=False)
    checks = production_checks(deployment)
    for check in checks:
        mark = "[green]pass[/green]" if check.passed else "[red]FAIL[/red]"
        why = "" if check.passed else f": {check.setting} {check.problem}"
        console.print(f"{mark}  {check.setting:<28} {check.rule}{why}", highlight=False)
    failed = sum(not check.passed for check in checks)
    if failed:
        console.print(
            f"{failed} check(s) failed: "
            + (
                "the processes refuse to start."
                if deployment.production
                else "fine for development, refused in production."
            ),
            highlight=False,
        )
        raise typer.Exit(1)


@app.command()
def train(force: Annotated[bool, typer.Option(help="Train even if nothing changed.")] = False):
    """Train the Rasa model if config, domain or data changed since the last training."""
    try:
        started = time.monotonic()
        path, trained = ensure_model(force=force)
    except TrainingError as error:
        console.print(f"[red]error:[/red] {error}")
        raise typer.Exit(1) from None
    state = f"trained in {time.monotonic() - started:.0f} s" if trained else "up to date"
    console.print(f"model {path.relative_to(PROJECT_ROOT)}: {state}", highlight=False)


def _ensure_demo_catalog(database_url: str) -> None:
    """Load the demo catalog into an empty database so a newcomer has products to find."""
    from sqlmodel import func, select

    from catalog.importer import import_catalog
    from catalog.models import Product

    with session_scope(database_url) as session:
        if session.exec(select(func.count()).select_from(Product)).one():
            return
        report = import_catalog(session, DEMO_CATALOG)
    console.print(f"loaded the demo catalog: {report.added} products", highlight=False)


def _ensure_demo_menu(database_url: str) -> None:
    """Load the demo pizzeria's menu when no restaurant is stored, so meals can be ordered."""
    from sqlmodel import func, select

    from catalog.menu.loader import load_menu
    from catalog.menu.tables import RestaurantRecord

    with session_scope(database_url) as session:
        if session.exec(select(func.count()).select_from(RestaurantRecord)).one():
            return
        report = load_menu(session, DEMO_MENU)
    console.print(
        f"loaded the demo menu: {report.restaurant}, {report.added} dishes", highlight=False
    )


def _ensure_demo_flights(database_url: str) -> None:
    """Load a fresh demo airline feed when no flight is left to sell, or when the demo
    airline's last flight leaves within DEMO_FLIGHTS_AHEAD: the demo never runs out of flights.
    A merchant's own flights in the table stop it."""
    from catalog.flights.demo import needs_demo_flights, write_demo_feed
    from catalog.flights.loader import import_flights

    now = utcnow()
    with session_scope(database_url) as session:
        if not needs_demo_flights(session, now, DEMO_FLIGHTS_AHEAD):
            return
    write_demo_feed(catalog.DEMO_FLIGHTS, now.date())
    with session_scope(database_url) as session:
        report = import_flights(session, catalog.DEMO_FLIGHTS, now=now)
    console.print(
        f"loaded the demo airline's flights: {report.added} fares added, "
        f"{report.unchanged + report.updated} already there",
        highlight=False,
    )


@app.command()
def run(
    rasa_port: int = Ports.rasa,
    actions_port: int = Ports.actions,
    web_port: int = Ports.web,
    stripe_port: Annotated[
        int, typer.Option(help="Stripe sandbox (no keys only).")
    ] = Ports.stripe_sandbox,
    localstripe_port: Annotated[
        int, typer.Option(help="localstripe (no keys only).")
    ] = Ports.localstripe,
    demo_catalog: Annotated[
        bool,
        typer.Option(
            help="Load the demo catalog and menu if they are empty, and demo flights when they "
            "run low."
        ),
    ] = True,
) -> None:
    """Start Rasa, the action server, the shop web app (and the Stripe sandbox without keys)."""
    settings = get_settings()
    try:
        refuse_unsafe(settings.deployment(), RASA, ACTIONS, WEB)
    except UnsafeConfiguration as error:
        console.print(f"[red]error:[/red] {error}", highlight=False)
        raise typer.Exit(1) from None
    started = time.monotonic()
    upgrade(settings.database_url)
    if demo_catalog:
        _ensure_demo_catalog(settings.database_url)
        _ensure_demo_menu(settings.database_url)
        if not settings.production:  # a real shop never sells the demo airline's tickets
            _ensure_demo_flights(settings.database_url)
    try:
        model, _ = ensure_model()
    except TrainingError as error:
        console.print(f"[red]error:[/red] {error}")
        raise typer.Exit(1) from None
    ports = Ports(
        rasa=rasa_port,
        actions=actions_port,
        web=web_port,
        stripe_sandbox=stripe_port,
        localstripe=localstripe_port,
    )
    if settings.stripe_sandbox:
        console.print("No STRIPE_SECRET_KEY: payments run in the local Stripe sandbox.")
    if not settings.production:
        console.print(
            "Development profile: Rasa's REST channel is on"
            + (
                ", RASA_TOKEN is the development default"
                if settings.rasa_token.get_secret_value() == DEV_RASA_TOKEN
                else ""
            )
            + " (`assistant doctor` lists what production refuses).",
            highlight=False,
        )
    supervisor = Supervisor(build_services(settings, model, ports))
    # Installed explicitly: a shell that starts us in the background leaves SIGINT ignored,
    # and a process manager stops us with SIGTERM; both must stop every service cleanly.
    signal.signal(signal.SIGINT, _interrupt)
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        with supervisor:
            supervisor.wait_healthy(timeout=300)
            talk = (
                f"  {local(ports.rasa)}/webhooks/messenger/webhook  (Messenger)\n"
                if settings.production  # no REST channel in production
                else f"  assistant chat                      (in this terminal)\n"
                f"  POST {local(ports.rasa)}/webhooks/rest/webhook  (Rasa REST channel)\n"
            )
            console.print(
                f"\n[green]Ready[/green] in {time.monotonic() - started:.0f} s. Talk to the bot:\n"
                f"{talk}"
                f"  {local(ports.web)}/health            (shop web app)\n"
                "Press Ctrl-C to stop.\n",
                highlight=False,
            )
            while (exited := supervisor.first_exited()) is None:
                time.sleep(0.5)
            console.print(f"[red]{exited.name} stopped unexpectedly; shutting down.[/red]")
            raise typer.Exit(1)
    except StartupError as error:
        console.print(f"[red]error:[/red] {error}")
        raise typer.Exit(1) from None
    except KeyboardInterrupt:
        console.print("\nStopping…")


def _interrupt(*_: object) -> None:
    raise KeyboardInterrupt


@app.command()
def chat(
    url: Annotated[str, typer.Option(help="The Rasa server.")] = local(Ports.rasa),
    sender: Annotated[str | None, typer.Option(help="Conversation id (default: new).")] = None,
) -> None:
    """Talk to the running bot from this terminal (Rasa REST channel)."""
    sender = sender or f"cli-{uuid.uuid4().hex[:8]}"
    endpoint = f"{url}/webhooks/rest/webhook"
    console.print(f"Chatting as {sender}. Type a message; Ctrl-D or /quit to leave.")
    with httpx.Client(timeout=60) as client:
        while True:
            try:
                text = console.input("[bold]you>[/bold] ").strip()
            except (EOFError, KeyboardInterrupt):
                break
            if text in {"/quit", "/exit"}:
                break
            if not text:
                continue
            try:
                replies = client.post(endpoint, json={"sender": sender, "message": text}).json()
            except httpx.HTTPError as error:
                console.print(f"[red]cannot reach {url}: {error}[/red] (is `assistant run` up?)")
                continue
            for reply in replies:
                _print_reply(reply)


def _print_reply(reply: dict) -> None:
    if reply.get("text"):
        console.print(f"[cyan]bot>[/cyan] {reply['text']}", highlight=False)
    for button in reply.get("buttons") or []:
        target = button.get("payload") or button.get("url", "")
        console.print(f"      [{button.get('title')}] {target}", highlight=False)


@app.command("db-upgrade")
def db_upgrade() -> None:
    """Apply schema migrations to the configured database."""
    settings = get_settings()
    upgrade(settings.database_url)
    console.print("database schema is up to date")


if __name__ == "__main__":  # pragma: no cover
    app()
