"""Run every benchmark and write its results to bench/results/<name>.json."""

from __future__ import annotations

import json
import os
import platform
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from functools import partial
from typing import Any

from bench import (
    RESULTS,
    catalog_100k,
    conversations,
    first_answer,
    first_search,
    flight_requests,
    flights,
    load,
    load_replicas,
    meal_orders,
    messenger_webhook,
    nlu_heldout,
    nlu_parse,
    payments,
    price_rules,
    relevance,
    search_demo,
    tracker_store,
    turn_profile,
)
from bench.blind_sets import SETS, conversation_set

BENCHMARKS: dict[str, Callable[..., dict[str, Any]]] = {
    "search_demo": search_demo.run,
    "first_search": first_search.run,
    "relevance": relevance.run,
    "catalog_100k": catalog_100k.run,
    "catalog_100k_postgres": catalog_100k.run_postgres,
    "flights": flights.run,
    "flights_postgres": flights.run_postgres,
    "payments": payments.run,
    "messenger_webhook": messenger_webhook.run,
    "nlu_heldout": nlu_heldout.run,
    "nlu_parse": nlu_parse.run,
    "price_rules": price_rules.run,
    "conversations": conversations.run,
    **{
        f"conversations_{number}": partial(conversations.run, conversation_set(number))
        for number in SETS
    },
    "load": load.run,
    "load_replicas": load_replicas.run,
    "meal_orders": meal_orders.run,
    "flight_requests": flight_requests.run,
    "turn_profile": turn_profile.run,
    "first_answer": first_answer.run,
    "tracker_store": tracker_store.run,
}
# Benchmarks that take options: `python -m bench load --seconds 15 --levels 1,10`.
OPTIONS = {
    "load": load.options,
    "load_replicas": load_replicas.options,
    "meal_orders": meal_orders.options,
}


def main(argv: list[str]) -> None:
    RESULTS.mkdir(exist_ok=True)
    if argv and argv[0] in OPTIONS:  # one benchmark, its options after its name
        runs = {argv[0]: partial(BENCHMARKS[argv[0]], OPTIONS[argv[0]](argv[1:]))}
    else:
        runs = {name: BENCHMARKS[name] for name in argv or list(BENCHMARKS)}
    for name, benchmark in runs.items():
        print(f"running {name}…", flush=True)
        # Before the run, so it is the other work on the shared 2 cores, not this benchmark.
        load_average = round(os.getloadavg()[0], 1)
        result = benchmark()
        result["machine"] = {
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
            "load_average_1m_at_start": load_average,
        }
        result["measured_at"] = datetime.now(UTC).isoformat(timespec="seconds")
        (RESULTS / f"{name}.json").write_text(json.dumps(result, indent=2) + "\n")
        print(json.dumps(result["summary"], indent=2))


if __name__ == "__main__":
    main(sys.argv[1:])
