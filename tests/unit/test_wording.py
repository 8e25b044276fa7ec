"""The wording catalogue (domain.yml responses): every text in both languages, every key used
by code present, placeholders the same in each language."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from assistant.commerce.order import OrderStatus
from assistant.conversation.fallback import SUGGESTIONS
from assistant.wording import LANGUAGES, catalogue, say

ROOT = Path(__file__).resolve().parents[2]
CODE = [*ROOT.glob("actions/*.py"), *ROOT.glob("assistant/**/*.py")]


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("key", sorted(catalogue()))
def test_every_text_exists_in_every_language_with_the_same_placeholders(key: str) -> None:
    texts = catalogue()[key]
    assert set(texts) == set(LANGUAGES), f"{key}: languages {sorted(texts)}"
    assert all(text.strip() for text in texts.values()), f"{key}: an empty text"
    english, french = placeholders(texts["en"]), placeholders(texts["fr"])
    assert english == french, f"{key}: placeholders {english} in English, {french} in French"


def test_every_key_the_code_names_is_in_the_catalogue() -> None:
    named = set()
    for path in CODE:
        source = path.read_text(encoding="utf-8")
        named |= set(re.findall(r"""say\(\s*["']([a-z_]+)["']""", source))
        named |= set(re.findall(r"""response=["'](utter_[a-z_]+)["']""", source))
    named |= {f"label_status_{status}" for status in OrderStatus}
    named |= {f"label_intent_{intent}" for intent in SUGGESTIONS}
    # response=f"utter_ask_{choice.ask}" (actions/variant_question.py)
    named |= {"utter_ask_size", "utter_ask_color", "utter_ask_version", "utter_ask_option"}
    assert len(named) > 40, "the scan found too few keys: has the calling convention changed?"
    missing = sorted(named - set(catalogue()))
    assert not missing, f"used in code, missing from domain.yml responses: {missing}"


def test_say_fills_placeholders_and_falls_back_to_english() -> None:
    assert say("label_in_stock", "fr", count=3) == "En stock : 3."
    assert say("label_in_stock", "de", count=3) == "In stock: 3."
    assert say("label_yes", None) == "Yes"
