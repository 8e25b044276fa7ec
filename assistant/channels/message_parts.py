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
Where a message may be cut is message_cuts.py; thanks and remarks around a choice, remarks.py.
Imports: the standard library only (the channels run in Rasa's venv, the tests in the project's).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from assistant.channels.message_cuts import JOINED_AT, Part, candidate_parts
from assistant.channels.part_reading import (
    A_SENTENCE,
    REFINEMENT,
    SEARCH,
    SURE,
    VARIANT_ENTITIES,
    Parse,
    entity_kinds,
    read_once,
    read_part,
)
from assistant.channels.remarks import a_choice_alone, the_choice_alone, without_thanks
from assistant.nlu.utterance_kind import (
    ASKING,
    DECIDES,
    PRONOUN,
    SUBJECT,
    Kind,
    folded,
    kind_of,
    only_polite,
    takes_it_alone,
)

# Intents that make a part with no request word a request of its own ("The green polo in L"):
# the model reads adds and removals well; what it calls a search or a question in a sentence of
# context ("it's getting cold up here") is often wrong.
_CART_INTENTS = frozenset({"add_to_cart", "remove_from_cart"})

# "Is it loose leaf? If so, grab me the 250 g bag.", "Keen on the red one if so.", "Sinon, des
# chaussettes en laine ?": a request on the condition of the answer before it. It is a request
# of its own, however few its words, and the model reads it without the condition.
_IF_YES = (
    r"if so|if yes|if they do|if it does|si oui|si c'est le cas|dans ce cas|"
    # "if it's decent", "si c'est correct": the answer's yes, in a word
    r"(?:if (?:it is|it's|its|they are|they're|theyre)|si c'est|si c est|si ca va)(?: \w+)?"
)
_IF_NOT = r"if not|otherwise|si non|sinon"
_CONDITION = (
    rf"{_IF_YES}|{_IF_NOT}|either way|anyway|anyways|regardless|dans les deux cas|quand meme|"
    r"de toute facon|peu importe"
)
_OPENING_CONDITION = re.compile(rf"^\W*(?:{_CONDITION})(?![\w'-])\W*", re.IGNORECASE)
_CLOSING_CONDITION = re.compile(rf"[\s,;]+(?:{_CONDITION})\W*$", re.IGNORECASE)
_SAID_IF_YES = re.compile(rf"^\W*(?:{_IF_YES})(?![\w'-])|[\s,;]+(?:{_IF_YES})\W*$")
_SAID_IF_NOT = re.compile(rf"^\W*(?:{_IF_NOT})(?![\w'-])|[\s,;]+(?:{_IF_NOT})\W*$")
# The slot the dialogue keeps the last answer's "yes", "no" or "unknown" in.
VERDICT_SLOT = "answer_verdict"


def _conditional(text: str) -> bool:
    said = folded(text)
    return bool(_OPENING_CONDITION.match(said) or _CLOSING_CONDITION.search(said))


def answer_wanted(text: str) -> str | None:
    """The answer a request said on a condition waits for: "yes" ("If so, grey in L"), "no"
    ("Sinon, des chaussettes"), or None (no condition, or "either way")."""
    said = folded(text)
    if _SAID_IF_YES.search(said):
        return "yes"
    if _SAID_IF_NOT.search(said):
        return "no"
    return None


def without_condition(text: str) -> str:
    """The request without the condition it was said on ("If so, grey in L please." -> "grey
    in L please.", "Chuck them in if so." -> "Chuck them in.")."""
    kept = _OPENING_CONDITION.sub("", text)
    closing = _CLOSING_CONDITION.search(kept)
    if closing is not None:
        ending = "." if kept.rstrip().endswith(".") else ""
        kept = kept[: closing.start()] + ending
    return kept.strip() or text


@dataclass
class _Request:
    start: int
    end: int
    kind: Kind


@dataclass(frozen=True)
class Request:
    text: str
    # the answer the request waits for: "yes" for "If so, grey in L", "no" for "Sinon, …"
    on_answer: str | None = None


async def requests_made(text: str, parse: Parse | None = None) -> list[Request]:
    """The message as the requests it makes, in order, each with the answer it waits for; the
    message itself when it makes one. `parse` (the intent model) is asked only about parts
    whose words ask for nothing in so many words: "The green polo in L", "Un sencha et un
    matcha de 30 g." are adds."""
    if text.startswith("/"):  # a button's payload
        return [Request(text)]
    parse = read_once(parse) if parse is not None else None
    parts = candidate_parts(text)
    asked_after_a_choice: set[Part] = set()
    if parse is not None:
        split = [await _choice_then_question(parse, text, part) for part in parts]
        parts = [piece for pieces in split for piece in pieces]
        asked_after_a_choice = {pieces[-1] for pieces in split if len(pieces) > 1}
    kinds = [
        Kind.QUESTION if part in asked_after_a_choice else kind_of(text[part.start : part.end])
        for part in parts
    ]
    thanked = without_thanks(text, parts, kinds)
    if thanked is not None:
        parts, kinds = thanked
    trimmed = thanked is not None  # a part left out: what is left is said on its own
    if parse is not None and len(parts) > 1:
        told = await _without_the_story(parse, text, parts, kinds)
        if told is not None:
            parts, kinds = told
            trimmed = True
    if parse is not None and (len(parts) > 1 or "," in text):
        choice = await the_choice_alone(parse, text, parts, kinds)
        if choice is not None:
            return [Request(choice)]
    if len(parts) < 2:
        return [Request(text[parts[0].start : parts[0].end] if trimmed else text)]
    for number, (part, following) in enumerate(pairwise(parts)):
        said = text[part.start : part.end]
        if (
            kinds[number] is Kind.CONTEXT
            and said.rstrip().endswith("?")
            and _conditional(text[following.start : following.end])
        ):
            kinds[number] = Kind.ASKED  # "Et le blanc ? Si oui, un blanc en S": asked first
    if parse is not None:
        for number, part in enumerate(parts):
            said = text[part.start : part.end]
            if kinds[number] is Kind.CONTEXT and await _asks_a_detail(parse, said):
                kinds[number] = Kind.ASKED
    if parse is not None and len(set(kinds)) > 1:
        for number, (part, kind) in enumerate(zip(parts, kinds, strict=True)):
            said = text[part.start : part.end]
            # what a question about "it" is asked of ("Et le Nova 8 vert en 128 Go, il coûte
            # combien ?") is its topic, whatever the model reads in it alone
            if kind is Kind.CONTEXT and not part.topic and await _takes(parse, said):
                kinds[number] = Kind.REQUEST
    requests: list[_Request] = []
    topic: Part | None = None
    for part, kind in zip(parts, kinds, strict=True):
        if part.topic and kind is Kind.CONTEXT:
            # "Trois sachets. Et le rooibos, il a une réduction ?": the rooibos is what the
            # question after it asks about, not one more item of the request before
            topic = part
            continue
        if topic is not None:
            part, topic = Part(topic.start, part.end), None
        last = requests[-1] if requests else None
        said = text[part.start : part.end]
        conditional = last is not None and _conditional(said)
        if conditional and kind is Kind.CONTEXT:
            kind = Kind.REQUEST  # "Keen on the red one if so.": nobody says "if so" of context
        # "There is a backpack? The most cheap one please": a request with no verb of its own
        # goes on with the question before it when that asked for a kind ("If so, grey in L
        # please" stands alone, and so does "bleue 128 stp" after "elle pèse combien ?" or
        # "30g pls" after "where from?", which asked about the one in view)
        elliptic = (
            kind is Kind.REQUEST
            and only_polite(said)
            and not conditional
            and last is not None
            and await _asks_for_a_kind(parse, text[last.start : last.end])
        )
        if (
            last is not None
            and last.kind is Kind.REQUEST
            and _ASKS_WHAT_THERE_IS.match(folded(said))
        ):
            # "I need boots for the office in winter. What do you have?": the request asked
            # again, naming nothing of its own
            last.end = part.end
            continue
        if last is not None and await _chosen_before_a_product(parse, text, last, said):
            # "Grey. A mouse that doesn't click loudly too", "Blue please. And a tea the kids
            # can drink": the one in view chosen, then another product asked for
            last.kind = Kind.REQUEST
            requests.append(_Request(part.start, part.end, Kind.REQUEST))
            continue
        # "how do I make it? just add water?": a few words with no subject ask it again; "Et
        # l'autonomie ?", "…, and battery life?" ask one more thing
        joined = last is not None and JOINED_AT.search(folded(text[last.end : part.end]))
        again = kind is Kind.ASKED and not SUBJECT.search(folded(said)) and not joined
        if last is not None and (
            kind is Kind.CONTEXT
            or last.kind is Kind.CONTEXT  # what came first was only its context
            or (kind is Kind.REQUEST and last.kind is Kind.REQUEST)
            or (again and last.kind in ASKING)
            or (elliptic and last.kind in ASKING)
        ):
            last.end = part.end
            if last.kind is Kind.CONTEXT:
                last.kind = kind
            continue
        requests.append(_Request(part.start, part.end, kind))
    if len(requests) < 2:
        return [Request(text[requests[0].start : requests[0].end] if trimmed else text)]
    return [
        Request(without_condition(said), answer_wanted(said) if number else None)
        for number, said in enumerate(text[request.start : request.end] for request in requests)
    ]


# "What do you have?", "which ones you got?", "vous avez quoi ?", "que me proposez-vous ?": the
# shop asked for what it has, naming nothing
_ASKS_WHAT_THERE_IS = re.compile(
    r"^\W*(?:(?:so|and|then|alors|et|bon)\W+)?(?:"
    r"(?:what|wat|which(?: ones?)?|whatcha)\s+(?:(?:do|can|would|have|d'?)\s+)?"
    r"(?:you|u|ya|y'all|ye|you guys)\s+(?:(?:got|have got)|have|sell|offer|carry|stock|"
    r"recommend|suggest)(?:\s+(?:for me|then|there|in stock))?|"
    r"(?:qu'?est-ce que|qu'est ce que) vous (?:avez|proposez|vendez|me conseillez)|"
    r"vous (?:avez|proposez|vendez|me conseillez|conseillez) quoi|"
    r"qu'avez-vous|que (?:me )?(?:proposez|conseillez)-vous)\W*$"
)
# A question for a price: "how much?", "and the white price?", "c'est combien ?", "cb ?"
_ASKS_ITS_PRICE = re.compile(
    r"(?<![\w'-])(?:how much|price|prices|prix|cost|costs|combien|cb|coute|coutent|tarif)"
    r"(?![\w'-])[^,]*\?\s*$"
)
# What says a whole version to buy: a colour and a size, or a count with one of them.
_WHOLE_CHOICES = (frozenset({"color", "size"}), frozenset({"quantity", "color"}),
                  frozenset({"quantity", "size"}))  # fmt: skip


async def _choice_then_question(parse: Parse, text: str, part: Part) -> list[Part]:
    """ "Green 128 GB, how much?", "Okay, grey 128 GB, and price?", "White M two packs, and the
    white price?": a whole version said, then its price asked after a comma: the version is
    bought, the price answered after. Not another question ("Les grises en 41, elles sont en
    action ?", "la noire en M, vous l'avez ?" ask about the version) nor a topic already cut."""
    said = text[part.start : part.end]
    commas = list(re.finditer(r"\s*,\s+", said))
    if part.topic or not commas:
        return [part]
    comma = commas[-1]
    before, after = said[: comma.start()], said[comma.end() :]
    if not _ASKS_ITS_PRICE.search(folded(after)):
        return [part]  # "la noire en M, vous l'avez ?" asks whether it is there: no purchase
    parsed = await read_part(parse, before)
    if parsed is None or not any(whole <= entity_kinds(parsed) for whole in _WHOLE_CHOICES):
        return [part]
    return [
        Part(part.start, part.start + comma.start()),
        Part(part.start + comma.end(), part.end),
    ]


_STORY_WORDS = 5
# What the model reads in a story told before a request: no shop action of its own
_STORY_INTENTS = frozenset(
    {
        "nlu_fallback",
        "greet",
        "goodbye",
        "thank",
        "out_of_scope",
        "bot_challenge",
        "help",
        "search_flight",
        "order_status",
        "order_meal",
    }
)


async def _without_the_story(
    parse: Parse, text: str, parts: list[Part], kinds: list[Kind]
) -> tuple[list[Part], list[Kind]] | None:
    """The parts without the story told before a product is named ("My sister just bought her
    first condo and I want to bring a nice food gift. Any big olive oil?", "Je veux commencer
    le footing à la plage. Vous avez des chaussettes de course ?"): its "I want to…" reads as a
    request, but the model finds no product, colour, size or count in it and no shop action,
    and searched alone it finds what its words happen to say. None when no part is one."""
    kept: list[tuple[Part, Kind]] = []
    named_later = dropped = False
    for part, kind in reversed(list(zip(parts, kinds, strict=True))):
        if dropped and kind is Kind.CONTEXT:
            continue  # "Hello!" before the story: a request is one stretch of the message
        parsed = await read_part(parse, text[part.start : part.end])
        if parsed is None:
            return None
        found = entity_kinds(parsed) - {"language"}
        intent = (parsed.get("intent") or {}).get("name")
        said = folded(text[part.start : part.end])
        # a story is told in sentences ("I want to…", "my sister bought…"); "power bank pls"
        # or "Parfait, deux paquets." the model read nothing in are still what is bought
        told = A_SENTENCE.search(said) is not None and len(said.split()) >= _STORY_WORDS
        dropped = (
            kind is Kind.REQUEST and named_later and not found and told and intent in _STORY_INTENTS
        )
        if dropped:
            continue
        named_later = named_later or "product" in found
        kept.append((part, kind))
    if len(kept) == len(parts):
        return None
    kept.reverse()
    return [part for part, _ in kept], [kind for _, kind in kept]


async def _chosen_before_a_product(
    parse: Parse | None, text: str, last: _Request, said: str
) -> bool:
    """The request so far only chooses a colour or size for the product in view, with no verb,
    or only takes it ("Ok take that."), and the part after it names a product: two requests,
    not one list."""
    chosen = text[last.start : last.end]
    if parse is None:
        return False
    # "Ok take that. Also a small keyboard…", "ok 1. also lan cable 5m": the one in view taken
    taken = takes_it_alone(chosen)
    if not taken and last.kind is Kind.REQUEST and not only_polite(chosen):
        return False  # "Add white set. Also espresso beans…": a list of adds, read whole
    if not taken and not await a_choice_alone(parse, chosen):
        return False
    parsed = await read_part(parse, said)
    # the model tags few products in a part of their own ("and two pairs of running socks"): a
    # search read in it is one too
    return parsed is not None and (
        "product" in entity_kinds(parsed) or (parsed.get("intent") or {}).get("name") == SEARCH
    )


async def _asks_for_a_kind(parse: Parse | None, question: str) -> bool:
    """The question asks for a kind of product ("There is a backpack?"), not about the one in
    view ("elle pèse combien ?", "where from?"): it says no pronoun, and the model finds a
    product in it (without the model, only the pronoun is read)."""
    if _ABOUT_ONE_IN_VIEW.search(folded(question)):
        return False
    if parse is None:
        return True
    parsed = await read_part(parse, question)
    if parsed is None:
        return True  # the parts stay as the words read them
    return "product" in entity_kinds(parsed)


# A question whose subject is the product in view: "elle pèse combien ?", "is it wireless?"
_ABOUT_ONE_IN_VIEW = re.compile(rf"(?<![\w'-])(?:{PRONOUN})(?![\w'-])")
# What a few words ending with "?" name when they narrow a list ("In black?", "earbuds?") rather
# than ask about the product in view ("stretchy?", "headphone jack?" asks a detail).
_NARROWING_ENTITIES = frozenset({"color", "size", "product", "price", "quantity", "brand"})


# "Espresso cups maybe?": a kind suggested, to be looked for, not a detail of the one in view
_SUGGESTS = re.compile(
    r"(?<![\w'-])(?:maybe|perhaps|or something|peut-etre|ou quelque chose)(?![\w'-])"
)


async def _asks_a_detail(parse: Parse, text: str) -> bool:
    """A few words ending with "?" that the model finds no colour, size, product, price or
    count in: "stretchy?", "waterproof?", "cashmere in it?" ask about the product in view."""
    if not text.rstrip().endswith("?") or _SUGGESTS.search(folded(text)):
        return False
    parsed = await read_part(parse, text)
    return parsed is not None and not entity_kinds(parsed) & _NARROWING_ENTITIES


_A_MEASURE = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)?\s?(?:g|kg|ml|cl|l|m|cm|gb|go|tb|to)(?![\w'-])")
# A choice put right: "actually the 100g", "no black, sorry", "non attends, le noir".
_CORRECTS = re.compile(
    r"^\W*(?:actually|no|nope|nah|wait|sorry|oops|non|attends?|oups|pardon|finalement|en fait)"
    r"(?![\w'-])|(?<![\w'-])(?:i meant|sorry|je voulais dire|plutot)(?![\w'-])"
)


def _put_right_before_a_remark(text: str, parsed: Mapping[str, Any]) -> bool:
    """A colour or size put right in a few words before the first comma, what follows it a
    remark: "Actually L, I've been eating well.", "Non, le noir, c'est pour mon frère."."""
    comma = text.find(",")
    clause = folded(text[:comma]) if comma > 0 else ""
    if not clause or len(clause.split()) > 4 or not _CORRECTS.search(clause):
        return False
    return (
        any(
            found.get("entity") in VARIANT_ENTITIES and (found.get("end") or len(text)) <= comma
            for found in parsed.get("entities") or []
        )
        or _A_MEASURE.search(clause) is not None
        or _A_SIZE_SAID.search(clause) is not None  # "L", which the model may not tag alone
    )


# A letter size or a shoe size, as typed: "actually L", "non, 43".
_A_SIZE_SAID = re.compile(r"(?<![\w'-])(?:x{0,3}s|m|x{0,3}l|[1-5]\d)(?![\w'-])")


# Words a colour or size said alone goes with: "Yellow pair.", "Small one.", "le bleu alors".
_WITH_A_CHOICE = frozenset(
    """the a an one ones pair pairs then please pls ok okay size in le la les l un une en taille
    paire paires alors svp stp bon""".split()
)


def _only_the_choice(text: str, parsed: Mapping[str, Any]) -> bool:
    """The part says a colour or size the model tagged and only words that go with one."""
    kept = text
    for found in parsed.get("entities") or []:
        if found.get("entity") in VARIANT_ENTITIES and isinstance(found.get("start"), int):
            kept = (
                kept[: found["start"]]
                + " " * (found["end"] - found["start"])
                + kept[found["end"] :]
            )
    words = re.findall(r"[a-z0-9']+", folded(kept).lower())
    return len(folded(text).split()) <= _CHOICE_ALONE_WORDS and all(
        word in _WITH_A_CHOICE or _SIZE_WORD.fullmatch(word) for word in words
    )


# A size said in a word the model may not tag alone: "Large.", "Small one.", "petite".
_SIZE_WORD = re.compile(
    r"(?<![\w'-])(?:small|medium|large|x{0,3}s|m|x{0,4}l|petite?|moyenne?|grande?)(?![\w'-])"
)


_CHOICE_ALONE_WORDS = 4

# "… is OK", "… works", "… ça ira": a choice said to be fine.
_SAID_FINE = re.compile(
    r"(?<![\w'-])(?:(?:is|are|'s|s) (?:ok|okay|fine|good|great|alright|perfect)|works|will do|"
    r"does it|c'est bon|c est bon|(?:ca|ça) (?:ira|va|marche|me va))(?![\w'-])"
)

# "Black 42 it is then.", "I prefer the bottle then, black, 500 ml.": words that say a choice
# made, no sentence about anything else
_SAID_CHOSEN = re.compile(
    r"(?<![\w'-])(?:it is|it's|that's it|i(?:'d| would)? prefer|i(?:'ll| will)? go (?:with|for)|"
    r"je prefere|ce sera)(?![\w'-])"
)

# A version pointed at with "the", "le", "those": "And the white mouse.", "The green trail ones
# in 46 it is.", "the black slip-ons in size 39 for my wife".
_THE_ONE_POINTED = re.compile(
    r"^\W*(?:(?:ok|okay|nice|right|great|perfect|and|so|then|et|alors|bon|parfait|super)\W+)*"
    r"(?:(?:the|those|these|le|la|les|ces|celle|celui|celles|ceux)(?![\w-])|l')"
)
# "…, it is", "c'est ça": the choice confirmed, nothing told of it.
_IT_IS = re.compile(r"(?<![\w'-])(?:it is|it's|that's|that is|c'est|ce sera|ca sera)(?: ca)?\W*$")


# "Two jars of pesto", "one family tin and …", "trois paquets": how many of something, said
# first; "one more thing", "one question" count no item.
_COUNTED_FIRST = re.compile(
    r"^\W*(?:(?:ok|okay|and|then|so|et|alors|bon)\W+)*(?:[1-9]|one|two|three|four|five|six|"
    r"deux|trois|quatre|cinq|six)\s+(?!(?:more|last|other|thing|things|question|questions|"
    r"autre|autres|chose|choses|question|questions|derniere|dernier|moment|minute|sec|"
    # "2 much lol", "2 expensive": "too", texted
    r"much|many|expensive|pricey|dear|big|small|late|bad|good|long|cher|chere|chers)(?![\w'-]))"
    r"[a-z]"
)


def _counts_items(text: str) -> bool:
    """The part opens on how many of something, asks nothing and tells nothing of it: an
    order ("One family tin and two lemon oil bottles. The tin is how many litre?")."""
    said = folded(text)
    return "?" not in text and bool(_COUNTED_FIRST.match(said)) and not A_SENTENCE.search(said)


def _points_at_a_choice(text: str) -> bool:
    """The part points at a version of a product, asks nothing and tells nothing of it (no
    verb): the one chosen, whatever the question after it asks ("And the white mouse. Is
    the black one back in stock yet?")."""
    said = folded(text)
    if "?" in text or not _THE_ONE_POINTED.match(said):
        return False
    return not A_SENTENCE.search(_IT_IS.sub("", said))


async def _takes(parse: Parse, text: str) -> bool:
    """The intent model surely reads the part as a change to the cart, or as the choice of a
    colour or size (a model that fails to read it leaves the part with the others: the dialogue
    reads the message whole)."""
    parsed = await read_part(parse, text)
    if parsed is None:
        return False
    intent = parsed.get("intent") or {}
    said = entity_kinds(parsed)
    # "Then black is OK.", "white works", "le bleu ça ira": the choice said fine, no sentence
    sentence = A_SENTENCE.search(_SAID_CHOSEN.sub(" ", _SAID_FINE.sub(" ", folded(text))))
    decided = DECIDES.search(folded(text)) or _CORRECTS.search(folded(text))
    # a measure the model did not tag: "actually the 100g."
    variant = bool(said & VARIANT_ENTITIES) or _A_MEASURE.search(folded(text)) is not None
    if variant and decided and not sentence:
        # "noooo ok purple small then.", "actually the 100g.", "no black, sorry.": decided or
        # put right, however unsure the model's intent
        return True
    if _put_right_before_a_remark(text, parsed):
        return True  # "Actually L, I've been eating well.": the size put right, then why
    if (variant or _SIZE_WORD.search(folded(text))) and _only_the_choice(text, parsed):
        return True  # "Yellow pair.", "Small one.", "Large.": the variant, whatever the intent
    if (variant and _points_at_a_choice(text)) or _counts_items(text):
        # "The green trail ones in 46 it is.", "L'extra vierge en 500 ml.", "One family tin
        # and two lemon oil bottles."
        return True
    if (intent.get("confidence") or 0.0) < SURE:
        return False
    if intent.get("name") in _CART_INTENTS:
        return True
    # "Dommage. La noire alors. Elle tient combien d'heures ?": a colour or size said alone
    # picks the variant to buy (or narrows the list), whatever is asked after it; said in a
    # sentence ("She is size S. You have in green?") it is what the question goes on from
    # "Et des claquettes pour la piscine, pointure 38, en blanc. Ça fait combien au total ?":
    # a product described with its size is one to buy
    picks = (intent.get("name") == REFINEMENT and bool(said & VARIANT_ENTITIES)) or (
        intent.get("name") == SEARCH and "size" in said
    )
    return picks and not sentence
