"""`/model/parse` latency of the trained model on a real Rasa server, held-out phrasings.

Starts `rasa run --enable-api` on a free loopback port (the model is trained first if its
inputs changed, and that training time is reported), sends each held-out message in turn
(EN and FR), and reports p50/p95 latency in milliseconds.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import httpx
from pydantic import SecretStr

from assistant.kernel.settings import Settings
from assistant.stack import Ports, build_services, local
from assistant.training import ensure_model
from bench.heldout import messages as heldout_messages
from bench.search_demo import percentile
from testkit.net import free_port
from testkit.processes import running

WARMUP = 10
ROUNDS = 2  # every held-out message is parsed this many times
TOKEN = "bench-token"


def run() -> dict:
    started = time.perf_counter()
    model, trained = ensure_model()
    training_seconds = time.perf_counter() - started
    port = free_port()
    messages = heldout_messages()
    with tempfile.TemporaryDirectory() as workdir:
        # The Rasa service exactly as `assistant run` starts it, on its own port and database.
        settings = Settings(
            database_url=f"sqlite:///{Path(workdir) / 'shop.db'}",
            rasa_token=SecretStr(TOKEN),
            _env_file=None,
        )
        ports = Ports(rasa=port, actions=free_port(), web=free_port())
        rasa = next(s for s in build_services(settings, model, ports) if s.name == "rasa")
        rasa_log = Path(workdir) / "rasa.log"
        with running([rasa], rasa_log), httpx.Client(timeout=60) as client:
            url = f"{local(port)}/model/parse?token={TOKEN}"
            for text in messages[:WARMUP]:
                client.post(url, json={"text": text}).raise_for_status()
            samples = []
            for _ in range(ROUNDS):
                for text in messages:
                    begin = time.perf_counter()
                    client.post(url, json={"text": text}).raise_for_status()
                    samples.append((time.perf_counter() - begin) * 1000)
    return {
        "model": model.name,
        "summary": {
            "parse_p50_ms": round(percentile(samples, 0.50), 1),
            "parse_p95_ms": round(percentile(samples, 0.95), 1),
            "requests": len(samples),
            "trained_now": trained,
            "training_seconds": round(training_seconds, 1) if trained else None,
        },
    }
