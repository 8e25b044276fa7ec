"""Catalog load time and search latency on the demo catalog (embedded SQLite)."""

from __future__ import annotations

import statistics
import tempfile
import time

from assistant.kernel.database import session_scope
from assistant.schema import upgrade
from catalog.importer import import_catalog
from catalog.search import SearchQuery, search
from testkit.paths import DEMO_CATALOG

QUERIES = [
    SearchQuery(text="t-shirt", color="red"),
    SearchQuery(text="running shoes", max_price_minor=8000),
    SearchQuery(text="laptop"),
    SearchQuery(text="I'm looking for a red t-shirt"),
    SearchQuery(text="coffee beans"),
    SearchQuery(text="wireless headphones", max_price_minor=15000),
    SearchQuery(text="chaussures de course"),
    SearchQuery(text="hoodie", size="M"),
]
ROUNDS = 50


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def run() -> dict:
    with tempfile.TemporaryDirectory() as workdir:
        url = f"sqlite:///{workdir}/bench.db"
        upgrade(url)
        started = time.perf_counter()
        with session_scope(url) as session:
            report = import_catalog(session, DEMO_CATALOG)
        load_seconds = time.perf_counter() - started
        latencies: list[float] = []
        with session_scope(url) as session:
            search(session, QUERIES[0])  # builds the in-memory index once
            for _ in range(ROUNDS):
                for query in QUERIES:
                    started = time.perf_counter()
                    search(session, query)
                    latencies.append((time.perf_counter() - started) * 1000)
    return {
        "benchmark": "search_demo",
        "catalog": {"products": report.added, "file": DEMO_CATALOG.name},
        "summary": {
            "load_seconds": round(load_seconds, 3),
            "search_ms_p50": round(statistics.median(latencies), 2),
            "search_ms_p95": round(percentile(latencies, 0.95), 2),
            "search_ms_p99": round(percentile(latencies, 0.99), 2),
            "searches": len(latencies),
        },
    }
