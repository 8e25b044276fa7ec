"""`python -m bench load [--seconds S] [--levels 1,10,50]`: many shoppers at once, against the
stock `rasa init` bot on the same machine in the same run.

Two bots run side by side on free loopback ports: the shop (testkit's whole stack: Rasa, action
server, web app, Stripe sandbox; SQLite with the demo catalog) and the moodbot that
`rasa init --no-prompt` makes (trained once, cached by the Rasa lock file's hash under
~/.cache/chat-commerce-assistant/). At each concurrency level the same closed-loop asyncio
client drives first the moodbot, then the shop, for the same time: N simulated users, each
playing whole conversations over Rasa's REST channel one after the other, a new sender each time.

- moodbot: hi / I am great / bye.
- shop: hi, a search, a refinement, add the first product (a size picked from the bot's quick
  replies), the cart, checkout, yes, pay on the sandbox's payment page, where is my order.

A level stops starting conversations after its time and lets those under way finish. Every
message's latency is recorded; CPU is the servers' own (/proc) over the level. After each shop
level the database is audited for every paid conversation (bench/load_stats.py `audit`): empty
cart, one paid order of the added size, receipt sent, payment recorded once. Writes
`bench/results/load.json`; `python -m bench.report --write` renders docs/performance.md.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import hashlib
import json
import os
import random
import re
import shutil
import subprocess
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import astuple, dataclass, field
from pathlib import Path
from typing import Any

import httpx
from pydantic import SecretStr
from sqlalchemy import func
from sqlmodel import col, select, update

from assistant.commerce.order import Order, PaymentEvent
from assistant.kernel.database import session_scope
from assistant.kernel.settings import PROJECT_ROOT, Settings
from assistant.services.carts import view_cart
from assistant.services.unit_of_work import UnitOfWork
from assistant.stack import build_services, local, rasa_service
from assistant.supervisor import Service
from assistant.training import ensure_model, rasa_executable
from bench.load_messenger import Inbox, messenger_conversation
from bench.load_stats import (
    EndState,
    LevelRun,
    Purchase,
    ScriptError,
    audit,
    compare,
    summary,
)
from bench.proc_cpu import tree_cpu_seconds
from catalog.models import Variant
from testkit.databases import load_demo_catalog, migrated_database
from testkit.net import free_port, wait_for
from testkit.processes import running
from testkit.stack import free_stack_ports

DEFAULT_LEVELS = (1, 10, 50)
DEFAULT_SECONDS = 20.0  # per bot per level: the three levels run in about 8 minutes
STARTUP_TIMEOUT = 1200  # seconds; loading the shop's model is slow on busy shared cores
RECEIPT_TIMEOUT = 90  # seconds for the last receipts of a level to be sent
TOKEN = "load-bench-token"
SERVERS_LOG = PROJECT_ROOT / "reports" / "load-servers.log"  # kept for the errors' causes
CACHE = Path.home() / ".cache" / "chat-commerce-assistant"

SHOP_SCRIPT = (
    "hi",
    "I'm looking for a t-shirt",
    "in red",  # refinement
    "add the first one to my cart",
    "<size quick reply>",
    "show my cart",
    "checkout",
    "yes",
    "<pay on the sandbox page>",
    "where is my order?",
)
MOODBOT_SCRIPT = ("hi", "I am great", "bye")


# --- the moodbot -------------------------------------------------------------------------------


def moodbot_project() -> Path:
    """`rasa init --no-prompt`'s project with its trained model, made once per Rasa version."""
    key = hashlib.sha256((PROJECT_ROOT / "requirements" / "rasa.lock").read_bytes()).hexdigest()
    project = CACHE / f"moodbot-{key[:16]}"
    if list(project.glob("models/*.tar.gz")):
        return project
    partial = project.with_suffix(".partial")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    print(f"creating and training the moodbot in {project} (once)…", flush=True)
    subprocess.run(
        [str(rasa_executable()), "init", "--no-prompt", "--init-dir", "."],
        cwd=partial,
        env={**os.environ, "RASA_TELEMETRY_ENABLED": "false"},
        check=True,
        stdout=subprocess.DEVNULL,
        stdin=subprocess.DEVNULL,
    )
    shutil.rmtree(project, ignore_errors=True)
    partial.rename(project)  # only a trained project is ever found under the final name
    return project


def moodbot_service(settings: Settings, port: int) -> Service:
    """The moodbot's Rasa server, started like the shop's (our launcher) with its own channels
    (`rasa init`'s credentials.yml: REST)."""
    project = moodbot_project()
    model = sorted(project.glob("models/*.tar.gz"))[-1]
    env = {
        "RASA_TOKEN": settings.rasa_token.get_secret_value(),  # the launcher takes it from here
        "ASSISTANT_RASA_CREDENTIALS": str(project / "credentials.yml"),
    }
    return rasa_service("moodbot", settings, model, port, env, root=project)


# --- the servers ---------------------------------------------------------------------------------


@dataclass
class Bot:
    name: str
    rasa_url: str
    pids: dict[str, int]  # server process name -> pid, for CPU time
    database_url: str | None = None  # the shop's
    stripe_url: str | None = None
    inbox: Inbox | None = None  # the fake Graph API the shop's Messenger connector sends to
    services: list[Service] = field(default_factory=list)
    # CPU seconds so far by process, when more than `pids` counts (database backends, balancer)
    cpu_of: Callable[[], dict[str, float]] | None = None

    def cpu(self) -> dict[str, float]:
        return self.cpu_of() if self.cpu_of else cpu_seconds(self.pids)


def cpu_seconds(pids: dict[str, int]) -> dict[str, float]:
    """CPU time (user + system) each server process, its workers included, has used so far."""
    return {name: tree_cpu_seconds(pid) for name, pid in pids.items()}


@contextmanager
def servers_running(workdir: Path) -> Iterator[tuple[Bot, Bot]]:
    """The shop's stack and the moodbot, healthy, both for the length of the block."""
    model, _ = ensure_model()
    with migrated_database("sqlite", workdir) as database_url:
        load_demo_catalog(database_url)
        plenty_of_stock(database_url)
        settings = Settings(
            database_url=database_url,
            rasa_token=SecretStr(TOKEN),
            stripe_secret_key=None,
            _env_file=None,
        )
        ports = free_stack_ports()
        taken = set(astuple(ports))
        # free_port() may hand out a port again until something binds it: keep them distinct.
        mood_port = wait_for(lambda: (port := free_port()) not in taken and port, what="a port")
        services = build_services(settings, model, ports)
        inbox = Inbox()
        for service in services:
            if service.name == "rasa":  # the connector's replies come to this process
                service.env["MESSENGER_GRAPH_API_URL"] = inbox.url
        services.append(moodbot_service(settings, mood_port))
        print("starting the shop's stack and the moodbot…", flush=True)
        SERVERS_LOG.parent.mkdir(exist_ok=True)
        with (
            contextlib.closing(inbox),
            running(services, SERVERS_LOG, timeout=STARTUP_TIMEOUT) as supervisor,
        ):
            pids = {s.name: s.process.pid for s in supervisor.services if s.process}
            shop = Bot(
                "shop",
                local(ports.rasa),
                {name: pid for name, pid in pids.items() if name != "moodbot"},
                database_url,
                local(ports.stripe_sandbox),
                inbox,
                [s for s in supervisor.services if s.name != "moodbot"],
            )
            moodbot = [s for s in supervisor.services if s.name == "moodbot"]
            yield (
                shop,
                Bot("moodbot", local(mood_port), {"moodbot": pids["moodbot"]}, services=moodbot),
            )


def _all_alive(services: list[Service]) -> None:
    """A server that exited after another answered its health check (a port taken) would have
    the benchmark measure the wrong bot: refuse to go on."""
    exited = [s.name for s in services if s.process is None or s.process.poll() is not None]
    if exited:
        raise RuntimeError(f"{', '.join(exited)} exited: see {SERVERS_LOG}")


def plenty_of_stock(database_url: str) -> None:
    """A sale day's volume must not sell out the demo catalog's few units mid-run."""
    with session_scope(database_url) as session:
        session.exec(update(Variant).where(col(Variant.stock).is_not(None)).values(stock=10**6))  # type: ignore[call-overload]
        session.commit()


# --- the simulated users -------------------------------------------------------------------------


@dataclass
class Session:
    """One level's client: every message's latency, and the count of failed ones."""

    http: httpx.AsyncClient
    bot: Bot
    latencies_ms: list[float] = field(default_factory=list)
    errors: int = 0
    failures: Counter[str] = field(default_factory=Counter)  # why conversations stopped

    def failed(self, reason: str) -> None:
        self.failures[reason[:120]] += 1

    async def say(self, sender: str, text: str) -> list[dict[str, Any]]:
        started = time.perf_counter()
        try:
            response = await self.http.post(
                f"{self.bot.rasa_url}/webhooks/rest/webhook",
                json={"sender": sender, "message": text},
            )
            response.raise_for_status()
            replies: list[dict[str, Any]] = response.json()
        except (httpx.HTTPError, ValueError) as error:
            self.errors += 1
            raise ScriptError(f"{text!r}: {type(error).__name__} {error}") from error
        self.latencies_ms.append((time.perf_counter() - started) * 1000)
        if not replies:  # the REST channel answers [] when the bot said nothing
            self.errors += 1
            raise ScriptError(f"no reply to {text!r}")
        return replies


def _texts(replies: list[dict[str, Any]]) -> str:
    return "\n".join(reply.get("text") or "" for reply in replies)


def _add_payloads(replies: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """(payload, sku) of every add-to-cart button or quick reply."""
    found = []
    for reply in replies:
        for button in reply.get("buttons") or []:
            payload = button.get("payload") or ""
            if payload.startswith("/add_to_cart"):
                found.append((payload, json.loads(payload.removeprefix("/add_to_cart"))["sku"]))
    return found


async def moodbot_conversation(session: Session, _: random.Random) -> Purchase | None:
    sender = f"load-{uuid.uuid4().hex[:12]}"
    for text in MOODBOT_SCRIPT:
        await session.say(sender, text)
    return None


async def shop_conversation(session: Session, rng: random.Random) -> Purchase | None:
    """A whole purchase; the Purchase tells whether it was paid, whatever failed afterwards."""
    sender = f"load-{uuid.uuid4().hex[:12]}"
    await session.say(sender, "hi")
    await session.say(sender, "I'm looking for a t-shirt")
    shown = _add_payloads(await session.say(sender, "in red"))
    if not shown:
        raise ScriptError("no product to add after the refinement")
    sku = shown[0][1]
    replies = await session.say(sender, "add the first one to my cart")
    sizes = _add_payloads(replies)
    if sizes:  # the bot asks which size, one quick reply per size in stock
        payload, sku = rng.choice(sizes)
        await session.say(sender, payload)
    await session.say(sender, "show my cart")
    await session.say(sender, "checkout")
    link = re.search(
        rf"{re.escape(session.bot.stripe_url or '')}/pay/cs_test_\w+",
        _texts(await session.say(sender, "yes")),
    )
    if link is None:
        raise ScriptError("no payment link after 'yes'")
    page = await session.http.get(link.group(0))
    paid = await session.http.post(f"{link.group(0)}/pay")
    purchase = Purchase(sender, sku, page.status_code == 200 and paid.status_code in {302, 303})
    # A failure here is counted as an error; the purchase is audited all the same.
    with contextlib.suppress(httpx.HTTPError, ScriptError, ValueError):
        await session.say(sender, "where is my order?")
    return purchase


Conversation = Callable[[Session, random.Random], Awaitable[Purchase | None]]


async def run_level(
    bot: Bot, conversation: Conversation, concurrency: int, seconds: float
) -> tuple[LevelRun, list[Purchase], dict[str, int]]:
    """N users, each starting conversations until the time is up; (run, purchases, the most
    frequent reasons conversations stopped short)."""
    purchases: list[Purchase] = []
    finished = 0
    limits = httpx.Limits(max_connections=concurrency * 2, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(timeout=180, limits=limits) as http:
        session = Session(http, bot)

        async def user(number: int) -> None:
            nonlocal finished
            rng = random.Random(number)
            while time.perf_counter() < deadline:
                try:
                    purchase = await conversation(session, rng)
                except (httpx.HTTPError, ScriptError, ValueError) as error:
                    session.failed(str(error) or type(error).__name__)
                    continue
                finished += 1
                if purchase is not None:
                    purchases.append(purchase)

        _all_alive(bot.services)
        before = bot.cpu()
        started = time.perf_counter()
        deadline = started + seconds
        await asyncio.gather(*(user(n) for n in range(concurrency)))
        elapsed = time.perf_counter() - started
        after = bot.cpu()
        _all_alive(bot.services)
    # A process that ended during the level is left out; one that started counts from zero.
    used = {name: after[name] - before.get(name, 0.0) for name in after}
    run = LevelRun(
        concurrency, session.latencies_ms, session.errors, elapsed, sum(used.values()), finished
    )
    run.cpu_by_process = used
    failures = dict(session.failures.most_common(5))
    return run, purchases, failures


# --- the audit -----------------------------------------------------------------------------------


def end_state(database_url: str, conversation_id: str) -> EndState:
    cart = view_cart(UnitOfWork(database_url), conversation_id)
    with session_scope(database_url) as session:
        orders = session.exec(select(Order).where(Order.conversation_id == conversation_id)).all()
        events = session.exec(
            select(func.count())
            .select_from(PaymentEvent)
            .where(col(PaymentEvent.order_id).in_([order.id for order in orders]))
            .where(PaymentEvent.event_type == "checkout.session.completed")
        ).one()
        return EndState(
            conversation_id,
            len(cart.lines),
            [
                (
                    str(order.status),
                    [(line.sku, line.quantity) for line in order.lines],
                    order.receipt_sent_at is not None,
                )
                for order in orders
            ],
            events,
        )


def settled_states(
    database_url: str, purchases: list[Purchase], timeout: float = RECEIPT_TIMEOUT
) -> dict[str, EndState]:
    """End states once every paid order's receipt is out (or `timeout` seconds are over)."""

    def states() -> dict[str, EndState]:
        return {p.conversation_id: end_state(database_url, p.conversation_id) for p in purchases}

    def all_receipts() -> dict[str, EndState] | None:
        found = states()
        done = all(
            any(order[0] == "paid" and order[2] for order in found[p.conversation_id].orders)
            for p in purchases
            if p.paid
        )
        return found if done else None

    try:
        return wait_for(all_receipts, timeout=timeout, interval=1, what="receipts")
    except AssertionError:
        return states()  # audited as they are: what is missing counts as lost


# --- the run -------------------------------------------------------------------------------------


def options(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench load", description=__doc__)
    parser.add_argument(
        "--seconds",
        type=float,
        default=DEFAULT_SECONDS,
        help=f"how long each bot is driven at each level (default {DEFAULT_SECONDS:g})",
    )
    parser.add_argument(
        "--levels",
        type=lambda text: [int(n) for n in text.split(",")],
        default=list(DEFAULT_LEVELS),
        help="concurrent conversations, comma-separated (default 1,10,50)",
    )
    parser.add_argument(
        "--channels",
        type=lambda text: text.split(","),
        default=["rest", "messenger"],
        help="the shop's channels to drive, comma-separated (default rest,messenger)",
    )
    return parser.parse_args(argv)


def _measured(
    bot: Bot, conversation: Conversation, concurrency: int, seconds: float
) -> tuple[dict[str, Any], list[Purchase]]:
    run, purchases, failures = asyncio.run(run_level(bot, conversation, concurrency, seconds))
    figures = run.summary()
    figures["conversations_failed"] = sum(failures.values())
    figures["failures"] = failures
    return figures, purchases


def _audited(shop: Bot, purchases: list[Purchase]) -> dict[str, int]:
    assert shop.database_url is not None
    return audit(purchases, settled_states(shop.database_url, purchases))


def moodbot_level(moodbot: Bot, concurrency: int, seconds: float) -> dict[str, Any]:
    """A level's record, begun: the machine's load, then the moodbot driven."""
    level: dict[str, Any] = {
        "concurrency": concurrency,
        "load_average_1m_at_start": round(os.getloadavg()[0], 1),
    }
    print(f"{concurrency} concurrent: moodbot…", flush=True)
    level["moodbot"], _ = _measured(moodbot, moodbot_conversation, concurrency, seconds)
    level["moodbot"].pop("cpu_s_by_process", None)  # its one process: the total says it all
    return level


def run(settings: argparse.Namespace | None = None) -> dict[str, Any]:
    settings = settings or options([])
    levels = []
    with tempfile.TemporaryDirectory() as workdir, servers_running(Path(workdir)) as (shop, mood):
        for concurrency in settings.levels:
            level = moodbot_level(mood, concurrency, settings.seconds)
            print(f"{concurrency} concurrent: shop over REST…", flush=True)
            level["shop"], purchases = _measured(
                shop, shop_conversation, concurrency, settings.seconds
            )
            level.update(compare(level["shop"], level["moodbot"]))
            level["end_state"] = _audited(shop, purchases)
            if "messenger" in settings.channels:
                print(f"{concurrency} concurrent: shop over Messenger…", flush=True)
                level["shop_messenger"], purchases = _measured(
                    shop, messenger_conversation, concurrency, settings.seconds
                )
                level.update(
                    {
                        f"messenger_{key}": value
                        for key, value in compare(level["shop_messenger"], level["moodbot"]).items()
                    }
                )
                level["end_state_messenger"] = _audited(shop, purchases)
            levels.append(level)
            print(json.dumps(level, indent=2), flush=True)
    return {
        "summary": summary(levels),
        "setup": {
            "seconds_per_level": settings.seconds,
            "levels": settings.levels,
            "channels": settings.channels,
            "messenger": "signed webhook events to the connector in the shop's Rasa server; "
            "replies sent to a fake Graph API in the benchmark's process; a message's latency "
            "lasts until the send that ends its turn arrives",
            "client": "asyncio + httpx, closed loop: each user starts its next conversation when "
            "the last one ends; conversations under way at the end of a level are finished",
            "shop": "testkit stack: 1 Rasa server, 1 action server, web app, Stripe sandbox; "
            "SQLite with the demo catalog",
            "moodbot": "rasa init --no-prompt, same Rasa, same flags, in-memory tracker store",
            "shop_script": list(SHOP_SCRIPT),
            "moodbot_script": list(MOODBOT_SCRIPT),
            "cpu": "user + system seconds of each bot's server processes and their workers "
            "(/proc), per message",
        },
        "levels": levels,
        "model": ensure_model()[0].name,
    }
