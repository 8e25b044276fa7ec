"""`assistant catalog ...`: load feeds and search the catalog."""

from __future__ import annotations

import json
from dataclasses import asdict
from decimal import Decimal
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from assistant.db import session_scope
from assistant.money import format_money, to_minor
from assistant.schema import upgrade
from assistant.settings import get_settings
from catalog.feeds.base import FeedError
from catalog.importer import READERS, ImportReport, import_catalog
from catalog.search import SearchQuery, search

app = typer.Typer(help="Load product feeds and search the catalog.", no_args_is_help=True)
console = Console()
errors = Console(stderr=True)


class DryRun(Exception):
    """Raised inside the transaction to roll a dry run back."""


@app.command("load")
def load(
    file: Annotated[Path, typer.Argument(help="The feed file (Meta catalog CSV/TSV).")],
    feed_format: Annotated[
        str, typer.Option("--format", help=f"Feed format: {', '.join(sorted(READERS))}.")
    ] = "meta",
    strict: Annotated[bool, typer.Option(help="Load nothing if any row is rejected.")] = False,
    dry_run: Annotated[bool, typer.Option(help="Check and report, write nothing.")] = False,
) -> None:
    """Load or reload a product feed: an idempotent upsert; bad rows reported by line."""
    settings = get_settings()
    upgrade(settings.database_url)
    report: ImportReport | None = None
    try:
        with session_scope(settings.database_url) as session:
            report = import_catalog(session, file, feed_format, strict=strict)
            if dry_run:
                raise DryRun
    except DryRun:
        pass
    except FeedError as error:
        errors.print(f"[red]error:[/red] {error}", highlight=False)
        raise typer.Exit(2) from None
    assert report is not None
    _print_report(report, dry_run)
    if report.errors:
        raise typer.Exit(1)


def _print_report(report: ImportReport, dry_run: bool) -> None:
    for error in report.errors[:50]:
        errors.print(f"[yellow]rejected:[/yellow] {error}", highlight=False)
    if len(report.errors) > 50:
        errors.print(f"... and {len(report.errors) - 50} more rejected rows")
    verb = "would load" if dry_run else ("loaded" if report.loaded else "loaded nothing from")
    console.print(
        f"{verb} {report.source} ({report.feed_format}): {report.added} added, "
        f"{report.updated} updated, {report.unchanged} unchanged, {report.removed} removed, "
        f"{report.rejected} rejected",
        highlight=False,
    )


@app.command("search")
def search_command(
    query: Annotated[str, typer.Argument(help='What a shopper would type, e.g. "red t-shirt".')],
    max_price: Annotated[float | None, typer.Option(help="Highest price, in major units.")] = None,
    min_price: Annotated[float | None, typer.Option(help="Lowest price, in major units.")] = None,
    color: Annotated[str | None, typer.Option(help="Exact colour.")] = None,
    size: Annotated[str | None, typer.Option(help="Exact size.")] = None,
    brand: Annotated[str | None, typer.Option(help="Exact brand.")] = None,
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
