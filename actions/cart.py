"""Cart actions: add (with quantity and variant), remove or change a quantity, view, confirm."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import delivery, variant_question
from actions.cart_operations import each_operation, each_version
from actions.checkout import send_payment_link
from actions.common import (
    FOCUS,
    MovingOn,
    details_button,
    earlier_turns,
    entity,
    entity_values,
    focus_on,
    hand_over,
    in_view_now,
    intent_of,
    language,
    money,
    previous_message,
    product_card,
    product_meant,
    quotes_the_named_price,
    said_entities,
    said_last_turn,
    searched_context,
    settled_on,
    shop,
    yes_no_buttons,
)
from actions.details import (
    answer_if_product_question,
    answered_beside,
    show_details,
)
from actions.fitting import (
    ONLY_OPTIONS,
    fits,
    fitting_shown,
    is_colour,
    says_only_options,
    untagged_option,
)
from actions.flights import choose_flight, in_flights
from actions.line_edits import line_edited
from assistant.commerce.errors import OutOfStock
from assistant.conversation.cart_lines import cart_line_meant, replacement_said
from assistant.conversation.cart_questions import asks_the_total
from assistant.conversation.line_edits import LineChange, line_edit, size_step
from assistant.conversation.option_counts import OptionCount, options_counted
from assistant.conversation.pointed_by_price import amount_minor, points_by_price, price_said
from assistant.conversation.product_questions import (
    asks_about,
    asks_price,
    is_yes_no,
    question_beside,
)
from assistant.conversation.quantities import (
    METRES,
    UNITS,
    edit_for,
    has_decimals,
    items_said,
    pair_counted,
    parse_quantity,
    quantity_in_words,
    quantity_said,
    says_only_how_many,
)
from assistant.conversation.search_request import (
    asks_to_put_in,
    introduces_an_item,
    orders,
    searched_words,
)
from assistant.conversation.variants import (
    choose_variant,
    french_colour_word,
    measured_by_word,
    named_colour,
    named_size,
    named_value,
)
from assistant.conversation.wording import french_names, shown_value
from assistant.nlu.utterance_kind import DECIDES, calls_to_pay, goes_ahead, takes_it_alone
from assistant.services.carts import set_quantity, swap_variant, view_cart
from assistant.services.products import (
    names_what_is_sold,
    product_for_sku,
    product_named,
    products_for_skus,
    search_products,
    searches_surely,
)
from assistant.services.views import CartLineView, CartView, ProductView
from assistant.wording import say
from catalog.colours import is_colour_name, same_family
from catalog.number_words import NUMBER_WORDS
from catalog.search import ProductHit, SearchQuery
from catalog.text import OPTION_WORDS, fold, tokens


def cart_lines(cart: CartView, lang: str) -> str:
    return "\n".join(
        f"{number}. {line.quantity} × {line.title}"
        + (
            f" ({', '.join(shown_value(v, lang) for v in (line.color, line.size) if v)})"
            if line.color or line.size
            else ""
        )
        + f": {money(line.total_minor, line.currency, lang)}"
        for number, line in enumerate(cart.lines, start=1)
    )


def cart_total(cart: CartView, lang: str) -> str:
    assert cart.currency is not None
    return money(cart.total_minor, cart.currency, lang)


def cart_summary(cart: CartView, lang: str) -> str:
    if not cart.lines:
        return say("label_cart_now_empty", lang)
    return say("label_cart_summary", lang, items=cart.item_count, total=cart_total(cart, lang))


class ActionAddToCart(MovingOn, Action):
    def name(self) -> str:
        return "action_add_to_cart"

    def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        if in_flights(tracker) and entity(tracker, "product") is None:
            return choose_flight(dispatcher, tracker)  # "the first one" of the flights shown
        if _buys_what_is_in_the_cart(tracker):
            # "buy it" of the coat already in the cart: pay for it, not a second one
            return hand_over("action_confirm_checkout", dispatcher, tracker, domain)
        operations = each_operation(dispatcher, tracker, domain)  # "make the tee blue, and add"
        if operations is not None:
            return operations
        edited = line_edited(dispatcher, tracker)  # "2 more of the bomber", "drop the mug"
        if edited is not None:
            return edited
        versions = each_version(dispatcher, tracker, domain)
        if versions is not None:  # "Blue L please and a white M": two lines
            return versions
        answered = variant_question.answer_when_adding(dispatcher, tracker)
        if answered is not None:
            return answered
        text = tracker.latest_message.get("text") or ""
        priced = _one_of_those_priced(tracker, text)
        if priced:
            # "Mettez-m'en quatre." after the prices of two: which one is not said
            lang = language(tracker)
            dispatcher.utter_message(
                response="utter_which_of_these",
                choices=(
                    " ou ".join(f"« {view.title} »" for view in priced)
                    if lang == "fr"
                    else " or the ".join(view.title for view in priced)
                ),
                buttons=[details_button(view.options[0].sku, lang) for view in priced],
            )
            return []
        if (is_yes_no(text) or asks_about(text) or asks_price(text)) and not (
            _ASKS_TO_BE_GIVEN.match(text) or orders(text)
        ):
            # "got it in black?", "chaud pendant cb d'heures": asked before buying; "can I get
            # two?" is an add
            answered = answer_if_product_question(dispatcher, tracker)
            if answered is not None:
                return answered
        # "Le sans fil supra-auriculaire, s'il vous plaît.": the one named, settled on
        settled = settled_on(tracker)
        if settled is None and _a_search_after_all(tracker, text):
            only = _the_only_match(text) if introduces_an_item(text) else None
            if only is None:
                return hand_over("action_search_products", dispatcher, tracker, domain)
            # "Et un pesto" in a shop with one pesto: added, and shown, nothing to choose
            events = add_product(dispatcher, tracker, only[0])
            dispatcher.utter_message(elements=[product_card(only[1], language(tracker))])
            return events
        several = [] if settled else several_products(text, in_view=in_view_now(tracker))
        if several:
            events = add_each(dispatcher, tracker, several)
            added = [product for product, _, _ in several]
            return [*events, *answered_beside(dispatcher, tracker, added)]
        product = settled or product_meant(tracker)
        if (
            product is not None
            and settled is None
            and not text.startswith("/")
            and _describes_another(tracker, product)
        ):
            # the search finds it, and adds it when one product clearly leads
            return hand_over("action_search_products", dispatcher, tracker, domain)
        color, size = entity(tracker, "color"), entity(tracker, "size")
        if product is None or not fits(product, color, size, on_sale=False):
            # "One pair black size L": the product meant has none; the one shown that has it.
            # Sold out in the product meant ("un gris en S" of the hoodie just added), the add
            # says so rather than put another product in the cart.
            product = fitting_shown(tracker) or product
        if product is not None and size is not None:
            product = named_by_its_number(tracker, product, size) or product
        if product is None and _names_something(text):
            if not puts_in_what_is_in_view(text):  # "une boite de truffes": the search finds it
                return hand_over("action_search_products", dispatcher, tracker, domain)
            # "jle prends", "mettez-en une paire" after a list: the product in view, as the
            # search would read them
            product = in_view_now(tracker)
        if product is None:
            product = _clear_lead(tracker)  # "mets en 2" after one clear best match
        if product is None:
            dispatcher.utter_message(response="utter_which_product")
            return []
        events = add_product(dispatcher, tracker, product)
        return [*events, *answered_beside(dispatcher, tracker, [product])]


# "buy it", "ok order them now", "purchase": a verb that buys, and nothing of what or how many.
_BUY_IT = re.compile(
    r"^\W*(?:(?:ok|okay|then|so|right|great|perfect)\W+)*(?:i'?ll\s+)?(?:buy|purchase|order)"
    r"(?:\s+(?:it|them|that|this|those|these))?(?:\s+(?:now|then|please|pls))*\W*$"
)


def _one_of_those_priced(tracker: Tracker, text: str) -> list[ProductView]:
    """The products whose prices the last reply gave side by side, when the message only says
    how many or takes "it" ("gimme 2", "Deux sachets, s'il vous plaît."), pointing at none."""
    if "utter_prices" not in said_last_turn(tracker) or tracker.get_slot(FOCUS):
        return []
    if not (says_only_how_many(text) or takes_it_alone(text) or _TAKES_ONE.search(fold(text))):
        return []
    said = {found.get("entity") for found in said_entities(tracker.latest_message)}
    if said & {"color", "size", "ordinal", "price", "product", "sku"} or points_by_price(text):
        return []
    return products_for_skus(shop(), tracker.get_slot("last_results") or [])


# "go on add one", "gimme 2", "mettez-m'en quatre": how many, with a verb and nothing named
_TAKES_ONE = re.compile(
    r"^\W*(?:(?:ok|go on|sure|right|alors|bon)\W+)*(?:add|gimme|give me|get me|i'?ll take|"
    r"mettez-m'en|mets-m'en|mettez-en|mets-en|donnez-m'en|je vais en prendre|j'en prends)\s+"
    r"(?:\d+|one|two|three|four|five|un|une|deux|trois|quatre|cinq)\W*$"
)


def _buys_what_is_in_the_cart(tracker: Tracker) -> bool:
    """A bare "buy it" when what it points at is in the cart already, or nothing is in view."""
    if not _BUY_IT.match(fold(tracker.latest_message.get("text") or "").lower()):
        return False
    held = {line.sku for line in view_cart(shop(), tracker.sender_id).lines}
    if not held:
        return False
    product = product_meant(tracker)
    return product is None or any(option.sku in held for option in product.options)


_ASKS_TO_BE_GIVEN = re.compile(
    r"^\s*(?:can|could|may) (?:i|we)\b|^\s*(?:je peux|puis-je|est-ce que je peux|on peut)\b",
    re.IGNORECASE,
)


def chosen_among_shown(tracker: Tracker) -> ProductView | None:
    """ "Brown in 42", "2 black 750", "orange" said to a list with no product singled out: the
    product the options pick. A whole choice (a colour and a size, or a quantity with one of
    them) picks the first product shown that has it, as a shopper means the best match; a
    colour or size alone picks only when a single product shown has it."""
    text = tracker.latest_message.get("text") or ""
    color = entity(tracker, "color")
    sizes = entity_values(tracker, "size")
    counted = entity(tracker, "quantity") is not None or quantity_in_words(text) is not None
    # "Bleu, je prends", "the grey then": a choice said to buy decides as a quantity does
    decided = counted or asks_to_put_in(text) or bool(DECIDES.search(fold(text).lower()))
    fitting = []
    shown = products_for_skus(shop(), tracker.get_slot("last_results") or [])
    for index, product in enumerate(shown):
        size, _ = size_of(product, sizes)
        size = size if size and named_value(size, list(product.sizes)) else None
        # a size the model did not tag, as the product spells it: "la bouteille d'un litre"
        size = size or (named_size(text, list(product.sizes)) if not sizes else None)
        whole = bool(color and size) or (decided and index == 0)
        if (color or size) and whole and fits(product, color, size, on_sale=False):
            # "Gris XL" to a list, "quatre blancs" to the best match: the first product shown
            # that comes so, which the add then says is sold out, rather than another product
            # that has it in stock
            fitting.append((product, True))
        elif (color or size) and fits(product, color, size):
            fitting.append((product, decided))
    if len(fitting) == 1 or (fitting and fitting[0][1]):
        return fitting[0][0]
    if counted and not color and not fitting:  # the sizes said are numbers, not sizes
        return _clear_lead(tracker)  # "5 tablettes" after "chocolat au lait aux noisettes"
    if len(fitting) > 1:
        # "Violet" after "tel pliable": the first result, when it clearly leads, and has it
        lead = _clear_lead(tracker)
        if lead is not None and lead.group_id == fitting[0][0].group_id:
            return lead
    return None


def _clear_lead(tracker: Tracker) -> ProductView | None:
    """The first product of the search shown, when it clearly beats the second: the one a
    bare quantity means. None when several match about as well (then the shopper is asked)."""
    context = searched_context(tracker)
    if context.empty or context.offset:
        return None
    hits = search_products(shop(), replace(context.to_query(), limit=2)).hits
    shown = tracker.get_slot("last_results") or []
    if not hits or not shown or hits[0].variants[0].sku != shown[0]:
        return None  # the list on screen is not this search's first page
    first = product_for_sku(shop(), shown[0])
    named = product_named(shop(), context.text) if context.text else None
    if named is not None and first is not None and named.group_id == first.group_id:
        return first  # "du chocolat noir 85 %" named the 85% bar it shows first
    return first if clearly_leads(hits) else None


def variant_chosen(tracker: Tracker) -> ProductView | None:
    """ "Une en vert taille M", "and one red in L", "le regular fit en noir taille L, 2": a
    colour, size or quantity for one product (named, in focus, or the only one shown), read
    as a refinement. The product to add, or None when the message describes anything else."""
    message = tracker.latest_message
    said = {e.get("entity") for e in said_entities(message)}
    text = message.get("text") or ""
    if "price" in said and not quotes_the_named_price(tracker, text):
        return None
    if "?" in text or is_yes_no(text) or asks_about(text):
        # "in green?", "got it in black?", "what's the basic crew neck made of": asked
        return None
    if several_products(text, described=False):
        return None  # "three bags of pretzels and two of the paprika crisps": two products
    shown: list[str] = tracker.get_slot("last_results") or []
    focus = tracker.get_slot(FOCUS)
    product = product_named(shop(), text, prefer=shown)
    if "brand" in said:
        # "les Kestrel en rose, 38": the one product shown of that brand; another brand is
        # a new search
        product = product or _the_one_shown_of(entity(tracker, "brand") or "", shown)
        if product is None:
            return None
    if product is not None and not _in_view(tracker, product):
        return None  # "white sneakers": a product not in view is a new search, not a choice
    # "The full size RGB one", "le 75 %": one product of the list pointed at by its name
    pointed = product is not None and _THE_ONE.match(fold(text)) is not None
    if product is None:
        sku = focus or (shown[0] if len(shown) == 1 else None)
        product = product_for_sku(shop(), sku) if sku else chosen_among_shown(tracker)
        color = entity(tracker, "color")
        if product is not None and color and not fits(product, color, None):
            # "Vert" when the product in focus has no green: the one shown that has it.
            product = fitting_shown(tracker) or product
    if product is None or not product.available:
        return None
    title = set(re.findall(r"[a-z0-9]+", fold(product.title).lower()))
    quantity = entity(tracker, "quantity")
    counted = quantity is not None and fold(quantity).lower() not in title  # not "27-inch"
    # A colour or size of the product said in words the model did not tag ("the 1kg bag")
    untagged = untagged_option(text, product)
    chooses = (
        pointed
        or bool(said & {"color", "size"})
        or counted
        or quantity_in_words(text) is not None
        or untagged is not None
    )
    if not chooses:
        return None
    # What is left names nothing the shop sells ("righto", "she said"), or names this product
    # in other words ("les Road Running femme en rose 38"): not another product described
    beyond = _words_beyond(product, message)
    if _describes(beyond, product) and not _best_match_is(beyond, product):
        return None
    return product


def _best_match_is(words: str, product: ProductView) -> bool:
    """The catalog's best match for the words is the product ("road running femme" of the
    Women's Road Running Shoes; "chaussettes rayées" is not the merino socks)."""
    found = search_products(shop(), SearchQuery(text=words, limit=1))
    best = found.hits or found.alternatives
    return bool(best) and best[0].group_id == product.group_id


_SAID_OPTIONS = {"color", "size", "quantity", "ordinal", "price", "language"}
_THE_ONE = re.compile(r"^\W*(?:(?:ok|okay|alors|then|bon)\W+)?(?:the|le|la|les|l')(?!\w)")


def _the_one_shown_of(brand: str, shown: list[str]) -> ProductView | None:
    """The only product shown of the brand said, if only one is."""
    said = re.compile(rf"(?<!\w){re.escape(fold(brand).strip())}(?!\w)")  # "Kestrel" Sport
    of_brand = [p for p in products_for_skus(shop(), shown) if brand and said.search(fold(p.brand))]
    return of_brand[0] if len(of_brand) == 1 else None


def _words_beyond(product: ProductView, message: dict[str, Any]) -> str:
    """The words of a message that are not the product's title, its colours and sizes, the
    entities said, counts or the small words of choosing and buying: what else it describes.
    The line a change of mind replaces is not described ("swap the loopback for the Essential
    in black": the loopback is the old one)."""
    text = fold(message.get("text") or "").lower()
    replaced = replacement_said(text)
    if replaced:
        text = text.replace(replaced, " ")
    rest = " " + searched_words(text) + " "
    # the options and counts said; the products named are what it describes
    values = [
        str(e.get("value")) for e in said_entities(message) if e.get("entity") in _SAID_OPTIONS
    ]
    values += [word for option in product.options for word in (option.color, option.size)]
    for value in sorted({fold(v).lower() for v in values if v}, key=len, reverse=True):
        rest = re.sub(rf"(?<!\w){re.escape(value)}(?!\w)", " ", rest)
    for french in french_names().values():  # "les vertes", "noires"
        rest = re.sub(rf"(?<!\w){french_colour_word(fold(french).lower())}(?!\w)", " ", rest)
    rest = " ".join(_ASKS_OR_GIFTS.sub(" ", rest).split())
    title = set(tokens(product.title))  # stemmed: "hazelnut" is the "Hazelnuts" bar
    beyond = any(word not in title for word in tokens(ONLY_OPTIONS.sub(" ", rest)))
    # as said, small words kept: "sac de rando de 28 litres" searches better than its nouns
    return rest if beyond else ""


def _describes_another(tracker: Tracker, product: ProductView) -> bool:
    """ "Ajoute sac à dos pour l'école, rouge", "add a car charger" with headphones in view: the
    add describes another product than the one meant, which a search finds."""
    if entity(tracker, "sku") or entity(tracker, "ordinal"):
        return False  # a button or "the second one": the product is settled
    # "stick five bags of that in": the bags hold the one in view, they name no backpack
    words = _COUNTED_OF_IT.sub(" ", _words_beyond(product, tracker.latest_message))
    return _describes(words.strip(), product)


# "five bags of that", "deux paquets de ça": what the one in view comes in, counted
_COUNTED_OF_IT = re.compile(
    r"(?<![\w'])[\w'-]+\s+(?:of|de|d')\s*(?:that|those|these|it|them|ca|ça)(?![\w'])",
    re.IGNORECASE,
)


_MEASURE = re.compile(
    r"\d+(?:[.,]\d+)?|kilos?|kg|grams?|grammes?|g|litres?|liters?|l|ml|cl|metres?|meters?|"
    r"m|cm|mm|inch(?:es)?|pouces?|gb|go|tb|to"
)


def _describes(words: str, other_than: ProductView | None = None) -> bool:
    """Words that name the shop's products or kinds, or find products close to them; with
    `other_than`, also words in another language whose best match is another product
    ("casques pour enfant", "claquettes" with a mouse or a power bank in view)."""
    if not words:
        return False
    # "the kilo bag": amounts and the words that count them describe a variant, no product
    kept = [w for w in tokens(words) if w not in OPTION_WORDS and not _MEASURE.fullmatch(w)]
    if (
        not kept
        and other_than is not None
        and other_than.sizes
        and any(_MEASURE.fullmatch(word) for word in tokens(words))
    ):
        return False  # "la bouteille d'un litre" of the olive oil: its 1 L, no water bottle
    if names_what_is_sold(shop(), words):
        return True
    if other_than is None or not kept:
        return False
    found = search_products(shop(), SearchQuery(text=words, limit=1))
    return found.exact and bool(found.hits) and found.hits[0].group_id != other_than.group_id


def _in_view(tracker: Tracker, product: ProductView) -> bool:
    """One of the product's variants is shown or in focus."""
    in_view = {*(tracker.get_slot("last_results") or []), tracker.get_slot(FOCUS)}
    return bool(in_view & {option.sku for option in product.options})


# Words asking to put something in the cart, in either language. Without one, nothing on
# screen and no quantity, a message the NLU read as an add is a description to search for
# ("cable ethernet 5 metres", "a smartwatch").
ASKS_TO_ADD = re.compile(
    r"(?<!\w)(?:add|put|take|buy|get|grab|order|want|need|have|ll|d like|cart|basket|chuck|"
    r"ajoute[rsz]?|rajoute[rsz]?|mets|mettez|mettre|prends|prend|prenez|prendre|ach[eè]te[rsz]?|"
    r"commande[rsz]?|veux|voudrais|voudrions|garde|panier|j['’]en)(?!\w)",
    re.IGNORECASE,
)


# Asking to add, and whom it is for ("ajoute", "for me brother", "pour ma fille"): not what
# the product is. Elided articles go with them ("l'", "d'").
_ASKS_OR_GIFTS = re.compile(
    ASKS_TO_ADD.pattern
    + r"|(?<!\w)(?:for|pour|pr)\s+(?:(?:my|me|mon|ma|mes|his|her|our|notre|nos|the|le|la)"
    r"(?:\s+\w+){1,3}|"
    r"him|her|me|us|them|lui|elle|moi|nous|eux|elles)(?!\w)|(?<!\w)[ldjn]'",
    re.IGNORECASE,
)


_ONLY_POINTING = re.compile(
    r"^\W*(?:(?:add|put|it|them|this|that|one|ones|the|to|in|my|cart|basket|please|pls|first|k|ok|"
    r"second|third|last|premier|premiere|première|deuxieme|deuxième|dernier|derniere|dernière|"
    r"ajoute[rsz]?|le|la|les|l|au|dans|mon|panier|stp|svp|ca|ça|celui|celle|ci|là)\W*)*$",
    re.IGNORECASE,
)


def puts_in_what_is_in_view(text: str) -> bool:
    """Words putting something in the cart that describe nothing the shop sells ("jle prends",
    "mettez-en une paire"): the product in view is meant, as the search reads them too."""
    described = searched_words(text)
    return asks_to_put_in(text) and not (described and names_what_is_sold(shop(), described))


def _names_something(text: str) -> bool:
    """More than an add pointing at nothing ("add it to my cart", "ajoute 2", "mets en 2",
    "cinq tablettes"): words to search for."""
    if text.startswith("/") or says_only_how_many(text):
        return False
    return not _ONLY_POINTING.match(_COUNTS.sub(" ", text))


_COUNTS = re.compile(
    r"(?<!\w)(?:x?\d{1,2}x?|en|m'en|m en|mets|met|put|me|"
    + "|".join(sorted(OPTION_WORDS))  # "mets m'en 2 paquets"
    + r")(?!\w)",
    re.IGNORECASE,
)


def _a_search_after_all(tracker: Tracker, text: str) -> bool:
    """An add with nothing to add: no button, nothing shown or in focus, no word asking to
    add and no quantity, but the shop's products named: the shopper described what they want."""
    if text.startswith("/") or entity(tracker, "sku") or entity(tracker, "ordinal"):
        return False
    if ASKS_TO_ADD.search(fold(text)) or quantity_in_words(text) is not None:
        return False
    shown: list[str] = tracker.get_slot("last_results") or []
    focus = tracker.get_slot(FOCUS)
    if shown or focus:
        # "And a gaming mouse", "et des chaussettes en laine": a new kind introduced, not one
        # of the products in view ("and the vanilla rooibos", "and one white choc" are adds).
        if not introduces_an_item(text):
            return False
        named = product_named(shop(), text, prefer=shown)
        if named is not None and _in_view(tracker, named):
            return False
    return names_what_is_sold(shop(), text)


def _the_only_match(text: str) -> tuple[ProductView, ProductHit] | None:
    """The product a description finds when it finds exactly one, available."""
    result = search_products(shop(), SearchQuery(text=text, limit=2))
    if not result.exact or result.total != 1:
        return None
    hit = result.hits[0]
    product = product_for_sku(shop(), hit.variants[0].sku)
    return (product, hit) if product is not None and product.available else None


def add_product(
    dispatcher: CollectingDispatcher, tracker: Tracker, product: ProductView
) -> list[dict[str, Any]]:
    """Add `product` as the latest message says: its quantity, colour and size (asking for
    what is missing), or the exact variant a size/colour button names."""
    text = tracker.latest_message.get("text") or ""
    said = quantity_said(entity(tracker, "quantity"), text)
    if said is not None and (
        in_title(said, product.title)
        or number_of_title(str(parse_quantity(said) or said), product, text)
    ):
        # "add the 27 inch QHD", "a five pack of crew socks": a number of its name, no quantity
        said = None
    # "add the 69 one in yellow": the product's price points at it; no size, no count
    price = _its_price_said(text, product)
    said = None if said is not None and said == price else said
    size, counted = size_of(
        product,
        [v for v in entity_values(tracker, "size") if v != price and not _a_price_of(v, product)],
    )
    if counted and number_of_title(re.sub(r"\D", "", counted), product, text):
        counted = None  # "the crew socks 5-pack" tagged as a size: the 5 of its name
    if said is not None and size is None and (as_size := named_value(said, list(product.sizes))):
        size, said = as_size, None  # "ajoute noir 39", "la 512": a size the product has
    said = said or counted
    size = (
        size
        # "Navy, extra large" with the size untagged: the words say it
        or _size_in_words(text, product)
        or _searched(tracker, product, "size")
        or _same_size(tracker, product, text)
        or _said_lately(tracker, product, "size")
        # "the small jar of instant coffee": the smallest of its measures
        or measured_by_word(text, list(product.sizes))
    )
    if size and _COUNT.match(size):  # "x2" read as a size is a quantity
        said, size = said or size.strip("xX"), None
    in_words = quantity_in_words(text)
    if in_words is not None and number_of_title(str(in_words), product, text):
        in_words = None  # "a 3 pack of running socks": the 3 of the "3-Pack"
    if in_words == 1:  # "a pair of them in blue": two mugs, one pair of boots
        in_words = pair_counted(text, f"{product.title} {product.category}") or in_words
    quantity = parse_quantity(said) or in_words
    button = entity(tracker, "sku")
    replaced = _replaced_line(tracker, product, text) if button is None else None
    if replaced is not None:
        # "Swap the dark one for a milk hazelnut", "get the commuter one instead": the line out,
        # the new product in, as many of it unless the shopper says how many.
        if not line_removed(dispatcher, tracker, replaced):
            return []
        quantity = quantity or replaced.quantity
    quantity = quantity or 1
    changing = button is None and (
        _NEW_TOTAL.search(fold(text)) is not None or _goes_on_changing(tracker, text)
    )
    line = _latest_line(tracker, product) if changing else None
    counted = options_counted(text, list(product.colors), list(product.sizes), french_names())
    if counted and button is None:
        # "trois paires en S : une bleue, une rouge et une jaune"; after a change of mind
        # ("non, deux bleus et deux beiges") in place of the line just added
        return _each_counted(dispatcher, tracker, product, counted, line)
    if line is not None:
        # "actually black", "non plutôt les 2m": another variant in place of the line just
        # added; "1 seule finalement", "make it two": a new total for it
        return another_variant(dispatcher, tracker, product, line) or new_total(
            dispatcher, tracker, product, line, quantity
        )
    if button is not None and entity(tracker, "quantity") is not None:
        # The size/colour question's buttons name the exact variant and the quantity.
        return [
            *variant_question.add_variant(dispatcher, tracker, button, quantity),
            focus_on(product),
        ]
    sku = button or product.options[0].sku
    several = _one_of_each(tracker, product, quantity)
    if several:
        events: list[dict[str, Any]] = []
        for each_color, each_size, each in several:
            events += variant_question.choose_and_add(
                dispatcher, tracker, sku, each, each_color, each_size or size
            )
        return [*events, focus_on(product)]
    # A card's button or "the first one" names a product, not a variant: settle colour
    # and size first, from this message or else from the search the shopper is refining.
    color = entity(tracker, "color")
    if color is not None and in_title(color, product.title) and not fits(product, color, None):
        color = None  # "deux thés Earl Grey": a word of the name the model read as a colour
    color = color or _searched(tracker, product, "color") or _said_lately(tracker, product, "color")
    return [
        *variant_question.choose_and_add(dispatcher, tracker, sku, quantity, color, size),
        focus_on(product),
    ]


# "Make it two", "1 seule finalement", "juste une en fait": a new total, not more of it.
_NEW_TOTAL = re.compile(
    r"(?<!\w)(?:make it|make that|only|finally|actually|instead|rather|swap|switch|change|"
    r"finalement|seulement|plutot|en fait|au final|que|remplace|echange|"
    # "sorry I meant 1", "je voulais dire 3": the number or variant said put right
    r"i meant|meant|i mean|voulais dire|je veux dire)(?!\w)"
    # "Non, le vert", "wait she said grey not blue": a choice said against the one just made
    r"|^\W*(?:(?:ah|oh|oups|oops|euh|heu|hmm+|hum|um+|uh+|erm?|ugh)\W+)?"
    r"(?:non|no|nah|nope|wait|attends?)(?!\w)"
    # "Mets deux" right after the add: that line, two of it
    r"|^\W*(?:mets|mettez|met)(?:[- ](?:en|m'en))?\s+(?:\d{1,2}|deux|trois|quatre|cinq|six)\W*$",
    re.IGNORECASE,
)


def _goes_on_changing(tracker: Tracker, text: str) -> bool:
    """ "Rose en M alors" right after "non plutôt le rose" (no pink S left): the change of mind
    goes on, the line is changed, not joined by another. After an add ("ajoutez un gris en S",
    none left), "gris en M alors" is the add going on."""
    # "Rose en M alors", "red M then": what follows from the answer to the message before
    if not DECIDES.search(fold(text).lower()):
        return False
    earlier = previous_message(tracker)
    return earlier is not None and _NEW_TOTAL.search(fold(earlier)) is not None


# Words pointing back at what is already in the cart, not naming it.
_POINTING_BACK = re.compile(
    r"^(?:(?:the|that|this|those|these|it|them|one|ones|le|la|les|l'|ca|cela|celui|celle|ceux|"
    r"celles|ci|la-bas|du|des|de)\s*)*$"
)


def _replaced_line(tracker: Tracker, product: ProductView, text: str) -> CartLineView | None:
    """The cart line of another product a change of mind replaces: the one the message names
    ("swap the dark one for ..."), else the line added last ("the commuter one instead");
    None when the message replaces nothing, or `product` is in the cart already (then it is
    a change of its variant or quantity)."""
    old = replacement_said(text)
    if old is None:
        return None
    cart = view_cart(shop(), tracker.sender_id)
    if not cart.lines or _line_of(cart, product) is not None:
        return None
    if old and not _POINTING_BACK.match(old):
        key = cart_line_meant(cart, None, [], old)
        return cart.line(key) if key is not None else None
    return cart.lines[-1]


def _latest_line(tracker: Tracker, product: ProductView) -> CartLineView | None:
    """The product's cart line added last, if it has one."""
    return _line_of(view_cart(shop(), tracker.sender_id), product)


def _line_of(cart: CartView, product: ProductView) -> CartLineView | None:
    """The product's line in `cart` added last, if it has one."""
    skus = {option.sku for option in product.options}
    lines = [line for line in cart.lines if line.sku in skus]
    return lines[-1] if lines else None


def _each_counted(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    product: ProductView,
    counted: list[OptionCount],
    replaced: CartLineView | None,
) -> list[dict[str, Any]]:
    """Each variant counted added as many times, after the line they replace, if any, is out."""
    if replaced is not None:
        cart = set_quantity(shop(), tracker.sender_id, replaced.key, 0)
        dispatcher.utter_message(
            response="utter_removed_from_cart",
            title=replaced.title,
            summary=cart_summary(cart, language(tracker)),
        )
    events: list[dict[str, Any]] = []
    for each in counted:
        events += variant_question.choose_and_add(
            dispatcher, tracker, product.options[0].sku, each.count, each.color, each.size
        )
    return [*events, focus_on(product)]


def _size_next_to(product: ProductView, line: CartLineView, said: str) -> str | None:
    """ "A size up", "une taille en dessous": the product's size next to the line's, in the
    order the product lists its sizes; None when none is asked or there is none that way."""
    step = size_step(said)
    sizes = list(product.sizes)
    if not step or line.size not in sizes:
        return None
    position = sizes.index(line.size) + step
    return sizes[position] if 0 <= position < len(sizes) else None


def another_variant(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    product: ProductView,
    line: CartLineView,
) -> list[dict[str, Any]] | None:
    """The product's `line` swapped for the variant of the colour or size said in this
    message, the other kept ("actually black" keeps the size); None when none is said."""
    said = tracker.latest_message.get("text") or ""
    if len(options_counted(said, list(product.colors), list(product.sizes), french_names())) > 1:
        return None  # "actually make it 3 blue and 3 green": a split, for the add
    color = named_colour(entity(tracker, "color") or said, list(product.colors), french_names())
    # "make the white one beige": the colour said that is not the line's own
    others = [
        colour
        for colour in product.colors
        if colour != line.color and named_colour(said, [colour], french_names())
    ]
    if color == line.color and len(others) == 1:
        color = others[0]
    if color is None and (asked := entity(tracker, "color")) is not None:
        # "make the tee blue" of a tee that comes in navy: the one shade of the colour said
        shades = [c for c in product.colors if c != line.color and is_colour(asked, c)]
        color = shades[0] if len(shades) == 1 else None
    tagged, _ = size_of(product, entity_values(tracker, "size"))
    size = named_size(tagged or said, list(product.sizes)) or _size_next_to(product, line, said)
    if size == line.size:
        # "I need 44 not 43", "should be S not M": the size said that is not the line's own
        other_sizes = [
            value
            for value in product.sizes
            if value != line.size and named_size(said, [value]) == value
        ]
        size = other_sizes[0] if len(other_sizes) == 1 else size
    asked = entity(tracker, "color")
    if color is None and asked and is_colour_name(asked) and not fits(product, asked, None):
        # "non attends, plutôt le noir" of a tee that comes in no black: said, not swapped
        lang = language(tracker)
        dispatcher.utter_message(
            response="utter_variant_unavailable",
            title=product.title,
            wanted=shown_value(asked, lang),
        )
        return [focus_on(product)]
    if color in {None, line.color} and size in {None, line.size}:
        return None
    wanted = (color or line.color, size or line.size)
    lang = language(tracker)
    named = " ".join(shown_value(value, lang) for value in wanted if value)
    variant = next((o for o in product.options if (o.color, o.size) == wanted), None)
    if variant is None or not variant.available:
        dispatcher.utter_message(
            response="utter_variant_unavailable", title=product.title, wanted=named
        )
        return [focus_on(product)]
    some = _some_of_them(said, line.quantity)  # "change un des trois en L": one of them
    # "Non, plutôt un seul de 100 g", "1 paquet d'1kg à la place": the new line's own number
    total = None if some is not None else _total_with_the_change(said, product)
    try:
        cart = swap_variant(shop(), tracker.sender_id, line.key, variant.sku, some)
        if total is not None and total != line.quantity:
            cart = set_quantity(shop(), tracker.sender_id, variant.sku, total)
    except OutOfStock as refusal:
        dispatcher.utter_message(response="utter_out_of_stock", **refusal.details)
        return []
    dispatcher.utter_message(
        response="utter_variant_swapped",
        title=product.title,
        variant=named,
        summary=cart_summary(cart, lang),
    )
    return [focus_on(product)]


_JUST_ONE = re.compile(
    r"(?<!\w)(?:un seul|une seule|a single|just one|only one|juste une?|seulement une?|"
    r"rien qu'une?)(?!\w)",
    re.IGNORECASE,
)


# "1 de 250g", "deux de 100 g", "2 of the 1 kg": how many of the version named after it.
_COUNT_OF = re.compile(
    r"(?<![\w.,])(\d{1,2}|un|une|one|deux|two|trois|three)\s+(?:de|d'|of)\s*(?:the\s+)?\d",
    re.IGNORECASE,
)


def _total_with_the_change(text: str, product: ProductView) -> int | None:
    """How many the shopper wants of the variant they change to, if they say: "un seul",
    "2 paquets de 250 g" (not the 250 of the size, nor a number of the product's name)."""
    if _JUST_ONE.search(fold(text)):
        return 1
    if (of := _COUNT_OF.search(fold(text))) is not None:
        return parse_quantity(of.group(1))  # "nan plutôt 1 de 250g à la place"
    counted = quantity_in_words(text)
    if counted is None or number_of_title(str(counted), product, text):
        return None
    return counted


# "One of them", "2 of the 3", "un des trois", "l'une d'entre elles", "deux d'entre eux".
_SOME_OF_THEM = re.compile(
    r"(?<!\w)(\d{1,2}|one|two|three|un|une|deux|trois|l'une?)\s+(?:of (?:them|those|these|the)|"
    r"des|d'entre)(?!\w)",
    re.IGNORECASE,
)


def _some_of_them(text: str, held: int) -> int | None:
    """How many of a line's units a change concerns, when fewer than all are said."""
    found = _SOME_OF_THEM.search(fold(text))
    if found is None:
        return None
    said = found.group(1).lower()
    count = 1 if said.startswith("l'") else parse_quantity(said)
    return count if count is not None and count < held else None


def line_removed(dispatcher: CollectingDispatcher, tracker: Tracker, line: CartLineView) -> bool:
    """The line out of the cart, and the shopper told; False if the cart refused."""
    try:
        cart = set_quantity(shop(), tracker.sender_id, line.key, 0)
    except OutOfStock as refusal:  # pragma: no cover - removing needs no stock
        dispatcher.utter_message(response="utter_out_of_stock", **refusal.details)
        return False
    dispatcher.utter_message(
        response="utter_removed_from_cart",
        title=line.title,
        summary=cart_summary(cart, language(tracker)),
    )
    return True


def new_total(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    product: ProductView,
    line: CartLineView,
    quantity: int,
) -> list[dict[str, Any]]:
    """The product's `line` set to `quantity`."""
    try:
        cart = set_quantity(shop(), tracker.sender_id, line.key, quantity)
    except OutOfStock as refusal:
        dispatcher.utter_message(response="utter_out_of_stock", **refusal.details)
        return []
    dispatcher.utter_message(
        response="utter_quantity_changed",
        title=line.title,
        quantity=quantity,
        summary=cart_summary(cart, language(tracker)),
    )
    return [focus_on(product)]


def _one_of_each(
    tracker: Tracker, product: ProductView, quantity: int
) -> list[tuple[str | None, str | None, int]]:
    """ "2 of them, one blue one pink", "une en 39 une en 40": several colours (or sizes) of
    the product in one message, each its share of the quantity; empty for one or none."""
    colors = list(
        dict.fromkeys(c for c in entity_values(tracker, "color") if fits(product, c, None))
    )
    sizes = list(
        dict.fromkeys(
            named
            for v in entity_values(tracker, "size")
            if (named := named_value(v, list(product.sizes)))
        )
    )
    if len(sizes) == 1:  # the model may tag one size of "une en 39 une en 40": the words say
        words = re.findall(r"[a-z0-9]+", fold(tracker.latest_message.get("text") or "").lower())
        sizes += [
            size
            for size in product.sizes
            if len(size) > 1 and size.lower() in words and size not in sizes  # not "m'en"
        ]
    if len(colors) > 1 and len(sizes) <= 1:
        kinds: list[tuple[str | None, str | None]] = [(c, None) for c in colors]
    elif len(sizes) > 1 and len(colors) <= 1:
        kinds = [(colors[0] if colors else None, size) for size in sizes]
    else:
        return []
    each = quantity // len(kinds) if quantity % len(kinds) == 0 else 1
    return [(color, size, each) for color, size in kinds]


def _its_price_said(text: str, product: ProductView) -> str | None:
    """The amount the message points at the product by, when the product sells at it ("the
    69 one" of a 69.00 backpack); None otherwise."""
    amount = price_said(text)
    if amount is None:
        return None
    minor = amount_minor(amount)
    return amount if any(option.price_minor == minor for option in product.options) else None


def _a_price_of(value: str, product: ProductView) -> bool:
    """ "La rose à 17,99" with "17,99" tagged a size: an amount with decimals the product sells
    at, which points at it (a size is never written so)."""
    if not has_decimals(value) or not re.fullmatch(r"\d+[.,]\d{1,2}", value.strip()):
        return False
    prices = {o.price_minor for o in product.options} | {
        o.regular_price_minor for o in product.options
    }
    return amount_minor(value.strip()) in prices


def size_of(product: ProductView, values: list[str]) -> tuple[str | None, str | None]:
    """The size and the quantity among the sizes the NLU tagged: "4 of the basic crew, red,
    XL" tags "4" and "XL"; the product's own size is the size, a small number it has no size
    for is how many."""
    sizes = list(product.sizes)
    size = next((value for value in values if named_value(value, sizes)), None)
    counted = next(
        (
            v
            for v in values
            if v != size
            and not has_decimals(v)  # "la rose à 17,99": a price tagged a size, no count
            and (parse_quantity(v) or 99) <= 20
            and v not in sizes
            and not in_title(v, product.title)  # "nova 8 noir 256": the 8 is the name's
        ),
        None,
    )
    # a size the product lacks stays asked (the add says it has none), unless it is a number
    # of the product's name: "le sac de rando de 28 litres" of the Hiking Daypack 28L
    unsold = next((v for v in values if v != counted and not number_of_title(v, product)), None)
    return (size or unsold), counted


def named_by_its_number(tracker: Tracker, product: ProductView, size: str) -> ProductView | None:
    """ "n 5 of the 85" with the 70 % bar in view, "le 65 W noir" after the 100 W charger: a
    size the product lacks that is a number of the name of one other product of its kind (the
    one shown or in the cart, when several are)."""
    sizes = list(product.sizes)
    if named_value(size, sizes) or number_of_title(size, product) or not product.category:
        return None
    kind = product.category.split(">")[-1].strip()
    found = search_products(shop(), SearchQuery(text=f"{kind} {size}", limit=_KIND_SHOWN)).hits
    numbered = {
        other.group_id: other
        for other in products_for_skus(shop(), [hit.variants[0].sku for hit in found])
        if other.category == product.category
        and other.group_id != product.group_id
        and number_of_title(size, other)
    }
    if len(numbered) > 1:  # "the 27 inch" of two 27-inch monitors: the one in view
        in_view = {line.sku for line in view_cart(shop(), tracker.sender_id).lines}
        in_view |= set(tracker.get_slot("last_results") or [])
        numbered = {
            group: other
            for group, other in numbered.items()
            if in_view & {option.sku for option in other.options}
        }
    return next(iter(numbered.values())) if len(numbered) == 1 else None


_KIND_SHOWN = 10  # the products of a kind a search for one of its numbers reads


def number_of_title(value: str, product: ProductView, said: str | None = None) -> bool:
    """ "28" of the "Hiking Daypack 28L", "3" of the "Running Socks 3-Pack": part of its name.
    With the message `said`: only as the name has it, the same word after the digits ("a 3
    pack of", "le sac de 28 litres"); "trois lots de socquettes" or "3 lots" of the Ankle
    Socks 3-Pack count lots."""
    number = fold(value).strip().lower()
    if said is None and (measure := re.fullmatch(r"(\d+)\s*[a-z]+(?:\s+[a-z]+)*", number)):
        number = measure.group(1)  # "27 pouces (calibré)" of the "27-inch 4K Colour Accurate…"
    title = fold(product.title).lower()
    in_title = re.search(rf"(?<!\d){re.escape(number)}(?!\d)\s*-?\s*([a-z]*)", title)
    if not number.isdigit() or in_title is None:
        return False
    if said is None:
        return True
    word = in_title.group(1)
    # "a five pack of crew socks": the 5 of the "5-Pack", in words
    spelled = "|".join(w for w, value in NUMBER_WORDS.items() if str(value) == number)
    said_as = rf"(?<![\d.,]){number}(?!\d)" + (
        rf"|(?<![\w'-])(?:{spelled})(?![\w'-])" if spelled else ""
    )
    return any(
        (following.group(1) or "")[:1] == word[:1]
        # "3 packs of the running socks", "3 paquets": three of the 3-Pack, a container said
        # in the plural
        and not (word and _plural_container(following.group(1) or "", word))
        for following in re.finditer(rf"(?:{said_as})\s*-?\s*([a-z]*)", fold(said).lower())
    )


def _plural_container(said: str, titled: str) -> bool:
    """ "packs" of a "Pack", "paquets" or "lots" of one: so many of it, not its name."""
    if said in {f"{titled}s", f"{titled}es"}:
        return True
    return said in _PACKS_SAID and not titled.endswith("s")


# Packs said in the plural: so many packs. "5 paires" of a 5-Pack is what the pack holds.
_PACKS_SAID = frozenset(
    "packs paquets lots sachets boxes boites bags jars pots tins cans bottles bouteilles".split()
)


_SAME = re.compile(r"(?<!\w)(?:same|meme|pareil|pareille)(?!\w)")


def _same_size(tracker: Tracker, product: ProductView, text: str) -> str | None:
    """ "And the same in purple", "la même en blanc": the size of the line of it added last."""
    if not _SAME.search(fold(text).lower()):
        return None
    line = _latest_line(tracker, product)
    return line.size if line is not None and line.size else None


def _searched(tracker: Tracker, product: ProductView, slot: str) -> str | None:
    """The colour or size of the search being refined, if this product comes in it and that
    search showed it: a brown searched for boots says nothing of the coffee added next, a white
    t-shirt searched nothing of the power bank a new request names."""
    shown = set(tracker.get_slot("last_results") or [])
    if not shown & {option.sku for option in product.options}:
        return None
    values = product.colors if slot == "color" else product.sizes
    value = tracker.get_slot(slot)
    if not value or named_value(value, list(values)):
        return value or None
    shades = [shade for shade in values if slot == "color" and same_family(value, shade)]
    return shades[0] if len(shades) == 1 else None  # blue searched: this one's navy


# How far back a colour or size said about the product in view still holds for "add it".
LATELY = 3


def _said_lately(tracker: Tracker, product: ProductView, slot: str) -> str | None:
    """The colour or size of the product in view the shopper's last few messages named ("on
    ear in red how much", then "add it"; "le lite 5 violet 64go dispo ?", "et en 128 ?",
    "ajoute le"), newest first, back to the last thing put in the cart."""
    skus = {option.sku for option in product.options}
    in_view = set(tracker.get_slot("last_results") or []) | {tracker.get_slot(FOCUS)}
    if not skus & in_view:
        return None
    values = list(product.colors if slot == "color" else product.sizes)
    latest = tracker.latest_message.get("text") or ""
    if _option_named(latest, values, slot) is not None:
        return None  # "I'll have the 1 kg bag then": this message says which
    for text, added in earlier_turns(tracker, LATELY):
        if added:
            return None
        named = [value for value in values if _option_named(text, [value], slot)]
        if len(named) > 1:
            return None  # "the espresso beans in 250 g and in 1 kg?": compared, not chosen
        if named:
            return named[0]
    return None


# Sizes said as words, in English and French ("extra large", "taille moyenne"), or as letters.
_SIZE_SAID = re.compile(
    r"(?<![\w'-])(?:extra[- ]small|extra[- ]large|small|medium|large|petit|petite|moyen|moyenne|"
    r"grand|grande|x{0,3}s|m|x{0,3}l)(?![\w'-])",
    re.IGNORECASE,
)


def _size_in_words(text: str, product: ProductView) -> str | None:
    """The letter size the message says in words or letters, outside the product's title
    ("Navy, extra large" -> XL; not the "Large" of a title), if the product has it."""
    title = {word.lower() for word in re.findall(r"[\w'-]+", product.title)}
    said = " ".join(word for word in re.findall(r"[\w'-]+", text) if word.lower() not in title)
    if not _SIZE_SAID.search(said):
        return None
    return named_size(said, list(product.sizes))


def _option_named(text: str, values: list[str], slot: str) -> str | None:
    if slot == "color":
        return named_colour(text, values, french_names())
    return named_size(text, values)


_COUNT = re.compile(r"^\s*(?:x\s*\d{1,2}|\d{1,2}\s*x)\s*$", re.IGNORECASE)


def in_title(value: str, title: str) -> bool:
    """The value is a word of the title: the 8 of "Nova 8", the grey of "Earl Grey"."""
    return fold(value).strip().lower() in re.findall(r"[a-z0-9]+", fold(title).lower())


def several_products(
    text: str, described: bool = True, in_view: ProductView | None = None
) -> list[tuple[ProductView, int, str]]:
    """ "3 bags of the fusilli and one sea salt chips": each part naming its own product, with
    its quantity and its words; empty unless at least two parts name different products.
    `described`: a part may describe its product in words no title has (then searched);
    `in_view`: the product a part that only points means ("add it + a 65w charger white")."""
    if text.startswith("/"):
        return []
    asked = question_beside(text)
    if asked is not None:
        text = text[: text.rindex(asked)]  # "..., does it keep drinks cold?" is no item
    # "Salut, je prends un mug": a part of greetings and request words names nothing
    parts = [part for part in _with_their_options(items_said(text)) if searched_words(part)]
    if len(parts) < 2:
        return []
    found: list[tuple[ProductView | None, str]] = []
    for part in parts:
        named_here = product_named(shop(), part)
        points = named_here is None and in_view is not None and _points_at_it(part, in_view)
        product = (
            named_here
            or (in_view if points else None)
            or (_surely_searched(part) if described else None)
        )
        if not points and _A_REMARK.match(fold(part).lower()):
            continue  # "she's always cold": said of someone, no item, whatever it describes
        if product is None and _says_nothing_to_buy(part):
            continue  # "nice, i'll take it, plus an hdmi cable", "c'est pour mon père": no item
        if points and found:
            # "Please add one pair, black 46. Also ...": one; "I prefer the over-ear ones.
            # Please add them in white.": "them" are the ones just named
            earlier, words = found.pop()
            product, part = earlier or product, f"{words}, {part}"
        found.append((product, part))
    # "quatre paquets au paprika et deux au sel": a part naming by a word of its own is of the
    # kind another part named (the salted chips)
    kinds = [product.category for product, _ in found if product is not None]
    named: list[tuple[ProductView, int, str]] = []
    for product, part in found:
        product = product or _of_a_kind_listed(part, kinds)
        if product is None:
            return []
        named.append((product, quantity_in_words(part) or 1, part))
    return named if len({product.group_id for product, _, _ in named}) > 1 else []


def _of_a_kind_listed(part: str, kinds: list[str]) -> ProductView | None:
    """The product a part of a list names within the kind another part named, when one clearly
    leads there ("deux au sel" after paprika chips; "trois paires de rayées" beside socks)."""
    words = searched_words(part)
    for kind in dict.fromkeys(kinds):
        hits = search_products(shop(), SearchQuery(text=words, category=kind, limit=2)).hits
        if hits and clearly_leads(hits):
            return product_for_sku(shop(), hits[0].variants[0].sku)
    return None


def opens_on_the_one_in_view(text: str, in_view: ProductView) -> bool:
    """ "Nice, i'll take it, plus an hdmi cable", "Pink ones please, and the school backpack":
    a list said to buy (not asked) whose part names nothing but points at the product in
    view, beside a part naming another product."""
    if "?" in text or is_yes_no(text):
        return False
    parts = _with_their_options(items_said(text))
    named = [product_named(shop(), part) for part in parts]
    return any(named) and any(
        found is None and _points_at_it(part, in_view)
        for part, found in zip(parts, named, strict=True)
    )


def _points_at_it(part: str, in_view: ProductView) -> bool:
    """A part of a list that means the product in view: it names nothing ("add it + a 65w
    charger white"), or, naming nothing sold, counts or points at some of it by its options
    ("two of the larger ones", "3 red ones size m"), puts it in ("nice, i'll take it, plus
    ...", "Je vais le prendre en rouge. Et ...") or says options it has ("ok black then,
    plus ...", "jveux le noir en M et ..."); not "trop cher", nor "kk." alone."""
    if _ONLY_OK.match(part):
        return False
    if not _names_something(part):
        return True
    if _OF_THOSE.search(fold(part)):
        return True  # "Three packs of those then, plus a lemon olive oil": those in view
    if _A_MEASURE.search(fold(part)) or _ONE_OF_A_COLOUR.match(fold(part)):
        # "l'extra vierge classique, 1 litre", "the kids headphones, one blue and one pink":
        # the options of the product named before
        return False
    if names_what_is_sold(shop(), searched_words(part)):
        return False
    counts_or_points = quantity_in_words(part) is not None or _ONES.search(part) is not None
    return (
        counts_or_points
        or asks_to_put_in(part)
        or orders(part)
        or untagged_option(part, in_view) is not None
    )


# "kk. add a 5 pack of crew socks": an acknowledgement, which the list's other part follows
_ONLY_OK = re.compile(r"^\W*(?:(?:k+|ok+|okay|okey|oki)\W*)+$", re.IGNORECASE)


def _says_nothing_to_buy(part: str) -> bool:
    """A part of a list that names nothing the shop sells and puts nothing in: "nice", "Go on
    then", "trop cher"."""
    return not (
        names_what_is_sold(shop(), searched_words(part)) or asks_to_put_in(part) or orders(part)
    )


_ONE_OF_A_COLOUR = re.compile(r"^\W*(?:one|un|une|1)\s+[a-z]+\W*$")
# Some of what is in view, pointed at: "three packs of those", "deux de ceux-là"
_OF_THOSE = re.compile(r"(?<!\w)(?:of|de)\s+(?:those|these|them|ceux|celles)(?:-la|-ci)?(?!\w)")
_ONES = re.compile(r"(?<!\w)(?:ones?|those|these|them|ceux|celles?|celui)(?!\w)", re.IGNORECASE)
_A_MEASURE = re.compile(rf"\d+(?:[.,]\d+)?\s*(?:{UNITS}|{METRES})(?!\w)")


_ONE_AT_THE_END = re.compile(r"(?<!\w)(?:one|ones)\W*$")


_DESCRIBES_THE_ONE_BEFORE = re.compile(
    # not "avec un chargeur 65 W", "for my brother the high tops": another item
    r"^\W*(?:in|en)\s+(?!(?:a|an|one|the|un|une|des|le|la|les|addition|plus|more|also)\b)"
)
# "a cropped hoodie for my girlfriend, she's always cold": what someone is like, no item
_A_REMARK = re.compile(
    r"^\W*(?:she|he|they|she's|he's|they're|shes|hes|theyre|il|elle|ils|elles)\s*"
    r"(?!.*(?<!\w)(?:needs?|wants?|would like|likes?|veut|voudrait|cherche|faut|aimerait)(?!\w))"
)


def _with_their_options(parts: list[str]) -> list[str]:
    """ "… tees in black, size M": a part saying only options belongs to the part before."""
    joined: list[str] = []
    for part in parts:
        # "a gaming mouse, a light one": "one" stands for the thing just named
        pronoun = _ONE_AT_THE_END.search(fold(part).lower()) is not None
        # "Un câble HDMI pour ma console, en 4K 120 Hz": what it is in, or with, says more of it
        described = _DESCRIBES_THE_ONE_BEFORE.match(fold(part).lower()) is not None
        if joined and (pronoun or described or says_only_options(part)):
            joined[-1] = f"{joined[-1]}, {part}"
        else:
            joined.append(part)
    return joined


def _surely_searched(part: str) -> ProductView | None:
    """The product a part describes in words no title has ("la souris verticale"): the
    search's best match, when it clearly beats the next one."""
    hits = search_products(shop(), SearchQuery(text=part, limit=2)).hits
    return product_for_sku(shop(), hits[0].variants[0].sku) if clearly_leads(hits) else None


CLEAR_LEAD = 1.2  # "une veste" finds jackets scored within a few per cent: no single one meant


def clearly_leads(hits: Sequence[ProductHit], lead: float = CLEAR_LEAD) -> bool:
    """The first hit beats the second by `lead`, or is the only one."""
    return bool(hits) and (len(hits) == 1 or hits[0].score >= lead * hits[1].score)


def add_each(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    items: list[tuple[ProductView, int, str]],
) -> list[dict[str, Any]]:
    """Add every product named, in the colour and size its part says ("tab 11 grise 128");
    the first one needing a size or colour is asked about last (one question at a time), the
    others wait for the shopper to add them again."""
    events: list[dict[str, Any]] = []
    question: tuple[ProductView, int] | None = None
    for product, quantity, part in items:
        # "add it + a 65w charger white": "it" in the colour and size asked about before
        color = named_colour(part, list(product.colors), french_names()) or _said_lately(
            tracker, product, "color"
        )
        size = named_size(part, list(product.sizes)) or _said_lately(tracker, product, "size")
        choice = choose_variant(list(product.options), color, size, part)
        if choice.sku is None and choice.ask is not None:
            question = question or (product, quantity)
            continue
        if choice.sku is not None:
            events += variant_question.add_variant(dispatcher, tracker, choice.sku, quantity)
    if question is not None:
        product, quantity = question
        events += variant_question.choose_and_add(
            dispatcher, tracker, product.options[0].sku, quantity, None, None
        )
    return [*events, focus_on(items[-1][0])]


# "2 of them", "3 of those": how many of what is in view, nothing taken out.
_COUNT_OF_THEM = re.compile(
    r"^\W*(?:\d{1,2}|two|three|four|five|six)\s+of (?:them|those|these)\W*$"
)
_TAKES_OUT = re.compile(
    r"(?<!\w)(?:remove|delete|drop|take .* out|take off|minus|less|fewer|enleve[rsz]?|"
    r"retire[rsz]?|supprime[rsz]?|sans|moins|only|seulement|plus que|keep|garde)(?!\w)",
    re.IGNORECASE,
)
# "Pop one of those in the basket", "mets-en un dans le panier": put in, not looked at.
_PUT_IN_THE_CART = re.compile(
    r"^\W*(?:\w+\W+){0,2}(?:pop|put|chuck|throw|stick|add|mets|mettez|met|ajoute\w*|rajoute\w*)"
    r"(?!\w).*(?<!\w)(?:in|into|to|dans|au)\s+(?:my|the|your|mon|le|votre)\s+"
    r"(?:cart|basket|bag|trolley|panier)(?!\w)"
)
# not a basket the shopper fills with gifts or a picnic ("gift basket", "panier garni")
_CART_NOUNS = (
    r"cart|(?<!gift )(?<!picnic )(?<!hamper )basket(?! of)|panier(?! garni| cadeau| pique)|"
    r"commande|order|total"
)
_THE_CART = re.compile(rf"(?<!\w)(?:{_CART_NOUNS})(?!\w)", re.IGNORECASE)
_CART_WORDS = re.compile(rf"(?<!\w)(?:{_CART_NOUNS}|combien|how much)(?!\w)", re.IGNORECASE)


def _describes_products(text: str) -> bool:
    """A message naming the shop's products and not the cart, or whose words surely find
    them ("What dark chocolate have ye?": a kind of the shop's chocolate)."""
    if text.startswith("/") or _CART_WORDS.search(fold(text)):
        return False
    return names_what_is_sold(shop(), text)


class ActionRemoveFromCart(MovingOn, Action):
    """ "Remove the second one", "remove 2 mugs", "only keep 1", "change the quantity to 3"."""

    def name(self) -> str:
        return "action_remove_from_cart"

    def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        operations = each_operation(dispatcher, tracker, domain)  # "enlève X et mets-moi Y"
        if operations is not None:
            return operations
        lang = language(tracker)
        said = tracker.latest_message.get("text") or ""
        taking_out = _TAKES_OUT.search(fold(said)) is not None
        if not taking_out and (
            asks_to_put_in(said)
            or entity(tracker, "color")
            or entity(tracker, "size")
            or _COUNT_OF_THEM.match(fold(said))
        ):
            # "please put the 27-inch QHD monitor in my basket", "change one of them to pink
            # 39", "2 of them" read as a removal: an add, a change or a count of what is in view
            return hand_over("action_add_to_cart", dispatcher, tracker, domain)
        cart = view_cart(shop(), tracker.sender_id)
        if not cart.lines:
            # "2 of the 200g", "navy L, three of them" with nothing to remove: a choice of the
            # product in view, to add
            chosen = variant_chosen(tracker)
            if chosen is not None and not _TAKES_OUT.search(fold(said)):
                return add_product(dispatcher, tracker, chosen)
            if _describes_products(said):
                return hand_over("action_search_products", dispatcher, tracker, domain)
            dispatcher.utter_message(response="utter_cart_empty")
            return []
        words = [
            value
            for name in ("product", "brand", "color", "size")
            if (value := entity(tracker, name))
        ]
        key = cart_line_meant(cart, entity(tracker, "ordinal"), words, said)
        absent = _named_but_not_in(cart, said) if key is not None else None
        if absent is not None:
            # "remove the almonds" with only the mango in the cart: not the mango
            dispatcher.utter_message(
                response="utter_not_in_cart", title=absent.title, lines=cart_lines(cart, lang)
            )
            return []
        if key is None:
            edited = line_edited(dispatcher, tracker)  # "retirez les tasses émaillées"
            if edited is not None:
                return edited
            dispatcher.utter_message(response="utter_which_cart_line", lines=cart_lines(cart, lang))
            return []
        line = cart.line(key)
        # "remove one of the black ones", "remove one box of the protein bars": one unit out
        edit = line_edit(said)
        quantity = (
            parse_quantity(entity(tracker, "quantity"))
            or _some_of_them(said, line.quantity)
            or (edit.count if edit is not None and edit.change is LineChange.OUT else None)
            or None  # none said: the whole line
        )
        edit = edit_for(line.quantity, quantity, tracker.latest_message.get("text") or "")
        try:
            cart = set_quantity(shop(), tracker.sender_id, key, edit.new_quantity)
        except OutOfStock as refusal:
            dispatcher.utter_message(response="utter_out_of_stock", **refusal.details)
            return []
        if edit.new_quantity == 0:
            dispatcher.utter_message(
                response="utter_removed_from_cart",
                title=line.title,
                summary=cart_summary(cart, lang),
            )
        else:
            dispatcher.utter_message(
                response="utter_quantity_changed",
                title=line.title,
                quantity=edit.new_quantity,
                summary=cart_summary(cart, lang),
            )
        return []


def _named_but_not_in(cart: CartView, said: str) -> ProductView | None:
    """The product the message names when none of its variants is a line of the cart ("remove
    the almonds" with the mango alone in it); None when it names none, or one in the cart."""
    in_cart = [line.sku for line in cart.lines]
    named = product_named(shop(), said, prefer=in_cart)
    if named is None or any(option.sku in in_cart for option in named.options):
        return None
    return named


class ActionViewCart(MovingOn, Action):
    def name(self) -> str:
        return "action_view_cart"

    def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        lang = language(tracker)
        cart = view_cart(shop(), tracker.sender_id)
        text = tracker.latest_message.get("text") or ""
        edited = line_edited(dispatcher, tracker) if cart.lines else None
        if edited is not None:  # "finalement deux menthes suffisent, total svp": its reply
            return edited  # ends on the new total
        if not cart.lines and asks_price(text) and not _THE_CART.search(fold(text)):
            in_view = product_meant(tracker, question=True)
            if in_view is not None:  # "combien ?" with nothing in the cart: the product's price
                return show_details(dispatcher, in_view, None, lang, asked=text)
        if _PUT_IN_THE_CART.search(fold(text)) and "?" not in text:
            # "Pop one of those in the basket as well": the basket is where it goes
            return hand_over("action_add_to_cart", dispatcher, tracker, domain)
        # "Le talon fait combien de centimètres ?": a measure of a product, not the cart's sum
        measure = asks_about(text) and not asks_price(text) and not asks_the_total(text)
        if not text.startswith("/") and not (
            (_CART_WORDS.search(fold(text)) and not measure) or asks_the_total(text)
        ):
            if orders(text):  # "could you add 3 ringer tees in white, size S too?"
                return hand_over("action_search_products", dispatcher, tracker, domain)
            # "6 paquets", "un ecran pour mon pc", "il passe au lave-vaisselle ?": read as the
            # cart, said of the products.
            said_of = _said_of_the_products(dispatcher, tracker, any_question=True)
            if said_of is not None:
                return said_of
            if not cart.lines and _describes_products(text):
                return hand_over("action_search_products", dispatcher, tracker, domain)
        if not cart.lines:
            dispatcher.utter_message(response="utter_cart_empty")
            return []
        dispatcher.utter_message(
            response="utter_cart_contents",
            lines=cart_lines(cart, lang),
            total=cart_total(cart, lang),
        )
        return []


def _said_of_the_products(
    dispatcher: CollectingDispatcher, tracker: Tracker, any_question: bool
) -> list[dict[str, Any]] | None:
    """A message another intent was given that is about the products in view: the answer to a
    question about them (`any_question`: also one with no question words, as the catalog reads
    it), or the variant it chooses, added. None when it is neither."""
    text = tracker.latest_message.get("text") or ""
    if any_question or is_yes_no(text) or asks_about(text):
        answered = answer_if_product_question(dispatcher, tracker)
        if answered is not None:
            return answered
    chosen = variant_chosen(tracker)
    return add_product(dispatcher, tracker, chosen) if chosen is not None else None


class ActionConfirmCheckout(Action):
    """Show what will be paid and ask first; "yes" then runs action_checkout (see rules)."""

    def name(self) -> str:
        return "action_confirm_checkout"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        lang = language(tracker)
        text = tracker.latest_message.get("text") or ""
        paying = calls_to_pay(text)
        if not text.startswith("/") and not paying and orders(text):
            return hand_over("action_search_products", dispatcher, tracker, domain)
        if not text.startswith("/") and not paying:
            # "Sorry, I make mistake, I need 44 not 43" read as a delivery detail: a line put
            # right, not a checkout
            edited = line_edited(dispatcher, tracker)
            if edited is not None:
                return edited
            # "il passe au lave-vaisselle ?" read as checkout, "4 paquets" as a delivery
            # detail: said of the products in view
            said_of = _said_of_the_products(dispatcher, tracker, any_question=False)
            if said_of is not None:
                return said_of
        if intent_of(tracker) == "give_delivery_details" and _describes_products(text):
            # "hdmi cable for my ps5, 4k 120hz": its numbers read as an address or a time
            return hand_over("action_search_products", dispatcher, tracker, domain)
        cart = view_cart(shop(), tracker.sender_id)
        if (
            not cart.lines
            and not paying
            and (_describes_products(text) or searches_surely(shop(), text))
        ):
            # "pâtes complètes" read as "complete my order", with nothing to pay: a search
            return hand_over("action_search_products", dispatcher, tracker, domain)
        if (
            cart.lines
            and goes_ahead(text)
            and tracker.get_slot("pending_confirmation") == "checkout"
        ):
            # "Yep, send the link." to "Shall I send you the payment link?": a yes; "je
            # règle" said again asks again (the shopper may still look at the cart)
            send_payment_link(dispatcher, tracker)
            return [SlotSet("pending_confirmation", None)]
        if not cart.lines:
            # Already confirmed once? Checkout offers that order's link again, or says the
            # cart is empty: the use case decides, not this action.
            send_payment_link(dispatcher, tracker)
            return [SlotSet("pending_confirmation", None)]
        if cart.has_meal:
            return delivery.confirm_meal_checkout(dispatcher, tracker, cart)
        dispatcher.utter_message(
            response="utter_confirm_checkout",
            lines=cart_lines(cart, lang),
            total=cart_total(cart, lang),
            buttons=yes_no_buttons(lang),
        )
        return [SlotSet("pending_confirmation", "checkout")]
