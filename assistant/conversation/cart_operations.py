"""Several cart operations said in one message: "enlève le polo et mets-moi deux tasses à
espresso", "actually make the tee blue, and throw in two mugs", "take the mango off and add the
earl grey". The message is cut where a clause opens on another operation, so each clause can be
answered as if it had been said alone.

Only a change of operation cuts: "2 tees and a mug" is one add of a list, which the cart reads
whole; "remove the mug and the tee" one removal.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from catalog.text import fold


class Operation(Enum):
    ADD = "add"  # put something in the cart
    REMOVE = "remove"  # take a line out
    CHANGE = "change"  # another variant or number of a line ("make the tee blue")


@dataclass(frozen=True)
class Clause:
    start: int  # character offsets in the message
    end: int
    operation: Operation


# Words that may open a clause before its verb: "actually", "and then", "et aussi".
_LEAD = (
    r"^\W*(?:(?:ok|okay|actually|en fait|finalement|oh|no|non|nah|so|alors|then|puis|pis|also|"
    r"aussi|and|et|please|stp|svp|oh and|can you|could you|pouvez-vous|peux-tu|"
    # "Cool, add it, and take the mouse off": a word of agreement first
    r"cool|great|nice|perfect|lovely|sweet|grand|right|alright|yes|yeah|yep|sure|parfait|super|"
    r"oui|ouais|bon|d'accord|dac|bien|hmm+|hm|well|ah|bah|ben)\W+)*"
)
_REMOVE = re.compile(
    _LEAD + r"(?:remove|delete|drop|ditch|lose|scrap|forget|get rid of|take (?:off|out)|"
    # "I don't want the mom jeans (any more)", "je ne veux plus le bonnet"
    r"i (?:don'?t|do not) (?:want|need)|j?e? ?(?:ne )?(?:veux|voudrais) (?:plus|pas)|"
    r"enleve[rsz]?|retire[rsz]?|supprime[rsz]?|vire[rsz]?|ote[rsz]?|oublie[rsz]?|"
    r"take\b(?=.*\b(?:off|out)\b))(?!\w)"
)
_ADD = re.compile(
    _LEAD + r"(?:add|throw in|throw|toss|chuck|pop|stick|put|grab|get me|give me|i'?ll take|"
    r"i take|i'?ll have|"
    r"i'?ll have|i'?d like|i want|i need|take|ajoute[rsz]?|rajoute[rsz]?|mets|mettez|met|"
    r"prends|prenez|je prends|je veux|je voudrais|j'?aimerais|jveux|jprends|donne[sz]?)(?!\w)"
)
_CHANGE = re.compile(
    _LEAD + r"(?:make(?! sure)|change|switch|swap|passe[rz]?|change[rsz]?|remplace[rsz]?)(?!\w)"
)
# Where a clause may end: a comma, a semicolon, a sentence's end, or "and"/"et"/"then".
_JOINT = re.compile(
    r"\s*[,;.!]\s*(?:(?:and|et|then|puis|pis|plus)\s+)?|\s+(?:and|et|then|puis|pis|plus|&)\s+",
    re.IGNORECASE,
)


def operation_of(clause: str) -> Operation | None:
    """The operation a clause opens with, if it opens with one."""
    said = fold(clause).lower()
    for pattern, operation in (
        (_REMOVE, Operation.REMOVE),
        (_CHANGE, Operation.CHANGE),
        (_ADD, Operation.ADD),
    ):
        if pattern.match(said):
            return operation
    return None


def cart_operations(text: str) -> list[Clause]:
    """The message's clauses, one per operation, when it says two or more different ones; an
    empty list otherwise. A clause with no operation of its own belongs to the one before it
    ("remove the mug, the white one, and add a tee")."""
    first = operation_of(text)
    if first is None:
        return []
    clauses = [Clause(0, len(text), first)]
    for joint in _JOINT.finditer(text):
        operation = operation_of(text[joint.end() :])
        if operation is None or joint.start() <= clauses[-1].start:
            continue
        previous = clauses[-1]
        if operation_of(text[previous.start : joint.start()]) is None:
            continue  # "Cool, add it": the word of agreement opens the clause after it
        if operation is previous.operation:
            continue  # "I don't want the mom jeans, remove please": one removal said twice
        clauses[-1] = Clause(previous.start, joint.start(), previous.operation)
        clauses.append(Clause(joint.end(), len(text), operation))
    if len({clause.operation for clause in clauses}) < 2:
        return []
    return clauses
