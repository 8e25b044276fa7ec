"""Faults under load: several shoppers buy whole purchases (bench/load.py's shoppers) while one
part of the production topology fails and comes back; then the database is audited. Every paid
conversation must end with one paid order holding what was added, an empty cart, its receipt
sent once and its payment recorded once; no conversation may hold two paid orders; and a
purchase must go through once the fault is over. docs/deploy.md, "Faults and what shoppers see".
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.schema import upgrade
from assistant.stack import Ports, local
from assistant.stripe_sandbox.chaos import FaultPlan, create_chaos_proxy
from assistant.supervisor import Service
from bench.load import plenty_of_stock
from bench.load_messenger import Inbox, messenger_conversation
from testkit.databases import fresh_postgres_database, load_demo_catalog, migrated_database
from testkit.fault_load import OUTBOX_SECONDS, FaultReport, buy_during, shop_bot
from testkit.faults import TcpProxy, private_postgres, private_redis
from testkit.replicas import replicated_shop
from testkit.servers import serve
from testkit.stack import services_running

# Part of `make test`; `make test-faults` runs them alone (see the Makefile).
pytestmark = pytest.mark.faults

SHOPPERS = 6
SECONDS = 30.0  # shoppers start conversations for this long; those under way are finished
FAULT_AT = 8.0  # seconds into the load: every shopper is mid-purchase


@pytest.fixture(autouse=True)
def _receipt_outbox_every_few_seconds(monkeypatch: pytest.MonkeyPatch) -> None:
    """The servers started here inherit this process's environment: the web app retries the
    receipts a fault held back every OUTBOX_SECONDS, so the audit's wait covers them
    (testkit/fault_load.py, RECEIPT_WAIT)."""
    monkeypatch.setenv("ASSISTANT_ORDER_SWEEP_SECONDS", str(OUTBOX_SECONDS))


def _ready(url: str) -> str:
    upgrade(url)
    load_demo_catalog(url)
    plenty_of_stock(url)
    return url


@contextlib.contextmanager
def _shop_databases() -> Iterator[tuple[str, str]]:
    """The shop's database (migrated, demo catalog) and an empty tracker store database, on the
    machine's PostgreSQL."""
    with fresh_postgres_database() as shop_url, fresh_postgres_database() as tracker_url:
        yield _ready(shop_url), tracker_url


def _report(name: str, report: FaultReport, started: float, **seen: object) -> None:
    print(f"{name}: {report} {seen}; the whole test {time.monotonic() - started:.0f} s")


@pytest.mark.postgres
def test_a_rasa_replica_killed_mid_load(tmp_path: Path) -> None:
    """Two replicas behind a load balancer; one is killed (SIGKILL) mid-load. What shoppers
    see: those whose message the killed replica was answering get no answer to it (a load
    balancer answers 502; here the connection drops); every other message, and every one sent
    after, is answered by the survivor, which also sends the receipts of the payments that
    arrive. The dead replica's lock tickets lapse within their 10 s lease
    (assistant/rasa_lock_store.py), so its conversations and their receipts wait no longer."""
    started = time.monotonic()
    with (
        _shop_databases() as (shop_url, tracker_url),
        replicated_shop(shop_url, tracker_url, tmp_path / "servers.log") as shop,
    ):
        victim = shop.replica("rasa-b")

        async def kill() -> None:
            await asyncio.sleep(FAULT_AT)
            assert victim.process is not None
            victim.process.kill()

        bot = shop_bot(shop.rasa_url, shop_url, shop.stripe_url)
        report = buy_during(bot, kill, SHOPPERS, SECONDS)
    _report("replica killed", report, started)
    report.assert_nothing_lost_or_doubled()


@pytest.mark.postgres  # the machine's server is left alone: the cluster is the test's own
def test_postgresql_restarted_mid_load(tmp_path: Path) -> None:
    """PostgreSQL (the shop and Rasa's tracker store) stopped and started again, down about
    3 s. What shoppers see: a message whose turn needs the database while it is down gets no
    answer (the bot stays silent: the REST channel answers an empty list); Rasa still answers
    what needs no data ("hi") from its in-memory fallback. Answers come again as soon as it is
    back. A payment made meanwhile is still recorded (Stripe's webhook is redelivered); a
    receipt whose first attempt failed is sent by the web app's outbox one to two minutes later
    (here a little over one: the outbox passes every OUTBOX_SECONDS)."""
    started = time.monotonic()
    with private_postgres() as cluster:
        _ready(cluster.url)  # the shop and Rasa's tracker store both live in it
        with services_running(cluster.url, tmp_path / "servers.log") as stack:

            async def restart() -> None:
                await asyncio.sleep(FAULT_AT)
                await asyncio.to_thread(cluster.stop)
                await asyncio.sleep(3)
                await asyncio.to_thread(cluster.start)

            bot = shop_bot(stack.rasa_url, cluster.url, stack.stripe_url)
            report = buy_during(bot, restart, SHOPPERS, SECONDS)
    _report("postgres restarted", report, started)
    report.assert_nothing_lost_or_doubled()


@pytest.mark.postgres
def test_redis_away_for_five_seconds(tmp_path: Path) -> None:
    """Redis holds the replicas' conversation locks (and the Messenger dedupe). What shoppers
    see: a message arriving while it is away gets no answer (no lock, no turn: the REST channel
    answers an empty list); once it is back, messages are answered again. Locks held when it
    went are forgotten with it (no persistence), so no conversation waits behind them."""
    started = time.monotonic()
    with (
        private_redis(tmp_path) as redis,
        _shop_databases() as (shop_url, tracker_url),
        replicated_shop(shop_url, tracker_url, tmp_path / "servers.log", redis.port) as shop,
    ):

        async def away() -> None:
            await asyncio.sleep(FAULT_AT)
            redis.stop()
            await asyncio.sleep(5)
            await asyncio.to_thread(redis.start)

        bot = shop_bot(shop.rasa_url, shop_url, shop.stripe_url)
        report = buy_during(bot, away, SHOPPERS, SECONDS)
    _report("redis away", report, started)
    report.assert_nothing_lost_or_doubled()


HOLD = 6.0  # seconds each action server answer is held while it is slow


def test_a_slow_action_server(tmp_path: Path) -> None:
    """A proxy between Rasa and the action server holds every answer HOLD seconds for a while
    (the action has run; its answer is late). What shoppers see: each turn that runs an action
    takes that much longer, and nothing else; Rasa 3.6 waits up to its fixed 5-minute action
    timeout, so no turn is cut. No purchase is lost or doubled."""
    started = time.monotonic()
    with migrated_database("sqlite", tmp_path) as database_url, TcpProxy([]) as proxy:
        load_demo_catalog(database_url)
        plenty_of_stock(database_url)

        def through_proxy(services: list[Service], ports: Ports) -> None:
            proxy.backends.append(ports.actions)
            rasa = next(s for s in services if s.name == "rasa")
            rasa.env["ACTION_SERVER_URL"] = f"{proxy.url}/webhook"

        with services_running(database_url, tmp_path / "servers.log", through_proxy) as stack:

            async def slow() -> None:
                await asyncio.sleep(FAULT_AT)
                proxy.delay = HOLD
                await asyncio.sleep(12)
                proxy.delay = 0.0

            bot = shop_bot(stack.rasa_url, database_url, stack.stripe_url)
            report = buy_during(bot, slow, SHOPPERS, SECONDS)
    _report("slow action server", report, started, held=proxy.held)
    assert proxy.held >= SHOPPERS, f"only {proxy.held} answers were held"
    report.assert_nothing_lost_or_doubled()


def test_stripe_answering_500s(tmp_path: Path) -> None:
    """A proxy in front of the Stripe API answers HTTP 500 to half the calls for a while, half
    of them after Stripe did the work (assistant/stripe_sandbox/chaos.py). What shoppers see:
    the Stripe library retries with the same idempotency key, so most payment links come as
    usual; when every retry fails, the bot says the link could not be made and the shopper may
    ask again. One Checkout Session per order: no payment is taken twice."""
    started = time.monotonic()
    plan = FaultPlan(seed=14)
    with migrated_database("sqlite", tmp_path) as database_url:
        load_demo_catalog(database_url)
        plenty_of_stock(database_url)
        with contextlib.ExitStack() as stack_of:

            def through_chaos(services: list[Service], ports: Ports) -> None:
                chaos = stack_of.enter_context(
                    serve(create_chaos_proxy(local(ports.stripe_sandbox), plan))
                )
                for service in services:
                    if service.name in {"actions", "web"}:
                        service.env["STRIPE_API_BASE"] = chaos

            stack = stack_of.enter_context(
                services_running(database_url, tmp_path / "servers.log", through_chaos)
            )

            async def failing() -> None:
                await asyncio.sleep(FAULT_AT)
                plan.rates.update(error_before=0.25, error_after=0.25)
                await asyncio.sleep(12)
                plan.rates.clear()

            bot = shop_bot(stack.rasa_url, database_url, stack.stripe_url)
            report = buy_during(bot, failing, SHOPPERS, SECONDS)
    _report("stripe 500s", report, started, injected=dict(plan.injected))
    assert sum(plan.injected.values()) >= 2, f"only {plan.injected} injected"
    report.assert_nothing_lost_or_doubled()


def test_the_graph_api_answering_500s(tmp_path: Path) -> None:
    """Messenger shoppers; the fake Graph API answers every send with HTTP 500 (code 2, which
    Facebook documents as temporary) for a few seconds. What shoppers see: the connector
    retries each send with back-off (4 attempts over about 2 to 5 s), so replies and receipts
    arrive late rather than not at all. Each paid shopper receives exactly one receipt."""
    started = time.monotonic()
    inbox = Inbox()
    with migrated_database("sqlite", tmp_path) as database_url, contextlib.closing(inbox):
        load_demo_catalog(database_url)
        plenty_of_stock(database_url)

        def to_inbox(services: list[Service], _ports: Ports) -> None:
            next(s for s in services if s.name == "rasa").env["MESSENGER_GRAPH_API_URL"] = inbox.url

        with services_running(database_url, tmp_path / "servers.log", to_inbox) as stack:

            async def failing() -> None:
                await asyncio.sleep(FAULT_AT)
                inbox.failing = True
                await asyncio.sleep(2)
                inbox.failing = False

            bot = shop_bot(stack.rasa_url, database_url, stack.stripe_url, inbox)
            report = buy_during(bot, failing, SHOPPERS, SECONDS, messenger_conversation)
    _report("graph 500s", report, started, failed=inbox.failed)
    assert inbox.failed >= 1, "no send met the failure"
    report.assert_nothing_lost_or_doubled()
    receipts = {
        psid: sum('"receipt"' in message for message in messages)
        for psid, messages in inbox.by_psid.items()
    }
    assert all(count <= 1 for count in receipts.values()), receipts
    assert sum(receipts.values()) == report.audit["receipts_sent"], receipts
