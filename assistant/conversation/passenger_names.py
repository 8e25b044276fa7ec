"""Passengers' names as typed for a booking: "Ann Lee, Bo Chen", "Marie Dupont et Luc Martin",
one per line. A name is a first and a last name in letters (hyphens, apostrophes and accents
allowed), as printed on an identity document."""

from __future__ import annotations

import re

_SEPARATORS = re.compile(r"\s*(?:[,;\n/+&]|\band\b|\bet\b)\s*", re.IGNORECASE)
_NAME = re.compile(r"^[^\W\d_]+(?:['’-][^\W\d_]+)*$")
_LEAD_IN = re.compile(
    r"^(?:(?:the\s+)?(?:passengers?|names?|travell?ers?)\s*(?:are|is|:)?|"
    r"(?:les\s+)?(?:passagers?|noms?|voyageurs?)\s*(?:sont|est|:)?|"
    r"(?:it'?s|c'?est|ce sont|we are|nous sommes)\s+)\s*",
    re.IGNORECASE,
)
MAX_NAME_LENGTH = 60


def names_in(text: str) -> list[str]:
    """Every name the message gives, in order, each "First Last" with its own capitals kept."""
    body = _LEAD_IN.sub("", text.strip()).strip(" .!")
    return [" ".join(part.split()) for part in _SEPARATORS.split(body) if part.strip()]


def is_full_name(name: str) -> bool:
    """At least a first and a last name, letters only, of a length a ticket can print."""
    words = name.split()
    return (
        len(words) >= 2
        and len(name) <= MAX_NAME_LENGTH
        and all(_NAME.match(word) for word in words)
    )
