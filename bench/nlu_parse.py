"""`/model/parse` latency of the trained model on a real Rasa server, held-out phrasings.

Starts `rasa run --enable-api` on a free loopback port (the model is trained first if its
inputs changed, and that training time is reported), sends each held-out message in turn
(EN and FR), and reports p50/p95 latency in milliseconds.
"""

from __future__ import annotations

import os
import re
import socket
import tempfile
import time
from pathlib import Path

import httpx
import yaml

from assistant.settings import PROJECT_ROOT
from assistant.stack import local
from assistant.supervisor import Service, Supervisor
from assistant.training import ensure_model, rasa_executable
from bench.search_demo import percentile

HELDOUT = PROJECT_ROOT / "tests" / "nlu_heldout"
WARMUP = 10
ROUNDS = 2  # every held-out message is parsed this many times
TOKEN = "bench-token"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _messages() -> list[str]:
    texts: list[str] = []
    for language in ("en", "fr"):
        for block in yaml.safe_load((HELDOUT / f"{language}.yml").read_text())["nlu"]:
            for line in block["examples"].splitlines():
                texts.append(_plain(line.removeprefix("- ").strip()))
    return [text for text in texts if text]


def _plain(annotated: str) -> str:
    """ "[red](color) shoes" -> "red shoes": the text a shopper would have typed."""
    without_json = re.sub(r"\[([^\]]+)\]\{[^}]*\}", r"\1", annotated)
    return re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", without_json)


def run() -> dict:
    started = time.perf_counter()
    model, trained = ensure_model()
    training_seconds = time.perf_counter() - started
    port = _free_port()
    messages = _messages()
    with tempfile.TemporaryDirectory() as workdir:
        env = {
            "RASA_TELEMETRY_ENABLED": "false",
            "TF_CPP_MIN_LOG_LEVEL": "2",
            "ASSISTANT_TRACKER_STORE_URL": f"sqlite:///{Path(workdir) / 'tracker.db'}",
            "ACTION_SERVER_URL": "http://127.0.0.1:9/webhook",
        }
        rasa = Service(
            "rasa",
            [
                str(rasa_executable()),
                "run",
                "--model",
                str(model),
                "--enable-api",
                "--auth-token",
                TOKEN,
                "--interface",
                "127.0.0.1",
                "--port",
                str(port),
                "--endpoints",
                "endpoints.yml",
            ],
            health_url=f"{local(port)}/status?token={TOKEN}",
            healthy=lambda response: (
                response.status_code == 200 and bool(response.json().get("model_id"))
            ),
            env={**os.environ, **env},
            cwd=str(PROJECT_ROOT),
        )
        with Supervisor([rasa], log=None) as supervisor, httpx.Client(timeout=60) as client:
            supervisor.wait_healthy(timeout=300)
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
