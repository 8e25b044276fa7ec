"""Graph API client for the Send API: retries transient errors, logs failures, never the token."""

from __future__ import annotations

import asyncio
import logging
import random
from dataclasses import dataclass
from typing import Any

import aiohttp

from assistant.channels.graph_auth import auth

log = logging.getLogger(__name__)

# The Graph API version the connector, the set-up command and the sandbox all speak.
GRAPH_API_VERSION = "v21.0"
GRAPH_API_URL = f"https://graph.facebook.com/{GRAPH_API_VERSION}"

# Graph error codes worth retrying: temporary (1, 2) and rate limits (4, 17, 32, 613).
# developers.facebook.com/docs/graph-api/guides/error-handling
TRANSIENT_CODES = {1, 2, 4, 17, 32, 613}


@dataclass(frozen=True)
class SendResult:
    ok: bool
    status: int  # HTTP status; 0 when the server could not be reached
    attempts: int
    error: str = ""


def _graph_error(body: Any) -> tuple[int | None, str]:
    error = body.get("error") if isinstance(body, dict) else None
    if not isinstance(error, dict):
        return None, ""
    code = error.get("code") if isinstance(error.get("code"), int) else None
    detail = (
        f"code {code} subcode {error.get('error_subcode')}: {error.get('message')} "
        f"(fbtrace_id {error.get('fbtrace_id')})"
    )
    return code, detail


class GraphClient:
    """One aiohttp session per event loop; `post` retries 5xx, 429, rate limits, network errors."""

    # bandit B107: the empty default means "no app secret configured", not a password.
    def __init__(  # nosec B107
        self,
        base_url: str,
        access_token: str,
        app_secret: str = "",
        attempts: int = 4,
        backoff: float = 0.5,
        timeout: float = 10.0,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self._token = access_token
        self._headers, self._params = auth(access_token, app_secret)
        self.attempts = attempts
        self.backoff = backoff
        self.timeout = timeout
        self._session: aiohttp.ClientSession | None = None

    def _redact(self, text: str) -> str:
        return text.replace(self._token, "***") if self._token else text

    async def _client(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=self.timeout))
        return self._session

    async def close(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()

    async def post(self, path: str, body: dict[str, Any], what: str) -> SendResult:
        """POST `body` to `{base}/{path}` (token in a header); `what` names the request in logs."""
        url = f"{self.base_url}/{path.lstrip('/')}"
        status, detail = 0, ""
        for attempt in range(1, self.attempts + 1):
            transient = True
            try:
                session = await self._client()
                async with session.post(
                    url, json=body, headers=self._headers, params=self._params
                ) as response:
                    status = response.status
                    if status < 300:
                        return SendResult(True, status, attempt)
                    try:
                        payload = await response.json(content_type=None)
                    except ValueError:
                        payload = None
                    code, detail = _graph_error(payload)
                    transient = status >= 500 or status == 429 or code in TRANSIENT_CODES
            except (aiohttp.ClientError, asyncio.TimeoutError) as error:
                # aiohttp errors can carry the URL, hence the token: keep only the type.
                status, detail = 0, f"{type(error).__name__} reaching the Graph API"
            detail = self._redact(detail) or f"HTTP {status}"
            if not transient or attempt == self.attempts:
                break
            delay = self.backoff * 2 ** (attempt - 1) * (0.5 + random.random())
            log.info("messenger %s: attempt %d failed (%s), retrying", what, attempt, detail)
            await asyncio.sleep(delay)
        log.error(
            "messenger %s failed after %d attempt(s): HTTP %s %s", what, attempt, status, detail
        )
        return SendResult(False, status, attempt, detail)
