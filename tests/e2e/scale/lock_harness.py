"""Run by the Rasa venv's Python: processes racing through one conversation's lock.

Each turn reads a counter, waits, and writes it back plus one: without mutual exclusion
turns overlap and increments are lost. Prints the final counter.
usage: lock_harness.py MODULE:CLASS KEY_PREFIX PROCESSES TURNS (from the project root)
"""

import asyncio
import importlib
import sys
from multiprocessing import Process

import redis


def store_class(path: str):  # type: ignore[no-untyped-def]
    module, name = path.split(":")
    return getattr(importlib.import_module(module), name)


async def turns(path: str, prefix: str, count: int) -> None:
    store = store_class(path)(host="127.0.0.1", port=6379, db=4, key_prefix=prefix)
    counter = redis.Redis(db=4)
    for _ in range(count):
        async with store.lock("shopper", lock_lifetime=60, wait_time_in_seconds=0.01):
            value = int(counter.get(f"{prefix}-counter") or 0)
            await asyncio.sleep(0.005)
            counter.set(f"{prefix}-counter", value + 1)


def worker(path: str, prefix: str, count: int) -> None:
    asyncio.run(turns(path, prefix, count))


if __name__ == "__main__":
    path, prefix, processes, count = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    redis.Redis(db=4).delete(f"{prefix}-counter")
    workers = [Process(target=worker, args=(path, prefix, count)) for _ in range(processes)]
    for process in workers:
        process.start()
    for process in workers:
        process.join(timeout=300)
    print(int(redis.Redis(db=4).get(f"{prefix}-counter") or 0))
