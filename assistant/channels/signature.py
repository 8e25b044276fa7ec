"""X-Hub-Signature-256: how Facebook signs each webhook POST (HMAC-SHA256 of the raw body).

Modelled on stripe-python's `_webhook.py`: compute the expected value once, compare in constant
time, refuse with one typed error whose message says what was wrong (never the secret).
"""

from __future__ import annotations

import hashlib
import hmac

HEADER = "X-Hub-Signature-256"
PREFIX = "sha256="


class SignatureError(ValueError):
    """The request is not signed by our app: missing, malformed or wrong signature."""


def sign(secret: str, body: bytes) -> str:
    """The header value Facebook sends for `body` (used by the sandbox and the tests)."""
    return PREFIX + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def verify(secret: str, body: bytes, header: str | None) -> None:
    """Raise SignatureError unless `header` is the signature of exactly these bytes."""
    if not secret:
        raise SignatureError("no app secret configured: every request is refused")
    if not header:
        raise SignatureError(f"missing {HEADER} header")
    if not header.startswith(PREFIX):
        raise SignatureError(f"{HEADER} is not of the form sha256=<hex>")
    # compare_digest on bytes: constant time whatever the header holds (even non-ASCII).
    if not hmac.compare_digest(sign(secret, body).encode(), header.strip().encode()):
        raise SignatureError(f"{HEADER} does not match the body")
