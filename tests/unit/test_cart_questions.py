"""Questions for what the cart comes to, in other words than "cart" or "total"."""

from __future__ import annotations

import pytest

from assistant.conversation.cart_questions import asks_the_total


@pytest.mark.parametrize(
    "text",
    [
        "Final amount?",
        "Final price?",
        "what does it all come to",
        "what's the damage",
        "ça fait combien en tout ?",
        "prix final ?",
        "montant total stp",
        "remove navy, tot?",  # texted short
        "ça revient à cb",
        "au final ca donne quoi",
        "combien au final",
        "Ça me fait combien de piasses en tout ?",
        "c cb le tout",
        "Ça va faire pour aujourd'hui. Combien ça me coûte ?",
        "Très bien. Quel est le montant ?",
        "Kindly share the bill amount also.",
        "What's that come to then?",
        "How much is all?",
        "how much is all that?",
        "combien pour tout ça ?",
        "How much now?",
        "Ça fera combien ?",
        "How much for the lot?",
        "C'est combien pour toute?",
        "C'est combien rendu là?",
        "ca fait cb",
        "Kindly tell the full amount.",
        "Ok lang. Everything comes to how much po?",
        "Nice one. How much so far?",
        "How much all? I finish now",
        "What does that amount to? I wish to settle the account",
        "Where am I up to, money-wise?",
        "on arrive à combien là",
        "Bon, la classique en un litre alors. Ça monte à combien ?",
        "Le tout me revient à combien ?",
        "Parfait, combien au bout du compte ? Et on encaisse",
        "À défaut, à combien s'élève ma commande ?",
        "ok cb ca fait",
    ],
)
def test_the_total_asked(text: str) -> None:
    assert asks_the_total(text)


@pytest.mark.parametrize(
    "text",
    [
        "what is the total weight?",
        "how much is it?",
        "le prix du noir ?",
        "in all colours?",
        "ça fait combien de litres ?",  # a measure of the product, not money
        "how much is all the cotton tees",
        "a toy for my tot for christmas",
        "Total battery with the case?",
        "how much is the mug now?",
        "it comes to 3 litres?",
        "how much are all the mugs",
        "le prix est un peu élevé",
    ],
)
def test_a_question_about_a_product_is_not_the_total(text: str) -> None:
    assert not asks_the_total(text)
