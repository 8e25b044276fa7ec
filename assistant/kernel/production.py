"""The production profile: when it is on, and the rules a production process refuses to break.

One place for the rules: `assistant doctor` prints them, `assistant run`, the web app, the action
server and the Rasa launcher (`assistant.rasa_launcher`, in Rasa's own venv) refuse to start when
one they depend on fails. Standard library and PyYAML only: the Rasa launcher imports this module
without the shop's packages.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import yaml

PROJECT_ROOT = Path(__file__).resolve().parents[2]
# bandit B105: not secrets: the development default (refused in production) and the sandboxes'.
DEV_RASA_TOKEN = "local-dev-token"  # nosec B105
SANDBOX_STRIPE_KEY = "sk_test_sandbox"
SANDBOX_MESSENGER_PAGE_TOKEN = "messenger_sandbox_page_token"  # nosec B105
DEV_CREDENTIALS = PROJECT_ROOT / "credentials.yml"
PRODUCTION_CREDENTIALS = PROJECT_ROOT / "deploy" / "credentials.production.yml"
# Long enough that guessing is out of reach; make one with
# `python -c "import secrets; print(secrets.token_urlsafe(32))"`.
MIN_SECRET_LENGTH = 32
# Rasa channels that believe whatever sender id the caller sends: anyone could be any shopper.
UNSIGNED_CHANNELS = frozenset(
    {"rest", "assistant.channels.rest.RestInput", "socketio", "callback", "cmdline"}
)
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})

RASA = "rasa"
ACTIONS = "actions"
WEB = "web"


@dataclass(frozen=True)
class Deployment:
    """The facts the rules look at, by setting; built from `Settings` or from the environment."""

    environment: str = "development"
    rasa_token: str = DEV_RASA_TOKEN
    stripe_secret_key: str | None = None
    stripe_api_base: str | None = None
    messenger_page_access_token: str | None = None
    messenger_graph_api_url: str | None = None
    rasa_cors_origins: str = ""
    rasa_credentials: str | None = None
    messenger_sandbox_pages: bool = False
    action_server_secret: str | None = None

    @classmethod
    def from_environment(cls, environ: Mapping[str, str]) -> Deployment:
        """For processes without pydantic-settings (the Rasa launcher): same names and defaults."""
        return cls(
            environment=environ.get("ASSISTANT_ENV", "development"),
            rasa_token=environ.get("RASA_TOKEN", DEV_RASA_TOKEN),
            stripe_secret_key=environ.get("STRIPE_SECRET_KEY") or None,
            stripe_api_base=environ.get("STRIPE_API_BASE") or None,
            messenger_page_access_token=environ.get("MESSENGER_PAGE_ACCESS_TOKEN") or None,
            messenger_graph_api_url=environ.get("MESSENGER_GRAPH_API_URL") or None,
            rasa_cors_origins=environ.get("RASA_CORS_ORIGINS", ""),
            rasa_credentials=environ.get("ASSISTANT_RASA_CREDENTIALS") or None,
            messenger_sandbox_pages=environ.get("ASSISTANT_MESSENGER_SANDBOX", "").lower()
            in {"1", "true", "yes", "on"},
            action_server_secret=environ.get("ACTION_SERVER_SECRET") or None,
        )

    @property
    def real_stripe_key(self) -> bool:
        """A Stripe key that reaches Stripe (not the local sandbox or an emulator on loopback)."""
        key = self.stripe_secret_key
        return (
            key is not None
            and key.startswith(("sk_live_", "sk_test_", "rk_live_", "rk_test_"))
            and key != SANDBOX_STRIPE_KEY
            and not _loopback(self.stripe_api_base)
        )

    @property
    def real_page_token(self) -> bool:
        """A page token sent to Facebook (not the sandbox's, not a fake Graph API on loopback)."""
        token = self.messenger_page_access_token
        return (
            token is not None
            and token != SANDBOX_MESSENGER_PAGE_TOKEN
            and not _loopback(self.messenger_graph_api_url)
        )

    @property
    def real_secrets(self) -> bool:
        return self.real_stripe_key or self.real_page_token

    @property
    def production(self) -> bool:
        return self.environment.lower() == "production" or self.real_secrets

    @property
    def credentials_file(self) -> Path:
        """The Rasa channels file: set explicitly, else the one of the profile (no REST channel
        in production)."""
        if self.rasa_credentials:
            path = Path(self.rasa_credentials)
            return path if path.is_absolute() else PROJECT_ROOT / path
        return PRODUCTION_CREDENTIALS if self.production else DEV_CREDENTIALS

    def why_production(self) -> str:
        reasons = []
        if self.environment.lower() == "production":
            reasons.append("ASSISTANT_ENV=production")
        if self.real_stripe_key:
            reasons.append("a real STRIPE_SECRET_KEY")
        if self.real_page_token:
            reasons.append("a real MESSENGER_PAGE_ACCESS_TOKEN")
        return ", ".join(reasons) or "development profile"


@dataclass(frozen=True)
class Check:
    setting: str  # the setting to change when it fails
    rule: str
    passed: bool
    problem: str  # why it failed (empty when it passed)
    processes: frozenset[str]  # the processes that refuse to start when it fails


def production_checks(deployment: Deployment) -> list[Check]:
    """Every rule of the production profile, passed or not (whatever the profile)."""
    token = deployment.rasa_token
    secret = deployment.action_server_secret or ""
    origins = [origin.strip() for origin in deployment.rasa_cors_origins.split(",")]
    channels = _unsigned_channels(deployment.credentials_file)
    return [
        Check(
            "RASA_TOKEN",
            f"Rasa's API token is not the default and has at least {MIN_SECRET_LENGTH} characters",
            token != DEV_RASA_TOKEN and len(token) >= MIN_SECRET_LENGTH,
            "is the development default 'local-dev-token'"
            if token == DEV_RASA_TOKEN
            else f"has {len(token)} characters",
            frozenset({RASA, WEB}),
        ),
        Check(
            "ASSISTANT_RASA_CREDENTIALS",
            "no Rasa channel that takes the sender id on trust (rest, socketio, callback)",
            not channels,
            f"{_shown(deployment.credentials_file)} enables {', '.join(channels)}",
            frozenset({RASA}),
        ),
        Check(
            "RASA_CORS_ORIGINS",
            "Rasa's CORS origins are not '*'",
            "*" not in origins,
            "is '*': any web page could call Rasa's API from a shopper's browser",
            frozenset({RASA}),
        ),
        Check(
            "ASSISTANT_MESSENGER_SANDBOX",
            "the Messenger sandbox pages (/sandbox) are off",
            not deployment.messenger_sandbox_pages,
            "is on: /sandbox would sign fake Messenger events for anyone",
            frozenset({WEB}),
        ),
        Check(
            "ACTION_SERVER_SECRET",
            f"Rasa and the action server share a secret of at least {MIN_SECRET_LENGTH} characters",
            len(secret) >= MIN_SECRET_LENGTH,
            "is not set: anyone reaching the action server runs actions as any shopper"
            if not secret
            else f"has {len(secret)} characters",
            frozenset({RASA, ACTIONS}),
        ),
    ]


class UnsafeConfiguration(RuntimeError):
    """A production process was asked to start with a setting that breaks a rule."""


def refuse_unsafe(deployment: Deployment, *processes: str) -> None:
    """Raise, naming each setting to change, when one of `processes` must not start in this
    profile (the development profile starts whatever the checks say)."""
    if not deployment.production:
        return
    failed = [
        check
        for check in production_checks(deployment)
        if not check.passed and check.processes.intersection(processes)
    ]
    if failed:
        lines = "\n".join(f"  {check.setting} {check.problem}" for check in failed)
        names = ", ".join(processes)
        raise UnsafeConfiguration(
            f"refusing to start {names} in production ({deployment.why_production()}):\n"
            f"{lines}\n`assistant doctor` lists every check."
        )


def _unsigned_channels(credentials: Path) -> list[str]:
    try:
        channels = yaml.safe_load(credentials.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError):
        return [f"(unreadable: {credentials.name})"]
    return sorted(name for name in channels if name in UNSIGNED_CHANNELS)


def _shown(path: Path) -> str:
    return str(path.relative_to(PROJECT_ROOT)) if path.is_relative_to(PROJECT_ROOT) else str(path)


def _loopback(url: str | None) -> bool:
    return url is not None and urlsplit(url).hostname in LOOPBACK_HOSTS
