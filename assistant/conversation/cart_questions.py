"""Questions about the cart itself, whatever intent the model gave them: "what's the damage?",
"c'est combien en tout ?", "how much all together?"."""

from __future__ import annotations

import re

from catalog.text import fold

# Read on the folded text (no accents, lower case).
_THE_TOTAL = re.compile(
    r"\b(?:total|totals|tot(?=\W*$)|altogether|all together|in all|the damage|grand total|"
    # "ça revient à cb", "au final ça donne quoi": what it all comes to
    r"(?:ca|cela) (?:revient|reviendra|reviens) a (?:cb|combien)|"
    r"(?:ca|cela) donne (?:quoi|combien)|"
    r"(?:what|how much) do i owe|what do i owe you|how much (?:is|for) (?:it all|everything)|"
    r"en tout|en tt|(?:cb|combien) tt|au total|en totalite|ca (?:me )?fait (?:combien|cb)|"
    # "how much for the lot?", "the full amount", "c'est combien rendu là ?" (Québec: by now)
    r"(?:for|is) the lot|full amount|whole (?:lot|thing|order)|rendu la|"
    # "what do the two cost together?", "combien pour les deux ?"
    r"(?:cost|costs|come to|price|prix|coutent|combien)\b.*\b(?:together|ensemble)|"
    r"how much (?:for|are|is) (?:both|the two|them both)|combien (?:pour|pr) les deux|"
    r"je (?:vous|te) dois combien|"
    # "I must pay how much?", "how much do I pay?", "combien je dois payer ?"
    r"pay how much|(?:how much|combien|cb) (?:\w+ ){0,3}(?:pay|payer)\b|"
    r"combien je (?:vous|te) dois|combien (?:pour|pr) (?:le tout|tout|toute)|"
    r"le tout (?:pour|pr) combien|final (?:amount|price|cost|bill)|(?:what|how much) does it "
    # "what's that come to then?", "what does it all come to"
    r"(?:what'?s|what is|what does|what do|how much does|how much do) (?:that|it|this|they|"
    r"those|everything|all that|the lot)(?: all)? comes? to|"
    # "c cb le tout", "how much is all that?", "how much for everything"
    r"(?:all |everything )?comes? to(?! \d)|"
    r"(?:cb|combien|how much)(?: (?:is|for|pour|pr|c est|ca fait))? "
    r"(?:le tout|tout ca|everything|(?:all|all that|all of (?:it|that|them))$)|"
    r"prix final|montant (?:final|total)|combien au final|"
    # "How much now?", "ça fera combien ?": what it comes to, with what was just added
    r"(?:how much|combien|cb)(?: (?:is it|is that|are we at|ca fait|ca fera))? (?:now|maintenant)$|"
    r"(?:ca|cela) fera (?:combien|cb)|combien (?:ca|cela) (?:fera|va faire)|"
    # "Combien ça me coûte ?", "quel est le montant ?", "share the bill amount": what the
    # shopper pays, not a product's price
    r"(?:ca|cela) me (?:coute|coutera|fait|fera)|me coute combien|(?:le|quel est le) montant|"
    r"the bill|my bill|bill amount|l'addition|la facture|la note|"
    # "How much so far?", "What does that amount to?", "Where am I up to, money-wise?"
    r"(?:how much|cost|costing|spent|owe)\b.*\bso far|amounts? to|money wise|"
    r"how much (?:is |for )?all(?! (?:the|of|these|those|my|your|colou?rs?|sizes?)\b)|"
    # "on arrive à combien là", "ça monte à combien ?", "à combien s'élève ma commande ?",
    # "combien au bout du compte ?", "le tout me revient à combien ?", "cb ça fait"
    r"(?:on|ca|cela|je|nous) (?:arrive|arrivons|monte|en est|en suis|est rendu) a "
    r"(?:combien|cb|quel)|s'?eleve|au bout du compte|"
    r"le tout (?:me |nous )?(?:revient|fait|coute|monte)|"
    r"(?:cb|combien) (?:ca|cela) (?:fait|fera))\b"
)
# "Total weight", "in all colours": the words around "total" / "in all" are about a product.
# "Ça fait combien de litres ?": a measure of a product; "combien de piasses" is money.
_OF_A_PRODUCT = re.compile(
    r"\b(?:(?:total|in all) (?:weight|length|capacity|colou?rs?|sizes?|storage|poids|battery|"
    r"playtime|play time|runtime|hours|autonomie|duree)|"
    r"combien d(?:e |')(?!(?:euros?|balles|piasses|dollars?|francs?|sous|fric|thunes?|"
    r"argent|tout)\b)[a-z]+)\b"
)


def asks_the_total(text: str) -> bool:
    """A question for what the cart comes to ("total?", "ça fait combien en tout ?")."""
    said = " ".join(re.findall(r"[a-z0-9']+", fold(text).lower()))
    return bool(_THE_TOTAL.search(said)) and not _OF_A_PRODUCT.search(said)
