"""Relevance on the demo catalog: precision@5 and NDCG@10 of keyword, semantic and hybrid
ranking over the labelled queries of bench/relevance_queries.py (English and French)."""

from __future__ import annotations

import math
import statistics
import tempfile
import time

from assistant.db import get_engine, session_scope
from assistant.schema import upgrade
from bench.relevance_queries import QUERIES
from catalog.importer import import_catalog
from catalog.search import RANKINGS, SearchQuery, search
from testkit.paths import DEMO_CATALOG


def precision_at(ranked: list[str], relevant: set[str], k: int) -> float:
    return sum(1 for group_id in ranked[:k] if group_id in relevant) / k


def ndcg_at(ranked: list[str], relevant: set[str], k: int) -> float:
    gain = sum(1 / math.log2(i + 2) for i, gid in enumerate(ranked[:k]) if gid in relevant)
    ideal = sum(1 / math.log2(i + 2) for i in range(min(k, len(relevant))))
    return gain / ideal


def evaluate(url: str, ranking: str) -> dict:
    per_language: dict[str, list[tuple[float, float]]] = {"en": [], "fr": []}
    worst: list[tuple[float, str]] = []
    with session_scope(url) as session:
        for text, language, relevant in QUERIES:
            # Stock is not relevance: judge ranking over the whole catalog.
            result = search(
                session, SearchQuery(text=text, ranking=ranking, in_stock=False, limit=10)
            )
            ranked = [hit.group_id for hit in result.hits]
            scores = (precision_at(ranked, set(relevant), 5), ndcg_at(ranked, set(relevant), 10))
            per_language[language].append(scores)
            worst.append((scores[1], text))
    every = per_language["en"] + per_language["fr"]

    def summary(pairs: list[tuple[float, float]]) -> dict[str, float]:
        return {
            "precision_at_5": round(statistics.mean(p for p, _ in pairs), 3),
            "ndcg_at_10": round(statistics.mean(n for _, n in pairs), 3),
        }

    return {
        "all": summary(every),
        "en": summary(per_language["en"]),
        "fr": summary(per_language["fr"]),
        "worst_queries": [f"{text} ({score:.2f})" for score, text in sorted(worst)[:5]],
    }


def run() -> dict:
    with tempfile.TemporaryDirectory() as workdir:
        url = f"sqlite:///{workdir}/relevance.db"
        upgrade(url)
        with session_scope(url) as session:
            import_catalog(session, DEMO_CATALOG)
        started = time.perf_counter()
        results = {ranking: evaluate(url, ranking) for ranking in RANKINGS}
        seconds = time.perf_counter() - started
        get_engine(url).dispose()
    return {
        "benchmark": "relevance",
        "queries": {"all": len(QUERIES), "fr": sum(1 for q in QUERIES if q[1] == "fr")},
        "results": results,
        "summary": {
            ranking: results[ranking]["all"]
            | {"fr_ndcg_at_10": results[ranking]["fr"]["ndcg_at_10"]}
            for ranking in RANKINGS
        },
        "seconds": round(seconds, 1),
    }
