"""Build a catalog query from the latest message's entities and the conversation's context."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from typing import Any

from assistant.conversation.product_questions import allergen_family
from assistant.kernel.money import MoneyError, to_minor
from catalog.categories import head_segment, lexicon, units
from catalog.colours import is_colour_name
from catalog.search import PriceOrder, SearchQuery
from catalog.text import fold, going_on_end

PAGE_SIZE = 5
_NUMBER = re.compile(r"\d+(?:[.,]\d{1,2})?")
# "cheaper", "less expensive", "moins cher", "pas trop cher", "moins onéreux", "too pricey".
_CHEAPER = re.compile(
    r"cheap|less expensive|too (?:expensive|pricey|much)|lower price|moins ch[eè]r|"
    r"trop ch[eè]r|moins on[eé]reu|petit prix|budget",
    re.IGNORECASE,
)


# The conversational part of a request, English and French, taken out before searching:
# greetings, "I'm looking for", "do you have", "please", and price limits (filters, not words).
# "je", as shoppers text it before a verb: "jcherche", "j'veux", "jprends"
_I = r"(?:je\s+|j['’]\s*|j)"
_FILLER = re.compile(
    r"(?<!\w)(?:hi+|hello+|hey+|hiya|bonjour|bonsoir|salut|coucou|please|pls|plz|thanks|thank you|"
    r"(?:can|could|would) (?:u|you)(?= add| put| get| give| grab| find)|"
    r"svp|stp|s'il vous pla[iî]t|s'il te pla[iî]t|merci|ok|okay|alright|so|well|hmm|um|"
    r"alors|bon|euh|ben|bah|en fait|du coup|vas-y|ptet|sorry|oops|pardon|d[ée]sol[ée]|"
    r"tant pis|pas grave|dommage|never mind|nevermind|no worries|oh well|"
    r"if so|if yes|if not|if they are|if it is|if it's|si oui|si non|sinon|either way|"
    r"what'?s|what is|what are|your|votre|vos|c'est quoi|"
    r"i'?m looking for|i am looking for|looking for|i look for|i search(?: for)?|i seek|"
    r"i'?m after|i need|we need|needs?|i want|"
    r"wants?|veut|voudrait|"
    r"i'?d like|"
    r"i would like|i'?m searching for|searching for|"
    r"do (?:you|u) (?:guys )?(?:have|sell|carry|stock)|"
    r"do you guys have|"
    r"have you got|you got|got any|can you show me|can i see|can i get|could you show me|"
    r"show me|find me|give me|get me|for me|any|some|something|anything|kindly show|show|"
    r"(?:would|do|can) (?:you|u) (?:guys )?(?:suggest|recommend)|"
    r"(?:savez|pouvez|pourriez)-vous me montrer|me montrer|"
    r"(?:me )?(?:conseillez|proposez|recommandez)-vous|"
    rf"{_I}cherche|on cherche|{_I}recherche|je me cherche|je magasine|je suis [aà] la recherche d'|"
    rf"je suis [aà] la recherche de|{_I}voudrais|j'?aimerais|{_I}veux|je souhaite|"
    r"il (?:me|lui) faut|il (?:me|lui) faudrait|j'(?:ai|aurais) besoin(?: aussi)? d'|"
    r"(?:il|elle|on) (?:a|aurait) besoin(?: aussi)? d'|(?:il|elle|on) (?:a|aurait) besoin de|"
    r"(?:a|aurait) besoin(?: aussi)? d'|(?:a|aurait) besoin de|"
    r"(?:savez|pouvez|pourriez)-vous me conseiller|vous me conseillez|tu me conseilles|"
    r"j'(?:ai|aurais) besoin(?: aussi)? de|vous avez|avez-vous|vous auriez|auriez-vous|"
    r"que me (?:conseillez|proposez|recommandez)-vous|what would you (?:recommend|suggest)|"
    r"what do you (?:recommend|suggest)|"
    r"y'as-tu|y'a-tu|t'as-tu|as-tu|vendez-vous|"
    r"tu as|t'as|tu aurais|vous vendez|montrez-moi|montre-moi|montrez moi|montre moi|"
    r"pour moi|quelque chose|une fois|des|du|de la|un|une|"
    r"allo|all[oô]|morning|good morning|cool|gimme|i'?ll take|i'?ll grab|i'?ll have|"
    r"i (?:will|shall) (?:take|have|get|grab)|je (?:le |la |les )?prendrai|"
    r"can i have|could i get|could i have|let me get|"
    rf"{_I}prends|{_I}vais prendre|{_I}vais en prendre|"
    r"throw in|chuck in|toss in|pop in|stick in|"
    r"mets-moi|mettez-moi|savez-vous me mettre|pis|could you add|can you add|add|"
    r"(?:savez|pouvez)-vous (?:aussi |me |m'|nous )?(?:ajouter|rajouter|mettre)|"
    r"(?:peux|sais)-tu (?:aussi |me |m'|nous )?(?:ajouter|rajouter|mettre)|ajouter|rajouter|"
    r"ajoute|ajoutez|rajoute|rajoutez|mettez|too|as well|also|aussi|right|"
    r"in my (?:basket|cart)|to my (?:basket|cart)|dans mon panier|au panier)"
    r"(?:(?<=')|(?!\w))",  # "j'ai besoin d'" ends on its apostrophe, the next word glued
    re.IGNORECASE,
)
# A word of praise opening the message says how the shopper feels, not what they want:
# "sweet, I'll take the red one" is no chocolate; "sweet snacks" still is.
_PRAISE_OPENING = re.compile(
    r"^\W*(?:sweet|awesome|nice|great|perfect|lovely|brilliant|smashing|super|parfait|"
    r"g[ée]nial|top|ripper|beaut|grand|excellent|wonderful|fab|fantastic|splendid)\s*[,!.]+\s*",
    re.IGNORECASE,
)
_CURRENCY = r"(?:€|eur|euros?|balles|piasses?|\$|dollars?|bucks|£|quid|pounds?)"
_AMOUNT_SAID = r"(?:[€$£]\s?)?\d+(?:[.,]\d{1,2})?"
# A price limit needs a cue (a limit word before it, or a currency): "under 50", "40 balles max",
# "$20". A bare number is a size or a model ("in 38", "WorkPro 15") and stays.
_PRICE_LIMIT = re.compile(
    r"(?<!\w)(?:(?:(?:nothing|not|no|rien|pas) )?(?:under|below|less than|max|maximum|up to|within|"
    r"at most|no more than|cheaper than|"
    r"over|above|more than|at least|between|moins de|sous|pas plus de|maxi|jusqu'à|jusqu'a|"
    r"entre|plus de|au moins|à partir de|a partir de)\s+"
    # "max 90e": euros as texted, after a limit word only ("3e" alone is a rank)
    rf"{_AMOUNT_SAID}(?:\s?{_CURRENCY}|e)?(?:\s+(?:and|et|to|à|a)\s+{_AMOUNT_SAID}"
    rf"(?:\s?{_CURRENCY})?)?"
    rf"|[€$£]\s?\d+(?:[.,]\d{{1,2}})?|\d+(?:[.,]\d{{1,2}})?\s?{_CURRENCY})"
    r"(?:\s?(?:max|maxi|maximum|tops|grand max))?(?!\w)",
    re.IGNORECASE,
)
# Words of a refinement that ask to change a filter rather than describe a product.
_REFINING_WORDS = re.compile(
    r"(?<!\w)(?:cheaper|cheapest|cheap|less expensive|more expensive|pricier|expensive|"
    r"another|other|others|different|colou?rs?|sizes?|brands?|ones?|still|even|instead|"
    r"more|much|less|"
    r"what about|how about|and in|in|too|moins|plus|cher|ch[eè]re|chers|autres?|couleurs?|"
    r"cheapest|least|lowest|price|prix|pas|bon|march[eé]|petit|"
    r"tailles?|marques?|encore|sinon|et en|en|plut[oô]t|trop|pas|no|not|nothing|rien|"
    r"than that|que [çc]a|the|le|la|les|l')(?!\w)",
    re.IGNORECASE,
)
# "Your cheapest jeans", "le moins cher": the matches by price, not by closeness.
_CHEAPEST = re.compile(
    r"cheapest|least expensive|lowest price|(?:le|la|les) moins ch[eè]re?s?(?!\w)|"
    r"pas ch[eè]re?s?(?!\w)|petit prix|bon march[eé]|"
    r"(?<!\w)(?:cheap|inexpensive|affordable|budget)(?!\w)",
    re.IGNORECASE,
)
# "Is any tea on sale?", "des souliers en spécial": only what is sold below its regular price.
_ON_SALE = re.compile(
    r"(?<!\w)(?:on sale|on offer|on special|discount|discounted|discounts|reduced|markdowns?|"
    r"deals?|en promo|en promotion|en promos|promos?|en solde|en soldes|soldes|sold[eé]e?s?|"
    r"en sp[eé]cial|en rabais|rabais|en r[eé]duction|prix r[eé]duits?|remise)(?!\w)",
    re.IGNORECASE,
)
# "The most expensive jacket", "le portable le plus cher": the matches, dearest first.
_DEAREST = re.compile(
    r"most expensive|priciest|dearest|highest price|(?:le|la|les) plus ch[eè]re?s?(?!\w)|"
    r"plus haut de gamme",
    re.IGNORECASE,
)
_PRICIER = re.compile(
    r"more expensive|pricier|higher end|high end|premium|plus cher|plus ch[eè]re|"
    r"haut de gamme|mieux",
    re.IGNORECASE,
)


_MIN_CUE = re.compile(
    r"(?<!nothing )(?<!not )(?<!no )(?<!rien )(?<!pas )"
    r"(?:over|above|more than|at least|from|plus de|au moins|à partir de|a partir de)\s*$",
    re.IGNORECASE,
)
_NUMBER_IN = re.compile(r"\d+(?:[.,]\d{1,2})?")


def prices_in_text(text: str, currency: str) -> list[tuple[str, int]]:
    """Price limits the NLU left untagged ("40 balles max", "moins de 100 €"): (role, amount).
    A limit word like "over" makes a minimum; anything else is a budget, a maximum."""
    found = []
    for match in _PRICE_LIMIT.finditer(text):
        first = _NUMBER_IN.search(match.group())
        before = text[: match.start()] + match.group()[: first.start() if first else 0]
        role = "min" if _MIN_CUE.search(before) else "max"
        for number in _NUMBER_IN.findall(match.group()):
            amount = price_minor(number, currency)
            if amount is not None:
                found.append((role, amount))
    return found


# "Do they come in black?", "how cold can they handle", "est-ce que…": questions, whose words
# describe no product to add to the search.
_QUESTION_OPENER = re.compile(
    r"^\s*(?:is|are|does|do|did|can|could|will|would|how|what|which|where|when|why|who|"
    r"est-ce|combien|comment|quel|quelle|quels|quelles|pourquoi|o[uù]|c'est|il est|elle est|"
    r"ils sont|elles sont|il a|elle a|y a|vous avez|avez-vous|tu as|t'as)\b",
    re.IGNORECASE,
)


def asks_for_other_prices(text: str) -> bool:
    """ "Anything cheaper?", "nothing cheaper than that?", "plus cher ?", "something under
    100?": a refinement or a search, whatever product is in view."""
    return bool(_CHEAPER.search(text) or _PRICIER.search(text) or says_a_budget(text))


def says_a_budget(text: str) -> bool:
    """ "Something under 100?", "max 50 balles": a price limit, which only a search uses."""
    return _PRICE_LIMIT.search(text) is not None


# An article opening the message, after "and", "also", "+"...: something new is described
# ("and a gaming mouse", "+ une batterie externe", "et des chaussettes en laine").
_INTRODUCES = re.compile(
    r"^\W*(?:(?:and|also|plus|then|now|ok|et|aussi|puis|pis|bon|bah|alors)\W+)*\+?\s*"
    r"(?:a|an|some|any|un|une|des|du|de la|de l')(?:\s|(?<=')\w)",
    re.IGNORECASE,
)


def introduces_an_item(text: str) -> bool:
    """The message opens on a new item: "and a gaming mouse", "+ une batterie externe"."""
    return _INTRODUCES.match(text) is not None


# Words that open what a shopper asks for, after whatever they told first ("I take the train
# every day and I would like something that keeps my coffee hot").
_REQUEST_CUE = re.compile(
    r"(?<!\w)(?:i would like|i'?d like|i need|we need|i want|i'?m looking for|i am looking for|"
    # "I look for jeans for woman", "I search a charger": said by a learner
    r"looking for|i look for|i search(?: for)?|i seek|i'?m searching(?: for)?|"
    r"do (?:you|u|youse) (?:guys )?(?:have|sell|carry|stock|do)|have you got|is there|"
    # whoever needs it: "my lad needs a laptop", "My Lola wants a water bottle"
    # not "la daronne veut que je cuisine", "she wants me to": what someone wants done
    r"(?:needs?|wants?|veut|voudrait)(?!\s+(?:que|qu'|me|us|him|her|them|to)(?!\w))|"
    r"(?:you )?got any|^\W*any|"
    rf"{_I}cherche|{_I}recherche|on cherche|je me cherche|je magasine|je suis [aà] la recherche|"
    r"il me faut|il me faudrait|il lui faut|il lui faudrait|j'ai besoin|j'aurais besoin|"
    r"(?:a|aurait) besoin|vous auriez|"
    r"(?:savez|pouvez|pourriez)-vous me conseiller|vous me conseillez|tu me conseilles|"
    r"(?:savez|pouvez|pourriez)-vous me montrer|montrez-moi|(?:can you |could you )?show me|"
    r"que me (?:conseillez|proposez|recommandez)-vous|what (?:do|would) you (?:recommend|suggest)|"
    rf"{_I}voudrais|j'?aimerais|{_I}veux|vous avez|avez-vous|auriez-vous|vous vendez|"
    # "… is vegan. Which chocolate can she eat?": which of a kind, asked
    r"vendez-vous|tu vends|which|what kind of|what type of|quels?|quelles?)(?!\w)",
    re.IGNORECASE,
)


# A shopper taking something, not only looking: "I'd like 2 …", "can I get …", "gimme …",
# "je vais prendre …", "mets-moi …". Asking to see, to know or for ideas is no purchase.
_BUYING = re.compile(
    r"(?<!\w)(?:i'?d like|i would like|i'?ll (?:also )?(?:take|have|grab|get)|i will (?:take|have)|"
    r"(?:can|could|may) (?:i|we) (?:get|have|grab)|gimme|give me|get me|let me (?:get|have)|"
    rf"i want|we'?ll (?:take|have)|{_I}vais prendre|{_I}prends|j'?en prends|{_I}voudrais|"
    rf"j'?aimerais|{_I}veux|mets-moi|mets moi|mettez-moi|mettez moi|me mettre|donne-moi|"
    rf"donnez-moi|{_I}vais (?:en )?prendre|mettez aussi|mets aussi|mettez-en|mets-en|"
    # "I'll stick with the Aero", "je pars sur le bleu": the one decided on
    r"(?:i'?ll|i will|let'?s) (?:stick|go) with|je (?:pars|reste) sur|j'?opte pour|je choisis)"
    r"(?!\w)"
    # a kind ("some salty snacks", "des baskets", "one for running") is looked at, not taken
    r"(?!\s+(?:to (?:see|know|look|ask|find)|see|voir|savoir|regarder|conna[iî]tre|"
    r"(?:some )?(?:advice|help|ideas?)|des (?:conseils|id[ée]es)|un conseil|de l'aide|"
    r"something|anything|quelque chose|de quoi|an? (?:idea|gift)|une id[ée]e|un cadeau|"
    r"some|any|des|du|de la|one for|un pour|une pour)(?!\w))",
    re.IGNORECASE,
)


def buys(text: str) -> bool:
    """The shopper says they take something ("hiya, I'd like 2 jars of pesto", "je vais
    prendre trois t-shirts"), not that they look for ideas or want to see a kind."""
    return _BUYING.search(text) is not None


_PUTS_IN = re.compile(
    r"(?<!\w)(?:add|put .* in (?:my |the |your )?(?:cart|basket|bag|trolley)|"
    r"(?:chuck|throw|pop|stick) .*in|ajoute[rsz]?|rajoute[rsz]?|"
    r"mets .* dans|mettez .* dans|(?:mets|mettez|met)[- ](?:en|moi|m'en|le|la|les)|"
    r"j(?:e |'|’)?\s*(?:l[ea] |les |l'|l’)?\s*prends|i'?ll (?:take|have|get|grab)|"
    # "I will take it", "je prendrai celui-là", "je vais les prendre": the future said
    r"i (?:will|shall) (?:take|have|get|grab)|i'?m (?:going to|gonna) (?:take|have|get|grab)|"
    r"je (?:l[ea] |les |l'|l’|en )?prendrai|j(?:e |'|’)?\s*vais (?:l[ea] |les |l'|l’|en )?prendre|"
    # "jle veux en noir", "jen veux 5": the one in view wanted, texted or not
    r"j(?:e |'|’)?\s*(?:l[ea] |les |l'|l’|en |['’]en |n )\s*(?:veux|voudrais|prends))(?!\w)",
    re.IGNORECASE,
)


def asks_to_put_in(text: str) -> bool:
    """ "Ajoute un sac", "jle prends", "+ une souris": words putting something in the cart."""
    return text.lstrip().startswith("+") or _PUTS_IN.search(fold(text)) is not None


# "And two squeeze bottles in black", "also a bag of penne", "et aussi 3 barres": one more
# item for the basket; with a question mark it asks whether the shop has it.
_ANOTHER_ITEM = re.compile(
    r"^\W*(?:(?:and|n|also|plus|then|et|aussi|pis|puis)\W+)+(?:a pair of\s+)?"
    r"(?:[1-9]|1\d|a|an|one|two|three|four|five|six|un|une|deux|trois|quatre|cinq|six)\s+[a-z]",
    re.IGNORECASE,
)


def adds_an_item(text: str) -> bool:
    """ "And two cropped hoodies in purple, size S", "also a bag of penne": one more item, for
    the basket."""
    return "?" not in text and _ANOTHER_ITEM.match(text) is not None


# "Do you sell smartwatches? I would like one": the shop is asked what it has first.
_ASKS_THE_SHOP = re.compile(
    r"(?<!\w)(?:do (?:you|u|youse) (?:guys )?(?:sell|have|carry|stock|do)|have you got|"
    r"vous (?:vendez|avez)|"
    r"avez-vous|vendez-vous|tu as|t'as)(?!\w)",
    re.IGNORECASE,
)
# "I need a classic tee in navy, size L and a basic crew neck in grey": a need, listed item by
# item, reads as an order of each.
_NEEDS = re.compile(r"(?<!\w)(?:i need|we need|il me faut|j'ai besoin)(?!\w)", re.IGNORECASE)


def orders(text: str) -> bool:
    """The message orders something: taken ("I'd like 2 jars of pesto"), put in ("could you add
    a power bank too?") or counted for the basket ("and two hoodies in purple, size S"); not
    when it asks whether the shop has it."""
    if _ASKS_THE_SHOP.search(text):
        return False
    return buys(text) or asks_to_put_in(text) or adds_an_item(text)


# "looking for chelsea boots size 43 black", "je cherche …", "show me …", "any …": the shopper
# asks to see, whatever else the message says.
_ASKS_TO_SEE = re.compile(
    r"(?<!\w)(?:look(?:ing)? for|search\w*|show|see|browse|any|got|options?|recommend\w*|"
    rf"suggest\w*|which|what|{_I}cherche|recherche\w*|montre\w*|voir|conseill\w*|propos\w*|"
    r"quel\w*|existe)(?!\w)",
    re.IGNORECASE,
)


def asks_to_see(text: str) -> bool:
    """The message asks to see or asks the shop, not only to have ("chelsea boots black 43")."""
    return _ASKS_TO_SEE.search(text) is not None or _ASKS_THE_SHOP.search(text) is not None


def states_a_need(text: str) -> bool:
    """ "Hey, I need …", "il me faut …": what the shopper needs, which may be listed."""
    return _NEEDS.search(text) is not None


def asks_for_something(text: str) -> bool:
    """The message says it wants something ("je cherche de quoi…", "I would like…")."""
    return _REQUEST_CUE.search(text) is not None


_POINTING_ONLY = re.compile(
    r"^\W*(?:(?:that|this|it|them|those|these|one|ones|any|anything|some|ca|cela|ceux|celles|"
    r"celui|celle|en|le|la|les|like|comme)\W*)*$",
    re.IGNORECASE,
)


def requested_part(text: str) -> str:
    """What a long message asks for: from a request's opening words to the end of its sentence,
    in the sentence that names a kind of product, or else says the most ("Good morning. I take
    the train every day and I would like something that keeps my coffee hot. Do you have
    anything like that?" -> "I would like something that keeps my coffee hot."). The whole
    message when no sentence opens a request."""
    parts = []
    for sentence in re.split(r"(?<=[.!?])\s+", text.strip()):
        cue = _REQUEST_CUE.search(sentence)
        if cue is None:
            continue
        # "What olive oils do you have?": the request closes its sentence, which it asks
        opened = sentence[cue.start() :] if searched_words(sentence[cue.start() :]) else sentence
        # "… like a satin one do u have that": a request pointing back opens nothing
        if not _POINTING_ONLY.match(searched_words(opened)):
            parts.append(opened)
    if not parts:
        return text
    asked = max(parts, key=lambda part: (_names_a_kind(part), len(searched_words(part).split())))
    if not searched_words(asked):
        return text  # "… la caféine m'empêche de dormir. Que me proposez-vous ?": all of it
    # A kind of product named only in what came before stays: "My phone dies every afternoon.
    # I need a new one with a battery that lasts." Not when the request names its own: "je vous
    # écris depuis mon natel : vous auriez un thé…" asks for tea.
    if _names_a_kind(asked):
        return asked
    lex = lexicon()
    said = {unit.words for unit in units(asked)}
    before = [
        " ".join(unit.words)
        for unit in units(text)
        if unit.concepts - lex.properties and unit.words not in said
    ]
    return " ".join([*before, asked])


def _names_a_kind(part: str) -> bool:
    """The part's searched words name a kind of product before any complement ("boots for
    hiking", not "something for my phone")."""
    described = searched_words(part)
    head = [unit for unit in units(described) if unit.position < head_segment(described)]
    return bool(lexicon().kinds(head))


# "not skinny", "Not bags", "without the camping ones", "pas les sachets", "sans noix": what
# follows the negation, up to three words before the phrase ends, its small words aside.
_NEGATION = re.compile(
    r"(?<![\w'-])(?:not|no|without|nothing|never|pas|sans|aucune?|ni)\s+"
    r"((?:(?:those|these|the|any|a|an|de|du|des|les|le|la|un|une)\s+|(?:d'|l')\s*)*)"
    r"([^\W\d_][\w'-]*(?:\s+[^\W\d_][\w'-]*){0,2})",
    re.IGNORECASE,
)
# Words after a negation that say no product: "not too expensive", "no worries", "pas trop
# cher", "not sure", "nothing under 50", "no more than", "not really".
_NOT_A_NAME = frozenset(
    """too so very really sure more less much only just yet anymore longer problem problems
    worries thanks thank please pls cheap cheaper expensive pricey dear big bigger small
    smaller fan idea rush hurry bad worse but else other trop cher chere chers cheres plus
    moins grave que autre autres over under above below than exceeding dessus dessous
    probleme merci vraiment encore besoin souci sur sure beaucoup tres assez mal
    eat have drink take manger boire prendre avaler""".split()
)


def negated(text: str) -> tuple[tuple[str, ...], str]:
    """The names a search must not show ("jeans, high-waisted but not skinny" -> ("skinny",))
    and the text without the negation. Not a negation making a dictionary phrase ("sans fil":
    wireless, "sans gluten"), what is no name ("not too dear", "pas cher"), a colour (a
    variant, not a product: "not the black one"), nor a "no" opening a sentence ("No, the
    blue one")."""
    unwanted: list[str] = []
    kept = text
    for found in _NEGATION.finditer(text):
        phrase = found.group(0)
        opening = not text[: found.start()].strip() or text[: found.start()].rstrip()[-1] in ".!?"
        said = found.group(2).split()
        if _names_an_allergen(said[0]):
            # "no nuts", "sans gluten": whatever lists the allergen is left out, and the
            # words stay to rank ("gluten free" pasta first)
            unwanted.append(said[0])
            continue
        if (
            (opening and fold(phrase).lower().startswith("no "))
            or any(unit.phrase for unit in units(phrase))
            or fold(said[0]).lower() in _NOT_A_NAME
            or is_colour_name(said[0])
        ):
            continue
        unwanted += [word for word in said if fold(word).lower() not in _NOT_A_NAME]
        kept = kept.replace(phrase, " ")
    return tuple(unwanted), " ".join(kept.split())


# "allergic to nuts", "nut-free", "allergique aux arachides", "intolérante au gluten": an
# allergen the products shown must not list, wherever in the message it is said.
_ALLERGY = re.compile(
    r"(?<![\w'-])(?:(?:allergic|allergy|intolerant|intolerance) to (?:the )?|"
    r"(?:can'?t|cannot|can not|doesn'?t|don'?t|does not|do not|must not|mustn'?t) "
    r"(?:eat|have|take|tolerate|digest) (?:any )?|free (?:of|from) (?:any )?|"
    r"(?:allergiques?|intolerante?s?|intolerance) (?:aux |au |a la |a l'|a |aux? )?|"
    r"ne (?:peut|peux|peuvent|mange|mangent|supporte|supportent|digere|digerent|doit) "
    r"(?:pas|plus|rien|jamais) (?:manger |avaler )?(?:de |du |d'|des |la |le |les )?)"
    r"([^\W\d_]+)|(?<![\w'-])([^\W\d_]+)[\s-]+free(?![\w'-])(?!\s+(?:of|from)\s)"
)


# "lactose intolerant", "a nut allergy", "peanut-allergic": the allergen said first.
_ALLERGY_AFTER = re.compile(
    r"(?<![\w'-])([^\W\d_]+)[\s-]+(?:intolerant|intolerance|allergy|allergies|allergic)(?![\w'-])"
)


# What is avoided for an intolerance, not an allergy: traces of it are no harm.
_TOLERATED_IN_TRACES = frozenset({"lactose"})


# "She's coeliac", "mon amie est cœliaque": a condition that rules out an allergen.
_CONDITIONS = {
    "gluten": re.compile(r"(?<![\w'-])(?:coeliac|celiac|coeliaque|celiaque)s?(?![\w'-])"),
}


def allergies(text: str) -> tuple[str, ...]:
    """The allergens a message says the shopper must avoid, beyond its negations."""
    folded = fold(text).lower()
    said = [found.group(1) or found.group(2) for found in _ALLERGY.finditer(folded)]
    said += [found.group(1) for found in _ALLERGY_AFTER.finditer(folded)]
    said += [allergen for allergen, said_so in _CONDITIONS.items() if said_so.search(folded)]
    return tuple(dict.fromkeys(word for word in said if _names_an_allergen(word)))


def _names_an_allergen(word: str) -> bool:
    """The word is a name of an allergen: its family holds more than itself."""
    return allergen_family([word]) != (word,)


def price_order(text: str) -> PriceOrder | None:
    """ "The cheapest", "pas cher" -> cheapest first; "the most expensive" -> dearest first."""
    if _DEAREST.search(text):
        return "dearest"
    return "cheapest" if _CHEAPEST.search(text) else None


# A count: in figures, or two to six in words.
_SEVERAL = r"(?:\d{1,2}|two|three|four|five|six|deux|trois|quatre|cinq)"
# How many, or which size, said in words no product has: "orecchiette x2", "3 pcs", "deux
# paires", "size M", "grandeur L", "pointure 40" (the size is read apart, as an entity).
_HOW_MANY = re.compile(
    r"(?<![\w'-])(?:x\s?\d{1,2}|\d{1,2}\s?x|\d{1,2}\s?(?:pcs?|pieces?|pi[eè]ces?)|"
    rf"{_SEVERAL}\s+(?:pairs|paires)"
    r"(?:\s+(?:of|de)\b|\s+d')?|"
    r"(?:size|taille|grandeur|pointure)\s+(?:x{0,3}[sml]|xx?l|\d{2}))(?![\w'-])",
    re.IGNORECASE,
)
# "Des bas de laine", "pis des bas pour courir": socks in Québec; not "en bas de 4 $" (under),
# "là-bas", "plus bas", "les bas de Noël" (stockings).
_SOCKS_IN_QUEBEC = re.compile(
    r"(?<![\w'-])(?<!en )(?<!plus )(?<!tout )(?<!le )bas(?![\w'-])"
    r"(?!\s+(?:de\s+no[eë]l|prix|de\s+gamme))",
    re.IGNORECASE,
)
# "3 pairs of", "deux paquets d'": so many packs of the kind that follows. Not "des bouteilles
# d'eau" or "deux sacs de couchage", which name the kind.
_SO_MANY_OF = re.compile(
    rf"^\W*{_SEVERAL}\s+"
    r"(?:pairs|paires|paquets|packets|packs|lots|sachets|pots|jars|tins|cans|bags|pieces|pi[eè]ces)"
    r"\s+(?:of\s+|de\s+|d')",
    re.IGNORECASE,
)
# "the canvas ones", "the 30g one": the words that tell it, not "ones".
_THE_ONES = re.compile(
    r"(?<![\w'-])(?:the|this|that|those)\s+((?:[^\W_]+\s+){0,2}?)ones?(?![\w'-])", re.IGNORECASE
)


def _for_the_catalog(words: str) -> str:
    """The searched words as the catalog reads them: no count or size said in words ("x2",
    "3 pairs of", "grandeur M"), "the canvas ones" as "canvas", Québec's "bas" as socks."""
    kept = _SOCKS_IN_QUEBEC.sub("chaussettes", words)
    kept = _SO_MANY_OF.sub(" ", kept)  # "3 pairs of", "deux paquets d'"
    kept = _THE_ONES.sub(r"\1", _HOW_MANY.sub(" ", kept))
    return " ".join(kept.split()) or words


def searched_words(text: str) -> str:
    """The descriptive words of a message: "hi, looking for waterproof hiking boots under 150"
    -> "waterproof hiking boots". What is left is what the shopper described."""
    kept = _PRAISE_OPENING.sub("", text.replace("’", "'"))
    kept = kept[going_on_end(kept) :]  # "Et une boîte de camomille": no "et" searched
    kept = _PRICE_LIMIT.sub(" ", kept)
    kept = _CHEAPEST.sub(" ", kept)
    kept = _DEAREST.sub(" ", kept)
    kept = _ON_SALE.sub(" ", kept)
    kept = _FILLER.sub(" ", kept)
    kept = re.sub(r"-tu\b", "", kept)  # Québec's question particle: "avez-tu"
    kept = re.sub(r"[?!.,;:]+", " ", kept).strip()
    kept = kept[going_on_end(kept) :]  # "Tant pis. Et des chaussettes": the "et" once alone
    return " ".join(kept.split())


@dataclass(frozen=True)
class SearchContext:
    """What the conversation is currently looking for; stored in slots between turns."""

    product: str | None = None  # the product word the NLU tagged, if any
    color: str | None = None
    size: str | None = None
    brand: str | None = None
    min_price_minor: int | None = None
    max_price_minor: int | None = None
    text: str = ""  # every descriptive word the shopper said (searched_words)
    offset: int = 0
    # The category the search is in (a path of the merchant's taxonomy): refinements stay in it.
    category: str | None = None
    price_order: PriceOrder | None = None
    on_sale: bool = False
    not_brand: str | None = None  # "other brand?": the brand left out
    # The rest of the message a search was asked in ("me niece is turning 8"): it ranks by
    # meaning on that turn only, and is not kept in the slots.
    context: str = ""
    without: tuple[str, ...] = ()  # "not skinny", "pas les sachets": names not to show
    # Whether what an allergen list says a product "may contain" is left out with `without`:
    # not for an intolerance ("lactose intolerant"), which traces do not trouble.
    traces: bool = True

    @property
    def empty(self) -> bool:
        return not any((self.product, self.text, self.color, self.brand, self.category))

    def to_query(self) -> SearchQuery:
        return SearchQuery(
            text=self.text or self.product or "",
            color=self.color,
            size=self.size,
            brand=self.brand,
            min_price_minor=self.min_price_minor,
            max_price_minor=self.max_price_minor,
            limit=PAGE_SIZE,
            offset=self.offset,
            category=self.category,
            price_order=self.price_order,
            on_sale=self.on_sale,
            not_brand=self.not_brand,
            context=self.context,
            without=self.without,
            traces=self.traces,
        )

    def describe(self, lang: str = "en", names: Mapping[str, str] | None = None) -> str:
        """A short echo of the request for the reply: "Kestrel red t-shirt M" in English,
        "t-shirt (rouge, Kestrel, taille M)" in French, where `names` gives the French words
        for canonical values and the brackets spare us adjective agreement. The shopper's own
        words are echoed as said, so the echo shows everything that was searched."""
        described = self.text or self.product or _last_step(self.category)
        # what the shopper's words already say is not said twice ("black 43 43")
        brand, color, size = (
            None if _said_in(value, described) else value
            for value in (self.brand, self.color, self.size)
        )
        if lang != "fr":
            words = [brand, color, described, size]
            if self.not_brand:
                words.append(f"(not {self.not_brand})")
            return " ".join(word for word in words if word) or "your request"
        names = names or {}
        french_colour = names.get(color, color) if color else None
        details = [
            None if _said_in(french_colour, described) else french_colour,
            brand,
            f"taille {size}" if size else None,
            f"pas {self.not_brand}" if self.not_brand else None,
        ]
        said = ", ".join(detail for detail in details if detail)
        if not described:
            return said or "votre demande"
        described = names.get(described, described)
        return f"{described} ({said})" if said else described


def _said_in(value: str | None, words: str | None) -> bool:
    """`value` ("43", "black") is among `words`, as a word of its own."""
    if not value or not words:
        return False
    return re.search(rf"(?<!\w){re.escape(value.lower())}(?!\w)", words.lower()) is not None


def _last_step(category: str | None) -> str | None:
    return category.rsplit(">", 1)[-1].strip() if category else None


def price_minor(value: str, currency: str) -> int | None:
    """ "80" or "79,90" (an entity value) in minor units; None if it is not an amount."""
    match = _NUMBER.search(value or "")
    if not match:
        return None
    try:
        return to_minor(Decimal(match.group().replace(",", ".")), currency)
    except (InvalidOperation, MoneyError):
        return None


def price_bounds(amounts: list[tuple[str, int]]) -> dict[str, int]:
    """Roles to amounts. Two amounts are a range whatever roles the model gave them:
    "between 500 and 900" sometimes comes back as two maxima, and a range is what was meant.
    The same amount said twice ("15 quid... sorry, 15 euros") is one limit."""
    if len({amount for _, amount in amounts}) >= 2:
        values = [amount for _, amount in amounts]
        return {"min": min(values), "max": max(values)}
    return dict(amounts[-1:])


# "Other brand?", "une autre marque ?", "pas de Cobalt": the brand shown, left out.
_OTHER_BRAND = re.compile(
    r"(?<!\w)(?:(?:other|another|different|diff) brands?|brands? other than|"
    r"(?:une |d'une )?autres? marques?|pas cette marque|marque differente)(?!\w)"
)


def asks_another_brand(text: str) -> bool:
    """ "Other brand?", "une autre marque ?": the brand in view is to be left out."""
    return _OTHER_BRAND.search(fold(text)) is not None


def _brand_left_out(
    asked: bool, found: Mapping[str, str], base: SearchContext, shown: str | None
) -> dict[str, str | None]:
    """The brand fields of a refinement: "other brand?" drops the brand searched (or the one
    brand shown) and leaves it out; a brand named keeps the one left out aside."""
    if asked and "brand" not in found:
        return {"brand": None, "not_brand": base.brand or shown or base.not_brand}
    if "brand" in found:
        return {"not_brand": None}
    return {}


def next_context(
    intent: str,
    entities: list[dict[str, Any]],
    previous: SearchContext,
    message_text: str,
    currency: str,
    shown_prices: tuple[int, int] | None = None,
    shown_brand: str | None = None,
) -> SearchContext:
    """A new search starts afresh; a refinement changes only what was said; "more" pages on.

    `shown_prices` is (cheapest, dearest) of what the shopper was just shown: "cheaper" with no
    amount means under the cheapest, "more expensive" over the dearest. `shown_brand`: the one
    brand of what was shown, which "another brand" leaves out.
    """
    if intent == "show_more" and not previous.empty:
        return replace(previous, offset=previous.offset + PAGE_SIZE)
    found: dict[str, str] = {}
    amounts: list[tuple[str, int]] = []
    for entity in entities:
        name, value = entity.get("entity"), str(entity.get("value", ""))
        if name == "price":
            amount = price_minor(value, currency)
            if amount is not None:
                amounts.append((entity.get("role") or "max", amount))
        elif name in {"product", "color", "size", "brand"} and value:
            found.setdefault(name, value)
    prices = price_bounds(amounts or prices_in_text(message_text, currency))
    unwanted, asked = negated(requested_part(message_text))
    unwanted += tuple(word for word in allergies(message_text) if word not in unwanted)
    words = _for_the_catalog(searched_words(asked))
    # A refinement with nothing to refine ("under 30" as a first message) starts a search, and
    # so does one naming another product ("red sneakers under 50" read as a refinement).
    other_brand = asks_another_brand(message_text)
    # "Vous auriez moins cher ?", "anything cheaper?" read as a search: nothing new described,
    # only another price asked of what was shown
    only_prices = (
        asks_for_other_prices(message_text) and not _REFINING_WORDS.sub(" ", words).strip()
    )
    refining = (
        (intent == "refine_search" or other_brand or only_prices)
        and not previous.empty
        and found.get("product", previous.product) == previous.product
    )
    ordered = price_order(message_text)
    if refining and shown_prices and not {"min", "max"} & prices.keys() and not ordered:
        # "Cheaper" goes under what was shown; "the cheapest" orders, it cuts nothing.
        if _CHEAPER.search(message_text):
            prices["max"] = shown_prices[0] - 1
        elif _PRICIER.search(message_text):
            prices["min"] = shown_prices[1] + 1
    brands = _brand_left_out(refining and other_brand, found, base=previous, shown=shown_brand)
    if refining:
        added = " ".join(_REFINING_WORDS.sub(" ", words).split())
        if _QUESTION_OPENER.match(message_text) or len(added.split()) > 3:
            added = ""  # a question or a long sentence read as a refinement adds no words
        for value in found.values():
            added = re.sub(rf"(?<!\w){re.escape(value)}(?!\w)", " ", added, flags=re.I)
        # only new words: "un téléphone moins cher" after "téléphone pliant" adds nothing
        known = set(fold(previous.text).lower().split())
        added = " ".join(word for word in added.split() if fold(word).lower() not in known)
        text = f"{previous.text} {added}".strip() if added else previous.text
        base = replace(previous, text=text, context="")
    else:
        whole = searched_words(message_text)
        base = SearchContext(text=words, context=whole if whole != words else "")
    if unwanted:
        base = replace(
            base,
            without=(*base.without, *allergen_family(unwanted)),
            traces=not set(map(fold, unwanted)) <= _TOLERATED_IN_TRACES,
        )
    return replace(
        base,
        product=found.get("product", base.product),
        color=found.get("color", base.color),
        size=found.get("size", base.size),
        brand=brands.get("brand", found.get("brand", base.brand)),
        not_brand=brands.get("not_brand", base.not_brand if refining else None),
        min_price_minor=prices.get("min", base.min_price_minor),
        max_price_minor=prices.get("max", base.max_price_minor),
        offset=0,
        price_order=ordered or (base.price_order if refining else None),
        on_sale=bool(_ON_SALE.search(message_text)) or (refining and base.on_sale),
    )
