"""Payments: checkout action latency, webhook throughput, and money safety under faults.

Everything runs for real on loopback: localstripe, our Stripe sandbox (Checkout Sessions),
the shop web app (signed webhooks), the rasa-sdk action server running `action_checkout`,
and chaos proxies injecting Stripe 500s, timeouts and webhook failures (which make the
sandbox redeliver, i.e. replays). A tiny HTTP endpoint stands in for Rasa's trigger_intent.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import stripe
from sqlmodel import col, select

from assistant.bootstrap import payment_gateway, unit_of_work
from assistant.commerce.order import Order, OrderStatus, PaymentEvent
from assistant.kernel.database import session_scope
from assistant.services.carts import add_to_cart
from assistant.services.checkout import checkout, place_order
from assistant.services.orders import sweep_overdue_orders
from assistant.services.ports import PaymentProviderError
from assistant.services.unit_of_work import UnitOfWork
from assistant.stripe_sandbox.chaos import FaultPlan
from assistant.stripe_sandbox.objects import build_event
from assistant.stripe_sandbox.webhooks import sign
from assistant.supervisor import Service
from catalog.models import Variant
from testkit.databases import load_demo_catalog, migrated_database
from testkit.net import free_port, port_open, wait_for
from testkit.paths import ROOT
from testkit.processes import running
from testkit.shop import WEBHOOK_SECRET, Shop, shop_running
from testkit.stripe import localstripe

SKU = "TS-CLASSIC-RED-S"  # 85 in stock; the bench raises it so stock never runs out
CHECKOUTS = 60
WEBHOOK_ORDERS = 300
DUPLICATE_SHARE = 0.3
FAULT_SHOPPERS = 60


@contextlib.contextmanager
def _database(kind: str, workdir: Path) -> Iterator[str]:
    with migrated_database(kind, workdir) as url:
        load_demo_catalog(url)
        with session_scope(url) as session:
            variant = session.exec(select(Variant).where(Variant.sku == SKU)).one()
            variant.stock = 100_000
        yield url


def _shop(
    url: str,
    localstripe_url: str,
    stripe_faults: FaultPlan | None = None,
    webhook_faults: FaultPlan | None = None,
) -> contextlib.AbstractContextManager[Shop]:
    """The payment path with the bench's timings: slower redeliveries, a 1 s Stripe timeout."""
    return shop_running(
        url,
        localstripe_url,
        faults=stripe_faults,
        webhook_faults=webhook_faults,
        webhook_retry_delays=(0.1, 0.2, 0.4, 0.8),
        stripe_timeout=1.0,
    )


def _percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def _checkout_latency(url: str, localstripe: str, workdir: Path) -> dict[str, Any]:
    """`action_checkout` through the real action server (HTTP), sandbox behind it."""
    with _shop(url, localstripe) as shop:
        settings = shop.settings
        port = free_port()
        env = {
            "ASSISTANT_DATABASE_URL": url,
            "ASSISTANT_SHOP_URL": settings.shop_url,
            "STRIPE_API_BASE": settings.stripe_api_base or "",
        }
        argv = [sys.executable, "-m", "rasa_sdk", "--actions", "actions", "--port", str(port)]
        actions = Service("actions", argv, f"http://127.0.0.1:{port}/health", env, str(ROOT))
        with running([actions], workdir / "actions.log", timeout=60):
            latencies: list[float] = []
            with httpx.Client(timeout=30) as client:
                for n in range(CHECKOUTS):
                    sender = f"bench-co-{n}"
                    add_to_cart(UnitOfWork(url), sender, SKU)
                    started = time.perf_counter()
                    answer = client.post(
                        f"http://127.0.0.1:{port}/webhook", json=_action_call(sender)
                    )
                    latencies.append((time.perf_counter() - started) * 1000)
                    answer.raise_for_status()
                    assert "/pay/cs_test_" in json.dumps(answer.json()), answer.text
    return {
        "checkouts": len(latencies),
        "checkout_ms_p50": round(statistics.median(latencies), 1),
        "checkout_ms_p95": round(_percentile(latencies, 0.95), 1),
    }


def _action_call(sender: str) -> dict[str, Any]:
    tracker = {
        "sender_id": sender,
        "slots": {"language": "en"},
        "latest_message": {"intent": {"name": "checkout"}, "entities": [], "text": "checkout"},
        "events": [],
        "paused": False,
        "followup_action": None,
        "active_loop": {},
        "latest_action_name": "action_listen",
    }
    return {"next_action": "action_checkout", "sender_id": sender, "tracker": tracker, "domain": {}}


def _webhook_throughput(url: str, localstripe: str) -> dict[str, Any]:
    """Signed `checkout.session.completed` events, 30 % redelivered, 8 senders at once."""
    with _shop(url, localstripe) as shop:
        settings = shop.settings
        events = []
        uow = UnitOfWork(url)
        for n in range(WEBHOOK_ORDERS):
            add_to_cart(uow, f"bench-wh-{n}", SKU)
            order = place_order(uow, f"bench-wh-{n}", "en")
            session_object = {
                "id": f"cs_test_bench_{n}",
                "object": "checkout.session",
                "status": "complete",
                "payment_status": "paid",
                "amount_total": order.total_minor,
                "currency": order.currency.lower(),
                "payment_intent": f"pi_bench_{n}",
                "metadata": {"order_id": str(order.id)},
            }
            events.append(build_event("checkout.session.completed", session_object, 0, 1))
        rng = random.Random(5)
        deliveries = events + rng.sample(events, int(len(events) * DUPLICATE_SHARE))
        rng.shuffle(deliveries)
        endpoint = f"{settings.shop_url}/webhooks/stripe"
        client = httpx.Client(timeout=30, limits=httpx.Limits(max_connections=8))

        def deliver(event: dict[str, Any]) -> str:
            payload = json.dumps(event).encode()
            headers = {"Stripe-Signature": sign(payload, WEBHOOK_SECRET, int(time.time()))}
            answer = client.post(endpoint, content=payload, headers=headers)
            answer.raise_for_status()
            return str(answer.json()["status"])

        started = time.perf_counter()
        with client, ThreadPoolExecutor(8) as pool:  # Stripe delivers concurrently too
            statuses = list(pool.map(deliver, deliveries))
        seconds = time.perf_counter() - started
        with session_scope(url) as session:
            paid = len(
                session.exec(
                    select(Order)
                    .where(Order.status == OrderStatus.PAID)
                    .where(col(Order.conversation_id).startswith("bench-wh-"))
                ).all()
            )
            recorded = len(session.exec(select(PaymentEvent)).all())
    return {
        "deliveries": len(deliveries),
        "duplicates_sent": len(deliveries) - len(events),
        "duplicates_detected": statuses.count("duplicate"),
        "events_per_second": round(len(deliveries) / seconds, 1),
        "orders_paid": paid,
        "events_recorded": recorded,
        "correct": paid == len(events) and recorded == len(events),
    }


def _faults_run(url: str, localstripe: str) -> dict[str, Any]:
    """Shoppers check out through a faulty Stripe and pay; webhooks fail and are redelivered,
    then every event is replayed once more. Counts lost and doubled orders afterwards."""
    stripe_faults = FaultPlan(
        rates={"error_before": 0.1, "error_after": 0.1, "timeout_after": 0.05},
        hold_seconds=1.5,
        seed=11,
    )
    webhook_faults = FaultPlan(rates={"error_after": 0.2, "error_before": 0.1}, seed=12)
    with _shop(url, localstripe, stripe_faults, webhook_faults) as shop:
        settings, sandbox_url = shop.settings, shop.sandbox_url
        uow, gateway = unit_of_work(settings), payment_gateway(settings)
        links: dict[str, str] = {}
        gave_up = 0
        for n in range(FAULT_SHOPPERS):
            sender = f"bench-fault-{n}"
            add_to_cart(uow, sender, SKU)
            for _ in range(5):  # the shopper says "checkout" again after an apology
                try:
                    links[sender] = checkout(
                        uow, gateway, sender, "en", settings.shop_url
                    ).checkout_url
                    break
                except PaymentProviderError:
                    continue
            else:
                gave_up += 1
        for link in links.values():
            httpx.post(f"{link}/pay", timeout=30)
        sandbox = stripe.StripeClient("sk_test_bench", base_addresses={"api": sandbox_url})
        sessions = [s.to_dict() for s in sandbox.v1.checkout.sessions.list(params={"limit": 100})]
        wait_for(lambda: _all_delivered(sandbox_url), 60, what="webhook deliveries")
        replays = _replay_all(sandbox_url, settings.shop_url)
        sweep_overdue_orders(uow, gateway)
        with session_scope(url) as session:
            # This run's orders only: the database also holds the other measurements'.
            ours = col(Order.conversation_id).startswith("bench-fault-")
            orders = session.exec(select(Order).where(ours)).all()
            by_conversation = [o.conversation_id for o in orders]
            state = {str(o.id): o.status for o in orders}
            session_ids = [o.stripe_session_id for o in orders if o.stripe_session_id]
        paid_at_stripe = [s for s in sessions if s["payment_status"] == "paid"]
        lost = [s for s in paid_at_stripe if state.get(s["metadata"]["order_id"]) != "paid"]
        paid_ids = {s["metadata"]["order_id"] for s in paid_at_stripe}
        phantom = [oid for oid, status in state.items() if status == "paid" and oid not in paid_ids]
        per_order = [s["metadata"]["order_id"] for s in sessions]
    return {
        "shoppers": FAULT_SHOPPERS,
        "stripe_faults_injected": dict(stripe_faults.injected),
        "webhook_faults_injected": dict(webhook_faults.injected),
        "webhook_replays": replays,
        "shoppers_given_up_after_5_tries": gave_up,
        "orders": len(orders),
        "paid_at_stripe": len(paid_at_stripe),
        "lost_orders": len(lost) + gave_up,
        "paid_here_not_at_stripe": len(phantom),
        "doubled_orders": (len(by_conversation) - len(set(by_conversation)))
        + (len(per_order) - len(set(per_order)))
        + (len(session_ids) - len(set(session_ids))),
    }


def _all_delivered(sandbox_url: str) -> bool:
    records = httpx.get(f"{sandbox_url}/sandbox/events", params={"limit": 1000}).json()["data"]
    return all(r["delivery"]["status"] in {"delivered", "failed"} for r in records)


def _replay_all(sandbox_url: str, shop_url: str) -> int:
    """Deliver every event the sandbox sent once more, freshly signed (a Stripe replay)."""
    records = httpx.get(f"{sandbox_url}/sandbox/events", params={"limit": 1000}).json()["data"]
    for record in records:
        payload = json.dumps(record["event"]).encode()
        headers = {"Stripe-Signature": sign(payload, WEBHOOK_SECRET, int(time.time()))}
        httpx.post(f"{shop_url}/webhooks/stripe", content=payload, headers=headers, timeout=30)
    return len(records)


def run() -> dict[str, Any]:
    # The machine is shared: the load average says how contended the numbers are.
    results: dict[str, Any] = {"benchmark": "payments", "load_average_1m": os.getloadavg()[0]}
    kinds = ["sqlite", "postgres"] if port_open(5432) else ["sqlite"]
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        with localstripe(workdir / "localstripe.log") as stripe_url:
            for kind in kinds:
                with _database(kind, workdir) as url:
                    results[kind] = {
                        "checkout_action": _checkout_latency(url, stripe_url, workdir),
                        "webhooks": _webhook_throughput(url, stripe_url),
                        "faults": _faults_run(url, stripe_url),
                    }
    results["summary"] = {
        f"{kind}_{name}": value
        for kind in kinds
        for name, value in {
            "checkout_ms_p50": results[kind]["checkout_action"]["checkout_ms_p50"],
            "checkout_ms_p95": results[kind]["checkout_action"]["checkout_ms_p95"],
            "webhook_events_per_s": results[kind]["webhooks"]["events_per_second"],
            "webhooks_correct": results[kind]["webhooks"]["correct"],
            "lost_orders": results[kind]["faults"]["lost_orders"],
            "doubled_orders": results[kind]["faults"]["doubled_orders"],
        }.items()
    }
    return results
