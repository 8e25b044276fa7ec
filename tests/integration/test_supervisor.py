"""Servers started by the supervisor do not outlive it, even when it is killed outright."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys

from testkit.net import free_port, port_open, wait_for

SUPERVISOR = """
import sys, time
from assistant.supervisor import Service, Supervisor
port = int(sys.argv[1])
server = Service(
    "http",
    [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1"],
    f"http://127.0.0.1:{port}/",
)
supervisor = Supervisor([server], log=None)
supervisor.start()
supervisor.wait_healthy(timeout=30)
print(server.process.pid, flush=True)
time.sleep(120)
"""


def test_servers_stop_when_the_supervisor_is_killed() -> None:
    port = free_port()
    parent = subprocess.Popen(
        [sys.executable, "-c", SUPERVISOR, str(port)], stdout=subprocess.PIPE, text=True
    )
    assert parent.stdout is not None
    server_pid = int(parent.stdout.readline())
    try:
        assert port_open(port)
        parent.kill()  # SIGKILL: the supervisor gets no chance to stop anything
        parent.wait(timeout=10)
        wait_for(lambda: not port_open(port), timeout=10, what="the orphaned server to stop")
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.kill(server_pid, signal.SIGKILL)
        if parent.poll() is None:
            parent.kill()
