"""The ColourWordExtractor NLU component, trained and loaded in the Rasa venv with Rasa's own
model storage: it learns the colour words of the training data (the colour lookup and the
synonym texts mapped to its values) and tags one DIET left untagged in a short message."""

from __future__ import annotations

import json
from pathlib import Path

from testkit.rasa_venv import rasa_json

SCRIPT = """
import json, sys
from pathlib import Path
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from assistant.nlu.colour_words import ColourWordExtractor
storage, resource = LocalModelStorage(Path(sys.argv[2])), Resource("colour_words")
data = TrainingData(
    entity_synonyms={"noire": "black", "bleu marine": "navy", "bottes": "boots"},
    lookup_tables=[{"name": "color", "elements": ["black", "navy", "white"]}],
)
ColourWordExtractor.create({}, storage, resource, None).train(data)
extractor = ColourWordExtractor.load({}, storage, resource, None)
cases = json.loads(sys.argv[1])
messages = [Message(data={"text": text, "entities": entities}) for text, entities in cases]
extractor.process(messages)
print(json.dumps([[e["value"] for e in m.get("entities")] for m in messages]))
"""


def test_an_untagged_colour_word_of_a_short_message_is_tagged(tmp_path: Path) -> None:
    brand = {"entity": "brand", "value": "Cacao Noire", "start": 0, "end": 11}
    cases = [
        ("Noire", []),
        ("bleu marine en M", []),
        ("white", [{"entity": "color", "value": "white", "start": 0, "end": 5}]),
        ("Cacao Noire bar", [brand]),  # a word another entity holds
        ("the white choc raspberry bar then, 3 of them", []),  # long: the model's reading
        ("des bottes", []),  # a synonym, but of no colour
    ]
    kept = rasa_json(SCRIPT, json.dumps(cases), str(tmp_path))
    assert kept == [["Noire"], ["bleu marine"], ["white"], ["Cacao Noire"], [], []]
