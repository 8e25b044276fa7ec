"""Detects the shopper's language (en/fr) per message and reports it as a `language` entity.

The domain maps that entity to the `language` slot, so responses pick their variation before
any action runs. Short messages are decided by known words ("merci", "oui", "moins cher");
ambiguous ones ("ok", "42", "XL") and button payloads report nothing, which keeps the
language the conversation already had.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from assistant.nlu.language_guess import LanguageGuesser, build_detector


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False)
class LanguageDetector(GraphComponent, EntityExtractorMixin):
    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {
            # Fewer letters than this: too little evidence, keep the current language.
            "min_letters": 4,
            # Lingua's confidence needed to report a language at all.
            "min_confidence": 0.75,
            # Up to this many words, known words ("merci", "yes", "moins cher") decide first.
            "short_words": 3,
        }

    def __init__(self, config: dict[str, Any]) -> None:
        self._guesser = LanguageGuesser(
            build_detector(),
            min_letters=config["min_letters"],
            min_confidence=config["min_confidence"],
            short_words=config["short_words"],
        )

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> LanguageDetector:
        return cls(config)

    def detect(self, text: str) -> tuple[str, float] | None:
        guess = self._guesser.guess(text)
        return (guess.code, guess.confidence) if guess else None

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            detected = self.detect(text)
            if detected is None:
                continue
            code, confidence = detected
            entity = {
                "entity": "language",
                "value": code,
                "start": 0,
                "end": len(text),
                "confidence": confidence,
                "extractor": self.__class__.__name__,
            }
            message.set(ENTITIES, [*message.get(ENTITIES, []), entity], add_to_output=True)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data
