"""The requests in one message: "Add the Commuter in navy. Will a 14 inch laptop fit inside?" asks
for two things, and is answered as the two messages the shopper could have sent.

The dialogue reads one intent per message, so a message that adds and asks, or asks about two
products, got one of its requests answered and the other dropped. Here the message is cut at its
sentences, where a question opens after "and"/"et"/"also" ("…in my basket, and is the hood
lined?") and where one follows a comma ("the mom jeans in S, they are stretch?"). Each part is
a question, a request (it opens with a verb asking the shop to do something: "add", "show me",
"je prends", or says "please"), or neither: a greeting, a thank-you, what the shopper's life is
like ("it's getting cold up here"), which joins the part before it (or the next, when first).
Requests and questions are answered one by one, but a request and the next one stay one message
("Two mugs. And a hoodie in M.": the cart reads a list, and several operations, whole).

The surface decides first: the intent model reads one request well but is confidently wrong on
a sentence of context ("it's getting cold up here" read as the cart). It is asked only whether a
part with no request word is an add or a removal ("The green polo in L").
Imports: the standard library only (the channels run in Rasa's venv, the tests in the project's).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Any

from assistant.nlu.folding import fold

log = logging.getLogger(__name__)

# The intent model's reading of a text: Rasa's parse result ({"intent": {"name", "confidence"}}).
Parse = Callable[[str], Awaitable[Mapping[str, Any]]]
# Intents that make a part with no request word a request of its own ("The green polo in L"):
# the model reads adds and removals well; what it calls a search or a question in a sentence of
# context ("it's getting cold up here") is often wrong.
_CART_INTENTS = frozenset({"add_to_cart", "remove_from_cart"})
_SURE = 0.8

# A sentence ends at . ! ? (or several, or "…") before a space and a letter: "29.99" and "4.5"
# stay whole.
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=[^\W\d_])")
_JOINED = r"(?:and|also|plus|n|&|et|pis|puis|aussi|sinon|but|mais)"
# Words that open a question, after the folding below (lowercase, no accents).
_INTERROGATIVE = (
    r"what|whats|what's|wat|wats|how|hows|how's|which|where|when|who|why|"
    r"combien|cb|cbien|quel|quelle|quels|quelles|lequel|laquelle|lesquels|lesquelles|"
    r"comment|pourquoi|ou|qu'est-ce|qu'est ce|quest-ce|quest ce|est-ce|est ce|es que|esque|"
    r"tell me|let me know|i wonder|wondering|dites-moi|dis-moi|savoir|je me demande"
)
_AUXILIARY = (
    r"is|are|was|were|do|does|did|can|could|will|would|should|has|have|r|u|any|got|"
    r"c'est|c est|cest|ca fait|ca coute|il est|elle est|ils sont|elles sont|il y a|y a|"
    r"y'a|ya|vous avez|vous auriez|avez-vous|tu as|t'as|tas|as-tu|tu aurais|peut-on|on peut|"
    r"sont-ils|sont-elles|est-il|est-elle|sont-tu|sont tu|y en a"
)
# A pronoun opening a question only its "?" tells from a statement: "they are stretch?"
_PRONOUN = r"they|it|it's|its|il|elle|ils|elles|ca|cela"
_OPENS_A_QUESTION = re.compile(rf"^(?:{_INTERROGATIVE}|{_AUXILIARY}|{_PRONOUN})(?![\w'-])")
_OPENS_WITH_INTERROGATIVE = re.compile(rf"^(?:{_INTERROGATIVE})(?![\w'-])")
# Inside a sentence: "…, and is the hood lined?", "n do u have the grey", "et c'est combien".
_QUESTION_JOINT = re.compile(
    rf"(?:\s*[,;]\s*|\s+){_JOINED}\s+(?=(?:{_INTERROGATIVE}|{_AUXILIARY})(?![\w'-]))"
)
# After a comma, a pronoun's question to the end of the sentence: "…size S, they are stretch?"
_PRONOUN_QUESTION_JOINT = re.compile(rf"\s*,\s+(?=(?:{_PRONOUN})(?![\w'-])[^,.!?]*\?)")
# What may come before a part's first word proper: joining words, greetings, interjections.
_LEAD = re.compile(
    rf"^(?:\W*(?:{_JOINED}|ok|okay|oh|ah|so|well|wait|hey+|heya|hi+|hiya|hello|yo|g'?day|"
    r"morning|good morning|afternoon|evening|namaskar|bonjour|bonsoir|salut|coucou|allo|"
    r"thanks|cheers|great|cool|nice|lovely|perfect|merci|super|parfait|d'accord|oui|yes|no|non|"
    r"hmm+|btw|alors|bon|then|et sinon|if not|sinon|otherwise|either way|si non|si oui|if so|"
    r"if yes|dans ce cas)\W+)*"
)
# Words that ask wherever they stand: "le filtre tient combien de litres", "ca fait cb".
_ASKS_ANYWHERE = re.compile(
    r"(?<![\w'-])(?:combien|cb|cbien|how much|how many|hw much|hw many)(?![\w'-])"
)
_POLITENESS = r"please|pls|plz|kindly|s'il (?:vous|te) plait|svp|stp"
# A part asking the shop to do something: its opening verb ("mets-moi" too), ...
_REQUEST_OPENING = re.compile(
    rf"^(?:(?:{_POLITENESS}|can you|could you|can i|could i|may i)\s+)?"
    r"(?:add|put|pop|chuck|throw|toss|stick|grab|get|give|take|remove|delete|drop|ditch|"
    r"change|make|swap|switch|show|find|send|book|order|buy|ring|i'?ll|ill|i'?d like|id like|"
    r"i need|i will|i take|we'?ll|we need|we want|let'?s|looking for|need|"
    # "Two boxes of the chamomile", not "2 much lol"
    r"(?:\d+|two|three|four|five|six|deux|trois|quatre|cinq|six)"
    r"(?=\s+(?!much|many|more|less|late|bad|cher|chers|chere|tard|beaucoup|peu)\w)|"
    r"ajoute[rsz]?|rajoute[rsz]?|mets|mettez|met|mettre|prends|prenez|jprends|j'prends|"
    r"j'?(?:e )?(?:le|la|les|l') ?prends|"
    r"je vais|jvais|faut|donne[sz]?|envoie[sz]?|enleve[rsz]?|retire[rsz]?|supprime[rsz]?|"
    r"vire[rsz]?|change[rsz]?|remplace[rsz]?|passe[rsz]?|montre[rsz]?|on passe|on prend|"
    r"je valide|valide[rsz]?|garde[rsz]?)(?:-(?:moi|nous|m'en|en|le|la|les))?(?![\w'-])"
)
# ... or words asking for it anywhere: "please", "I want", "rooibos times two", "2 boxes of",
# "grey then size L add it", "in my basket", "dans mon panier".
_ASKS_FOR_IT = re.compile(
    rf"(?<![\w'-])(?:{_POLITENESS}|"
    r"i want|i wanna|i'?d like|id like|i'?ll take|i'?ll have|i'?m looking for|im looking for|"
    r"je veux|jveux|j'veux|je voudrais|jvoudrais|j'aimerais|jaimerais|je prends|je cherche|"
    r"jcherche|il me faut|il nous faut|je (?:le|la|les) prends|j'?(?:le|la|les) prends|"
    r"(?:change|mets|ajoute|enleve|retire|prends|donne|passe)-(?:le|la|les|moi|m'en|en)|"
    r"times (?:\d+|two|three|four|five|six)|x ?\d|"
    r"(?:\d+|a|an|one|two|three|four|five|six|une?|deux|trois|quatre|cinq|six) (?:x )?"
    r"(?:boxes|box|bags|packs|pairs|jars|tins|bottles|cans|paires|paquets|boites|sachets|"
    r"bouteilles|pots|pieces|piece|pcs)|"
    r"(?:add|ajoute[rz]?|rajoute[rz]?|mets|mettez|prends|prenez) (?:it|them|one|that|those|ca|"
    r"le|la|les|l'|un|une|en)|"
    r"(?:in|to|into) (?:my|the|me) (?:cart|basket|bag)|dans (?:mon|le) panier|au panier)(?![\w'-])"
)
# A question said as a statement ends with its question mark and has a verb: "The mugs are
# microwave safe?"; a few words without one ("In black?", "black 1 m, price?", "true wireless
# earbuds?") only narrow what came before.
_STATEMENT_QUESTION_WORDS = 3
_SENTENCE_WORDS = 5  # so many words hold a verb, whichever ("vous vendez-tu des raquettes ?")
_A_VERB = re.compile(
    r"(?<![\w'-])(?:is|are|was|were|has|have|had|does|do|did|can|could|will|would|"
    r"you|vous|tu|they|we|nous|on|"
    r"comes?|fits?|works?|goes?|supports?|holds?|keeps?|takes?|needs?|gets?|exists?|lasts?|"
    r"est|sont|il a|elle a|ont|fait|font|va|vont|marche|marchent|peut|peuvent|vient|viennent|tient|"
    r"tiennent|existe|existent|passe|passent|convient|conviennent|reste|restent|c'est|y a|y'a|"
    r"ya|se)(?![\w'])"
)
_SUBJECT = re.compile(r"(?<![\w'-])(?:you|u|vous|tu|they|we|nous|on|il|elle|ils|elles)(?![\w'])")
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


@dataclass(frozen=True)
class Part:
    start: int  # character offsets in the message
    end: int


def _folded(text: str) -> str:
    return fold(text.replace("’", "'"))


def candidate_parts(text: str) -> list[Part]:
    """Where the message may be cut: its sentences, a question opening after a joining word
    ("and", left out of both parts) or after a comma. Offsets into `text`."""
    folded = _folded(text)
    if len(folded) != len(text):  # a character that folds to several: no offsets to trust
        folded = text.lower()
    # each cut: where the part before it ends, where the next one starts
    cuts = [(end.start(), end.end()) for end in _SENTENCE_END.finditer(text)]
    for joint in _QUESTION_JOINT.finditer(folded):
        rest = folded[joint.end() :]
        sentence = re.split(r"[.!?]\s", rest)[0]
        # a question follows: it ends with "?", opens with a question word or asks how much
        if (
            "?" in sentence
            or _OPENS_WITH_INTERROGATIVE.match(rest)
            or _ASKS_ANYWHERE.search(sentence)
        ):
            cuts.append((joint.start(), joint.end()))
    cuts += [(joint.start(), joint.end()) for joint in _PRONOUN_QUESTION_JOINT.finditer(folded)]
    parts = []
    start = 0
    for end, next_start in [*sorted(set(cuts)), (len(text), len(text))]:
        piece = text[start:end]
        stripped = piece.strip()
        if stripped:
            offset = start + piece.index(stripped)
            parts.append(Part(offset, offset + len(stripped)))
        start = max(start, next_start)
    return parts


def _words_proper(text: str) -> str:
    """The part folded, without the joining words and greetings it opens with."""
    return _LEAD.sub("", _folded(text).strip())


def _only_polite(text: str) -> bool:
    """A request only by its "please": no verb or count asks for anything."""
    said = _words_proper(text)
    return not _REQUEST_OPENING.match(said) and not _ASKS_FOR_IT.search(_POLITE.sub(" ", said))


def kind_of(text: str) -> Kind:
    """A question opens with a question word, asks how much, or ends with a question mark (a
    fragment aside); a request opens with a verb asking the shop to act, or asks for something
    in so many words."""
    said = _words_proper(text)
    if _OPENS_WITH_INTERROGATIVE.match(said) or _ASKS_ANYWHERE.search(said):
        return Kind.QUESTION
    asked = text.rstrip().endswith("?")
    if asked and _OPENS_A_QUESTION.match(said):
        return Kind.QUESTION
    words = len(said.split())
    if (
        asked
        and words >= _STATEMENT_QUESTION_WORDS
        and (_A_VERB.search(said) or words >= _SENTENCE_WORDS)
    ):
        return Kind.ASKED
    if _REQUEST_OPENING.match(said) or _ASKS_FOR_IT.search(said):
        return Kind.REQUEST
    return Kind.CONTEXT


_ASKING = frozenset({Kind.QUESTION, Kind.ASKED})


@dataclass
class _Request:
    start: int
    end: int
    kind: Kind


async def requests_in(text: str, parse: Parse | None = None) -> list[str]:
    """The message as the requests it makes, in order; the message itself when it makes one.
    `parse` (the intent model) is asked only about parts whose words ask for nothing in so
    many words: "The green polo in L", "Un sencha et un matcha de 30 g." are adds."""
    if text.startswith("/"):  # a button's payload
        return [text]
    parts = candidate_parts(text)
    if len(parts) < 2:
        return [text]
    kinds = [kind_of(text[part.start : part.end]) for part in parts]
    if parse is not None and len(set(kinds)) > 1:
        for number, (part, kind) in enumerate(zip(parts, kinds, strict=True)):
            if kind is Kind.CONTEXT and await _takes(parse, text[part.start : part.end]):
                kinds[number] = Kind.REQUEST
    requests: list[_Request] = []
    for part, kind in zip(parts, kinds, strict=True):
        last = requests[-1] if requests else None
        # "There is a backpack? The most cheap one please": a request with no verb of its own
        # goes on with the question before it
        said = text[part.start : part.end]
        elliptic = kind is Kind.REQUEST and _only_polite(said)
        # "how do I make it? just add water?": a few words with no subject ask it again
        again = kind is Kind.ASKED and not _SUBJECT.search(_folded(said))
        if last is not None and (
            kind is Kind.CONTEXT
            or last.kind is Kind.CONTEXT  # what came first was only its context
            or (kind is Kind.REQUEST and last.kind is Kind.REQUEST)
            or (again and last.kind in _ASKING)
            or (elliptic and last.kind in _ASKING)
        ):
            last.end = part.end
            if last.kind is Kind.CONTEXT:
                last.kind = kind
            continue
        requests.append(_Request(part.start, part.end, kind))
    if len(requests) < 2:
        return [text]
    return [text[request.start : request.end] for request in requests]


async def _takes(parse: Parse, text: str) -> bool:
    """The intent model surely reads the part as a change to the cart (a model that fails to
    read it leaves the part with the others: the dialogue reads the message whole)."""
    try:
        intent = (await parse(text)).get("intent") or {}
    except Exception:  # whatever the model raises, the message goes on
        log.exception("reading a part of a message failed")
        return False
    return intent.get("name") in _CART_INTENTS and (intent.get("confidence") or 0.0) >= _SURE
