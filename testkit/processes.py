"""Server processes for the length of a block, through the app's own supervisor."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from assistant.supervisor import Service, Supervisor


@contextmanager
def running(services: list[Service], log_path: Path, timeout: float = 300) -> Iterator[Supervisor]:
    """Start server processes, wait until all are healthy, stop them afterwards.

    Their output goes to `log_path`; if start-up fails, its tail is printed into the test report.
    """
    with log_path.open("w") as log_file, Supervisor(services, log=log_file, colour=False) as sup:
        try:
            # Polled often: tests wait for each start, and a health check costs a millisecond.
            sup.wait_healthy(timeout=timeout, interval=0.02)
        except Exception:
            log_file.flush()
            print(log_path.read_text()[-5000:])
            raise
        yield sup
