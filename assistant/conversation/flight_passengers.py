"""How many people fly, as shoppers say it: "3 passengers", "pour 4", "2 adults and 1 child",
"me and my wife", "je suis seul", "family of five", "nous sommes trois", "à deux".

Reads a folded message (lower case, no accents) whose dates are already blanked out, so "pour
le 3" or "for 3 days" never reach here.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from catalog.number_words import NUMBER_PATTERN, number_value
from catalog.text import edit_distance

_N = rf"(?P<n>{NUMBER_PATTERN})"
# "un billet", "a ticket": an article, not a count of people.
_N_NOT_ARTICLE = rf"(?!une?\s){_N}"
_ALONE = re.compile(
    r"\b(?:just me|only me|me alone|by myself|just myself|only myself|myself only|on my own|"
    r"alone|solo|travell?ing alone|moi-meme|moi meme|just for me|only for me|for me only|"
    r"juste pour moi|rien que pour moi|pour moi seule?|"
    r"juste moi|moi seule?|seule?|tout seul|toute seule|en solo|one person|une personne|"
    r"one passenger|un passager|une passagere|un seul billet|one ticket)\b"
)
# Nouns that count everyone on the booking.
_TOTAL_NOUNS = (
    r"passengers?|passagers?|passageres?|people|ppl|persons?|personnes?|pers|pax|travell?ers?|"
    r"voyageurs?|voyageuses?|tickets?|billets?|seats?|places?"
)
# Adults, children and the people "me and my wife" brings: each group adds up.
_PEOPLE_NOUNS = (
    r"adults?|adultes?|children|childs?|kids?|enfants?|bebes?|babies|baby|infants?|"
    r"teens?|teenagers?|toddlers?|newborns?|ados?|adolescents?|seniors?|students?|etudiants?|"
    r"sons?|daughters?|fils|filles?|friends?|amis?|amies?|colleagues?|collegues?|gosses?|"
    r"gamins?|gamines?|grandparents?|grands?-?parents?|petits?-?enfants?|grandchildren"
)
# "we are 2 adults and a child": the count right after "we are" is one group, not everyone.
_NOT_A_GROUP = rf"(?!\s+(?:{_PEOPLE_NOUNS})\b)"
_TOTAL = [
    re.compile(rf"\b{_N_NOT_ARTICLE}\s+(?:{_TOTAL_NOUNS})\b"),
    re.compile(rf"\b(?:family|famille|party|group|groupe|team|equipe)\s+(?:of|de)\s+{_N}\b"),
    re.compile(
        rf"\b(?:we are|we're|we will be|we'll be|there are|there will be|there's|nous sommes|"
        rf"nous serons|on est|on sera|on part|we travel|nous voyageons)\s+{_N}\b{_NOT_A_GROUP}"
    ),
    re.compile(rf"\b(?:the\s+)?{_N}\s+of\s+us\b"),
    re.compile(rf"\b(?:pour\s+)?nous\s+{_N}\b{_NOT_A_GROUP}"),
    # Shorthand: "x2", "×3", "pax 2", "pax: 3".
    re.compile(r"(?:^|\s)[x×]\s?(?P<n>\d)\b"),
    re.compile(rf"\bpax\s*:?\s*{_N}\b"),
    re.compile(r"\b(?P<n>\d)(?:pax|ppl|pers)\b"),
]
_COUNTED_PEOPLE = re.compile(rf"\b{_N}\s+(?P<noun>{_PEOPLE_NOUNS})\b")
_ONE_COMPANION = re.compile(
    r"(?:\b(?:my|our|his|her|their|a|an|the|mon|ma|notre|son|sa|leur|un|une|le|la|with|"
    r"avec)|(?:^|\s)\+)\s*(?P<who>wife|husband|"
    r"partner|girlfriend|boyfriend|gf|bf|hubby|fiancee?|friend|son|daughter|mum|mom|mother|"
    r"dad|father|brother|sister|colleague|baby|infant|toddler|child|kid|femme|mari|epoux|"
    r"epouse|conjointe?|compagne|compagnon|copine|copain|amie?|pote|fils|fille|mere|maman|"
    r"pere|papa|frere|soeur|collegue|bebe|enfant|grandma|grandmother|grandpa|grandfather|"
    r"grand-?mere|grand-?pere|mamie|papi|uncle|aunt|oncle|tante|cousine?|nephew|niece|neveu|"
    r"mother-in-law|father-in-law|belle-?mere|beau-?pere)\b"
)
# "just me, my husband can't come": alone, whoever else is named (unless "just me and …").
_ALONE_FIRST = re.compile(
    r"\b(?:just me|only me|just for me|juste moi|juste pour moi|moi seule?|je suis seule?|"
    r"i'm alone|i am alone|"
    r"travell?ing alone|on my own)\b(?!\s*(?:and|&|\+|et|with|avec|n)\b)"
)
# Booking for others ("find them a flight", "pour eux"): the speaker is not among them.
_FOR_OTHERS = re.compile(
    r"\b(?:(?:for|find|book|get|buy)\s+them|they'd|they'll|they will|they would|they want|"
    r"pour eux|pour elles|leur (?:trouver|reserver|prendre|acheter)|"
    r"(?:for|pour)\s+(?:my|our|mon|ma|mes|notre|nos)\s+[\w-]+)\b"
)
# ... unless the speaker names themself among them: "for my wife and me".
_SPEAKER_TOO = re.compile(
    r"\b(?:and me|and i|me and|me \+|et moi|moi et|moi \+|with me|avec moi)\b"
)
# After everyone is counted, more said with "plus": "three of us plus a baby".
_PLUS_PEOPLE = re.compile(
    rf"^\W*(?:of us\W*)?(?:plus|\+|and|et|along with)\s+(?P<n>{NUMBER_PATTERN}|a|an)\s+"
    rf"(?:{_PEOPLE_NOUNS})\b"
)
_TWO_COMPANIONS = re.compile(
    r"\b(?:my|mes|with|avec)\s+(?:parents|grands?-?parents|twins|jumeaux)\b"
)
_COUPLE = re.compile(r"\b(?:en couple|as a couple|a deux|my wife and i|my husband and i)\b")
_FOR_N = re.compile(
    rf"\b(?:for|pour|a)\s+{_N_NOT_ARTICLE}\b(?!\s*(?:h\b|am\b|pm\b|:|-?\s*way\b|bags?|bagages?|valises?|"
    r"suitcases?|kg|euros?|eur\b|€|hours?|heures?|vols?|flights?))"
)
_ADULTS = re.compile(r"adult")
# Companions who are no adults: "2 adults" does not count them, "2 adults and the baby" adds them.
_CHILDREN = re.compile(
    r"baby|infant|toddler|child|kid|bebe|enfant|son|daughter|fils|fille|nephew|niece|neveu"
)


# Counting nouns whose typos are read ("2 tickts", "3 passangers").
_COUNT_NOUNS = (
    "ticket", "tickets", "passenger", "passengers", "people", "person", "persons", "traveller",
    "travellers", "billet", "billets", "passager", "passagers", "personne", "personnes",
    "voyageur", "voyageurs", "adult", "adults", "adulte", "adultes", "enfant", "enfants",
    "child", "children",
)  # fmt: skip
_LONG_WORD = re.compile(r"\b[a-z]{5,}\b")


def _spelled(word: str) -> str:
    """The counting noun a word is a typo of (the closest), or the word itself."""
    if word in _COUNT_NOUNS:
        return word
    close = [
        (distance, noun)
        for noun in _COUNT_NOUNS
        if word[0] == noun[0]
        and (distance := edit_distance(word, noun)) <= (2 if len(noun) >= 8 else 1)
    ]
    return min(close)[1] if close else word


def passengers_said(text: str) -> int | None:
    """The number of people flying, or None when the message does not say."""
    text = _LONG_WORD.sub(lambda match: _spelled(match.group()), text)
    for read in _READERS:
        count = read(text)
        if count is not None:
            return count
    return None


def _alone(text: str) -> int | None:
    return 1 if _ALONE.search(text) else None


def _alone_first(text: str) -> int | None:
    return 1 if _ALONE_FIRST.search(text) else None


def _total(text: str) -> int | None:
    for pattern in _TOTAL:
        match = pattern.search(text)
        if match:
            count = _count(match.group("n"))
            more = _PLUS_PEOPLE.match(text[match.end() :])
            if count is not None and more is not None:
                count += _count(more.group("n")) or 0
            return count
    return None


def _groups(text: str) -> int | None:
    """ "2 adults and 1 child" = 3; "me, my wife and our 2 kids" = 4 (the speaker counts
    unless adults are counted: then they are among them)."""
    counted = list(_COUNTED_PEOPLE.finditer(text))
    rest = _COUNTED_PEOPLE.sub(" ", text)  # "un enfant" is counted once
    companions = [match.group("who") for match in _ONE_COMPANION.finditer(rest)]
    pairs = len(_TWO_COMPANIONS.findall(rest))
    if not counted and not companions and not pairs:
        return None
    adults_counted = any(_ADULTS.match(match.group("noun")) for match in counted)
    if adults_counted:  # "my mum … 2 adults": the grown-ups named are among the adults
        companions, pairs = [who for who in companions if _CHILDREN.match(who)], 0
    people = sum(_count(match.group("n")) or 0 for match in counted) + len(companions) + 2 * pairs
    for_others = _FOR_OTHERS.search(text) and not _SPEAKER_TOO.search(text)
    return people if adults_counted or for_others else people + 1


def _couple(text: str) -> int | None:
    return 2 if _COUPLE.search(text) else None


def _for_n(text: str) -> int | None:
    match = _FOR_N.search(text)
    return _count(match.group("n")) if match else None


def _count(said: str) -> int | None:
    return 1 if said in {"a", "an"} else number_value(said)


_READERS: list[Callable[[str], int | None]] = [
    _total,
    _alone_first,
    _groups,
    _couple,
    _alone,
    _for_n,
]
