"""The shop's wording catalogue: every sentence and label a shopper sees, in English and French.

The catalogue is the `responses` section of `domain.yml`: Rasa's own conditional responses, one
variant per language (the variant without a condition is English, the other is conditioned on
the `language` slot). Rasa speaks the `utter_*` responses itself; code that builds a message
(carousel buttons, order lines, the Messenger connector's own replies) reads the `label_*`
ones through `say()`. A test fails when a response lacks a language.

Why Rasa responses rather than gettext catalogues: most of the wording is `utter_*` responses
that Rasa's rules and policies predict and that Rasa already renders per language with no
code; a second, gettext catalogue for the remaining labels would split the wording in two
files with two formats. Plain PyYAML and the standard library only: the connector imports this
inside the Rasa server's venv.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

DOMAIN = Path(__file__).resolve().parent.parent / "domain.yml"
LANGUAGES = ("en", "fr")
DEFAULT_LANGUAGE = "en"


def supported_language(code: str | None) -> str:
    """The shop speaks English and French; anything else is answered in English."""
    return code if code in LANGUAGES else DEFAULT_LANGUAGE


@cache
def catalogue(domain: Path = DOMAIN) -> dict[str, dict[str, str]]:
    """Response name -> {language: text}, read once from the domain."""
    responses: dict[str, list[dict[str, Any]]] = (
        yaml.safe_load(domain.read_text(encoding="utf-8")).get("responses") or {}
    )
    texts: dict[str, dict[str, str]] = {}
    for name, variants in responses.items():
        for variant in variants:
            language = next(
                (
                    str(condition.get("value"))
                    for condition in variant.get("condition") or []
                    if condition.get("name") == "language"
                ),
                DEFAULT_LANGUAGE,
            )
            texts.setdefault(name, {})[language] = str(variant.get("text") or "")
    return texts


def say(key: str, language: str | None, **values: object) -> str:
    """The text of `key` in the shopper's language, its {placeholders} filled from `values`."""
    texts = catalogue()[key]
    text = texts.get(supported_language(language)) or texts[DEFAULT_LANGUAGE]
    return text.format(**values) if values else text
