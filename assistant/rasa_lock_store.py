"""A Redis lock store whose every change is atomic, for several Rasa replicas.

Rasa's open-source `RedisLockStore` changes a conversation's ticket lock by read-modify-write
(GET, change, SET). Two replicas taking a message of the same conversation at the same moment
can both read the same lock, each add their ticket, and the second SET erases the first
ticket: both then believe they hold the lock, run the turn at once, and one turn's events are
lost (seen in tests/e2e/scale/test_replicas.py). Here each change runs in a Redis transaction
(WATCH / MULTI / EXEC) and is retried if another replica changed the lock in between.

A ticket is a lease: it lives LEASE_SECONDS and the replica holding it renews it while the
message waits or runs, up to the message's lock lifetime (TICKET_LOCK_LIFETIME). Rasa's tickets
live the whole lifetime whatever happens: a replica killed mid-turn left its conversations
locked for it (300 s here), every later message and receipt of theirs waiting behind a ticket
nobody would finish (tests/e2e/scale/test_faults.py). Now they are free within the lease.

Runs inside the Rasa server (Python 3.10 venv): Rasa and redis only. In endpoints.yml:
`lock_store: {type: assistant.rasa_lock_store.AtomicRedisLockStore, url: ..., port: ..., ...}`.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import AsyncGenerator, Callable
from contextlib import asynccontextmanager, suppress
from typing import Any, TypeVar

from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, LockError, RedisLockStore
from rasa.utils.endpoints import EndpointConfig
from redis.exceptions import RedisError, WatchError

T = TypeVar("T")
logger = logging.getLogger(__name__)
MAX_ATTEMPTS = 100  # contention on one conversation is a handful of replicas, not hundreds
# Renewed every quarter lease: a replica's event loop stalled 7.5 s (a loaded machine) still
# keeps its place; one that died frees it within 10 s, before the shop's 10 s call times out.
LEASE_SECONDS = 10.0


class AtomicRedisLockStore(RedisLockStore):
    def __init__(self, endpoint_config: EndpointConfig | None = None, **kwargs: Any) -> None:
        if endpoint_config is not None:  # Rasa builds custom lock stores from the endpoint
            kwargs = {"host": endpoint_config.url or "localhost", **endpoint_config.kwargs}
        super().__init__(**kwargs)

    def _change(
        self,
        conversation_id: str,
        change: Callable[[TicketLock | None], tuple[TicketLock | None, T]],
    ) -> T:
        """Apply `change` to the stored lock atomically; a None lock deletes it."""
        key = self.key_prefix + conversation_id
        with self.red.pipeline() as pipe:
            for _ in range(MAX_ATTEMPTS):
                try:
                    pipe.watch(key)
                    stored = pipe.get(key)
                    lock = TicketLock.from_dict(json.loads(stored)) if stored else None
                    new_lock, result = change(lock)
                    pipe.multi()
                    if new_lock is None:
                        pipe.delete(key)
                    else:
                        pipe.set(key, new_lock.dumps())
                    pipe.execute()
                    return result
                except WatchError:
                    continue  # another replica changed this lock: read it again
        raise LockError(f"lock of conversation '{conversation_id}' stayed contended")

    @asynccontextmanager
    async def lock(
        self,
        conversation_id: str,
        lock_lifetime: float = LOCK_LIFETIME,
        wait_time_in_seconds: float = 1,
    ) -> AsyncGenerator[TicketLock, None]:
        """Rasa's lock, its ticket leased and renewed until `lock_lifetime` is over."""
        lease = min(lock_lifetime, LEASE_SECONDS)
        ticket = self.issue_ticket(conversation_id, lease)
        renewing = asyncio.create_task(
            self._renew(conversation_id, ticket, lease, time.time() + lock_lifetime)
        )
        try:
            yield await self._acquire_lock(conversation_id, ticket, wait_time_in_seconds)
        finally:
            renewing.cancel()
            with suppress(asyncio.CancelledError):
                await renewing
            self.cleanup(conversation_id, ticket)

    async def _renew(self, conversation_id: str, number: int, lease: float, until: float) -> None:
        while True:
            await asyncio.sleep(lease / 4)
            try:
                self._change(conversation_id, _extended(number, min(time.time() + lease, until)))
            except (RedisError, LockError) as error:  # Redis away: try again next time
                logger.warning("lock lease of '%s' not renewed: %s", conversation_id, error)

    def issue_ticket(self, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME) -> int:
        def add_ticket(lock: TicketLock | None) -> tuple[TicketLock, int]:
            lock = lock or TicketLock(conversation_id)
            return lock, lock.issue_ticket(lock_lifetime)

        return self._change(conversation_id, add_ticket)

    def update_lock(self, conversation_id: str) -> None:
        def drop_expired(lock: TicketLock | None) -> tuple[TicketLock | None, None]:
            if lock is not None:
                lock.remove_expired_tickets()
            return lock, None

        self._change(conversation_id, drop_expired)

    def finish_serving(self, conversation_id: str, ticket_number: int) -> None:
        def drop_ticket(lock: TicketLock | None) -> tuple[TicketLock | None, None]:
            if lock is not None:
                lock.remove_ticket_for(ticket_number)
            return lock, None

        self._change(conversation_id, drop_ticket)

    def cleanup(self, conversation_id: str, ticket_number: int) -> None:
        """Drop our ticket, and the lock with it if nobody else waits, in one step."""

        def release(lock: TicketLock | None) -> tuple[TicketLock | None, None]:
            if lock is None:
                return None, None
            lock.remove_ticket_for(ticket_number)
            return (lock if lock.is_someone_waiting() else None), None

        self._change(conversation_id, release)


def _extended(
    number: int, expires: float
) -> Callable[[TicketLock | None], tuple[TicketLock | None, None]]:
    """A change pushing ticket `number`'s expiry to `expires` (a ticket gone stays gone)."""

    def extend(lock: TicketLock | None) -> tuple[TicketLock | None, None]:
        for ticket in lock.tickets if lock is not None else ():
            if ticket.number == number:
                ticket.expires = max(ticket.expires, expires)
        return lock, None

    return extend
