"""HAProxy from Debian in front of Rasa replicas: the configuration, the process, and its
runtime API (taking a replica out of rotation and back without a restart).

Used by bench/load_replicas.py; tests/e2e/scale/test_haproxy.py checks that HAProxy accepts the
configuration and balances over the replicas it is given.
"""

from __future__ import annotations

import shutil
import socket
from pathlib import Path

from assistant.stack import local
from assistant.supervisor import Service

BACKEND = "rasa"


def haproxy_executable() -> str:
    found = shutil.which("haproxy")
    if found is None:
        raise RuntimeError("haproxy is not installed: apt-get install -y haproxy")
    return found


def server_name(index: int) -> str:
    return f"rasa-{index + 1}"


def haproxy_config(port: int, replicas: list[int], admin_socket: Path) -> str:
    """A frontend on `port` spreading requests over the Rasa servers on `replicas` (ports).

    leastconn: a turn lasts from tens of milliseconds to seconds, so counting requests under
    way spreads the work better than taking turns. The health check is Rasa's `/`; a replica
    busy with 50 conversations answers it late, hence the long check timeout and several
    failures before a replica is taken out.
    """
    servers = "\n".join(
        f"    server {server_name(index)} 127.0.0.1:{replica} check inter 2s fall 5 rise 1"
        for index, replica in enumerate(replicas)
    )
    return f"""global
    maxconn 4096
    nbthread 1
    stats socket {admin_socket} mode 600 level admin

defaults
    mode http
    timeout connect 5s
    timeout client 300s
    timeout server 300s
    timeout check 20s

frontend shoppers
    bind 127.0.0.1:{port}
    default_backend {BACKEND}

backend {BACKEND}
    balance leastconn
    option httpchk GET /
    http-check expect status 200
{servers}
"""


def haproxy_service(port: int, replicas: list[int], workdir: Path) -> Service:
    """HAProxy in the foreground (`-db`) with its configuration written into `workdir`."""
    config = workdir / "haproxy.cfg"
    config.write_text(haproxy_config(port, replicas, admin_socket(workdir)))
    return Service(
        "haproxy",
        [haproxy_executable(), "-db", "-f", str(config)],
        # Answered by a replica: healthy once HAProxy is up and one replica is in rotation.
        health_url=f"{local(port)}/",
    )


def admin_socket(workdir: Path) -> Path:
    return workdir / "haproxy.sock"


def admin_command(socket_path: Path, command: str) -> str:
    """One command on HAProxy's runtime API; its answer."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as client:
        client.settimeout(10)
        client.connect(str(socket_path))
        client.sendall(command.encode() + b"\n")
        chunks = []
        while chunk := client.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks).decode()


def in_rotation(socket_path: Path, replicas: int, count: int) -> None:
    """Only the first `count` of `replicas` servers receive requests; the others are set to
    maintenance (they keep running, idle)."""
    for index in range(replicas):
        state = "ready" if index < count else "maint"
        answer = admin_command(
            socket_path, f"set server {BACKEND}/{server_name(index)} state {state}"
        )
        if answer.strip():
            raise RuntimeError(f"haproxy refused to set {server_name(index)} {state}: {answer}")


def request_counts(socket_path: Path) -> dict[str, int]:
    """Responses each server has given so far (`show stat`: hrsp_1xx … hrsp_other; health
    checks not counted), to show how the balancer spread the load."""
    lines = admin_command(socket_path, "show stat").splitlines()
    header = lines[0].lstrip("# ").split(",")
    counts = {}
    for line in lines[1:]:
        row = dict(zip(header, line.split(","), strict=False))
        if row.get("pxname") == BACKEND and row.get("svname", "").startswith("rasa-"):
            counts[row["svname"]] = sum(
                int(row[column] or 0) for column in header if column.startswith("hrsp_")
            )
    return counts
