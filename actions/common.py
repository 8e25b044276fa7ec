"""What every action needs: the shopper's language, settings, money formatting."""

from __future__ import annotations

from rasa_sdk import Tracker

from assistant.money import format_money
from assistant.settings import Settings, get_settings

LABELS = {
    "add_to_cart": {"en": "Add to cart", "fr": "Ajouter au panier"},
    "details": {"en": "Details", "fr": "Détails"},
    "pay": {"en": "Pay now", "fr": "Payer"},
}


def language(tracker: Tracker) -> str:
    return "fr" if tracker.get_slot("language") == "fr" else "en"


def label(key: str, lang: str) -> str:
    return LABELS[key][lang]


def money(amount_minor: int, currency: str, lang: str) -> str:
    return format_money(amount_minor, currency, lang)


def settings() -> Settings:
    return get_settings()
