"""What the fake Graph API received, per conversation, and the pages listening for it."""

from __future__ import annotations

import asyncio
import itertools
from collections import deque
from typing import Any

HISTORY = 500  # sends kept per conversation, replayed to a page that (re)connects


class Hub:
    """In memory, one web app process: the sandbox is for one machine, not for production."""

    def __init__(self) -> None:
        self._ids = itertools.count(1)
        self._history: dict[str, deque[dict[str, Any]]] = {}
        self._listeners: dict[str, set[asyncio.Queue[dict[str, Any]]]] = {}
        self.profile: dict[str, Any] = {}
        self.profile_writes = 0

    def publish(self, psid: str, body: dict[str, Any]) -> dict[str, Any]:
        event = {"id": next(self._ids), "body": body}
        self._history.setdefault(psid, deque(maxlen=HISTORY)).append(event)
        for queue in self._listeners.get(psid, ()):
            queue.put_nowait(event)
        return event

    def history(self, psid: str, after: int = 0) -> list[dict[str, Any]]:
        return [event for event in self._history.get(psid, ()) if event["id"] > after]

    def listen(self, psid: str) -> asyncio.Queue[dict[str, Any]]:
        queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self._listeners.setdefault(psid, set()).add(queue)
        return queue

    def leave(self, psid: str, queue: asyncio.Queue[dict[str, Any]]) -> None:
        listeners = self._listeners.get(psid, set())
        listeners.discard(queue)
        if not listeners:
            self._listeners.pop(psid, None)
