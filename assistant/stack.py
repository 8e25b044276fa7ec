"""The processes of a running shop: Rasa, action server, shop web app, Stripe sandbox."""

from __future__ import annotations

import secrets
import sys
from dataclasses import dataclass
from pathlib import Path

import httpx

from assistant.channels.graph import GRAPH_API_URL, GRAPH_API_VERSION
from assistant.kernel.settings import (
    ACTIONS_PORT,
    LOCALSTRIPE_PORT,
    PROJECT_ROOT,
    RASA_PORT,
    SANDBOX_MESSENGER_APP_SECRET,
    SANDBOX_MESSENGER_PAGE_ID,
    SANDBOX_MESSENGER_PAGE_TOKEN,
    SANDBOX_MESSENGER_VERIFY_TOKEN,
    SANDBOX_WEBHOOK_SECRET,
    STRIPE_SANDBOX_PORT,
    WEB_PORT,
    Settings,
)
from assistant.rasa_api import rasa_auth_headers
from assistant.supervisor import Service
from assistant.tracker_store import for_rasa, tracker_store_url
from assistant.training import rasa_executable


@dataclass(frozen=True)
class Ports:
    rasa: int = RASA_PORT
    actions: int = ACTIONS_PORT
    web: int = WEB_PORT
    stripe_sandbox: int = STRIPE_SANDBOX_PORT
    localstripe: int = LOCALSTRIPE_PORT


def local(port: int) -> str:
    return f"http://127.0.0.1:{port}"


def stack_environment(settings: Settings, ports: Ports) -> dict[str, str]:
    """Settings every service of this stack shares, so they agree on URLs and secrets."""
    env = {
        "ASSISTANT_ENV": settings.environment,
        "ASSISTANT_DATABASE_URL": settings.database_url,
        "ASSISTANT_SHOP_URL": local(ports.web),
        "RASA_URL": local(ports.rasa),
        "RASA_TOKEN": settings.rasa_token.get_secret_value(),
        "RASA_CORS_ORIGINS": settings.rasa_cors_origins,
        "ASSISTANT_RASA_CREDENTIALS": str(settings.deployment().credentials_file),
        "ACTION_SERVER_URL": f"{local(ports.actions)}/webhook",
        # Rasa sends it (endpoints.yml), the action server checks it. Unset in development: a
        # fresh one per run, so `make run` needs no configuration and is still closed.
        "ACTION_SERVER_SECRET": (
            settings.action_server_secret.get_secret_value()
            if settings.action_server_secret is not None
            else secrets.token_urlsafe(32)
        ),
        "ASSISTANT_TRACKER_STORE_URL": for_rasa(tracker_store_url(settings)),
        # The fake Messenger page: on for a keyless development run, never in production.
        "ASSISTANT_MESSENGER_SANDBOX": str(
            settings.messenger_sandbox_pages
            or (settings.messenger_sandbox and not settings.production)
        ).lower(),
    }
    if settings.stripe_sandbox:
        env["STRIPE_API_BASE"] = local(ports.stripe_sandbox)
        env["STRIPE_WEBHOOK_SECRET"] = SANDBOX_WEBHOOK_SECRET
    env.update(messenger_environment(settings, ports))
    return env


def messenger_environment(settings: Settings, ports: Ports) -> dict[str, str]:
    """The connector's settings: Facebook's when configured, else the sandbox on the web app."""
    shared = {"MESSENGER_DEDUPE_REDIS_URL": settings.messenger_dedupe_redis_url}
    if settings.messenger_sandbox:
        return {
            **shared,
            "MESSENGER_GRAPH_API_URL": f"{local(ports.web)}/sandbox/graph/{GRAPH_API_VERSION}",
            "MESSENGER_APP_SECRET": SANDBOX_MESSENGER_APP_SECRET,
            "MESSENGER_VERIFY_TOKEN": SANDBOX_MESSENGER_VERIFY_TOKEN,
            "MESSENGER_PAGE_ACCESS_TOKEN": SANDBOX_MESSENGER_PAGE_TOKEN,
            "MESSENGER_PAGE_ID": SANDBOX_MESSENGER_PAGE_ID,
        }
    secrets = {
        "MESSENGER_APP_SECRET": settings.messenger_app_secret,
        "MESSENGER_VERIFY_TOKEN": settings.messenger_verify_token,
        "MESSENGER_PAGE_ACCESS_TOKEN": settings.messenger_page_access_token,
    }
    missing = [name for name, value in secrets.items() if value is None]
    if not settings.messenger_page_id:
        missing.append("MESSENGER_PAGE_ID")  # the check that events are for our page
    if missing:
        raise ValueError(f"MESSENGER_PAGE_ACCESS_TOKEN is set but {', '.join(missing)} is not")
    env = {name: value.get_secret_value() for name, value in secrets.items() if value}
    env["MESSENGER_GRAPH_API_URL"] = settings.messenger_graph_api_url or GRAPH_API_URL
    env["MESSENGER_PAGE_ID"] = settings.messenger_page_id
    return {**shared, **env}


def _rasa_has_model(response: httpx.Response) -> bool:
    return response.status_code == 200 and bool(response.json().get("model_id"))


def build_services(
    settings: Settings, model: Path, ports: Ports = Ports(), root: Path = PROJECT_ROOT
) -> list[Service]:
    env = stack_environment(settings, ports)
    python = sys.executable
    services: list[Service] = []
    if settings.stripe_sandbox:
        services += [
            Service(
                "localstripe",
                [
                    python,
                    "-m",
                    "assistant.stripe_sandbox.localstripe_loopback",
                    str(ports.localstripe),
                ],
                health_url=f"{local(ports.localstripe)}/js.stripe.com/v3/",
            ),
            Service(
                "stripe",
                [
                    python,
                    "-m",
                    "assistant.stripe_sandbox",
                    "--host",
                    "127.0.0.1",
                    "--port",
                    str(ports.stripe_sandbox),
                    "--public-url",
                    local(ports.stripe_sandbox),
                    "--webhook-url",
                    f"{local(ports.web)}/webhooks/stripe",
                    "--webhook-secret",
                    SANDBOX_WEBHOOK_SECRET,
                    "--upstream-url",
                    local(ports.localstripe),
                ],
                health_url=f"{local(ports.stripe_sandbox)}/health",
            ),
        ]
    services += [
        Service(
            "actions",
            [python, "-m", "actions.server", "--actions", "actions", "--port", str(ports.actions)],
            health_url=f"{local(ports.actions)}/health",
            # Loopback only: only Rasa calls it (with ACTION_SERVER_SECRET).
            env={"SANIC_HOST": "127.0.0.1", **env},
            cwd=str(root),
        ),
        Service(
            "web",
            [
                python,
                "-m",
                "uvicorn",
                "assistant.web.app:create_app",
                "--factory",
                "--host",
                "127.0.0.1",
                "--port",
                str(ports.web),
                "--no-access-log",  # health polls would drown the log; the app logs its events
            ],
            health_url=f"{local(ports.web)}/health",
            env=env,
            cwd=str(root),
        ),
        rasa_service("rasa", settings, model, ports.rasa, env, root),
    ]
    return services


def rasa_service(
    name: str,
    settings: Settings,
    model: Path,
    port: int,
    env: dict[str, str],
    root: Path = PROJECT_ROOT,
    endpoints: str = "endpoints.yml",
) -> Service:
    """One Rasa server; a deployment runs several against shared tracker and lock stores.

    Started through `assistant.rasa_launcher`, which hands RASA_TOKEN (from `env`) to Rasa in
    process: the token is neither on the command line nor in the health check's URL.
    """
    origins = [origin.strip() for origin in settings.rasa_cors_origins.split(",") if origin.strip()]
    cors = ["--cors", *origins] if origins else []
    return Service(
        name,
        [
            str(rasa_executable().parent / "python"),
            "-m",
            "assistant.rasa_launcher",
            "run",
            "--model",
            str(model),
            "--enable-api",
            *cors,
            "--interface",
            "127.0.0.1",
            "--port",
            str(port),
            "--credentials",
            env.get("ASSISTANT_RASA_CREDENTIALS", str(settings.deployment().credentials_file)),
            "--endpoints",
            endpoints,
        ],
        health_url=f"{local(port)}/status",
        health_headers=rasa_auth_headers(settings.rasa_token.get_secret_value(), lifetime=3600),
        healthy=_rasa_has_model,
        env={
            **env,
            # Another project (the load benchmark's moodbot) still needs our launcher.
            **({} if root == PROJECT_ROOT else {"PYTHONPATH": str(PROJECT_ROOT)}),
            "RASA_TELEMETRY_ENABLED": "false",
            "TF_CPP_MIN_LOG_LEVEL": "2",
            # Rasa 3.6's dependencies print pages of deprecation warnings at start-up.
            "PYTHONWARNINGS": "ignore",
        },
        cwd=str(root),
    )
