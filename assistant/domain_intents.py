"""The intents domain.yml declares: Rasa holds the NLU to them (it predicts no other), so code
that sorts intents derives its lists from them instead of writing the names again. Plain PyYAML,
as the wording catalogue read from the same file."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

from assistant.wording import DOMAIN


@cache
def domain_intents(domain: Path = DOMAIN) -> frozenset[str]:
    """Every intent of the domain (an entry may be a name, or a name with its options)."""
    declared = yaml.safe_load(domain.read_text(encoding="utf-8")).get("intents") or []
    return frozenset(entry if isinstance(entry, str) else next(iter(entry)) for entry in declared)
