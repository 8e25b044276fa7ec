"""`python -m assistant.rasa_launcher run [rasa run arguments]`, in Rasa's venv: `rasa run` with
its secrets taken from the environment instead of the command line.

Rasa 3.6 takes its API token only as `--auth-token`, and a command line is readable by every
user of the machine (`ps`). This launcher reads RASA_TOKEN from the environment and hands it to
Rasa's own command-line entry point in this process: `ps` shows the arguments it was started
with, never the token. The same token also signs JWTs (`--jwt-secret`), so our clients
authenticate with an `Authorization` header (assistant.rasa_api.rasa_auth_headers) and the token
never travels in a URL, where proxies and access logs would keep it.

It first applies the production rules (assistant.kernel.production) that concern Rasa.
Imports: the standard library, PyYAML and Rasa (it runs in the Python 3.10 venv).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from dataclasses import replace

from assistant.kernel.production import RASA, Deployment, UnsafeConfiguration, refuse_unsafe

SECRET_OPTIONS = ("--auth-token", "--jwt-secret", "--jwt-method")


def rasa_argv(argv: list[str], environ: Mapping[str, str]) -> list[str]:
    """Rasa's arguments with the token options added from the environment, and the profile's
    channels file when none is given (Rasa's own default, credentials.yml, has the REST channel)."""
    if any(arg.split("=")[0] in SECRET_OPTIONS for arg in argv):
        raise SystemExit(
            "error: pass the token in RASA_TOKEN, not on the command line (it would show in `ps`)"
        )
    token = environ.get("RASA_TOKEN", "")
    if not token:
        raise SystemExit("error: RASA_TOKEN is not set")
    if _option(argv, "--credentials") is None:
        channels = Deployment.from_environment(environ).credentials_file
        argv = [*argv, "--credentials", str(channels)]
    return ["rasa", *argv, "--auth-token", token, "--jwt-secret", token, "--jwt-method", "HS256"]


def deployment(argv: list[str], environ: Mapping[str, str]) -> Deployment:
    """The facts the rules check, with the channels file and CORS origins Rasa will use."""
    facts = Deployment.from_environment(environ)
    channels = _option(argv, "--credentials")
    if channels:
        facts = replace(facts, rasa_credentials=channels)
    if "--cors" in argv:  # its values run up to the next option
        values = argv[argv.index("--cors") + 1 :]
        end = next((i for i, value in enumerate(values) if value.startswith("--")), len(values))
        origins = ",".join([facts.rasa_cors_origins, *values[:end]])
        facts = replace(facts, rasa_cors_origins=origins)
    return facts


def _option(argv: list[str], name: str) -> str | None:
    for index, arg in enumerate(argv):
        if arg == name and index + 1 < len(argv):
            return argv[index + 1]
        if arg.startswith(f"{name}="):
            return arg.partition("=")[2]
    return None


def main() -> None:
    argv = sys.argv[1:]
    try:
        refuse_unsafe(deployment(argv, os.environ), RASA)
    except UnsafeConfiguration as error:
        raise SystemExit(f"error: {error}") from None
    sys.argv = rasa_argv(argv, os.environ)
    from rasa.__main__ import main as rasa_main

    from assistant import rasa_action_schema, rasa_model_load

    # Before Rasa's server starts (and forks its Sanic workers, if several) and loads its model.
    rasa_action_schema.install()
    rasa_model_load.install()
    rasa_main()


if __name__ == "__main__":
    main()
