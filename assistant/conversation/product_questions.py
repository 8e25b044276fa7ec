"""Answer a shopper's question about one product, or about the products just shown, from what
the catalog stores: its variants (colours, sizes, stock), its price and its attributes.

"Do you have them in 43?", "is it in stock?", "does the Aero 14 have 16 GB of RAM?", "is it
gluten free?", "how heavy is it?", "which one is lighter?", "lequel a le plus grand écran ?".
A yes/no question gets "yes" or "no" only when the data says so; otherwise "the merchant doesn't
say". Pure functions: the action finds the products and renders the `Answer` with the wording
catalogue. Which words point at which specification: `attribute_words.yml`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import yaml
from snowballstemmer import stemmer

from assistant.conversation.opposites import contrary_of
from assistant.conversation.pointed_by_price import without_price_pointing
from assistant.conversation.question_subject import asks_what_comes_with_it
from assistant.conversation.variants import named_size, named_value
from assistant.conversation.wording import shown_value
from assistant.kernel.money import format_money
from assistant.services.views import Option, ProductView
from catalog.categories import Unit, common_word, lexicon, norm, split_words, units
from catalog.colours import is_colour_name, same_family
from catalog.text import fold

WORDS_FILE = Path(__file__).with_name("attribute_words.yml")

_YES_NO_EN = re.compile(
    r"^(?:and |so |but |ok |hey )?(?:is|are|does|do|did|has|have|can|could|will|would|got|"
    r"any chance|is there|are there|are they|is it|r|iz|dose|does it|doe)\b"  # "r they", texted
)
_YES_NO_FR = re.compile(
    r"^(?:et |alors |mais |ok |pis |puis )?"
    r"(?:est ce|est il|est elle|sont ils|sont elles|a t il|a t elle|"
    r"y a t il|il y a|c est|il est|elle est|ils sont|elles sont|vous avez|avez vous|tu as|"
    r"as tu|vous l avez|vous les avez|il existe|elle existe|ca existe|existe t il|il fait|"
    r"elle fait|il a|elle a|ils ont|il contient|elle contient|ca contient|contient il|"
    r"on peut|je peux|peut on|y a|ya|y en a)\b"
)
# The tag as typed, to take off the question: "non" would otherwise be asked about.
_TAG_SAID = re.compile(
    r"[\s,]+(?:right|correct|innit|non|hein|pas vrai|n'est-ce pas|n est ce pas|lol|mdr|"
    r"ou pas|ou non|or not|oui ou non|yes or no)\W*$",
    re.IGNORECASE,
)
# A statement asked to be confirmed: "caffeine free right", "c'est sans gluten non".
_TAG_QUESTION = re.compile(
    r"\b(?:right|correct|innit|isnt it|arent they|doesnt it|non|hein|c est ca|c est bien ca|"
    r"pas vrai|n est ce pas)$"
)
_WH = re.compile(
    r"\b(?:how|what|which|whats|when|where|why|who|combien|cb|quel|quelle|quels|quelles|lequel|"
    r"laquelle|lesquels|lesquelles|comment|pourquoi|ou(?! pas| non| bien)|quand|qu est|quoi)\b"
)  # "ou" is "where" (accents gone), but "or" in "il est stretch ou pas ?"
_WHICH = re.compile(r"\b(?:which|lequel|laquelle|lesquels|lesquelles|quel|quelle)\b")
_STOCK = re.compile(
    r"\b(?:in stock|available|availability|left|sold out|en stock|disponible|disponibles|dispo|"
    r"dispos|epuise|epuisee|rupture|reste|"
    # "can I buy it right now?", "je peux le commander maintenant ?": whether it is sold now
    r"(?:buy|order|get) (?:it |them |one |the [a-z0-9 ]+ )?(?:right )?(?:now|today)|"
    r"(?:acheter|commander) (?:[a-z0-9 ]+ )?(?:maintenant|tout de suite|aujourd hui))\b"
)
# "Is it on sale?", "c'est en promo ?": whether a price is reduced (read on plain text).
_SALE = re.compile(
    r"\b(?:on sale|on offer|on special|discount|discounted|reduced|marked down|"
    r"en promo|en promotion|promo|en solde|en soldes|solde|soldee?s?|en special|en rabais|"
    r"rabais|en reduction|prix reduite?s?|remise|en action|en actions|"  # Swiss "en action"
    r"promotion|promotions|ristournes?|any deals?|a deal)\b"
)
_PRICE = re.compile(
    r"\b(?:how much|prices?|priced|cost|costs|combien|cb|prix|coute|coutent|tarifs?)\b"
)
# "Which is cheapest?" (group 1) or "the most expensive?" (group 2).
_PRICE_ORDER = re.compile(
    r"\b(?:(cheapest|cheaper|least expensive|less expensive|moins cher|moins chere|moins chers|"
    r"moins cheres)|"
    r"(most expensive|more expensive|dearest|dearer|priciest|pricier|plus cher|plus chere|"
    r"plus chers|plus cheres))\b"
)
# "The cheapest one", "le moins cher des deux": among the products in view.
_OF_THESE = re.compile(
    r"\b(?:the|le|la|les)\s+(?:cheapest|least expensive|most expensive|priciest|dearest|"
    r"moins cher|moins chere|plus cher|plus chere)\s+(?:one|ones|of (?:them|those|these|the two)|"
    r"des deux|d entre eux|de ceux la|des trois)\b"
)
_COLOURS = re.compile(r"\b(?:colou?rs?|couleurs?|coloris)\b")
_SIZES = re.compile(r"\b(?:sizes?|tailles?|pointures?)\b")
# "gluten free?", "sans gluten ?", "made without gluten?": the absence asked, not the presence
_ASKS_FREE = re.compile(r"\b(?:free|sans|without)\b")
_AMOUNT = re.compile(
    r"(\d+(?:[.,]\d+)?)\s*(tb|to|gb|go|mb|mo|kg|g|grams|grammes|in|inch|inches|pouces|\"|h|"
    r"hours|heures|mah|ml|cl|l|litres?|liters?)\b"
)
# Units to one scale per dimension, so that "1 TB" beats "512 GB" and "1.1 kg" is 1100 g.
_UNITS = {
    "tb": ("bytes", 1000.0), "to": ("bytes", 1000.0), "gb": ("bytes", 1.0),
    "go": ("bytes", 1.0), "mb": ("bytes", 0.001), "mo": ("bytes", 0.001),
    "kg": ("mass", 1000.0), "g": ("mass", 1.0), "grams": ("mass", 1.0), "grammes": ("mass", 1.0),
    "in": ("length", 1.0), "inch": ("length", 1.0), "inches": ("length", 1.0),
    "pouces": ("length", 1.0), '"': ("length", 1.0),
    "h": ("time", 1.0), "hours": ("time", 1.0), "heures": ("time", 1.0),
    "mah": ("charge", 1.0), "ml": ("volume", 1.0), "cl": ("volume", 10.0), "l": ("volume", 1000.0),
    "litre": ("volume", 1000.0), "litres": ("volume", 1000.0), "liter": ("volume", 1000.0),
    "liters": ("volume", 1000.0),
}  # fmt: skip
_LESS = re.compile(r"\b(?:less than|under|below|at most|moins de|sous|max|maximum)\b")
_YES_VALUES = {"yes", "true", "oui", "vrai", "y", "1"}
_NO_VALUES = {"no", "false", "non", "faux", "n", "0"}
_NONE_VALUES = {"none", "no", "aucun", "aucune", "sans", "-", "n/a"}


def plain(text: str) -> str:
    """Folded, punctuation as spaces, padded: " does it have 16 gb of ram " for word lookups."""
    kept = re.sub(r"(?<=\d)[.,](?=\d)", "#", fold(text).lower())  # "1.1" stays one word
    return f" {' '.join(re.sub(r'[^a-z0-9#]+', ' ', kept).replace('#', '.').split())} "


def _has(text: str, phrase: str) -> bool:
    return f" {phrase} " in text


@dataclass(frozen=True)
class Concept:
    name: str
    keys: tuple[str, ...]
    words: tuple[str, ...]
    kind: str
    label: Mapping[str, str]
    more: Mapping[str, Any] = field(default_factory=dict)
    less: Mapping[str, Any] = field(default_factory=dict)
    allergen: str | None = None
    # allergens that settle a "no" when the flag is not given: milk or eggs make it no vegan
    ruled_out_by: tuple[str, ...] = ()

    def asked_in(self, text: str) -> bool:
        return any(_has(text, word) for word in self.words)

    def value_of(self, attributes: Mapping[str, str]) -> str | None:
        for key, value in attributes.items():
            if " ".join(plain(key).split()) in self.keys:
                return value
        return None


@dataclass(frozen=True)
class Vocabulary:
    concepts: tuple[Concept, ...]
    allergens: Mapping[str, tuple[str, ...]]
    # an allergen -> the others a search without it leaves out too ("nuts": peanuts)
    avoided_together: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


@cache
def vocabulary(path: Path = WORDS_FILE) -> Vocabulary:
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    allergens = {
        name: tuple(" ".join(plain(word).split()) for word in words)
        for name, words in document.pop("allergen_words").items()
    }
    together = {
        name: tuple(more) for name, more in document.pop("allergens_avoided_together").items()
    }
    concepts = tuple(
        Concept(
            name=name,
            keys=tuple(" ".join(plain(key).split()) for key in entry["keys"]),
            words=tuple(" ".join(plain(word).split()) for word in entry["words"]),
            kind=entry["kind"],
            label=entry["name"],
            more=entry.get("more") or {},
            less=entry.get("less") or {},
            allergen=entry.get("allergen"),
            ruled_out_by=tuple(entry.get("ruled_out_by") or ()),
        )
        for name, entry in document.items()
    )
    return Vocabulary(concepts, allergens, together)


@dataclass(frozen=True)
class Answer:
    """What to say: a label of the wording catalogue and its placeholders, and the product the
    answer is about (the action offers to add it)."""

    label: str
    values: Mapping[str, str]
    product: ProductView
    verdict: str | None = None  # "yes" / "no" / "unknown" for a yes/no question
    sku: str | None = None  # the variant asked about, when one was ("in blue, size M")


def _question_clause(text: str) -> str:
    """The question of a message that says more: "does it resist odour? its for a trek"."""
    text = _TEXTED.sub(lambda found: _SPELLED[found.group(0).lower()], text)
    if "?" in text:
        # "Pas grave. Elle est sans fil ?": the sentence asking, not the words said before it
        clauses = [clause for clause in re.split(r"(?<=\?)|(?<=[.!])\s+", text) if "?" in clause]
        return clauses[0].strip() if clauses else text
    return text


def _asked_after_its_topic(text: str) -> str:
    """The question after the product it asks about: "the vertical mouse, is it wireless" asks
    "is it wireless" (which product is read from the whole message)."""
    topic, comma, asked = text.partition(", ")
    if comma and topic and _ABOUT_IT_ASKED.match(" ".join(plain(asked).split())):
        return asked.strip()
    return text


# A question whose subject is "it": "is it wireless", "are they leather", "est-ce qu'il …"
_ABOUT_IT_ASKED = re.compile(
    r"^(?:is|are|r|does|do|did|has|have|can|will|would)\s+(?:it|they|that|this|those|these)\b|"
    r"^(?:est ce qu (?:il|elle|ils|elles)|est il|est elle|sont ils|sont elles|il est|elle est|"
    r"ils sont|elles sont)\b"
)


# Contractions typed without their apostrophe: "theyre leather?", "isnt it wool"
_SPELLED = {
    "theyre": "they are",
    "thats": "that is",
    "isnt": "is not",
    "arent": "are not",
    "doesnt": "does not",
    "dont": "do not",
}
_TEXTED = re.compile(rf"(?<![\w'-])(?:{'|'.join(_SPELLED)})(?![\w'-])", re.IGNORECASE)


# Where a message's clauses meet: a sentence's end, a comma, a semicolon, a dash.
_CLAUSE_BREAK = re.compile(r"(?<=[.!?;,])\s+|\s+[-–—]+\s+")
# A request asked as a question: "can you add …", "could I get …", "je peux avoir …".
_A_REQUEST = re.compile(
    r"^(?:and |et |so |ok )?(?:(?:can|could|would|will|may) (?:you|u|i|we)|je peux|on peut|"
    r"peut on|pouvez vous|tu peux|pourriez vous|puis je)\b"
)


def question_beside(text: str) -> str | None:
    """The question a message asks after saying something else ("add the grey hoodie in M. is
    it warm enough for winter?", "mets-moi le polo blanc en L, il est en coton ?"): from the
    first clause after the first that opens a yes/no question or asks for a detail; None when
    there is none ("can I get the hoodie in grey, size M?" asks nothing more). Typed with no
    question mark, the last clause asks when it opens as a yes/no question does ("n the
    vertical mouse too. is it wireless")."""
    for start in (found.end() for found in _CLAUSE_BREAK.finditer(text)):
        clause = _CLAUSE_BREAK.split(text[start:], maxsplit=1)
        said = " ".join(plain(clause[0]).split())
        if _A_REQUEST.match(said):
            continue  # "hi! can you add a charging pad and 2 car chargers": an order
        asks = "?" in text and (_opens_yes_no(said) or _WH.match(said))
        if said and (asks or (len(clause) == 1 and _YES_NO_EN.match(said))):
            return text[start:]
    return None


def is_yes_no(text: str) -> bool:
    """ "Is it in stock?", "got them in black?", "c'est vegan ?": a question answered yes or no;
    in a message that says more, its question ("hello! are the chelsea boots on sale? saw
    something on insta")."""
    text = _asked_after_its_topic(_question_clause(text))
    said = " ".join(plain(text).split())
    if _WH.search(_WHEN_CLAUSE.sub(" ", said) if _opens_yes_no(said) else said):
        return False
    return _opens_yes_no(said) or text.strip().endswith("?")


# "Has it got a wee cover for when it's chucking it down?": a yes/no question whose "when"
# opens a clause of its own, asking no time
_WHEN_CLAUSE = re.compile(r"(?<=\w )(?:for )?(?:when|whenever|while|where|quand|lorsque)\b.*$")


def _opens_yes_no(said: str) -> bool:
    """ "Is it...", "c'est...": the words of a yes/no question, not only its question mark."""
    said = " ".join(said.split())
    return bool(_YES_NO_EN.match(said) or _YES_NO_FR.match(said) or _TAG_QUESTION.search(said))


def asks_about(text: str) -> bool:
    """ "How many litres is it?", "combien de protéines ?": a question asking for a detail
    (how, what, combien...), answered from what is known of a product."""
    return bool(_WH.search(" ".join(plain(_question_clause(text)).split())))


def asks_price(text: str) -> bool:
    """ "How much is it?", "c cb", "ça coûte combien ?", "what's the price of the 16 GB one";
    not "il pèse combien ?" or "combien de litres ?", which ask about a specification."""
    said = plain(text)
    if _PRICE_WORDS.search(said):
        return True
    if not _PRICE.search(said) or _ASKS_A_MEASURE.search(said):
        return False
    # "the 24 inch one, how much?", "le 27 pouces c'est combien": the measure names the
    # product; the question, closing the message, asks its price.
    return (
        not any(c.asked_in(said) for c in vocabulary().concepts)
        or bool(re.search(r"\bhow much (?:is|are|does|do|for|would|will)\b", said))
        or bool(re.search(r"\b(?:how much|combien|cb)\s*$", said))
    )


# "Combien de litres", "how much does it weigh": a measure asked, not a price.
_ASKS_A_MEASURE = re.compile(
    r"\b(?:combien|cb) d(?:e|es|u)?\b|\bweigh(?:s|ts?|ing)?\b|\bpese(?:nt)?\b|"
    r"\b(?:dure|durent|tient|tiennent|mesure|mesurent|lasts?|holds?)\b"
)
_PRICE_WORDS = re.compile(r"\b(?:prices?|priced|prix|cost|costs|coute|coutent|tarifs?)\b")


def is_which(text: str) -> bool:
    """ "Which of those is wireless?", "lequel est étanche ?": a question about the list; not
    "à quelle température ?", which asks a value."""
    said = plain(text)
    return bool(_WHICH.search(_A_VALUE_ASKED.sub(" ", said)))


# "À quelle température", "de quelle taille", "en quelle matière": a value, not a product.
_A_VALUE_ASKED = re.compile(r"\b(?:a|de|en|pour|par|avec|dans) quel(?:le)?s?\b")


def is_comparison(text: str) -> bool:
    """ "Which one is lighter?", "lequel a le plus grand écran ?", "which is cheapest?",
    "what's the cheapest one?"."""
    said = plain(text)
    if _PRICE_ORDER.search(said) and (_WHICH.search(said) or _OF_THESE.search(said)):
        return True
    return bool(_WHICH.search(said)) and any(
        _has(said, word)
        for concept in vocabulary().concepts
        for side in (concept.more, concept.less)
        for word in side.get("words", ())
    )


def _amounts(value: str) -> list[tuple[str, float]]:
    """ "1.1 kg" -> [("mass", 1100.0)]; "512 GB / 1 TB" gives both; [] when none has a unit."""
    found = []
    for number, unit in _AMOUNT.findall(fold(value).lower()):
        dimension, scale = _UNITS[unit]
        found.append((dimension, float(number.replace(",", ".")) * scale))
    return found


def _amount(value: str) -> tuple[str, float] | None:
    amounts = _amounts(value)
    return amounts[0] if amounts else None


def _attributes(product: ProductView) -> dict[str, str]:
    """The product's attributes, and each variant's own ones joined ("512 GB / 1 TB")."""
    merged = dict(product.attributes)
    per_variant: dict[str, list[str]] = {}
    for option in product.options:
        for key, value in option.attributes:
            values = per_variant.setdefault(key, [])
            if value not in values:
                values.append(value)
    for key, values in per_variant.items():
        merged.setdefault(key, " / ".join(values))
    return merged


def _asked_concept(text: str, attributes: Mapping[str, str]) -> Concept | None:
    """The specification the question is about: one the product has first, the first named
    in attribute_words.yml otherwise (whose absence makes the answer "doesn't say")."""
    asked = [concept for concept in vocabulary().concepts if concept.asked_in(text)]
    if _allergens_named(text):  # "is it nut free?", "any milk in it?": the allergens say
        asked += [concept for concept in vocabulary().concepts if concept.kind == "list"]
    for concept in asked:
        if concept.value_of(attributes) is not None or (
            concept.allergen and _allergen_list(attributes) is not None
        ):
            return concept
    return asked[0] if asked else None


def _beyond_its_name(said: str, product: ProductView) -> str:
    """The question without the words before its verb that name the product by its title, in
    either language ("la doudoune légère est-elle…"); after the verb they are what is asked
    ("elles sont fabriquées dans un atelier sans gluten ?" of the Gluten Free Fusilli)."""
    title = _texts(product.title)
    words = split_words(said)
    verb = next((i for i, word in enumerate(words) if _VERB.fullmatch(word.folded)), len(words))
    named = {
        position
        for unit in units(said)
        if unit.position < verb and unit.concepts and _unit_described(unit, *title)
        for position in range(unit.position, unit.position + len(unit.words))
    }
    return f" {' '.join(w.folded for i, w in enumerate(words) if i not in named)} "


# The verb a question turns on: "is", "sont", "est-elle", "taillent-ils".
_VERB = re.compile(
    r"is|are|was|were|does|do|did|has|have|can|could|will|would|est|sont|a|ont|fait|font|va|"
    r"vont|peut|peuvent|[a-z]+-(?:t-)?(?:il|elle|ils|elles|on|tu)"
)


def _allergen_list(attributes: Mapping[str, str]) -> str | None:
    allergens = next(c for c in vocabulary().concepts if c.kind == "list")
    return allergens.value_of(attributes)


def _contains(listed: str, allergen: str) -> bool:
    folded = plain(listed)
    return any(_has(folded, word) for word in vocabulary().allergens.get(allergen, ()))


def _allergens_named(text: str) -> list[str]:
    return [
        name
        for name, words in vocabulary().allergens.items()
        if any(_has(text, word) for word in words)
    ]


def allergen_family(words: Sequence[str]) -> tuple[str, ...]:
    """The words, and every one-word name of an allergen one of them names ("nuts" -> almonds,
    cashews, hazelnuts, peanuts...): a search without nuts leaves out whatever lists one."""
    said = {" ".join(plain(word).split()) for word in words}
    found = list(words)
    known = vocabulary()
    for name, family in known.allergens.items():
        if not said & set(family):
            continue
        for allergen in (name, *known.avoided_together.get(name, ())):
            found += [w for w in known.allergens[allergen] if " " not in w and w not in found]
    return tuple(found)


def _shown_value(value: str, lang: str) -> str:
    """A stored value as a reply writes it: "yes" as "oui", "1.1 kg" as "1,1 kg", "28 h with
    the case" as "28 h avec le boîtier" in French."""
    folded = fold(value).strip().lower()
    if lang == "fr":
        value = {"yes": "oui", "no": "non", "none": "aucun"}.get(folded, value)
        value = _VALUE_WORDS_FR.sub(lambda said: _value_words_fr()[said.group().lower()], value)
        return re.sub(r"(\d)\.(\d)", r"\1,\2", value)
    return value


VALUE_WORDS_FILE = Path(__file__).with_name("value_words.yml")


@cache
def _value_words_fr() -> dict[str, str]:
    words = yaml.safe_load(VALUE_WORDS_FILE.read_text(encoding="utf-8"))
    return {str(english).lower(): str(french) for english, french in words.items()}


_VALUE_WORDS_FR = re.compile(
    r"(?<!\w)(?:"
    + "|".join(re.escape(word) for word in sorted(_value_words_fr(), key=len, reverse=True))
    + r")(?!\w)",
    re.IGNORECASE,
)


def _sale_answer(product: ProductView, lang: str, asked: Sequence[Option] | None = None) -> Answer:
    """ "Is the travel mug on sale?": yes with what is reduced, from what to what (naming the
    colour or size when only some are), or no with its price. `asked`: the variants the
    question names ("is the white 512gb one on sale?"), else all of them."""
    available = [option for option in asked or product.options if option.available]
    reduced = [option for option in available if option.on_sale]
    if not reduced:
        lowest = min((o.price_minor for o in available if o.price_minor is not None), default=None)
        price = format_money(
            lowest if lowest is not None else product.min_price_minor, product.currency, lang
        )
        return Answer("label_answer_not_on_sale", _values(product, price=price), product, "no")
    best = min(reduced, key=lambda option: option.price_minor or 0)
    which = " ".join(value for value in (best.color, best.size) if value)
    return Answer(
        "label_answer_on_sale",
        _values(
            product,
            price=format_money(best.price_minor or 0, product.currency, lang),
            regular=format_money(best.regular_price_minor or 0, product.currency, lang),
            which=f" ({which})" if which and len(reduced) < len(available) else "",
        ),
        product,
        "yes",
    )


def _values(product: ProductView, **more: str) -> dict[str, str]:
    return {"title": product.title, **more}


def answer_question(
    text: str,
    product: ProductView,
    lang: str,
    color: str | None = None,
    size: str | None = None,
    names: Mapping[str, str] | None = None,
) -> Answer | None:
    """The answer to `text` about `product`, or None when `text` is not a question this module
    answers (a plain "details" request, say)."""
    # "celle à 9,99, elle est avec fil ?": the price points at the product, it is not asked
    text = _asked_after_its_topic(_question_clause(without_price_pointing(text)))
    yes_no = is_yes_no(text)
    text = _TAG_SAID.sub("", text) or text  # "c'est sans caféine, non ?": asks "sans caféine"
    said = plain(text)
    if asks_price(text) and not yes_no:
        return None  # "how much is the 24 inch one?": the product's card gives its price
    variant = _variant_answer(said, product, lang, color, size, names or {}, yes_no, text)
    if variant is not None:
        return variant
    taken_with = _taken_with(said) if yes_no else []
    if taken_with:
        # "Is the Earl Grey nice with a drop of milk?": what it is taken with, not what it holds
        return _taken_with_answer(taken_with, product)
    attributes = _attributes(product)
    # "La doudoune légère est-elle imperméable ?": "légère" names the Lightweight Down
    # Jacket, it asks no weight
    concept = _asked_concept(_beyond_its_name(said, product), attributes)
    if (
        concept is not None
        and concept.kind == "list"
        and not _allergens_named(said)
        and not _ALLERGENS_ASKED.search(said)
    ):
        concept = None  # "Il contient de la cannelle ?": no allergen, the description says
    opens_yes_no = _opens_yes_no(said)
    if concept is not None:
        # "Poids ?" names a measure with no yes/no in it: the value is the answer.
        topic = (
            yes_no
            and concept.kind in {"measure", "capacity"}
            and not opens_yes_no
            and not _AMOUNT.search(said)
        )
        answer = _attribute_answer(
            said, product, concept, attributes, lang, yes_no and not topic, text
        )
        if concept.allergen and concept.kind == "flag" and not _ASKS_FREE.search(said):
            # "Les crackers, ils contiennent du gluten ?" asks the contrary of "gluten free?"
            answer = _contrary_answer(answer)
        if answer.label == "label_answer_unknown" and not opens_yes_no:
            # "what's the max volume?" of headphones: no volume attribute, but a sentence;
            # "Pis sont-elles doublées ?": the sentence saying it answers yes
            asked_yes_no = yes_no and not _a_topic(text)
            return _clause_described(text, product, yes_no=asked_yes_no) or answer
        return answer
    if _SALE.search(said):
        return _sale_answer(product, lang)
    if _STOCK.search(said):
        if product.available:
            return Answer("label_answer_in_stock", _values(product), product, "yes")
        return Answer("label_answer_not_in_stock", _values(product), product, "no")
    if yes_no:
        answer = _from_description(text, product, lang)
        if answer.verdict == "unknown":
            # "Is it metal?" of a plastic laptop, "c'est du cuir ?" of suede shoes: the feed's
            # material column says what the description may not
            answer = _material_answer(text, product, lang) or answer
        if answer.verdict == "unknown" and not opens_yes_no:
            # "battery life?", "autonomie avec le boîtier ?": a topic asked, not a yes or no;
            # "Il faut des piles ?" is one, which the sentence saying it answers
            return _clause_described(text, product, yes_no=not _a_topic(text)) or answer
        return answer
    return _measure_described(said, product) or _clause_described(text, product)


# "Any allergens?", "il y a des allergènes ?": the list asked for, whatever it holds.
_ALLERGENS_ASKED = re.compile(r"\ballerg")
_FLIPPED = {"yes": "no", "no": "yes"}


def _contrary_answer(answer: Answer) -> Answer:
    """The answer to the contrary question: the same evidence, the other verdict."""
    flipped = _FLIPPED.get(answer.verdict or "")
    if flipped is None or not answer.label.endswith(f"_{answer.verdict}"):
        return answer
    label = answer.label.removesuffix(f"_{answer.verdict}") + f"_{flipped}"
    return replace(answer, label=label, verdict=flipped)


# "Nice with a drop of milk?", "il se prépare avec du lait ?", "does it go with milk": an
# allergen said as what the product is taken with. "Made with milk?" asks what it holds.
_WITH = re.compile(r"\b(?<!made )(?<!fait )(?<!faite )(?<!faits )(?:with|avec)\s+((?:\w+\s+){0,4})")


def _taken_with(said: str) -> list[str]:
    """The allergens the question says the product is taken with (`said` is plain text)."""
    named = []
    for found in _WITH.finditer(f"{said} "):
        after = f" {found.group(1)} "
        named += [
            name for name, words in vocabulary().allergens.items()
            if any(_has(after, word) for word in words)
        ]  # fmt: skip
    return named


def _taken_with_answer(allergens: Sequence[str], product: ProductView) -> Answer:
    """Yes, quoting the description's sentence that takes the product with one of the
    `allergens` ("lovely with a splash of milk", "Simmer with milk"); the merchant doesn't say
    otherwise."""
    words = [word for name in allergens for word in vocabulary().allergens[name]]
    for sentence in _sentences(product.description or ""):
        text = f" {plain(sentence)} "
        if re.search(r"\b(?:with|avec)\b", text) and any(_has(text, word) for word in words):
            values = _values(product, quote=_quoted(sentence))
            return Answer("label_answer_described_quote", values, product, "yes")
    return Answer("label_answer_unknown", _values(product), product, "unknown")


def _a_topic(text: str) -> bool:
    """A few words naming what is asked, no sentence: "battery life?", "autonomie ?"; not
    "rain cover incl?", which asks whether it comes with it."""
    return len(split_words(text)) <= 3 and not asks_what_comes_with_it(text)


# "How many litres", "combien de protéines", "how many hours": the thing counted.
_COUNTED_THING = re.compile(
    r"\b(?:how many|how much|combien d(?:e|es|u)?|cb d(?:e|es|u)?|quel(?:le)?s? nombre d)\s+"
    r"(\w+)"
)
# The French name of a unit a description writes in English: "combien d'heures" -> "hours".
_UNIT_NAMES = {"heure": "hour", "jour": "day", "semaine": "week", "gramme": "gram",
               "pouce": "inch", "annee": "year", "calor": "calor"}  # fmt: skip
# A number, maybe a unit, then up to two words: "28 litre", "20 g of protein", "30 hours".
_MEASURED = re.compile(
    r"(\d+(?:[.,]\d+)?)\s*(?:[a-z%]{1,3}\b\s*)?(?:of\s+|de\s+)?((?:\w+\s+){0,2}\w+)"
)


def _sentences(text: str) -> list[str]:
    return re.split(r"(?<=[.;!?])\s+", text)


def _quoted(sentence: str) -> str:
    """A sentence as a reply quotes it: the merchant's words as written, one space between
    words, ending as a sentence ends (a ";" that split it off is dropped)."""
    return " ".join(sentence.split()).rstrip(";,: ")


def _measure_described(said: str, product: ProductView) -> Answer | None:
    """ "How many litres is it?": the clause of the title or description giving a number of
    that thing ("a ventilated 28 litre hiking pack"), quoted; None when none does."""
    asked = _COUNTED_THING.search(said)
    if asked is None or len(asked.group(1)) < 4:
        return None
    stem = fold(asked.group(1)).lower()[:5]
    stem = next((name[:5] for french, name in _UNIT_NAMES.items() if french[:5] == stem), stem)
    for sentence in _sentences(f"{product.title}. {product.description}"):
        for clause in re.split(r"[.;,]|\band\b|\bwith\b", sentence):
            for found in _MEASURED.finditer(fold(clause).lower()):
                if any(word.startswith(stem) for word in found.group(2).split()):
                    # the whole sentence: the merchant's words as written, not a fragment
                    quote = _quoted(sentence)
                    return Answer("label_answer_quote", _values(product, quote=quote), product)
    return None


# What a kind of question is answered with, whatever it names: "how long does it keep it
# hot?" with a duration, "where is it made?" with a place. (question words, answer words),
# both read on plain text.
_ANSWER_SHAPES = (
    (
        r"\b(?:how long|combien de temps|autonomie|battery|batterie|duree|dure|last|lasts|"
        r"temps?|cuisson|cooking|cook|times?)\b",
        r"\b\d+\s*(?:h|hrs?|hours?|heures?|days?|jours?|minutes?|min)\b",
    ),
    (
        r"\b(?:where|d ou|origin|origine|fabrique\w*|made|vient|viennent|provenance)\b",
        r"\b(?:made in|from|handmade|grown|origin|produced|sourced|harvested)\b",
    ),
    (
        r"\b(?:temperature|degres?|degrees|cold|chaud|froid|infus\w*|brew\w*|steep\w*)\b",
        r"\d+\s*(?:°|degrees|c\b)",
    ),
    (
        r"\b(?:how high|how tall|hauteur|haut|heel|talon|length|longueur)\b",
        r"\b\d+(?:[.,]\d+)?\s*(?:cm|mm|m|inch|inches)\b",
    ),
    (r"\b(?:watts?|puissance|power)\b", r"\b\d+\s*w\b"),
    (r"\b(?:volume|loud|db|decibels?)\b", r"\b\d+\s*db\b"),
    (r"\b(?:notes?|taste|tastes|flavou?rs?|gout|saveurs?|arome|aromes)\b", r"\bnotes? of\b"),
    (
        # "what's in it?", "what's it made of?", "c'est fait en quoi ?": what it holds
        r"\b(?:whats in|what is in|what s in|made of|made from|composition|ingredients?|"
        r"fait en quoi|fait de quoi|compose|contenu)\b",
        r"\b(?:made (?:of|from|with)|filled with|flavou?rs?|blend of|\d+\s*%|includes?|"
        r"contains?|with)\b",
    ),
)


def _clause_described(question: str, product: ProductView, yes_no: bool = False) -> Answer | None:
    """ "Where is the matcha from?", "jusqu'à quelle température ?": the sentence of the
    description that answers, quoted: the one saying most of what is asked (its words, in
    either language) in the shape such a question is answered with; None when none does.
    `yes_no`: a question answered yes or no ("Il faut des piles ?", "Elle se range dans une
    poche ?"): a sentence saying every thing it asks answers yes."""
    asked = _asked_units(question, _FILLER)
    # The product's own name says which product more than what is asked ("the family tin").
    title = f" {' '.join(w.norm for w in split_words(product.title))} "
    named = [all(f" {w} " in title for w in unit.words) for unit in asked]
    said = plain(question)
    shapes = [(ask, answer) for ask, answer in _ANSWER_SHAPES if re.search(ask, said)]
    # "Jusqu'à quelle température ?" asks only what its shape says: the shape alone answers.
    # "What's the battery life?" of a mug also asks "life": a duration alone is no answer.
    shape_only = all(
        all(
            any(re.search(ask, f" {word} ") for ask, _ in shapes)
            for word in unit.words
            if word not in _FILLER
        )
        for unit, name in zip(asked, named, strict=True)
        if not name  # "le sencha, à quelle température ?": the product's name asks nothing
    )
    best: tuple[int, str, bool] = (0, "", False)
    for sentence in _sentences(product.description or ""):
        text, normalised = _texts(sentence)
        says = [_unit_described(unit, text, normalised) for unit in asked]
        shaped = sum(bool(re.search(answer, text)) for _, answer in shapes)
        beyond_name = any(hit and not name for hit, name in zip(says, named, strict=True))
        if not beyond_name and not (shaped and (any(says) or shape_only)):
            continue
        # What is asked counts most; the answer's shape tells apart sentences that say it
        score = 3 * sum(says) + 2 * shaped
        # every thing the dictionary knows that is asked ("piles", "poche"): the verbs asking
        # ("faut", "range") are no things a sentence says
        things = [hit for hit, name, unit in zip(says, named, asked, strict=True)
                  if not name and unit.concepts]  # fmt: skip
        # none the dictionary knows ("good for walking in the river?"): the words it says
        every = all(things) if things else beyond_name
        if score > best[0]:
            best = (score, _quoted(sentence), every)
    if best[0] < 2:
        return None
    if yes_no and best[2]:
        return Answer(
            "label_answer_described_quote", _values(product, quote=best[1]), product, "yes"
        )
    return Answer("label_answer_quote", _values(product, quote=best[1]), product)


def _measure_named(said: str) -> bool:
    """ "Quelle taille fait l'écran ?": the size of a part the catalog measures, not the sizes
    the product is sold in."""
    return any(
        concept.kind in {"measure", "capacity"} and concept.asked_in(said)
        for concept in vocabulary().concepts
    )


def _variant_answer(
    said: str,
    product: ProductView,
    lang: str,
    color: str | None,
    size: str | None,
    names: Mapping[str, str],
    yes_no: bool,
    written: str = "",
) -> Answer | None:
    """ "Do you have them in 43?", "got it in black?": whether that variant can be bought
    (`said`: the question as plain words; `written`: as written, its units and signs kept)."""
    colours = list(dict.fromkeys(option.color for option in product.options if option.color))
    sizes = list(dict.fromkeys(option.size for option in product.options if option.size))
    # A French colour word ("noir") names the stored English value through the trainer's names.
    french = {fold(word): value for value, word in names.items()}
    # A colour the model tagged that is no colour ("is it bluetooth?"): not a variant question.
    if color and color not in colours and names and color.lower() not in names:
        color = None
    # A value the product's own words hold ("does the 27-inch one have USB-C?", "does it
    # handle 100W?") describes the product; only other values ask for a variant.
    described = plain(f"{product.title} {product.description} {_attributes(product)}")
    if color and color not in colours and _has(described, " ".join(plain(color).split())):
        color = None
    if size and size not in sizes and _has(described, " ".join(plain(size).split())):
        size = None
    if size and size not in sizes and _measured_in_another_unit(size, written or said, sizes):
        size = None  # "does it handle 100W laptops?" of a cable sold in 1 m and 2 m
    asked_color = color or named_value(said, colours)
    if asked_color is None and colours:  # "café" is a colour, not of a coffee sold in none
        # of the trainer's French words, only colours' ("une prise casque" asks no colour)
        asked_color = next(
            (
                value
                for word, value in french.items()
                if value and _has(said, word) and is_colour_name(value)
            ),
            None,
        )
    # as the product spells it: "in white 2 m" tagged "2" is the "2 m" cable
    asked_size = (named_size(size, sizes) if size else None) or named_size(said, sizes) or size
    if asked_color is None and asked_size is None:
        # A product sold in no colours or sizes: "which colour?" is for the merchant to say
        if not yes_no and _COLOURS.search(said) and product.colors:
            return Answer(
                "label_answer_colours",
                _values(
                    product,
                    colours=", ".join(shown_value(c, lang, names) for c in product.colors),
                ),
                product,
            )
        if not yes_no and _SIZES.search(said) and product.sizes and not _measure_named(said):
            return Answer(
                "label_answer_sizes",
                _values(product, sizes=", ".join(product.sizes)),
                product,
            )
        return None
    if not yes_no and not _STOCK.search(said):
        return None
    wanted = " ".join(
        value
        for value in (
            shown_value(asked_color, lang, names) if asked_color else None,
            asked_size,
        )
        if value
    )
    matching = [
        option
        for option in product.options
        if (asked_color is None or fold(option.color) == fold(asked_color))
        and (asked_size is None or fold(option.size) == fold(asked_size))
    ]
    if not matching and asked_color is not None:
        # "Il existe en bleu ?" of a navy polo: yes, and the reply names the shade.
        matching = [
            option
            for option in product.options
            if same_family(asked_color, option.color)
            and (asked_size is None or fold(option.size) == fold(asked_size))
        ]
        if matching:
            shade = shown_value(matching[0].color, lang, names)
            wanted = " ".join(value for value in (shade, asked_size) if value)
    available = [option for option in matching if option.available]
    if available and _SALE.search(said):
        return _sale_answer(product, lang, available)  # that version's price, reduced or not
    if available:
        values = _values(product, value=wanted)
        return Answer("label_answer_variant_yes", values, product, "yes", sku=available[0].sku)
    if matching:
        return Answer(
            "label_answer_variant_sold_out", _values(product, value=wanted), product, "no"
        )
    choices = product.colors if asked_color is not None and asked_size is None else product.sizes
    if not choices:
        return None  # "a SIM card?" of a tablet sold in one size: no question of its options
    if asked_color is not None and asked_size is None:
        choices = [shown_value(c, lang, names) for c in choices]
    return Answer(
        "label_answer_variant_no",
        _values(product, value=wanted, choices=", ".join(choices)),
        product,
        "no",
    )


# A number's unit as the sizes of a feed write it: "128 Go" is "128GB", "16 pouces" "16 inch".
_UNIT_NAMES_SAID = {
    "go": "gb", "to": "tb", "pouce": "inch", "pouces": "inch", "inches": "inch", "in": "inch",
    "litre": "l", "litres": "l", "liter": "l", "liters": "l", "watt": "w", "watts": "w",
    "metre": "m", "metres": "m", "meter": "m", "meters": "m", "gramme": "g", "grammes": "g",
    "gram": "g", "grams": "g", "pct": "%", "percent": "%", "pourcent": "%",
}  # fmt: skip
_MEASURE_UNITS = frozenset(
    {"w", "inch", "%", "hz", "mah", "gb", "tb", "ml", "cl", "l", "cm", "mm", "m", "kg", "g", "v"}
)
_NUMBER_WITH_UNIT = re.compile(r"(\d+(?:[.,]\d+)?)\s*(%|[a-z]+)")


def _measured_in_another_unit(size: str, said: str, sizes: Sequence[str]) -> bool:
    """The number asked is said with a unit none of the product's sizes have ("does it handle
    100W laptops?" of a cable sold in 1 m and 2 m, "c'est du coton à 100 % ?", "will a 16 inch
    laptop fit?" of jeans in S to XL): a measure of something else, no version of it."""

    def unit(word: str) -> str:
        return _UNIT_NAMES_SAID.get(word, word)

    folded = fold(said).lower()
    number = re.match(r"\d+(?:[.,]\d+)?", fold(size).strip())
    if number is None:
        return False
    found = re.search(rf"(?<![\d.,]){re.escape(number.group())}\s*(%|[a-z]+)", folded)
    if found is None or unit(found.group(1)) not in _MEASURE_UNITS:
        return False
    units = {
        unit(m.group(2)) for value in sizes for m in _NUMBER_WITH_UNIT.finditer(fold(value).lower())
    }
    return unit(found.group(1)) not in units


def _attribute_answer(
    said: str,
    product: ProductView,
    concept: Concept,
    attributes: Mapping[str, str],
    lang: str,
    yes_no: bool,
    text: str,
) -> Answer:
    value = concept.value_of(attributes)
    label = concept.label.get(lang) or concept.label["en"]
    ruled_out = _ruled_out(concept, attributes) if value is None and yes_no else None
    if ruled_out is not None:  # "r they vegan" of bars whose allergens say milk
        values = _values(product, name=_allergens_label(lang), value=_shown_value(ruled_out, lang))
        return Answer("label_answer_attribute_no", values, product, "no")
    if value is None and concept.allergen:
        listed = _allergen_list(attributes)
        if listed is not None:
            contains = _contains(listed, concept.allergen)
            shown = _shown_value(listed, lang)
            verdict = "no" if contains else "yes"
            return Answer(
                f"label_answer_attribute_{verdict}",
                _values(product, name=_allergens_label(lang), value=shown),
                product,
                verdict if yes_no else None,
            )
    if value is None:
        # "Is the volume limited?": no volume stated, but the title may say it.
        if yes_no:
            return _from_description(text, product, lang)
        quoted = _measure_described(said, product)  # "how many hours does it last?"
        return quoted or Answer("label_answer_unknown", _values(product), product, "unknown")
    shown = _shown_value(value, lang)
    values = _values(product, name=label, value=shown)
    if not yes_no:
        return Answer("label_answer_attribute", values, product)
    settled = _verdict(said, concept, value)
    if settled is None:
        return Answer("label_answer_unknown", values, product, "unknown")
    return Answer(f"label_answer_attribute_{settled}", values, product, settled)


# "may contain traces of milk" is a warning, not an ingredient
_MAY_CONTAIN = re.compile(r"\b(?:may contain|peut contenir|traces?)\b.*$")


def _ruled_out(concept: Concept, attributes: Mapping[str, str]) -> str | None:
    """The allergen list, when it holds one of the allergens that rule the concept out."""
    listed = _allergen_list(attributes) if concept.ruled_out_by else None
    if listed is None:
        return None
    present = _MAY_CONTAIN.sub("", plain(listed))
    return listed if any(_contains(present, name) for name in concept.ruled_out_by) else None


def _allergens_label(lang: str) -> str:
    allergens = next(c for c in vocabulary().concepts if c.kind == "list")
    return allergens.label.get(lang) or allergens.label["en"]


def _verdict(said: str, concept: Concept, value: str) -> str | None:
    """Yes or no from a stored value, None when the value does not settle the question."""
    folded = fold(value).strip().lower()
    if concept.kind == "flag":
        if folded in _YES_VALUES:
            return "yes"
        if folded in _NO_VALUES:
            return "no"
        return None
    if concept.kind == "list":
        named = _allergens_named(said)
        if not named:
            return None
        contains = any(_contains(value, allergen) for allergen in named)
        if folded in _NONE_VALUES:
            contains = False
        asked_free = bool(_ASKS_FREE.search(said))
        return "yes" if contains != asked_free else "no"
    asked = _amount(said)
    stored = _amount(value)
    if asked is None or stored is None or asked[0] != stored[0]:
        return None
    if _LESS.search(said):
        return "yes" if stored[1] <= asked[1] * 1.001 else "no"
    if concept.kind == "capacity":
        return "yes" if stored[1] >= asked[1] * 0.999 else "no"
    return "yes" if abs(stored[1] - asked[1]) <= 0.05 * asked[1] else "no"


# Words of a yes/no question that say nothing about the product itself.
_FILLER = frozenset(
    """is are does do did has have can could will would got it its it's they them this that
    these those one ones the a an any there of for to in on with be made really also still
    est ce il elle ils elles c ca cela ce cet cette ces les le la l un une des du de d en a
    au aux y t vous tu avez as on peut fait sont ont existe produit modele article bien
    vraiment aussi encore item product model please svp stp handle handles support supports
    work works fit fits come comes include includes included use used take takes make makes
    keep keeps go goes need needs btw really actually does marche fonctionne supporte passe
    va vient inclut comprend inclus livre fourni tient garde quand meme contient
    contiennent what whats which how where when quoi quel quelle quels quelles combien comment
    ou jusqu jusque estce right correct innit hein vrai lol mdr dedans inside ya faire fabrique
    fabriquee origine origin provient contain contains boire drink manger eat direct directement
    straight wait hmm oh ok okay so yeah material materials matiere place room space deja
    pis puis proper first second third last premier premiere deuxieme seconde troisieme
    dernier derniere
    already votre vos ton ta tes mon ma mes notre nos your my our mettre put
    good great suitable suited ideal enough proper real genuine authentic bon bonne adapte
    wear wearing worn porter well too either though tho even just pretty quite vont vas allez
    adaptee ideale vrai vraie veritable authentique alright legit nah bits""".split()
)


def _from_description(question: str, product: ProductView, lang: str) -> Answer:
    """ "Is it waterproof?": yes when the title or description says each word asked; no when
    they say its opposite instead ("water-resistant", catalog/data/opposites.txt); never "no"
    from silence, which only means the merchant doesn't say. The question is read as typed,
    hyphens kept: "haut-parleurs" is one dictionary word, "haut parleurs" two."""
    asked = _asked_units(question, _FILLER)
    contrary = _contrary(product, asked)
    if contrary is not None:
        return contrary
    if asked and _says(product, asked):
        quote = _sentence_saying(product, asked)
        beyond = _beyond_the_title(product, asked)
        denied, asked_denied = _negated(quote or "", beyond), _negated(question, beyond)
        if quote and None not in (denied, asked_denied) and denied != asked_denied:
            # "Do the protein bars have added sugar?" of bars with "no added sugar"
            return Answer("label_answer_contrary", _values(product, said=quote), product, "no")
        if quote:  # the merchant's words as evidence: "Certified S3 and lined for comfort"
            return Answer(
                "label_answer_described_quote", _values(product, quote=quote), product, "yes"
            )
        return Answer("label_answer_described", _values(product), product, "yes")
    return Answer("label_answer_unknown", _values(product), product, "unknown")


MATERIALS_FILE = Path(__file__).resolve().parents[2] / "catalog" / "data" / "materials.txt"


@cache
def _material_families() -> dict[int, frozenset[int]]:
    """Each material's concept -> the concepts it holds: itself, and for a family's word the
    materials of the family ("metal": aluminium, steel...). From catalog/data/materials.txt."""
    lex = lexicon()

    def concepts(words: str) -> set[int]:
        return set(lex.phrases.get(tuple(word.norm for word in split_words(words)), ()))

    families: dict[int, set[int]] = {}
    for line in MATERIALS_FILE.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        family, _, members = line.partition("|")
        named = {c for word in family.split(",") for c in concepts(word)}
        held = named | {c for m in members.split(",") for c in concepts(m)}
        for concept in named:
            families.setdefault(concept, set()).update(held)
        for member in members.split(","):
            for concept in concepts(member):
                families.setdefault(concept, set()).add(concept)
    return {concept: frozenset(held) for concept, held in families.items()}


# "is it 100% linen?", "pure wool?": how much of it, which the description's blend says
_WHOLLY = re.compile(r"(?<!\w)(?:100|pure|pur|pure|purely|entirely|all|only|entierement)(?!\w)")
# "real leather?", "du vrai cuir ?": said of the material, not asked besides it
_GENUINE = frozenset("real genuine proper made vrai vraie veritable fait faite".split())


def _material_answer(question: str, product: ProductView, lang: str) -> Answer | None:
    """Yes or no to a question that asks only what the product is made of ("is it metal?",
    "c'est du cuir ?"), from the material of every variant; None when it asks anything else
    ("metal zips?" asks about the zips), how much of it ("100% cotton?"), or a variant's
    material is not given."""
    if _WHOLLY.search(plain(question)):
        return None
    families = _material_families()
    asked = _asked_units(question, _FILLER | _GENUINE)
    if not asked or not all(unit.concepts & families.keys() for unit in asked):
        return None
    materials = sorted({option.material for option in product.options})
    if not materials or "" in materials:
        return None
    made_of = {c for material in materials for unit in units(material) for c in unit.concepts}
    shown = " / ".join(_material_shown(material, lang) for material in materials)
    if all(any(families[c] & made_of for c in unit.concepts & families.keys()) for unit in asked):
        return Answer("label_answer_made_of", _values(product, material=shown), product, "yes")
    return Answer("label_answer_not_made_of", _values(product, material=shown), product, "no")


def _material_shown(material: str, lang: str) -> str:
    """A material as a reply writes it: in French, each word the dictionary knows in French
    ("stainless steel" -> "acier")."""
    if lang != "fr":
        return material
    lex = lexicon()
    said = [
        " ".join(lex.french[min(unit.concepts)][0])
        if unit.concepts and lex.french[min(unit.concepts)]
        else " ".join(unit.words)
        for unit in units(material)
    ]
    return " ".join(said) or material


def speaks_of(question: str, product: ProductView) -> bool:
    """The product's title or description says one of the things the question asks about
    ("y a un compartiment pour l'ordi ?" of a backpack "with a laptop sleeve"): the question is
    about it, though it names nothing and points nowhere. Not whether the answer is yes."""
    text, normalised = _product_texts(product)
    return any(_unit_described(unit, text, normalised) for unit in _asked_units(question, _FILLER))


def _contrary(product: ProductView, asked: Sequence[Unit]) -> Answer | None:
    """ "No" when the product's words say the opposite of one unit asked and every other unit
    ("is the mouse wireless?": "mouse"), but not the unit itself outside that opposite ("faux
    leather" does not say leather; "waterproof, water-repellent finish" says waterproof)."""
    text, normalised = _product_texts(product)
    for unit in asked:
        others = [other for other in asked if other is not unit]
        contrary = contrary_of(unit, others, product.title, product.description)
        if contrary is None:
            continue
        if _unit_described(unit, contrary.masked, contrary.masked) or not all(
            _unit_described(other, text, normalised) for other in others
        ):
            return None
        return Answer("label_answer_contrary", _values(product, said=contrary.said), product, "no")
    return None


def _asked_units(question: str, ignored: frozenset[str]) -> list[Unit]:
    """The question's units that say something, `ignored` words aside (as typed or normalised:
    "lesquels" is read "lesquel"); a word of two characters says something only when it mixes a
    digit and a letter ("5g")."""
    ignored = ignored | {norm(word) for word in ignored}
    question = _INVERTED_PRONOUN.sub("", question)  # "est-elle bio ?" asks "bio"
    return [
        unit
        for unit in units(question)
        if any(w not in ignored and (len(w) > 2 or _DIGIT.search(w)) for w in unit.words)
    ]


_DIGIT = re.compile(r"\d[a-z]|[a-z]\d")  # "5g", "4k" say something; "2" alone does not
# "Est-elle", "contiennent-elles", "va-t-il", "ça va-tu" (Québec): the verb, its pronoun off.
_INVERTED_PRONOUN = re.compile(r"(?<=\w)-(?:t-)?(?:il|elle|ils|elles|on|tu)(?!\w)", re.IGNORECASE)


# Words that deny what follows them: "no added sugar", "sans sucre ajouté", "not dishwasher safe".
_NEGATORS = frozenset("no not without zero non sans aucun aucune pas ni never jamais".split())
_NEGATION_REACH = 2  # words before the thing said: "no added sugar", "without any lining"


def _negated(text: str, asked: Sequence[Unit]) -> bool | None:
    """The text denies one of the units asked: a negation right before its first word, or
    "free" after it. None when the text does not have the words as asked (said in the other
    language: "sugar" of "sans sucres ajoutés"), so that nothing can be told."""
    words = re.findall(r"[a-z0-9]+", fold(text).lower())
    for unit in asked:
        start = unit.words[0][:5]
        where = next((i for i, word in enumerate(words) if word.startswith(start)), None)
        if where is None:
            return None
        if _NEGATORS & set(words[max(0, where - _NEGATION_REACH) : where]):
            return True
        if words[where + 1 : where + 2] == ["free"]:  # "caffeine-free", "gluten free"
            return True
    return False


def _beyond_the_title(product: ProductView, asked: Sequence[Unit]) -> list[Unit]:
    """The units asked that the product's title does not say: what is asked of it."""
    titled = _texts(product.title)
    return [u for u in asked if not _unit_described(u, *titled)] or list(asked)


def _sentence_saying(product: ProductView, asked: Sequence[Unit]) -> str | None:
    """The description's sentence saying most of the units asked beyond the product's name
    ("les slip on, ça se lave en machine ?": the sentence on washing), if one says any."""
    beyond = _beyond_the_title(product, asked)
    best: tuple[int, str | None] = (0, None)
    for sentence in _sentences(product.description or ""):
        text, normalised = _texts(sentence)
        count = sum(_unit_described(unit, text, normalised) for unit in beyond)
        if count > best[0]:
            best = (count, _quoted(sentence))
    return best[1]


def _says(product: ProductView, asked: Sequence[Unit]) -> bool:
    """The product's title or description says every unit asked (see _unit_described)."""
    text, normalised = _product_texts(product)
    return all(_unit_described(unit, text, normalised) for unit in asked)


def _product_texts(product: ProductView) -> tuple[str, str]:
    """The title and description as `_texts` reads them."""
    return _texts(f"{product.title} {product.description}")


def _texts(text: str) -> tuple[str, str]:
    """A text plain (see `plain`) and normalised (see `norm`), as `_unit_described` reads it."""
    return plain(text), f" {' '.join(w.norm for w in split_words(text))} "


def _unit_described(unit: Unit, text: str, normalised: str) -> bool:
    """A dictionary concept ("étanche", "sans fil") is described by any of its words in either
    language ("waterproof", "wireless"); other words by themselves or their family."""
    if unit.concepts:
        phrases = _concept_phrases()
        if any(_affirmed(normalised, p) for c in unit.concepts for p in phrases.get(c, ())):
            return True
    return all(_described(text, word) for word in unit.words if word not in _FILLER)


# Words next to a phrase that deny it: "caffeine free", "no added sugar", "sans théine".
_DENIED_BEFORE = frozenset("no not without non san zero".split())  # "san": "sans" normalised
_DENIED_AFTER = frozenset("free".split())


def _affirmed(normalised: str, phrase: str) -> bool:
    """The normalised text says the phrase somewhere without denying it there."""
    if f" {phrase} " not in normalised:
        return False
    words = normalised.split()
    size = len(phrase.split())
    for start in range(len(words) - size + 1):
        if " ".join(words[start : start + size]) != phrase:
            continue
        before = words[start - 1] if start else ""
        after = words[start + size] if start + size < len(words) else ""
        if before not in _DENIED_BEFORE and after not in _DENIED_AFTER:
            return True
    return False


@cache
def _concept_phrases() -> dict[int, tuple[str, ...]]:
    found: dict[int, list[str]] = {}
    for phrase, concepts in lexicon().phrases.items():
        for concept in concepts:
            found.setdefault(concept, []).append(" ".join(phrase))
    return {concept: tuple(phrases) for concept, phrases in found.items()}


def _described(text: str, word: str) -> bool:
    """The word, or one of its family ("resist" in "resistant", "charging" in "charger"):
    a shared start of all but its last three letters (five at least) for long words, the word
    itself for short ones."""
    if _has(text, word) or _has(text, word.rstrip("s")) or _has(text, f"{word}s"):
        return True
    if _same_stem(text, word):
        return True  # "quick to dry" of "Quick-drying", "folds" of "folding"
    if len(word) < 5 or word.isdigit():
        return False
    return f" {word[: max(5, len(word) - 3)]}" in text  # not "vegetarian" in "vegetables"


_SHORTEST_STEM = 3


def _same_stem(text: str, word: str) -> bool:
    """An everyday English word the text says in another form (Snowball's English stemmer):
    "dry" of "drying", "adjust" of "adjustable". Not French words, whose English stems would
    mislead ("porte" is no "ports")."""
    if word.isdigit() or not common_word(word, ("en",)):
        return False
    root = _english_root(word)
    return len(root) >= _SHORTEST_STEM and root in _english_stems(text)


# Each word and text stemmed once; a new stemmer each time, as one keeps state between calls.
@lru_cache(maxsize=4096)
def _english_root(word: str) -> str:
    return str(stemmer("english").stemWord(word))


@lru_cache(maxsize=512)
def _english_stems(text: str) -> frozenset[str]:
    return frozenset(stemmer("english").stemWords(text.split()))


def which_say(text: str, products: Sequence[ProductView]) -> Answer | None:
    """ "Which of those is wireless?": the products shown whose title or description say every
    word asked; None when the question is not a "which" or names a specification."""
    said = plain(text)
    if not _WHICH.search(said) or any(c.asked_in(said) for c in vocabulary().concepts):
        return None
    if any(pattern.search(said) for pattern in (_COLOURS, _SIZES, _PRICE, _STOCK, _PRICE_ORDER)):
        return None  # "which colours?", "which is cheapest?": answered elsewhere
    # Asked in either language: "lesquels sont étanches ?" about "waterproof" descriptions.
    asked = _asked_units(text, _FILLER | _WHICH_WORDS)
    if not asked or not products:
        return None
    saying = [product for product in products if _says(product, asked)]
    if not saying:
        name = " ".join(w for w in said.split() if w not in _FILLER | _WHICH_WORDS and len(w) > 2)
        return Answer("label_answer_unknown_all", {"name": name}, products[0], "unknown")
    titles = ", ".join(product.title for product in saying)
    return Answer("label_answer_which", {"titles": titles}, saying[0])


_WHICH_WORDS = frozenset(
    """which one ones those these them lequel laquelle lesquels lesquelles quel quelle quels
    quelles parmi entre ceux celles eux""".split()
)


def compare_products(text: str, products: Sequence[ProductView], lang: str) -> Answer | None:
    """ "Which one is lighter?": the product with the least (or most) of the specification
    among those shown that state it; None when none of them does or the question is another."""
    said = plain(text)
    order = _PRICE_ORDER.search(said)
    if order and products:
        cheapest = order.group(1) is not None
        pick = min if cheapest else max
        best_product = pick(products, key=lambda product: product.min_price_minor)
        price = format_money(best_product.min_price_minor, best_product.currency, lang)
        words = {"en": ("Cheapest", "Most expensive"), "fr": ("Le moins cher", "Le plus cher")}
        superlative = words.get(lang, words["en"])[0 if cheapest else 1]
        return Answer(
            "label_answer_best",
            {"superlative": superlative, "title": best_product.title, "value": price},
            best_product,
        )
    # The comparison said most fully: "the bigger battery" is the battery's, "bigger" alone a
    # screen's; of words as long, a concept the question names ("lasts longest")
    comparative = comparative_said(said)
    if comparative is None:
        return None
    measured = list(_measured(products, comparative.concept))
    if not measured:
        label = comparative.concept.label.get(lang, "")
        return Answer("label_answer_unknown_all", {"name": label}, products[0])
    pick = min if comparative.fewer else max
    best = pick(
        ((product, pick(amounts), value) for product, amounts, value in measured),
        key=lambda item: item[1],
    )
    value = _shown_value(best[2], lang)
    side = comparative.side
    superlative = str(side.get(lang) or side.get("en"))
    return Answer(
        "label_answer_best",
        {"superlative": superlative, "title": best[0].title, "value": value},
        best[0],
    )


@dataclass(frozen=True)
class Comparative:
    """ "Lighter", "un plus grand écran", "the bigger battery": a specification and which way."""

    concept: Concept
    side: Mapping[str, Any]  # the concept's `more` or `less` entry
    fewer: bool  # less of it is asked: lighter, smaller

    def than(self, lang: str) -> str:
        """How a reply listing what is lighter opens: "Lighter than", "Plus légers que"."""
        than = self.side.get("than") or {}
        return str(than.get(lang) or than.get("en") or "")


def comparative_said(text: str) -> Comparative | None:
    """The comparison the message says most fully: "the bigger battery" is the battery's,
    "bigger" alone a screen's; of words as long, one of a concept the message names."""
    said = plain(text)
    found = [
        (len(word), concept.asked_in(said), -index, concept, side, side is concept.less)
        for index, concept in enumerate(vocabulary().concepts)
        for side in (concept.less, concept.more)
        for word in side.get("words", ())
        if _has(said, word)
    ]
    if not found:
        return None
    *_, concept, side, fewer = max(found, key=lambda candidate: candidate[:3])
    return Comparative(concept, side, fewer)


def measure_of(product: ProductView, concept: Concept) -> tuple[float, str] | None:
    """The product's amount of the specification (in the concept's base unit) and its value as
    the catalog writes it ("1.8 kg"); None when the catalog does not say."""
    for _, amounts, value in _measured([product], concept):
        return amounts[0], value
    return None


def shown_measure(value: str, lang: str) -> str:
    return _shown_value(value, lang)


def _measured(
    products: Iterable[ProductView], concept: Concept
) -> Iterable[tuple[ProductView, list[float], str]]:
    for product in products:
        value = concept.value_of(_attributes(product))
        amounts = [amount for _, amount in _amounts(value)] if value else []
        if amounts and value is not None:
            yield product, amounts, value
