"""Warm the catalog search in the action server's worker while it starts.

The first search of a process builds the catalog snapshot and loads the query encoder (about a
second on the demo catalog, tens of seconds at 100k products): done here, the first shopper does
not wait for it. Sanic serves from spawned worker processes, so the warm-up runs only in a
serving worker and only when `actions.server` asked for it; tests and tools importing `actions`
are not affected.

It starts once the worker's server is up (`actions.server` calls `start_in_worker` after server
start), not when the worker imports `actions`: its thread then loaded the encoder's arrays
(numpy reads each header with `ast.literal_eval`) while Sanic's start-up parsed handlers with
`ast`, and CPython 3.11's AST builder counts its recursion depth per interpreter, not per
thread. Now and then the worker died at start with "SystemError: AST constructor recursion depth
mismatch" and the action server did not come up.
"""

from __future__ import annotations

import logging
import os
import threading
import time

from assistant.bootstrap import unit_of_work
from assistant.kernel.settings import get_settings
from assistant.services.products import search_products
from catalog.search import SearchQuery

WARM_UP_ENV = "ASSISTANT_ACTIONS_WARM_UP"
logger = logging.getLogger(__name__)


def warm_up() -> None:
    started = time.perf_counter()
    try:
        search_products(unit_of_work(get_settings()), SearchQuery(text="warm up", limit=1))
    except Exception:  # a cold first search is better than no server
        logger.exception("search warm-up failed; the first search will build the index")
        return
    logger.info("search warm-up done in %.0f ms", (time.perf_counter() - started) * 1000)


def start_in_worker() -> None:
    # Sanic names its serving processes "Sanic-Server-<n>-<m>"; the main process only manages them.
    serving = os.environ.get("SANIC_WORKER_NAME", "").startswith("Sanic-Server")
    if os.environ.get(WARM_UP_ENV) != "1" or not serving:
        return
    # The worker inherits no logging set-up from Rasa SDK; this is a no-op where one exists.
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)-8s %(name)s - %(message)s"
    )
    threading.Thread(target=warm_up, name="warm-up", daemon=True).start()
