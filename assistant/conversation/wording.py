"""French names for the catalog's canonical (English) values, read from the trainer's synonyms.

`data/nlu/fr.yml` maps "rouge", "rouges" to `red`; its first example is the word to show back
to a French shopper ("baskets (rouge, taille 42)" rather than "red sneakers 42").
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from pathlib import Path

import yaml

from assistant.kernel.settings import PROJECT_ROOT

FRENCH_DATA = PROJECT_ROOT / "data" / "nlu" / "fr.yml"


@cache
def french_names(path: Path = FRENCH_DATA) -> dict[str, str]:
    """Canonical value → French word; empty if the file is missing or has no synonyms."""
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError):
        return {}
    names = {}
    for block in document.get("nlu") or []:
        if "synonym" in block:
            examples = [
                line.strip().removeprefix("- ").strip()
                for line in str(block.get("examples") or "").splitlines()
                if line.strip().startswith("- ")
            ]
            if examples:
                names[str(block["synonym"])] = examples[0]
    return names


def shown_value(value: str, lang: str, names: Mapping[str, str] | None = None) -> str:
    """A colour (or other canonical value) as the shopper reads it: "noir" for a French one;
    `names` the French words (the trainer's synonyms unless given)."""
    if lang != "fr":
        return value
    return (french_names() if names is None else names).get(value.lower(), value)
