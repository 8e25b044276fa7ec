"""Text folded for matching, on the Rasa side (the NLU components and the channels, which
cannot import the shop's catalog.text): lowercase, accents dropped ("Élégant" -> "elegant").
Offsets into the folded text hold for the original only when the length is unchanged (a few
characters fold to several): callers that need them check."""

from __future__ import annotations

import unicodedata


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(char for char in decomposed if not unicodedata.combining(char))
