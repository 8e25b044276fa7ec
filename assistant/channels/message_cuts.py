"""Where a message may be cut into the requests it makes: its sentences, a question opening after
"and"/"et"/"also" ("…in my basket, and is the hood lined?"), a question about "it" after a comma
("the mom jeans in S, they are stretch?"), a choice then a question ("white L then, how much").
What each piece is, and which pieces are said together, message_parts.py decides.
Imports: the standard library only (the channels run in Rasa's venv, the tests in the project's).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.nlu.utterance_kind import (
    ASKING,
    ASKS_ANYWHERE,
    ASKS_THE_SHOP,
    AUXILIARY,
    DECIDES,
    INTERROGATIVE,
    JOINED,
    ONE_MORE_ITEM,
    OPENS_WITH_INTERROGATIVE,
    PRONOUN,
    Kind,
    asks_the_cart_total,
    folded,
    kind_of,
)

# A sentence ends at . ! ? (or several, or "…") before a space and a letter: "29.99" and "4.5"
# stay whole; a question ends before a count too ("faut le diluer ? 2 bouteilles").
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=[^\W\d_])|(?<=[?!])\s+(?=\d)")
# Inside a sentence: "…, and is the hood lined?", "n do u have the grey", "et c'est combien",
# "…en S, et il a une poche ?" (a pronoun's question: only when its "?" ends the sentence).
_QUESTION_JOINT = re.compile(
    rf"(?:\s*[,;]\s*|\s+){JOINED}\s+(?=(?:{INTERROGATIVE}|{AUXILIARY}|{PRONOUN})(?![\w'-]))"
)
# A part opened by a joining word, the word between the parts or its first: "Et l'autonomie ?"
JOINED_AT = re.compile(rf"^\W*(?:{JOINED}|what about|how about|et pour)(?![\w'-])")
# "How heavy is the Aero, and battery life?": one more thing asked in a few words, to the end
_AND_A_FEW_WORDS_ASKED = re.compile(
    rf"(?:\s*,\s*|\s+){JOINED}\s+(?=(?:[\w'-]+\s+){{0,2}}[\w'-]+\s*\?\s*$)"
)
# A choice closed by a "please": "blue one pls, cost w/ that?"
_POLITE_END = re.compile(r"(?<![\w'-])(?:please|pls|plz|svp|stp|s'il (?:vous|te) plait)\W*$")
# A few words closed by a "please" with no comma before a question: "orange please whats the
# price", "la bleue stp c combien"
_POLITE_THEN = re.compile(r"(?<![\w'-])(?:please|pls|plz|svp|stp)\s+")
_A_FEW_WORDS = 4
_ADDRESSED = re.compile(r"(?<![\w'-])(?:you|u|vous|tu)(?![\w'-])")
# After a comma, a question about "it" to the end of the sentence: "…size S, they are stretch?",
# "Black small then, is that one marked down?"
_ABOUT_IT = r"(?:is|are|does|do|did|can|will|has|have|was|were)\s+(?:it|that|this|they|those|these)"
_PRONOUN_QUESTION_JOINT = re.compile(rf"\s*,\s+(?=(?:{PRONOUN}|{_ABOUT_IT})(?![\w'-])[^,.!?]*\?)")


@dataclass(frozen=True)
class Part:
    start: int  # character offsets in the message
    end: int
    # what a comma puts before a pronoun's question: "En rose, ça existe ?" asks about pink
    topic: bool = False


# "between the 128 and the 256", "entre le 30 g et le 100 g": the "and" joins the two sides of
# one comparison
_BETWEEN = re.compile(r"(?<![\w'])(?:between|entre)\s+(?!.*(?:[.!?]\s))[^,;]*$")


def candidate_parts(text: str) -> list[Part]:
    """Where the message may be cut: its sentences, a question opening after a joining word
    ("and", left out of both parts) or after a comma. Offsets into `text`."""
    lowered = folded(text)
    if len(lowered) != len(text):  # a character that folds to several: no offsets to trust
        lowered = text.lower()
    # each cut: where the part before it ends, where the next one starts
    cuts = [(end.start(), end.end()) for end in _SENTENCE_END.finditer(text)]
    for joint in _QUESTION_JOINT.finditer(lowered):
        rest = lowered[joint.end() :]
        sentence = re.split(r"[.!?]\s", rest)[0]
        if _BETWEEN.search(re.split(r"[.!?]\s", lowered[: joint.start()])[-1]):
            continue  # "the price difference between 128 GB and 256 GB?": one question
        # a question follows: it ends with "?", opens with a question word or asks how much
        if (
            "?" in sentence
            or OPENS_WITH_INTERROGATIVE.match(rest)
            or ASKS_ANYWHERE.search(sentence)
            or ASKS_THE_SHOP.match(rest)  # "…, and do u sell phone cases"
        ):
            cuts.append((joint.start(), joint.end()))
    for joint in _AND_A_FEW_WORDS_ASKED.finditer(lowered):
        before = re.split(r"[.!?]\s", lowered[: joint.start()])[-1]
        if _BETWEEN.search(before):
            continue  # "…between 128 GB and 256 GB?": the other side, not one more question
        if kind_of(before) in ASKING:  # a question, then one more thing asked of it
            cuts.append((joint.start(), joint.end()))
    # what comes before such a question is what it asks about ("En rose, ça existe ?"), unless
    # the shopper decided on it ("la blanche alors, elle est soldée ?") or asked for one more
    # item ("And a silent travel mouse in pink, is that on sale?")
    topics = {
        joint.start()
        for joint in _PRONOUN_QUESTION_JOINT.finditer(lowered)
        if not DECIDES.search(before := re.split(r"[.!?]\s", lowered[: joint.start()])[-1])
        and not ONE_MORE_ITEM.match(before.strip())
    }
    cuts += [(joint.start(), joint.end()) for joint in _PRONOUN_QUESTION_JOINT.finditer(lowered)]
    # "white L then, how much", "grise alors, prix ?", "blue one pls, cost w/ that?", "+ 250g
    # espresso beans, total?": a choice made or an item asked for, then a question
    for comma in re.finditer(r"\s*,\s+", lowered):
        before = re.split(r"[.!?]\s", lowered[: comma.start()])[-1]
        after = re.split(r"(?<=[.!?])\s", lowered[comma.end() :])[0]
        decided = DECIDES.search(before) or _POLITE_END.search(before)
        asks = after.rstrip().endswith("?") or kind_of(after) in ASKING
        if not decided and (before.lstrip().startswith("+") or kind_of(before) is Kind.REQUEST):
            # an item asked for, then the cart's total ("+ 250g espresso beans, total?"); not its
            # own price ("Le lot de 5 paires, combien ?") nor more of it ("…, any merino?")
            decided, asks = True, asks_the_cart_total(after)
        if decided and asks and "," not in after:
            cuts.append((comma.start(), comma.end()))
    for polite in _POLITE_THEN.finditer(lowered):
        before = re.split(r"[.!?,]\s", lowered[: polite.start()])[-1]
        after = re.split(r"(?<=[.!?])\s", lowered[polite.end() :])[0]
        chose = (
            0 < len(before.split()) <= _A_FEW_WORDS
            and kind_of(before) not in ASKING
            and not _ADDRESSED.search(before)  # "can you please tell me…": one request
        )
        if chose and kind_of(after) in ASKING:
            cuts.append((polite.end() - 1, polite.end()))
    parts = []
    start = 0
    for end, next_start in [*sorted(set(cuts)), (len(text), len(text))]:
        piece = text[start:end]
        stripped = piece.strip()
        if stripped:
            offset = start + piece.index(stripped)
            parts.append(Part(offset, offset + len(stripped), topic=end in topics))
        start = max(start, next_start)
    return parts
