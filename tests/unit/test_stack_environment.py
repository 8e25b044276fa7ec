"""What the stack tells the connector: the sandbox without settings, Facebook with them."""

from __future__ import annotations

import pytest
from pydantic import SecretStr

from assistant.kernel.settings import SANDBOX_MESSENGER_APP_SECRET, Settings
from assistant.stack import Ports, stack_environment

PORTS = Ports(web=18000)


def test_without_settings_the_connector_talks_to_the_sandbox() -> None:
    env = stack_environment(Settings(_env_file=None), PORTS)
    assert env["MESSENGER_GRAPH_API_URL"] == "http://127.0.0.1:18000/sandbox/graph/v21.0"
    assert env["MESSENGER_APP_SECRET"] == SANDBOX_MESSENGER_APP_SECRET
    assert env["MESSENGER_PAGE_ACCESS_TOKEN"] and env["MESSENGER_VERIFY_TOKEN"]
    # The processes started with that environment see themselves in sandbox mode too.
    child = Settings(
        _env_file=None, **{"MESSENGER_PAGE_ACCESS_TOKEN": env["MESSENGER_PAGE_ACCESS_TOKEN"]}
    )
    assert child.messenger_sandbox


def test_real_settings_are_passed_through() -> None:
    settings = Settings(
        _env_file=None,
        MESSENGER_PAGE_ACCESS_TOKEN=SecretStr("EAAG-page"),
        MESSENGER_APP_SECRET=SecretStr("app-secret"),
        MESSENGER_VERIFY_TOKEN=SecretStr("verify"),
        MESSENGER_PAGE_ID="104729385610001",
    )
    env = stack_environment(settings, PORTS)
    assert not settings.messenger_sandbox
    assert env["MESSENGER_PAGE_ID"] == "104729385610001"
    assert env["MESSENGER_GRAPH_API_URL"] == "https://graph.facebook.com/v21.0"
    assert (env["MESSENGER_PAGE_ACCESS_TOKEN"], env["MESSENGER_APP_SECRET"]) == (
        "EAAG-page",
        "app-secret",
    )


def test_a_page_token_without_its_app_secret_is_refused_by_name() -> None:
    settings = Settings(_env_file=None, MESSENGER_PAGE_ACCESS_TOKEN=SecretStr("EAAG-page"))
    with pytest.raises(
        ValueError, match="MESSENGER_APP_SECRET, MESSENGER_VERIFY_TOKEN, MESSENGER_PAGE_ID"
    ):
        stack_environment(settings, PORTS)
