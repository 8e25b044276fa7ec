"""Colours said in words the model missed: DIET tags "noire" in one training and not in the
next ("Noire" said alone to a list of bottles), and a choice then becomes a search. This
component learns the colour words from the training data itself (the `color` lookup table,
which `assistant nlu sync` fills from the catalog, and every synonym text mapped to one of its
values: "noire", "bleu marine") and, when no extractor found a colour, tags the first colour
word of a short message: a choice said to a list ("Noire", "la blanche en M"). In a longer
message the model's reading of the context stands: "chocolat noir", "thé vert" name the
product, not a variant. It runs before the synonym mapper, which maps the word to the
catalog's value ("noire" -> black).
"""

from __future__ import annotations

import re
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from rasa.shared.utils.io import dump_obj_as_json_to_file, read_json_file

COLOR = "color"
WORDS_FILE = "colour_words.json"
SHORT = 4  # words: "Blanc en M stp" is a choice; "the white choc raspberry bar" names a product


def colour_words(training_data: TrainingData) -> list[str]:
    """The colour lookup's values and the synonym texts that map to them, longest first."""
    values = {
        str(element).lower()
        for table in training_data.lookup_tables
        if table.get("name") == COLOR
        for element in table.get("elements") or []
    }
    said = {
        text.lower() for text, value in training_data.entity_synonyms.items() if value in values
    }
    return sorted(values | said, key=lambda word: (-len(word), word))


def first_colour(text: str, words: list[str]) -> dict[str, Any] | None:
    """The first colour word of `text` as an entity, whole words only."""
    found = None
    lowered = text.lower()
    for word in words:
        match = re.search(rf"(?<!\w){re.escape(word)}(?!\w)", lowered)
        if match and (found is None or match.start() < found.start()):
            found = match
    if found is None:
        return None
    return {
        "entity": COLOR,
        "value": text[found.start() : found.end()],
        "start": found.start(),
        "end": found.end(),
        "confidence_entity": 1.0,
        "extractor": ColourWordExtractor.__name__,
    }


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=True)
class ColourWordExtractor(GraphComponent):
    """After DIET, before the synonym mapper: a colour word DIET did not tag becomes a colour."""

    def __init__(self, model_storage: ModelStorage, resource: Resource, words: list[str]) -> None:
        self._model_storage = model_storage
        self._resource = resource
        self._words = words

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {}

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> ColourWordExtractor:
        return cls(model_storage, resource, [])

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> ColourWordExtractor:
        with model_storage.read_from(resource) as directory:
            return cls(model_storage, resource, read_json_file(directory / WORDS_FILE))

    def train(self, training_data: TrainingData) -> Resource:
        self._words = colour_words(training_data)
        with self._model_storage.write_to(self._resource) as directory:
            dump_obj_as_json_to_file(directory / WORDS_FILE, self._words)
        return self._resource

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            entities = message.get(ENTITIES) or []
            text = message.get(TEXT) or ""
            if len(text.split()) > SHORT or any(e.get("entity") == COLOR for e in entities):
                continue
            taken = [
                (e.get("start"), e.get("end")) for e in entities if e.get("entity") != "language"
            ]
            colour = first_colour(text, self._words)
            if colour is not None and not any(
                isinstance(start, int)
                and isinstance(end, int)
                and start < colour["end"]
                and colour["start"] < end
                for start, end in taken
            ):  # a word another entity holds ("Cacao Noir" the brand) is not a colour
                message.set(ENTITIES, [*entities, colour], add_to_output=True)
        return messages
