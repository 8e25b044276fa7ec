"""Graph API id matching: the page-scoped ids (PSIDs) of an app-scoped user id.

Meta's data-deletion callback names the app-scoped user id; conversations here are keyed by
the page-scoped id the Messenger webhook gave. `GET /{app-scoped id}/ids_for_pages` maps one to
the other (developers.facebook.com/docs/graph-api/reference/user/ids_for_pages). Without a real
page token (the local sandbox) there is nothing to ask: the id given is the only one.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
from typing import Any
from urllib.parse import urlsplit

import httpx

from assistant.kernel.settings import Settings

GRAPH_API_URL = "https://graph.facebook.com/v21.0"  # the version assistant.channels.graph speaks
MAX_PAGES = 10


class GraphLookupFailed(RuntimeError):
    pass


class HideLookedUpIds(logging.Filter):
    """httpx logs each request's URL at INFO: keep the looked-up user id out of the log."""

    pattern = re.compile(r"/[^/\s]+/ids_for_pages")

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(
                self.pattern.sub("/***/ids_for_pages", str(arg))
                if "ids_for_pages" in str(arg)
                else arg
                for arg in record.args
            )
        return True


_httpx_log = logging.getLogger("httpx")
if not any(isinstance(f, HideLookedUpIds) for f in _httpx_log.filters):
    _httpx_log.addFilter(HideLookedUpIds())


class PageScopedIdLookup:
    def __init__(self, settings: Settings, timeout: float = 10.0) -> None:
        self.base = (settings.messenger_graph_api_url or GRAPH_API_URL).rstrip("/")
        token = settings.messenger_page_access_token
        secret = settings.messenger_app_secret
        self.token = None if settings.messenger_sandbox or token is None else token
        self.secret = secret.get_secret_value() if secret else ""
        self.timeout = timeout

    def __call__(self, app_scoped_id: str) -> list[str]:
        if self.token is None:
            return []
        token = self.token.get_secret_value()
        params: dict[str, str] = {}
        if self.secret:  # "Require App Secret": every call proves it knows the secret
            params["appsecret_proof"] = hmac.new(
                self.secret.encode(), token.encode(), hashlib.sha256
            ).hexdigest()
        url: str | None = f"{self.base}/{app_scoped_id}/ids_for_pages"
        found: list[str] = []
        with httpx.Client(timeout=self.timeout, headers={"Authorization": f"Bearer {token}"}) as c:
            for _ in range(MAX_PAGES):
                if url is None:
                    break
                try:
                    answer = c.get(url, params=params)
                except httpx.HTTPError as error:
                    # The error text may hold the URL: keep only its kind.
                    raise GraphLookupFailed(
                        f"{type(error).__name__} reaching the Graph API"
                    ) from None
                if answer.status_code != 200:
                    raise GraphLookupFailed(f"ids_for_pages answered HTTP {answer.status_code}")
                body: Any = answer.json()
                found += [
                    str(item["id"])
                    for item in body.get("data") or []
                    if isinstance(item, dict) and item.get("id")
                ]
                url = (body.get("paging") or {}).get("next")
                if url is not None and _origin(str(url)) != _origin(self.base):
                    url = None  # the token goes only to the Graph API we were configured with
                params = {}  # the next link carries its own query
        return found


def _origin(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return parts.scheme, parts.netloc
