"""The EntityShapeFilter NLU component, run in the Rasa venv on Rasa's own Message objects: a
size entity that has no number and is no letter size or size word ("Portugal", "l'école") is
dropped, and an ordinal that names no position ("x2"); real ones and other entities stay."""

from __future__ import annotations

import json

from testkit.rasa_venv import rasa_json

SCRIPT = """
import json, sys
from rasa.shared.nlu.training_data.message import Message
from assistant.nlu.entity_shapes import EntityShapeFilter
cases = json.loads(sys.argv[1])
messages = [Message(data={"text": text, "entities": entities}) for text, entities in cases]
EntityShapeFilter.create({}, None, None, None).process(messages)
print(json.dumps([[e["value"] for e in m.get("entities")] for m in messages]))
"""


def entity(name: str, value: str) -> dict[str, object]:
    return {"entity": name, "value": value}


def test_only_sizes_that_look_like_sizes_are_kept() -> None:
    cases = [
        ("Un sweat épais, fabriqué au Portugal", [entity("size", "Portugal")]),
        (
            "Ajoute sac à dos pour l'école, rouge",
            [entity("size", "l'école"), entity("color", "red")],
        ),
        ("un sweat en XL", [entity("size", "XL")]),
        ("pointure 42", [entity("size", "42")]),
        ("le câble de 1 m", [entity("size", "1 m")]),
        ("the 512GB one", [entity("size", "512GB")]),
        ("a 3XL hoodie", [entity("size", "3XL")]),
        ("taille unique", [entity("size", "taille unique")]),
        ("a large one", [entity("size", "large")]),
        ("the blue one", [entity("color", "blue")]),
        ("ok add the pad, white, x2", [entity("ordinal", "x2")]),
        ("le 2e", [entity("ordinal", "2e")]),
        ("number 3", [entity("ordinal", "number 3")]),
    ]
    kept = rasa_json(SCRIPT, json.dumps(cases))
    expected = [[], ["red"], ["XL"], ["42"], ["1 m"], ["512GB"], ["3XL"], ["taille unique"]]
    assert kept == [*expected, ["large"], ["blue"], [], ["2e"], ["number 3"]]


def test_a_number_that_says_what_a_pack_holds_is_no_quantity() -> None:
    def counted(text: str, value: str) -> tuple[str, list[dict[str, object]]]:
        start = text.index(value)
        span = {"start": start, "end": start + len(value)}
        return (text, [{**entity("quantity", value), **span}])

    cases = [
        counted("add a 3-pack of ankle socks in white", "3"),
        counted("gimme a 5 pack of crew socks", "5"),
        counted("two 3-packs of invisible socks", "two"),
        counted("add 2 mugs", "2"),
    ]
    assert rasa_json(SCRIPT, json.dumps(cases)) == [[], [], ["two"], ["2"]]


def test_a_letter_size_inside_a_word_is_no_size() -> None:
    def sized(text: str, value: str, at: int) -> tuple[str, list[dict[str, object]]]:
        return (text, [{**entity("size", value), "start": at, "end": at + len(value)}])

    spot = "orange please so he's easy to spot."
    cases = [
        sized(spot, "s", spot.index("'s") + 1),  # the "s" of "he's"
        sized("orange in s please", "s", len("orange in ")),
        sized("let's do M", "M", len("let's do ")),
    ]
    assert rasa_json(SCRIPT, json.dumps(cases)) == [[], ["s"], ["M"]]


def test_a_wide_cut_is_no_size() -> None:
    def sized(text: str, value: str) -> tuple[str, list[dict[str, object]]]:
        at = text.rindex(value)
        return (text, [{**entity("size", value), "start": at, "end": at + len(value)}])

    cases = [
        sized("Allo, je magasine des jeans à jambe large", "large"),
        sized("un jean coupe large", "large"),
        sized("un jean en large", "large"),  # the size L
        sized("grandeur large", "large"),
    ]
    assert rasa_json(SCRIPT, json.dumps(cases)) == [[], [], ["large"], ["large"]]
