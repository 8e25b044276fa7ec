"""Run the localstripe emulator on loopback only, keeping its state in memory.

localstripe's own CLI listens on every interface and pickles its state to the shared
/tmp/localstripe.pickle on each write; this runs the same app safely:
`python -m assistant.stripe_sandbox.localstripe_loopback PORT`.
"""

import sys

from aiohttp import web
from localstripe import resources, server


def main(port: int) -> None:
    resources.Store.dump_to_disk = lambda self: None  # type: ignore[method-assign]
    web.run_app(server.app, host="127.0.0.1", port=port, print=None)


if __name__ == "__main__":
    main(int(sys.argv[1]))
