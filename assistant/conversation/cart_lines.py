"""Which cart line a shopper means: "the second one", "the mugs", or the only one."""

from __future__ import annotations

import re

from assistant.conversation.ordinals import ordinal_index
from assistant.services.views import CartView
from catalog.text import fold


def cart_line_meant(
    cart: CartView, ordinal: str | None, words: list[str], said: str = ""
) -> str | None:
    """The key of the line named by position, by words all found in it, by the one line a word
    of the message `said` is in the title of ("enlève le sencha finalement"), or the only
    line."""
    if ordinal:
        index = ordinal_index(ordinal, len(cart.lines))
        return cart.lines[index].key if index is not None else None
    if not words and said:
        typed = {word for word in re.findall(r"[a-z0-9]{4,}", fold(said).lower())}
        named = [line for line in cart.lines if typed & set(_title_words(line.title))]
        if len(named) == 1:
            return named[0].key
    if words:
        folded = [fold(word).rstrip("s") for word in words]
        matches = [
            line
            for line in cart.lines
            if all(word in fold(f"{line.title} {line.color} {line.size}") for word in folded)
        ]
        return matches[0].key if len(matches) == 1 else None
    return cart.lines[0].key if len(cart.lines) == 1 else None


def _title_words(title: str) -> list[str]:
    return re.findall(r"[a-z0-9]{4,}", fold(title).lower())
