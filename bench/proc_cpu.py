"""CPU time of server processes, read from /proc: a process with its descendants (Sanic serves
the action server from worker processes, whose time the parent's own figures do not count), the
PostgreSQL backends serving one database, and the machine as a whole."""

from __future__ import annotations

import os
from pathlib import Path

HERTZ = os.sysconf("SC_CLK_TCK")


def _stat(pid: int | str) -> list[str]:
    """The fields of /proc/PID/stat after the command name (which may hold spaces)."""
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = _stat(stat.parent.name)
        except OSError:  # the process ended meanwhile
            continue
        tree.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    return tree


def tree_cpu_seconds(pid: int) -> float:
    """User + system CPU of a process and its live descendants."""
    tree, pending, total = _children(), [pid], 0
    while pending:
        current = pending.pop()
        pending.extend(tree.get(current, []))
        try:
            fields = _stat(current)
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of proc(5))
    return total / HERTZ


def postgres_backends(databases: set[str]) -> dict[int, float]:
    """CPU seconds of each PostgreSQL backend connected to one of `databases`, by pid; a backend
    names its database in its title: "postgres: 15/main: USER DATABASE HOST(PORT) STATE"."""
    found = {}
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            title = cmdline.read_bytes().replace(b"\0", b" ").decode(errors="replace").split()
            if len(title) < 4 or title[0] != "postgres:" or not databases & set(title[2:4]):
                continue
            fields = _stat(cmdline.parent.name)
        except OSError:
            continue
        found[int(cmdline.parent.name)] = (int(fields[11]) + int(fields[12])) / HERTZ
    return found


def named_processes(name: str) -> list[int]:
    """Pids of the processes whose command (comm) is `name`, e.g. redis-server."""
    pids = []
    for comm in Path("/proc").glob("[0-9]*/comm"):
        try:
            if comm.read_text().strip() == name:
                pids.append(int(comm.parent.name))
        except OSError:
            continue
    return pids


def machine_busy_seconds() -> tuple[float, float]:
    """(busy, total) CPU seconds of all cores since boot, from /proc/stat's first line."""
    ticks = [int(value) for value in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = ticks[3] + ticks[4]  # idle, iowait
    total = sum(ticks[:8])  # guest time is already counted in user
    return (total - idle) / HERTZ, total / HERTZ
