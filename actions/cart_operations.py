"""Several cart operations in one message, each answered in turn as if said alone ("enlève le
polo et mets-moi deux tasses à espresso": the removal, then the add)."""

from __future__ import annotations

from contextvars import ContextVar
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.common import answer_alone, said_alone
from assistant.conversation.cart_operations import Operation, cart_operations

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
    slots = dict(tracker.slots)
    events: list[dict[str, Any]] = []
    token = _IN_A_CLAUSE.set(True)
    try:
        for clause in clauses:
            action, intent = _ANSWERED_BY[clause.operation]
            alone = said_alone(tracker, clause.start, clause.end, intent, dict(slots))
            answered = answer_alone(action, dispatcher, alone, domain)
            # what one clause settles ("it" is now the mug) holds for the next
            slots.update({e["name"]: e["value"] for e in answered if e.get("event") == "slot"})
            events += answered
    finally:
        _IN_A_CLAUSE.reset(token)
    return events
