"""Stripe's `Idempotency-Key` semantics for POST requests.

Same key + same endpoint + same parameters replays the stored response; a different
endpoint or different parameters is an `idempotency_error`. Keys are scoped to the API key
(Stripe scopes them to the account) and kept for 24 hours.
"""

from __future__ import annotations

import asyncio
import json
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .errors import StripeError

KEY_TTL_SECONDS = 24 * 60 * 60
MAX_KEY_LENGTH = 255
_MAX_ENTRIES = 10_000  # bounded memory for a long-running sandbox


@dataclass(frozen=True)
class StoredResponse:
    endpoint: str
    fingerprint: str
    status: int
    body: bytes
    request_id: str
    stored_at: float


def fingerprint(params: dict[str, Any]) -> str:
    return json.dumps(params, sort_keys=True, separators=(",", ":"))


class IdempotencyCache:
    def __init__(self, clock: Callable[[], float]) -> None:
        self._clock = clock
        self._entries: OrderedDict[tuple[str, str], StoredResponse] = OrderedDict()
        # Held across lookup -> execute -> store, so a concurrent retry with the same key
        # waits and then replays instead of executing twice.
        self.lock = asyncio.Lock()

    def lookup(
        self, api_key: str, key: str, endpoint: str, params_fingerprint: str
    ) -> StoredResponse | None:
        _check_key(key)
        self._evict_expired()
        stored = self._entries.get((api_key, key))
        if stored is None:
            return None
        if stored.endpoint != endpoint:
            raise _idempotency_error(
                f"Keys for idempotent requests can only be used for the same endpoint they were "
                f"first used for ('{stored.endpoint}' vs '{endpoint}'). Try using a key other "
                f"than '{key}' if you meant to execute a different request."
            )
        if stored.fingerprint != params_fingerprint:
            raise _idempotency_error(
                "Keys for idempotent requests can only be used with the same parameters they "
                f"were first used with. Try using a key other than '{key}' if you meant to "
                "execute a different request."
            )
        return stored

    def store(
        self,
        api_key: str,
        key: str,
        endpoint: str,
        params_fingerprint: str,
        *,
        status: int,
        body: bytes,
        request_id: str,
    ) -> None:
        response = StoredResponse(
            endpoint, params_fingerprint, status, body, request_id, stored_at=self._clock()
        )
        self._entries[(api_key, key)] = response
        while len(self._entries) > _MAX_ENTRIES:
            self._entries.popitem(last=False)

    def _evict_expired(self) -> None:
        cutoff = self._clock() - KEY_TTL_SECONDS
        while self._entries:
            oldest = next(iter(self._entries.values()))
            if oldest.stored_at >= cutoff:
                break
            self._entries.popitem(last=False)


def _check_key(key: str) -> None:
    if len(key) > MAX_KEY_LENGTH:
        raise StripeError(
            f"Idempotency keys must be at most {MAX_KEY_LENGTH} characters long.",
            param="Idempotency-Key",
        )


def _idempotency_error(message: str) -> StripeError:
    return StripeError(message, error_type="idempotency_error")
