"""Quantities as shoppers write them ("2", "two", "deux") and what a cart edit means."""

from __future__ import annotations

import re
from dataclasses import dataclass

from catalog.number_words import NUMBER_WORDS
from catalog.text import fold

_WORDS = {
    **{word: number for word, number in NUMBER_WORDS.items() if number <= 10},
    "a": 1, "an": 1, "a couple": 2, "une paire": 1, "a pair": 1,
    "half a dozen": 6, "a dozen": 12, "une demi douzaine": 6, "une douzaine": 12,
}  # fmt: skip
# Number words that are a quantity wherever they stand; "a", "un", "une" are articles unless a
# counted noun follows ("a pair of", "une paire").
# "neuf" is also "new" ("un sac neuf").
_COUNTING = {
    word: n for word, n in _WORDS.items() if word not in {"one", "a", "an", "un", "une", "neuf"}
}
_COUNTED = (
    r"(?:pairs?|paires?|units?|pieces?|items?|of|x|fois|exemplaires?|boxes|bo[iî]tes?|packs?|lots?|"
    r"bags?|sachets?|paquets?|bottles?|bouteilles?|jars?|pots?|cans?|tins?|bars?|tablettes?)"
)
# Units a number right before measures the product, not how many ("the 27 inch", "1 TB"): one
# list for every reading of counts (the search's, the cart's, the line edits'). A bare "m" is
# also size M ("2 M please": two in M); it means metres only where no size follows a count (a
# line's new total, a measure in a list's part), which add `METRES`.
UNITS = (
    r"inch|inches|pouces?|gb|go|tb|to|mb|mo|ml|cl|l|litres?|liters?|cm|mm|metres?|meters?|kg|"
    r"g|grammes?|grams?|mg|oz|w|watts?|mah|hz"
)
METRES = "m"
_MONEY = r"eur|euros?"
# "2 mugs", "add 3 of": a small number opening a cart request, followed by words, is a
# quantity; "43" alone or "16 GB" is a size or a specification.

_LEADING_NUMBER = re.compile(
    r"^\W*(?:(?:hi|hello|hey|hiya|allo|salut|bonjour|morning|ok|okay|k|kk|right|cool|so|yes|oui|"
    r"alors|correct|pis)\W+)*"
    r"(?:(?:and|et|plus|add|ajoute[sz]?|rajoute[sz]?|mets|mettez|je prends|je vais prendre|"
    r"je voudrais|j'aimerais|je veux|mets-moi|mettez-moi|i'?ll take|i'?ll have|i'?ll grab|"
    r"i'?d like|i want|i need|(?:can|could) i (?:get|have)|gimme|give me|pop|throw in|"
    r"chuck in|chuck|stick in|bung in|"
    r"also|aussi)\s+)*"
    rf"([1-9]|1\d|20)\s+(?!(?:{UNITS}|{_MONEY}|in)\b)"
    # "2 15w wireless charging pads", "3 6-packs of granola bars": a measure of each may follow
    r"(?:\d+(?:[.,]\d+)?-?[a-z]{1,6}\b\W*)?[a-z]",
    re.IGNORECASE,
)
_SAID_NUMBER = re.compile(
    rf"(?<![\w.,])(\d+)\s*{_COUNTED}(?!\w)|(?<!\w)x\s*(\d+)(?!\w)", re.IGNORECASE
)
# "le regular fit en noir taille L, 2": a single digit closing the message after a comma.
_TRAILING_NUMBER = re.compile(r",\s*(?:x\s*)?([1-9])\s*[.!]?\s*$", re.IGNORECASE)
_NUMBER = re.compile(r"\d+")
# "Nah make it 2", "actually only 3 paprika", "mets-en 4": the number a cart line is to hold.
_NEW_NUMBER = re.compile(
    r"(?<!\w)(?:make it|make that|only|just|keep|juste|seulement|plus que|garde|mets[ -]en|"
    r"mettez[ -]en|i meant|meant|i mean|voulais dire|je veux dire)"
    rf"\s+([1-9]|1\d|20)(?!\s*(?:{UNITS}|{METRES}|{_MONEY})\b)"
    r"(?![\d.,])",
    re.IGNORECASE,
)
# Words saying the number is the new total ("keep 1", "change it to 2"), not an amount to remove.
# Matched before accents are folded: French "à" ("passe-le à 2") must not match English "a".
_SET_MARKERS = re.compile(
    r"(?<!\w)(?:(?:keep|only|change|set|make it|to|reduce|garde|garder|seulement|que|juste|"
    r"passe|passer|mets|modifie|modifier|à)(?!\w)|qu['’])"
)


_UNIT_AFTER = rf"\s*-?\s*(?:(?:{UNITS})\b|\")"
# How many a pack holds, which names the product ("a five-pack of crew socks", "pack of three",
# "le lot de cinq", "the set of 4"): no count of items. "3 packs of socks" counts packs.
_A_NUMBER = rf"(?:\d+|{'|'.join(sorted(NUMBER_WORDS, key=len, reverse=True))})"
_PACK_HOLDS = re.compile(
    rf"(?<![\w'])(?:{_A_NUMBER}[\s-]?pack(?!s)|"
    rf"(?:pack|lot|set|coffret)s? (?:of|de|d') ?(?P<held>{_A_NUMBER}))(?![\w'])"
)


def _without_pack_sizes(folded: str) -> str:
    """The text with what a pack holds said as one pack ("a five-pack of crew socks" is one
    pack); "a pack of two" is still two (no shop sells pairs of socks as a pack of two, many
    sell packs of three or more)."""

    def held(found: re.Match[str]) -> str:
        number = found["held"]
        if number is not None and (int(number) if number.isdigit() else NUMBER_WORDS[number]) < 3:
            return found.group(0)
        return " 1 pack "  # "a five-pack of crew socks" is one pack

    return _PACK_HOLDS.sub(held, folded)


_DECIMAL = re.compile(r"\d[.,]\d")


def has_decimals(value: str) -> bool:
    """ "17,99", "0.5": a price or a measure, never how many."""
    return _DECIMAL.search(value) is not None


def quantity_said(value: str | None, text: str) -> str | None:
    """The NLU's quantity, unless the message has it as a measure ("add the 27 inch QHD") or
    as what a pack holds ("a five-pack of crew socks")."""
    if value is None or has_decimals(value):
        return None  # "la rose à 17,99": a price, no count has decimals
    number = re.escape(value.strip())
    folded = fold(text).lower()
    if re.search(rf"(?<![\w.,]){number}{_UNIT_AFTER}", folded):
        return None
    if re.search(rf"(?<![\w.,]){number}(?!\w|[.,]\d)", _without_pack_sizes(folded)) is None:
        return None  # said only as what a pack holds
    return value


def parse_quantity(text: str | None) -> int | None:
    """A positive whole number from an entity value; None when it names none."""
    if not text:
        return None
    folded = fold(text).strip()
    match = _NUMBER.search(folded)
    value = int(match.group()) if match else _WORDS.get(folded, 0)
    return value if value > 0 else None


# "My son is eight", "he turns 10", "ma fille a huit ans", "a 6-year-old": an age, no count.
_AGE = re.compile(
    r"(?<!\w)(?:(?:is|s|am|are|turns?|turned|aged?)\s+(?P<a>\w+)(?!\s+(?:of|de)\b)"
    r"(?=\s*(?:$|[.,!?;]|years?|yrs?|ans|and|but|et|mais|so|donc))"
    r"|(?P<b>\w+)[\s-]*(?:years?|yrs?|ans)(?:[\s-]*old)?)(?!\w)",
)


# How many people something is for: "a family of five", "un repas pour six personnes".
_PEOPLE = re.compile(
    r"(?<!\w)(?:family of|famille de|(?:for|pour|pr)\s+(?P<p>\w+)\s+(?:people|persons|"
    r"personnes|guests|invites|adults|adultes|kids|children|enfants|couverts))(?:\s+\w+)?(?!\w)"
)


# How long: "in two weeks", "for 3 days", "dans deux semaines": a time, no count.
_SPAN = re.compile(
    r"(?<!\w)(?:\d+|a|an|one|two|three|four|five|six|seven|eight|ten|un|une|deux|trois|quatre|"
    r"cinq|six|sept|huit|dix)\s+(?:weeks?|days?|months?|years?|hours?|minutes?|nights?|"
    r"semaines?|jours?|mois|ans|annees?|heures?|nuits?)(?!\w)"
)


def _without_ages(folded: str) -> str:
    """The text with ages, how long something is ("in two weeks"), how many people something
    is for and how many a pack holds ("a five-pack"), said in words or digits taken out."""
    folded = _SPAN.sub(" ", _PEOPLE.sub(" ", _without_pack_sizes(folded)))

    def age(match: re.Match[str]) -> str:
        word = match.group("a") or match.group("b")
        is_number = word.isdigit() or word in NUMBER_WORDS
        return " " if is_number else match.group(0)

    return _AGE.sub(age, folded)


# A number put right in the same message: "four bags no actually five", "trois, non quatre".
_PUT_RIGHT_AFTER = re.compile(
    r"(?<![\w'-])(?:no,? actually|no wait|no,? sorry|sorry|i mean|make (?:it|that)|"
    r"non,? (?:en fait|plutot|finalement)|non,?(?= (?:\d|un|une|deux|trois|quatre|cinq|six)\b)|"
    r"plutot|enfin|je veux dire)(?![\w'-])"
)


def quantity_in_words(text: str) -> int | None:
    """A quantity said in a sentence the NLU did not tag: "two of the blue one in M", "deux
    paires en 42", "a pair of", "3 packs", "x2". Sizes and specs ("in 43", "16 GB") are not,
    nor ages ("my son is eight")."""
    text = _without_ages(fold(text).lower())
    corrected = _PUT_RIGHT_AFTER.split(text)
    if len(corrected) > 1 and (said_again := quantity_in_words(corrected[-1])) is not None:
        return said_again  # "give me four bags no actually five": the number said last
    folded = f" {' '.join(re.findall(r'[a-z0-9]+', text))} "
    for phrase in (
        "half a dozen",
        "une demi douzaine",
        "a dozen",
        "une douzaine",
        "a pair",
        "une paire",
        "a couple",
    ):
        if f" {phrase} " in folded:
            return _WORDS[phrase]
    for word, number in _COUNTING.items():
        if f" {word} " in folded:
            return number
    match = _SAID_NUMBER.search(fold(text))
    if match:
        return int(match.group(1) or match.group(2)) or None
    leading = (
        _LEADING_NUMBER.match(fold(text))
        or _TRAILING_NUMBER.search(fold(text))
        or _NEW_NUMBER.search(fold(text))
    )
    return (int(leading.group(1)) or None) if leading else None


# What one "pair" is: shoes, socks, jeans, earbuds. "A pair of" mugs is two mugs.
_WORN_IN_PAIRS = re.compile(
    r"(?<!\w)(?:shoes?|boots?|sneakers?|trainers?|runners?|sandals?|slides?|slippers?|"
    r"heels|loafers|socks?|jeans|trousers|pants|shorts|leggings|tights|earbuds?|earphones?|"
    r"headphones?|headsets?|gloves?|mittens?|glasses|sunglasses|goggles|chaussures?|bottes?|"
    r"baskets?|sandales?|chaussettes?|jeans?|pantalons?|ecouteurs?|casques?|gants?|lunettes?)"
    r"(?!\w)",
    re.IGNORECASE,
)
_A_PAIR = re.compile(r"(?<!\w)(?:a pair|une paire)(?!\w)", re.IGNORECASE)


def pair_counted(text: str, product_words: str) -> int | None:
    """How many "a pair of" means for a product named by `product_words` (its title and
    category): one pair of shoes, two mugs. None when the text says no pair."""
    if not _A_PAIR.search(fold(text)):
        return None
    return 1 if _WORN_IN_PAIRS.search(fold(product_words)) else 2


# "Cinq tablettes", "deux paquets svp", "3 bags": how many, of nothing named.
_ONLY_HOW_MANY = re.compile(
    rf"^\W*(?:(?:ok|okay|alors|bon|so|then|please|pls|svp|stp|s'il vous plait|s'il te plait|"
    rf"de|d'|of|en|x|\d{{1,2}}|x\d{{1,2}}|\d{{1,2}}x|"
    rf"{'|'.join(sorted(_COUNTING, key=len, reverse=True))}|"
    rf"{_COUNTED}|une paire|a pair)(?:\W+|$))+$",
    re.IGNORECASE,
)


def says_only_how_many(text: str) -> bool:
    """The message is a count and words of counting only ("Cinq tablettes", "deux paquets
    svp"): how many of the product in view, naming no other."""
    folded = fold(text).lower()
    return _ONLY_HOW_MANY.match(folded) is not None and quantity_in_words(folded) is not None


# "pis" / "puis": "and" in Québec ("deux tagliatelles pis deux orecchiette"), not "puis-je"
_ITEM_SEPARATOR = re.compile(
    r"\s*(?:,|\+|;|\band\b|\bn\b|\bet\b|\bplus\b|\bpuis\b(?!-)|\bpis\b)\s*|(?<=[.!])\s+",
    re.IGNORECASE,
)


def items_said(text: str) -> list[str]:
    """The parts of "3 bags of the fusilli and one sea salt chips" that may each name a
    product; one part when the message lists nothing."""
    return [part for part in _ITEM_SEPARATOR.split(text) if part.strip()]


@dataclass(frozen=True)
class CartEdit:
    new_quantity: int  # 0 removes the line


def edit_for(current: int, quantity: int | None, message_text: str) -> CartEdit:
    """ "remove it" -> 0; "remove 2" -> current - 2; "keep 1" / "change it to 3" -> that number."""
    if quantity is None:
        return CartEdit(0)
    if _SET_MARKERS.search(message_text.lower()):
        return CartEdit(quantity)
    return CartEdit(max(current - quantity, 0))
