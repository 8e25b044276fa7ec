"""Reads price limits with their roles (`price`, role `min`/`max`) by the rules of `price_mentions`.

Runs after DIET and is the one source of `price` entities: DIET's own price guesses are dropped,
and so is any other DIET entity on the same digits ("below 15" read as a size). DIET still learns
the annotated prices in `data/nlu/`, which keeps its features aware of price phrases, but the
roles shoppers rely on come from here. Button payloads never reach NLU components.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message

from assistant.nlu.price_mentions import PRICE, PriceMention, find_prices
from assistant.nlu.rule_component import RuleComponent

WHOLE_MESSAGE = "language"  # the LanguageDetector's entity, which spans the whole message


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False)
class PriceEntityExtractor(RuleComponent, EntityExtractorMixin):
    def _entity(self, text: str, mention: PriceMention) -> dict[str, Any]:
        return {
            "entity": PRICE,
            "role": mention.role,
            "value": mention.value,
            "start": mention.start,
            "end": mention.end,
            "confidence_entity": 1.0,
            "extractor": self.__class__.__name__,
        }

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            mentions = find_prices(text)
            # A word the price covers is the price's; the language, spanning the whole message,
            # is no word of it (dropping it answered "moins de 25 €" in English).
            kept = [
                entity
                for entity in message.get(ENTITIES, [])
                if entity.get("entity") == WHOLE_MESSAGE
                or (
                    entity.get("entity") != PRICE
                    and not any(_overlaps(entity, mention) for mention in mentions)
                )
            ]
            found = [self._entity(text, mention) for mention in mentions]
            message.set(ENTITIES, [*kept, *found], add_to_output=True)
        return messages


def _overlaps(entity: dict[str, Any], mention: PriceMention) -> bool:
    start, end = entity.get("start"), entity.get("end")
    if start is None or end is None:
        return False
    return start < mention.end and mention.start < end
