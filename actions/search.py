"""action_search_products: search, refine ("in blue", "cheaper") and page ("show more")."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import variant_question
from actions.cart import (
    add_each,
    add_product,
    clearly_leads,
    in_title,
    number_of_title,
    opens_on_the_one_in_view,
    puts_in_what_is_in_view,
    several_products,
    variant_chosen,
)
from actions.cart_operations import each_operation, each_version
from actions.common import (
    FOCUS,
    MovingOn,
    details_button,
    entity,
    hand_over,
    in_view_now,
    language,
    money,
    most_of_its_title_said,
    product_card,
    quotes_the_named_price,
    said_entities,
    searched_context,
    settings,
    settled_on,
    shop,
)
from actions.details import (
    answer_if_product_question,
    answered_beside,
    asks_the_shop_for_an_unsold_kind,
)
from actions.fitting import colour_or_none, fits, untagged_option
from actions.flights import in_flights, refine_shown_flights
from actions.line_edits import line_edited
from actions.spec_refinement import refined_by_a_specification
from assistant.conversation.cart_lines import replacement_said
from assistant.conversation.product_questions import asks_price, is_comparison, is_which
from assistant.conversation.quantities import (
    items_said,
    quantity_in_words,
    quantity_said,
    says_only_how_many,
)
from assistant.conversation.search_request import (
    PAGE_SIZE,
    SearchContext,
    asks_another_brand,
    asks_to_put_in,
    asks_to_see,
    buys,
    introduces_an_item,
    next_context,
    orders,
    searched_words,
    states_a_need,
)
from assistant.conversation.wording import french_names, shown_value
from assistant.nlu.utterance_kind import A_VERB, folded, takes_it_alone
from assistant.services.carts import view_cart
from assistant.services.products import (
    asks_for_an_unsold_kind,
    kind_asked,
    product_for_sku,
    product_named,
    product_named_alone,
    products_for_skus,
    says_its_own_name,
    says_words_of_titles,
    search_products,
)
from assistant.services.views import ProductView
from assistant.wording import say
from catalog.colours import is_colour_name
from catalog.search import ProductHit, SearchQuery, SearchResult
from catalog.text import fold, says_an_amount, tokens


class ActionSearchProducts(MovingOn, Action):
    def name(self) -> str:
        return "action_search_products"

    def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        if in_flights(tracker) and entity(tracker, "product") is None:
            return refine_shown_flights(dispatcher, tracker)
        operations = each_operation(dispatcher, tracker, domain)  # "take X off and add Y"
        if operations is not None:
            return operations
        edited = line_edited(dispatcher, tracker)  # "drop the usb-a cable", "1 more of those"
        if edited is not None:
            return edited
        if in_view_now(tracker) is not None:
            versions = each_version(dispatcher, tracker, domain)
            if versions is not None:  # "je prends les noires en 39 et les beiges en 40"
                return versions
        refined = refined_by_a_specification(dispatcher, tracker)  # "anything lighter?"
        if refined is not None:
            return refined
        lang = language(tracker)
        config = settings()
        message = tracker.latest_message
        text = message.get("text") or ""
        if (
            (
                puts_in_what_is_in_view(text)
                or _counts_the_one_in_view(text)
                or takes_it_alone(text)  # "ok 1.", "Ok take that."
            )
            and in_view_now(tracker)
        ) or settled_on(tracker) is not None:
            # "jle prends", "mettez-en une paire" read as a search: the product in view; "Le
            # sans fil supra-auriculaire, s'il vous plaît.": the one named
            return hand_over("action_add_to_cart", dispatcher, tracker, domain)
        # "Can I get two car chargers?", "I'd like the pesto": taken, not asked about
        buying = orders(text)
        answered = None if buying else variant_question.answer_when_searching(dispatcher, tracker)
        if answered is not None:
            return answered
        # "also, got any scarves?" with socks in view: the shop is asked, not the socks
        shop_asked = asks_the_shop_for_an_unsold_kind(text)
        answered = None if buying or shop_asked else answer_if_product_question(dispatcher, tracker)
        if answered is not None and (asks_price(text) or not _also_refines(tracker)):
            return answered  # "gris 256 prix" after laptops: that one's price, nothing more
        in_view = in_view_now(tracker)
        # "nice, i'll take it, plus an hdmi cable": a list may open on the product in view
        listing = _ITEM_BY_ITEM.search(text) or (
            in_view is not None and opens_on_the_one_in_view(text, in_view)
        )
        listed = (
            several_products(text, described=buying or states_a_need(text), in_view=in_view)
            if listing
            else []
        )
        weighed: list[ProductHit] | None = None  # read once: each product weighed is searched
        if not listed and _AND_THE.search(text) and not _SENTENCE_END.search(text):
            # "je prends la souris verticale et le clavier split", "the 32 inch 4k, and the 65W
            # charger": each named by its title, bought or picked (asked about with "?", or
            # to be seen or compared, they are not)
            picked = not (
                "?" in text or asks_to_see(text) or is_comparison(text) or _WEIGHED.search(text)
            )
            listed = several_products(text, described=False) if buying or picked else []
            weighed = [] if listed else _the_ones_weighed(text)
            if weighed:  # "I'm hesitating between the Nova 8 and the Lite 5": both, shown
                return _show_weighed(dispatcher, weighed, language(tracker))
        if weighed is None and not listed and not buying and _WEIGHED_SURELY.search(text):
            # "J'hésite entre deux téléphones : Nova 8 et Rugged.", "Je compare votre huile extra
            # vierge et votre huile au citron": weighed, with no article or in a second sentence
            weighed = _the_ones_weighed(text)
            if weighed:
                return _show_weighed(dispatcher, weighed, language(tracker))
        if listed:  # "un sencha et un matcha 30g": products named one by one are an order
            return add_each(dispatcher, tracker, listed)
        chosen = variant_chosen(tracker)
        if chosen is not None:
            return add_product(dispatcher, tracker, chosen)
        previous, shown = _previous_search(tracker)
        intent = (message.get("intent") or {}).get("name", "search_product")
        said = said_entities(message)
        if intent == "refine_search" and (_another_kind(text, previous) or shop_asked):
            # "ok, cheapest sandals then" after swimsuits; "Got an umbrella too?" after rain
            # jackets: a kind the shop sells none of, which no refinement finds
            intent = "search_product"
        if intent == "show_more" and product_named(shop(), text) is not None:
            intent = "search_product"  # "et des orecchiette, trois paquets" after other pasta
        if intent not in {"refine_search", "show_more"} and _narrows_alone(text, previous):
            # "merino", "black", "pour la randonnée" said alone after socks: the socks in it,
            # when some are; else the words are a search of their own ("nova")
            kept = [e for e in said if e.get("entity") != "product"]
            narrowed = next_context(
                intent="refine_search",
                entities=kept,
                previous=previous,
                message_text=text,
                currency=config.default_currency,
                shown_prices=shown,
            )
            if _some_of_the_kind(narrowed, previous):
                intent, said = "refine_search", kept
        if (
            intent == "search_product"
            and previous.category
            and _CHEAPER_OR_DEARER.search(fold(text))
            and not (is_which(text) or is_comparison(text))  # "lequel est le moins cher…"
            and kind_asked(shop(), text) is not None
            and not _another_kind(text, previous)
        ):
            # "trop cher, un téléphone moins cher" after phones: cheaper phones, not all phones;
            # the kind said again is the one refined
            intent = "refine_search"
            said = [e for e in said if e.get("entity") != "product"]
        context = next_context(
            intent=intent,
            entities=said,
            previous=previous,
            message_text=text,
            currency=config.default_currency,
            shown_prices=shown,
            # the products shown are read only when another brand is asked for
            shown_brand=_brand_shown(tracker) if asks_another_brand(text) else None,
        )
        if context.empty:
            dispatcher.utter_message(response="utter_ask_what_to_search")
            return []
        result = search_products(shop(), context.to_query())
        context, result = _colour_of_the_name(context, result)
        found = result
        if intent == "search_product" or shown is None:  # a new search, no list to keep
            result = _closest_in_another_variant(context, result)
        relaxed = result is not found  # what the words match, in other colours or sizes
        if not result.hits and context.offset:
            context, result = _the_rest_of_the_kind(tracker, context, result)
        if result.category_filter:
            context = replace(context, category=result.category)
        query = context.describe(lang, french_names())
        cheaper = shown is not None and context.max_price_minor == shown[0] - 1
        if not result.hits and cheaper:
            return _nothing_cheaper(dispatcher, tracker, previous, lang)
        # "Do they come in black?" after a list: answered about one product and refined; "it"
        # is now the product the answer named.
        kind = result.category if result.category_filter else None
        named = product_named(shop(), text)  # read once for the steps below
        unavailable = _unsold_product_named(
            dispatcher, tracker, named, result.hits, lang, kind
        ) or _named_not_in_that_variant(dispatcher, named, text, context, result.hits, lang)
        focus = unavailable or _focus_set(answered or [], context, text)
        # "and slides for the pool, black 42" when the slides come in no black 42: said so, and
        # the sandals found in their place are shown, not bought
        another = (
            None if unavailable else _another_for_the_basket(tracker, text, named, result, context)
        )
        if another is not None:
            # "et un mug isotherme rouge" with a basket begun: the one product meant, in the
            # colour or size said, is added, and its card shown; a question asked beside it
            # ("..., is it warm enough for winter?") answered in the card's place
            events = add_product(dispatcher, tracker, another)
            answer = answered_beside(dispatcher, tracker, [another])
            if not answer:
                dispatcher.utter_message(elements=[product_card(result.hits[0], lang)])
            return [*events, *answer, *_context_slots(context)]
        if not result.exact and result.alternatives:
            dispatcher.utter_message(
                response="utter_no_exact_match",
                query=query,
                elements=[product_card(hit, lang) for hit in result.alternatives],
            )
            hits = result.alternatives
            aside = named is None and (
                asks_for_an_unsold_kind(shop(), text) or kind_asked(shop(), text) is None
            )
            if shown is not None and not relaxed and aside:
                # "…, and do you sell sunscreen?", "autre chose que du Lumen Audio ?" with a
                # list on screen: the nearest of nothing the shop sells, or of no kind or
                # product named, is an aside; the list seen stays meant ("un chai bien épicé"
                # is a new list)
                return [*(answered or [])]
        elif not result.hits:
            dispatcher.utter_message(response="utter_no_results", query=query)
            hits = []
            if shown is not None:  # "white 44" when there is none: the list seen stays meant
                return [*(answered or []), *_context_slots(context), SlotSet(FOCUS, focus)]
        else:
            dispatcher.utter_message(
                response="utter_search_results",
                query=query,
                total=result.total,
                elements=[product_card(hit, lang) for hit in result.hits],
            )
            hits = result.hits
            for unsold in _unsold_items_listed(text):
                # "bluetooth speaker + a wine opener": the opener said not to be sold, not dropped
                dispatcher.utter_message(response="utter_no_results", query=unsold)
        return [
            *(answered or []),
            *_context_slots(context),
            SlotSet("last_results", [hit.variants[0].sku for hit in hits]),
            SlotSet(FOCUS, focus),  # "it" now means one of these, or the product named
            variant_question.cleared(),  # a new search moves on from a size question
        ]


def _the_ones_weighed(text: str) -> list[ProductHit]:
    """The products a message weighs against each other by their names ("I'm hesitating
    between the Nova 8 and the Lite 5", "j'hésite entre le Nova 8 et le Lite 5"), each as the
    catalog finds it, in the order said; empty unless it names two or more."""
    hits: list[ProductHit] = []
    named = [product for product, _, _ in several_products(text, described=False)]
    if not named:
        # "I am comparing two phones for my father, Nova 8 and Lite 5": the parts that name
        # a product by its own words; the others frame the comparison
        parts = items_said(text)
        products = [product_named(shop(), part) for part in parts]
        named = [
            product
            for part, product in zip(parts, products, strict=True)
            if product is not None
            and (
                says_its_own_name(shop(), part, product)
                or most_of_its_title_said(product, part)
                or set(tokens(part)) <= set(tokens(product.title))  # "Nova 8"
            )
        ]
    for product in named:
        if any(hit.group_id == product.group_id for hit in hits):
            continue
        found = search_products(shop(), SearchQuery(text=product.title, limit=10))
        hit = next((hit for hit in found.hits if hit.group_id == product.group_id), None)
        if hit is None:
            return []  # one of them is not for sale now: the search says what there is
        hits.append(hit)
    return hits if len(hits) > 1 else []


def _show_weighed(
    dispatcher: CollectingDispatcher, hits: list[ProductHit], lang: str
) -> list[dict[str, Any]]:
    """The products weighed, shown in the order named: "the first one" is the first said."""
    dispatcher.utter_message(
        response="utter_search_results",
        query=" / ".join(hit.title for hit in hits),
        total=len(hits),
        elements=[product_card(hit, lang) for hit in hits],
    )
    return [
        SlotSet("last_results", [hit.variants[0].sku for hit in hits]),
        SlotSet(FOCUS, None),
        variant_question.cleared(),
    ]


# A part of a list opened by a count or an article: "un sencha et un matcha", "+ le clavier".
_ITEM_BY_ITEM = re.compile(
    r"(?:(?:^|,|\bet\b|\band\b|\bpuis\b|\bpis\b)\s*(?:un|une|a|an|one|\d+|deux|trois|two|three)|"
    r"\+\s*(?:le|la|les|l'|the|un|une|a|an|\d+))\s|"
    r"\+\s*[^\W\d_]{3,}",  # "paprika chips x3 + pretzels x2"
    re.IGNORECASE,
)


# "je prends la souris verticale et le clavier split": bought, each named with its article
# "…, and the Lite 5", "the Aero 14 or the WorkPro 15?": products named one after another
_AND_THE = re.compile(r"(?<!\w)(?:and|et|or|ou)\s+(?:the|le|la|les|l')", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?]\s+\S")
# "compare the Aero 14 and the WorkPro 15", "the black or the white", "I'm hesitating between
# the Nova 8 and the Lite 5": weighed, not taken. Said surely without "or" ("rain or shine"
# weighs nothing).
_WEIGHING = (
    r"compare|comparing|comparison|difference|differences|vs|versus|comparer|comparez|"
    r"compare[rz]|diff[eé]rences?|entre|between|hesitat\w*|h[eé]sit\w*|torn|deciding|decide|"
    r"undecided|choose|choosing|choisir|je balance"
)
_WEIGHED = re.compile(rf"(?<![\w'-])(?:{_WEIGHING}|or|ou)(?![\w'-])", re.IGNORECASE)
_WEIGHED_SURELY = re.compile(rf"(?<![\w'-])(?:{_WEIGHING})(?![\w'-])", re.IGNORECASE)


# "Also", "too", "+", "et", "aussi": one more item for a basket already begun.
_ONE_MORE = re.compile(
    # "n" texted, "pis" in Québec
    r"(?<!\w)(?:also|too|as well|aussi|avec ca|plus)(?!\w)|\+|&|^\W*(?:and|et|n|pis|puis)\b",
    re.IGNORECASE,
)


def _counts_the_one_in_view(text: str) -> bool:
    """ "Cinq tablettes" after the chocolate: how many of the product in view; "2 tins please"
    names the Family Tin of olive oil."""
    return says_only_how_many(text) and not says_words_of_titles(shop(), text)


# Someone else's want or need, described: what they would take is to be seen first.
_SOMEONE_WANTS = re.compile(
    r"(?<!\w)(?:he|she|they|il|elle|ils|elles)(?:'d| would| also| aussi| really)?\s+"
    r"(?:wants?|needs?|like|likes|would like|veut|veulent|voudrait|voudraient|aimerait|"
    r"aimeraient|a besoin|ont besoin)(?!\w)",
    re.IGNORECASE,
)
_ALSO = re.compile(r"(?<!\w)(?:also|too|as well|aussi|avec ca|en plus)(?!\w)", re.IGNORECASE)


def _another_for_the_basket(
    tracker: Tracker,
    text: str,
    named: ProductView | None,
    result: SearchResult,
    context: SearchContext,
) -> ProductView | None:
    """The product a search that buys means, when one product found leads and comes in the
    colour said: how many is said ("the white choc raspberry bar, 3 of them"), the shopper asks
    to put it in ("ajoute sac à dos pour l'école, rouge", "+ une souris filaire"), or, with
    something in the cart already, one more item with its colour or size ("also merino socks
    for him, grey size L", "et un câble HDMI de 1 mètre")."""
    priced = any(found.get("entity") == "price" for found in said_entities(tracker.latest_message))
    if priced and not quotes_the_named_price(tracker, text):
        return None  # "et un écran de 27 pouces, pas plus de 300 euros": a budget, looked at
    color, size = entity(tracker, "color"), entity(tracker, "size")
    # `named`: the product the message names; "deux thés Earl Grey": its title said, it leads
    if (
        named is not None
        and result.hits
        and named.group_id != result.hits[0].group_id
        and (orders(text) or asks_to_put_in(text))
        and (color is not None or size is not None)
        and fits(named, color, size, on_sale=False)
        and not fits(named, color, size)
        and most_of_its_title_said(named, text)
    ):
        # "add 2 white stoneware mugs", sold out in white: that mug, which the add says is sold
        # out, not the white mug that leads once it is filtered out
        return named
    leads = clearly_leads(result.hits, BASKET_LEAD) or (
        named is not None and bool(result.hits) and named.group_id == result.hits[0].group_id
    )
    if not (result.exact and leads):
        return None
    product = product_for_sku(shop(), result.hits[0].variants[0].sku)
    if product is not None and color is not None and in_title(color, product.title):
        color = None  # "deux thés Earl Grey": the model's colour is a word of the name
    color = colour_or_none(color, product)
    if product is None or not fits(product, color, None) or not _found_without(context, product):
        return None
    counted = quantity_said(entity(tracker, "quantity"), text)  # not "the 1 kg bag"
    if counted is None and (in_words := quantity_in_words(text)) is not None:
        counted = str(in_words)  # "plus 4 jars of the pesto", "half a dozen of the paprika"
    asked_only = "?" in text and not (orders(text) or asks_to_put_in(text))
    if counted is not None and not number_of_title(counted, product, text) and not asked_only:
        return product  # "the white choc raspberry bar then, 3 of them": how many says buy
    container = says_an_amount(text)
    specific = container or color is not None or size is not None
    if buys(text) and specific and (named is not None or clearly_leads(result.hits)):
        # "can I get the braided usb-c cable in black", "je voudrais un sachet de bretzels":
        # taken with a variant or an amount said, and the product named or the one the
        # catalog clearly means ("I'd like a colour accurate monitor" asks to see them)
        return product
    # "and the rosemary crackers": words naming that product and no other
    alone = product_named_alone(shop(), text)
    begun = bool(view_cart(shop(), tracker.sender_id).lines)
    if _named_with_its_variant(text, product, named, alone, color, size, begun):
        return product
    replacing = replacement_said(text) is not None and begun
    if asks_to_put_in(text) or replacing:
        # "+ une souris filaire", "remplace par le compact rose", and asked as a question:
        # "savez-vous aussi ajouter un paquet de café en grains ?"
        return product
    if "?" in text:
        return None  # "et une ceinture en cuir ?": asked whether the shop has one
    if _SOMEONE_WANTS.search(fold(text)) and not orders(text):
        return None  # "He also wants a headset with a mic": his need described, to be seen
    # "also a bag of penne rigate": one variant, nothing to choose, and "a bag of" says it
    # is bought ("and a vertical mouse", "and a milk chocolate bar for her too" ask to see it)
    settled = len(product.options) == 1 and container
    # "Right, a vanilla rooibos tea as well": its whole name, said to be one more thing (its
    # size is asked); "and a milk chocolate bar with nuts for her too" asks to see them
    also_named = (
        named is not None
        and _ALSO.search(fold(text)) is not None
        and set(tokens(named.title)) <= set(tokens(text))
    )
    if not (settled or also_named or (alone is not None and alone.group_id == product.group_id)):
        if color is None and size is None and untagged_option(text, product) is None:
            return None
        if _fitting(result.hits, color, size) > 1 and not clearly_leads(result.hits):
            # "and a mug she likes blue": two blue mugs, to be seen first; "et une gourde
            # filtrante noire" says which bottle, though others come in black
            return None
    if not (_ONE_MORE.search(fold(text)) or introduces_an_item(text)):
        return None
    return product if begun else None


def _named_with_its_variant(
    text: str,
    product: ProductView,
    named: ProductView | None,
    alone: ProductView | None,
    color: str | None,
    size: str | None,
    begun: bool,
) -> bool:
    """ "chelsea boots black 43", "polo blanc M", "need a hodie, the essential one in black size
    M", "trail shoes green 44": one product named by a word no other title has (or most of its
    title said), with a colour it comes in (or a size, with a basket begun), and nothing asked:
    what a shopper types to buy it (the rest of the variant is asked next). "looking for
    chelsea boots size 43 black" and "do you have …?" ask to see."""
    most_said = named is not None and named.group_id == product.group_id
    most_said = most_said and most_of_its_title_said(product, text)
    # "L'enceinte en noir": named alone in other words than the title's
    in_other_words = alone is not None and alone.group_id == product.group_id
    in_other_words = in_other_words and not set(tokens(text)) & set(tokens(product.title))
    said_by_name = says_its_own_name(shop(), text, product) or most_said or in_other_words
    # a colour said, which picks what to buy ("gourde verre svp", "cable ethernet 5 metres"
    # ask to see the one glass bottle, the one ethernet cable); the size not said is asked
    # next ("pique polo navy": which size). With a basket begun, a size says it too ("et un
    # cable hdmi 2m").
    settled = color is not None or (begun and size is not None)
    asked = "?" in text or asks_to_see(text)
    return said_by_name and settled and not asked and fits(product, color, size)


def _fitting(hits: list[ProductHit], color: str | None, size: str | None) -> int:
    """How many of the products found come in the colour and size said."""
    products = (product_for_sku(shop(), hit.variants[0].sku) for hit in hits)
    return sum(1 for product in products if product is not None and fits(product, color, size))


def _found_without(context: SearchContext, product: ProductView) -> bool:
    """The product is among the matches of the words without the colour: "green tea also"
    filtered by green finds a green mug, which is no tea."""
    if context.color is None:
        return True
    unfiltered = search_products(shop(), replace(context, color=None).to_query())
    return any(hit.group_id == product.group_id for hit in unfiltered.hits)


# A basket begun and a buying word: the best match need not lead by as much as for a bare
# quantity ("and the 28 litre hiking pack, green" finds two other packs within 20 %).
BASKET_LEAD = 1.1


def _the_rest_of_the_kind(
    tracker: Tracker, context: SearchContext, result: SearchResult
) -> tuple[SearchContext, SearchResult]:
    """ "Montre-moi d'autres écrans" once every match was shown: the kind's other products,
    browsed from the start, without the ones on screen (all of them when none is left)."""
    kind = context.category or tracker.get_slot("category")
    if not kind:
        return context, result
    browse = SearchContext(category=kind)
    found = search_products(shop(), replace(browse.to_query(), limit=PAGE_SIZE * 2))
    shown = {sku for sku in tracker.get_slot("last_results") or []}
    others = [hit for hit in found.hits if not shown & {v.sku for v in hit.variants}]
    if not found.hits:
        return context, result
    # Every one of the kind already seen: the kind again, from its start
    hits = others or found.hits
    return browse, replace(found, hits=hits[:PAGE_SIZE], total=len(hits))


def _colour_of_the_name(
    context: SearchContext, result: SearchResult
) -> tuple[SearchContext, SearchResult]:
    """ "Un bon thé vert japonais": a colour word that is part of what the product is called
    ("green tea", "white chocolate") or describes it ("chocolat très noir"). When the colour as
    a filter matches nothing, and without it the best match's title says that colour or the
    products found come in no colour at all, the colour was no filter."""
    if (result.exact and result.hits) or context.color is None:
        return context, result
    named = replace(context, color=None)
    unfiltered = search_products(shop(), named.to_query())
    if not (unfiltered.exact and unfiltered.hits):
        return context, result
    colour = fold(context.color).lower()
    colourless = not any(variant.color for hit in unfiltered.hits for variant in hit.variants)
    if not is_colour_name(colour):
        # "des bottes de neige": a word the model took for a colour that no merchant sells
        return named, unfiltered
    if colourless or colour in fold(unfiltered.hits[0].title).lower():
        # "chocolat très noir": products that come in no colour; the word describes them
        return named, unfiltered
    return context, result


def _closest_in_another_variant(context: SearchContext, result: SearchResult) -> SearchResult:
    """ "The glass water bottle in pink", "baskets en toile rouges 45": a new search whose
    colour or size nothing found comes in. What matches the words in other colours and sizes is
    the closest the shop has, shown as such ("nothing matches exactly"), not nothing at all."""
    if result.hits or result.alternatives or not (context.color or context.size):
        return result
    found = search_products(shop(), replace(context, color=None, size=None).to_query())
    if not (found.exact and found.hits):
        return result
    return replace(found, hits=[], total=0, exact=False, alternatives=found.hits)


# "Can I get it in white?": one product asked about, which stays meant whatever the answer.
_ONE_PRODUCT = re.compile(r"(?<!\w)(?:it|this one|that one|il|elle|celui|celle)(?!\w)", re.I)


def _focus_set(events: list[dict[str, Any]], context: SearchContext, text: str) -> str | None:
    """The product an answer put in focus: the one asked about ("it"), or, asked about a list
    ("do they come in black?"), if it comes in the colour asked; "no, not in black" leaves the
    black ones shown to be meant."""
    sku = next((e["value"] for e in events if e.get("name") == FOCUS), None)
    if sku is None or _ONE_PRODUCT.search(text):
        return sku
    product = product_for_sku(shop(), sku)
    return sku if product is not None and fits(product, context.color, None) else None


def _unsold_product_named(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    named: ProductView | None,
    hits: list[ProductHit],
    lang: str,
    category: str | None = None,
) -> str | None:
    """ "The Nova 8 Pro" when it cannot be bought (pre-order, sold out): the search shows only
    what can be bought, so say so about the product named before the results. Its SKU, to
    keep in focus, or None."""
    if (tracker.latest_message.get("intent") or {}).get("name") == "show_more":
        return None
    if named is None or named.available or any(hit.group_id == named.group_id for hit in hits):
        return None
    if category and not (named.category or "").startswith(category):
        return None  # "ordi pro": laptops asked for, not the Nova 8 Pro phone
    sku = named.options[0].sku
    dispatcher.utter_message(
        text=say("label_answer_not_in_stock", lang, title=named.title),
        buttons=[details_button(sku, lang)],
    )
    return sku


# Where the items of a list meet: "+", "&", "and", "et", a comma.
_ITEMS_JOINED = re.compile(r"\s*(?:\+|&|,|(?<!\w)(?:and|et|plus)(?!\w))\s*", re.IGNORECASE)


def _unsold_items_listed(text: str) -> list[str]:
    """The items of a list that name a kind the shop sells none of ("bluetooth speaker + a wine
    opener": "a wine opener"); none for a message that lists nothing."""
    items = [item.strip() for item in _ITEMS_JOINED.split(text) if item.strip()]
    if len(items) < 2:
        return []
    # an item is a few words ("a wine opener"); "mon mari fait du vélo tous les dimanches" is
    # a story told, whatever kind of thing it names
    return [
        item
        for item in items
        if len(item.split()) <= _ITEM_WORDS and asks_for_an_unsold_kind(shop(), item)
    ]


_ITEM_WORDS = 4


def _named_not_in_that_variant(
    dispatcher: CollectingDispatcher,
    named: ProductView | None,
    text: str,
    context: SearchContext,
    hits: list[ProductHit],
    lang: str,
) -> str | None:
    """ "retro court sneakers white 38" when they come in no white 38: the colour or size
    filtered the product named out of the results; say so about it before them, its card
    first. Its SKU, to keep in focus, or None."""
    if not (context.color or context.size):
        return None
    if named is None or any(hit.group_id == named.group_id for hit in hits):
        return None
    if not (says_its_own_name(shop(), text, named) or most_of_its_title_said(named, text)):
        return None
    if not named.available or fits(named, context.color, context.size):
        return None  # sold out whole (said above), or shown in that variant on another page
    wanted = " ".join(shown_value(value, lang) for value in (context.color, context.size) if value)
    sku = named.options[0].sku
    dispatcher.utter_message(
        response="utter_variant_unavailable",
        title=named.title,
        wanted=wanted,
        buttons=[details_button(sku, lang)],
    )
    return sku


def _also_refines(tracker: Tracker) -> bool:
    """ "Do you have it in blue?" with a list on screen and no product singled out: answered
    about the first product, and the list is refined too (the shopper may mean either)."""
    said = {e.get("entity") for e in said_entities(tracker.latest_message)}
    shown = tracker.get_slot("last_results") or []
    return tracker.get_slot(FOCUS) is None and len(shown) > 1 and bool(said & {"color", "size"})


_CHEAPER_OR_DEARER = re.compile(
    r"(?<!\w)(?:cheaper|less expensive|more expensive|pricier|moins ch[eè]re?s?|"
    r"plus ch[eè]re?s?)(?!\w)"
)


def _another_kind(text: str, previous: SearchContext) -> bool:
    """The message names a kind of product outside the search it would refine ("and a mouse
    under 15" after keyboards): a new search, though the model read a refinement."""
    kind = kind_asked(shop(), text)
    if kind is None and previous.category:
        # "also one slim power bank in white" after phones: a product named by its own words,
        # more than one of them ("blue 128 x2 for the kids" names no Kids Headphones)
        named = product_named_alone(shop(), text)
        said = named is not None and len(set(tokens(named.title)) & set(tokens(text))) > 1
        kind = named.category if named is not None and said and named.category else None
    if kind is None:
        return False
    return previous.category is None or not kind.lower().startswith(previous.category.lower())


def _brand_shown(tracker: Tracker) -> str | None:
    """The brand of the product in focus, else the one brand of every product shown."""
    focus = tracker.get_slot(FOCUS)
    skus = [focus] if focus else tracker.get_slot("last_results") or []
    brands = {product.brand for product in products_for_skus(shop(), skus)}
    return brands.pop() if len(brands) == 1 else None


_NARROWING_WORDS_AT_MOST = 3


def _narrows_alone(text: str, previous: SearchContext) -> bool:
    """A few words alone, after a search of a kind, that name no kind of product and ask
    nothing: maybe a quality, material, use or colour of that kind ("merino" after socks)."""
    if previous.category is None or "?" in text or A_VERB.search(folded(text)):
        return False
    if _ONE_MORE.search(text) or orders(text) or quantity_in_words(text) is not None:
        return False  # "+ 250g espresso beans", "also a bag of penne": one more item
    words = searched_words(text).split()
    return 0 < len(words) <= _NARROWING_WORDS_AT_MOST and kind_asked(shop(), text) is None


_NARROWING_DEPTH = 10


def _some_of_the_kind(narrowed: SearchContext, previous: SearchContext) -> bool:
    """Whether the words a refinement adds find products of the kind searched by themselves
    ("merino" finds the merino socks; "nova" finds a phone, no socks), and the refined search
    finds some."""
    known = set(previous.text.lower().split())
    added = " ".join(word for word in narrowed.text.split() if word.lower() not in known)
    if not added:
        # "black" alone after gaming mice may be said of the best match, which the colour
        # choice reads (chosen_among_shown); the list is not narrowed under it
        return False
    if not search_products(shop(), replace(narrowed, offset=0).to_query()).hits:
        return False  # "for hiking" after "pricier than the school backpack" found nothing
    found = search_products(shop(), SearchQuery(text=added, limit=_NARROWING_DEPTH))
    kind = (previous.category or "").lower()
    return found.exact and any(
        product.category.lower().startswith(kind)
        for product in products_for_skus(shop(), [hit.variants[0].sku for hit in found.hits])
    )


def _previous_search(tracker: Tracker) -> tuple[SearchContext, tuple[int, int] | None]:
    """The search being refined, and the prices "cheaper" and "dearer" start from: the product
    in focus when there is one ("how much is the WorkPro 15?" then "anything cheaper?" stays
    among its kind, under its price), else the first result shown and the dearest one."""
    previous = searched_context(tracker)
    focus = tracker.get_slot(FOCUS)
    if focus:
        product = product_for_sku(shop(), focus)
        if product is not None:
            if previous.empty:
                previous = SearchContext(category=product.category or None)
            return previous, (product.min_price_minor, product.max_price_minor)
    views = products_for_skus(shop(), tracker.get_slot("last_results") or [])
    if not views:
        return previous, None
    # "Bit pricey. Anything cheaper?" after a list: cheaper than the one it leads with, the
    # one the shopper weighed first; not than the cheapest card, which leaves nothing to show
    return previous, (views[0].min_price_minor, max(view.min_price_minor for view in views))


def _nothing_cheaper(
    dispatcher: CollectingDispatcher, tracker: Tracker, previous: SearchContext, lang: str
) -> list[dict[str, Any]]:
    """ "Cheaper" when the cheapest is already on screen: say so and show it again."""
    config = settings()
    result = search_products(shop(), replace(previous, offset=0).to_query())
    cheapest = min(result.hits, key=lambda hit: hit.price_minor, default=None)
    focus = tracker.get_slot(FOCUS)
    focused = product_for_sku(shop(), focus) if focus else None
    price = cheapest.price_minor if cheapest else (focused.min_price_minor if focused else 0)
    dispatcher.utter_message(
        response="utter_nothing_cheaper",
        query=previous.describe(lang, french_names()),
        price=money(price, config.default_currency, lang),
        elements=[product_card(cheapest, lang)] if cheapest else [],
    )
    return []


def _context_slots(context: SearchContext) -> list[dict[str, Any]]:
    return [
        SlotSet("product", context.product),
        SlotSet("search_text", context.text or None),
        SlotSet("category", context.category),
        SlotSet("color", context.color),
        SlotSet("size", context.size),
        SlotSet("brand", context.brand),
        SlotSet("not_brand", context.not_brand),
        SlotSet("min_price", context.min_price_minor),
        SlotSet("max_price", context.max_price_minor),
        SlotSet("price_order", context.price_order),
        SlotSet("on_sale", context.on_sale or None),
        SlotSet("results_offset", context.offset),
        SlotSet("department", "product"),
    ]
