"""What is said besides a request: thanks, and remarks around a choice.

"Parfait, deux pots de pesto. Merci, vous me sauvez la soirée ! Je vous dois combien ?": thanks
read with a request make the model read a thank-you, so they are left out. "Grey in a 44 please,
my brother says brown makes me look like a park ranger.": a colour or size chosen among remarks
is read whole as a search for the remarks, so the choice reaches the dialogue alone.
The whole message stays in the message metadata for trainers (one_request_each.py).
Imports: the standard library only (the channels run in Rasa's venv, the tests in the project's).
"""

from __future__ import annotations

import re
from typing import Any

from assistant.channels.message_cuts import JOINED_AT, Part
from assistant.channels.part_reading import (
    A_SENTENCE,
    REFINEMENT,
    SEARCH,
    SURE,
    VARIANT_ENTITIES,
    Parse,
    entity_kinds,
    read_part,
)
from assistant.nlu.utterance_kind import ASKING, Kind, folded, kind_of

# Thanks and what goes with them: "Merci, vous me sauvez la soirée !", "Thanks a mill.",
# "Thank you for being so patient with me.", "…, merci beaucoup."
_THANKS = (
    r"(?:many thanks|thanks?|thank (?:you|u)|thx|ty|cheers|ta|merci|mille mercis|"
    r"je vous remercie|je te remercie)"
    r"(?:\s+(?:so much|very much|a lot|a mill(?:ion)?|heaps|again|a bunch|loads|beaucoup|bien|"
    r"infiniment|encore|mille fois|bcp))*"
)
_ONLY_THANKS = re.compile(
    rf"^\W*{_THANKS}(?:\W*$|\s+(?:for|pour)\s|\W*,\s*(?:you|you're|youre|vous|tu|t'es|c'est|"
    r"that's|thats|it's|its|this is|ca)(?![\w'-]))"
)
_THANKS_AT_THE_END = re.compile(rf"\s*,\s*{_THANKS}\W*$")


def without_thanks(
    text: str, parts: list[Part], kinds: list[Kind]
) -> tuple[list[Part], list[Kind]] | None:
    """The parts without the thanks said with them ("Parfait, deux pots de pesto. Merci, vous
    me sauvez la soirée ! Je vous dois combien ?", "Alors un rooibos aussi, merci beaucoup."):
    thanks read with a request make the model read a thank-you, and they ask for nothing. None
    when there are none, or nothing else."""
    kept: list[tuple[Part, Kind]] = []
    for part, kind in zip(parts, kinds, strict=True):
        said = text[part.start : part.end]
        if kind is Kind.CONTEXT and _ONLY_THANKS.search(folded(said)) and not _A_COUNT.search(said):
            continue
        ending = _THANKS_AT_THE_END.search(said)
        if ending is not None and ending.start() > 0:
            part = Part(part.start, part.start + ending.start(), topic=part.topic)
            kind = kind_of(text[part.start : part.end])
        kept.append((part, kind))
    if not kept or kept == list(zip(parts, kinds, strict=True)):
        return None
    return [part for part, _ in kept], [kind for _, kind in kept]


_A_COUNT = re.compile(r"\d")
_CHOICE_INTENTS = frozenset({REFINEMENT, "add_to_cart"})
# What a sentence said besides a choice may not be read as: it would ask for more than remarks
_ASKS_FOR_PRODUCTS = frozenset(
    {SEARCH, REFINEMENT, "add_to_cart", "remove_from_cart", "order_meal", "product_details"}
)
_CHOICE_WORDS = 8  # a choice is said in a few words: "Navy in a small then, that'll do."


async def the_choice_alone(
    parse: Parse, text: str, parts: list[Part], kinds: list[Kind]
) -> str | None:
    """ "Black's fine, she said that's what she figured anyway lol. Black 39 please.", "Grey in
    a 44 please, my brother says brown makes me look like a park ranger.": a colour or size
    chosen in a few words, everything else only its context (a remark, a thank-you) that names
    nothing but the kinds of option chosen, and a sentence of it not read as asking for
    products: the choice alone is the request. The model reads the choice well, the whole
    message as a search for its remarks. None when the message is anything else."""
    if "?" in text or any(kind in ASKING for kind in kinds):
        return None  # "blue M then. stretchy?" asks about it too
    choices: list[tuple[str, set[Any]]] = []
    context: list[str] = []  # remarks said in sentences of their own
    remarks: list[str] = []  # remarks said after the choice and a comma
    for part, kind in zip(parts, kinds, strict=True):
        said = text[part.start : part.end]
        chosen = await _chosen_options(parse, said)
        for comma in [found.start() for found in re.finditer(",", said)] if not chosen else []:
            # the choice, then a remark after a comma: "Les vertes en 38, c'est plus rétro.",
            # "OK, then purple 128 GB, it is only little more."
            tail = said[comma + 1 :]
            if kind_of(tail) is not Kind.CONTEXT or not _a_remark(tail):
                continue  # "…S : une bleue, une rouge et une jaune" goes on choosing
            chosen = await _chosen_options(parse, said[:comma])
            if chosen is not None:
                remarks.append(said[comma + 1 :])
                said = said[:comma]
                break
        if chosen is None and kind is not Kind.CONTEXT:
            return None  # "Two of them. Black please.": a request of its own
        if chosen is None:
            context.append(said)
        else:
            choices.append((said, chosen))
    if len(choices) != 1 or not (context or remarks):
        return None
    choice, chosen = choices[0]
    sentences = [(said, True) for said in context] + [(said, False) for said in remarks]
    for said, alone in sentences:
        if alone and JOINED_AT.search(folded(said)):
            return None  # "Add white set. Also espresso beans, the big one kg pack."
        parsed = await read_part(parse, said)
        if parsed is None:
            return None
        intent = parsed.get("intent") or {}
        if alone and intent.get("name") in _ASKS_FOR_PRODUCTS:
            return None  # a sentence read as asking for products asks for them
        # "She loves green. One in M please.", "The second one. Black M please.": what the
        # remark names goes with the choice; only a colour or size chosen again may be said
        if entity_kinds(parsed) - chosen - {"language"}:
            return None
    return choice.strip()


# Someone said to think or like something: "my brother says brown makes me look…"
_SOMEONE_SAYS = re.compile(
    r"(?<![\w'-])(?:my|his|her|our|their|mon|ma|mes|son|sa|ses)\s+[\w'-]+\s+"
    r"(?:says|said|thinks|likes|loves|hates|wants|dit|pense|aime|adore|deteste|veut)(?![\w'-])"
)


def _a_remark(text: str) -> bool:
    """Words said as a sentence of their own: a subject and a verb ("c'est plus rétro", "it is
    only little more", "my brother says…"), not more options ("une rouge et une jaune")."""
    said = folded(text)
    return bool(A_SENTENCE.search(said) or _SOMEONE_SAYS.search(said))


async def a_choice_alone(parse: Parse, text: str) -> bool:
    """A few words that only choose a colour or size for the product in view ("Grey.", "Blue
    please.", "bon le bleu en S alors")."""
    return await _chosen_options(parse, text) is not None


async def _chosen_options(parse: Parse, text: str) -> set[Any] | None:
    """The kinds of option ("color", "size") a few words choose for the product in view ("Black
    39 please", "bon le bleu en S alors"), as the model surely reads them; None when the words
    say more (a product, a sentence of their own) or are no choice."""
    said = folded(text)
    if len(said.split()) > _CHOICE_WORDS or A_SENTENCE.search(said):
        return None
    parsed = await read_part(parse, text)
    if parsed is None:
        return None
    intent = parsed.get("intent") or {}
    named = entity_kinds(parsed)
    if (
        intent.get("name") not in _CHOICE_INTENTS
        or (intent.get("confidence") or 0.0) < SURE
        or "product" in named
    ):
        return None
    return (named & VARIANT_ENTITIES) or None
