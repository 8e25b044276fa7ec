"""`assistant messenger setup` against the sandbox's Graph API (a real web app on loopback)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.channels.graph_auth import auth
from assistant.kernel.settings import (
    SANDBOX_MESSENGER_APP_SECRET,
    SANDBOX_MESSENGER_PAGE_TOKEN,
    Settings,
)
from assistant.web.app import create_app
from testkit.net import LOOPBACK
from testkit.servers import serve

ASSISTANT = str(Path(sys.executable).parent / "assistant")
pytestmark = pytest.mark.slow  # each test runs the `assistant` command, seconds of imports a run


@pytest.fixture
def web_app(tmp_path: Path) -> Iterator[str]:
    settings = Settings(
        database_url=f"sqlite:///{tmp_path / 'shop.db'}",
        messenger_sandbox_pages=True,
        _env_file=None,
    )
    with serve(create_app(settings)) as url:
        yield url


def setup(shop_url: str, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("MESSENGER_")}
    return subprocess.run(
        [ASSISTANT, "messenger", "setup", *args],
        env={**clean, "ASSISTANT_SHOP_URL": shop_url, "NO_COLOR": "1", "COLUMNS": "200", **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_setup_configures_the_page_once_then_sends_nothing(web_app: str) -> None:
    first = setup(web_app)
    assert first.returncode == 0, first.stdout + first.stderr
    assert "updated: get_started, greeting, persistent_menu" in first.stdout
    profile = LOOPBACK.get(f"{web_app}/sandbox/api/profile").json()
    assert profile["get_started"] == {"payload": "/greet"}
    assert {g["locale"] for g in profile["greeting"]} == {"default", "fr_FR"}
    [menu] = [m for m in profile["persistent_menu"] if m["locale"] == "fr_FR"]
    titles = [action["title"] for action in menu["call_to_actions"]]
    assert titles == ["Parcourir", "Mon panier", "Mes commandes", "Parler à quelqu'un"]

    again = setup(web_app)
    assert again.returncode == 0 and "up to date: nothing sent" in again.stdout


def test_dry_run_prints_the_profile_and_sends_nothing(web_app: str) -> None:
    result = setup(web_app, "--dry-run")
    assert result.returncode == 0
    assert '"persistent_menu"' in result.stdout and "Talk to a person" in result.stdout
    assert "only https domains" in result.stdout  # the local http shop cannot be whitelisted
    headers, proof = auth(SANDBOX_MESSENGER_PAGE_TOKEN, SANDBOX_MESSENGER_APP_SECRET)
    assert LOOPBACK.get(
        f"{web_app}/sandbox/graph/v21.0/me/messenger_profile",
        params={"fields": "greeting", **proof},
        headers=headers,
    ).json() == {"data": []}


def test_a_refused_token_is_a_clear_error_without_the_token(web_app: str) -> None:
    token = "EAAG-real-looking-page-token-1234"
    result = setup(
        "https://shop.example.com",
        MESSENGER_PAGE_ACCESS_TOKEN=token,
        MESSENGER_APP_SECRET="s",
        MESSENGER_VERIFY_TOKEN="v",
        MESSENGER_GRAPH_API_URL=f"{web_app}/sandbox/graph/v21.0",
    )
    assert result.returncode == 1
    assert "Invalid OAuth access token" in result.stdout
    assert token not in result.stdout + result.stderr and "Traceback" not in result.stderr
