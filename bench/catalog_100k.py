"""Load and search a synthetic catalog of 100,000 products (fixed seed, generated on the fly).

Measures: load time and rows/s (embeddings included), an unchanged reload, snapshot build,
search latency p50/p95/p99 with and without filters, and resident memory. SQLite by default;
catalog_100k_postgres runs the same on a fresh database of the local PostgreSQL server.
"""

from __future__ import annotations

import csv
import os
import random
import resource
import statistics
import tempfile
import time
from pathlib import Path

from assistant.kernel.database import get_engine, session_scope
from assistant.schema import upgrade
from catalog.importer import import_catalog
from catalog.search import SearchQuery, search
from catalog.snapshot import current_snapshot
from testkit.databases import fresh_postgres_database

PRODUCTS = 100_000
SEED = 20261125
HEADER = (
    "id,item_group_id,title,description,availability,condition,price,link,image_link,brand,"
    "color,size,material,product_type,quantity_to_sell_on_facebook"
).split(",")
KINDS = {
    "Clothing": ["T-Shirt", "Hoodie", "Jeans", "Jacket", "Socks", "Sweater", "Shorts", "Dress",
                 "Skirt", "Polo Shirt", "Coat", "Leggings"],
    "Shoes": ["Running Shoes", "Sneakers", "Boots", "Sandals", "Loafers", "Slippers"],
    "Electronics": ["Laptop", "Headphones", "Earbuds", "Keyboard", "Mouse", "Monitor",
                    "Smartphone", "Charger", "Cable", "Speaker", "Tablet", "Webcam"],
    "Home": ["Mug", "Water Bottle", "Lamp", "Blanket", "Pillow", "Towel", "Candle"],
    "Food": ["Coffee Beans", "Green Tea", "Dark Chocolate", "Olive Oil", "Pasta", "Granola"],
    "Accessories": ["Backpack", "Wallet", "Belt", "Cap", "Scarf", "Sunglasses", "Watch"],
}  # fmt: skip
ADJECTIVES = (
    "Classic Essential Lightweight Heavyweight Slim Relaxed Vintage Modern Compact Premium "
    "Everyday Outdoor Urban Soft Rugged Minimal Organic Waterproof Insulated Wireless Portable "
    "Deluxe Sport Travel Eco Retro Pro Ultra Cozy Bold"
).split()
MATERIALS = "cotton wool linen leather suede nylon polyester bamboo steel glass ceramic".split()
COLORS = "black white red blue navy green grey beige brown pink yellow orange purple".split()
SIZES = ["XS", "S", "M", "L", "XL"]
QUERIES = [
    "running shoes", "red t-shirt", "wireless headphones", "laptop", "coffee beans",
    "waterproof jacket", "chaussures de course", "sac à dos", "gourde", "cozy wool sweater",
    "minimal leather wallet", "casque sans fil", "thé vert", "portable speaker", "sneakers",
]  # fmt: skip


def generate(path: Path, products: int = PRODUCTS, seed: int = SEED) -> int:
    """Write a Meta feed of `products` products (1-3 variants each); returns the row count."""
    rng = random.Random(seed)
    brands = [f"{rng.choice(ADJECTIVES)}{rng.choice(['co', 'works', 'labs', 'wear'])} {i}"
              for i in range(300)]  # fmt: skip
    kinds = [(category, kind) for category, names in KINDS.items() for kind in names]
    rows = 0
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for number in range(products):
            category, kind = rng.choice(kinds)
            material = rng.choice(MATERIALS)
            title = f"{rng.choice(ADJECTIVES)} {material.title()} {kind}"
            brand = rng.choice(brands)
            description = (
                f"{title} by {brand}: {rng.choice(ADJECTIVES).lower()} design in {material}, "
                f"made for {rng.choice(['everyday use', 'travel', 'the outdoors', 'the office'])}."
            )
            group = f"P{number:06d}"
            base = rng.randrange(500, 50_000)
            for color in rng.sample(COLORS, rng.randint(1, 3)):
                size = rng.choice(SIZES) if category in {"Clothing", "Shoes"} else ""
                writer.writerow([
                    f"{group}-{color}", group, title, description,
                    "in stock" if rng.random() > 0.1 else "out of stock", "new",
                    f"{base / 100:.2f} EUR", f"https://shop.example.com/p/{group}",
                    f"https://shop.example.com/i/{group}.jpg", brand, color, size, material,
                    f"{category} > {kind}", rng.randrange(0, 50),
                ])  # fmt: skip
                rows += 1
    return rows


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)
    return 0.0


def latencies(url: str, queries: list[SearchQuery]) -> dict[str, float]:
    samples: list[float] = []
    cpu: list[float] = []
    with session_scope(url) as session:
        for query in queries:
            started, cpu_started = time.perf_counter(), time.process_time()
            search(session, query)
            samples.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - cpu_started) * 1000)
    return {
        "cpu_p95_ms": round(percentile(cpu, 0.95), 2),
        "searches": len(samples),
        "p50_ms": round(statistics.median(samples), 2),
        "p95_ms": round(percentile(samples, 0.95), 2),
        "p99_ms": round(percentile(samples, 0.99), 2),
    }


def run() -> dict:
    return measure(os.environ.get("BENCH_DATABASE_URL"))


def run_postgres() -> dict:
    """The same on a fresh database of the local PostgreSQL server (dropped afterwards)."""
    with fresh_postgres_database("bench_catalog") as url:
        return measure(url)


def measure(database_url: str | None) -> dict:
    rng = random.Random(SEED)
    load_average = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as workdir:
        feed = Path(workdir) / "catalog_100k.csv"
        rows = generate(feed)
        url = database_url or f"sqlite:///{workdir}/bench.db"
        upgrade(url)
        started, cpu_started = time.perf_counter(), time.process_time()
        with session_scope(url) as session:
            report = import_catalog(session, feed, "meta")
        load_seconds = time.perf_counter() - started
        # CPU time too: the machine's 2 cores are shared, so wall time includes waiting.
        load_cpu_seconds = time.process_time() - cpu_started
        started = time.perf_counter()
        with session_scope(url) as session:
            again = import_catalog(session, feed, "meta")
        reload_seconds = time.perf_counter() - started
        rss_before_index = rss_mb()
        started = time.perf_counter()
        with session_scope(url) as session:
            current_snapshot(session)
        index_seconds = time.perf_counter() - started
        plain = [SearchQuery(text=rng.choice(QUERIES), limit=10) for _ in range(300)]
        filtered = [
            SearchQuery(
                text=rng.choice(QUERIES),
                max_price_minor=rng.randrange(2_000, 30_000),
                color=rng.choice(COLORS),
                size=rng.choice([None, "M", "L"]),
                limit=10,
            )
            for _ in range(300)
        ]
        latencies(url, plain[:20])  # warm the query encoder
        without_filters = latencies(url, plain)
        with_filters = latencies(url, filtered)
        get_engine(url).dispose()
    return {
        "benchmark": "catalog_100k",
        "database": url.split(":", 1)[0],
        "catalog": {
            "products": report.added,
            "variant_rows": rows,
            "rejected": report.rejected,
            "distinct_embedded_texts": report.embedded,
            "seed": SEED,
        },
        "summary": {
            "load_seconds": round(load_seconds, 1),
            "load_cpu_seconds": round(load_cpu_seconds, 1),
            "load_rows_per_second": round(rows / load_seconds),
            "load_products_per_second": round(report.added / load_seconds),
            "load_phases_seconds": report.seconds,
            "reload_unchanged_seconds": round(reload_seconds, 1),
            "reload_unchanged": again.unchanged,
            "index_build_seconds": round(index_seconds, 2),
            "search_without_filters": without_filters,
            "search_with_filters": with_filters,
            "rss_mb_before_index": rss_before_index,
            "rss_mb_after_searches": rss_mb(),
            "load_average_at_start": round(load_average, 1),
            "max_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        },
    }
