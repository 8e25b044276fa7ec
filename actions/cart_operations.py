"""Several cart operations in one message, each answered in turn as if said alone ("enlève le
polo et mets-moi deux tasses à espresso": the removal, then the add)."""

from __future__ import annotations

import re
from contextvars import ContextVar
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.common import answer_alone, said_alone, shop
from actions.fitting import says_only_options
from assistant.conversation.cart_operations import Operation, cart_operations
from assistant.conversation.quantities import quantity_in_words
from assistant.nlu.utterance_kind import ASKING, kind_of
from assistant.services.products import product_named

# The action and intent that answer each operation: the add's action also changes a line.
_ANSWERED_BY = {
    Operation.ADD: ("action_add_to_cart", "add_to_cart"),
    Operation.CHANGE: ("action_add_to_cart", "add_to_cart"),
    Operation.REMOVE: ("action_remove_from_cart", "remove_from_cart"),
}
# A clause being answered alone is not cut again.
_IN_A_CLAUSE: ContextVar[bool] = ContextVar("in_a_clause", default=False)


def each_operation(
    dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
) -> list[dict[str, Any]] | None:
    """Every operation the latest message says, answered one after the other; None when it
    says fewer than two different ones."""
    text = tracker.latest_message.get("text") or ""
    clauses = [] if _IN_A_CLAUSE.get() or text.startswith("/") else cart_operations(text)
    if not clauses:
        return None
    said = [(clause.start, clause.end, *_ANSWERED_BY[clause.operation]) for clause in clauses]
    return _answered_one_by_one(dispatcher, tracker, domain, said)


def _answered_one_by_one(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    domain: dict[str, Any],
    clauses: list[tuple[int, int, str, str]],
) -> list[dict[str, Any]]:
    """Each clause (its start and end in the message, the action answering it, the intent it
    is read as) answered as if said alone, in order."""
    slots = dict(tracker.slots)
    events: list[dict[str, Any]] = []
    token = _IN_A_CLAUSE.set(True)
    try:
        for start, end, action, intent in clauses:
            alone = said_alone(tracker, start, end, intent, dict(slots))
            answered = answer_alone(action, dispatcher, alone, domain)
            # what one clause settles ("it" is now the mug) holds for the next
            slots.update({e["name"]: e["value"] for e in answered if e.get("event") == "slot"})
            events += answered
    finally:
        _IN_A_CLAUSE.reset(token)
    return events


# Between two versions said of one product: "Blue L please and a white M", "les noires en 39 et
# les beiges en 40", "un blanc en S, et un rose en S aussi".
_BETWEEN_VERSIONS = re.compile(r"\s*(?:,\s*)?(?:\band\b|\bet\b|\bplus\b|&|\+)\s*|\s*,\s*", re.I)
_VERSION_ENTITIES = frozenset({"color", "size"})


def each_version(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    domain: dict[str, Any],
) -> list[dict[str, Any]] | None:
    """Two or more versions of the product meant, each put in the cart as if said alone; None
    when the message asks, says fewer than two different versions, or a part names a product of
    its own (several products, each with its version, are another reading) or says more."""

    text = tracker.latest_message.get("text") or ""
    if _IN_A_CLAUSE.get() or text.startswith("/") or "?" in text or kind_of(text) in ASKING:
        return None
    found = [
        entity
        for entity in tracker.latest_message.get("entities") or []
        if entity.get("entity") in _VERSION_ENTITIES and isinstance(entity.get("start"), int)
    ]
    if len(found) < 2:
        return None
    cuts = [(0, 0), *((cut.start(), cut.end()) for cut in _BETWEEN_VERSIONS.finditer(text))]
    ends = [*cuts[1:], (len(text), len(text))]
    spans = [(after, before) for (_, after), (before, _) in zip(cuts, ends, strict=True)]

    def said_in(start: int, end: int) -> tuple[tuple[str, str], ...]:
        inside = [e for e in found if start <= e["start"] and e["end"] <= end]
        return tuple(sorted((str(e["entity"]), str(e["value"]).lower()) for e in inside))

    versions = [(start, end) for start, end in spans if said_in(start, end)]
    specs = [said_in(start, end) for start, end in versions]
    kinds = {tuple(kind for kind, _ in spec) for spec in specs}
    # each a version of its own, said the same way ("blue L … a white M"), not one version
    # said in pieces ("in black, size L")
    if len(versions) < 2 or len(set(specs)) < len(specs) or len(kinds) > 1:
        return None
    later = [(start, end) for start, end in spans if start >= versions[0][0]]
    if any(product_named(shop(), text[start:end]) is not None for start, end in later[1:]):
        return None  # "the glass one, grey. And the invisible socks, beige M": two products
    if len(later) > len(versions) or quantity_in_words(text[: versions[0][0]]) is not None:
        # "Two navy and one white, all large please": a size said of them all; "Je prends
        # deux, une noire et une blanche": the count is of them all
        return None
    if not all(says_only_options(text[start:end]) for start, end in versions[1:]):
        return None  # "…the orange. And drop the green socks to one pair": more than a version
    # the words before the first version ("Je prends") belong to it
    versions[0] = (0, versions[0][1])
    adds = [(start, end, *_ANSWERED_BY[Operation.ADD]) for start, end in versions]
    return _answered_one_by_one(dispatcher, tracker, domain, adds)
