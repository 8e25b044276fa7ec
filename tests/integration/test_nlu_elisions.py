"""The ElisionFilter NLU component, run in the Rasa venv on Rasa's own Message objects: a
one-letter entity before an apostrophe is an elision ("L'huile", "J'en veux 4"), dropped; a
real size L and other entities stay."""

from __future__ import annotations

import json

from testkit.rasa_venv import rasa_json

SCRIPT = """
import json, sys
from rasa.shared.nlu.training_data.message import Message
from assistant.nlu.elisions import ElisionFilter
cases = json.loads(sys.argv[1])
messages = [Message(data={"text": text, "entities": entities}) for text, entities in cases]
ElisionFilter.create({}, None, None, None).process(messages)
print(json.dumps([[e["value"] for e in m.get("entities")] for m in messages]))
"""


def entity(name: str, value: str, start: int) -> dict[str, object]:
    return {"entity": name, "value": value, "start": start, "end": start + len(value)}


def test_one_letter_before_an_apostrophe_is_no_size() -> None:
    cases = [
        ("L'huile d'olive la moins chère ?", [entity("size", "L", 0)]),
        ("J’en veux 4", [entity("size", "J", 0), entity("quantity", "4", 10)]),
        ("un sweat en L", [entity("size", "L", 12)]),
        ("taille L'", [entity("size", "L", 7)]),
    ]
    kept = rasa_json(SCRIPT, json.dumps(cases))
    assert kept == [[], ["4"], ["L"], []]
