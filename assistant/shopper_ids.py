"""How a shopper's id may appear in logs: a short hash, never the raw Messenger PSID.

Standard library only: the Messenger connector (Rasa's venv), the actions, the services and the
web app all log through this one helper. The same id always gives the same hash, so one
conversation can still be followed across processes and replicas; the PSID cannot be read back
from the log (ten hex digits of SHA-256).
"""

from __future__ import annotations

import hashlib


def log_id(sender_id: object) -> str:
    """`u:` and 10 hex digits of the id's SHA-256, e.g. "u:3f2a9c01be"."""
    digest = hashlib.sha256(str(sender_id).encode()).hexdigest()
    return f"u:{digest[:10]}"
