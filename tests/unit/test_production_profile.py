"""The production profile (issue 13, findings 1, 2, 4, 5): when it is on, what it refuses, and
what the stack starts Rasa with. Each refusal must name the setting to change."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from pydantic import SecretStr
from typer.testing import CliRunner

from assistant.cli.main import app
from assistant.kernel.production import (
    ACTIONS,
    RASA,
    UNSIGNED_CHANNELS,
    WEB,
    Deployment,
    UnsafeConfiguration,
    production_checks,
    refuse_unsafe,
)
from assistant.kernel.settings import PROJECT_ROOT, Settings
from assistant.rasa_launcher import deployment, rasa_argv
from assistant.stack import Ports, build_services, stack_environment

SAFE_SECRET = "s" * 40
PRODUCTION_CHANNELS = "deploy/credentials.production.yml"
PORTS = Ports(rasa=15005, actions=15055, web=18000)


def production(**changes: object) -> Settings:
    """A production configuration that passes every check, with `changes` applied."""
    values: dict[str, object] = {
        "environment": "production",
        "rasa_token": SecretStr("t" * 40),
        "action_server_secret": SecretStr(SAFE_SECRET),
        **changes,
    }
    return Settings(_env_file=None, **values)


def failed(settings: Settings) -> set[str]:
    return {check.setting for check in production_checks(settings.deployment()) if not check.passed}


def test_the_profile_turns_on_by_name_or_by_real_keys_only() -> None:
    assert not Settings(_env_file=None).production  # `make run`: development
    assert Settings(_env_file=None, ASSISTANT_ENV="production").production
    assert Settings(_env_file=None, STRIPE_SECRET_KEY=SecretStr("sk_live_abc")).production
    assert Settings(_env_file=None, STRIPE_SECRET_KEY=SecretStr("sk_test_abc")).production
    # Test keys against the local sandbox or an emulator on loopback are not real keys.
    local_stripe = Settings(
        _env_file=None,
        STRIPE_SECRET_KEY=SecretStr("sk_test_abc"),
        STRIPE_API_BASE="http://127.0.0.1:12111",
    )
    assert not local_stripe.production
    assert Settings(_env_file=None, MESSENGER_PAGE_ACCESS_TOKEN=SecretStr("EAAG")).production
    fake_graph = Settings(
        _env_file=None,
        MESSENGER_PAGE_ACCESS_TOKEN=SecretStr("EAAG"),
        MESSENGER_GRAPH_API_URL="http://127.0.0.1:9000/v21.0",
    )
    assert not fake_graph.production


def test_a_complete_production_configuration_passes_every_check() -> None:
    assert failed(production()) == set()
    refuse_unsafe(production().deployment(), RASA, ACTIONS, WEB)  # no exception


def test_finding_2_the_default_or_a_short_rasa_token_is_refused_by_name() -> None:
    with pytest.raises(UnsafeConfiguration, match="RASA_TOKEN is the development default"):
        refuse_unsafe(production(rasa_token=SecretStr("local-dev-token")).deployment(), RASA)
    with pytest.raises(UnsafeConfiguration, match="RASA_TOKEN has 8 characters"):
        refuse_unsafe(production(rasa_token=SecretStr("abcdefgh")).deployment(), WEB)


def test_finding_2_cors_star_is_refused_by_name() -> None:
    with pytest.raises(UnsafeConfiguration, match=r"RASA_CORS_ORIGINS is '\*'"):
        refuse_unsafe(production(rasa_cors_origins="https://shop.example, *").deployment(), RASA)


def test_finding_1_production_uses_a_channels_file_without_rest() -> None:
    development = set(yaml.safe_load((PROJECT_ROOT / "credentials.yml").read_text()))
    assert development & UNSIGNED_CHANNELS  # the REST channel, for `assistant chat` and tests
    channels_file = production().deployment().credentials_file
    assert channels_file != PROJECT_ROOT / "credentials.yml"
    assert not UNSIGNED_CHANNELS & set(yaml.safe_load(channels_file.read_text()))
    # Pointing production at the development file is refused, naming the setting.
    with pytest.raises(UnsafeConfiguration, match=r"ASSISTANT_RASA_CREDENTIALS credentials\.yml"):
        refuse_unsafe(production(rasa_credentials="credentials.yml").deployment(), RASA)


def test_finding_4_sandbox_pages_are_refused_in_production() -> None:
    with pytest.raises(UnsafeConfiguration, match="ASSISTANT_MESSENGER_SANDBOX is on"):
        refuse_unsafe(production(messenger_sandbox_pages=True).deployment(), WEB)
    real_page = Settings(
        _env_file=None,
        messenger_sandbox_pages=True,
        MESSENGER_PAGE_ACCESS_TOKEN=SecretStr("EAAG"),
    )
    assert "ASSISTANT_MESSENGER_SANDBOX" in failed(real_page)
    with pytest.raises(UnsafeConfiguration, match="a real MESSENGER_PAGE_ACCESS_TOKEN"):
        refuse_unsafe(real_page.deployment(), WEB)


def test_finding_5_an_action_server_without_a_shared_secret_is_refused() -> None:
    with pytest.raises(UnsafeConfiguration, match="ACTION_SERVER_SECRET is not set"):
        refuse_unsafe(production(action_server_secret=None).deployment(), ACTIONS)
    with pytest.raises(UnsafeConfiguration, match="ACTION_SERVER_SECRET has 6 characters"):
        refuse_unsafe(production(action_server_secret=SecretStr("secret")).deployment(), RASA)


def test_development_starts_whatever_the_checks_say() -> None:
    development = Settings(_env_file=None, rasa_cors_origins="*")
    assert {"RASA_TOKEN", "RASA_CORS_ORIGINS", "ACTION_SERVER_SECRET"} <= failed(development)
    refuse_unsafe(development.deployment(), RASA, ACTIONS, WEB)  # no exception


def test_the_rasa_launcher_reads_the_same_rules_from_the_environment() -> None:
    environ = {
        "ASSISTANT_ENV": "production",
        "RASA_TOKEN": "t" * 40,
        "ACTION_SERVER_SECRET": SAFE_SECRET,
    }
    assert Deployment.from_environment(environ) == production().deployment()
    with pytest.raises(UnsafeConfiguration, match="ACTION_SERVER_SECRET"):
        refuse_unsafe(Deployment.from_environment({**environ, "ACTION_SERVER_SECRET": ""}), RASA)


def test_finding_2_the_launcher_takes_the_token_from_the_environment_only() -> None:
    argv = rasa_argv(["run", "--port", "5005"], {"RASA_TOKEN": "from-env"})
    assert argv[:4] == ["rasa", "run", "--port", "5005"]
    assert argv[argv.index("--auth-token") + 1] == "from-env"
    with pytest.raises(SystemExit, match="RASA_TOKEN"):
        rasa_argv(["run", "--auth-token", "on-the-command-line"], {"RASA_TOKEN": "x"})


def test_finding_1_the_launcher_checks_the_channels_file_rasa_will_load() -> None:
    environ = {"ASSISTANT_ENV": "production", "RASA_TOKEN": "t" * 40}
    # None given: the profile's, not Rasa's own default (credentials.yml, with `rest`).
    argv = rasa_argv(["run"], environ)
    assert argv[argv.index("--credentials") + 1] == str(PROJECT_ROOT / PRODUCTION_CHANNELS)
    given = ["run", "--credentials", "credentials.yml"]
    assert rasa_argv(given, environ).count("--credentials") == 1
    with pytest.raises(UnsafeConfiguration, match="ASSISTANT_RASA_CREDENTIALS credentials"):
        refuse_unsafe(deployment(given, {**environ, "ACTION_SERVER_SECRET": SAFE_SECRET}), RASA)
    # CORS given on the command line is checked as well.
    cors = ["run", "--cors", "https://shop.example", "*", "--port", "5005"]
    with pytest.raises(UnsafeConfiguration, match="RASA_CORS_ORIGINS is"):
        refuse_unsafe(deployment(cors, {**environ, "ACTION_SERVER_SECRET": SAFE_SECRET}), RASA)


def rasa_and_actions(settings: Settings) -> tuple:
    services = {s.name: s for s in build_services(settings, Path("models/m.tar.gz"), PORTS)}
    return services["rasa"], services["actions"]


def test_finding_2_the_token_is_neither_on_rasas_command_line_nor_in_its_health_url() -> None:
    settings = Settings(_env_file=None, rasa_token=SecretStr("do-not-show-me-anywhere"))
    rasa, _ = rasa_and_actions(settings)
    assert not any("do-not-show-me-anywhere" in arg for arg in rasa.argv)
    assert "do-not-show-me-anywhere" not in rasa.health_url
    assert rasa.env["RASA_TOKEN"] == "do-not-show-me-anywhere"  # the launcher reads it there
    assert "*" not in rasa.argv  # no CORS unless RASA_CORS_ORIGINS says which origins


def test_finding_1_rasa_starts_with_the_profiles_channels_file() -> None:
    rasa, _ = rasa_and_actions(production())
    channels = Path(rasa.argv[rasa.argv.index("--credentials") + 1])
    assert not UNSIGNED_CHANNELS & set(yaml.safe_load(channels.read_text()))


def test_finding_5_rasa_and_the_action_server_share_a_fresh_secret_per_run() -> None:
    rasa, actions = rasa_and_actions(Settings(_env_file=None))
    secret = rasa.env["ACTION_SERVER_SECRET"]
    assert len(secret) >= 32 and actions.env["ACTION_SERVER_SECRET"] == secret
    assert rasa_and_actions(Settings(_env_file=None))[0].env["ACTION_SERVER_SECRET"] != secret
    # Rasa sends it to the action server as a header (endpoints.yml and the production one).
    for endpoints in ("endpoints.yml", "deploy/endpoints.production.yml"):
        action_endpoint = yaml.safe_load((PROJECT_ROOT / endpoints).read_text())["action_endpoint"]
        assert action_endpoint["headers"] == {"Authorization": "Bearer ${ACTION_SERVER_SECRET}"}


def test_finding_4_the_sandbox_pages_are_on_for_a_keyless_development_run_only() -> None:
    assert stack_environment(Settings(_env_file=None), PORTS)["ASSISTANT_MESSENGER_SANDBOX"] == (
        "true"
    )
    assert stack_environment(production(), PORTS)["ASSISTANT_MESSENGER_SANDBOX"] == "false"


def cli(monkeypatch: pytest.MonkeyPatch, args: list[str], **environ: str) -> tuple[int, str]:
    for name in ("ASSISTANT_ENV", "RASA_TOKEN", "ACTION_SERVER_SECRET", "RASA_CORS_ORIGINS"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    monkeypatch.chdir(PROJECT_ROOT / "tests")  # no .env file of the developer's
    from assistant.kernel.settings import get_settings

    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(app, args, env={"COLUMNS": "200", "NO_COLOR": "1"})
    finally:
        get_settings.cache_clear()
    return result.exit_code, result.output


def test_doctor_prints_each_check_and_fails_naming_the_setting(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    code, output = cli(monkeypatch, ["doctor"], ASSISTANT_ENV="production", RASA_TOKEN="short")
    assert code == 1
    assert "profile: production (ASSISTANT_ENV=production)" in output
    assert "FAIL  RASA_TOKEN" in output and "RASA_TOKEN has 5 characters" in output
    assert "FAIL  ACTION_SERVER_SECRET" in output
    assert "pass  ASSISTANT_RASA_CREDENTIALS" in output
    assert "pass  RASA_CORS_ORIGINS" in output and "pass  ASSISTANT_MESSENGER_SANDBOX" in output
    code, output = cli(
        monkeypatch,
        ["doctor"],
        ASSISTANT_ENV="production",
        RASA_TOKEN="t" * 40,
        ACTION_SERVER_SECRET=SAFE_SECRET,
    )
    assert code == 0, output
    assert "FAIL" not in output


def test_assistant_run_refuses_before_starting_anything(monkeypatch: pytest.MonkeyPatch) -> None:
    code, output = cli(
        monkeypatch,
        ["run", "--no-demo-catalog"],
        ASSISTANT_ENV="production",
        ASSISTANT_DATABASE_URL="sqlite:////nonexistent/never-created.db",
    )
    assert code == 1
    assert "refusing to start rasa, actions, web in production" in output
    assert "RASA_TOKEN is the development default" in output
    assert "ACTION_SERVER_SECRET is not set" in output
