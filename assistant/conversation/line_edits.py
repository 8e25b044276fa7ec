"""What a message asks of a line already in the cart, in English and French: more of it ("1 more
of the bomber", "deux de plus pour le col V"), fewer ("just one stoneware mug, not 2"), none
("drop the usb-a cable", "retirez les tasses émaillées"), or another of its variants ("switch
the canvas sneakers to a size 39"). The words that name the line are left for the catalog."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from assistant.conversation.quantities import METRES, UNITS, parse_quantity
from catalog.text import fold


class LineChange(Enum):
    MORE = "more"  # add `count` units to the line
    ONLY = "only"  # the line holds `count` units now
    OUT = "out"  # the line goes, or `count` of its units if said
    VARIANT = "variant"  # another colour or size in its place, as many units


@dataclass(frozen=True)
class LineEdit:
    change: LineChange
    count: int = 0
    rest: str = ""  # the words left to name the line


_COUNT = r"\d{1,2}|one|two|three|four|five|a couple|un|une|deux|trois|quatre|cinq"
# "1 more", "two more of", "deux de plus", "3 autres", "another 2", "encore deux".
_MORE = re.compile(
    rf"(?<!\w)(?:(?P<n>{_COUNT})\s+(?:(?:paires?|pairs?)\s+)?(?:more|extra|additional|de plus|"
    r"en plus|autres?)|"
    rf"(?:another|encore)\s+(?P<m>{_COUNT}))(?!\w)"
)
# "Another bomber", "encore un mug", "one more": a unit more.
_ONE_MORE = re.compile(r"(?<!\w)(?:one more|another one|un de plus|une de plus)(?!\w)")
# "Just one stoneware mug, not 2", "make that only one", "seulement une", "juste 2".
_ONLY = re.compile(
    rf"(?<!\w)(?:(?:just|only|seulement|juste|plus que)\s+(?P<n>{_COUNT})|"
    r"(?P<one>un seul|une seule|1 seule?|a single one|one will do|one is enough|"
    r"(?:just|only) the one|juste un seul|juste une seule)|"
    # "deux menthes suffisent", "two mugs will do", "2 is enough": so many, no more
    rf"(?P<enough>{_COUNT})\s+(?:[a-z]+\s+){{0,3}}?(?:suffi(?:t|sent|ra|ront|ront)|will do|"
    r"(?:is|are|'s|'re) enough|should do))(?!\w)"
)
# "Une paire de moins", "one less", "2 fewer", "un de moins": so many units out.
_LESS = re.compile(
    rf"(?<!\w)(?P<n>{_COUNT})\s+(?:(?:paires?|pairs?|units?)\s+)?(?:less|fewer|de moins|en moins)"
    r"(?!\w)"
)
# "Non finalement 4", "make it 4", "plutôt 2": the line's new number of units, said alone.
_NEW_COUNT = re.compile(
    r"^\W*(?:(?:no|non|nah|ok|okay|oh|actual+y|actully|en fait|finalement|plutot|make (?:it|that)|"
    rf"disons|let's say|say)\W+)+(?P<n>{_COUNT})(?:\W*$|\s*,(?!\s*(?:in|en)\b)\D*$)"
)
# "Make that two tees", "make it 3 of the socks": a new number of units of the line named.
_MAKE_IT = re.compile(
    r"^\W*(?:(?:ok|okay|actual+y|actully|oh|no|nah|non|wait|hmm|and|also|so|then)\W+)*make "
    # "make the chamomile 3", "Make cable also 2": the line named, then its number
    r"(?:it|that|them|those|(?P<named>(?:(?:the|my) )?[a-z][a-z' -]{0,40}?))\s+"
    r"(?:(?:also|too|as well)\s+)?"
    rf"(?P<n>{_COUNT})(?!\s*(?:{UNITS}|{METRES}|in)\b)"
)
# After a line named, the number ends what is said of it ("make the blue one a medium" is a size)
_NUMBER_ENDS = re.compile(r"\s*(?:$|[,.!?;]|(?:and|et|please|pls|svp|stp|then|instead)\b)")
_PUT_IN = re.compile(r"(?<!\w)(?:add|ajoute[rz]?|rajoute[rz]?|put|mets|mettez)(?!\w)")
_MOST_SAID_ALONE = 20  # "finalement 42" is a shoe size, not 42 pairs
# A take-out word opening the message: "drop the squeeze bottle", "nah forget the striped
# socks", "retirez le mélange randonnée finalement".
_OUT = re.compile(
    r"^\W*(?:(?:nah|no|non|ok|okay|oh|actual+y|actully|en fait|finalement|bon|ah|hm+|um+|erm|uh|"
    r"well|wait|oops|oups|sorry|desole|alors)\W+)*"
    r"(?:please\W+|s'il te plait\W+)?"
    r"(?:drop|forget(?: about)?|remove|delete|take out|take off|get rid of|scrap|scratch|lose|"
    r"ditch|"
    # "cancel the mouse actually": a line, not the order ("cancel my order" is for the orders)
    r"(?:cancel|annule[rz]?)(?!\W+(?:(?:my|the|this|that|ma|la|cette|mon)\W+)?(?:order|commande))|"
    r"retire[rz]?|retirez|enleve[rz]?|enlevez|supprime[rz]?|supprimez|oublie[rz]?|oubliez|"
    r"vire[rz]?|virez)(?!\w)"
)
# "lol too expensive remove it", "trop cher, enlève-le": a remark, then the line taken out.
_OUT_AFTER_A_REMARK = re.compile(
    r"^\W*(?!.*(?<!\w)(?:don'?t|do not|not|ne|pas|never|jamais)(?!\w))(?:[\w'-]+\W+){1,4}?"
    r"(?:remove|drop|ditch|delete|enleve[rz]?|retire[rz]?|supprime[rz]?|vire[rz]?)"
    r"(?:\W+|-)(?:it|them|that|those|this|ca|le|la|les)(?!\w)"
)
# "Deux paires de chaussettes finalement", "actually 3 bags of the pretzels": so many of a line,
# a count first and a change of mind said.
_COUNT_FIRST = re.compile(
    rf"^\W*(?:(?:no|non|nah|ok|okay|oh|bon|alors|actual+y|actully|en fait|finalement|plutot)\W+)*"
    rf"(?P<n>{_COUNT})\s+[a-z]"
)
# "Finalement prenez-en trois", "actually take 2": the line's new number, a change of mind said.
_TAKE_SO_MANY = re.compile(
    r"(?<!\w)(?:prenez|prends|mettez|mets|take|get|give me)(?:-en|-m'en|\s+en|\s+m'en)?\s+"
    rf"(?P<n>{_COUNT})(?!\w)(?!\s*(?:more|de plus|en plus|autres?|others?)\b)"
)
_CHANGE_OF_MIND = re.compile(
    r"(?<!\w)(?:finalement|plutot|en fait|actual+y|actully|after all)(?!\w)"
)
# "Switch the canvas sneakers to a size 39", "change the mountain tee to XL", "actually the
# charging pad in white", "finalement je voudrais le hoodie court grandeur L".
_VARIANT = re.compile(
    r"(?<!\w)(?:switch|change[rz]?|swap|make|actual+y|actully|instead|rather|finalement|plutot|"
    r"en fait|remplace[rz]?|echange[rz]?)(?!\w)"
)
# "Sorry, I make mistake, I need 44 not 43", "oops socks should be S not M", "je voulais dire
# le 42": a choice put right, another variant of the line; not with words adding more ("sorry,
# also a black one"), which the add reads.
_PUT_RIGHT = re.compile(
    r"(?<!\w)(?:sorry|oops|oups|my (?:mistake|bad)|mistake|i meant|i mean|should (?:be|have been)|"
    r"je voulais dire|je me suis trompee?|erreur|pardon|desolee?|"
    # "On reflection, navy would be more sensible.", "XL is maybe too big. Large", "Ah stop."
    r"on reflection|on second thoughts?|(?:too|trop) (?:big|small|large|tight|loose|grande?|"
    r"petite?|large|serree?)|ah stop|wait)(?!\w)"
)
_ONE_MORE_THING = re.compile(
    r"(?<!\w)(?:add|also|too(?!\s+(?:big|small|large|tight|loose|long|short|much|dear))|as well|"
    r"another|aussi|ajoute[rz]?|rajoute[rz]?|en plus|autre)(?!\w)"
)
# "44 not 43", "S not M", "le 42 et pas le 43": a size said against the one chosen
_NOT_THAT_SIZE = re.compile(
    r"(?<!\w)(?:\d{1,3}|x{0,3}[sml]|xx?l)\s*,?\s+(?:not|pas|et pas|and not)\s+(?:the |le |la |a )?"
    r"(?:\d{1,3}|x{0,3}[sml]|xx?l)(?!\w)"
)
# "Go a size up on the jacket", "une taille en dessous": the next size of the line, either way.
_SIZE_UP = re.compile(
    r"(?<!\w)(?:(?:a |one )?size up|(?:a |one )?size (?:bigger|larger)|(?:a |one )?bigger size|"
    r"taille (?:au-dessus|au dessus|plus grande|superieure)|une taille de plus)(?!\w)"
)
_SIZE_DOWN = re.compile(
    r"(?<!\w)(?:(?:a |one )?size down|(?:a |one )?size smaller|(?:a |one )?smaller size|"
    r"taille (?:en dessous|en-dessous|plus petite|inferieure)|une taille de moins)(?!\w)"
)


def size_step(text: str) -> int:
    """+1 for "a size up", -1 for "a size down", 0 when neither is said."""
    said = fold(text).lower()
    return 1 if _SIZE_UP.search(said) else -1 if _SIZE_DOWN.search(said) else 0


# "Swap the loopback for the Essential", "the purple one instead of the pink": another product
# in place of the line, not another variant of it (the add does that).
_FOR_ANOTHER = re.compile(
    r"(?<!\w)(?:(?:swap|replace|switch|exchange|change|remplace[rz]?|echange[rz]?)(?!\w).+"
    r"(?<!\w)(?:for|with|by|par|contre|avec)|instead of|in place of|rather than|"
    r"a la place d(?:e|u|es)?|au lieu d(?:e|u|es)?|plutot que)(?!\w)"
)
# The words of the change itself, taken out before the rest names the line.
_CHANGE_WORDS = re.compile(
    rf"(?<![\w-])(?:on second thoughts?|{_COUNT}|more|"
    rf"extra|additional|de plus|en plus|autres?|another|encore|less|"
    r"fewer|de moins|en moins|disons|paires?|pairs?|seule?|single|suffira|suffit|will do|"
    r"suffisent|suffiront|is enough|are enough|enough|should do|svp|stp|total|"
    r"just|only|seulement|juste|plus que|not|pas|drop|forget|about|remove|delete|take|out|off|"
    r"get rid of|scrap|scratch|cancel|annule[rz]?|lose|ditch|retire[rz]?|retirez|enleve[rz]?|"
    r"enlevez|supprime[rz]?|supprimez|"
    # "actualy", "actully": typed fast
    r"oublie[rz]?|oubliez|vire[rz]?|virez|switch|change[rz]?|swap|actual+y|actully|instead|rather|"
    r"finalement|plutot|en fait|make|that|it|for|of|the|to|pour|le|la|les|l|du|des|de|nah|no|"
    r"non|ok|okay|oh|ah|bon|alors|hm+|um+|erm|uh|well|wait|oops|oups|sorry|desole|please|pls|"
    r"can|could|you|i|my|mets|mettez|ajoute[rz]?|go|up|down|bigger|larger|smaller|on|prends|prenez|"
    r"dessus|dessous|au-dessus|en-dessous|superieure|inferieure|"
    r"ajoutez|add|en|je|voudrais|veux|would|like|a|an|size|taille|grandeur|pointure|"
    r"mistake|bad|meant|mean|should|be|have|been|need|dire|voulais|trompee?|erreur|pardon|desolee?|"
    r"et|and|me|suis|make|meme|same|combien|how|much)(?![\w-])"
)
# "Mettez-en", "ajoute-moi": the verb and its pronoun, two words.
_PRONOUN_AFTER = re.compile(r"(?<=\w)-(?=(?:en|moi|le|la|les|lui|nous)(?!\w))")


def line_edit(text: str) -> LineEdit | None:
    """The change the message asks of a cart line, if it asks one."""
    said = _PRONOUN_AFTER.sub(" ", fold(text).lower())
    rest = " ".join(_CHANGE_WORDS.sub(" ", re.sub(r"[^\w' -]", " ", said)).split())
    if match := _MORE.search(said):
        count = parse_quantity(match.group("n") or match.group("m"))
        return LineEdit(LineChange.MORE, count or 1, rest)
    if _ONE_MORE.search(said):
        return LineEdit(LineChange.MORE, 1, rest)
    if size_step(said):  # "go a size up on the jacket": another size, as many units
        return LineEdit(LineChange.VARIANT, 0, rest)
    if match := _LESS.search(said):  # "une paire de moins": one unit out, the line stays
        return LineEdit(LineChange.OUT, parse_quantity(match.group("n")) or 1, rest)
    if match := _NEW_COUNT.match(said):
        count = parse_quantity(match.group("n"))
        if count and count <= _MOST_SAID_ALONE:
            # said alone, or with an aside after a comma ("one's for my sister"): the line in view
            return LineEdit(LineChange.ONLY, count, "")
    if (match := _MAKE_IT.match(said)) and (
        not match.group("named") or _NUMBER_ENDS.match(said, match.end())
    ):
        count = parse_quantity(match.group("n"))
        if count and count <= _MOST_SAID_ALONE:
            return LineEdit(LineChange.ONLY, count, rest)
    if taken := (_OUT.match(said) or ("?" not in said and _OUT_AFTER_A_REMARK.match(said))):
        # "retire-en une pour la gourde inox": some of its units, not the line
        counted = re.match(rf"\W*(?:en\s+)?({_COUNT})(?!\w)", said[taken.end() :])
        return LineEdit(
            LineChange.OUT, parse_quantity(counted.group(1)) or 0 if counted else 0, rest
        )
    if (match := _ONLY.search(said)) and not (match.group("one") and _PUT_IN.search(said)):
        # "un seul suffira" keeps one; "ajoute un seul mug" adds one
        count = (
            1 if match.group("one") else parse_quantity(match.group("n") or match.group("enough"))
        )
        if count:
            return LineEdit(LineChange.ONLY, count, rest)
    if (
        (match := _COUNT_FIRST.match(said))
        and _CHANGE_OF_MIND.search(said)
        and not _FOR_ANOTHER.search(said)
    ):
        count = parse_quantity(match.group("n"))
        if count and count <= _MOST_SAID_ALONE:
            return LineEdit(LineChange.ONLY, count, rest)
    if (match := _TAKE_SO_MANY.search(said)) and _CHANGE_OF_MIND.search(said):
        count = parse_quantity(match.group("n"))
        if count and count <= _MOST_SAID_ALONE:
            return LineEdit(LineChange.ONLY, count, rest)
    if _VARIANT.search(said) and not _FOR_ANOTHER.search(said):
        return LineEdit(LineChange.VARIANT, 0, rest)
    put_right = _PUT_RIGHT.search(said) or _NOT_THAT_SIZE.search(said)
    if (
        put_right
        and "?" not in said  # "sorry, do you have them in black?" asks
        and not _ONE_MORE_THING.search(said)
        and not _FOR_ANOTHER.search(said)
    ):
        return LineEdit(LineChange.VARIANT, 0, rest)
    return None
