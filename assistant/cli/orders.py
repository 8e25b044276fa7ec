"""`assistant orders ...`: what the merchant sees and does with orders."""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table
from sqlmodel import col, select

from assistant.commerce.errors import IllegalTransition, PaymentProviderError
from assistant.commerce.models import Order, OrderStatus, PaymentEvent
from assistant.commerce.orders import order_by_number
from assistant.db import session_scope
from assistant.money import format_money
from assistant.payments.expiry import close_unpaid_order
from assistant.payments.gateway import stripe_client
from assistant.payments.refunds import refund_paid_order
from assistant.schema import upgrade
from assistant.settings import get_settings

app = typer.Typer(help="List, inspect, refund and cancel orders.", no_args_is_help=True)
console = Console()
errors = Console(stderr=True)

OrderArg = Annotated[str, typer.Argument(help='The order number, e.g. "ORD-0042" (or 42).')]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]


def _summary(order: Order) -> dict[str, Any]:
    return {
        "number": order.number,
        "status": str(order.status),
        "total_minor": order.total_minor,
        "currency": order.currency,
        "total": format_money(order.total_minor, order.currency),
        "refunded_minor": order.refunded_minor,
        "needs_review": order.needs_review,
        "review_reason": order.review_reason,
        "conversation_id": order.conversation_id,
        "created_at": order.created_at.isoformat(),
        "paid_at": order.paid_at.isoformat() if order.paid_at else None,
    }


def _load(number: str) -> tuple[Order, list[PaymentEvent]]:
    """The order with its lines and Stripe events, or exit 1 naming the missing number."""
    settings = get_settings()
    upgrade(settings.database_url)
    with session_scope(settings.database_url) as session:
        order = order_by_number(session, number)
        if order is None:
            errors.print(f"[red]error:[/red] no order {number!r}", highlight=False)
            raise typer.Exit(1)
        _ = order.lines
        events = list(
            session.exec(
                select(PaymentEvent)
                .where(PaymentEvent.order_id == order.id)
                .order_by(col(PaymentEvent.id))
            )
        )
        return order, events


@app.command("list")
def list_orders(
    status: Annotated[OrderStatus | None, typer.Option(help="Only orders in this state.")] = None,
    review: Annotated[bool, typer.Option("--review", help="Only orders held for review.")] = False,
    limit: Annotated[int, typer.Option(min=1, help="Newest N orders.")] = 50,
    as_json: JsonOption = False,
) -> None:
    """Newest orders first, with their state and total."""
    settings = get_settings()
    upgrade(settings.database_url)
    query = select(Order).order_by(col(Order.id).desc()).limit(limit)
    if status is not None:
        query = query.where(Order.status == status)
    if review:
        query = query.where(col(Order.needs_review).is_(True))
    with session_scope(settings.database_url) as session:
        orders = [_summary(order) for order in session.exec(query)]
    if as_json:
        print(json.dumps(orders, indent=2))
        return
    table = Table("order", "status", "total", "created (UTC)", "conversation", "review")
    for row in orders:
        table.add_row(
            row["number"],
            row["status"],
            row["total"],
            row["created_at"][:16].replace("T", " "),
            row["conversation_id"],
            row["review_reason"] or "" if row["needs_review"] else "",
        )
    console.print(table if orders else "no orders")


@app.command("show")
def show(number: OrderArg, as_json: JsonOption = False) -> None:
    """One order: lines, amounts, state, review notes and the Stripe events received."""
    order, events = _load(number)
    details = {
        **_summary(order),
        "stripe_session_id": order.stripe_session_id,
        "payment_intent_id": order.payment_intent_id,
        "expires_at": order.expires_at.isoformat() if order.expires_at else None,
        "receipt_sent_at": order.receipt_sent_at.isoformat() if order.receipt_sent_at else None,
        "lines": [
            {
                "sku": line.sku,
                "title": line.title,
                "quantity": line.quantity,
                "unit_price_minor": line.unit_price_minor,
            }
            for line in order.lines
        ],
        "events": [
            {"id": e.stripe_event_id, "type": e.event_type, "at": e.received_at.isoformat()}
            for e in events
        ],
    }
    if as_json:
        print(json.dumps(details, indent=2))
        return
    console.print(
        f"[bold]{order.number}[/bold]  {order.status}  {details['total']}"
        + (f"  [red]review: {order.review_reason}[/red]" if order.needs_review else ""),
        highlight=False,
    )
    for line in order.lines:
        price = format_money(line.unit_price_minor * line.quantity, order.currency)
        console.print(f"  {line.quantity} × {line.title} ({line.sku})  {price}", highlight=False)
    for name in ("conversation_id", "stripe_session_id", "payment_intent_id", "paid_at"):
        console.print(f"  {name}: {details[name] or '-'}", highlight=False)
    for event in details["events"]:
        console.print(f"  event {event['at'][:19]} {event['type']} {event['id']}", highlight=False)


def _stripe_action(number: str, action: str) -> Order:
    order, _ = _load(number)
    settings = get_settings()
    assert order.id is not None
    try:
        if action == "refund":
            return refund_paid_order(settings.database_url, stripe_client(settings), order.id)
        close_unpaid_order(
            settings.database_url, stripe_client(settings), order.id, OrderStatus.CANCELLED
        )
        return _load(number)[0]
    except (IllegalTransition, PaymentProviderError) as error:
        errors.print(f"[red]error:[/red] {error}", highlight=False)
        raise typer.Exit(1) from None


@app.command("refund")
def refund(
    number: OrderArg,
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")] = False,
) -> None:
    """Refund a paid order in full through Stripe (safe to repeat: Stripe refunds once)."""
    if not yes:
        typer.confirm(f"Refund {number} in full?", abort=True)
    order = _stripe_action(number, "refund")
    console.print(f"{order.number}: {order.status}", highlight=False)


@app.command("cancel")
def cancel(number: OrderArg) -> None:
    """Cancel an unpaid order: its Stripe session is expired first, then its stock returns."""
    order = _stripe_action(number, "cancel")
    console.print(f"{order.number}: {order.status}", highlight=False)
    if order.status != OrderStatus.CANCELLED:
        raise typer.Exit(1)
