"""`python -m bench first_answer`: from a fresh clone to the first answer, as a newcomer waits.

Clones the repository's committed HEAD into a temporary folder and runs `make run` there with
nothing cached: no virtual environments, an empty pip cache, an empty model cache, no database.
A client posts "hi" to Rasa's REST channel every two seconds until an answer comes; that is the
first answer. The run is stopped (SIGINT, as Ctrl-C) and `make run` started again in the same
clone: the second answer time is what every later run costs. Each line `make run` prints is
timed, and the phases read from them: the two virtual environments (built side by side), the
demo data loaded, the model trained, the services started.

`make run` binds the default ports (Rasa 5005, actions 5055, web 8000, Stripe sandbox 8010 and
localstripe 8420): run it with no other shop running on this machine. The machine's load
counts, as for every benchmark here: the load average at the start is in the result.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from assistant.kernel.settings import PROJECT_ROOT
from assistant.stack import Ports

ANSWER_TIMEOUT = 1800.0  # seconds; a fresh clone on busy shared cores trains slowly
POLL_SECONDS = 2.0
# What `make run` prints as it goes (Makefile, assistant/cli/main.py), first occurrence of each.
PHASES = {
    "app_venv_started": re.compile(r"^building \.venv with"),
    "rasa_venv_started": re.compile(r"^building \.venv-rasa with"),
    "demo_catalog_loaded": re.compile(r"^loaded the demo catalog"),
    "model_ready": re.compile(r"^model models/"),
    "services_ready": re.compile(r"Ready.* in \d+ s"),
}


@dataclass
class TimedOutput:
    """The lines a process prints, each with the seconds since `started`."""

    started: float
    lines: list[tuple[float, str]] = field(default_factory=list)

    def follow(self, stream: Any) -> None:
        for raw in stream:
            self.lines.append((time.monotonic() - self.started, raw.rstrip("\n")))

    def first(self, pattern: re.Pattern[str]) -> float | None:
        return next((at for at, line in self.lines if pattern.search(line)), None)


def _ports_free() -> None:
    ports = Ports()
    for port in (ports.rasa, ports.actions, ports.web, ports.stripe_sandbox, ports.localstripe):
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                raise SystemExit(f"error: port {port} is in use: stop the shop running here first")


@contextmanager
def _make_run(clone: Path, env: dict[str, str]) -> Iterator[TimedOutput]:
    """`make run` in the clone, its output timed; stopped as Ctrl-C stops it."""
    output = TimedOutput(started=time.monotonic())
    process = subprocess.Popen(
        ["make", "run"],
        cwd=clone,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,  # its own process group, signalled as a terminal would
    )
    reader = threading.Thread(target=output.follow, args=(process.stdout,), daemon=True)
    reader.start()
    try:
        yield output
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGINT)
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        reader.join(timeout=10)


def _first_answer(output: TimedOutput, rasa_url: str) -> float:
    """Seconds from `make run` to the first non-empty answer to "hi"."""
    sender = f"first-answer-{uuid.uuid4().hex[:8]}"
    deadline = output.started + ANSWER_TIMEOUT
    with httpx.Client(timeout=30) as client:
        while time.monotonic() < deadline:
            try:
                response = client.post(
                    f"{rasa_url}/webhooks/rest/webhook", json={"sender": sender, "message": "hi"}
                )
                if response.status_code == 200 and response.json():
                    return time.monotonic() - output.started
            except httpx.HTTPError:
                pass  # not up yet
            time.sleep(POLL_SECONDS)
    tail = "\n".join(line for _, line in output.lines[-30:])
    raise SystemExit(f"error: no answer after {ANSWER_TIMEOUT:.0f} s; `make run` said:\n{tail}")


def _phases(output: TimedOutput) -> dict[str, float | None]:
    return {
        name: None if (at := output.first(pattern)) is None else round(at, 1)
        for name, pattern in PHASES.items()
    }


def run() -> dict[str, Any]:
    _ports_free()
    rasa_url = f"http://127.0.0.1:{Ports().rasa}"
    with tempfile.TemporaryDirectory(prefix="first-answer-") as workdir:
        clone = Path(workdir) / "shop"
        subprocess.run(
            ["git", "clone", "--quiet", str(PROJECT_ROOT), str(clone)], check=True, timeout=300
        )
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=clone,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("ASSISTANT_", "VIRTUAL_ENV", "STRIPE_", "RASA_"))
        }
        env |= {
            "PIP_CACHE_DIR": str(Path(workdir) / "pip-cache"),  # a new machine's: empty
            "ASSISTANT_MODEL_CACHE": str(Path(workdir) / "model-cache"),
        }
        runs = []
        for label in ("fresh_clone", "second_run"):
            with _make_run(clone, env) as output:
                answered = _first_answer(output, rasa_url)
                time.sleep(1)  # the lines printed with the answer
                runs.append(
                    {
                        "run": label,
                        "first_answer_seconds": round(answered, 1),
                        "phases_seconds": _phases(output),
                    }
                )
            print(f"  {label}: first answer after {answered:.0f} s", flush=True)
    fresh, second = runs
    return {
        "summary": {
            "fresh_clone_first_answer_seconds": fresh["first_answer_seconds"],
            "second_run_first_answer_seconds": second["first_answer_seconds"],
        },
        "commit": commit,
        "runs": runs,
    }
