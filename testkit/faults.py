"""Things to break under load, all private to the test: a PostgreSQL cluster and a Redis server
of its own on free ports (the machine's own services stay untouched, other tests use them), and
a loopback TCP proxy that balances over replicas or holds answers back.

Used by tests/e2e/scale/test_faults.py (docs/deploy.md, "Faults and what shoppers see").
"""

from __future__ import annotations

import asyncio
import glob
import os
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from testkit.net import free_port, port_open, wait_for

POSTGRES_USER = "postgres"  # initdb refuses to run as root: the cluster is this account's


def _postgres_bin(name: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    if not found:
        raise FileNotFoundError(f"/usr/lib/postgresql/*/bin/{name}: no PostgreSQL binaries")
    return found[-1]


class PrivatePostgres:
    """A throw-away PostgreSQL cluster on a free loopback port, in a directory of its own under
    the system's temporary folder (the server's account must reach it: pytest's folders are
    private to root)."""

    def __init__(self) -> None:
        self.directory = Path(tempfile.mkdtemp(prefix="faults-postgres-"))
        self.data = self.directory / "data"
        self.port = free_port()
        self.url = f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, *argv: str) -> None:
        as_owner = [] if os.geteuid() else ["runuser", "-u", POSTGRES_USER, "--"]
        done = subprocess.run([*as_owner, *argv], capture_output=True, text=True, timeout=120)
        if done.returncode:
            raise RuntimeError(f"{argv[0]} exited with {done.returncode}: {done.stderr[-2000:]}")

    def init(self) -> None:
        if not os.geteuid():
            shutil.chown(self.directory, POSTGRES_USER, POSTGRES_USER)
        self._run(
            _postgres_bin("initdb"),
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "--auth=trust",
            "-E",
            "UTF8",
            "--no-sync",
        )

    def start(self) -> None:
        options = f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run(
            _postgres_bin("pg_ctl"),
            "-D",
            str(self.data),
            "-o",
            options,
            "-w",
            "-l",
            str(self.directory / "postgres.log"),
            "start",
        )

    def stop(self) -> None:
        """A fast shutdown, as a restart by the operator or the host does: sessions cut."""
        self._run(_postgres_bin("pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")


@contextmanager
def private_postgres() -> Iterator[PrivatePostgres]:
    cluster = PrivatePostgres()
    try:
        cluster.init()
        cluster.start()
        yield cluster
    finally:
        with suppress(RuntimeError):  # not started, or already stopped by the test
            cluster.stop()
        shutil.rmtree(cluster.directory, ignore_errors=True)


class PrivateRedis:
    """A redis-server of our own on a free port, without persistence: stopped, it forgets."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}"
        self._process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        server = shutil.which("redis-server")
        if server is None:
            raise FileNotFoundError("redis-server is not on PATH")
        self._process = subprocess.Popen(
            [
                server,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.directory),
            ],
            stdout=subprocess.DEVNULL,
        )
        wait_for(lambda: port_open(self.port), timeout=10, what=f"redis on port {self.port}")

    def stop(self) -> None:
        if self._process is not None:
            self._process.kill()  # gone at once, as a crashed or unreachable server is
            self._process.wait(timeout=10)
            self._process = None


@contextmanager
def private_redis(directory: Path) -> Iterator[PrivateRedis]:
    server = PrivateRedis(directory)
    server.start()
    try:
        yield server
    finally:
        server.stop()


class TcpProxy:
    """A loopback TCP proxy in a thread of its own. Over several backends it balances as a load
    balancer does: each connection to the next one, skipping a backend that refuses it. While
    `delay` is set, each answer is held that many seconds before it is passed on (the upstream
    did the work; the caller waits)."""

    def __init__(self, backends: list[int], port: int | None = None) -> None:
        self.backends = backends
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.delay = 0.0
        self.held = 0  # answers held back
        self._turn = 0
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)

    def __enter__(self) -> TcpProxy:
        self._thread.start()
        if not self._ready.wait(10):
            raise RuntimeError(f"the proxy on port {self.port} did not start")
        return self

    def __exit__(self, *_exc: object) -> None:
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)

    def _serve(self) -> None:
        asyncio.set_event_loop(self._loop)
        self._loop.run_until_complete(asyncio.start_server(self._handle, "127.0.0.1", self.port))
        self._ready.set()
        self._loop.run_forever()

    async def _connect(self) -> tuple[asyncio.StreamReader, asyncio.StreamWriter] | None:
        self._turn += 1
        for step in range(len(self.backends)):
            port = self.backends[(self._turn + step) % len(self.backends)]
            with suppress(OSError):
                return await asyncio.open_connection("127.0.0.1", port)
        return None

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        upstream = await self._connect()
        if upstream is None:  # every backend down: the caller sees the connection close
            writer.close()
            return
        up_reader, up_writer = upstream
        asked = asyncio.Event()  # a request went up and its answer has not come back yet

        async def pipe(
            source: asyncio.StreamReader, sink: asyncio.StreamWriter, answers: bool
        ) -> None:
            with suppress(OSError, asyncio.IncompleteReadError):
                while data := await source.read(65536):
                    if not answers:
                        asked.set()
                    elif asked.is_set():
                        asked.clear()
                        if self.delay:
                            self.held += 1
                            await asyncio.sleep(self.delay)
                    sink.write(data)
                    await sink.drain()
            sink.close()

        await asyncio.gather(pipe(reader, up_writer, False), pipe(up_reader, writer, True))
