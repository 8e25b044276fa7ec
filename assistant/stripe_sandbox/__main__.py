"""Run the Stripe sandbox: `python -m assistant.stripe_sandbox --webhook-secret whsec_...`."""

from __future__ import annotations

import argparse
import logging
from collections.abc import Sequence

import uvicorn

from assistant.kernel.settings import STRIPE_SANDBOX_PORT

from .app import create_app


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m assistant.stripe_sandbox",
        description="Local stand-in for Stripe Checkout Sessions (test mode only).",
    )
    parser.add_argument("--host", default="127.0.0.1", help="bind address (default: loopback)")
    parser.add_argument("--port", type=int, default=STRIPE_SANDBOX_PORT)
    parser.add_argument(
        "--public-url",
        help="base URL browsers use to reach this server (default: http://HOST:PORT)",
    )
    parser.add_argument(
        "--webhook-url", help="where signed events are POSTed (default: none, only listed)"
    )
    parser.add_argument(
        "--webhook-secret", required=True, help="signing secret, the whsec_... the receiver uses"
    )
    parser.add_argument(
        "--upstream-url", help="localstripe base URL that serves all other /v1 endpoints"
    )
    parser.add_argument("--log-level", default="info", choices=["debug", "info", "warning"])
    return parser


def main(argv: Sequence[str] | None = None) -> None:
    args = _parser().parse_args(argv)
    logging.basicConfig(
        level=args.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    app = create_app(
        public_url=args.public_url or f"http://{args.host}:{args.port}",
        webhook_url=args.webhook_url,
        webhook_secret=args.webhook_secret,
        upstream_url=args.upstream_url,
    )
    # No access log: health polls would drown it; deliveries and sessions are logged instead.
    uvicorn.run(app, host=args.host, port=args.port, log_level=args.log_level, access_log=False)


if __name__ == "__main__":
    main()
