"""`assistant messenger setup`: the page's Get Started button, greeting, menu and domains."""

from __future__ import annotations

import json
from typing import Annotated, Any

import httpx
import typer
from rich.console import Console

from assistant.channels.graph import GRAPH_API_URL, GRAPH_API_VERSION
from assistant.channels.graph_auth import auth
from assistant.channels.profile import FIELDS, changes, https_origins, messenger_profile
from assistant.kernel.settings import (
    SANDBOX_MESSENGER_APP_SECRET,
    SANDBOX_MESSENGER_PAGE_TOKEN,
    Settings,
    get_settings,
)

app = typer.Typer(help="Set up the Facebook page's Messenger profile.", no_args_is_help=True)
console = Console()
STRIPE_CHECKOUT = "https://checkout.stripe.com"


def _app_secret(settings: Settings) -> str:
    """The secret the calls' appsecret_proof is made with (the sandbox's own when it has none,
    as the sandbox does)."""
    secret = settings.messenger_app_secret
    if secret is not None:
        return secret.get_secret_value()
    return SANDBOX_MESSENGER_APP_SECRET if settings.messenger_sandbox else ""


def _target(settings: Settings) -> tuple[str, str]:
    """(Graph API base URL, page token): Facebook's, or the sandbox on the shop web app."""
    if settings.messenger_sandbox:
        sandbox = f"{settings.shop_url.rstrip('/')}/sandbox/graph/{GRAPH_API_VERSION}"
        return sandbox, SANDBOX_MESSENGER_PAGE_TOKEN
    token = settings.messenger_page_access_token
    assert token is not None  # messenger_sandbox is False only when a token is set
    graph = settings.messenger_graph_api_url or GRAPH_API_URL
    return graph.rstrip("/"), token.get_secret_value()


def _checkout_urls(settings: Settings) -> list[str]:
    urls = [settings.shop_url]
    if not settings.stripe_sandbox:
        urls.append(STRIPE_CHECKOUT)
    return urls


def _graph(client: httpx.Client, method: str, url: str, **kwargs: Any) -> dict[str, Any]:
    """One Graph API call; a clear message (never the token) instead of a traceback."""
    try:
        response = client.request(method, url, **kwargs)
    except httpx.HTTPError as error:
        # httpx errors may quote the URL, which carries the token: name only the failure.
        console.print(f"[red]error:[/red] cannot reach {url}: {type(error).__name__}")
        raise typer.Exit(1) from None
    body = response.json() if response.content else {}
    if response.status_code >= 400:
        detail = (body.get("error") or {}).get("message") if isinstance(body, dict) else None
        console.print(f"[red]error:[/red] Graph API {response.status_code}: {detail}")
        raise typer.Exit(1)
    return body


@app.command()
def setup(
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Print what would be sent; send nothing.")
    ] = False,
) -> None:
    """Configure Get Started, the EN/FR greeting, the persistent menu and whitelisted domains.

    Idempotent: reads the current profile and sends only the fields that differ.
    """
    settings = get_settings()
    base, token = _target(settings)
    urls = _checkout_urls(settings)
    wanted = messenger_profile(urls)
    skipped = [url for url in urls if not https_origins([url])]
    if settings.messenger_sandbox:
        console.print(f"No MESSENGER_PAGE_ACCESS_TOKEN: configuring the local sandbox ({base}).")
    for url in skipped:
        console.print(f"not whitelisted (Messenger accepts only https domains): {url}")
    if dry_run:
        console.print(f"would POST {base}/me/messenger_profile (only the fields that differ):")
        print(json.dumps(wanted, indent=2, ensure_ascii=False))
        return
    headers, params = auth(token, _app_secret(settings))
    with httpx.Client(timeout=30, headers=headers) as client:
        found = _graph(
            client,
            "GET",
            f"{base}/me/messenger_profile",
            params={**params, "fields": ",".join(FIELDS)},
        )
        current = (found.get("data") or [{}])[0]
        update = changes(wanted, current)
        if not update:
            console.print("Messenger profile is up to date: nothing sent.")
            return
        _graph(client, "POST", f"{base}/me/messenger_profile", params=params, json=update)
    console.print(f"Messenger profile updated: {', '.join(update)}.")
