"""Start several server processes, prefix their logs, wait until healthy, stop them cleanly."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TextIO

import httpx

COLOURS = ["\033[36m", "\033[35m", "\033[33m", "\033[32m", "\033[34m", "\033[31m"]
RESET = "\033[0m"


class StartupError(RuntimeError):
    """A service exited or did not become healthy in time; the message names it."""


@dataclass
class Service:
    name: str
    argv: list[str]
    health_url: str
    env: dict[str, str] = field(default_factory=dict)
    # Sent with each health check: credentials go in headers, never in the URL.
    health_headers: dict[str, str] = field(default_factory=dict)
    cwd: str | None = None
    # Extra check on the health response (e.g. Rasa's /status must name a loaded model).
    healthy: Callable[[httpx.Response], bool] = lambda response: response.status_code == 200
    process: subprocess.Popen[str] | None = None


class Supervisor:
    """Context manager: `with Supervisor(services) as s: s.wait_healthy()`; stops all on exit."""

    def __init__(
        self, services: list[Service], log: TextIO | None = sys.stdout, colour: bool | None = None
    ) -> None:
        self.services = services
        self.log = log
        self.colour = (log is not None and log.isatty()) if colour is None else colour
        self._lock = threading.Lock()
        self._threads: list[threading.Thread] = []
        self.lines: dict[str, list[str]] = {service.name: [] for service in services}

    def __enter__(self) -> Supervisor:
        self.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stop()

    def start(self) -> None:
        """Start every service. Call it from a thread that outlives them: Linux signals a child
        when the thread that started it ends (PR_SET_PDEATHSIG, see `die_with_parent`)."""
        width = max(len(service.name) for service in self.services)
        # Our servers stop with us even if we are killed outright.
        launcher = [sys.executable, "-m", "assistant.die_with_parent", str(os.getpid())]
        for index, service in enumerate(self.services):
            env = {**os.environ, "PYTHONUNBUFFERED": "1", **service.env}
            # bandit B603: argv lists of assistant.stack, no shell
            service.process = subprocess.Popen(  # nosec B603
                [*launcher, *service.argv],
                cwd=service.cwd,
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                text=True,
                errors="replace",
                start_new_session=True,  # Ctrl-C reaches us only; we stop children in order
            )
            prefix = service.name.ljust(width)
            if self.colour:
                prefix = f"{COLOURS[index % len(COLOURS)]}{prefix}{RESET}"
            thread = threading.Thread(
                target=self._pump, args=(service, f"{prefix} | "), daemon=True
            )
            thread.start()
            self._threads.append(thread)

    def _pump(self, service: Service, prefix: str) -> None:
        assert service.process is not None and service.process.stdout is not None
        for line in service.process.stdout:
            line = line.rstrip("\n")
            self.lines[service.name].append(line)
            del self.lines[service.name][:-500]  # keep the tail for error reports
            if self.log is not None:
                with self._lock:
                    print(prefix + line, file=self.log, flush=True)

    def wait_healthy(self, timeout: float = 180.0, interval: float = 0.25) -> None:
        """Poll every health URL, every `interval` seconds, until all answer; raise
        StartupError naming the laggard."""
        deadline = time.monotonic() + timeout
        pending = list(self.services)
        with httpx.Client(timeout=2.0) as client:
            while pending:
                for service in list(pending):
                    assert service.process is not None
                    if service.process.poll() is not None:
                        tail = "\n".join(self.lines[service.name][-30:])
                        raise StartupError(
                            f"{service.name} exited with code {service.process.returncode}:\n{tail}"
                        )
                    try:
                        if service.healthy(
                            client.get(service.health_url, headers=service.health_headers)
                        ):
                            pending.remove(service)
                    except httpx.HTTPError:
                        pass
                if pending and time.monotonic() > deadline:
                    names = ", ".join(service.name for service in pending)
                    raise StartupError(f"not healthy after {timeout:.0f} s: {names}")
                if pending:
                    time.sleep(interval)

    def stop(self, grace: float = 10.0) -> None:
        """SIGTERM every service (in reverse start order), SIGKILL what is left after `grace`."""
        running = [s for s in reversed(self.services) if s.process and s.process.poll() is None]
        for service in running:
            assert service.process is not None
            with contextlib.suppress(ProcessLookupError):
                os.killpg(service.process.pid, signal.SIGTERM)
        deadline = time.monotonic() + grace
        for service in running:
            assert service.process is not None
            try:
                service.process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(service.process.pid, signal.SIGKILL)
                service.process.wait()
        for thread in self._threads:
            thread.join(timeout=2)

    def first_exited(self) -> Service | None:
        return next(
            (s for s in self.services if s.process is not None and s.process.poll() is not None),
            None,
        )
