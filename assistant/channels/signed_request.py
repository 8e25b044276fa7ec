"""Meta's `signed_request`: how Facebook signs what it posts to an app's callbacks (data deletion).

    signed_request = base64url(HMAC-SHA256(app secret, <payload part>)) "." base64url(JSON)

The signature covers the payload part exactly as sent (its base64url text). Verified in constant
time before the payload is decoded; anything that is not a well-formed, correctly signed request
with an HMAC-SHA256 payload naming a user raises `InvalidSignedRequest` (answered with a 4xx).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import re
from typing import Any

MAX_LENGTH = 8192  # Meta's are a few hundred characters
_BASE64URL = re.compile(r"[A-Za-z0-9_-]+={0,2}")
_USER_ID = re.compile(r"[A-Za-z0-9_.:-]{1,128}")


class InvalidSignedRequest(ValueError):
    """Not a signed request from our app: malformed, wrongly signed, or not naming a user."""


def _encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _decode(part: str, what: str) -> bytes:
    if not _BASE64URL.fullmatch(part):
        raise InvalidSignedRequest(f"the {what} is not base64url")
    try:
        return base64.urlsafe_b64decode(part.rstrip("=") + "=" * (-len(part.rstrip("=")) % 4))
    except (binascii.Error, ValueError):
        raise InvalidSignedRequest(f"the {what} is not base64url") from None


def _signature(secret: str, payload_part: str) -> bytes:
    return hmac.new(secret.encode(), payload_part.encode("ascii"), hashlib.sha256).digest()


def sign_request(secret: str, payload: dict[str, Any]) -> str:
    """What Facebook sends for `payload` (the sandbox and the tests sign with it)."""
    payload_part = _encode(json.dumps(payload, separators=(",", ":")).encode())
    return f"{_encode(_signature(secret, payload_part))}.{payload_part}"


def parse_signed_request(secret: str, signed_request: str) -> dict[str, Any]:
    """The verified payload; its `user_id` is a non-empty id string."""
    if not secret:
        raise InvalidSignedRequest("no app secret configured: every request is refused")
    if not signed_request or len(signed_request) > MAX_LENGTH:
        raise InvalidSignedRequest("signed_request is missing or too long")
    signature_part, dot, payload_part = signed_request.strip().partition(".")
    if not dot:
        raise InvalidSignedRequest("signed_request is not <signature>.<payload>")
    signature = _decode(signature_part, "signature")
    _decode(payload_part, "payload")
    if not hmac.compare_digest(signature, _signature(secret, payload_part)):
        raise InvalidSignedRequest("signed_request is not signed with the app secret")
    try:
        payload = json.loads(_decode(payload_part, "payload"))
    except (ValueError, RecursionError):  # UnicodeDecodeError is a ValueError
        raise InvalidSignedRequest("the payload is not JSON") from None
    if not isinstance(payload, dict):
        raise InvalidSignedRequest("the payload is not a JSON object")
    if str(payload.get("algorithm", "")).upper() != "HMAC-SHA256":
        raise InvalidSignedRequest("the payload's algorithm is not HMAC-SHA256")
    user_id = payload.get("user_id")
    if isinstance(user_id, int) and not isinstance(user_id, bool):
        user_id = str(user_id)
    if not isinstance(user_id, str) or not _USER_ID.fullmatch(user_id):
        raise InvalidSignedRequest("the payload names no user_id")
    return {**payload, "user_id": user_id}
