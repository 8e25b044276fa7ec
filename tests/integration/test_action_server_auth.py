"""Issue 13, finding 5: the action server runs actions only for callers holding the secret it
shares with Rasa (ACTION_SERVER_SECRET), and refuses to start without one in production.
The real `python -m actions.server` process on a loopback port."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.kernel.settings import PROJECT_ROOT
from assistant.supervisor import Service
from testkit.net import LOOPBACK, free_port
from testkit.processes import running

SECRET = "a-shared-secret-of-forty-characters-0000"
CALL = {"next_action": "action_that_does_not_exist", "sender_id": "s1", "tracker": {}, "domain": {}}


def action_server(port: int, tmp_path: Path, **env: str) -> Service:
    return Service(
        "actions",
        [sys.executable, "-m", "actions.server", "--actions", "actions", "--port", str(port)],
        health_url=f"http://127.0.0.1:{port}/health",
        env={
            "SANIC_HOST": "127.0.0.1",
            "ASSISTANT_DATABASE_URL": f"sqlite:///{tmp_path / 'shop.db'}",
            **env,
        },
        cwd=str(PROJECT_ROOT),
    )


def test_actions_answer_only_with_the_shared_secret(tmp_path: Path) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with running([action_server(port, tmp_path, ACTION_SERVER_SECRET=SECRET)], tmp_path / "log"):
        assert LOOPBACK.post(f"{url}/webhook", json=CALL).status_code == 401
        wrong = {"Authorization": f"Bearer {SECRET[:-1]}x"}
        assert LOOPBACK.post(f"{url}/webhook", json=CALL, headers=wrong).status_code == 401
        assert LOOPBACK.get(f"{url}/actions").status_code == 401
        right = {"Authorization": f"Bearer {SECRET}"}
        # Past the check: Rasa SDK's own answer for an unknown action.
        assert LOOPBACK.post(f"{url}/webhook", json=CALL, headers=right).status_code == 404
        listed = LOOPBACK.get(f"{url}/actions", headers=right)
        assert listed.status_code == 200 and {"name": "action_checkout"} in listed.json()
        assert LOOPBACK.get(f"{url}/health").status_code == 200  # health checks need nothing


@pytest.mark.slow
def test_production_refuses_to_start_without_the_secret(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "ACTION_SERVER_SECRET"}
    result = subprocess.run(
        [sys.executable, "-m", "actions.server", "--actions", "actions", "--port", "9"],
        env={**env, "ASSISTANT_ENV": "production", "RASA_TOKEN": "t" * 40},
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode != 0
    assert "ACTION_SERVER_SECRET is not set" in result.stderr
