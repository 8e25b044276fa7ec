"""Detects the shopper's language (en/fr) per message and reports it as a `language` entity.

The domain maps that entity to the `language` slot, so responses pick their variation before
any action runs. Short or ambiguous messages ("ok", "42", "XL") report nothing, which keeps
the language the conversation already had.
"""

from __future__ import annotations

import re
from typing import Any

from lingua import Language, LanguageDetectorBuilder
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

LANGUAGE_CODES = {Language.ENGLISH: "en", Language.FRENCH: "fr"}
_LETTERS = re.compile(r"[^\W\d_]", re.UNICODE)


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False)
class LanguageDetector(GraphComponent, EntityExtractorMixin):
    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {
            # Fewer letters than this: too little evidence, keep the current language.
            "min_letters": 4,
            # Lingua's confidence needed to report a language at all.
            "min_confidence": 0.75,
        }

    def __init__(self, config: dict[str, Any]) -> None:
        self._config = config
        self._detector = (
            LanguageDetectorBuilder.from_languages(*LANGUAGE_CODES)
            .with_preloaded_language_models()
            .build()
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
        if len(_LETTERS.findall(text)) < self._config["min_letters"]:
            return None
        best = self._detector.compute_language_confidence_values(text)[0]
        if best.value < self._config["min_confidence"]:
            return None
        return LANGUAGE_CODES[best.language], best.value

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
