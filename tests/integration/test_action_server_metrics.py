"""The action server's own timings at /metrics (actions.metrics): each action call is counted
with its size and time, behind the shared secret. The real `python -m actions.server` process."""

from __future__ import annotations

from pathlib import Path

from testkit.net import LOOPBACK, free_port
from testkit.processes import running
from tests.integration.test_action_server_auth import CALL, SECRET, action_server


def test_metrics_total_the_action_calls(tmp_path: Path) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    right = {"Authorization": f"Bearer {SECRET}"}
    with running([action_server(port, tmp_path, ACTION_SERVER_SECRET=SECRET)], tmp_path / "log"):
        assert LOOPBACK.get(f"{url}/metrics").status_code == 401
        assert LOOPBACK.get(f"{url}/metrics", headers=right).json()["all"]["calls"] == 0
        for _ in range(2):
            LOOPBACK.post(f"{url}/webhook", json=CALL, headers=right)
        garbled = LOOPBACK.post(f"{url}/webhook", content=b"{not json", headers=right)
        assert garbled.status_code == 400  # Rasa SDK's own answer, untouched by the timing
        read = LOOPBACK.get(f"{url}/metrics", headers=right).json()
    assert read["all"]["calls"] == 3 and read["by_action"]["?"]["calls"] == 1
    assert read["all"]["handler_ms"] > 0
    assert read["by_action"][CALL["next_action"]]["request_bytes"] > 2 * len('"tracker"')
    assert read["all"]["searches"] == 0
