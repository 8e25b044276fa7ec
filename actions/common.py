"""What every action needs: the shopper's language, the shop's use cases, money, which product
is meant. Actions read the tracker, call one use case, and render its answer."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.utils import all_subclasses

from assistant.bootstrap import payment_gateway, unit_of_work
from assistant.conversation.ordinals import ordinal_index
from assistant.conversation.pointed_by_price import Priced, pointed_by_price, points_by_price
from assistant.conversation.product_questions import is_yes_no, speaks_of
from assistant.conversation.question_subject import (
    Subject,
    asks_what_comes_with_it,
    question_subject,
    told_apart,
    without_repeated_subject,
)
from assistant.conversation.search_request import SearchContext, price_minor, searched_words
from assistant.conversation.variants import (
    a_temperature_at,
    french_colour_word,
    named_colour,
    named_size,
)
from assistant.conversation.wording import french_names
from assistant.domain_intents import domain_intents
from assistant.kernel.money import format_money
from assistant.kernel.settings import Settings, get_settings
from assistant.nlu.utterance_kind import A_VERB, asks_the_cart_total, folded, goes_ahead
from assistant.services.ports import PaymentGateway
from assistant.services.products import (
    best_among,
    kind_asked,
    names_what_is_sold,
    product_for_sku,
    product_named,
    products_for_skus,
    says_its_own_name,
    search_products,
    tells_variants_apart,
)
from assistant.services.unit_of_work import UnitOfWork
from assistant.services.views import ProductView
from assistant.wording import say, supported_language
from catalog.categories import in_a_phrase, without_properties
from catalog.colours import is_colour_name
from catalog.search import ProductHit, SearchQuery
from catalog.text import fold, tokens


def language(tracker: Tracker) -> str:
    return supported_language(tracker.get_slot("language"))


def money(amount_minor: int, currency: str, lang: str) -> str:
    return format_money(amount_minor, currency, lang)


def settings() -> Settings:
    return get_settings()


def shop() -> UnitOfWork:
    """The unit of work every use case called from an action gets."""
    return unit_of_work(get_settings())


def payments() -> PaymentGateway:
    return payment_gateway(get_settings())


def intent_of(tracker: Tracker) -> str | None:
    return (tracker.latest_message.get("intent") or {}).get("name")


# Intents that place a message in no part of the shop: a yes or a no answers whatever was
# asked, out_of_scope is about nothing the shop sells, and the last two the shop sends itself
# (a payment made, a kitchen step), no shopper types them.
NO_TOPIC = frozenset({"affirm", "deny", "out_of_scope", "payment_received", "order_update"})


def intents_besides(*own: str) -> frozenset[str]:
    """The intents of the rest of the shop, for a part (a form) whose own intents are `own`.

    Derived from the domain, the list Rasa holds the NLU to, rather than from the fallback's
    SUGGESTIONS: those are the intents worth a button, a choice of what to offer, not of where
    a message belongs. An intent added to the domain is thus the rest of the shop's from the
    start, and no list of names is kept by hand.
    """
    unknown = set(own) - domain_intents()
    if unknown:
        raise ValueError(f"not intents of domain.yml: {', '.join(sorted(unknown))}")
    return domain_intents() - NO_TOPIC - set(own)


def answering_form(tracker: Tracker, form: str) -> bool:
    """The latest message answers `form`'s question: since it arrived, no action but the form
    ran. Rasa also calls a form's validation when another action starts the form and when the
    form resumes after an interruption; the message was then for that other action.
    """
    ran: list[str] = []
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            break
        if event.get("event") == "action":
            ran.append(event.get("name") or "")
    return ran == [form]


def most_of_its_title_said(product: ProductView, text: str) -> bool:
    """At least two thirds of the product's title words are in the message ("white stoneware
    mugs" says the Stoneware Coffee Mug; "gourdes de sport" no Racing Shoes)."""
    title = set(tokens(product.title))
    return bool(title) and 3 * len(title & set(tokens(text))) >= 2 * len(title)


def previous_message(tracker: Tracker) -> str | None:
    """The shopper's message before the latest one, if there was one."""
    said = [event.get("text") or "" for event in tracker.events if event.get("event") == "user"]
    return said[-2] if len(said) >= 2 else None


def earlier_turns(tracker: Tracker, count: int) -> list[tuple[str, set[str]]]:
    """The shopper's `count` messages before the latest one, newest first, each with the SKUs
    the reply to it put in the cart (each "added" message carries its SKU)."""
    turns: list[tuple[str, set[str]]] = []
    added: set[str] = set()
    seen_latest = False
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            if seen_latest:
                turns.append((event.get("text") or "", added))
                if len(turns) == count:
                    break
            seen_latest, added = True, set()
        elif seen_latest and event.get("event") == "bot":
            metadata = event.get("metadata") or {}
            if metadata.get("utter_action") == "utter_added_to_cart" and metadata.get("sku"):
                added.add(str(metadata["sku"]))
    return turns


def said_last_turn(tracker: Tracker) -> set[str]:
    """The responses the reply to the shopper's previous message was made of."""
    said: set[str] = set()
    seen_latest = False
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            if seen_latest:
                break
            seen_latest = True
        elif seen_latest and event.get("event") == "bot":
            response = (event.get("metadata") or {}).get("utter_action")
            if response:
                said.add(str(response))
    return said


def added_last_turn(tracker: Tracker) -> set[str]:
    """The SKUs the reply to the shopper's previous message put in the cart: what "add it"
    may already have done."""
    turns = earlier_turns(tracker, 1)
    return turns[0][1] if turns else set()


def said_entities(message: dict[str, Any]) -> list[dict[str, Any]]:
    """The message's entities, with the model's brand/colour mix-ups undone: "la noire" tagged a
    brand "black" is a colour; "noir" in "chocolat noir" is the chocolate's name, no colour."""
    text = message.get("text") or ""
    said = []
    for found in message.get("entities") or []:
        if found.get("entity") == "brand" and is_colour_name(str(found.get("value") or "")):
            found = {**found, "entity": "color"}
        start = found.get("start")
        if found.get("entity") == "color" and start is not None and in_a_phrase(text, start):
            continue
        end = found.get("end")
        sized = found.get("entity") == "size" and start is not None and end is not None
        if sized and a_temperature_at(text, start, end):
            continue  # "elles résistent à moins trente": no size 30
        said.append(found)
    return said


def entity(tracker: Tracker, name: str) -> str | None:
    """The latest message's value for an entity (the first one if it was said twice; of
    colours, the first that is one: in "mug en grès, le vert" the model's "grès" is the
    stoneware)."""
    values = entity_values(tracker, name)
    if name == "color":
        return next((value for value in values if is_colour_name(value)), next(iter(values), None))
    return next(iter(values), None)


def entity_values(tracker: Tracker, name: str) -> list[str]:
    """Every value the latest message has for an entity, in the order said."""
    return [
        str(found["value"])
        for found in said_entities(tracker.latest_message)
        if found.get("entity") == name
        and found.get("value") is not None
        and found.get("role") is None  # as rasa-sdk's get_latest_entity_values reads them
        and found.get("group") is None
    ]


def quotes_the_named_price(tracker: Tracker, text: str) -> bool:
    """ "Merino Wool T-Shirt grey M €49.00", pasted from the shop's page: the amounts said are
    prices of the product the message names, not a budget; "a tee under 30" sets one."""
    named = product_named(shop(), text)
    if named is None:
        return False
    amounts = {
        price_minor(str(found.get("value") or ""), named.currency)
        for found in said_entities(tracker.latest_message)
        if found.get("entity") == "price"  # whatever role the model gave it
    }
    prices = {option.price_minor for option in named.options}
    prices |= {option.regular_price_minor for option in named.options}  # a sale's old price
    return bool(amounts) and amounts <= prices


def intent_payload(intent: str, **entities: object) -> str:
    """A button payload that triggers `intent` with entities, e.g. /add_to_cart{"sku": "X"}."""
    return f"/{intent}" + (json.dumps(entities) if entities else "")


def details_button(sku: str, lang: str) -> dict[str, str]:
    """The button that shows a product's details: a card's, and the one beside an add."""
    return {
        "title": say("label_details", lang),
        "payload": intent_payload("product_details", sku=sku),
    }


def yes_no_buttons(lang: str) -> list[dict[str, str]]:
    return [
        {"title": say("label_yes", lang), "payload": "/affirm"},
        {"title": say("label_no", lang), "payload": "/deny"},
    ]


def chosen_sku(tracker: Tracker) -> str | None:
    """The SKU the shopper means: explicit payload, an ordinal, or the single result shown."""
    sku = entity(tracker, "sku")
    if sku:
        return sku
    return ordinal_chosen(tracker, tracker.get_slot("last_results") or [])


def ordinal_chosen(tracker: Tracker, shown: list[str]) -> str | None:
    """The one of `shown` at the position the message says ("the second"), or the only one."""
    ordinal = entity(tracker, "ordinal")
    if ordinal:
        index = ordinal_index(ordinal, len(shown))
        return shown[index] if index is not None else None
    return shown[0] if len(shown) == 1 else None


FOCUS = "focus_product"
# "it", "them", "this one", "il", "ça", "on peut le laver ?": the message points back at a
# product already talked about. French "le/la/les" alone are left out: they
# are articles far more often ("la Creator 16").
_POINTS_BACK = re.compile(
    r"(?<!\w)(?:it|its|it's|them|they|this|that|these|those|il|elle|ils|elles|ça|ca|(?<!-)c|celui|"
    r"celle|ceux|celles|(?:les|le|la|l['’]|en)\s*(?:avez|as|auriez|aurais|faites|fais|vendez|"
    r"existe|existent|prends|prend|veux|voudrais|ach[eè]te|commande)|"
    r"(?:ajoute|ajoutez|prends|prenez|mets|mettez|garde|gardez)[-\s](?:le|la|les|l['’])|"
    r"(?:peut|peux|pouvez|puis)[-\s](?:on[-\s])?(?:le|la|les|l['’])|"
    # "Y'a-tu des haut-parleurs dedans ?": inside the one in view
    r"dedans|inside)(?!\w)",
    re.IGNORECASE,
)


# "Y a du poivre dedans ?", "any nuts in it?": what is inside the product in view.
INSIDE = re.compile(
    r"(?<!\w)(?:dedans|inside|in (?:it|them|there|those|these))(?!\w)", re.IGNORECASE
)
# "Il a des haut-parleurs ?", "does it have a mic?": a part of the one in view, which the
# pronoun points at; the part names no product asked about
_HAS_A_PART = re.compile(
    r"^\W*(?:(?:and|et|so|alors|pis|ok)\W+)?(?:(?:il|elle|ils|elles) (?:a|ont|possede)|"
    r"(?:does|do) (?:it|they) (?:have|come with)|(?:has|have) (?:it|they)(?: got)?)(?!\w)",
    re.IGNORECASE,
)


# "Are the black ones on sale?": the products in view, by what tells them apart.
_THE_ONES = re.compile(r"(?<!\w)the\s+(?:\w+\s+)?ones?(?!\w)", re.IGNORECASE)


def points_back(tracker: Tracker) -> bool:
    """The latest message says "it", "them", "ça", "the black ones"... about a product
    already talked about."""
    text = tracker.latest_message.get("text") or ""
    shown = tracker.get_slot(FOCUS) or tracker.get_slot("last_results")
    said = _without_naming_subject(text)  # "le pesto contient-il…": "il" is the pesto
    return bool(shown) and bool(_POINTS_BACK.search(said) or _THE_ONES.search(said))


def named_beyond_properties(text: str) -> bool:
    """The message says more than what a product is like: "waterproof?" says nothing else
    (the Waterproof Hiking Boots are not named by it), "the Everyday Cushioned ones in grey"
    does."""
    return bool(set(without_properties(text).split()) - _NO_NAME)


_NO_NAME = frozenset("one ones it them that this those these stock".split())


def in_view_now(tracker: Tracker) -> ProductView | None:
    """The product in focus, else the first one shown."""
    sku = tracker.get_slot(FOCUS) or next(iter(tracker.get_slot("last_results") or []), None)
    return product_for_sku(shop(), sku) if sku else None


def product_meant(tracker: Tracker, question: bool = False) -> ProductView | None:
    """The product the latest message is about: a button's SKU; a product it names ("the Aero
    14"), unless it points back ("is it vegan?") at the one in focus; "the second one"; the
    product in focus; the single result shown. A question about "them" after a list is about
    the first result, which the answer names."""
    text = tracker.latest_message.get("text") or ""
    button = entity(tracker, "sku")
    if button:
        return product_for_sku(shop(), button)
    focus: str | None = tracker.get_slot(FOCUS)
    shown: list[str] = tracker.get_slot("last_results") or []
    priced = shown_by_its_price(text, shown) or _shown_described(text, shown)
    if priced is not None:
        return priced  # "is the cheaper one waterproof?", "celui qui tient 40 heures"
    earlier = _talked_about_earlier(tracker, text)
    if earlier is not None:
        return earlier  # "actually, the first jacket", "finalement, les chaussures d'avant"
    if question:
        # "He'd need boots too. The Chelsea ones, are they leather?" with a coat in focus: the
        # ones the question names, though "they" points back
        told = told_apart(last_sentence(text))
        one_shown = shown_named(told, shown) if told and shown else None
        if one_shown is not None:
            return one_shown  # "The sherpa lined one, is that fluffy on the inside?"
        of_the_kind = _of_the_kind_searched(told, tracker) if told and shown else None
        if of_the_kind is not None:
            return of_the_kind  # "the waterproof one" of jackets: the rain jacket, not boots
        coloured = _shown_in_the_colour(told or _one_in_a_colour(text), shown)
        if coloured is not None:
            return coloured  # "is the green one waterproof?": the one shown that comes in green
        if told:
            named = _named_by(told, prefer=[focus, *shown] if focus else shown)
            if named is not None:
                return named
    if question and (shown_so := _shown_by_its_name(text, focus)) is not None:
        return shown_so  # "Is that rugged phone waterproof?" with boots in focus
    if question and (before := _named_before_the_question(text, focus)) is not None:
        return before  # "Mummy also wants a big tin of olive oil. Is it extra virgin only?"
    said_first = question_subject(text)
    subject = said_first if said_first is not None and _names_a_product(said_first) else None
    # "le pesto contient-il…": "il" is the pesto, not the product in view; so is "that" in
    # "The sherpa lined one, is that fleece inside?"
    told_in_text = told_apart(text) if question else None
    repeated = subject is not None or told_in_text is not None
    pointing = bool(_POINTS_BACK.search(without_repeated_subject(text) if repeated else text))
    # "Y'a-tu des haut-parleurs dedans ?" of a monitor shown: inside it, not the speaker named
    # "il a un repose-poignet, le RGB ?" names the one shown it asks about after the part
    has_a_part = _HAS_A_PART.search(fold(text)) and not _names_one_shown(text, shown)
    inside = shown and (INSIDE.search(text) or has_a_part) is not None
    if not (pointing and (focus is not None or inside)) and not entity(tracker, "ordinal"):
        # "where r the beans from": a kind's word names several; the one in focus is meant
        prefer = [focus, *shown] if focus else shown
        # "is the organic one in stock?" of olive oils shown: the organic oil
        one_shown = shown_named(told_in_text, shown) if told_in_text and shown else None
        if one_shown is not None:
            return one_shown
        if question and subject is not None:  # "le pesto contient-il…" with pasta in view
            named = (
                product_named(shop(), subject.words, prefer=prefer)
                or shown_named(subject.words, shown)  # "le slim noir en S" of jeans shown
                or _named_in_other_words(subject.words, focus, subject=True)
            )
            if named is not None:
                return named
        # "le 27 pouces calibré a-t-il un port Ethernet ?": no Ethernet cable is asked about
        rest_names = (
            not question or said_first is None or said_first.rest_may_name or not (focus or shown)
        )
        named = product_named(shop(), text, prefer=prefer) if rest_names else None
        if (
            named is not None
            and question
            and prefer
            and is_yes_no(text)
            and not named_beyond_properties(text)
        ):
            named = None  # "waterproof?" with phones in view: no Waterproof Hiking Boots
        if (
            named is not None
            and question
            and (in_view := focus or next(iter(shown), None))
            and _said_of_the_one_in_view(named, in_view, text)
        ):
            named = None  # "rain cover incl?" of a daypack: no Rain Jacket is asked about
        if (
            named is not None
            and question
            and (focus or shown)
            and asks_what_comes_with_it(text)
            and not most_of_its_title_said(named, text)
        ):
            named = None  # "l'adaptateur secteur est-il fourni ?" of a stand: no charger asked
        if named is not None:
            return named
        if question and (focus or shown) and _THE_PRODUCT_ASKED.match(text):
            named = _named_in_other_words(text, focus)
            if named is not None:
                return named
    if question and len(shown) > 1 and (sized := _shown_in_the_size_said(text, shown)):
        return sized  # "Le bidon de 3 litres, c'est combien ?" after olive oils
    # "the second one"; else the product in focus, set after anything shown (a search resets
    # it, an add or an answer puts its product there); else the single result shown
    sku = ordinal_chosen(tracker, shown) if entity(tracker, "ordinal") else None
    sku = sku or focus or chosen_sku(tracker)
    if sku is None and (question or pointing) and shown:
        sku = shown[0]  # "add it", "how heavy is it" after a list: the best match, named back
    return product_for_sku(shop(), sku) if sku is not None else None


# "The travel mouse it is, then.", "The Essential one in black please", "Le sans fil
# supra-auriculaire, s'il vous plaît.", "the cheaper one for me": one product pointed at with
# "the", no verb, closed by words that settle it. A choice made, neither asked nor searched.
_POINTED_WITH_THE = re.compile(
    r"^\W*(?:(?:ok|okay|right|alright|fine|great|perfect|cool|so|and|then|et|alors|bon|"
    r"parfait|super|d'accord|dac|ouais|oui|yes|yeah)\W+)*(?:(?:the|le|la|les)(?![\w'-])|l')"
)
# "the one that holds 40 hours please": a clause says which; others read it
_A_CLAUSE = re.compile(r"(?<![\w'-])(?:that|which|who|que|qui|dont|i|je|j')(?![\w'-])")
_SETTLED = re.compile(
    r"(?:\W+(?:it is|it's|it'll be|it will be|that'll do|will do|for me|then|please|pls|plz|"
    r"s'il (?:vous|te) plait|svp|stp|pour moi|alors|donc|ce sera|ca sera|c'est ca|merci|"
    r"thanks|thank you|ta|cheers))+\W*$"
)


def _settling_words(text: str) -> str | None:
    """The words the message settles on one product with ("…, then.", "please"), when it
    names one product with "the" and settles on it, with nothing asked and no verb said: "The
    travel mouse it is, then.", "La gourde en verre pour moi, merci."; else None."""
    said = folded(text).strip()
    pointed = _POINTED_WITH_THE.match(said)
    settled = _SETTLED.search(said)
    if "?" in said or pointed is None or settled is None or settled.start() <= pointed.end():
        return None
    named = said[pointed.end() : settled.start()]
    if A_VERB.search(named) or _A_CLAUSE.search(named) or asks_the_cart_total(said):
        return None
    return said[settled.start() :]


# "…, then", "… alors": settled by that word only
_THEN_ALONE = re.compile(r"\W+(?:then|alors|donc)\W*")


def settled_on(tracker: Tracker) -> ProductView | None:
    """The product the latest message settles on by naming it, with nothing asked ("The
    travel mouse it is, then." after mice, "Le sans fil supra-auriculaire, s'il vous plaît."):
    the one shown its price, own words, title or colour point at, else the one the shop has by
    that name. None when the message settles on nothing, or its words name no product."""
    text = tracker.latest_message.get("text") or ""
    settling = None if text.startswith("/") else _settling_words(text)
    if settling is None:
        return None
    shown: list[str] = tracker.get_slot("last_results") or []
    # "Le casque arceau en blanc": words naming a kind, not one of those shown by its title
    by_title = shown and kind_asked(shop(), text) is None
    product = (
        shown_by_its_price(text, shown)
        or _shown_described(text, shown)
        or (shown_named(text, shown) if by_title else None)
        or _shown_in_the_colour(_one_in_a_colour(text), shown)
        or product_named(shop(), text)
    )
    chosen = entity(tracker, "color") or entity(tracker, "size") or _A_MEASURE.search(fold(text))
    if product is not None and _THEN_ALONE.fullmatch(settling) and not chosen:
        # "ok le tee shirt en lin alors" names it to see; "…, 1 litre then" and a product with
        # one version have nothing left to ask
        return product if len(product.options) == 1 else None
    return product


# "1 litre", "500 ml", "128 GB": a version said as its measure
_A_MEASURE = re.compile(
    r"(?<![\w.,])\d+(?:[.,]\d+)?\s?(?:g|kg|ml|cl|l|litres?|liters?|m|gb|go|tb|to)(?![\w'-])"
)


def shown_by_its_price(text: str, shown: list[str]) -> ProductView | None:
    """The product shown the message points at by its price ("the cheaper one", "the 69
    one", "celui à 89 euros"); None when it points at none that way."""
    if len(shown) < 2 or not points_by_price(text):
        return None  # read before the products shown are loaded: most messages point so at none
    views = products_for_skus(shop(), shown)
    priced = [
        Priced(view.group_id, tuple(o.price_minor for o in view.options if o.price_minor))
        for view in views
    ]
    sizes = {option.size for view in views for option in view.options}
    pointed = pointed_by_price(text, priced, sizes)
    return next((view for view in views if view.group_id == pointed), None)


# "the one with the rain cover", "celui qui tient 40 heures": the one shown that says it
_THE_ONE_THAT = re.compile(
    r"(?<![\w'])(?:the one|the ones|celui|celle|ceux|celles)\s+(?:with|that|which|qui|avec)"
    r"\s+(?P<what>[^,?.!;]+)"
)


def _names_one_shown(text: str, shown: list[str]) -> bool:
    """The message names one of the products shown ("le RGB" among keyboards)."""
    named = product_named(shop(), text)
    return named is not None and any(option.sku in shown for option in named.options)


# "the first jacket", "la première veste": the first of a kind talked about; "the shoes from
# before", "celles d'avant", "the previous one": the one talked about before the one in view
_FIRST_OF_A_KIND = re.compile(
    r"(?<![\w'])(?:the|le|la|les)\s+(?:very\s+)?(?:first|premier|premiere|premiers|premieres)"
    r"\s+(?!one\b|ones\b)(?P<kind>[a-z][\w'-]+(?:\s+[a-z][\w'-]+)?)"
)
_BEFORE = re.compile(
    r"(?<![\w'])(?:(?P<kind>[a-z][\w'-]+)\s+|(?:celui|celle|ceux|celles|the one|the ones)\s+)"
    r"(?:from before|from earlier|d'avant|de tout a l'heure|you showed (?:me )?(?:before|earlier))"
    r"|(?:the|le|la|les)\s+(?:previous|precedente?s?)(?:\s+(?P<kind2>[a-z][\w'-]+))?"
)


def _talked_about_earlier(tracker: Tracker, text: str) -> ProductView | None:
    """The product of a kind talked about earlier in the conversation that the message goes
    back to: the first of that kind ("actually, the first jacket" after jackets, then shoes),
    or the one before the product in view ("les chaussures d'avant", "the previous one").
    None when the message goes back to none, or the kind is the one on screen now (then "the
    first jacket" is the first card)."""
    said = fold(text).lower().replace("’", "'")
    if (first := _FIRST_OF_A_KIND.search(said)) is not None:
        kind = kind_asked(shop(), first["kind"])
        if kind is None:
            return None  # "the first one in black": an ordinal of the list shown
        shown_now = products_for_skus(shop(), tracker.get_slot("last_results") or [])
        if any(view.category.startswith(kind) for view in shown_now):
            return None  # jackets on screen: "the first jacket" is the first card
        return next(iter(_talked_about(tracker, kind)), None)
    if (before := _BEFORE.search(said)) is not None:
        words = before["kind"] or before["kind2"]
        focus = tracker.get_slot(FOCUS)
        talked = _talked_about(tracker, kind_asked(shop(), words) if words else None)
        earlier = [view for view in talked if focus not in {o.sku for o in view.options}]
        return earlier[-1] if earlier else None
    return None


def _talked_about(tracker: Tracker, kind: str | None) -> list[ProductView]:
    """The products the conversation has had in focus (of `kind`, if given), in the order
    they were first talked about."""
    talked = list(
        dict.fromkeys(
            event["value"]
            for event in tracker.events
            if event.get("event") == "slot" and event.get("name") == FOCUS and event.get("value")
        )
    )
    order = {sku: index for index, sku in enumerate(talked)}
    views = products_for_skus(shop(), talked)
    views.sort(key=lambda view: min(order.get(o.sku, len(order)) for o in view.options))
    return [view for view in views if kind is None or view.category.startswith(kind)]


# "the one in green", "celle en rose": a product shown told apart by a colour it comes in
_ONE_IN = re.compile(
    r"(?<![\w'])(?:the one|the ones|celui|celle|ceux|celles)\s+(?:in|en)\s+(?P<colour>[a-z]+)"
)


def _one_in_a_colour(text: str) -> str | None:
    found = _ONE_IN.search(fold(text).lower())
    return found["colour"] if found else None


def _shown_in_the_colour(words: str | None, shown: list[str]) -> ProductView | None:
    """The one product shown that comes in the colour the words name ("the green one" among
    jackets only one of which is green); None when the words name no colour, or several or
    none of those shown come in it."""
    if not words or len(shown) < 2:
        return None
    return _the_one_shown(shown, lambda view: named_colour(words, view.colors, french_names()))


def _shown_described(text: str, shown: list[str]) -> ProductView | None:
    """The one product shown whose own words say what the message points at it by ("celui
    qui tient 40 heures" of headphones, one of which plays for 40 hours; "the one with the
    rain cover"); None when none or several do."""
    found = _THE_ONE_THAT.search(fold(text).lower())
    if found is None or len(shown) < 2:
        return None
    what = found["what"]
    numbers = re.findall(r"\d+(?:[.,]\d+)?", what)

    def says_it(view: ProductView) -> bool:
        if not numbers:
            return speaks_of(what, view)
        own = fold(f"{view.title} {view.description} {' '.join(view.sizes)}").lower()
        return all(re.search(rf"(?<![\d.,]){re.escape(n)}(?!\d)", own) for n in numbers)

    return _the_one_shown(shown, says_it)


def _of_the_kind_searched(words: str, tracker: Tracker) -> ProductView | None:
    """The product of the kind last searched whose title has the words telling it apart
    ("the waterproof one" after jackets, though the rain jacket was beyond the cards shown);
    None when the search has no kind or no title of it says them."""
    kind = tracker.get_slot("category")
    if not kind or not tokens(words):
        return None
    found = search_products(shop(), SearchQuery(text=words, limit=10))
    titled = [hit for hit in found.hits if set(tokens(words)) <= set(tokens(hit.title))]
    views = products_for_skus(shop(), [hit.variants[0].sku for hit in titled])
    of_the_kind = [view for view in views if view.category.startswith(kind)]
    return of_the_kind[0] if len(of_the_kind) == 1 else None


def _the_one_shown(shown: list[str], fits: Callable[[ProductView], object]) -> ProductView | None:
    """The one product shown that `fits` holds for; None when none or several do."""
    fitting = [view for view in products_for_skus(shop(), shown) if fits(view)]
    return fitting[0] if len(fitting) == 1 else None


def _shown_in_the_size_said(text: str, shown: list[str]) -> ProductView | None:
    """The one product shown that is sold in the size a question says ("le bidon de 3 litres"
    of olive oils in 500 ml, 1 L and 3 L); None when none or several are."""
    return _the_one_shown(shown, lambda view: named_size(text, view.sizes))


def _named_before_the_question(text: str, focus: str | None) -> ProductView | None:
    """The product the sentences before a question name by a kind of product, when the
    question points back and names none ("Mummy also wants a big tin of olive oil. Is it extra
    virgin only?", "Et du café décaféiné en grains. Il est sans produits chimiques ?"): "it"
    is what was just named, not the one in focus."""
    question = last_sentence(text)
    before = text.strip()[: -len(question)].strip() if question else ""
    if not before or not _POINTS_BACK.search(question) or told_apart(question):
        return None
    if question_subject(question) is not None or kind_asked(shop(), before) is None:
        return None
    named = product_named(shop(), before)
    if named is None or focus in {option.sku for option in named.options}:
        return None
    return named


# "that rugged phone", "cette enceinte": a demonstrative, then the words that follow it.
_DEMONSTRATIVE = re.compile(
    r"(?<![\w'-])(?:that|this|those|these|ce|cet|cette|ces)\s+((?:[\w'-]+\s+){0,3}[\w'-]+)"
)


def _shown_by_its_name(text: str, focus: str | None) -> ProductView | None:
    """The product a demonstrative points at by a word of its title no other title has ("is
    that rugged phone waterproof?"), when it is not the one in focus; "is this jacket warm?"
    points at the jacket in focus, naming none."""
    for found in _DEMONSTRATIVE.finditer(fold(text).lower()):
        named = product_named(shop(), found.group(1))
        first = found.group(1).split()[0]
        if (
            named is not None
            and first in tokens(named.title)  # "that rugged phone"; not "that one marked down"
            and focus not in {option.sku for option in named.options}
            and says_its_own_name(shop(), found.group(1), named)
        ):
            return named
    return None


def _said_of_the_one_in_view(named: ProductView, focus: str, text: str) -> bool:
    """The words of `named`'s title a question says are the words of the product in focus's
    own description, and little of `named`'s title is said: "rain cover incl?" of a daypack
    whose description has its rain cover, "4K 120Hz ok ?" of an HDMI cable that carries 4K."""
    in_view = product_for_sku(shop(), focus)
    if in_view is None or in_view.group_id == named.group_id or most_of_its_title_said(named, text):
        return False

    def words(text: str) -> list[str]:
        return re.findall(r"[a-z0-9]+", fold(text).lower())

    title = set(words(named.title))
    # the runs of the title's words the question says, each as said ("on ear", "rain")
    runs: list[list[str]] = [[]]
    for word in words(text):
        if word in title:
            runs[-1].append(word)
        elif runs[-1]:
            runs.append([])
    said = [" ".join(run) for run in runs if run]
    # in its description, not its title: "extra virgin" names the bottle said, though the
    # Family Tin in view is extra virgin too
    own, titled = (f" {' '.join(words(part))} " for part in (in_view.description, in_view.title))
    return bool(said) and all(f" {run} " in own and f" {run} " not in titled for run in said)


# "La camomille est en promo ?", "is the enamel mug dishwasher safe?": a question whose subject
# is a product named with its article.
_THE_PRODUCT_ASKED = re.compile(
    r"^\W*(?:(?:is|are|does|do|est-ce que|est ce que)\s+)?(?:the|le|la|les|l')\s*[^\W\d]",
    re.IGNORECASE,
)
# The catalog's first matches read for a product named in other words than its title.
_FIRST_MATCHES = 3
_NAMED_LEAD = 1.2
_SUBJECT_LEAD = 1.3  # words naming no kind the shop sells ("la menthe poivrée") lead further


def _names_a_product(subject: Subject) -> bool:
    """The subject names a product, not a variant of what is shown ("le noir en L coûte
    combien ?")."""
    return not tells_variants_apart(shop(), colours_in_english(subject.words))


def _naming_subject(text: str) -> Subject | None:
    """The subject of a question, if it names a product."""
    subject = question_subject(text)
    return subject if subject is not None and _names_a_product(subject) else None


def _without_naming_subject(text: str) -> str:
    """The text without the pronoun that repeats a subject naming a product ("le pesto
    contient-il…"); "et les noires, elles coûtent ?" still points at what is in view."""
    return without_repeated_subject(text) if names_its_subject(text) else text


def names_its_subject(text: str) -> bool:
    """A question naming what it asks about: "le col V en blanc, c'est combien ?"."""
    return _naming_subject(text) is not None


def colours_in_english(words: str) -> str:
    """French colour words as the catalog names them: "noir en L" -> "black en l"."""
    said = fold(words).lower()
    for english, french in french_names().items():
        said = re.sub(rf"(?<!\w){french_colour_word(fold(french).lower())}(?!\w)", english, said)
    return said


def last_sentence(text: str) -> str:
    """The message's last sentence ("He'd need boots too. The Chelsea ones, are they leather?"
    -> "The Chelsea ones, are they leather?")."""
    return re.split(r"(?<=[.!?])\s+", text.strip())[-1]


def _named_by(words: str, prefer: list[str]) -> ProductView | None:
    """The product words telling one apart name ("chelsea"), when they name one and not a
    variant ("black", "256")."""
    if is_colour_name(words) or tells_variants_apart(shop(), colours_in_english(words)):
        return None
    return product_named(shop(), words, prefer=prefer)


def shown_named(words: str, shown: list[str]) -> ProductView | None:
    """The product shown (`shown`: its variants) that the words name, if the catalog's
    nearest matches for them hold it ("le lot de 5 paires" of the socks on screen)."""
    words = searched_words(words)
    if not words or tells_variants_apart(shop(), colours_in_english(words)):
        return None  # "1m price": a variant, not a product shown
    products = products_for_skus(shop(), shown)
    group = best_among(shop(), words, {p.group_id for p in products}, closest=True)
    return next((product for product in products if product.group_id == group), None)


def _named_in_other_words(
    text: str, focus: str | None, subject: bool = False
) -> ProductView | None:
    """The product a question names in words its title lacks ("la camomille est en promo ?"
    for the Chamomile Herbal Tea): the words name a kind the shop sells, or are the question's
    `subject` ("la menthe poivrée", a flavour), the catalog's best match clearly leads, and
    the product in focus is not among the first matches."""
    words = searched_words(text)
    sold = bool(words) and names_what_is_sold(shop(), words)
    if not (sold or (subject and words)):
        return None
    found = search_products(shop(), SearchQuery(text=words, limit=_FIRST_MATCHES))
    hits = found.hits or (found.alternatives if subject else [])
    lead = _NAMED_LEAD if sold else _SUBJECT_LEAD
    if not hits or (len(hits) > 1 and hits[0].score < lead * hits[1].score):
        return None
    in_focus = product_for_sku(shop(), focus) if focus else None
    if in_focus is not None and any(hit.group_id == in_focus.group_id for hit in hits):
        return None  # "le clavier est livré avec les piles ?" of the keyboard in view
    return product_for_sku(shop(), hits[0].variants[0].sku)


def hand_over(
    action_name: str, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
) -> list[dict[str, Any]]:
    """Answer the latest message with another action, inside this one.

    A department's action that finds the message was for the products ("is the dark chocolate
    nut free?" read as a menu question) lets the products' action answer it. Run in this
    process rather than as Rasa's FollowupAction: a followed-up action is a step no story or
    rule holds, so the policies were unsure what came after it and Rasa's fallback answered
    "Sorry, I didn't understand" right after the right answer.
    """
    action = _actions_by_name().get(action_name)
    if action is None:  # a module imported since the actions were listed
        _actions_by_name.cache_clear()
        action = _actions_by_name().get(action_name)
    if action is None:
        raise LookupError(f"no action named {action_name} in the actions package")
    chain = _HANDED_OVER.get()
    if action_name in chain:
        # Two actions each finding the message is for the other would hand it back and forth
        # until Python's recursion limit, and the shopper would get no answer at all.
        _log.error(
            "hand-over loop %s -> %s on %r",
            " -> ".join(chain),
            action_name,
            tracker.latest_message.get("text"),
        )
        dispatcher.utter_message(response="utter_default")
        return []
    with _answering(action_name):
        return action().run(dispatcher, tracker, domain)


def answer_alone(
    action_name: str, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
) -> list[dict[str, Any]]:
    """Answer a part of the latest message (its own `tracker`, see `said_alone`) with the
    action named: a message of its own, whose hand-overs start a chain of their own."""
    token = _HANDED_OVER.set(())
    try:
        return _actions_by_name()[action_name]().run(dispatcher, tracker, domain)
    finally:
        _HANDED_OVER.reset(token)


def said_alone(
    tracker: Tracker, start: int, end: int, intent: str, slots: dict[str, Any]
) -> Tracker:
    """The tracker as if the shopper had said only characters `start:end` of the latest
    message, read as `intent`, with the entities found there, and `slots` as they stand."""
    message = tracker.latest_message
    text = (message.get("text") or "")[start:end]
    entities = [
        {**found, "start": found["start"] - start, "end": found["end"] - start}
        for found in message.get("entities") or []
        if start <= found.get("start", -1) and found.get("end", end + 1) <= end
    ]
    latest = {**message, "text": text, "entities": entities, "intent": {"name": intent}}
    return Tracker(
        tracker.sender_id,
        slots,
        latest,
        tracker.events,
        tracker.is_paused(),
        tracker.followup_action,
        tracker.active_loop,
        tracker.latest_action_name,
    )


@contextmanager
def _answering(action_name: str) -> Iterator[None]:
    """`action_name` answers the latest message for the length of the block."""
    chain = _HANDED_OVER.get()
    token = _HANDED_OVER.set(chain if action_name in chain else (*chain, action_name))
    try:
        yield
    finally:
        _HANDED_OVER.reset(token)


_log = logging.getLogger(__name__)
# The actions answering the latest message, the one Rasa asked for first, then those it was
# handed to: within one action server request.
_HANDED_OVER: ContextVar[tuple[str, ...]] = ContextVar("handed_over", default=())


@cache
def _actions_by_name() -> dict[str, type[Action]]:
    """The actions package's actions by name, found once (as Rasa SDK's executor finds them)."""
    return {
        action().name(): action
        for action in all_subclasses(Action)
        if action.__module__.startswith("actions.")
    }


def focus_on(product: ProductView) -> dict[str, Any]:
    """The event putting `product` in focus, for "it" and "them" in the next messages."""
    return SlotSet(FOCUS, product.options[0].sku)


def changes_only(tracker: Tracker, events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """`events` without the slot events that set a slot to the value it already holds.

    Rasa keeps every event of a conversation and, on every turn, reloads them all from its
    tracker store, replays them, featurizes the history and sends it whole to the action server:
    a search that re-sets its ten context slots unchanged made half of a long conversation's
    events (bench/turn_profile.py). A slot set to its own value changes no state, so no policy
    prediction; other events keep their order.
    """
    values: dict[str, Any] = {}
    kept = []
    for event in events:
        if event.get("event") == "slot":
            name = event.get("name")
            current = values[name] if name in values else tracker.get_slot(name)
            if event.get("value") == current:
                continue
            values[name] = event.get("value")
        kept.append(event)
    return kept


class MovingOn:
    """Mixin for an action that takes the conversation elsewhere (search, cart, details, orders).

    A yes/no question left unanswered ("send the payment link?", "cancel order X?") is dropped,
    so a "yes" said later to something else cannot check out or cancel by surprise.
    Actions implement `act` in place of `run`. Not an `Action` itself: Rasa SDK registers every
    `Action` subclass it finds, and this one has no name.
    """

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        text = tracker.latest_message.get("text") or ""
        if tracker.get_slot("pending_confirmation") == "checkout" and goes_ahead(text):
            # "Go on then." to "Shall I send you the payment link?", read as "show me more"
            return hand_over("action_checkout", dispatcher, tracker, domain)
        with _answering(self.name()):  # type: ignore[attr-defined]  # an Action's name
            events = self.act(dispatcher, tracker, domain)
        if tracker.get_slot("pending_confirmation") is not None:
            events = [
                *events,
                SlotSet("pending_confirmation", None),
                SlotSet("order_to_cancel", None),
            ]
        return changes_only(tracker, events)

    def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        raise NotImplementedError


def searched_context(tracker: Tracker) -> SearchContext:
    """The search the shopper last made, as its slots keep it."""

    def minor(slot: str) -> int | None:
        value = tracker.get_slot(slot)
        return int(value) if value is not None else None

    return SearchContext(
        product=tracker.get_slot("product"),
        text=tracker.get_slot("search_text") or "",
        category=tracker.get_slot("category"),
        color=tracker.get_slot("color"),
        size=tracker.get_slot("size"),
        brand=tracker.get_slot("brand"),
        min_price_minor=minor("min_price"),
        max_price_minor=minor("max_price"),
        offset=int(tracker.get_slot("results_offset") or 0),
        price_order=tracker.get_slot("price_order"),
        on_sale=bool(tracker.get_slot("on_sale")),
        not_brand=tracker.get_slot("not_brand"),
    )


def product_card(hit: ProductHit, lang: str) -> dict[str, Any]:
    """A Messenger generic-template element; REST clients get it as text plus buttons."""
    sku = hit.variants[0].sku
    return {
        "title": hit.title,
        "subtitle": f"{money(hit.price_minor, hit.currency, lang)} · {hit.brand}",
        "image_url": hit.image_link,
        "buttons": [
            {
                "type": "postback",
                "title": say("label_add_to_cart", lang),
                "payload": intent_payload("add_to_cart", sku=sku),
            },
            {"type": "postback", **details_button(sku, lang)},
        ],
    }
