"""The first catalog search of a fresh process against the ones after it (demo catalog).

The first `catalog.search.search` of a process builds the catalog snapshot and loads the query
encoder; `python -m actions.server` does that while it starts (`actions.warm_up`), so a shopper's
first search costs what a warm one does. Each round starts a new interpreter (`python -m
bench.first_search URL`): a process that already searched (e.g. `python -m bench` after
search_demo) would have the encoder loaded. Module imports are not timed: the action server
imports them before it serves anything.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import time

from assistant.kernel.database import session_scope
from assistant.kernel.settings import PROJECT_ROOT
from assistant.schema import upgrade
from catalog.importer import import_catalog
from catalog.search import SearchQuery, search
from testkit.paths import DEMO_CATALOG

PROCESSES = 5
QUERIES = [SearchQuery(text="red t-shirt"), SearchQuery(text="chaussures de course")]


def _timed_search(url: str, query: SearchQuery) -> float:
    """Milliseconds for one search, session opening included (as an action does)."""
    started = time.perf_counter()
    with session_scope(url) as session:
        search(session, query)
    return (time.perf_counter() - started) * 1000


def probe(url: str) -> dict[str, float]:
    """In a fresh process: the first search, then the same and another query warm."""
    first = _timed_search(url, QUERIES[0])
    warm = [_timed_search(url, query) for query in QUERIES]
    return {"first_ms": first, "warm_ms": statistics.median(warm)}


def run() -> dict:
    with tempfile.TemporaryDirectory() as workdir:
        url = f"sqlite:///{workdir}/bench.db"
        upgrade(url)
        with session_scope(url) as session:
            import_catalog(session, DEMO_CATALOG)
        rounds = [
            json.loads(
                subprocess.run(
                    [sys.executable, "-m", "bench.first_search", url],
                    cwd=PROJECT_ROOT,
                    capture_output=True,
                    text=True,
                    check=True,
                ).stdout
            )
            for _ in range(PROCESSES)
        ]
    return {
        "benchmark": "first_search",
        "summary": {
            "first_search_ms_median": round(statistics.median(r["first_ms"] for r in rounds)),
            "warm_search_ms_median": round(statistics.median(r["warm_ms"] for r in rounds), 1),
            "processes": PROCESSES,
        },
        "rounds": [{key: round(value, 1) for key, value in r.items()} for r in rounds],
    }


if __name__ == "__main__":
    print(json.dumps(probe(sys.argv[1])))
