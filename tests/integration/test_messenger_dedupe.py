"""Duplicate Messenger deliveries are dropped across replicas (real Redis)."""

from __future__ import annotations

import asyncio
import uuid

import redis

from assistant.channels.dedupe import RedisRecentKeys

REDIS_URL = "redis://127.0.0.1:6379/0"


def test_two_replicas_share_what_they_have_seen() -> None:
    prefix = f"test:{uuid.uuid4().hex}:"

    async def scenario() -> list[bool]:
        one, two = (
            RedisRecentKeys(REDIS_URL, prefix=prefix),
            RedisRecentKeys(REDIS_URL, prefix=prefix),
        )
        try:
            # The same mid delivered to both replicas at once: exactly one handles it.
            racing = await asyncio.gather(*(r.first_time("m_1") for r in (one, two, one, two)))
            return [*racing, await two.first_time("m_2"), await one.first_time("m_2")]
        finally:
            await one.close()
            await two.close()

    answers = asyncio.run(scenario())
    assert sorted(answers[:4]) == [False, False, False, True]
    assert answers[4:] == [True, False]
    ttl = redis.Redis.from_url(REDIS_URL).ttl(f"{prefix}m_1")
    assert 0 < ttl <= 36 * 3600


def test_an_unreachable_redis_loses_no_message() -> None:
    async def scenario() -> bool:
        keys = RedisRecentKeys("redis://127.0.0.1:1/0")  # nothing listens on port 1
        try:
            return await keys.first_time("m_1")
        finally:
            await keys.close()

    assert asyncio.run(scenario()) is True
