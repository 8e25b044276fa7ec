"""X-Hub-Signature-256: each refusal on its own, and the one acceptance."""

from __future__ import annotations

import hashlib
import hmac

import pytest

from assistant.channels.signature import SignatureError, sign, verify

SECRET = "app-secret"
BODY = b'{"object":"page","entry":[]}'


def test_sign_is_hmac_sha256_of_the_raw_body() -> None:
    expected = hmac.new(SECRET.encode(), BODY, hashlib.sha256).hexdigest()
    assert sign(SECRET, BODY) == f"sha256={expected}"


def test_the_right_signature_passes() -> None:
    verify(SECRET, BODY, sign(SECRET, BODY))


@pytest.mark.parametrize(
    ("header", "reason"),
    [
        (None, "missing"),
        ("", "missing"),
        ("sha1=" + hashlib.sha1(BODY).hexdigest(), "not of the form"),
        (sign("another-secret", BODY), "does not match"),
        (sign(SECRET, BODY + b" "), "does not match"),  # same secret, other bytes
        ("sha256=" + "é" * 64, "does not match"),  # non-ASCII must not crash the comparison
    ],
)
def test_refusals_name_the_problem(header: str | None, reason: str) -> None:
    with pytest.raises(SignatureError, match=reason):
        verify(SECRET, BODY, header)


def test_no_secret_refuses_everything() -> None:
    with pytest.raises(SignatureError, match="no app secret"):
        verify("", BODY, sign("", BODY))
