"""Messenger connector overhead: webhook acknowledgement latency and events handled per second.

The real connector runs in the Rasa venv (testkit/connector_harness.py) with an echo
dialogue, so this measures the channel (read, verify, parse, queue, send with limits, Graph
round trip to a loopback fake), not Rasa's NLU or policies.
"""

from __future__ import annotations

import json
import statistics
import tempfile
import time
from pathlib import Path

import httpx

from assistant.channels.signature import HEADER, sign
from testkit.messenger import FakeGraph, connector_running, text_item

SECRET, TOKEN = "bench-secret", "bench-token"
SENDERS = 20
SINGLE_POSTS = 300
BATCH_POSTS, BATCH_SIZE = 50, 10


def _body(events: list[tuple[str, str]]) -> bytes:
    messaging = [text_item(sender, f"hello {mid}", mid) for sender, mid in events]
    return json.dumps(
        {"object": "page", "entry": [{"id": "page", "messaging": messaging}]}
    ).encode()


def _post(client: httpx.Client, url: str, body: bytes) -> float:
    started = time.perf_counter()
    response = client.post(url, content=body, headers={HEADER: sign(SECRET, body)})
    response.raise_for_status()
    return time.perf_counter() - started


def _drain(graph: FakeGraph, expected: int, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while len(graph.messages()) < expected:
        if time.monotonic() > deadline:
            raise RuntimeError(f"only {len(graph.messages())} of {expected} replies arrived")
        time.sleep(0.01)


def run() -> dict:
    graph = FakeGraph(TOKEN)
    credentials = {
        "verify": "v",
        "secret": SECRET,
        "page-access-token": TOKEN,
        "graph-api-url": graph.url,
        "typing-delay": 30,
    }
    with (
        tempfile.TemporaryDirectory() as workdir,
        connector_running(credentials, Path(workdir) / "connector.log") as connector,
    ):
        url = f"{connector}/webhooks/messenger/webhook"
        with httpx.Client(timeout=30) as client:
            for n in range(20):  # warm-up
                _post(client, url, _body([("warm", f"w{n}")]))
            _drain(graph, 20)
            graph.reset()

            started = time.perf_counter()
            acks = [
                _post(client, url, _body([(f"s{n % SENDERS}", f"m{n}")]))
                for n in range(SINGLE_POSTS)
            ]
            _drain(graph, SINGLE_POSTS)
            single_seconds = time.perf_counter() - started
            graph.reset()

            started = time.perf_counter()
            batch_acks = [
                _post(
                    client,
                    url,
                    _body([(f"s{k % SENDERS}", f"b{n}-{k}") for k in range(BATCH_SIZE)]),
                )
                for n in range(BATCH_POSTS)
            ]
            _drain(graph, BATCH_POSTS * BATCH_SIZE)
            batch_seconds = time.perf_counter() - started
    graph.close()
    ms = [a * 1000 for a in acks]
    ordered = sorted(ms)
    summary = {
        "ack_ms_p50": round(statistics.median(ms), 2),
        "ack_ms_p95": round(ordered[int(0.95 * len(ordered))], 2),
        "ack_ms_max": round(max(ms), 2),
        "single_event_posts_per_s_end_to_end": round(SINGLE_POSTS / single_seconds, 1),
        "batched_events_per_s_end_to_end": round(BATCH_POSTS * BATCH_SIZE / batch_seconds, 1),
        "batch_ack_ms_p50": round(statistics.median(b * 1000 for b in batch_acks), 2),
    }
    return {
        "summary": summary,
        "setup": {
            "senders": SENDERS,
            "single_posts": SINGLE_POSTS,
            "batch_posts": BATCH_POSTS,
            "batch_size": BATCH_SIZE,
            "dialogue": "echo (no NLU)",
            "graph": "loopback fake, contract-checked",
        },
    }
