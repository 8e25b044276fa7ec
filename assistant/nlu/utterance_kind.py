"""What a sentence does, read from its words: asks (a question, or a statement said with a
question mark), requests (a verb asking the shop to act, "please", "in my basket"), or neither (a
greeting, a word of context). Shared by the channels, which cut a message into its requests
(assistant/channels/message_parts.py), and the NLU rules, which keep a question from changing the
cart (assistant/nlu/utterance_rules.py). Works on any text, lowercase or not, with or without
accents. Imports: the standard library only (Rasa's venv)."""

from __future__ import annotations

import re
from enum import Enum

from assistant.nlu.folding import fold

JOINED = r"(?:and|also|plus|n|&|et|pis|puis|aussi|sinon|but|mais)"
# Words that open a question, after the folding below (lowercase, no accents).
INTERROGATIVE = (
    r"what|whats|what's|wat|wats|how|hows|how's|which|where|when|who|why|"
    r"combien|cb|cbien|quel|quelle|quels|quelles|lequel|laquelle|lesquels|lesquelles|"
    r"comment|pourquoi|ou|qu'est-ce|qu'est ce|quest-ce|quest ce|est-ce|est ce|es que|esque|"
    r"tell me|let me know|i wonder|wondering|dites-moi|dis-moi|savoir|je me demande"
)
AUXILIARY = (
    r"is|are|was|were|do|does|did|can|could|will|would|should|has|have|r|u|any|got|"
    r"c'est|c est|cest|ca fait|ca coute|il est|elle est|ils sont|elles sont|il y a|y a|"
    r"y'a|ya|vous avez|vous auriez|avez-vous|tu as|t'as|tas|as-tu|tu aurais|peut-on|on peut|"
    r"sont-ils|sont-elles|est-il|est-elle|sont-tu|sont tu|y en a"
)
# A pronoun opening a question only its "?" tells from a statement: "they are stretch?"
PRONOUN = r"they|it|it's|its|il|elle|ils|elles|ca|cela|y'est(?:-tu)?"  # "y'est-tu" (Quebec): il est
_OPENS_A_QUESTION = re.compile(rf"^(?:{INTERROGATIVE}|{AUXILIARY}|{PRONOUN})(?![\w'-])")
OPENS_WITH_INTERROGATIVE = re.compile(rf"^(?:{INTERROGATIVE})(?![\w'-])")
# What may come before a part's first word proper: joining words, greetings, interjections.
_LEAD = re.compile(
    rf"^(?:\W*(?:{JOINED}|ok|okay|oh|ah|so|well|wait|hey+|heya|hi+|hiya|hello|yo|g'?day|"
    r"morning|good morning|afternoon|evening|namaskar|bonjour|bonsoir|salut|coucou|allo|"
    r"thanks|cheers|great|cool|nice|lovely|perfect|merci|super|parfait|d'accord|oui|yes|no|non|"
    r"hmm+|btw|alors|bon|then|et sinon|if not|sinon|otherwise|either way|si non|si oui|if so|"
    r"if yes|dans ce cas)\W+)*"
)
# Words that make a colour or size said a decision: "purple small then", "la blanche alors",
# "the S instead": after a variant the shop did not have, or a question, the shopper takes it.
DECIDES = re.compile(
    r"(?<![\w'-])(?:then|instead|otherwise|in that case|alors|donc|plutot|sinon|dans ce cas)"
    r"(?![\w'-])"
)
# Words that ask wherever they stand: "le filtre tient combien de litres", "ca fait cb".
ASKS_ANYWHERE = re.compile(
    r"(?<![\w'-])(?:combien|cb|cbien|how much|how many|hw much|hw many)(?![\w'-])"
)
# An English question inverted about "it", asked without its question mark on a phone: "does it
# go w high waisted jeans", "are they warm". Not "can you add…", a request.
_INVERTED_ABOUT_IT = re.compile(
    r"^(?:is|are|r|does|do|did|has|have|was|were|will)\s+"
    r"(?:it|they|that|this|those|these|he|she)(?![\w'-])"
)
# One more item, said without a verb: "Plus the small jar of instant coffee.", "Also one
# braided cable", "Et aussi le gros paquet".
ONE_MORE_ITEM = re.compile(
    r"^(?:(?:plus|also|and also|et aussi|aussi|pis|puis|avec ca)\s+"
    r"(?:the|le|la|les|l'|a|an|one|un|une|two|deux|three|trois|\d+)|"
    # "And a silent travel mouse in pink", "et une gourde noire": an item, counted
    r"(?:and|et|n|&)\s+(?:a|an|one|another|un|une|two|deux|three|trois|\d+)(?=\s+\w)|"
    # "Alors un rooibos aussi", "two of the mugs too": an item, counted, said to come too
    r"(?:(?:then|so|ok|okay|alors|bon|ben)\s+)?(?:a|an|one|un|une|two|deux|three|trois|\d+)\s+"
    r"\w.*\s(?:too|as well|also|aussi|egalement)\W*$)(?![\w'-])"
)
# Québec's "-tu" asks, with or without its question mark: "y'a tu une poche pour le cell",
# "c'est-tu lavable"; so does "faut" opening a question ("faut le diluer ?").
_QUEBEC_TU = re.compile(
    r"^(?:y'?\s?a|ya|c'?est|cest|ca|il y a|(?:il|elle)s? (?:est|sont|a|ont))[- ]tu(?![\w'-])"
)
_FAUT_ASKED = re.compile(r"^(?:faut|faut-il)(?![\w'-])")
# The shop asked whether it sells something, question mark or not: "do u sell phone cases"
ASKS_THE_SHOP = re.compile(
    r"^(?:(?:do|would) (?:you|u|ya) (?:guys )?(?:sell|have|carry|stock)|"
    r"(?:est-ce que )?vous (?:vendez|avez)|avez-vous|vendez-vous)(?![\w'-])"
)
# A word asking the cart's total, however short the part: "Total?", "Le montant ?"
_ASKS_THE_TOTAL = re.compile(
    r"(?<![\w'-])(?:total|totals|subtotal|montant|sous-total|tot(?=\W*$))(?![\w'-])"
)
# A call to pay what the cart holds, however put: "ring it up", "let's settle up", "off to the
# till", "let's get it paid for", "on conclut", "jvalide", "je passe à la caisse" (folded).
CALLS_TO_PAY = re.compile(
    r"(?<![\w'-])(?:check ?(?:out|oot)|checkout|checking out|check (?:me|us) out|pay|paying|"
    r"payment|settle up|ring (?:it |me |this |that |them |everything |all )?up|"
    r"wrap (?:it |this |that |them |everything )?up|the till|finali[sz]e|finish up|"
    r"get (?:it|this|them|everything|that) (?:paid|ordered)|"
    r"place (?:the |my )?order|send (?:me )?(?:the |a |my )?(?:payment )?link|"
    r"envoye[zr]?(?:-moi| moi)? (?:le|un) lien|"
    r"order (?:it|them|this|that|everything|all)(?: now)?$|"
    r"payer|payons|payez|j?'?paye|j?'?paie|paiement|reglement|j?regler?|reglons|reglez|"
    r"caisse|encaisser|j?valide|valider|validez|validons|conclu(?:re|t|ons|ez)|finalise[rz]?|"
    r"passe(?:r|z)? (?:la |ma )?commande|je confirme (?:la|ma) commande|"
    r"(?:je|j|jcommande|on) commande$|jcommande$|commander$)(?![\w'-])"
)
_POLITENESS = r"please|pls|plz|kindly|s'il (?:vous|te) plait|svp|stp"
_TOTAL_ALONE = re.compile(
    r"^(?:(?:and|n|et|the|le|la|my|mon|grand|whats|what's|what is|c'est quoi)\s+)*"
    rf"(?:total|subtotal|montant|sous-total)(?:\s+(?:{_POLITENESS}))?\W*$"
)

# A part asking the shop to do something: its opening verb ("mets-moi" too), ...
_REQUEST_OPENING = re.compile(
    rf"^(?:(?:{_POLITENESS}|can you|could you|can i|could i|may i)\s+)?"
    r"(?:add|put|pop|chuck|throw|toss|stick|grab|get|give|take|remove|delete|drop|ditch|"
    r"change|make|swap|switch|show|find|send|book|order|buy|ring|i'?ll|ill|i'?d like|id like|"
    r"i need|i will|i take|we'?ll|we need|we want|let'?s|looking for|need|want|wanna|"
    # "Mi need a travel mug fi work" (Jamaican English): I need
    r"mi need|mi want|"
    # "Two boxes of the chamomile", not "2 much lol"
    r"(?:\d+|two|three|four|five|six|deux|trois|quatre|cinq|six)"
    r"(?=\s+(?!much|many|more|less|late|bad|cher|chers|chere|tard|beaucoup|peu)\w)|"
    r"ajoute[rsz]?|rajoute[rsz]?|mets|mettez|met|mettre|prends|prenez|jprends|j'prends|"
    r"j'?(?:e )?(?:le|la|les|l') ?prends|"
    r"je vais|jvais|faut|donne[sz]?|envoie[sz]?|enleve[rsz]?|retire[rsz]?|supprime[rsz]?|"
    r"vire[rsz]?|change[rsz]?|remplace[rsz]?|passe[rsz]?|montre[rsz]?|on passe|on prend|"
    r"je valide|valide[rsz]?|garde[rsz]?)(?:-(?:moi|nous|m'en|en|le|la|les))?(?![\w'-])"
)
# A few, said in figures or words: "2", "a", "two", "une", "trois".
A_FEW = r"(?:\d+|a|an|one|two|three|four|five|six|une?|deux|trois|quatre|cinq|six)"
# What goods are counted in, several ("2 boxes of", "deux paquets") and one ("one bag").
PACKS = (
    r"(?:boxes|bags|packs|pairs|jars|tins|bottles|cans|pieces|pcs|paires|paquets|boites|sachets|"
    r"bouteilles|pots)"
)
A_PACK = r"(?:box|bag|pack|pair|jar|tin|bottle|can|piece|paire|paquet|boite|sachet|bouteille|pot)"
# ... or words asking for it anywhere: "please", "I want", "rooibos times two", "2 boxes of",
# "grey then size L add it", "in my basket", "dans mon panier".
_ASKS_FOR_IT = re.compile(
    rf"(?<![\w'-])(?:{_POLITENESS}|"
    r"i (?:also |really |just |still )?(?:want|wanna|need)|i'?d (?:also )?like|id like|"
    r"i'?ll (?:also )?(?:take|have|get|grab)|i'?m looking for|im looking for|"
    # said as what will be done: "I will take the Flip", "je prendrai la grise", "je vais
    # les prendre"
    r"i (?:will|shall) (?:also )?(?:take|have|get|grab)|"
    r"i'?m (?:going to|gonna) (?:take|have|get|grab)|"
    r"je (?:le |la |les |l'|en |vous |t')?prendrai[s]?|"
    r"j'?(?:e )?vais (?:le |la |les |l'|en |vous )?prendre|"
    # "I'd take white then", "I would go with the navy": a choice said as a wish
    r"(?:i'?d|i would) (?:also )?(?:take|have|get|go (?:with|for))|"
    # "I'll stick with the Aero", "let's go for the navy", "je pars sur le bleu": decided
    r"(?:i'?ll|i will|let'?s|we'?ll) (?:stick|go|stay) (?:with|for)|i'?ll settle (?:on|for)|"
    r"je (?:pars|reste|me decide|opte) (?:sur|pour)|j'?opte pour|je choisis|on (?:part|reste) sur|"
    r"je veux|jveux|j'veux|je voudrais|jvoudrais|j'aimerais|jaimerais|je prends|je cherche|"
    r"jcherche|il me faut|il nous faut|je (?:le|la|les) prends|j'?(?:le|la|les) prends|"
    r"(?:change[zs]?|mets|mettez|ajoute[zs]?|rajoute[zs]?|enleve[zs]?|retire[zs]?|prends|prenez|"
    r"donne[zs]?|passe[zs]?)-(?:le|la|les|moi|m'en|en)|"
    r"times (?:\d+|two|three|four|five|six)|x ?\d|"
    # "so chuck in a caramel bar as well", "throw the orange one in": put in, wherever said
    r"(?:chuck|throw|toss|bung|pop|stick)(?: [\w'-]+){0,4} in|"
    # "one is enough", "deux suffiront", "two will do": the number of a line, said again
    r"(?:\d+|one|two|three|four|five|un|une|deux|trois|quatre|cinq)(?: [\w'-]+){0,2} "
    r"(?:is enough|are enough|will do|should do|suffit|suffisent|suffira|suffiront)|"
    rf"{A_FEW} (?:x )?(?:{PACKS}|box|piece)|"
    r"(?:add|ajoute[rz]?|rajoute[rz]?|mets|mettez|prends|prenez) (?:it|them|one|that|those|ca|"
    r"le|la|les|l'|un|une|en)|"
    r"(?:in|to|into) (?:my|the|me) (?:cart|basket|bag)|dans (?:mon|le) panier|au panier)(?![\w'-])"
)
# A question said as a statement ends with its question mark and has a verb: "The mugs are
# microwave safe?"; a few words without one ("In black?", "black 1 m, price?", "true wireless
# earbuds?") only narrow what came before.
_STATEMENT_QUESTION_WORDS = 3
_SENTENCE_WORDS = 5  # so many words hold a verb, whichever ("vous vendez-tu des raquettes ?")
A_VERB = re.compile(
    r"(?<![\w'-])(?:is|are|was|were|has|have|had|does|do|did|can|could|will|would|"
    r"you|vous|tu|they|we|nous|on|"
    r"comes?|fits?|works?|goes?|supports?|holds?|keeps?|takes?|needs?|gets?|exists?|lasts?|"
    r"est|sont|il a|elle a|ont|fait|font|va|vont|marche|marchent|peut|peuvent|vient|viennent|tient|"
    r"tiennent|existe|existent|passe|passent|convient|conviennent|reste|restent|c'est|y a|y'a|"
    r"ya|se|"
    r"[a-z]+-(?:t-)?(?:il|elle|ils|elles|on))(?![\w'])"  # "a-t-il", "se boit-elle"
)
SUBJECT = re.compile(r"(?<![\w'-])(?:you|u|vous|tu|they|we|nous|on|il|elle|ils|elles)(?![\w'])")
# Words of politeness alone make a request of a fragment ("The most cheap one please").
_POLITE = re.compile(rf"(?<![\w'-])(?:{_POLITENESS})(?![\w'-])")


class Kind(Enum):
    QUESTION = "question"
    # a statement with a question mark ("The mugs are microwave safe?"): a question of its own
    # after a request or context, the same question said again after one ("how do I make it?
    # just add water?")
    ASKED = "asked"
    REQUEST = "request"
    CONTEXT = "context"  # a greeting, a thank-you, a word of context: asks for nothing alone


def folded(text: str) -> str:
    return fold(text.replace("’", "'"))


def words_proper(text: str) -> str:
    """The part folded, without the joining words and greetings it opens with."""
    return _LEAD.sub("", folded(text).strip())


def only_polite(text: str) -> bool:
    """A request only by its "please": no verb or count asks for anything."""
    said = words_proper(text)
    return not _REQUEST_OPENING.match(said) and not _ASKS_FOR_IT.search(_POLITE.sub(" ", said))


def kind_of(text: str) -> Kind:
    """A question opens with a question word, asks how much, or ends with a question mark (a
    fragment aside); a request opens with a verb asking the shop to act, or asks for something
    in so many words."""
    said = words_proper(text)
    if OPENS_WITH_INTERROGATIVE.match(said) or ASKS_ANYWHERE.search(said):
        return Kind.QUESTION
    asked = text.rstrip().endswith("?")
    if asked and (_OPENS_A_QUESTION.match(said) or _ASKS_THE_TOTAL.search(said)):
        return Kind.QUESTION
    if ASKS_THE_SHOP.match(said):
        return Kind.QUESTION
    if (not asked and _QUEBEC_TU.match(said)) or (asked and _FAUT_ASKED.match(said)):
        return Kind.QUESTION
    if _TOTAL_ALONE.match(said):
        return Kind.QUESTION  # "total", "n the total", "le montant svp": the total asked for
    if _INVERTED_ABOUT_IT.match(said):
        return Kind.QUESTION
    words = len(said.split())
    if (
        asked
        and words >= _STATEMENT_QUESTION_WORDS
        and (A_VERB.search(said) or words >= _SENTENCE_WORDS)
    ):
        return Kind.ASKED
    if _REQUEST_OPENING.match(said) or _ASKS_FOR_IT.search(said):
        return Kind.REQUEST
    if not asked and ONE_MORE_ITEM.match(folded(text).strip()):
        return Kind.REQUEST
    if not asked and text.lstrip().startswith("+"):
        return Kind.REQUEST  # "+ 250g espresso beans": one more item, put in
    return Kind.CONTEXT


ASKING = frozenset({Kind.QUESTION, Kind.ASKED})


def calls_to_pay(text: str) -> bool:
    """The words ask to pay what the cart holds, whatever else they say; not "I must pay how
    much?", "combien je dois payer ?", which ask the total."""
    said = folded(text).lower().strip(" .!")
    return CALLS_TO_PAY.search(said) is not None and not _HOW_MUCH_TO_PAY.search(said)


# "I must pay how much?", "how much do I pay", "combien je dois payer", "ça fait cb à payer".
_HOW_MUCH_TO_PAY = re.compile(
    r"(?<![\w'-])(?:(?:pay|payer|regler)\W+(?:\w+\W+)?(?:how much|combien|cb)|"
    r"(?:how much|combien|cb)\W+(?:\w+\W+){0,3}(?:pay|payer|regler))(?![\w'-])"
)


# A go-ahead said alone: "Go on then.", "go ahead", "carry on", "vas-y", "allez, on y va".
_GOES_AHEAD = re.compile(
    r"^\W*(?:(?:ok|okay|right|alright|yes|yeah|yep|oui|ouais|bon|alors|allez)\W+)*"
    r"(?:go on|go ahead|go for it|carry on|proceed|do it|vas-y|vas y|allez-y|allez y|on y va|"
    r"let'?s go|let'?s do it|c'est parti|envoie|envoyez|envoie-le|envoyez-le)"
    r"(?:\W+(?:then|alors|please|pls|svp|stp|donc))*\W*$",
    re.IGNORECASE,
)
# A yes and a call for the link: "Yep, send the link.", "oui, envoyez le lien".
_SAYS_YES_TO_THE_LINK = re.compile(
    r"^\W*(?:yes|yep|yeah|yup|sure|ok|okay|oui|ouais|d'accord)\W+(?:.*\W)?(?:link|lien)(?!\w)",
    re.IGNORECASE,
)


# A yes said first and only confirmed after: "Oui, je valide.", "Yes, is correct", "oui,
# tout à fait"; not "yes, and add socks", "oui mais sans le bonnet", nor a question.
_YES_FIRST = re.compile(
    r"^\W*(?:yes|yeah|yep|yup|yess+|aye|sure|oui|ouais|wi|d'accord|dac|ok|okay)(?![\w'-])"
)
_MORE_THAN_A_YES = re.compile(
    r"(?<![\w'-])(?:and|also|plus|but|except|first|too|et|aussi|mais|sauf|d'abord|avant|"
    r"remove|add|change|swap|enleve[zr]?|ajoute[zr]?|change[zr]?|retire[zr]?)(?![\w'-])"
)
_YES_WORDS_AT_MOST = 6


def goes_ahead(text: str) -> bool:
    """A go-ahead to "Shall I send you the payment link?": "Go on then.", "Yep, send the
    link.", "vas-y", "oui, envoyez le lien", a yes then only its confirmation ("Oui, je
    valide.")."""
    said = folded(text)
    if _GOES_AHEAD.match(said) or _SAYS_YES_TO_THE_LINK.match(said):
        return True
    # a call to pay said again ("Je règle.") is asked again: the shopper may still look
    if "?" in said or _MORE_THAN_A_YES.search(said):
        return False
    return _YES_FIRST.match(said) is not None and len(said.split()) <= _YES_WORDS_AT_MOST


def asks_the_cart_total(text: str) -> bool:
    """The words ask the cart's total: "total?", "n the total", "le montant", "tot ?"."""
    return _ASKS_THE_TOTAL.search(words_proper(text)) is not None


# A shopper saying they are back after a break: "hi again", "I'm back, where were we?",
# "re-bonjour, je reviens", "me revoilà". The conversation goes on; nothing new is asked.
_COMING_BACK = re.compile(
    r"(?<![\w'-])(?:(?:hi|hello|hey|hiya)\s+again|(?:i'?m|i\s+am)\s+back(?:\s+again)?|back again|"
    r"(?:it'?s|its)\s+(?:just\s+)?me\s+again|where\s+(?:were\s+we|was\s+i)|"
    r"re-?(?:bonjour|bonsoir|salut|coucou)|(?:je\s+suis\s+|me\s+(?:voila\s+)?)?de\s+retour|"
    r"je\s+reviens|me\s+(?:revoila|revoici|re-?voila)|c'?est\s+(?:encore\s+)?moi(?:\s+encore)?|"
    r"on\s+en\s+etait\s+ou|ou\s+(?:en\s+etions[- ]nous|on\s+en\s+etait|j'?en\s+etais))(?![\w'-])"
)
_AROUND_IT = re.compile(
    r"(?<![\w'-])(?:hi|hello|hey|hiya|bonjour|bonsoir|salut|coucou|ok|okay|so|right|alors|bon|"
    r"again|encore|there|all|guys|everyone|tout le monde)(?![\w'-])"
)


def comes_back(text: str) -> bool:
    """The message only says the shopper is back ("hi again, where were we?")."""
    said = folded(text).lower()
    if not _COMING_BACK.search(said):
        return False
    return not re.search(r"\w", _AROUND_IT.sub(" ", _COMING_BACK.sub(" ", said)))


# "Ok take that.", "I'll have it", "je le prends", "mettez-le": the one in view taken, in a
# sentence of its own, with nothing else said of it
_OPENERS = (
    r"^\W*(?:(?:ok|okay|right|fine|good|great|sure|yes|yep|alright|cool|bon|d'accord|dac|"
    r"parfait|oui|ouais|super|alors)\W+)*"
)
_CLOSERS = r"(?:\W+(?:please|pls|thanks|then|svp|stp|merci|alors))*\W*$"
_TAKES_IT = re.compile(
    _OPENERS + r"(?:(?:i'?ll|i will|i'?d|let me|please|pls)\s+)?"
    r"(?:(?:take|add|get|grab|have|buy)\s+(?:it|that|this|them|those|these|that one|this one)|"
    r"(?:je\s+|j')?(?:le|la|les|l')\s*(?:prends|achete)|"
    r"(?:prends|prenez|mets|mettez|ajoute|ajoutez)-(?:le|la|les)|je prends ca)" + _CLOSERS
)
# ... or "ok 1.", "one please": one of it, said to the one in view
_ONE_OF_IT = re.compile(_OPENERS + r"(?:1|one|un|une)" + _CLOSERS)


def takes_it(text: str) -> bool:
    """The words only take the product in view, with a verb ("Ok take that.", "je le prends")."""
    return _TAKES_IT.match(folded(text)) is not None


def takes_it_alone(text: str) -> bool:
    """The words only take the product in view: with a verb, or as one of it ("ok 1.")."""
    return takes_it(text) or _ONE_OF_IT.match(folded(text)) is not None
