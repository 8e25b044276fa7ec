"""Issue 13, finding 4: the fake Messenger page (/sandbox) is served only on explicit opt-in, and a
web app in the production profile refuses to start with it. The real web app on loopback."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import SecretStr

from assistant.kernel.production import UnsafeConfiguration
from assistant.kernel.settings import Settings
from assistant.web.app import create_app
from testkit.net import LOOPBACK
from testkit.servers import serve


def settings(tmp_path: Path, **values: object) -> Settings:
    return Settings(_env_file=None, database_url=f"sqlite:///{tmp_path / 'shop.db'}", **values)


def sandbox_status(app_settings: Settings) -> int:
    with serve(create_app(app_settings)) as url:
        return LOOPBACK.get(f"{url}/sandbox", timeout=10).status_code


def test_no_sandbox_page_without_the_opt_in(tmp_path: Path) -> None:
    # No Messenger settings at all (the web app of docs/deploy.md) used to serve it.
    assert sandbox_status(settings(tmp_path)) == 404
    assert sandbox_status(settings(tmp_path, messenger_sandbox_pages=True)) == 200


def test_a_production_web_app_refuses_to_start_with_the_sandbox(tmp_path: Path) -> None:
    with pytest.raises(UnsafeConfiguration, match="ASSISTANT_MESSENGER_SANDBOX is on"):
        create_app(
            settings(
                tmp_path,
                environment="production",
                rasa_token=SecretStr("t" * 40),
                messenger_sandbox_pages=True,
            )
        )
    # Real keys turn the profile on even without ASSISTANT_ENV, and the sandbox is never served.
    with pytest.raises(UnsafeConfiguration, match="a real STRIPE_SECRET_KEY"):
        create_app(
            settings(
                tmp_path,
                stripe_secret_key=SecretStr("sk_live_123"),
                messenger_sandbox_pages=True,
            )
        )


def test_a_production_web_app_refuses_the_default_rasa_token(tmp_path: Path) -> None:
    with pytest.raises(UnsafeConfiguration, match="RASA_TOKEN is the development default"):
        create_app(settings(tmp_path, environment="production"))
