"""Issue 13, finding 2: the real Rasa 3.6 server started by `assistant.rasa_launcher` has its
token from the environment (not on its command line, which `ps` shows) and accepts our clients'
`Authorization` header, so the token never travels in a URL. Rasa answers an authenticated
/status (409 without a model, 200 if it found one in models/), 401 to anyone else."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.kernel.settings import PROJECT_ROOT
from assistant.rasa_api import rasa_auth_headers
from assistant.supervisor import Service
from assistant.training import rasa_executable
from testkit.net import LOOPBACK, free_port
from testkit.processes import running

pytestmark = pytest.mark.slow  # starts Rasa's Python (about ten seconds of imports)
TOKEN = "rasa-token-that-must-never-show-0123456789"


def test_the_token_comes_from_the_environment_and_works_from_a_header(tmp_path: Path) -> None:
    (tmp_path / "credentials.yml").write_text("rest:\n")
    (tmp_path / "endpoints.yml").write_text("")
    port = free_port()
    rasa = Service(
        "rasa",
        [
            str(rasa_executable().parent / "python"),
            "-m",
            "assistant.rasa_launcher",
            "run",
            "--enable-api",
            "--model",
            str(tmp_path / "no-model"),
            "--interface",
            "127.0.0.1",
            "--port",
            str(port),
            "--credentials",
            str(tmp_path / "credentials.yml"),
            "--endpoints",
            str(tmp_path / "endpoints.yml"),
        ],
        health_url=f"http://127.0.0.1:{port}/",
        env={"RASA_TOKEN": TOKEN, "RASA_TELEMETRY_ENABLED": "false"},
        cwd=str(PROJECT_ROOT),
    )
    with running([rasa], tmp_path / "rasa.log", timeout=240):
        assert rasa.process is not None
        command_line = Path(f"/proc/{rasa.process.pid}/cmdline").read_bytes()
        assert b"rasa_launcher" in command_line and TOKEN.encode() not in command_line
        status = f"http://127.0.0.1:{port}/status"
        assert LOOPBACK.get(status).status_code == 401
        assert LOOPBACK.get(status, headers=rasa_auth_headers("a-wrong-token")).status_code == 401
        # Authenticated: 409 with no model, 200 when Rasa falls back to a model in models/.
        assert LOOPBACK.get(status, headers=rasa_auth_headers(TOKEN)).status_code in {200, 409}
