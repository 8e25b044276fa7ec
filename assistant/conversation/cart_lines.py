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
        typed = _long_words(said)
        named = [line for line in cart.lines if typed & _long_words(line.title)]
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


def _long_words(text: str) -> set[str]:
    """Its words of four letters or more, folded: "enlève le sencha" -> enleve, sencha."""
    return set(re.findall(r"[a-z0-9]{4,}", fold(text).lower()))
