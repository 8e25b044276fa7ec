"""`assistant run` (behind `make run`): all healthy, the bot answers, Ctrl-C stops all."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import httpx

from testkit.net import free_port, port_open, wait_for

ASSISTANT = str(Path(sys.executable).parent / "assistant")


def test_run_answers_hi_and_stops_everything_on_ctrl_c(tmp_path: Path) -> None:
    ports = {name: free_port() for name in ("rasa", "actions", "web", "stripe", "localstripe")}
    log = tmp_path / "run.log"
    env = {**os.environ, "ASSISTANT_DATABASE_URL": f"sqlite:///{tmp_path / 'shop.db'}"}
    env.pop("STRIPE_SECRET_KEY", None)
    with log.open("w") as output:
        process = subprocess.Popen(
            [ASSISTANT, "run", *(f"--{name}-port={port}" for name, port in ports.items())],
            stdout=output,
            stderr=subprocess.STDOUT,
            env=env,
            # As from a shell's background job: SIGINT starts out ignored.
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN),
        )
    try:
        wait_for(
            lambda: "Ready in" in log.read_text() or process.poll() is not None, 400, interval=0.5
        )
        assert process.poll() is None, log.read_text()[-3000:]
        assert "loaded the demo catalog: 159 products" in log.read_text()
        replies = httpx.post(
            f"http://127.0.0.1:{ports['rasa']}/webhooks/rest/webhook",
            json={"sender": "run-test", "message": "hi"},
            timeout=60,
        ).json()
        assert "shop assistant" in replies[0]["text"]
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=60) == 0, log.read_text()[-3000:]
        assert "Stopping" in log.read_text()
        assert not [name for name, port in ports.items() if port_open(port)]
    finally:
        if process.poll() is None:
            process.kill()
