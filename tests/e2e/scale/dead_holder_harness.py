"""Run by the Rasa venv's Python: a replica killed while it holds a conversation's lock.

A child process takes the lock (lifetime 300 s) and is killed mid-turn, leaving its ticket
behind; then this process takes the same lock. Prints the seconds it waited.
usage: dead_holder_harness.py MODULE:CLASS KEY_PREFIX (from the project root)
"""

import asyncio
import sys
import time
from multiprocessing import Process

from lock_harness import store_class

LIFETIME = 300  # TICKET_LOCK_LIFETIME in deploy/


def store(path: str, prefix: str):  # type: ignore[no-untyped-def]
    # The real Redis, db 4, as lock_harness.py
    return store_class(path)(host="127.0.0.1", port=6379, db=4, key_prefix=prefix)


async def hold_forever(path: str, prefix: str) -> None:
    async with store(path, prefix).lock("shopper", lock_lifetime=LIFETIME):
        await asyncio.sleep(3600)


def holder(path: str, prefix: str) -> None:
    asyncio.run(hold_forever(path, prefix))


async def wait_for_the_lock(path: str, prefix: str) -> float:
    started = time.monotonic()
    async with store(path, prefix).lock(
        "shopper", lock_lifetime=LIFETIME, wait_time_in_seconds=0.1
    ):
        return time.monotonic() - started


if __name__ == "__main__":
    path, prefix = sys.argv[1], sys.argv[2]
    child = Process(target=holder, args=(path, prefix))
    child.start()
    watcher = store(path, prefix)
    while watcher.get_lock("shopper") is None:  # the child holds it
        time.sleep(0.05)
    time.sleep(1)
    child.kill()  # mid-turn: no cleanup, its ticket stays in Redis
    child.join()
    print(round(asyncio.run(wait_for_the_lock(path, prefix)), 1))
