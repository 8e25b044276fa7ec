"""The words a question names its product with, apart from what it asks about it.

"Le pesto contient-il du fromage ?" asks about the pesto, not about cheese; "le 27 pouces calibré
a-t-il un port Ethernet ?" about the monitor, not the Ethernet cable; "does the slim power bank
charge a laptop?" about the power bank. Searching the whole question finds the product its
predicate names as often as its subject. The subject is what comes between the question's
opening and its verb: before the inverted verb in French ("contient-il", "a-t-elle"), before
the first verb after "est-ce que" or a subject said first ("la camomille est en promo ?"), and
in English between "is/does/can … the" and the verb, preposition or quality asked about.
Pure functions on the text; a question without an article before its subject has none here
("is it vegan?", "est-il étanche ?", "cette veste a-t-elle une capuche ?": the product in view
is meant).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from catalog.text import fold

# Articles that name; "this jacket", "ces écouteurs" point back at the one in view instead.
_ARTICLE = r"(?:(?:the|your|ur|les|le|la|votre|vos|ton|tes|ta)\s+|l'\s*)"
_OPENING_FR = r"(?:(?:et|alors|mais|ok|bon|dites|dis)\W+)?(?:est[- ]ce qu(?:e\s+|'))?"
# "contient-il", "a-t-elle", "sont-ils": the pronoun repeats the subject said before it.
_INVERSION = r"[a-z]+-(?:t-)?(?:il|elle|ils|elles|on)(?![a-z])"
_INVERTED = re.compile(rf"^\W*{_OPENING_FR}(?P<subject>{_ARTICLE}\w.*?)\s+{_INVERSION}")
# The verbs a question about a product puts after its subject, third person.
_VERBS_FR = (
    r"est|sont|a|ont|contient|contiennent|va|vont|fait|font|peut|peuvent|vient|viennent|"
    r"existe|existent|passe|passent|tient|tiennent|convient|conviennent|marche|marchent|"
    r"fonctionne|fonctionnent|inclut|incluent|comprend|comprennent|se|s'|resiste|resistent|"
    r"coute|coutent|possede|possedent|dispose|disposent|garde|gardent|protege|protegent|"
    r"recharge|rechargent|charge|chargent|pese|pesent|mesure|mesurent|sert|servent|supporte|"
    r"supportent|chauffe|chauffent|taille|taillent|offre|offrent|permet|permettent|reste|restent"
)
_SUBJECT_FIRST_FR = re.compile(
    rf"^\W*{_OPENING_FR}(?P<subject>{_ARTICLE}\w.*?)\s*,?\s+"
    r"(?P<pronoun>il |elle |ils |elles |c'|ca )?"
    rf"(?:{_VERBS_FR})(?![a-z])"
)
_OPENING_EN = (
    r"(?:(?:and|so|but|ok|hey)\W+)?(?:is|are|does|do|did|can|could|will|would|has|have|was|were)"
)
# What an English question puts after its subject: a verb, a preposition or a quality asked.
_AFTER_SUBJECT_EN = (
    r"have|has|come|comes|fit|fits|work|works|contain|contains|include|includes|run|runs|"
    r"support|supports|charge|charges|fold|folds|need|needs|use|last|lasts|take|takes|go|goes|"
    r"keep|keeps|get|stay|stays|make|hold|holds|connect|stretch|shrink|resist|survive|protect|"
    r"play|cover|weigh|weighs|cost|costs|ship|require|match|feel|look|wash|block|cancel|"
    r"in|on|for|with|to|at|from|by|without|under|over|inside|into|as|than|after|before|if|"
    r"enough|still|also|really|too|very|available|suitable|safe|good|ok|okay|compatible|made|"
    r"sold|worth|any|a|an|the|machine|dishwasher|microwave|warm|warmer|light|lighter|heavy|"
    r"heavier|stretchy|comfortable|durable|washable|big|bigger|small|smaller|long|longer|"
    r"real|true|vegan|vegetarian|gluten|dairy|lactose|nut|halal|kosher|organic|waterproof|"
    r"water|wireless|noise|loud|quiet|quieter|fast|faster|easy|hard|soft|new|there"
)
_SUBJECT_EN = re.compile(
    rf"^\W*{_OPENING_EN}\s+{_ARTICLE}(?P<subject>[^\W_].*?)\s+(?:{_AFTER_SUBJECT_EN})(?![\w-])"
)
# "And the black espresso cups, how much are those?": the subject said first, the question
# after a comma or a dash, its pronoun repeating it.
_DISLOCATED_EN = re.compile(
    rf"^\W*(?:(?:and|also|so|ok|what about|how about)\W+)?(?P<subject>{_ARTICLE}[^\W_][^,?]*?)"
    r"\s*(?:,|\s-|\s–)\s*(?P<rest>(?:how|what|which|is|are|does|do|can|could|will|would|has|"
    # "The Road Running Shoes, they exist in size 39?": a statement asked, its pronoun first
    r"have)\b.*|(?:it|they)\s[^?]*\?.*)$"
)
_REPEATING = re.compile(r"(?<![\w-])(?:it|they|them|those|these|that|this)(?![\w-])")
# "Le chai, y'a-tu du gingembre dedans ?", "les tasses, elles passent au micro-ondes ?": the
# same in French, the question pointing back with a pronoun or "dedans".
_DISLOCATED_FR = re.compile(
    rf"^\W*(?:(?:et|alors|ok|bon)\W+)?(?P<subject>{_ARTICLE}[^\W_][^,?]*?)\s*,\s*"
    r"(?P<rest>(?=[^?]*(?<![\w'])(?:il|elle|ils|elles|y|dedans|ca|c)(?![\w-]))[^?]*\?.*)$"
)
_REPEATING_FR = re.compile(r"(?<![\w'-])(?:il|elle|ils|elles|dedans|ca)(?![\w-])")
_LEADING_ARTICLE = re.compile(rf"^{_ARTICLE}")
# "L'adaptateur secteur est-il fourni ?", "the cable is included?": whether a part comes with
# the product in view, which its subject does not name.
_COMES_WITH_IT = re.compile(
    r"(?<![\w-])(?:fourni|fournie|fournis|fournies|inclus|incluse|incluses|compris|comprise|"
    r"comprises|livre avec|livree avec|included|incl|provided|supplied|in the box|"
    r"dans la boite)"
    r"(?![\w-])"
)
# "The green one", "the cheaper ones", "celui en 42": the one in view, told apart by a word.
_POINTING = re.compile(r"(?<![\w-])(?:one|ones|celui|celle|ceux|celles)$")


@dataclass(frozen=True)
class Subject:
    """What a question asks about: its words, article taken off, and whether the rest of the
    question may name the product instead ("do the pins fold on the 65 W one?"); a French
    question's predicate after its verb names what is asked, not the product ("a-t-il un port
    Ethernet ?")."""

    words: str
    rest_may_name: bool


def question_subject(text: str) -> Subject | None:
    """The subject of a question ("pesto" in "Le pesto contient-il du fromage ?"), or None when
    the question names it with no article before a verb ("is it vegan?", "does it have 16
    GB?")."""
    said = _said_subject(text)
    if said is None or _POINTING.search(said.words):
        return None  # "is the green one on sale", "la noire est-elle en stock"
    if asks_what_comes_with_it(text):
        return None  # "l'adaptateur secteur est-il fourni ?": a part of the one in view
    return said


def asks_what_comes_with_it(text: str) -> bool:
    """ "L'adaptateur secteur est-il fourni ?", "is the plug included?": whether a part comes
    with the product in view; what it names is the part."""
    return _COMES_WITH_IT.search(fold(text).lower()) is not None


def told_apart(text: str) -> str | None:
    """The words telling apart the one a question points at among those in view: "organic" in
    "is the organic one in stock?"; None when it points at none that way."""
    said = _said_subject(text)
    pointing = _POINTING.search(said.words) if said is not None else None
    return (said.words[: pointing.start()].strip() or None) if said and pointing else None


_SHAPES = (_INVERTED, _SUBJECT_FIRST_FR, _DISLOCATED_EN, _DISLOCATED_FR, _SUBJECT_EN)
_SET_APART = (_INVERTED, _DISLOCATED_EN, _DISLOCATED_FR)
# Where a clause may open: "For the lunch of my kids, the granola bars, they have honey?"
_CLAUSE_OPENS = re.compile(r"[,.;:!?]\s+")


def _asking_clause(text: str) -> str:
    """The message from the clause whose words ask a question of a subject: the whole message
    when it opens with one, else the first clause after a comma or a sentence's end that does;
    the whole message when none does."""
    said = fold(text).lower().replace("’", "'")
    if any(shape.match(said) for shape in _SHAPES):
        return text
    if len(said) != len(text):  # "œ" folds to "oe": offsets into `text` come from its own case
        said = text.lower().replace("’", "'")
    # later, only the shapes whose subject is plainly set apart ("the granola bars, they…",
    # "le pesto contient-il…"): "Is the QHD one adjustable in height?" after a remark reads
    # "QHD one adjustable" as the subject
    for start in (found.end() for found in _CLAUSE_OPENS.finditer(said)):
        if any(shape.match(said[start:]) for shape in _SET_APART):
            return text[start:]
    return text


def _said_subject(text: str) -> Subject | None:
    """The words between a question's opening and its verb, article taken off."""
    said = fold(_asking_clause(text)).lower().replace("’", "'")
    for shape in _SHAPES:
        found = shape.match(said)
        if found is not None:
            words = _LEADING_ARTICLE.sub("", found["subject"]).strip(" ,")
            # "Is the QHD one adjustable in height?": the subject ends with "one"
            words = words[: one.end()] if (one := _ONE_IN_IT.search(words)) else words
            return Subject(words, rest_may_name=shape is _SUBJECT_EN) if words else None
    return None


_ONE_IN_IT = re.compile(r"(?<![\w-])(?:one|ones)(?![\w-])")


def without_repeated_subject(text: str) -> str:
    """The question without the pronoun that repeats a subject said before it: "le pesto
    contient-il du fromage ?" and "le col V en blanc, c'est combien ?" point at nothing ("il",
    "c'" are what they name), "contient-il du fromage ?" still points back at the product in
    view."""
    clause = _asking_clause(text)
    if clause is not text:  # what comes before the question's clause points at nothing
        return without_repeated_subject(clause)
    said = fold(text).lower().replace("’", "'")
    if (found := _INVERTED.match(said)) is not None:
        inverted = found.group(0)[found.end("subject") :]
        pronoun = re.compile(r"-(?:t-)?(?:il|elle|ils|elles|on)$")
        return found["subject"] + pronoun.sub("", inverted) + said[found.end() :]
    if (found := _SUBJECT_FIRST_FR.match(said)) is not None and found["pronoun"]:
        return said[: found.start("pronoun")] + said[found.end("pronoun") :]
    if (found := _DISLOCATED_EN.match(said)) is not None:
        return f"{found['subject']}, {_REPEATING.sub('', found['rest'])}"
    if (found := _DISLOCATED_FR.match(said)) is not None:
        return f"{found['subject']}, {_REPEATING_FR.sub('', found['rest'])}"
    if (found := _SUBJECT_EN.match(said)) is not None and question_subject(text) is not None:
        # "Do the oat and honey bars have sesame in them?": "them" are the bars
        return said[: found.end("subject")] + _REPEATING.sub("", said[found.end("subject") :])
    return text
