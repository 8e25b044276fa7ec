"""Take secrets out of text bound for a log or a terminal.

Error messages of HTTP clients quote the URL they called (with its query string), and database,
Redis and broker URLs carry passwords. Anything printed or logged that may hold a URL goes
through `redacted` first.
"""

from __future__ import annotations

import re

MASK = "***"
# `?token=…`, `&access_token=…`: query parameters (and form fields) that carry a credential.
_SECRET_PARAMETER = re.compile(
    r"(?P<name>\b(?:[a-z_]*token|[a-z_]*secret|password|passwd|pwd|api_key|apikey|key|"
    r"appsecret_proof|signature|sig)=)(?P<value>[^&\s'\"<>#]+)",
    re.IGNORECASE,
)
# `scheme://user:password@host`: the password part of a URL's user information.
_URL_PASSWORD = re.compile(
    r"(?P<head>[a-z][a-z0-9+.\-]*://[^/\s:@]*:)(?P<password>[^@\s/]+)@", re.I
)
# `Authorization: Bearer …` quoted in an error.
_BEARER = re.compile(r"(?P<head>\bBearer\s+)(?P<value>[A-Za-z0-9._~+/=\-]+)", re.IGNORECASE)


def redacted(text: str) -> str:
    """`text` with credentials in URLs, query strings and bearer headers replaced by ***."""
    text = _URL_PASSWORD.sub(lambda m: f"{m['head']}{MASK}@", text)
    text = _SECRET_PARAMETER.sub(lambda m: f"{m['name']}{MASK}", text)
    return _BEARER.sub(lambda m: f"{m['head']}{MASK}", text)
