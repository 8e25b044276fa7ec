"""`assistant orders ...`: what the merchant sees and does with orders."""

from __future__ import annotations

import json
from enum import StrEnum
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from assistant.bootstrap import payment_gateway, shopper_notifier, unit_of_work
from assistant.commerce.errors import IllegalTransition, UnknownOrder
from assistant.commerce.order import OrderStatus
from assistant.kernel.money import format_money
from assistant.kernel.settings import get_settings
from assistant.schema import upgrade
from assistant.services import kitchen, orders
from assistant.services.orders import OrderDetails
from assistant.services.ports import PaymentProviderError
from assistant.services.unit_of_work import UnitOfWork
from assistant.services.views import OrderView

app = typer.Typer(help="List, inspect, refund and cancel orders.", no_args_is_help=True)
console = Console()
errors = Console(stderr=True)

OrderArg = Annotated[str, typer.Argument(help='The order number, e.g. "ORD-0042" (or 42).')]


class KitchenStep(StrEnum):
    """The order states `advance` accepts (the kitchen's steps), as the command line spells them."""

    PREPARING = OrderStatus.PREPARING.value
    OUT_FOR_DELIVERY = OrderStatus.OUT_FOR_DELIVERY.value
    DELIVERED = OrderStatus.DELIVERED.value


JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]


def _summary(order: OrderView) -> dict[str, Any]:
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


def _shop() -> UnitOfWork:
    settings = get_settings()
    upgrade(settings.database_url)
    return unit_of_work(settings)


def _load(number: str) -> OrderDetails:
    """The order with its lines and Stripe events, or exit 1 naming the missing number."""
    try:
        return orders.order_details(_shop(), number)
    except UnknownOrder:
        errors.print(f"[red]error:[/red] no order {number!r}", highlight=False)
        raise typer.Exit(1) from None


@app.command("list")
def list_orders(
    status: Annotated[OrderStatus | None, typer.Option(help="Only orders in this state.")] = None,
    review: Annotated[bool, typer.Option("--review", help="Only orders held for review.")] = False,
    limit: Annotated[int, typer.Option(min=1, help="Newest N orders.")] = 50,
    as_json: JsonOption = False,
) -> None:
    """Newest orders first, with their state and total."""
    rows = [_summary(order) for order in orders.list_orders(_shop(), status, review, limit)]
    if as_json:
        print(json.dumps(rows, indent=2))
        return
    table = Table("order", "status", "total", "created (UTC)", "conversation", "review")
    for row in rows:
        table.add_row(
            row["number"],
            row["status"],
            row["total"],
            row["created_at"][:16].replace("T", " "),
            row["conversation_id"],
            row["review_reason"] or "" if row["needs_review"] else "",
        )
    console.print(table if rows else "no orders")


@app.command("show")
def show(number: OrderArg, as_json: JsonOption = False) -> None:
    """One order: lines, amounts, state, review notes and the Stripe events received."""
    loaded = _load(number)
    order, events = loaded.order, loaded.events
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
        "events": [{"id": e.id, "type": e.type, "at": e.received_at.isoformat()} for e in events],
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


def _stripe_action(number: str, action: str) -> OrderView:
    order = _load(number).order
    settings = get_settings()
    uow, gateway = unit_of_work(settings), payment_gateway(settings)
    try:
        if action == "refund":
            return orders.refund_order(uow, gateway, order.number)
        return orders.cancel_for_merchant(uow, gateway, order.number)
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


@app.command("advance")
def advance(
    number: OrderArg,
    step: Annotated[KitchenStep, typer.Argument(help="preparing, out_for_delivery or delivered.")],
) -> None:
    """Move a paid meal order to its next kitchen step and tell the shopper in Messenger
    (retried by the web app's maintenance loop if Rasa cannot be reached now)."""
    settings = get_settings()
    _load(number)  # exits naming a missing number
    uow = unit_of_work(settings)
    try:
        order = kitchen.advance_order(uow, number, OrderStatus(step))
    except IllegalTransition as error:
        errors.print(f"[red]error:[/red] {error}", highlight=False)
        raise typer.Exit(1) from None
    told = kitchen.tell_step(uow, shopper_notifier(settings), order.id)
    note = "shopper told" if told else "shopper not told yet (retried by the web app)"
    console.print(f"{order.number}: {order.status} ({note})", highlight=False)
