"""What to offer when the model is unsure: the likeliest intents first, then help or a human."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

# Intents worth suggesting; their button labels are `label_intent_<name>` in the wording.
SUGGESTIONS = (
    "search_product",
    "refine_search",
    "show_more",
    "product_details",
    "add_to_cart",
    "remove_from_cart",
    "view_cart",
    "checkout",
    "order_status",
    "cancel_order",
    "human_handoff",
    "help",
)
MAX_SUGGESTIONS = 3


# Offered when the model's ranking has too few intents worth suggesting.
DEFAULT_SUGGESTIONS = ("search_product", "view_cart", "help")


def suggested_intents(ranking: Iterable[dict[str, Any]], limit: int = MAX_SUGGESTIONS) -> list[str]:
    """The best-ranked intents that make sense to offer, in ranking order, then defaults."""
    names = [str(entry.get("name")) for entry in ranking]
    ranked = [name for name in names if name in SUGGESTIONS]
    padded = ranked + [name for name in DEFAULT_SUGGESTIONS if name not in ranked]
    return padded[:limit]


def fallback_stage(previous_user_intents: list[str]) -> int:
    """1 on a first misunderstanding; 2 when the shopper's previous message also fell through."""
    return 2 if previous_user_intents[-1:] == ["nlu_fallback"] else 1
