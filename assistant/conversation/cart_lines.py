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
        typed = long_words(said)
        named = [line for line in cart.lines if typed & long_words(line.title)]
        if len(named) == 1:
            return named[0].key
    if words:
        folded = [fold(word).rstrip("s") for word in words]
        matches = [
            line
            for line in cart.lines
            if all(word in fold(f"{line.title} {line.color} {line.size}") for word in folded)
        ]
        if len(matches) > 1 and said:
            # "I don't want the mom jeans" with two jeans: the one a word of the message sets
            # apart from the others ("mom")
            typed = long_words(said, shortest=3)
            shared = set.intersection(*(long_words(line.title, 3) for line in matches))
            matches = [line for line in matches if (typed & long_words(line.title, 3)) - shared]
        return matches[0].key if len(matches) == 1 else None
    return cart.lines[0].key if len(cart.lines) == 1 else None


def long_words(text: str, shortest: int = 4) -> set[str]:
    """Its words of `shortest` letters or more, folded: "enlève le sencha" -> enleve, sencha."""
    return set(re.findall(rf"[a-z0-9]{{{shortest},}}", fold(text).lower()))


# "Swap the dark one for a milk hazelnut", "remplace le slim par le compact": the old first.
_SWAP_OLD_FIRST = re.compile(
    r"\b(?:swap|replace|switch|exchange|change|remplace[rsz]?|echange[rsz]?|change[rsz]?)\s+"
    r"(?P<old>.+?)\s+(?:for|with|by|to|into|par|contre|avec|pour)\b"
)
# "The purple one instead of the pink", "le coffret à la place des tablettes": the old last.
_SWAP_OLD_LAST = re.compile(
    r"\b(?:instead of|in place of|rather than|a la place d(?:u|e|es|e la|e l)?|"
    r"au lieu d(?:u|e|es|e la|e l)?|plutot que)\b\s*(?P<old>.+)$"
)
# "Get the commuter one instead", "non plutôt les lightweight": a change of mind, the old unsaid.
_CHANGE_OF_MIND = re.compile(
    r"\b(?:instead|rather|a la place|plutot|swap|replace|switch|remplace[rsz]?|echange[rsz]?)\b"
)


def replacement_said(text: str) -> str | None:
    """The words naming what a change of mind replaces ("the dark one" in "swap the dark one for
    a milk hazelnut"), "" when it replaces without naming it ("get the commuter one instead"),
    None when the message replaces nothing."""
    said = " ".join(re.findall(r"[a-z0-9%']+", fold(text).lower()))
    for pattern in (_SWAP_OLD_FIRST, _SWAP_OLD_LAST):
        match = pattern.search(said)
        if match:
            return match.group("old")
    return "" if _CHANGE_OF_MIND.search(said) else None
