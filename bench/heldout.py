"""The held-out NLU messages (tests/nlu_heldout/{en,fr}.yml) as a shopper would type them."""

from __future__ import annotations

import re

import yaml

from assistant.kernel.settings import PROJECT_ROOT

HELDOUT = PROJECT_ROOT / "tests" / "nlu_heldout"


def messages() -> list[str]:
    texts: list[str] = []
    for language in ("en", "fr"):
        for block in yaml.safe_load((HELDOUT / f"{language}.yml").read_text())["nlu"]:
            for line in block["examples"].splitlines():
                texts.append(_plain(line.removeprefix("- ").strip()))
    return [text for text in texts if text]


def _plain(annotated: str) -> str:
    """ "[red](color) shoes" -> "red shoes": the text a shopper would have typed."""
    without_json = re.sub(r"\[([^\]]+)\]\{[^}]*\}", r"\1", annotated)
    return re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", without_json)
