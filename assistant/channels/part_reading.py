"""The intent model's reading of one part of a message, as the cutting asks for it.

The channels cut a message into the requests it makes (message_parts.py) and ask the model about
a part only where its words do not say enough. A model that fails to answer leaves the message as
the words read it: reading never stops a message.
Imports: the standard library only (the channels run in Rasa's venv, the tests in the project's).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from assistant.nlu.utterance_kind import A_VERB

log = logging.getLogger(__name__)

# The intent model's reading of a text: Rasa's parse result ({"intent": {"name", "confidence"}}).
Parse = Callable[[str], Awaitable[Mapping[str, Any]]]
SURE = 0.8  # a reading surer than this is trusted over the words
REFINEMENT = "refine_search"
SEARCH = "search_product"
VARIANT_ENTITIES = frozenset({"color", "size"})
A_SENTENCE = re.compile(
    rf"{A_VERB.pattern}|(?<![\w'-])(?:i|i'm|im|he|he's|hes|she|she's|shes|je|j'|il|elle)(?![\w'])"
)


def read_once(parse: Parse) -> Parse:
    """`parse`, asked at most once per text: the steps that cut one message each read the same
    parts (a choice then a question, a story, a detail asked, a change to the cart), and the
    model's reading of a text does not change within a message. A reading that fails is asked
    again, as before."""
    readings: dict[str, Mapping[str, Any]] = {}

    async def once(text: str) -> Mapping[str, Any]:
        if text not in readings:
            readings[text] = await parse(text)
        return readings[text]

    return once


async def read_part(parse: Parse, text: str) -> Mapping[str, Any] | None:
    """The intent model's reading of a part, or None when reading failed: whatever the model
    raises, the message goes on."""
    try:
        return await parse(text)
    except Exception:
        log.exception("reading a part of a message failed")
        return None


def entity_kinds(parsed: Mapping[str, Any]) -> set[Any]:
    """The kinds of entity a reading found."""
    return {found.get("entity") for found in parsed.get("entities") or []}
