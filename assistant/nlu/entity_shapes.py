"""A size looks like a size, a position like a position: DIET tags words of a long request as
sizes ("fabriqué au Portugal" -> size "Portugal", "sac pour l'école" -> size "l'école") and
counts as positions ("x2" -> ordinal), and the search then looks for hoodies in size Portugal,
the add for the "x2"th product. A size entity is kept when it has a number ("42", "1 m",
"512GB", "27 inch"), is a letter size ("XS", "xxl", "3XL") or a size word ("large", "taille
unique", "king"); an ordinal when it names a position ("second", "le 2e", "number 3",
"dernier"). Any other is dropped, whatever extractor found it. A quantity written as part of
"3-pack" says what the pack holds, not how many to buy: dropped too.
"""

from __future__ import annotations

import re
from typing import Any

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message

from assistant.nlu.rule_component import RuleComponent

_LETTER_SIZE = re.compile(r"^(?:x{0,3}s|m|x{0,4}l|\d?x{1,4}[sl])$", re.IGNORECASE)
# A position in a list, as assistant/conversation/ordinals.py reads them (the Rasa venv cannot
# import it): "2", "2nd", "le 2e", "number 3", "n°1", "first", "dernière".
_POSITION = re.compile(
    r"^(?:(?:the|le|la|number|num[eé]ro|no|n°|#)\s*)*(?:\d{1,2}(?:st|nd|rd|th|er|re|[eè]re|e|"
    r"[eè]me|i[eè]me)?|first|second|third|fourth|fifth|last|final|premi[eè]re?|premier|"
    r"seconde?|deuxi[eè]me|troisi[eè]me|quatri[eè]me|cinqui[eè]me|derni[eè]re?|dernier)$",
    re.IGNORECASE,
)
# Sizes said in words, English and French: clothing, bedding, portions.
SIZE_WORDS = frozenset(
    """small medium large extra-large extra large one size regular tall petite short long
    king queen twin single double full petit petite moyen moyenne grand grande
    taille unique unique demi""".split()
)


def looks_like_a_size(value: str) -> bool:
    """A number, a letter size or a size word."""
    said = value.strip().lower()
    if any(char.isdigit() for char in said) or _LETTER_SIZE.match(said):
        return True
    return all(word in SIZE_WORDS for word in said.replace("-", " ").split()) and bool(said)


# "a 3-pack of socks", "the 12-Pack", "2 x 6-pack": the number is what a pack holds, part of
# the product's name, not how many to buy.
_PACK_AFTER = re.compile(r"^\s*-?\s*(?:packs?|pk|pcs?)\b", re.IGNORECASE)


def _inside_a_word(entity: dict[str, Any], text: str) -> bool:
    """A letter size tagged inside a word: the "s" of "he's", "let's", "it's"."""
    start = entity.get("start")
    if not isinstance(start, int) or not 0 < start <= len(text):
        return False
    before = text[start - 1]
    return bool(_LETTER_SIZE.match(str(entity.get("value") or "").strip())) and (
        before.isalnum() or before in "'’"
    )


# "jeans à jambe large", "une coupe large", "wide-leg": how wide the cut is, not the size L.
_A_CUT_BEFORE = re.compile(
    r"(?<![\w'-])(?:jambes?|coupe|jeans?|pantalons?|manches?|col|leg|legs|fit|cut)\s+$",
    re.IGNORECASE,
)


def _says_the_cut(entity: dict[str, Any], text: str) -> bool:
    """ "large" said of a leg or a cut ("jambe large"): a width, no size."""
    start = entity.get("start")
    value = str(entity.get("value") or "").strip().lower()
    if value not in {"large", "wide"} or not isinstance(start, int):
        return False
    return _A_CUT_BEFORE.search(text[:start]) is not None


def keeps(entity: dict[str, Any], text: str = "") -> bool:
    value = str(entity.get("value") or "")
    if entity.get("entity") == "size":
        return (
            looks_like_a_size(value)
            and not _inside_a_word(entity, text)
            and not _says_the_cut(entity, text)
        )
    if entity.get("entity") == "ordinal":
        return _POSITION.match(value.strip()) is not None
    if entity.get("entity") == "quantity" and isinstance(entity.get("end"), int):
        return _PACK_AFTER.match(text[entity["end"] :]) is None
    return True


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False)
class EntityShapeFilter(RuleComponent):
    """After the entity extractors, before the colour words and the synonym mapper: drops
    sizes and ordinals that look like none."""

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            entities = message.get(ENTITIES) or []
            text = message.get(TEXT) or ""
            kept = [entity for entity in entities if keeps(entity, text)]
            if len(kept) != len(entities):
                message.set(ENTITIES, kept, add_to_output=True)
        return messages
