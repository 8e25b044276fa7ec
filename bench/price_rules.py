"""Time the price rules (`assistant.nlu.price_mentions.find_prices`) take per message, in
process, on the held-out messages: the share of a `/model/parse` that `PriceEntityExtractor`
adds, measured without a trained model."""

from __future__ import annotations

import time

from assistant.nlu.price_mentions import find_prices
from bench.heldout import messages as heldout_messages
from bench.search_demo import percentile

ROUNDS = 20  # every held-out message is read this many times


def run() -> dict:
    messages = heldout_messages()
    for text in messages:  # first calls fill the regex engine's caches
        find_prices(text)
    samples: list[float] = []
    for _ in range(ROUNDS):
        for text in messages:
            begin = time.perf_counter_ns()
            find_prices(text)
            samples.append((time.perf_counter_ns() - begin) / 1000)
    return {
        "benchmark": "price_rules",
        "summary": {
            "per_message_us_p50": round(percentile(samples, 0.50), 1),
            "per_message_us_p95": round(percentile(samples, 0.95), 1),
            "messages": len(messages),
            "calls": len(samples),
        },
    }
