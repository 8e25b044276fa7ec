"""The few sentences the connector writes itself, in the shopper's language (en, fr)."""

from __future__ import annotations

LABELS: dict[str, dict[str, str]] = {
    "more": {"en": "More options:", "fr": "Autres choix :"},
    "choose": {"en": "Choose:", "fr": "Choisissez :"},
    "image": {
        "en": "Thanks for the picture! I can't look at images yet: tell me in words what you "
        'are looking for, for example "red running shoes".',
        "fr": "Merci pour la photo ! Je ne sais pas encore regarder les images : dites-moi en "
        "quelques mots ce que vous cherchez, par exemple « chaussures de course rouges ».",
    },
    "location": {
        "en": "Thanks! I can't use a location yet. Tell me what you are looking for and I'll "
        "find it in the shop.",
        "fr": "Merci ! Je ne sais pas encore utiliser une position. Dites-moi ce que vous "
        "cherchez et je le trouve dans la boutique.",
    },
    "attachment": {
        "en": "Thanks! I can only read written messages for now: tell me what you are looking for.",
        "fr": "Merci ! Je ne lis que les messages écrits pour l'instant : dites-moi ce que vous "
        "cherchez.",
    },
    "receipt": {
        "en": "Payment received for order {order}: {total} {currency}. Thank you!",
        "fr": "Paiement reçu pour la commande {order} : {total} {currency}. Merci !",
    },
}


def label(key: str, language: str, **values: object) -> str:
    texts = LABELS[key]
    return texts.get(language, texts["en"]).format(**values)
