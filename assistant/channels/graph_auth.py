"""How a Graph API call is authenticated, for both sides: our clients (the connector, the set-up
command) and the fakes that judge them (the sandbox's Graph endpoint, the test Graph API).

The page token travels as a bearer header, never in the URL (proxies and access logs keep URLs),
and beside it the `appsecret_proof` Meta requires when the app has "Require App Secret" on, so a
leaked page token alone cannot call the API.
developers.facebook.com/docs/graph-api/securing-requests#appsecret_proof
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping

# Graph's error codes for the refusals below.
INVALID_TOKEN = 190
INVALID_PARAMETER = 100


def appsecret_proof(app_secret: str, access_token: str) -> str:
    """HMAC-SHA256 of the token keyed by the app secret, in hex (Meta's definition)."""
    return hmac.new(app_secret.encode(), access_token.encode(), hashlib.sha256).hexdigest()


def auth(access_token: str, app_secret: str) -> tuple[dict[str, str], dict[str, str]]:
    """(headers, query parameters) that authenticate a Graph call made with `access_token`."""
    params = {"appsecret_proof": appsecret_proof(app_secret, access_token)} if app_secret else {}
    return {"Authorization": f"Bearer {access_token}"}, params


def presented_token(headers: Mapping[str, str], query: Mapping[str, str]) -> str:
    """The token a request carries: `Authorization: Bearer|OAuth …` or `access_token=…`, as
    Graph accepts either."""
    scheme, _, value = (headers.get("authorization") or "").partition(" ")
    if scheme.lower() in {"bearer", "oauth"} and value.strip():
        return value.strip()
    return query.get("access_token", "")


def refusal(
    headers: Mapping[str, str], query: Mapping[str, str], page_token: str, app_secret: str
) -> tuple[int, str] | None:
    """What Graph answers a request that is not authenticated as it requires, else None.

    `headers` must be case-insensitive or have lower-case keys. With `app_secret`, the app is
    taken to require the proof (the setting Meta's review expects on)."""
    token = presented_token(headers, query)
    if not hmac.compare_digest(token.encode(), page_token.encode()):
        return INVALID_TOKEN, "Invalid OAuth access token."
    if not app_secret:
        return None
    proof = query.get("appsecret_proof", "")
    if not proof:
        return INVALID_PARAMETER, "API calls from the server require an appsecret_proof argument"
    if not hmac.compare_digest(proof.encode(), appsecret_proof(app_secret, token).encode()):
        return INVALID_PARAMETER, "Invalid appsecret_proof provided in the API argument"
    return None
