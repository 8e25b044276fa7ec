"""The page's Messenger Profile: Get Started, greeting and menu in English and French.

Payloads are Rasa intents (`/intent`), so a tap goes straight to the dialogue without NLU.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

GET_STARTED_PAYLOAD = "/greet"
FIELDS = ("get_started", "greeting", "persistent_menu", "whitelisted_domains")

GREETING = {
    "default": "Hi {{user_first_name}}! Tell me what you're looking for: clothing, shoes, "
    "electronics or fine food. I'll find it and you can pay right here.",
    "fr_FR": "Bonjour {{user_first_name}} ! Dites-moi ce que vous cherchez : vêtements, "
    "chaussures, électronique ou épicerie fine. Je le trouve et vous payez ici.",
}
MENU = {
    "default": [
        ("Browse", "/help"),
        ("My cart", "/view_cart"),
        ("My orders", "/order_status"),
        ("Talk to a person", "/human_handoff"),
    ],
    "fr_FR": [
        ("Parcourir", "/help"),
        ("Mon panier", "/view_cart"),
        ("Mes commandes", "/order_status"),
        ("Parler à quelqu'un", "/human_handoff"),
    ],
}


def https_origins(urls: list[str]) -> list[str]:
    """The https origins among `urls`: Messenger whitelists only https domains."""
    origins = []
    for url in urls:
        parts = urlsplit(url)
        origin = f"https://{parts.netloc}"
        if parts.scheme == "https" and parts.netloc and origin not in origins:
            origins.append(origin)
    return origins


def messenger_profile(checkout_urls: list[str]) -> dict[str, Any]:
    """The full profile; `checkout_urls` are the pages the checkout button opens."""
    profile: dict[str, Any] = {
        "get_started": {"payload": GET_STARTED_PAYLOAD},
        "greeting": [{"locale": locale, "text": text} for locale, text in GREETING.items()],
        "persistent_menu": [
            {
                "locale": locale,
                "composer_input_disabled": False,
                "call_to_actions": [
                    {"type": "postback", "title": title, "payload": payload}
                    for title, payload in items
                ],
            }
            for locale, items in MENU.items()
        ],
    }
    domains = https_origins(checkout_urls)
    if domains:
        profile["whitelisted_domains"] = domains
    return profile


def changes(wanted: dict[str, Any], current: dict[str, Any]) -> dict[str, Any]:
    """The fields of `wanted` that differ from the page's current profile (what to POST)."""
    return {name: value for name, value in wanted.items() if current.get(name) != value}
