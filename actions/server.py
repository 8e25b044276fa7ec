"""`python -m actions.server`: Rasa SDK's action server (same arguments as `python -m rasa_sdk`)
with the catalog search warmed in its worker while it starts (see `actions.warm_up`)."""

from __future__ import annotations

import os

from rasa_sdk.__main__ import main

from actions.warm_up import WARM_UP_ENV

if __name__ == "__main__":
    os.environ[WARM_UP_ENV] = "1"
    main()
