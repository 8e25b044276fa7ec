"""`python -m bench turn_profile`: what one shopping turn costs, part by part, and how that cost
moves as a conversation grows to 200 turns.

1. The shop's whole stack (testkit's: Rasa, action server, web app, Stripe sandbox; SQLite with
   the demo catalog) on free loopback ports. One shopper plays a loop of ten messages (a search,
   a refinement, details, add to cart, a size, the cart, another search, cheaper, details,
   thanks) twenty times over Rasa's REST channel: 200 turns in one conversation, after one
   untimed pass in another conversation (the processes' first turns load what later ones
   reuse). Around each turn: `/model/parse` of the same text (the NLU alone, over HTTP), the
   turn's latency, the CPU time of the Rasa and action server process trees (/proc), and the
   action server's own totals (`/metrics`, actions/metrics.py: time per call, request size,
   catalog search, SQL). Rasa's tracker is dumped at a few lengths. A fresh conversation then
   plays the loop once: the same process state, a short tracker.
2. The stack stopped, the Rasa venv's Python loads the same model in process
   (bench/rasa_components.py) and times each graph node: every NLU component on the loop's
   messages; and, on each dumped tracker, the tracker retrieved from its stored rows (our SQL
   tracker store's window, and the whole conversation rebuilt as Rasa's store did), the
   policies' prediction on both (the same action?), and the action call's JSON.

Figures per window of ten turns (one loop, the same messages): turns 1-10, 41-50, ...,
191-200. Writes bench/results/turn_profile.json; `python -m bench.report --write` renders
docs/performance.md.
"""

from __future__ import annotations

import json
import os
import random
import statistics
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import astuple, dataclass
from pathlib import Path
from typing import Any

import httpx
from pydantic import SecretStr

from assistant.kernel.settings import PROJECT_ROOT, Settings
from assistant.stack import build_services, local
from assistant.training import RASA_VENV, ensure_model
from bench.load import plenty_of_stock
from bench.proc_cpu import tree_cpu_seconds
from testkit.databases import load_demo_catalog, migrated_database
from testkit.processes import running
from testkit.stack import free_stack_ports

TURNS = 200
LOOP = 10  # messages in one pass of the script; a window of figures is one pass
SNAPSHOTS = (5, 50, 100, 150, 200)  # turns after which Rasa's tracker is dumped
TOKEN = "turn-profile-token"
SECRET = "turn-profile-action-secret-0000000000000"
NLU_ROUNDS = 5  # each loop message parsed this many times in process
TRACKER_ROUNDS = 7  # the fastest of these is kept
STARTUP_TIMEOUT = 1200
LOG = PROJECT_ROOT / "reports" / "turn-profile-servers.log"
DETAILS = "/product_details"
ADD = "/add_to_cart"


# --- the servers ---------------------------------------------------------------------------------


@dataclass
class Shop:
    rasa_url: str
    actions_url: str
    pids: dict[str, int]  # rasa, actions


@contextmanager
def shop_running(model: Path, workdir: Path) -> Iterator[Shop]:
    with migrated_database("sqlite", workdir) as database_url:
        load_demo_catalog(database_url)
        plenty_of_stock(database_url)  # twenty carts' worth of adds must not sell a size out
        settings = Settings(
            database_url=database_url,
            rasa_token=SecretStr(TOKEN),
            action_server_secret=SecretStr(SECRET),
            stripe_secret_key=None,
            _env_file=None,
        )
        ports = free_stack_ports()
        assert len(set(astuple(ports))) == len(astuple(ports))
        LOG.parent.mkdir(exist_ok=True)
        print("starting the shop's stack…", flush=True)
        services = build_services(settings, model, ports)
        with running(services, LOG, timeout=STARTUP_TIMEOUT) as supervisor:
            pids = {s.name: s.process.pid for s in supervisor.services if s.process}
            yield Shop(
                local(ports.rasa),
                local(ports.actions),
                {"rasa": pids["rasa"], "actions": pids["actions"]},
            )


# --- the conversation ----------------------------------------------------------------------------


def _payloads(replies: list[dict[str, Any]], prefix: str) -> list[str]:
    return [
        button["payload"]
        for reply in replies
        for button in reply.get("buttons") or []
        if (button.get("payload") or "").startswith(prefix)
    ]


class Script:
    """The loop's next message, from what the bot last answered (a button it offered)."""

    def __init__(self, seed: int = 7) -> None:
        self.rng = random.Random(seed)

    def message(self, turn: int, last: list[dict[str, Any]]) -> str:
        step = (turn - 1) % LOOP
        if step == 0:
            return "I'm looking for a t-shirt"
        if step == 1:
            return "in red"
        if step == 2:
            return next(iter(_payloads(last, DETAILS)), "tell me more about the first one")
        if step == 3:
            return "add the first one to my cart"
        if step == 4:  # the size asked, else the cart
            sizes = _payloads(last, ADD)
            return self.rng.choice(sizes) if sizes else "show my cart"
        return (
            "show my cart",
            "show me sneakers under 80 euros",
            "cheaper ones",
            "tell me more about the second one",
            "thanks",
        )[step - 5]


@dataclass
class Turn:
    turn: int
    text: str
    parse_ms: float  # /model/parse of the same text, just before
    latency_ms: float  # the REST channel's answer
    rasa_cpu_ms: float
    actions_cpu_ms: float
    action_calls: int
    action_handler_ms: float  # the action server's own time, arrival to response
    action_request_bytes: int
    search_ms: float
    sql_ms: float
    sql_in_search_ms: float
    sql_statements: int
    replies: int


def _metrics(client: httpx.Client, shop: Shop) -> dict[str, Any]:
    response = client.get(
        f"{shop.actions_url}/metrics", headers={"Authorization": f"Bearer {SECRET}"}
    )
    response.raise_for_status()
    figures: dict[str, Any] = response.json()["all"]
    return figures


def _cpu(shop: Shop) -> dict[str, float]:
    return {name: tree_cpu_seconds(pid) for name, pid in shop.pids.items()}


def play(
    client: httpx.Client, shop: Shop, turns: int, snapshots: tuple[int, ...] = ()
) -> tuple[list[Turn], dict[str, list[dict[str, Any]]]]:
    """One conversation of `turns` messages; its turns and Rasa's tracker events at `snapshots`."""
    sender = f"profile-{uuid.uuid4().hex[:12]}"
    script, replies = Script(), []
    played, dumped = [], {}
    for number in range(1, turns + 1):
        text = script.message(number, replies)
        started = time.perf_counter()
        client.post(
            f"{shop.rasa_url}/model/parse?token={TOKEN}", json={"text": text}
        ).raise_for_status()
        parse_ms = (time.perf_counter() - started) * 1000
        cpu, metrics = _cpu(shop), _metrics(client, shop)
        started = time.perf_counter()
        response = client.post(
            f"{shop.rasa_url}/webhooks/rest/webhook", json={"sender": sender, "message": text}
        )
        latency_ms = (time.perf_counter() - started) * 1000
        response.raise_for_status()
        replies = response.json()
        cpu_after, after = _cpu(shop), _metrics(client, shop)
        played.append(
            Turn(
                number,
                text,
                round(parse_ms, 2),
                round(latency_ms, 2),
                round((cpu_after["rasa"] - cpu["rasa"]) * 1000, 1),
                round((cpu_after["actions"] - cpu["actions"]) * 1000, 1),
                after["calls"] - metrics["calls"],
                round(after["handler_ms"] - metrics["handler_ms"], 2),
                after["request_bytes"] - metrics["request_bytes"],
                round(after["search_ms"] - metrics["search_ms"], 2),
                round(after["sql_ms"] - metrics["sql_ms"], 2),
                round(after["sql_in_search_ms"] - metrics["sql_in_search_ms"], 2),
                after["sql_statements"] - metrics["sql_statements"],
                len(replies),
            )
        )
        if number in snapshots:
            tracker = client.get(f"{shop.rasa_url}/conversations/{sender}/tracker?token={TOKEN}")
            tracker.raise_for_status()
            dumped[f"turn_{number}"] = tracker.json()["events"]
    return played, dumped


# --- the figures ---------------------------------------------------------------------------------

_MEANS = (
    "latency_ms",
    "parse_ms",
    "rasa_cpu_ms",
    "actions_cpu_ms",
    "action_calls",
    "action_handler_ms",
    "search_ms",
    "sql_ms",
    "sql_in_search_ms",
    "sql_statements",
)


def window(turns: list[Turn], label: str) -> dict[str, Any]:
    """Means per turn over a window (one pass of the loop, so the same messages each time)."""
    rows = [vars(turn) for turn in turns]
    figures: dict[str, Any] = {
        "window": label,
        "turns": len(rows),
        "latency_ms_median": round(statistics.median(r["latency_ms"] for r in rows), 1),
    }
    for key in _MEANS:
        figures[key] = round(statistics.fmean(r[key] for r in rows), 2)
    figures["action_request_kb"] = round(
        statistics.fmean(r["action_request_bytes"] for r in rows) / 1024, 1
    )
    calls = sum(r["action_calls"] for r in rows)
    figures["action_request_kb_per_call"] = (
        round(sum(r["action_request_bytes"] for r in rows) / calls / 1024, 1) if calls else None
    )
    # Rasa's part of the turn beyond the NLU: the policies, the tracker store, the action calls'
    # serialisation, its own HTTP handling (the action server's time taken out).
    figures["rasa_beyond_nlu_ms"] = round(
        figures["latency_ms"] - figures["parse_ms"] - figures["action_handler_ms"], 2
    )
    return figures


def windows(turns: list[Turn]) -> list[dict[str, Any]]:
    ends = sorted({LOOP, *(n for n in SNAPSHOTS if n >= LOOP)})
    return [window(turns[end - LOOP : end], f"turns {end - LOOP + 1}-{end}") for end in ends]


def composition(events: list[dict[str, Any]]) -> dict[str, Any]:
    """What the conversation's tracker is made of: per event type (a slot's name for `slot`),
    how many events and how many bytes of JSON, the biggest first."""
    counts: dict[str, list[int]] = {}
    for event in events:
        kind = event.get("event") or "?"
        if kind == "slot":
            kind = f"slot {event.get('name')}"
        entry = counts.setdefault(kind, [0, 0])
        entry[0] += 1
        entry[1] += len(json.dumps(event))
    ordered = sorted(counts.items(), key=lambda item: -item[1][1])
    return {
        "events": len(events),
        "bytes": sum(size for _, size in counts.values()),
        "by_kind": [{"kind": kind, "events": n, "bytes": size} for kind, (n, size) in ordered],
    }


def in_process(
    model: Path, messages: list[str], trackers: dict[str, list[dict[str, Any]]], workdir: Path
) -> dict[str, Any]:
    """bench/rasa_components.py in the Rasa venv, on the same model, messages and trackers."""
    source, target = workdir / "components-in.json", workdir / "components-out.json"
    source.write_text(
        json.dumps(
            {
                "model": str(model),
                "messages": messages,
                "rounds": NLU_ROUNDS,
                "tracker_rounds": TRACKER_ROUNDS,
                "trackers": trackers,
            }
        )
    )
    print("timing the model's components in process…", flush=True)
    done = subprocess.run(
        [str(RASA_VENV / "bin" / "python"), "-m", "bench.rasa_components", source, target],
        cwd=PROJECT_ROOT,
        env={**os.environ, "RASA_TELEMETRY_ENABLED": "false", "LOG_LEVEL": "WARNING"},
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"bench/rasa_components.py failed:\n{done.stderr[-3000:]}")
    figures: dict[str, Any] = json.loads(target.read_text())
    return figures


def run() -> dict[str, Any]:
    model, _ = ensure_model()
    with tempfile.TemporaryDirectory() as directory:
        workdir = Path(directory)
        with shop_running(model, workdir) as shop, httpx.Client(timeout=120) as client:
            # Untimed: the first turns of fresh processes load and compile what later ones reuse.
            play(client, shop, LOOP)
            print(f"one conversation of {TURNS} turns…", flush=True)
            long, trackers = play(client, shop, TURNS, SNAPSHOTS)
            print("a fresh conversation, one loop…", flush=True)
            fresh, _ = play(client, shop, LOOP)
        messages = sorted({turn.text for turn in long if not turn.text.startswith("/")})
        components = in_process(model, messages, trackers, workdir)
    grown = windows(long)
    first, last = grown[0], grown[-1]
    return {
        "model": model.name,
        "summary": {
            "latency_ms_turns_1_10": first["latency_ms"],
            "latency_ms_turns_191_200": last["latency_ms"],
            "rasa_cpu_ms_turns_1_10": first["rasa_cpu_ms"],
            "rasa_cpu_ms_turns_191_200": last["rasa_cpu_ms"],
            "action_request_kb_per_call_turns_1_10": first["action_request_kb_per_call"],
            "action_request_kb_per_call_turns_191_200": last["action_request_kb_per_call"],
            "nlu_parse_ms_in_process": components["nlu"]["parse_ms_median"],
        },
        "windows": grown,
        "fresh_conversation": window(fresh, "fresh conversation, turns 1-10"),
        "in_process": components,
        "tracker_at_200_turns": composition(trackers[f"turn_{TURNS}"]),
        "turns": [vars(turn) for turn in long],
        "setup": {
            "turns": TURNS,
            "loop": [Script().message(n, []) for n in range(1, LOOP + 1)],
            "loop_note": "details and sizes are the buttons the bot offered (their payloads)",
            "stack": "testkit stack: 1 Rasa server (SQL tracker store on SQLite), 1 action "
            "server, web app, Stripe sandbox; SQLite with the demo catalog",
            "cpu": "user + system time of the Rasa and action server process trees (/proc), "
            "10 ms resolution, per turn",
            "action_server": "actions/metrics.py totals read before and after each turn",
            "tracker_repeats": TRACKER_ROUNDS,
            "in_process": "bench/rasa_components.py: per graph node, the median ms over "
            f"{NLU_ROUNDS} rounds of the loop's messages; per tracker, the fastest of "
            f"{TRACKER_ROUNDS} repeats",
        },
    }
