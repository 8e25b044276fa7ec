"""French elisions are no sizes: DIET tags the "L" of "L'huile d'olive" and the "J" of "J'en
veux 4" as the size L or J, and the search then looks for olive oil in size L. An entity
whose text is one letter followed by an apostrophe is an elided article or pronoun, not a
value: dropped, whatever extractor found it.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message

from assistant.nlu.rule_component import RuleComponent

APOSTROPHES = ("'", "’")


def is_elision(text: str, entity: dict[str, Any]) -> bool:
    """One letter of `text` right before an apostrophe ("L'huile", "j’en")."""
    start, end = entity.get("start"), entity.get("end")
    if not isinstance(start, int) or not isinstance(end, int) or end - start != 1:
        return False
    return text[start].isalpha() and text[end : end + 1] in APOSTROPHES


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False)
class ElisionFilter(RuleComponent):
    """After the entity extractors: drops the entities that are elisions."""

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            entities = message.get(ENTITIES) or []
            kept = [entity for entity in entities if not is_elision(text, entity)]
            if len(kept) != len(entities):
                message.set(ENTITIES, kept, add_to_output=True)
        return messages
