"""Text normalisation shared by indexing and querying, so both sides see the same tokens."""

from __future__ import annotations

import re
import unicodedata

# Words that carry no product meaning in a shopping request, English and French.
STOPWORDS = frozenset(
    """a an and any are as at be by can do does for from have i im in is it its looking me my need
    of on or please show some something the to want what with would you your like id get buy find
    un une des le la les du de d l et ou pour avec je j cherche voudrais veux avez vous est en
    au aux ce cette ces mon ma mes moi me sur dans quelque chose acheter trouver""".split()
)
_WORD = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
# A plug's letter typed apart ("usb c", "type c") is the hyphenated name titles write (USB-C):
# the lone letter alone is no token, and "usb a" would otherwise read as "usb" and an article.
_PLUG = re.compile(r"(?<![a-z0-9-])(usb|type)\s+([abc])(?![a-z0-9])")
# A percentage is a name as much as a number: "70 %" and "70%" are the 70% Dark Chocolate Bar
# (a number alone names nothing), so it also yields "70pct".
_PERCENT = re.compile(r"(?<![\w.,])(\d+)\s*%")


def fold(text: str) -> str:
    """Lowercase without accents: "Chaussures Élégantes" -> "chaussures elegantes"."""
    # NFKD leaves the ligatures whole: "œufs" must read as "oeufs", as shoppers also type it
    decomposed = unicodedata.normalize("NFKD", text.lower().replace("œ", "oe").replace("æ", "ae"))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def stem(word: str) -> str:
    """A deliberately light plural strip that works for English and French nouns."""
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def tokens(text: str) -> list[str]:
    """Search tokens; a hyphenated word also yields its joined form ("t-shirt" -> tshirt, shirt)."""
    result: list[str] = []
    for word in _WORD.findall(_PERCENT.sub(r"\1 \1pct", _PLUG.sub(r"\1-\2", fold(text)))):
        parts = word.split("-")
        candidates = [*parts, "".join(parts)] if len(parts) > 1 else parts
        for candidate in candidates:
            if len(candidate) > 1 and candidate not in STOPWORDS:
                result.append(stem(candidate))
    return result


def edit_distance(first: str, second: str) -> int:
    """Typing mistakes between two words: letters missed, added, wrong or swapped with the next
    one (optimal string alignment distance)."""
    previous_row: list[int] = []
    row = list(range(len(second) + 1))
    for i in range(1, len(first) + 1):
        before, previous_row, row = previous_row, row, [i] + [0] * len(second)
        for j in range(1, len(second) + 1):
            cost = first[i - 1] != second[j - 1]
            row[j] = min(previous_row[j] + 1, row[j - 1] + 1, previous_row[j - 1] + cost)
            if i > 1 and j > 1 and first[i - 1] == second[j - 2] and first[i - 2] == second[j - 1]:
                row[j] = min(row[j], before[j - 2] + 1)
    return row[-1]


# The words a count opens before the kind it counts: "2 paires de claquettes", "a bag of
# pretzels", "3 sachets de thé".
CONTAINER_WORDS = frozenset(
    """pair pairs paire paires pack packs lot lots sachet sachets paquet paquets packet packets
    box boxes boite boites jar jars pot pots can cans tin tins bag bags bottle bottles bouteille
    bouteilles piece pieces tablette tablettes sac sacs bidon bidons""".split()
)
# Words that pick out a variant or say how many, not which product: "in green", "full size",
# "a pair", "the one", "2 bags of": a run of only these names nothing, though a title may hold
# them ("2 bags of coffee" is coffee, not the "Chamomile Herbal Tea Bags").
OPTION_WORDS = CONTAINER_WORDS | frozenset(
    """size sizes taille pointure one ones full free set new style colour color couleur version
    edition model modele item article""".split()
)
_COUNT = r"\d+|a|an|one|two|three|four|five|six|un|une|deux|trois|quatre|cinq|six"
# "2 pots de", "a bag of", "trois sachets de", "sachets de": so many of the kind that follows.
# A size of the container may come between: "deux petits sachets d'amandes", "a big bag of".
_CONTAINER_SIZE = r"(?:petite?s?|grande?s?|gros|grosses?|small|big|large|little)\s+"
_AMOUNT_OF = re.compile(
    # "the small jar of", "le petit paquet de": the container pointed at, not counted
    rf"(?<!\w)(?:(?P<count>{_COUNT})\s+|(?:the|le|la|les|l')\s*)?(?:{_CONTAINER_SIZE})?"
    rf"(?:{'|'.join(sorted(CONTAINER_WORDS))})\s+(?:of|de|d')\s*",
    re.IGNORECASE,
)
# "And a box of", "et une boîte de": a request going on opens with its conjunction.
_GOING_ON = re.compile(
    r"[\W_]*(?:(?:oh|ah|and|n|also|plus(?![\W_]+size)|then|et|aussi|puis|pis)\b[\W_]*)*",
    re.IGNORECASE,
)


def going_on_end(text: str) -> int:
    """Where the words proper start, after the punctuation and the conjunctions a request
    going on opens with ("Et une boîte de camomille", "and a vertical mouse")."""
    found = _GOING_ON.match(text)
    return found.end() if found else 0


def says_an_amount(text: str) -> bool:
    """ "2 jars of pesto", "un sachet de bretzels": a count of a packaged thing."""
    return any(found["count"] for found in _AMOUNT_OF.finditer(fold(text)))


def without_opening_amount(text: str) -> str:
    """The kind an amount opening the text counts: "2 pots de pesto" is pesto, no cooking pot."""
    folded = fold(text)
    said = folded if len(folded) == len(text) else text  # "boîte": the words without accents
    opening = _AMOUNT_OF.match(said, going_on_end(said))
    return text[opening.end() :] if opening else text
