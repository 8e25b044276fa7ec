"""Run every benchmark and write its results to bench/results/<name>.json."""

from __future__ import annotations

import json
import platform
import sys
from datetime import UTC, datetime
from pathlib import Path

from bench import catalog_100k, messenger_webhook, nlu_parse, payments, relevance, search_demo

RESULTS = Path(__file__).resolve().parent / "results"
BENCHMARKS = {
    "search_demo": search_demo.run,
    "relevance": relevance.run,
    "catalog_100k": catalog_100k.run,
    "catalog_100k_postgres": catalog_100k.run_postgres,
    "payments": payments.run,
    "messenger_webhook": messenger_webhook.run,
    "nlu_parse": nlu_parse.run,
}


def main(names: list[str]) -> None:
    RESULTS.mkdir(exist_ok=True)
    for name in names or list(BENCHMARKS):
        print(f"running {name}…", flush=True)
        result = BENCHMARKS[name]()
        result["machine"] = {
            "python": platform.python_version(),
            "cpus": __import__("os").cpu_count(),
            "platform": platform.platform(),
        }
        result["measured_at"] = datetime.now(UTC).isoformat(timespec="seconds")
        (RESULTS / f"{name}.json").write_text(json.dumps(result, indent=2) + "\n")
        print(json.dumps(result["summary"], indent=2))


if __name__ == "__main__":
    main(sys.argv[1:])
