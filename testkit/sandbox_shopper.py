"""A shopper on the Messenger sandbox page: events posted through the web app's relay (signed
as Facebook signs them), replies read from what the connector sent to the sandbox Graph API."""

from __future__ import annotations

import json
import uuid
from typing import Any

import httpx

from assistant.stack import local
from testkit.net import wait_for
from testkit.stack import Stack


class Shopper:
    """Acts through the sandbox relay, reads what the connector sent to the sandbox Graph API."""

    def __init__(self, running: Stack) -> None:
        self.psid = f"e2e-{uuid.uuid4().hex[:10]}"
        self.web = local(running.ports.web)
        self.seen = 0

    def act(self, kind: str, text: str = "", payload: str = "") -> None:
        action = {"psid": self.psid, "type": kind, "text": text, "payload": payload}
        response = httpx.post(f"{self.web}/sandbox/api/events", json=action, timeout=30)
        assert response.status_code == 200, response.text

    def sent(self) -> list[dict[str, Any]]:
        return httpx.get(f"{self.web}/sandbox/api/messages", params={"psid": self.psid}).json()

    def next_replies(self, until: str, timeout: float = 60) -> list[dict[str, Any]]:
        """The new sends up to (and including) the first whose JSON contains `until`."""

        def arrived() -> list[dict[str, Any]] | None:
            new = [event["body"] for event in self.sent()[self.seen :]]
            for index, body in enumerate(new):
                if until in json.dumps(body, ensure_ascii=False):
                    self.seen += index + 1
                    return new[: index + 1]
            return None

        return wait_for(arrived, timeout=timeout)


def template(bodies: list[dict[str, Any]], kind: str) -> dict[str, Any]:
    return next(
        b["message"]["attachment"]["payload"]
        for b in bodies
        if b.get("message", {}).get("attachment", {}).get("payload", {}).get("template_type")
        == kind
    )
