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
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import stripe
import uvicorn
from pydantic import SecretStr
from sqlalchemy import create_engine, text
from sqlmodel import col, select

from assistant.bootstrap import payment_gateway, unit_of_work
from assistant.commerce.order import Order, OrderStatus, PaymentEvent
from assistant.kernel.database import get_engine, session_scope
from assistant.kernel.settings import Settings
from assistant.schema import upgrade
from assistant.services.carts import add_to_cart
from assistant.services.checkout import checkout, place_order
from assistant.services.orders import sweep_overdue_orders
from assistant.services.ports import PaymentProviderError
from assistant.services.unit_of_work import UnitOfWork
from assistant.stripe_sandbox.app import create_app as create_sandbox
from assistant.stripe_sandbox.chaos import FaultPlan, create_chaos_proxy
from assistant.stripe_sandbox.objects import build_event
from assistant.stripe_sandbox.webhooks import sign
from assistant.web.app import create_app as create_web_app
from catalog.importer import import_catalog
from catalog.models import Variant

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "data" / "demo" / "catalog.csv"
SECRET = "whsec_bench"
SKU = "TS-CLASSIC-RED-S"  # 85 in stock; the bench raises it so stock never runs out
CHECKOUTS = 60
WEBHOOK_ORDERS = 300
DUPLICATE_SHARE = 0.3
FAULT_SHOPPERS = 60
POSTGRES_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


def _port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait(probe: Any, timeout: float, what: str) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = probe()
        if value:
            return value
        time.sleep(0.05)
    raise RuntimeError(f"timed out waiting for {what}")


@contextlib.contextmanager
def _serve(app: Any, port: int | None = None) -> Iterator[str]:
    port = port or _port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="error"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        _wait(lambda: server.started, 20, "server start")
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@contextlib.contextmanager
def _process(argv: list[str], health: str, env: dict[str, str] | None = None) -> Iterator[None]:
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(
            argv, stdout=log, stderr=subprocess.STDOUT, env={**os.environ, **(env or {})}
        )
        try:
            _wait(lambda: _ok(health) or process.poll() is not None, 60, argv[2])
            if process.poll() is not None:
                log.seek(0)
                raise RuntimeError(f"{argv[2]} exited: {log.read()[-2000:]!r}")
            yield
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


def _ok(url: str) -> bool:
    try:
        return httpx.get(url, timeout=1).status_code < 500
    except httpx.HTTPError:
        return False


@contextlib.contextmanager
def _rasa_stub() -> Iterator[str]:
    """Answers trigger_intent with 200, as Rasa does; the receipt itself is not measured."""

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length", 0)))
            self.send_response(200)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"{}")

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def _database(kind: str, workdir: str) -> Iterator[str]:
    if kind == "sqlite":
        url = f"sqlite:///{workdir}/bench-{random.randrange(16**8):08x}.db"
    else:
        name = f"bench_{random.randrange(16**8):08x}"
        admin = create_engine(POSTGRES_ADMIN, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        url = f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    try:
        upgrade(url)
        with session_scope(url) as session:
            import_catalog(session, DEMO)
            variant = session.exec(select(Variant).where(Variant.sku == SKU)).one()
            variant.stock = 100_000
        yield url
    finally:
        get_engine(url).dispose()
        if kind != "sqlite":
            with admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()


@contextlib.contextmanager
def _shop(
    url: str, localstripe: str, stripe_faults: FaultPlan | None, webhook_faults: FaultPlan | None
) -> Iterator[tuple[Settings, str]]:
    """Web app + sandbox (+ chaos proxies); yields the shop's settings and the sandbox URL."""
    with contextlib.ExitStack() as stack:
        rasa = stack.enter_context(_rasa_stub())
        web_port = _port()
        web_url = f"http://127.0.0.1:{web_port}"
        hook_url = web_url
        if webhook_faults is not None:
            hook_url = stack.enter_context(
                _serve(create_chaos_proxy(web_url, webhook_faults, paths="/webhooks/"))
            )
        sandbox_port = _port()
        sandbox_url = f"http://127.0.0.1:{sandbox_port}"
        sandbox = create_sandbox(
            public_url=sandbox_url,
            webhook_url=f"{hook_url}/webhooks/stripe",
            webhook_secret=SECRET,
            upstream_url=localstripe,
            webhook_retry_delays=(0.1, 0.2, 0.4, 0.8),
        )
        stack.enter_context(_serve(sandbox, sandbox_port))
        api = sandbox_url
        if stripe_faults is not None:
            api = stack.enter_context(_serve(create_chaos_proxy(sandbox_url, stripe_faults)))
        settings = Settings(
            database_url=url,
            shop_url=web_url,
            stripe_api_base=api,
            stripe_webhook_secret=SecretStr(SECRET),
            stripe_timeout_seconds=1.0,
            rasa_url=rasa,
            order_sweep_seconds=0,
            _env_file=None,
        )
        stack.enter_context(_serve(create_web_app(settings), web_port))
        yield settings, sandbox_url


def _percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def _checkout_latency(url: str, localstripe: str) -> dict[str, Any]:
    """`action_checkout` through the real action server (HTTP), sandbox behind it."""
    with _shop(url, localstripe, None, None) as (settings, _):
        port = _port()
        env = {
            "ASSISTANT_DATABASE_URL": url,
            "ASSISTANT_SHOP_URL": settings.shop_url,
            "STRIPE_API_BASE": settings.stripe_api_base or "",
        }
        argv = [sys.executable, "-m", "rasa_sdk", "--actions", "actions", "--port", str(port)]
        with _process(argv, f"http://127.0.0.1:{port}/health", env):
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
    with _shop(url, localstripe, None, None) as (settings, _):
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
            headers = {"Stripe-Signature": sign(payload, SECRET, int(time.time()))}
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
    with _shop(url, localstripe, stripe_faults, webhook_faults) as (settings, sandbox_url):
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
        _wait(lambda: _all_delivered(sandbox_url), 60, "webhook deliveries")
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
        headers = {"Stripe-Signature": sign(payload, SECRET, int(time.time()))}
        httpx.post(f"{shop_url}/webhooks/stripe", content=payload, headers=headers, timeout=30)
    return len(records)


def _postgres_up() -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", 5432)) == 0


def run() -> dict[str, Any]:
    # The machine is shared: the load average says how contended the numbers are.
    results: dict[str, Any] = {"benchmark": "payments", "load_average_1m": os.getloadavg()[0]}
    kinds = ["sqlite", "postgres"] if _postgres_up() else ["sqlite"]
    port = _port()
    localstripe = f"http://127.0.0.1:{port}"
    argv = [sys.executable, "-m", "assistant.stripe_sandbox.localstripe_loopback", str(port)]
    with _process(argv, f"{localstripe}/js.stripe.com/v3/"), tempfile.TemporaryDirectory() as tmp:
        for kind in kinds:
            with _database(kind, tmp) as url:
                results[kind] = {
                    "checkout_action": _checkout_latency(url, localstripe),
                    "webhooks": _webhook_throughput(url, localstripe),
                    "faults": _faults_run(url, localstripe),
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
