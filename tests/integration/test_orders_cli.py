"""`assistant orders list|show|refund|cancel` as a merchant runs them (real process)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.commerce.order import OrderStatus
from testkit.shop import WEBHOOK_SECRET, Shop

ASSISTANT = str(Path(sys.executable).parent / "assistant")
pytestmark = pytest.mark.slow  # about ten `assistant` commands, seconds of imports each


def run(shop: Shop, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "ASSISTANT_DATABASE_URL": shop.db,
        "STRIPE_API_BASE": shop.sandbox_url,
        "STRIPE_WEBHOOK_SECRET": WEBHOOK_SECRET,
        "NO_COLOR": "1",
        "COLUMNS": "200",
    }
    return subprocess.run(
        [ASSISTANT, "orders", *args], env=env, capture_output=True, text=True, timeout=120
    )


def test_list_show_refund_and_cancel(shop: Shop) -> None:
    shop.buy("cli-paid", quantity=2)
    paid = shop.checkout("cli-paid")
    shop.pay(paid.checkout_url)
    shop.wait_status(paid.order.id, OrderStatus.PAID)
    shop.buy("cli-open")
    unpaid = shop.checkout("cli-open")

    listed = run(shop, "list", "--json")
    assert listed.returncode == 0, listed.stderr
    rows = json.loads(listed.stdout)
    assert [(r["number"], r["status"]) for r in rows] == [
        (unpaid.order.number, "pending_payment"),
        (paid.order.number, "paid"),
    ]
    only_paid = json.loads(run(shop, "list", "--status", "paid", "--json").stdout)
    assert [r["number"] for r in only_paid] == [paid.order.number]

    shown = json.loads(run(shop, "show", paid.order.number, "--json").stdout)
    assert shown["total_minor"] == paid.order.total_minor
    assert [(line["sku"], line["quantity"]) for line in shown["lines"]] == [("TS-CLASSIC-RED-M", 2)]
    assert [event["type"] for event in shown["events"]] == ["checkout.session.completed"]
    table = run(shop, "show", paid.order.number)
    assert paid.order.number in table.stdout and "TS-CLASSIC-RED-M" in table.stdout

    refused = run(shop, "refund", unpaid.order.number, "--yes")
    assert refused.returncode == 1 and "only paid orders" in refused.stderr
    refunded = run(shop, "refund", paid.order.number, "--yes")
    assert refunded.returncode == 0, refunded.stderr
    assert shop.order(paid.order.id).status == OrderStatus.REFUNDED

    cancelled = run(shop, "cancel", unpaid.order.number)
    assert cancelled.returncode == 0, cancelled.stderr
    assert shop.order(unpaid.order.id).status == OrderStatus.CANCELLED

    missing = run(shop, "show", "ORD-9999")
    assert missing.returncode == 1 and "no order 'ORD-9999'" in missing.stderr
