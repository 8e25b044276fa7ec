"""The shop's rules on top of DIET's intent, read from what the sentence does: asks or not
(assistant/nlu/utterance_kind.py):

- **A question never takes anything out of the cart.** "Are the jeans stretchy?", "the mugs are
  microwave safe?": the intent model has seen cart products mostly in removals ("take the jeans
  out"), and a question about one can read as a removal, which empties a line the shopper
  wanted. A removal asked as a question says a verb that removes ("can you take the jeans
  out?", "tu peux enlever le jean ?"). Otherwise the question is read as DIET's next intent, its
  ranking renormalised without the removal (the FallbackClassifier then judges that reading).
- **A question about "it" or "they" asks about the product in focus.** "il a une poche sur la
  manche ?", "Elles conviennent aussi pour des sorties rapides ?", "il est stretch ou pas ?":
  read as a new search, a "no" or out of scope, they got a list or a shrug. A pronoun names no
  new product, so such a question is a product question. A refinement ("it's too dear, anything
  cheaper?") and the cart's intents are left alone; "il y a des sandales ?" is no pronoun's.
- **A statement pointing at a product and saying its size chooses it.** "Le bomber vert en S",
  "Les chaussures Road Running bleues en 44.", "the Minimal ones in white, 42": said after a
  list or a question, the shopper picks what to buy, but with no verb the model reads a search,
  a refinement or a question about the variant. The definite article points at one product the
  shopper knows, and the size says which to put in the cart. A comparison ("the cheaper ones in
  M"), "those"/"ceux" over a list, a question, or no size, and the reading stays the model's.
- **A colour or size said with "then" is taken.** "noooo ok purple small then.", "Mi tek the S
  then.", "La grise alors.": after a variant the shop did not have, the shopper decides on
  another; the model, seeing no verb, reads a fallback, a question or a "no". Read as a
  refinement, the dialogue puts the variant of the product in view in the cart, or narrows the
  list shown ("the black ones then"). A question, a comparison ("the cheaper one then") and the
  cart's intents keep the model's reading.
- **A thing asked for with its article is looked for.** "got a camping stove?", "Bonjour, une
  bouilloire électrique ?": a noun the model never saw reads as a goodbye, a greeting or
  nothing, and the shopper got a farewell for a question. Over those readings (and an unsure
  one), a question asking for "a"/"une"/"des" something is a search, which says when the shop
  has none.
- **A call to pay is a checkout.** "Awesome, ring me up.", "Cheers. Off to the till.", "on
  conclut la commande", "wrap it up": ways of asking to pay the model never saw read as a
  greeting, a thank-you or an order's status, and the shopper who wanted to pay was greeted.
  Over readings that do nothing with the products or the cart, and only when nothing is asked
  and no colour or size is said.
- **A shopper saying they are back is greeted back.** "I'm back", "me revoilà", "where were
  we?", "re-bonjour, je reviens": said after a break, they read as a search, a goodbye or a
  flight; the basket left is what they come back to (action_greet shows it).
- **A yes typed short is a yes.** "oe", "ouep", "wé", "yup": texted forms of "oui" and "yes" the
  model has not seen read as nothing it knows, and the payment link asked for never came. So is
  a yes with a few words that name nothing ("Yeah, send it through."), read as a call for a
  person or out of scope.
"""

from __future__ import annotations

import re

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from assistant.nlu.rule_component import RuleComponent
from assistant.nlu.search_rule import OFF_THE_SHELVES, RULE_CONFIDENCE, SEARCH
from assistant.nlu.utterance_kind import (
    A_FEW,
    A_PACK,
    ASKING,
    DECIDES,
    PACKS,
    calls_to_pay,
    comes_back,
    folded,
    kind_of,
    takes_it,
    words_proper,
)

REMOVAL = "remove_from_cart"
PRODUCT_QUESTION = "product_details"
ADD = "add_to_cart"
AFFIRM = "affirm"
REFINEMENT = "refine_search"
CHECKOUT = "checkout"
GREETING = "greet"
_VARIANT_ENTITIES = frozenset({"color", "size"})
# A message of only a yes, as typed on a phone (accents folded), with a "please" or "thanks".
_ONLY_YES = re.compile(
    r"^\W*(?:yes+|y|yy|ye|yep|yup|yeah|yea|yass+|oui+|ouais|ouai|ouaip|ouep|oe|oue|we|sure|"
    r"confirmed|confirm|confirme|"
    r"absolutely|definitely|go ahead|do it|carrement|absolument|bien sur|evidemment|"
    r"vas-y|vas y|allez-y|allez y)\W*"
    r"(?:(?:please|pls|plz|thanks|thank you|svp|stp|merci)\W*)*$"
)
# ... or a yes with a few words of its own, "Yeah, send it through.", "oui, envoyez-le": read as
# a call for a person or out of scope, the yes was lost. Only over intents that do nothing with
# the product or the cart, and with no colour, size or product said.
_YES_AND = re.compile(r"^\W*(?:yes+|yep|yup|yeah|yea|sure|oui+|ouais|ouaip|ouep|volontiers)\W+\w")
_YES_AND_WORDS = 5
# ... or a yes and thanks at length: "Yes please, and thanks again, you've been great."
_YES_AND_THANKS_WORDS = 12
_WHATEVER_THE_YES = frozenset(
    {"human_handoff", "out_of_scope", "bot_challenge", "greet", "thank", "help"}
)
# What the model reads a verbless choice as: a search, a refinement, a question on the variant.
_LOOKING = frozenset({"search_product", "refine_search", "product_details"})
_POINTS_AT_ONE = re.compile(
    r"^(?:the|this|that|le|la|les|l'|ce|cet|cette|celui|celle)(?![\w-])|^l'"
)
_COMPARES = re.compile(
    r"(?<![\w'-])(?:\w+er than|cheaper|cheapest|less|more|bigger|smaller|lighter|other|another|"
    r"moins|plus|autres?|ones|those|these|ceux|celles)(?![\w'-])"
)
# Intents a question about "it" cannot mean: a new search names what it searches, and a yes, a
# no, a greeting, "out of scope" or a call for help ask nothing about a product ("do they come
# with a carry case?" read as more of the list).
_NOT_ABOUT_IT = frozenset(
    {
        "search_product",
        "show_more",
        "affirm",
        "deny",
        "out_of_scope",
        "greet",
        "goodbye",
        "thank",
        "help",
        "bot_challenge",
    }
)
# ... nor an add, unless a word of it puts something in the cart ("Elles ont du sucre ajouté ?"
# asks; "can it go in my basket?" does not).
_ADDS = re.compile(
    r"(?<![\w'-])(?:add|adding|put|chuck|throw|pop|stick|take|buy|order|grab|basket|cart|"
    r"ajouter|ajoutez|ajoute-|rajoute|mets|mettez|mettre|prends|prenez|prendre|acheter|"
    r"commander|panier)(?![\w'])"
)
# Words that remove, after folding: the shopper asking for a removal as a question.
_REMOVES = re.compile(
    r"(?<![\w'-])(?:remove|removing|delete|drop|ditch|get rid|cancel|"
    r"take\b[^?.!]{0,30}?\b(?:out|off)|"
    r"(?:don'?t|do not|no longer) (?:want|need)|"
    r"enlever?|enlevez|enleves?|retirer?|retirez|retires?|supprimer?|supprimez|supprimes?|"
    r"virer?|virez|vires?|oter?|otez|otes?|annuler?|annulez|annules?|veux plus|veut plus)(?![\w'-])"
)
# The question's subject is "it"/"they": it opens the question, after its auxiliary or not
# ("is it", "does it", "sont-elles"), or stands inverted after the verb ("se boit-elle",
# "ça marche-tu").
_ABOUT_IT = re.compile(
    r"^(?:(?:is|are|does|do|did|can|could|will|would|has|have|was|were)\s+)?"
    r"(?:it|it's|its|they|they're|theyre|il|elle|ils|elles|y'est(?:-tu)?)(?![\w'-])(?!\s+y\b|\s+y')|"
    r"^(?:est-ce qu|est ce qu|esque|es que)\s*'?(?:il|elle|ils|elles)(?![\w'-])(?!\s+y\b|\s+y')|"
    # after a question word: "What temp are they rated to?", "how long does it last"
    r"^(?:what|how|which|where|when|why)(?![\w'-])[^,;]*?(?<![\w'-])"
    r"(?:is|are|does|do|did|can|could|will|would|has|have)\s+(?:it|they)(?![\w'-])|"
    r"^[^,;]*?\w-(?:t-)?(?:il|elle|ils|elles)(?![\w'-])|"
    # Quebec's "-tu" asks after "it"'s verb ("ça marche-tu"), not after "you"'s ("as-tu", "peux-tu")
    r"^[^,;]*?\w(?<![sx])-tu(?![\w'-])"
)

# "it's too dear, anything cheaper?": the question asks for another product.
_SOMETHING_ELSE = re.compile(
    r"(?<![\w'-])(?:anything|something|another|any other|cheaper|autre chose|d'autres|"
    r"quelque chose|moins chere?s?)(?![\w'-])"
)


def asks_without_removing(text: str) -> bool:
    """The text is a question, and no word of it removes."""
    return kind_of(text) in ASKING and not _REMOVES.search(folded(text))


def asks_about_it(text: str) -> bool:
    """The text is a question whose subject is "it" or "they", and it asks for nothing else."""
    said = words_proper(text)
    return (
        kind_of(text) in ASKING
        and bool(_ABOUT_IT.search(said))
        and not _SOMETHING_ELSE.search(said)
    )


def chooses_a_variant(text: str, entities: list[dict[str, object]]) -> bool:
    """A statement pointing at one product with "the"/"le" and saying the size it wants."""
    said = words_proper(text)
    sizes = sorted(start for entity in entities if (start := _size_start(text, entity)) is not None)
    return (
        kind_of(text) not in ASKING
        and bool(_POINTS_AT_ONE.match(said))
        and not _COMPARES.search(said)
        and bool(sizes)
        and not _NAMES_THE_MODEL.match(folded(text[: sizes[0]]))
    )


# A size right after the article names the model, and the sizes after it too ("Le 27 pouces 4K,
# il est calibré ?"); anywhere else it picks a variant ("en S", "beige M", "en bleu, 256 Go").
_NAMES_THE_MODEL = re.compile(r"^\W*(?:the|le|la|les|l'|this|that|ce|cet|cette)\s*$")


def _size_start(text: str, entity: dict[str, object]) -> int | None:
    """Where a size entity starts in the text; None for other entities."""
    if entity.get("entity") != "size":
        return None
    start = entity.get("start")
    if not isinstance(start, int):
        start = folded(text).find(folded(str(entity.get("value", ""))))
    return start if start >= 0 else None


# Intents kept over a decided colour or size: the cart's, and the searches that read it already.
_KEEPS_A_DECISION = frozenset({ADD, REMOVAL, REFINEMENT, "search_product"})


def decides_on_a_variant(text: str, entities: list[dict[str, object]]) -> bool:
    """A statement saying a colour or size with "then"/"alors"/"instead", comparing nothing."""
    said = words_proper(text)
    return (
        kind_of(text) not in ASKING
        and bool(DECIDES.search(folded(text)))
        and any(entity.get("entity") in _VARIANT_ENTITIES for entity in entities)
        and not _COMPARES.search(said)
    )


def yes_and_a_few_words(
    text: str, entities: list[dict[str, object]], words: int = _YES_AND_WORDS
) -> bool:
    """ "Yeah, send it through.": a yes, then a few words asking nothing and naming nothing."""
    said = folded(text)
    return (
        bool(_YES_AND.match(said))
        and len(said.split()) <= words
        and kind_of(text) not in ASKING
        and all(entity.get("entity") == "language" for entity in entities)
    )


# "got a camping stove?", "Bonjour, une bouilloire électrique ?", "des bougies parfumées ?": a
# thing asked for with its article, opening the question, which the model has never seen and
# reads as a goodbye, a greeting or nothing; not "are you a bot?", "have a nice day", "ya une
# promo dessus ?" (asked of the product in view).
_A_THING_ASKED = re.compile(
    r"^\W*(?:(?:hi|hello|hey|hiya|bonjour|bonsoir|salut|allo|coucou|yo)\W+)?"
    r"(?:(?:got|any|do you have|do you sell|you have|is there|are there|vous avez|avez-vous|"
    r"auriez-vous|il y a|y a-t-il|y a|y'a|ya|as-tu|t'as|tu as)\s+)?"
    r"(?:a|an|any|some|un|une|des)\s+"
    r"(?!(?:bot|robot|human|person|real|question|nice|good|great|lot|moment|minute|sec|second|"
    r"problem|probleme|humain|personne|vrai|vraie|instant|bonne|belle|bon|beau|promo|promotion|"
    r"reduc|reduction|discount|sale|solde|soldes|offer|offre|deal|rabais|garantie|warranty)"
    r"(?![\w'-]))[a-z]{3,}(?!.*(?<![\w'-])(?:dessus|dedans|inside|on it|in it)(?![\w'-]))"
)
# A reading the fallback would refuse.
_UNSURE = 0.5


# A thank-you or a goodbye that also takes something: "parfait je vous en prends une noire,
# merci beaucoup" read as a thank-you lost the order.
_THANKS_OR_BYE = frozenset({"thank", "goodbye", "greet"})


def takes_a_variant(text: str, entities: list[dict[str, object]]) -> bool:
    """A word that puts something in the cart, with a colour or size said, and no question."""
    return (
        kind_of(text) not in ASKING
        and bool(_ADDS.search(folded(text)))
        and any(entity.get("entity") in _VARIANT_ENTITIES for entity in entities)
    )


# "One bag please.", "Easy. Two bags of those please.", "OK, deux paquets": packs counted, to
# put in the cart; read as the cart, a delivery detail or small talk, the add was lost.
_COUNTED_UNITS = re.compile(rf"(?<![\w'-]){A_FEW}\s+(?:x\s+)?(?:{PACKS}|{A_PACK})(?![\w'-])")
# ... unless a line is changed ("only two bags", "make it two packs instead"): the cart's edit
_CHANGES_A_LINE = re.compile(
    r"(?<![\w'-])(?:remove|delete|drop|take|out|less|fewer|minus|only|instead|make it|change|"
    r"enleve\w*|retire\w*|supprime\w*|moins|seulement|plutot|au lieu|finalement)(?![\w'-])"
)
_COUNTS_MISREAD = frozenset(
    {"view_cart", "give_delivery_details", "remove_from_cart", "thank", "affirm", "greet",
     "out_of_scope", "help", "refine_search", "order_status", "show_more"}
)  # fmt: skip
_COUNTING_WORDS = 12


def counts_units(text: str) -> bool:
    """A short statement counting packs to buy ("One bag please.", "deux sachets") that
    changes no line and asks nothing."""
    said = folded(text)
    return (
        _COUNTED_UNITS.search(said) is not None
        and _CHANGES_A_LINE.search(said) is None
        and kind_of(text) not in ASKING
        and len(said.split()) <= _COUNTING_WORDS
    )


# Readings a call to pay replaces: none buys anything (pays() wants no colour or size said).
_NOTHING_BOUGHT = frozenset(
    {"greet", "goodbye", "thank", "affirm", "out_of_scope", "bot_challenge", "help",
     "give_delivery_details", "human_handoff", "show_more", "refine_search"}
)  # fmt: skip
# "order it", read as a question on an order: "my payment failed?" is one, and stays one.
_ORDER_IT = re.compile(
    r"^\W*(?:ok\W+|okay\W+|then\W+)?order (?:it|them|this|that|all)(?: now)?\W*$"
)
_PAYING_WORDS = 12  # a call to pay is short; a longer message says more than that


def pays(text: str, entities: list[dict[str, object]]) -> bool:
    """A short statement asking to pay, saying no colour or size ("Perfect, ring it up")."""
    return (
        calls_to_pay(text)
        and kind_of(text) not in ASKING
        and len(text.split()) <= _PAYING_WORDS
        and not any(entity.get("entity") in _VARIANT_ENTITIES for entity in entities)
    )


def asks_for_a_thing(text: str) -> bool:
    """A question asking for something with its article ("got a camping stove?")."""
    return text.rstrip().endswith("?") and _A_THING_ASKED.search(folded(text)) is not None


def _not_about_it(intent: str | None, text: str, entities: list[dict[str, object]]) -> bool:
    """The model's reading cannot be a question about the product in view: see _NOT_ABOUT_IT;
    an add with no word that adds; a refinement that says no colour or size to show ("does it
    come in red?" may narrow the list)."""
    if intent == ADD:
        return not _ADDS.search(folded(text))
    if intent == REFINEMENT:
        return not any(entity.get("entity") in _VARIANT_ENTITIES for entity in entities)
    return intent in _NOT_ABOUT_IT


def _renormalised_without(message: Message, dropped: str) -> None:
    others = [
        ranked for ranked in message.get(INTENT_RANKING_KEY) or [] if ranked.get("name") != dropped
    ]
    left = sum(ranked.get("confidence") or 0.0 for ranked in others)
    if not others or left <= 0.0:
        return
    ranking = [{**ranked, "confidence": ranked["confidence"] / left} for ranked in others]
    message.set(INTENT, ranking[0], add_to_output=True)
    message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class UtteranceIntentRule(RuleComponent):
    """After DIET, before the FallbackClassifier."""

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            name = (message.get(INTENT) or {}).get("name")
            confidence = (message.get(INTENT) or {}).get("confidence") or 0.0
            text = message.get(TEXT) or ""
            entities = message.get(ENTITIES) or []
            # a call to pay ("Yep, send the link."): a checkout, which sends the link at once
            # when it was offered; a yes typed short, whatever the model read and how surely;
            # a yes with a few words, over a reading that does nothing with the cart
            if comes_back(text):
                _decided(message, GREETING)  # "me revoilà" read as a goodbye, "I'm back" a search
            elif ((name in _NOTHING_BOUGHT or confidence < _UNSURE) and pays(text, entities)) or (
                name == "order_status" and _ORDER_IT.match(folded(text))
            ):
                _decided(message, CHECKOUT)
            elif (
                _ONLY_YES.match(folded(text))
                or (name in _WHATEVER_THE_YES and yes_and_a_few_words(text, entities))
                or (name == "thank" and yes_and_a_few_words(text, entities, _YES_AND_THANKS_WORDS))
            ):
                _decided(message, AFFIRM)
            elif name == REMOVAL and asks_without_removing(text):
                _renormalised_without(message, REMOVAL)
            elif _not_about_it(name, text, entities) and asks_about_it(text):
                _decided(message, PRODUCT_QUESTION)
            elif name in _LOOKING and chooses_a_variant(text, entities):
                _decided(message, ADD)
            elif takes_it(text):
                _decided(message, ADD)  # "Ok take that." read as not understood or a removal
            elif name not in _KEEPS_A_DECISION and decides_on_a_variant(text, entities):
                _decided(message, REFINEMENT)
            elif (name in OFF_THE_SHELVES or confidence < _UNSURE) and asks_for_a_thing(text):
                _decided(message, SEARCH)
            elif (name in _THANKS_OR_BYE and takes_a_variant(text, entities)) or (
                name in _COUNTS_MISREAD and counts_units(text)
            ):
                _decided(message, ADD)
        return messages


def _decided(message: Message, intent: str) -> None:
    """The rule decides alone: DIET's ranking would read as doubt to the fallback."""
    chosen = {"name": intent, "confidence": RULE_CONFIDENCE}
    message.set(INTENT, chosen, add_to_output=True)
    message.set(INTENT_RANKING_KEY, [chosen], add_to_output=True)
