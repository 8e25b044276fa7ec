"""Colour families: the shades a merchant may call a colour a shopper names ("blue" -> navy).
The table is data (catalog/data/colour_families.txt); compared folded and lower case."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from catalog.text import fold

FAMILIES_FILE = Path(__file__).resolve().parent / "data" / "colour_families.txt"


@cache
def _families(path: Path = FAMILIES_FILE) -> dict[str, frozenset[str]]:
    families: dict[str, frozenset[str]] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        base, colon, shades = line.partition(":")
        if not colon or not base.strip():
            raise ValueError(f"{path.name}:{number}: expected 'base: shade, shade, ...'")
        families[_key(base)] = frozenset(_key(s) for s in shades.split(",") if s.strip())
    return families


def _key(colour: str) -> str:
    return " ".join(fold(colour).lower().replace("-", " ").split())


def colour_family(colour: str) -> frozenset[str]:
    """The colour itself and, for a base colour, its shades: what a shopper asking for it
    would take ("blue" -> blue, navy, light blue, ...). Folded, lower case, each name also
    hyphenated ("off white", "off-white"), as feeds write them."""
    key = _key(colour)
    names = {key, *_families().get(key, ())}
    return frozenset(names | {name.replace(" ", "-") for name in names})  # "off-white" too


def same_family(asked: str, value: str) -> bool:
    """A variant's colour `value` is the colour asked or one of its shades."""
    return _key(value) in colour_family(asked)


def is_colour_name(word: str) -> bool:
    """A base colour or a shade the table knows: "navy" is one, "neige" (snow) is not."""
    key = _key(word)
    return key in _families() or any(key in shades for shades in _families().values())
