"""Duplicate Messenger deliveries are dropped in one process; Redis is used only when set."""

from __future__ import annotations

import asyncio

from assistant.channels.dedupe import RecentKeys, RedisRecentKeys, seen_keys

REDIS_URL = "redis://127.0.0.1:6379/0"  # constructing the client does not connect


def test_recent_keys_forget_the_oldest() -> None:
    async def scenario() -> list[bool]:
        keys = RecentKeys(size=2)
        return [await keys.first_time(k) for k in ("a", "a", "b", "c", "a")]

    assert asyncio.run(scenario()) == [True, False, True, True, True]


def test_redis_only_when_configured() -> None:
    assert isinstance(seen_keys(None), RecentKeys) and isinstance(seen_keys(""), RecentKeys)
    assert isinstance(seen_keys(REDIS_URL), RedisRecentKeys)
