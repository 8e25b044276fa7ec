"""Run every benchmark and write its results to bench/results/<name>.json."""

from __future__ import annotations

import json
import os
import platform
import sys
from datetime import UTC, datetime

from bench import (
    RESULTS,
    catalog_100k,
    conversations,
    first_search,
    messenger_webhook,
    nlu_heldout,
    nlu_parse,
    payments,
    price_rules,
    relevance,
    search_demo,
)

BENCHMARKS = {
    "search_demo": search_demo.run,
    "first_search": first_search.run,
    "relevance": relevance.run,
    "catalog_100k": catalog_100k.run,
    "catalog_100k_postgres": catalog_100k.run_postgres,
    "payments": payments.run,
    "messenger_webhook": messenger_webhook.run,
    "nlu_heldout": nlu_heldout.run,
    "nlu_parse": nlu_parse.run,
    "price_rules": price_rules.run,
    "conversations": conversations.run,
}


def main(names: list[str]) -> None:
    RESULTS.mkdir(exist_ok=True)
    for name in names or list(BENCHMARKS):
        print(f"running {name}…", flush=True)
        # Before the run, so it is the other work on the shared 2 cores, not this benchmark.
        load_average = round(os.getloadavg()[0], 1)
        result = BENCHMARKS[name]()
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
