"""Which Messenger events were already handled: Facebook redelivers an event when it missed our
200, and with several Rasa replicas the second delivery may reach another one.

`RecentKeys` remembers in the process (one replica); `RedisRecentKeys` in Redis, shared by every
replica (`SET key 1 NX EX ttl`: one atomic command decides who is first). Stdlib and redis only,
so it runs in the Rasa venv and is tested against a real Redis.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from typing import Protocol

log = logging.getLogger(__name__)

RECENT_KEYS = 10_000
# Facebook retries a failed delivery for up to about a day; remember keys a little longer.
REDIS_TTL_SECONDS = 36 * 3600
REDIS_PREFIX = "messenger:seen:"


class SeenKeys(Protocol):
    async def first_time(self, key: str) -> bool: ...


class RecentKeys:
    """The last `size` keys seen by this process."""

    def __init__(self, size: int = RECENT_KEYS) -> None:
        self.size = size
        self._keys: OrderedDict[str, None] = OrderedDict()

    async def first_time(self, key: str) -> bool:
        if key in self._keys:
            return False
        self._keys[key] = None
        if len(self._keys) > self.size:
            self._keys.popitem(last=False)
        return True


class RedisRecentKeys:
    """Keys seen by any replica, kept in Redis for `ttl` seconds.

    If Redis cannot be reached the event is handled (a rare double answer beats a lost message)
    and the failure is logged.
    """

    def __init__(self, url: str, ttl: int = REDIS_TTL_SECONDS, prefix: str = REDIS_PREFIX) -> None:
        from redis import asyncio as redis_asyncio

        self._redis = redis_asyncio.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)
        self.ttl = ttl
        self.prefix = prefix

    async def first_time(self, key: str) -> bool:
        try:
            stored = await self._redis.set(self.prefix + key, b"1", nx=True, ex=self.ttl)
        except Exception as error:  # redis.RedisError, OSError, timeouts: never lose the message
            log.warning("messenger: dedupe store unreachable (%s); handling %s", error, key)
            return True
        return bool(stored)

    async def close(self) -> None:
        closing = getattr(self._redis, "aclose", None) or self._redis.close  # aclose: redis >= 5
        await closing()


def seen_keys(redis_url: str | None) -> SeenKeys:
    """Redis when a URL is configured (several replicas), else this process's memory."""
    return RedisRecentKeys(redis_url) if redis_url else RecentKeys()
