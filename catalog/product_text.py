"""The words a product is found by: its description cleaned and cut to its first sentences.

Both the sentence vector (catalog/embeddings.embedding_text) and the keyword index
(catalog/snapshot.py) read a product's description through description_summary(): markup,
entities and links removed, whitespace collapsed, cut at a sentence end.
"""

from __future__ import annotations

import html
import re

_TAG = re.compile(r"<[^>]+>")
_URL = re.compile(r"(?:https?://|www\.)\S+")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=\S)")
EMBEDDED_SENTENCES = 2
EMBEDDED_CHARACTERS = 300
INDEXED_CHARACTERS = 2000  # the keyword index reads more: extra words cost it little


def clean_description(text: str) -> str:
    """Plain text: HTML tags and links dropped, entities decoded, whitespace collapsed."""
    text = html.unescape(_TAG.sub(" ", text))
    return " ".join(_URL.sub(" ", text).split())


def description_summary(
    text: str, sentences: int | None = EMBEDDED_SENTENCES, limit: int = EMBEDDED_CHARACTERS
) -> str:
    """The first whole sentences of the cleaned description, at most `limit` characters.

    A first sentence longer than the limit is cut at a word boundary.
    """
    kept: list[str] = []
    length = 0
    for sentence in _SENTENCE_END.split(clean_description(text)):
        if (sentences is not None and len(kept) == sentences) or length + len(sentence) > limit:
            break
        kept.append(sentence)
        length += len(sentence) + 1
    if kept:
        return " ".join(kept)
    first = clean_description(text)[:limit]
    return first.rsplit(" ", 1)[0] if len(first) == limit and " " in first else first
