"""`python -m bench load_replicas [--replicas 1,2] [--levels 1,10,50] [--seconds 15]`: the shop
on the production topology, one Rasa replica against several, with the stock moodbot (one Rasa
process, as in `python -m bench load`) in the same run.

The shop: Rasa replicas on deploy/endpoints.production.yml (a PostgreSQL tracker store, our Redis
lock store, a RabbitMQ event broker) behind HAProxy from Debian (leastconn, health check on
Rasa's `/`), one action server, the web app and the Stripe sandbox; the shop's database a fresh
PostgreSQL database with the demo catalog. The web app's receipts go through HAProxy too.

One stack with the most replicas asked for runs for the whole benchmark. At each concurrency
level the moodbot is driven first, then the shop once per replica count over REST, the replicas
beyond the count set to maintenance through HAProxy's runtime API (they stay up, idle): every
count meets the same database, the same machine and nearly the same moment. After each shop run
the purchases are audited as in `bench load` (none lost, none doubled).

CPU per message counts every process the shop needs: the Rasa replicas, the action server (its
Sanic workers included), the web app, the Stripe sandbox, HAProxy, the PostgreSQL backends of the
shop's two databases, and Redis and RabbitMQ (machine-wide services: another user's work on them
would count too). The moodbot's is its one process. Writes `bench/results/load_replicas.json`.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import make_url

from assistant.schema import upgrade
from assistant.stack import Ports, build_services, local, rasa_service, stack_environment
from assistant.training import ensure_model
from bench.load import (
    SERVERS_LOG,
    STARTUP_TIMEOUT,
    Bot,
    _audited,
    _measured,
    cpu_seconds,
    moodbot_level,
    moodbot_service,
    plenty_of_stock,
    shop_conversation,
)
from bench.load_stats import compare, ratio
from bench.proc_cpu import machine_busy_seconds, named_processes, postgres_backends
from testkit.databases import fresh_postgres_database, load_demo_catalog
from testkit.haproxy import admin_socket, haproxy_service, in_rotation, request_counts, server_name
from testkit.net import free_ports
from testkit.processes import running
from testkit.replicas import (
    ENDPOINTS,
    delete_queue,
    new_queue,
    production_environment,
    scale_settings,
)

DEFAULT_REPLICAS = (1, 2)
DEFAULT_LEVELS = (1, 10, 50)
DEFAULT_SECONDS = 15.0
# Shared services on this machine whose work the shop causes (lock store, event broker).
SHARED_SERVICES = {"redis-server": "redis", "beam.smp": "rabbitmq"}


@dataclass
class Topology:
    shop: Bot
    moodbot: Bot
    admin: Path  # HAProxy's runtime API socket
    replicas: int


def _shop_cpu(pids: dict[str, int], databases: set[str]) -> dict[str, float]:
    """CPU seconds so far of every process the replicated shop uses, by "group:pid" beyond the
    shop's own servers."""
    used = cpu_seconds(pids)
    for pid, seconds in postgres_backends(databases).items():
        used[f"postgres:{pid}"] = seconds
    for command, group in SHARED_SERVICES.items():
        for pid in named_processes(command):
            with contextlib.suppress(OSError):
                used[f"{group}:{pid}"] = cpu_seconds({group: pid})[group]
    return used


@contextmanager
def topology_running(replicas: int, workdir: Path, action_workers: int) -> Iterator[Topology]:
    model, _ = ensure_model()
    with (
        fresh_postgres_database("load_shop") as shop_url,
        fresh_postgres_database("load_tracker") as tracker_url,
    ):
        upgrade(shop_url)
        load_demo_catalog(shop_url)
        plenty_of_stock(shop_url)
        settings = scale_settings(shop_url)
        balancer, actions, web, sandbox, localstripe, mood, *rasa_ports = free_ports(6 + replicas)
        ports = Ports(balancer, actions, web, sandbox, localstripe)  # Rasa's URL: HAProxy's
        queue = new_queue()
        env = {**stack_environment(settings, ports), **production_environment(tracker_url, queue)}
        services = [s for s in build_services(settings, model, ports) if s.name != "rasa"]
        for service in services:
            if service.name == "actions":  # rasa_sdk's own setting
                service.env["ACTION_SERVER_SANIC_WORKERS"] = str(action_workers)
        services += [
            rasa_service(server_name(index), settings, model, port, env, endpoints=ENDPOINTS)
            for index, port in enumerate(rasa_ports)
        ]
        services.append(haproxy_service(balancer, rasa_ports, workdir))
        services.append(moodbot_service(settings, mood))
        databases = {str(make_url(url).database) for url in (shop_url, tracker_url)}
        print(f"starting the shop with {replicas} Rasa replicas and the moodbot…", flush=True)
        SERVERS_LOG.parent.mkdir(exist_ok=True)
        try:
            with running(services, SERVERS_LOG, timeout=STARTUP_TIMEOUT) as supervisor:
                pids = {s.name: s.process.pid for s in supervisor.services if s.process}
                shop_pids = {name: pid for name, pid in pids.items() if name != "moodbot"}
                shop = Bot(
                    "shop",
                    local(balancer),
                    shop_pids,
                    shop_url,
                    local(sandbox),
                    services=[s for s in supervisor.services if s.name != "moodbot"],
                    cpu_of=lambda: _shop_cpu(shop_pids, databases),
                )
                moodbot = Bot(
                    "moodbot",
                    local(mood),
                    {"moodbot": pids["moodbot"]},
                    services=[s for s in supervisor.services if s.name == "moodbot"],
                )
                yield Topology(shop, moodbot, admin_socket(workdir), replicas)
        finally:
            delete_queue(queue)


# --- the arithmetic ------------------------------------------------------------------------------


def cpu_groups(by_process: dict[str, float]) -> dict[str, float]:
    """CPU seconds by kind of process: "rasa-1:…" and "rasa-2" -> "rasa", "postgres:812" ->
    "postgres"."""
    groups: dict[str, float] = {}
    for name, seconds in by_process.items():
        group = name.split(":", 1)[0]
        group = "rasa" if group.startswith("rasa-") else group
        groups[group] = round(groups.get(group, 0.0) + seconds, 2)
    return dict(sorted(groups.items()))


def scaling(runs: list[dict[str, Any]]) -> dict[str, Any] | None:
    """From the fewest replicas to the most at one level: how many times the throughput and the
    CPU per message grew (a factor of 2.0 in throughput would be perfect scaling)."""
    if len(runs) < 2:
        return None
    fewest, most = runs[0], runs[-1]
    return {
        "from_replicas": fewest["replicas"],
        "to_replicas": most["replicas"],
        "msg_per_s_factor": ratio(most["shop"]["msg_per_s"], fewest["shop"]["msg_per_s"]),
        "p95_factor": ratio(most["shop"]["p95_ms"], fewest["shop"]["p95_ms"]),
        "cpu_s_per_msg_factor": ratio(
            most["shop"]["cpu_s_per_msg"], fewest["shop"]["cpu_s_per_msg"]
        ),
    }


def summary(levels: list[dict[str, Any]]) -> dict[str, Any]:
    audits = [run["end_state"] for level in levels for run in level["runs"]]
    figures: dict[str, Any] = {
        "lost": sum(audit["lost"] for audit in audits),
        "doubled": sum(audit["doubled"] for audit in audits),
        "purchases_paid": sum(audit["paid_at_sandbox"] for audit in audits),
    }
    for level in levels:
        figures[f"c{level['concurrency']}"] = {
            "moodbot_msg_per_s": level["moodbot"]["msg_per_s"],
            **{
                f"shop_{run['replicas']}_replicas_msg_per_s": run["shop"]["msg_per_s"]
                for run in level["runs"]
            },
            **{
                f"throughput_ratio_to_moodbot_{run['replicas']}_replicas": run[
                    "throughput_ratio_to_moodbot"
                ]
                for run in level["runs"]
            },
            "scaling": level["scaling"],
        }
    return figures


# --- the run -------------------------------------------------------------------------------------


def options(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench load_replicas", description=__doc__)

    def numbers(text: str) -> list[int]:
        return sorted({int(n) for n in text.split(",")})

    parser.add_argument(
        "--replicas",
        type=numbers,
        default=list(DEFAULT_REPLICAS),
        help="Rasa replica counts to compare, comma-separated (default 1,2)",
    )
    parser.add_argument(
        "--levels",
        type=numbers,
        default=list(DEFAULT_LEVELS),
        help="concurrent conversations, comma-separated (default 1,10,50)",
    )
    parser.add_argument(
        "--seconds",
        type=float,
        default=DEFAULT_SECONDS,
        help=f"seconds per bot, replica count and level (default {DEFAULT_SECONDS:g})",
    )
    parser.add_argument(
        "--action-workers",
        type=int,
        default=1,
        help="Sanic workers of the action server (ACTION_SERVER_SANIC_WORKERS; default 1)",
    )
    return parser.parse_args(argv)


def _shop_run(topology: Topology, count: int, concurrency: int, seconds: float) -> dict[str, Any]:
    in_rotation(topology.admin, topology.replicas, count)
    load_average = round(os.getloadavg()[0], 1)
    requests_before = request_counts(topology.admin)
    busy_before, total_before = machine_busy_seconds()
    ours_before = sum(topology.moodbot.cpu().values()) + time.process_time()
    figures, purchases = _measured(topology.shop, shop_conversation, concurrency, seconds)
    ours_after = sum(topology.moodbot.cpu().values()) + time.process_time()
    busy_after, total_after = machine_busy_seconds()
    requests_after = request_counts(topology.admin)
    figures["cpu_s_by_group"] = cpu_groups(figures.pop("cpu_s_by_process", {}))
    busy, wall = busy_after - busy_before, (total_after - total_before) / (os.cpu_count() or 1)
    # Beyond the shop, the idle moodbot and this client: other users' work on the shared cores.
    others = busy - figures["cpu_s"] - (ours_after - ours_before)
    return {
        "replicas": count,
        "load_average_1m_at_start": load_average,
        "shop": figures,
        "client_cpu_s_per_msg": round(
            (ours_after - ours_before) / max(figures["messages"], 1), 4
        ),  # the moodbot idle meanwhile: its share is near nothing
        "requests_by_replica": {
            name: requests_after[name] - requests_before.get(name, 0) for name in requests_after
        },
        # Both cores, all processes on the machine (other users' work included).
        "machine_cpu_busy": round(busy / (total_after - total_before), 2),
        "other_work_cores": round(max(others, 0.0) / wall, 2),
        "end_state": _audited(topology.shop, purchases),
    }


def run(settings: argparse.Namespace | None = None) -> dict[str, Any]:
    settings = settings or options([])
    levels = []
    with (
        tempfile.TemporaryDirectory() as workdir,
        topology_running(
            max(settings.replicas), Path(workdir), settings.action_workers
        ) as topology,
    ):
        for concurrency in settings.levels:
            level = moodbot_level(topology.moodbot, concurrency, settings.seconds)
            level["runs"] = []
            for count in settings.replicas:
                print(f"{concurrency} concurrent: shop on {count} replicas…", flush=True)
                shop_run = _shop_run(topology, count, concurrency, settings.seconds)
                shop_run.update(compare(shop_run["shop"], level["moodbot"]))
                level["runs"].append(shop_run)
            level["scaling"] = scaling(level["runs"])
            levels.append(level)
            print(json.dumps(level, indent=2), flush=True)
    return {
        "summary": summary(levels),
        "setup": {
            "seconds_per_level": settings.seconds,
            "levels": settings.levels,
            "replicas": settings.replicas,
            "action_server_workers": settings.action_workers,
            "channel": "REST",
            "shop": "Rasa replicas on deploy/endpoints.production.yml (PostgreSQL tracker store, "
            "Redis lock store, RabbitMQ event broker) behind HAProxy (leastconn, health check "
            "on /); 1 action server, web app, Stripe sandbox; the shop on PostgreSQL with the "
            "demo catalog; replicas beyond the count in maintenance, idle",
            "moodbot": "rasa init --no-prompt, one Rasa process, in-memory tracker store",
            "cpu": "user + system seconds per message: the shop's servers with their workers, "
            "HAProxy, the PostgreSQL backends of its two databases, Redis and RabbitMQ; the "
            "moodbot's one process",
        },
        "levels": levels,
        "model": ensure_model()[0].name,
    }
