"""`assistant catalog ...`: load feeds and search the catalog."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from datetime import date
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import Progress as RichProgress
from rich.progress import TaskID
from rich.table import Table

from assistant.kernel.clock import utcnow
from assistant.kernel.database import session_scope
from assistant.kernel.money import format_money, to_minor
from assistant.kernel.settings import PROJECT_ROOT, get_settings
from assistant.schema import upgrade
from assistant.services.meals import forget_menus
from catalog.embeddings import EmbeddingError, Progress
from catalog.feeds.base import FeedError
from catalog.feeds.sniff import FLIGHT_FORMATS, sniff_format
from catalog.flights.demo import DAYS, write_demo_feed
from catalog.flights.loader import FlightImportReport, import_flights
from catalog.importer import FORMATS, FeedLimits, ImportReport, import_catalog
from catalog.menu.feed import MENU_FORMATS
from catalog.menu.loader import MenuLoadReport, load_menu
from catalog.search import SearchQuery, search
from catalog.stats import catalog_stats, find_product

app = typer.Typer(help="Load product feeds and search the catalog.", no_args_is_help=True)
console = Console()
errors = Console(stderr=True)
PROGRESS_ABOVE_LINES = 5_000
DEMO_FLIGHTS = PROJECT_ROOT / "var" / "demo_flights.csv"


class DryRun(Exception):
    """Raised inside the transaction to roll a dry run back."""


@app.command("load")
def load(
    file: Annotated[
        Path,
        typer.Argument(help="The feed file (Meta, Google, Shopify, JSONL, flights or a menu)."),
    ],
    feed_format: Annotated[
        str,
        typer.Option(
            "--format",
            help=f"Feed format: {', '.join((*FORMATS, *FLIGHT_FORMATS, *MENU_FORMATS))}.",
        ),
    ] = "auto",
    prune: Annotated[
        bool,
        typer.Option(help="Remove products or fares absent from the file (kept if ordered)."),
    ] = False,
    strict: Annotated[bool, typer.Option(help="Load nothing if any row is rejected.")] = False,
    dry_run: Annotated[bool, typer.Option(help="Check and report, write nothing.")] = False,
    currency: Annotated[
        str | None, typer.Option(help="Currency of prices written without one (Shopify).")
    ] = None,
) -> None:
    """Load or reload a product feed, a flights feed or a restaurant's menu: an idempotent
    upsert; bad rows reported by line."""
    settings = get_settings()
    upgrade(settings.database_url)
    if _is_menu(file, feed_format):
        _load_menu(settings.database_url, file, feed_format, prune, strict, dry_run)
        return
    report: ImportReport | FlightImportReport | None = None
    try:
        kind = sniff_format(file)[0] if feed_format == "auto" else feed_format
        loader = import_flights if kind in FLIGHT_FORMATS else import_catalog
        with session_scope(settings.database_url) as session, _progress(file) as progress:
            report = loader(
                session,
                file,
                feed_format,
                strict=strict,
                prune=prune,
                default_currency=(currency or settings.default_currency).upper(),
                progress=progress,
                limits=FeedLimits(settings.catalog_max_feed_bytes, settings.catalog_max_rows),
            )
            if dry_run:
                raise DryRun
    except DryRun:
        pass
    except (FeedError, EmbeddingError) as error:
        errors.print(f"[red]error:[/red] {error}", highlight=False)
        raise typer.Exit(2) from None
    assert report is not None
    _print_report(report, dry_run)
    if report.errors:
        raise typer.Exit(1)


def _is_menu(file: Path, feed_format: str) -> bool:
    if feed_format != "auto":
        return feed_format in MENU_FORMATS
    try:
        return sniff_format(file)[0] in MENU_FORMATS
    except FeedError:
        return False  # the product importer says what is wrong with the file


def _load_menu(
    database_url: str, file: Path, feed_format: str, prune: bool, strict: bool, dry_run: bool
) -> None:
    report: MenuLoadReport | None = None
    try:
        with session_scope(database_url) as session:
            report = load_menu(session, file, feed_format, prune=prune)
            report.loaded = not (strict and report.errors)
            if dry_run or not report.loaded:
                raise DryRun
        forget_menus()  # committed: what this process reads next is the new menu
    except DryRun:
        pass
    except FeedError as error:
        errors.print(f"[red]error:[/red] {error}", highlight=False)
        raise typer.Exit(2) from None
    assert report is not None
    if report.sniffed:
        console.print(f"format: {report.feed_format} ({report.sniffed})", highlight=False)
    for error in report.errors[:50]:
        errors.print(f"[yellow]rejected:[/yellow] {error}", highlight=False)
    verb = "would load" if dry_run else ("loaded" if report.loaded else "loaded nothing from")
    held = f", {report.held} held as stored (a row was rejected)" if report.held else ""
    console.print(
        f"{verb} {report.source} ({report.feed_format}): restaurant {report.restaurant} "
        f"{report.restaurant_change}; dishes {report.added} added, {report.updated} updated, "
        f"{report.unchanged} unchanged, {report.removed} removed{held}, "
        f"{report.rejected} rejected",
        highlight=False,
    )
    if not report.loaded:
        errors.print("--strict: nothing was loaded because rows were rejected")
    if report.errors:
        raise typer.Exit(1)


@contextmanager
def _progress(file: Path) -> Iterator[Progress | None]:
    """A progress bar for big files (reading rows, then embedding); nothing for small ones."""
    try:
        with file.open("rb") as handle:
            lines = sum(chunk.count(b"\n") for chunk in iter(partial(handle.read, 1 << 20), b""))
    except OSError:
        lines = 0  # the importer reports the real problem
    if lines < PROGRESS_ABOVE_LINES:
        yield None
        return
    with RichProgress(console=errors, transient=True) as bar:
        tasks: dict[str, TaskID] = {}

        def update(phase: str, done: int, total: int | None) -> None:
            if phase not in tasks:
                label = {"read": "checking rows", "embed": "embedding", "write": "writing"}.get(
                    phase, phase
                )
                tasks[phase] = bar.add_task(label, total=total or lines)
            bar.update(tasks[phase], completed=done)

        yield update


def _print_report(report: ImportReport | FlightImportReport, dry_run: bool) -> None:
    if report.sniffed:
        console.print(f"format: {report.feed_format} ({report.sniffed})", highlight=False)
    for error in report.errors[:50]:
        errors.print(f"[yellow]rejected:[/yellow] {error}", highlight=False)
    if len(report.errors) > 50:
        errors.print(f"... and {len(report.errors) - 50} more rejected rows")
    verb = "would load" if dry_run else ("loaded" if report.loaded else "loaded nothing from")
    kept = (
        f" ({report.kept_unavailable} kept as unavailable: ordered)"
        if report.kept_unavailable
        else ""
    )
    if isinstance(report, ImportReport) and report.held:
        kept += f", {report.held} held as stored (a row was rejected)"
    if isinstance(report, FlightImportReport):
        kept += f", {report.departed} skipped (departed)"
    what = " fares" if isinstance(report, FlightImportReport) else ""  # one fare a row
    console.print(
        f"{verb} {report.source} ({report.feed_format}): {report.added}{what} added, "
        f"{report.updated} updated, {report.unchanged} unchanged, "
        f"{report.removed + report.kept_unavailable} removed{kept}, {report.rejected} rejected",
        highlight=False,
    )
    if not report.loaded:
        errors.print("--strict: nothing was loaded because rows were rejected")


@app.command("stats")
def stats() -> None:
    """What the catalog holds, and what the last loads did."""
    settings = get_settings()
    upgrade(settings.database_url)
    with session_scope(settings.database_url) as session:
        summary = catalog_stats(session)
    for name, value in summary.counts.items():
        console.print(f"{name:<22} {value:>10,}", highlight=False)
    table = Table(title="last loads")
    for column in (
        "when",
        "file",
        "format",
        "added",
        "updated",
        "unchanged",
        "removed",
        "rejected",
    ):
        table.add_column(column)
    for load in summary.recent_loads:
        table.add_row(
            f"{load.started_at:%Y-%m-%d %H:%M}",
            Path(load.source).name,
            load.feed_format,
            *(
                str(getattr(load, n))
                for n in ("added", "updated", "unchanged", "removed", "rejected")
            ),
        )
    console.print(table)


@app.command("show")
def show(product_id: Annotated[str, typer.Argument(help="A product id, group id or SKU.")]) -> None:
    """One product with its attributes and all its variants (price, stock, availability)."""
    settings = get_settings()
    upgrade(settings.database_url)
    with session_scope(settings.database_url) as session:
        product = find_product(session, product_id)
        if product is None:
            errors.print(f"[red]error:[/red] no product with id, group id or SKU {product_id!r}")
            raise typer.Exit(1)
        console.print(f"[bold]{product.title}[/bold]  ({product.group_id}, #{product.id})")
        for label, value in (
            ("status", "" if product.listed else f"{product.status} (stored, never sold)"),
            ("brand", product.brand),
            ("type", product.product_type),
            ("link", product.link),
            ("description", product.description[:300]),
        ):
            if value:
                console.print(f"{label:<12} {value}", highlight=False)
        if product.attributes:
            console.print("attributes", highlight=False)
            for name, value in product.attributes.items():
                console.print(f"  {name}: {value}", highlight=False)
        own = any(v.attributes for v in product.variants)  # attributes that differ by variant
        table = Table()
        columns = ["sku", "color", "size", "material", "price", "was", "stock", "availability"]
        for column in columns + (["attributes"] if own else []):
            table.add_column(column)
        for v in product.variants:
            was = v.price_minor if v.sale_price_minor is not None else None
            table.add_row(
                v.sku,
                v.color,
                v.size,
                v.material,
                format_money(v.effective_price_minor, v.currency),
                "" if was is None else format_money(was, v.currency),
                "-" if v.stock is None else str(v.stock),
                v.availability,
                *(["; ".join(f"{k}: {x}" for k, x in v.attributes.items())] if own else []),
            )
        console.print(table)


@app.command("search")
def search_command(
    query: Annotated[str, typer.Argument(help='What a shopper would type, e.g. "red t-shirt".')],
    max_price: Annotated[float | None, typer.Option(help="Highest price, in major units.")] = None,
    min_price: Annotated[float | None, typer.Option(help="Lowest price, in major units.")] = None,
    color: Annotated[str | None, typer.Option(help="Exact colour.")] = None,
    size: Annotated[str | None, typer.Option(help="Exact size.")] = None,
    brand: Annotated[str | None, typer.Option(help="Exact brand.")] = None,
    material: Annotated[str | None, typer.Option(help="Exact material.")] = None,
    in_stock: Annotated[
        bool, typer.Option("--in-stock/--any-stock", help="Only what can be bought now.")
    ] = True,
    ranking: Annotated[str, typer.Option(help="hybrid, keyword or semantic.")] = "hybrid",
    limit: Annotated[int, typer.Option(min=1, max=100)] = 10,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """Search the catalog exactly as the assistant does."""
    settings = get_settings()
    currency = settings.default_currency

    def minor(value: float | None) -> int | None:
        return None if value is None else to_minor(Decimal(str(value)), currency)

    search_query = SearchQuery(
        text=query,
        max_price_minor=minor(max_price),
        min_price_minor=minor(min_price),
        color=color,
        size=size,
        brand=brand,
        material=material,
        in_stock=in_stock,
        ranking=ranking,
        limit=limit,
    )
    with session_scope(settings.database_url) as session:
        result = search(session, search_query)
    if as_json:
        payload = {
            "total": result.total,
            "hits": [asdict(hit) | {"price_minor": hit.price_minor} for hit in result.hits],
        }
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    table = Table(title=f"{result.total} match(es) for {query!r}")
    for column in ("#", "title", "brand", "price", "variants", "score"):
        table.add_column(column)
    for rank, hit in enumerate(result.hits, 1):
        table.add_row(
            str(rank),
            hit.title,
            hit.brand,
            format_money(hit.price_minor, hit.currency),
            ", ".join(v.sku for v in hit.variants[:4]) + (" …" if len(hit.variants) > 4 else ""),
            f"{hit.score:.2f}",
        )
    console.print(table)


@app.command("demo-flights")
def demo_flights(
    out: Annotated[Path, typer.Option(help="Where to write the feed.")] = DEMO_FLIGHTS,
    start: Annotated[
        str | None, typer.Option(help="First day, YYYY-MM-DD (default: today, UTC).")
    ] = None,
    days: Annotated[int, typer.Option(min=1, max=366, help="How many days.")] = DAYS,
) -> None:
    """Write the demo airline's flights feed (every route between its 18 airports, daily);
    load it with `assistant catalog load FILE`."""
    try:
        first = date.fromisoformat(start) if start else utcnow().date()
    except ValueError:
        errors.print(f"[red]error:[/red] --start {start!r} is not a date like 2026-12-03")
        raise typer.Exit(2) from None
    rows = write_demo_feed(out, first, days)
    console.print(
        f"wrote {out}: {rows:,} fares, {days} days from {first.isoformat()}", highlight=False
    )
