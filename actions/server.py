"""`python -m actions.server`: Rasa SDK's action server (same arguments as `python -m rasa_sdk`)
with the catalog search warmed in its worker while it starts (see `actions.warm_up`), and every
route but /health closed to callers without the secret shared with Rasa (ACTION_SERVER_SECRET).

Rasa sends the secret as `Authorization: Bearer …` (the `headers` of `action_endpoint` in
endpoints.yml). Without ACTION_SERVER_SECRET the server is open, as Rasa SDK's is: allowed in
the development profile only (assistant.kernel.production refuses it in production).
"""

from __future__ import annotations

import hmac
import os
import sys
from typing import Any

from rasa_sdk import endpoint
from rasa_sdk.__main__ import main
from sanic import Request, response
from sanic.response import HTTPResponse

from actions import metrics
from actions.warm_up import WARM_UP_ENV, start_in_worker
from assistant.kernel.production import ACTIONS, UnsafeConfiguration, refuse_unsafe
from assistant.kernel.settings import get_settings

OPEN_PATHS = frozenset({"/health"})  # the supervisor's and load balancer's health checks
_sdk_create_app = endpoint.create_app


def authorised(header: str | None, secret: str) -> bool:
    """`Authorization: Bearer <secret>`, compared in constant time."""
    scheme, _, provided = (header or "").partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(
        provided.strip().encode(), secret.encode()
    )


def create_app(*args: Any, **kwargs: Any) -> Any:
    """Rasa SDK's app, with the shared-secret check in front of its routes and its timings."""
    app = _sdk_create_app(*args, **kwargs)
    metrics.install(app)
    # Once Sanic's start-up is over: it parses code with `ast` too (see actions.warm_up).
    app.after_server_start(_warm_up)
    secret = get_settings().action_server_secret
    if secret is None:
        return app
    expected = secret.get_secret_value()

    @app.on_request
    async def require_secret(request: Request) -> HTTPResponse | None:
        if request.path in OPEN_PATHS or authorised(request.headers.get("authorization"), expected):
            return None
        return response.json({"error": "missing or wrong ACTION_SERVER_SECRET"}, status=401)

    return app


def _warm_up(_app: Any) -> None:
    start_in_worker()


# Rasa SDK builds its app in each Sanic worker through `endpoint.create_app`; workers are spawned
# and import this module again (as `__mp_main__`), so the wrapper is in place there too.
endpoint.create_app = create_app

if __name__ == "__main__":
    try:
        refuse_unsafe(get_settings().deployment(), ACTIONS)
    except UnsafeConfiguration as error:
        sys.exit(f"error: {error}")
    os.environ[WARM_UP_ENV] = "1"
    main()
