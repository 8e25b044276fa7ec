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
    "conversations_2": conversations.run_second_set,
    "conversations_3": conversations.run_third_set,
    "conversations_4": conversations.run_fourth_set,
    "conversations_5": conversations.run_fifth_set,
    "conversations_6": conversations.run_sixth_set,
    "conversations_7": conversations.run_seventh_set,
    "conversations_8": conversations.run_eighth_set,
    "conversations_9": conversations.run_ninth_set,
    "conversations_10": conversations.run_tenth_set,
    "conversations_11": conversations.run_eleventh_set,
    "conversations_12": conversations.run_twelfth_set,
    "conversations_13": conversations.run_thirteenth_set,
    "conversations_14": conversations.run_fourteenth_set,
    "conversations_15": conversations.run_fifteenth_set,
    "conversations_16": conversations.run_sixteenth_set,
    "conversations_17": conversations.run_seventeenth_set,
    "conversations_18": conversations.run_eighteenth_set,
    "conversations_19": conversations.run_nineteenth_set,
    "conversations_20": conversations.run_twentieth_set,
    "conversations_21": conversations.run_twenty_first_set,
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
