"""A size looks like a size: DIET tags words of a long request as sizes ("fabriqué au
Portugal" -> size "Portugal", "sac pour l'école" -> size "l'école"), and the search then looks
for hoodies in size Portugal and finds none. A size entity is kept when it has a number ("42",
"1 m", "512GB", "27 inch"), is a letter size ("XS", "xxl", "3XL") or a size word ("large",
"taille unique", "king"); any other is dropped, whatever extractor found it.
"""

from __future__ import annotations

import re
from typing import Any

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import ENTITIES
from rasa.shared.nlu.training_data.message import Message

from assistant.nlu.rule_component import RuleComponent

_LETTER_SIZE = re.compile(r"^(?:x{0,3}s|m|x{0,4}l|\d?x{1,4}[sl])$", re.IGNORECASE)
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


def keeps(entity: dict[str, Any]) -> bool:
    return entity.get("entity") != "size" or looks_like_a_size(str(entity.get("value") or ""))


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False)
class SizeShapeFilter(RuleComponent):
    """After the entity extractors and the synonym mapper: drops sizes that look like none."""

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            entities = message.get(ENTITIES) or []
            kept = [entity for entity in entities if keeps(entity)]
            if len(kept) != len(entities):
                message.set(ENTITIES, kept, add_to_output=True)
        return messages
