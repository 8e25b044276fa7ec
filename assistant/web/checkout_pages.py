"""The pages Stripe sends the shopper back to, saying what is true of their order right now.

Stripe redirects to the success URL as soon as the shopper submits the payment, before (and
sometimes without) a payment: the page reads the order's state instead of assuming it. It names
the order by number only: the session id in the URL is the shopper's, but a URL can be shared.
"""

from __future__ import annotations

import html

from assistant.services.orders import CheckoutOutcome

# (title, message) per payment state and language; {number} is the order number.
PAGES: dict[str, dict[str, tuple[str, str]]] = {
    "paid": {
        "en": (
            "Payment received",
            "Thank you! Payment for order {number} received. Your receipt is in the conversation.",
        ),
        "fr": (
            "Paiement reçu",
            "Merci ! Le paiement de la commande {number} est reçu. Votre reçu est dans la "
            "conversation.",
        ),
    },
    "processing": {
        "en": (
            "Payment being confirmed",
            "Thank you! The payment for order {number} is being confirmed. You will get your "
            "receipt in the conversation as soon as it is; no need to pay again.",
        ),
        "fr": (
            "Paiement en cours de confirmation",
            "Merci ! Le paiement de la commande {number} est en cours de confirmation. Vous "
            "recevrez votre reçu dans la conversation dès qu'il sera confirmé ; inutile de "
            "payer à nouveau.",
        ),
    },
    "refunded": {
        "en": ("Order refunded", "Order {number} has been refunded."),
        "fr": ("Commande remboursée", "La commande {number} a été remboursée."),
    },
    "review": {
        "en": (
            "Payment under review",
            "The payment for order {number} arrived after the order had closed. The shop will "
            "confirm the order or refund you; no need to pay again.",
        ),
        "fr": (
            "Paiement en cours d'examen",
            "Le paiement de la commande {number} est arrivé après la clôture de la commande. "
            "La boutique confirmera la commande ou vous remboursera ; inutile de payer à nouveau.",
        ),
    },
    "not_paid": {
        "en": (
            "Order not paid",
            "Order {number} is not paid: it was cancelled or its payment link expired. Say "
            '"checkout" in the conversation to get a new payment link.',
        ),
        "fr": (
            "Commande non payée",
            "La commande {number} n'est pas payée : elle a été annulée ou son lien de paiement "
            "a expiré. Dites « payer » dans la conversation pour obtenir un nouveau lien.",
        ),
    },
}
UNKNOWN = (
    "Payment page not found",
    "We found no order for this payment page. Please go back to the conversation.",
)


def success_page(outcome: CheckoutOutcome | None) -> tuple[str, str]:
    """(title, HTML-escaped message) for the success URL."""
    if outcome is None:
        return UNKNOWN
    by_language = PAGES[outcome.payment]
    title, message = by_language.get(outcome.language, by_language["en"])
    return title, message.format(number=html.escape(outcome.number))
