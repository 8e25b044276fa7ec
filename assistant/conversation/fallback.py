"""What to offer when the model is unsure: the likeliest intents first, then help or a human."""

from __future__ import annotations

from collections.abc import Iterable

# Intents worth suggesting, with the button label shown in each language (<= 20 characters).
SUGGESTIONS: dict[str, dict[str, str]] = {
    "search_product": {"en": "Find a product", "fr": "Chercher un article"},
    "refine_search": {"en": "Refine my search", "fr": "Affiner la recherche"},
    "show_more": {"en": "Show more", "fr": "Voir plus"},
    "product_details": {"en": "Product details", "fr": "Détails produit"},
    "add_to_cart": {"en": "Add to cart", "fr": "Ajouter au panier"},
    "remove_from_cart": {"en": "Remove from cart", "fr": "Retirer du panier"},
    "view_cart": {"en": "See my cart", "fr": "Voir mon panier"},
    "checkout": {"en": "Checkout", "fr": "Payer"},
    "order_status": {"en": "My orders", "fr": "Mes commandes"},
    "cancel_order": {"en": "Cancel an order", "fr": "Annuler commande"},
    "human_handoff": {"en": "Talk to a person", "fr": "Parler à un humain"},
    "help": {"en": "What can you do?", "fr": "Que sais-tu faire ?"},
}
MAX_SUGGESTIONS = 3


# Offered when the model's ranking has too few intents worth suggesting.
DEFAULT_SUGGESTIONS = ("search_product", "view_cart", "help")


def suggested_intents(ranking: Iterable[dict], limit: int = MAX_SUGGESTIONS) -> list[str]:
    """The best-ranked intents that make sense to offer, in ranking order, then defaults."""
    names = [str(entry.get("name")) for entry in ranking]
    ranked = [name for name in names if name in SUGGESTIONS]
    padded = ranked + [name for name in DEFAULT_SUGGESTIONS if name not in ranked]
    return padded[:limit]


def fallback_stage(previous_user_intents: list[str]) -> int:
    """1 on a first misunderstanding; 2 when the shopper's previous message also fell through."""
    return 2 if previous_user_intents[-1:] == ["nlu_fallback"] else 1


def label(intent: str, lang: str) -> str:
    return SUGGESTIONS[intent][lang]
