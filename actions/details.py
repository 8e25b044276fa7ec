"""action_product_details: description, options, stock and price of the product meant."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import (
    FOCUS,
    INSIDE,
    MovingOn,
    added_last_turn,
    entity,
    focus_on,
    hand_over,
    in_view_now,
    intent_payload,
    language,
    last_sentence,
    money,
    most_of_its_title_said,
    named_beyond_properties,
    names_its_subject,
    points_back,
    previous_message,
    product_meant,
    settled_on,
    shop,
    shown_by_its_price,
    shown_named,
)
from actions.fitting import fitting_shown
from actions.line_edits import line_edited
from actions.price_difference import (
    answer_price_compared,
    answer_price_difference,
    asks_the_difference,
)
from actions.spec_refinement import refined_by_a_specification
from assistant.channels.message_parts import VERDICT_SLOT
from assistant.conversation.cart_questions import asks_the_total
from assistant.conversation.product_questions import (
    Answer,
    answer_question,
    asks_about,
    asks_price,
    compare_products,
    is_comparison,
    is_which,
    is_yes_no,
    question_beside,
    speaks_of,
    which_say,
)
from assistant.conversation.quantities import items_said, quantity_in_words
from assistant.conversation.search_request import (
    asks_another_brand,
    asks_for_other_prices,
    introduces_an_item,
    orders,
    price_order,
    requested_part,
    says_a_budget,
    searched_words,
)
from assistant.conversation.variants import named_colour, named_size
from assistant.conversation.wording import french_names, shown_value
from assistant.services.carts import view_cart
from assistant.services.products import (
    asks_for_an_unsold_kind,
    is_shopping_request,
    kind_asked,
    product_named,
    products_for_skus,
    says_words_of_titles,
    search_products,
    searches_surely,
)
from assistant.services.views import Option, ProductView
from assistant.wording import say
from catalog.search import SearchQuery
from catalog.text import fold, says_an_amount, tokens


def price_text(product: ProductView, lang: str) -> str:
    low = money(product.min_price_minor, product.currency, lang)
    if product.min_price_minor == product.max_price_minor:
        return low
    return f"{low} – {money(product.max_price_minor, product.currency, lang)}"


def options_text(product: ProductView, lang: str) -> str:
    """ "Colours: black, white. Sizes: 250 g (€8.99), 1 kg (€29.90)." An option's price is
    shown where the price depends on it, so "how much is the 1 kg?" is answered by the card."""
    parts = []
    for label, values, of, shown in (
        ("label_colors", product.colors, _colour_of, lambda value: shown_value(value, lang)),
        ("label_sizes", product.sizes, _size_of, str),
    ):
        if not values:
            continue
        prices = _prices_set_by(product, values, of)
        said = ", ".join(
            shown(value) + (f" ({money(prices[value], product.currency, lang)})" if prices else "")
            for value in values
        )
        parts.append(f"{say(label, lang)}: {said}.")
    return (" ".join(parts) + " ") if parts else ""


def _colour_of(option: Option) -> str:
    return option.color


def _size_of(option: Option) -> str:
    return option.size


def _prices_set_by(
    product: ProductView, values: list[str], of: Callable[[Option], str]
) -> dict[str, int]:
    """Each value's price when that dimension (colour or size) alone sets the price: one price
    per value, not all the same; else {}. Sold-out variants count only when all are."""
    sellable = any(option.available for option in product.options)
    prices: dict[str, set[int]] = {value: set() for value in values}
    for option in product.options:
        counted = option.available or not sellable
        if counted and option.price_minor is not None and of(option) in prices:
            prices[of(option)].add(option.price_minor)
    if any(len(priced) != 1 for priced in prices.values()):
        return {}
    each = {value: next(iter(priced)) for value, priced in prices.items()}
    return each if len(set(each.values())) > 1 else {}


def stock_text(product: ProductView, lang: str) -> str:
    if not product.available:
        return say("label_out_of_stock", lang)
    if product.stock is None:
        return ""
    return say("label_in_stock", lang, count=product.stock)


class ActionProductDetails(MovingOn, Action):
    """Details of the product meant, or the answer to a question about it ("is it in stock in
    L?", "does it have 16 GB of RAM?", "which one is lighter?")."""

    def name(self) -> str:
        return "action_product_details"

    def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        edited = line_edited(dispatcher, tracker)  # "can you change the mountain tee to XL?"
        if edited is not None:
            return edited
        lang = language(tracker)
        text = tracker.latest_message.get("text") or ""
        if settled_on(tracker) is not None:
            # "The travel mouse it is, then.": the one chosen goes in the cart
            return hand_over("action_add_to_cart", dispatcher, tracker, domain)
        if (
            says_a_budget(text)
            # "can I get 3 vanilla rooibos teas?", "could you add a slim power bank in white
            # too?", "and two squeeze bottles in black": an order, not a question
            or orders(text)
            or (_ANY_OF_THEM.match(text) and not points_back(tracker))
            or (introduces_an_item(text) and "?" not in text and not asks_about(text))
            or _another_one_chosen(tracker, text)
            or _items_counted(text)
            or _the_kind_by_price(text)  # "whats the cheapest phone then"
        ):
            # "something under 100?", "is any tea on sale?" with a product in view, "alors une
            # batterie externe": a search
            return hand_over("action_search_products", dispatcher, tracker, domain)
        if asks_for_products(text) and (
            in_view_now(tracker) is None or asks_the_shop_for_an_unsold_kind(text)
        ):
            # "vous avez des barres protéinées ?" with nothing in view: the shop is asked what
            # it has, even when the words name one product
            return hand_over("action_search_products", dispatcher, tracker, domain)
        if _only_names_weighed(text):
            # "the Aero 14 or the WorkPro 15?": both shown, side by side, by the search
            return hand_over("action_search_products", dispatcher, tracker, domain)
        priced = _prices_named(dispatcher, tracker, text)
        if priced is not None:
            return priced
        in_view = in_view_now(tracker)
        if in_view is not None and an_unsold_thing_named_alone(in_view, text.rsplit(".", 1)[-1]):
            # "Et une frontale, t'as ça ?" with socks in view: the shop is asked for one
            return hand_over("action_search_products", dispatcher, tracker, domain)
        if not text.startswith("/"):
            answered = _the_total(dispatcher, tracker, text)
            if answered is None:
                answered = answer_price_difference(dispatcher, tracker)
            if answered is None:  # "is it more expensive than the 70% bar?"
                answered = answer_price_compared(dispatcher, tracker)
            if answered is None:  # "vous avez plus léger ?"
                answered = refined_by_a_specification(dispatcher, tracker)
            if answered is None and asks_price(text):
                # "is it vegan? how much?": the question answered, then the price with details
                answered = _another_question_answered(dispatcher, tracker, text)
                priced = product_meant(tracker, question=True) if answered is not None else None
                if answered is not None and priced is not None:
                    return [*answered, *show_details(dispatcher, priced, None, lang, asked=text)]
            if answered is None:
                answered = answer_about_products(dispatcher, tracker)
            if answered is not None:
                return answered
        # "le col V en blanc, c'est combien ?": the V-neck, whatever is in view
        product = product_meant(tracker, question=names_its_subject(text))
        if _a_search(tracker, text, product):
            # "any vegan chocolate?", "whats ur cheapest phone": a search, not a question
            return hand_over("action_search_products", dispatcher, tracker, domain)
        if product is None:
            product = fitting_shown(tracker)  # "le noir en L coûte combien ?" after a list
        if product is None and asks_price(text):
            # "cb ?" after a list: the price of the best match, which the answer names
            product = product_meant(tracker, question=True)
        if product is None and asks_for_products(text):
            return hand_over("action_search_products", dispatcher, tracker, domain)
        if product is None and not text.startswith("/") and not _a_question(tracker, text):
            # words that ask nothing and name nothing the shop has ("blorf zzzk"), read as a
            # product question: not understood, rather than "which product?"
            return hand_over("action_fallback", dispatcher, tracker, domain)
        if product is None and not text.startswith("/") and _finds_products(text):
            # "... chocolate. what do you have that's vegan?" with nothing in view: the shop's
            # products of it, not "which product?"
            return hand_over("action_search_products", dispatcher, tracker, domain)
        if product is None:
            dispatcher.utter_message(response="utter_which_product")
            return []
        asked = "" if text.startswith("/") else text  # "la version 1TB prix": its price
        return show_details(dispatcher, product, entity(tracker, "sku"), lang, asked=asked)


_THE = re.compile(r"(?<!\w)(?:the|le|la|les|l'|this|that|these|those|ce|cet|cette|ces)\s*\w", re.I)


def _its_kind_with_the(product: ProductView, text: str) -> bool:
    """The message names only the kind of the product in view, with a definite article: "the
    jeans", "le jean"; not another product ("the wide leg ones"), nor "jeans" in general."""
    kind = kind_asked(shop(), text)
    return (
        kind is not None
        and product.category.lower().startswith(kind.lower())
        and _THE.search(text) is not None
        and product_named(shop(), text) is None
    )


def _another_question_answered(
    dispatcher: CollectingDispatcher, tracker: Tracker, text: str
) -> list[dict[str, Any]] | None:
    """The answer to a yes/no question asked beside a price ("does it fold away small? and how
    much is it?"), about the product the message means; None when there is no such question."""
    for clause in re.split(r"(?<=\?)\s*", text):
        if clause and not asks_price(clause) and is_yes_no(clause) and "?" in clause:
            return answer_about_products(dispatcher, tracker, asked=clause)
    return None


def _items_counted(text: str) -> bool:
    """ "Deux paquets de tagliatelles pis deux sacs d'orecchiette": things listed, each with
    how many, and nothing asked: an order for the search to take."""
    parts = items_said(text)
    return (
        "?" not in text
        and len(parts) > 1
        and all(quantity_in_words(part) is not None for part in parts)
        and says_words_of_titles(shop(), text)
    )


# "And the satin bomber in green, size M.", "et la gourde en verre, 600 ml": one more item.
_AND_THE = re.compile(r"^\W*(?:and|et|also|aussi|plus|puis|pis)\s+(?:the|le|la|les|l')\b", re.I)


def _another_one_chosen(tracker: Tracker, text: str) -> bool:
    """ "Et le blouson satiné en vert, taille M.": one more product, with its colour or size,
    said as a statement; the search adds it."""
    return (
        _AND_THE.match(text) is not None
        and "?" not in text
        and not (asks_about(text) or asks_price(text))
        and (entity(tracker, "color") is not None or entity(tracker, "size") is not None)
    )


# "the Aero 14 or the WorkPro 15?", "le Nova 8 ou le Lite 5 ?": one named, or another
_OR_THE = re.compile(r"\s(?:or|ou|vs|versus)\s+(?=(?:the|le|la|les|l')\s*\w)", re.I)
_OPENS_ON_THE = re.compile(r"^\W*(?:the|le|la|les|l')\s*\w", re.I)
# "I'm hesitating between the Nova 8 and the Lite 5", "j'hésite entre le Nova 8 et le Lite 5"
_BETWEEN_THE = re.compile(
    r"(?<!\w)(?:between|entre)\s+(?:the|le|la|les|l')\s*\w.*\s(?:and|et)\s+(?:the|le|la|les|l')",
    re.I,
)


def _prices_named(
    dispatcher: CollectingDispatcher, tracker: Tracker, text: str
) -> list[dict[str, Any]] | None:
    """ "Les crackers au romarin et les bretzels, c'est quel prix ?": both prices, both in view
    in the order said ("deux du premier" is the crackers), no one chosen yet; None unless the
    question prices two products or more, one by one."""
    priced = _each_priced(tracker, text)
    if not priced:
        return None
    lang = language(tracker)
    dispatcher.utter_message(
        response="utter_prices",
        lines="; ".join(f"{view.title}: {price_text(view, lang)}" for view in priced),
    )
    shown = [view.options[0].sku for view in priced]
    return [SlotSet("last_results", shown), SlotSet(FOCUS, None)]


def _each_priced(tracker: Tracker, text: str) -> list[ProductView]:
    """The products a price question names one by one ("how much are the chamomile and the
    vanilla one", "Elles coûtent combien, celle aux noisettes et la blanche ?"), in the order
    said; empty unless it names two or more, asks no comparison and no difference."""
    if not asks_price(text) or is_comparison(text) or is_which(text) or asks_the_difference(text):
        return []  # "la différence de prix entre les Canvas pis les Retro Court?": one amount
    shown = tracker.get_slot("last_results") or []
    focus = tracker.get_slot(FOCUS)
    prefer = [focus, *shown] if focus else shown
    # the sentence that asks the price: "nah thats the kids ones. on ear in red how much" prices
    # the on-ear pair alone
    asked = next((said for said in _SENTENCES.split(text) if asks_price(said)), text)
    named: list[ProductView] = []
    for part in items_said(asked):
        product = product_named(shop(), part, prefer=prefer) or shown_named(part, shown)
        if (
            product is not None
            and set(tokens(part)) & set(tokens(product.title))  # named by words of its title
            and all(p.group_id != product.group_id for p in named)
        ):
            named.append(product)
    return named if len(named) > 1 else []


_SENTENCES = re.compile(r"(?<=[.!?])\s+")


def _only_names_weighed(text: str) -> bool:
    """The message names products to weigh against each other and asks nothing of them."""
    sides = _OR_THE.split(text)
    return (
        bool((len(sides) > 1 and _OPENS_ON_THE.match(text)) or _BETWEEN_THE.search(text))
        and not any(
            asks_about(side) or asks_price(side) or is_comparison(side) or is_which(side)
            for side in sides
        )
        and product_named(shop(), text) is not None
    )


def _a_question(tracker: Tracker, text: str) -> bool:
    """A question about a product, priced, yes/no, or pointing back at one."""
    return asks_price(text) or asks_about(text) or is_yes_no(text) or points_back(tracker)


def _finds_products(text: str) -> bool:
    """The message's words find products that match them ("how much is it?" finds none)."""
    words = searched_words(requested_part(text))  # what the search itself would look for
    found = search_products(shop(), SearchQuery(text=words, limit=1)) if words else None
    return found is not None and found.exact and bool(found.hits)


def _a_search(tracker: Tracker, text: str, meant: ProductView | None) -> bool:
    """A typed message naming kinds of product, not one product ("the Aero 14"), "it" or "the
    second one": a search, whatever product is in focus."""
    if text.startswith("/") or points_back(tracker) or entity(tracker, "ordinal"):
        return False
    if product_named(shop(), text) is not None:
        return False
    # "My roommate is allergic to nuts. Which snacks have none?": the question is the request
    if any(is_shopping_request(shop(), said) for said in _whole_or_last(text)):
        return True
    return meant is None and searches_surely(shop(), text)


def show_details(
    dispatcher: CollectingDispatcher,
    product: ProductView,
    sku: str | None,
    lang: str,
    asked: str = "",
) -> list[dict[str, Any]]:
    """The product's card: description, price, options and stock, with its Add button. The
    price of the one variant the question `asked` names ("le paquet de 500g c combien"), if
    it names one, else the product's range."""
    named = named_option(product, asked) if asked else None
    sku = named.sku if named is not None else sku or product.options[0].sku
    price = (
        money(named.price_minor, product.currency, lang)
        if named is not None and named.price_minor is not None
        else price_text(product, lang)
    )
    dispatcher.utter_message(
        response="utter_product_details",
        title=product.title,
        brand=product.brand,
        price=price,
        description=product.description,
        options=options_text(product, lang),
        stock=stock_text(product, lang),
        buttons=[add_button(sku, lang)],
    )
    return [focus_on(product)]


def named_option(product: ProductView, text: str) -> Option | None:
    """The variant on sale a message names by its colour and/or size ("la version 1TB", "le
    blanc", "gris 256"), when those leave one price; None when it names none."""
    color = named_colour(text, product.colors, french_names())
    size = named_size(text, product.sizes)
    if color is None and size is None:
        return None
    matching = [
        option
        for option in product.options
        if option.available
        and (color is None or option.color == color)
        and (size is None or option.size == size)
    ]
    prices = {option.price_minor for option in matching}
    return matching[0] if matching and len(prices) == 1 else None


def _the_total(
    dispatcher: CollectingDispatcher, tracker: Tracker, text: str
) -> list[dict[str, Any]] | None:
    """ "What's the damage?", "c'est combien en tout ?" with items in the cart, whatever the
    intent: the cart and its total."""
    if tracker.latest_message.get("intent", {}).get("name") == "view_cart":
        return None
    total = asks_the_total(text)
    # "Smashing. How much is that?" right after an add: what the basket now comes to, when it
    # holds more than that one unit
    bare = not total and _BARE_PRICE.fullmatch(fold(text).strip()) is not None
    if not (total or (bare and added_last_turn(tracker))):
        return None
    units = sum(line.quantity for line in view_cart(shop(), tracker.sender_id).lines)
    if units > 1 or (total and units):
        return hand_over("action_view_cart", dispatcher, tracker, {})
    return None


# A price asked of nothing named: "how much is that?", "ok c'est combien ?"
_BARE_PRICE = re.compile(
    r"(?:[a-z']+\W+){0,2}?(?:how much(?: is| for)?(?: (?:it|that|this|those|them))?|"
    r"what'?s the (?:price|cost)|c'?est combien|ca fait combien|ca coute combien|combien|cb|"
    r"c cb|(?:le )?prix|price)\W*"
)


def add_button(sku: str, lang: str) -> dict[str, str]:
    return {
        "title": say("label_add_to_cart", lang),
        "payload": intent_payload("add_to_cart", sku=sku),
    }


def answer_if_product_question(
    dispatcher: CollectingDispatcher, tracker: Tracker
) -> list[dict[str, Any]] | None:
    """Whatever the intent model said: a yes/no question about a product it names or points
    back at ("got them in black?", "is the Nova 8 Pro in stock?"), a comparison of what is
    shown ("which one is lighter?"), or "and the paprika ones?" after a question."""
    text = tracker.latest_message.get("text") or ""
    if not text or text.startswith("/"):
        return None
    # "how much more is it than the 32-inch one?", "difference in price between 128 and 256 GB"
    difference = answer_price_difference(dispatcher, tracker) or answer_price_compared(
        dispatcher, tracker
    )
    if difference is not None:
        return difference
    shown = tracker.get_slot("last_results") or []
    if asks_for_other_prices(text) and shown_by_its_price(text, shown) is None:
        return None  # "nothing cheaper than that?" refines the search; "the cheaper one" points
    if asks_another_brand(text):
        return None  # "Bit dear. Anything from a different brand?": a search of the others
    if _the_kind_by_price(text):
        return None  # "whats the cheapest phone then": phones by price, no question of one
    if _only_names_weighed(text):
        return None  # "the Aero 14 or the WorkPro 15?": the search shows both
    total = _the_total(dispatcher, tracker, text)
    if total is not None:
        return total
    priced = _prices_named(dispatcher, tracker, text)  # "how much are the chamomile and …"
    if priced is not None:
        return priced
    in_view = in_view_now(tracker)  # the product in focus, else the first one shown
    if in_view is not None and _asks_for_another_kind(in_view, text):
        return None  # "is there a keyboard that could help?" with a monitor in view
    if is_comparison(text) or (is_which(text) and tracker.get_slot("last_results")):
        return answer_about_products(dispatcher, tracker)
    topic = _a_topic_asked(text)
    priced_in_view = topic and in_view is not None  # "prix ?"
    if asks_price(text) and (
        points_back(tracker) or priced_in_view or product_named(shop(), text) is not None
    ):
        product = product_meant(tracker, question=True)
        if product is not None:
            # "does the Tech Running Hoodie have thumbholes? and what's it cost?": both answered
            answered = _another_question_answered(dispatcher, tracker, text) or []
            return [
                *answered,
                *show_details(dispatcher, product, None, language(tracker), asked=text),
            ]
    shown = _shown_meant(tracker, text) if asks_price(text) else None
    if shown is not None:  # "le lot de 5 paires, combien ?" after socks: the 5-pack's price
        return show_details(dispatcher, shown, None, language(tracker), asked=text)
    priced_before = (earlier := previous_message(tracker)) is not None and asks_price(earlier)
    if (
        (asks_price(text) or (priced_before and _ELLIPSIS.match(text)))
        and in_view is not None
        and not orders(text)
        and named_option(in_view, text) is not None
    ):
        # "et en vert ?" after "cb en rose": the green one's price
        # "le blanc prix", "gris 256 prix": the price of that version of the one in view,
        # asked, not bought
        return show_details(dispatcher, in_view, None, language(tracker), asked=text)
    if (
        asks_price(text)
        and in_view is not None
        and not says_words_of_titles(shop(), text)
        and kind_asked(shop(), text) is None
    ):
        # "The price is how much?", "and the price?": of the one in view, naming nothing else
        return show_details(dispatcher, in_view, None, language(tracker), asked=text)
    if asks_price(text) and in_view is not None and _its_kind_with_the(in_view, text):
        # "Y coûte combien, le jean ?" with the selvedge jeans in view: theirs
        return show_details(dispatcher, in_view, None, language(tracker), asked=text)
    if is_yes_no(text) and (
        points_back(tracker)
        or (not asks_for_products(text) and _names_another(text, in_view))
        or (in_view is not None and _asks_for_a_variant_of_the_one(tracker, text))
        # "vous avez le jean mom en gris taille S ?", "Vous avez des Minimal Leather Sneakers
        # en noir, pointure 39 ?": a product named by its title, in a version
        or (in_view is None and _asks_for_a_version_of_one_named(tracker, text))
    ):
        return answer_about_products(dispatcher, tracker)
    if asks_about(text) and points_back(tracker):  # "how many litres is it btw"
        return answer_about_products(dispatcher, tracker)
    asked = (asks_about(text) or topic) and not is_which(text)
    yes_no = is_yes_no(text) or topic
    about_in_view = (
        in_view is not None and (asked or yes_no) and _about_the_one_in_view(in_view, text)
    )
    if asked and (_about_one_product(tracker, text) or about_in_view):
        # "whats the max volume", "where is the matcha from", "poids ?", "charge rapide ?":
        # answered when the catalog knows
        answered = answer_about_products(dispatcher, tracker, known_only=True)
        if answered is not None:
            return answered
    if yes_no and about_in_view:
        # "y a un embout acier ?", "clavier rétroéclairé ?", "lavable en machine ?": about the
        # product in focus, or the first shown, whose answer names it; "unknown" is an answer
        return answer_about_products(dispatcher, tracker)
    previous = previous_question(tracker)
    if (
        previous is not None
        and not asks_for_products(previous)  # "vous avez riz ?" then "et spaghetti ?": a search
        and _ELLIPSIS.match(text)
        and ("?" in text or not _chooses_a_version(tracker, text))
        and product_named(shop(), text) is not None
    ):
        return answer_about_products(dispatcher, tracker, asked=previous)
    return None


# The words asking a price, to leave the words naming what is priced.
_PRICE_ASKED = re.compile(
    r"(?<!\w)(?:how much|what'?s the price|price|prices|prix|combien|cb|co[uû]te(?:nt)?|"
    r"c'?est|ca fait|ça fait|is|are|it|they)(?!\w)",
    re.IGNORECASE,
)


def _shown_meant(tracker: Tracker, text: str) -> ProductView | None:
    """The product shown that a price question names in its own words."""
    words = " ".join(_PRICE_ASKED.sub(" ", text).split())
    return shown_named(words, tracker.get_slot("last_results") or [])


def asks_for_products(text: str) -> bool:
    """ "Do you have chamomile?", "vous avez des chips ?": asking for products, answered by a
    search (which says so when the shop has none). In a longer message, its last sentence asks:
    "I have just started cycling to work. Do you sell bicycle helmets?"."""
    return any(_ASKS_FOR_ONE.match(_question_proper(said)) for said in _whole_or_last(text))


def _whole_or_last(text: str) -> set[str]:
    """The message, and its last sentence: where a question to the shop may open."""
    return {text, re.split(r"(?<=[.!])\s+", text.strip())[-1]}


# "Oh and do u sell umbrellas?", "also, got any scarves?": a greeting or an aside before the
# question proper.
_ASIDE = re.compile(
    r"^\W*(?:(?:oh|ah|ok|okay|right|and|also|et|aussi|alors|bon|sinon)\b\W*)*", re.IGNORECASE
)


def _question_proper(text: str) -> str:
    return _ASIDE.sub("", _GREETING.sub("", text))


# Hello in either language; action_greet's bare greeting adds "yo" and "re" to these.
GREETING_WORDS = (
    r"hi|hello|hey|hiya|good (?:morning|afternoon|evening)|bonjour|bonsoir|salut|coucou"
)
_GREETING = re.compile(rf"^\W*(?:{GREETING_WORDS})\b\W*", re.IGNORECASE)


# Any of the shop's products: "is any tea on sale?", "are there any vegan ones?".
_ANY = r"(?:is|are) (?:there )?(?:any|anything)|anything|any"
# The shop asked whether it has something: "do you sell…", "vous avez…", "tu vends…",
# "y'as-tu…" (Québec), "is there any…".
_SHOP_ASKED = (
    # "You have in green?": asked without its "do", as learners and texters do
    r"(?:do|would) (?:you|u|youse|ya|ye) (?:guys )?(?:have|sell|carry|stock|do)|"
    r"(?:you|u) (?:have|sell)|have (?:you|u) got|"
    # "Vous en vendez-tu ?" (Québec), "en avez-vous ?": the kind just said
    r"(?:est-ce que )?vous (?:en )?(?:avez|vendez|auriez|faites)|(?:en )?avez-vous|"
    r"(?:en )?vendez-vous|(?:en )?auriez-vous|tu as|t'as|"
    r"vendez-vous|tu vends|y'as-tu|y'a-tu|t'as-tu|(?:is|are) (?:there )?any"
)
_ASKS_FOR_ONE = re.compile(
    # "savez-vous me dire si vous avez…", "can you tell me if you have…": the same, asked politely
    r"^\s*(?:(?:savez-vous|pouvez-vous|peux-tu|sais-tu)\s+(?:me\s+)?dire\s+si\s+)?"
    rf"(?:{_SHOP_ASKED}|got any|{_ANY}|ta|y a-t-il|il y a|y a|ya|y'a|as-tu|"
    r"(?:can|could) (?:you|u) (?:please )?tell me (?:if|whether) (?:you|u) (?:have|sell|stock))\b",
    re.IGNORECASE,
)
# "And the paprika ones?", "et celles au paprika ?": the last question, about another product.
_ELLIPSIS = re.compile(r"^\s*(?:and|what about|how about|et)\b", re.IGNORECASE)


def _names_another(text: str, in_view: ProductView | None) -> bool:
    """The question names a product, and not only by words that say what one is like:
    "waterproof?" with phones in view is about them, not the Waterproof Hiking Boots."""
    named = product_named(shop(), text)
    if named is None:
        return False
    if in_view is None or named.group_id == in_view.group_id:
        return True
    return named_beyond_properties(text)


def _chooses_a_version(tracker: Tracker, text: str) -> bool:
    """ "and instant coffee 200g": a size, colour or amount said with no question mark makes
    it an order, not the question before asked again about another product."""
    if entity(tracker, "quantity") is not None or says_an_amount(text):
        return True
    product = product_named(shop(), text)
    return product is not None and named_option(product, text) is not None


# "Do you have the backpack in pink?", "vous avez le café Colombie en 500 g ?": the product
# known, by its definite article, in another variant.
_ASKS_FOR_THE = re.compile(
    rf"^\W*(?:{GREETING_WORDS})?\W*(?:{_SHOP_ASKED}|ya|y a|y'a|il y a|y en a)\s+"
    # "do you have the backpack in red", "ya en blanc ?" (texted "il y a"): of the one in view
    r"(?:(?:the|le|la|les|l')(?:\s|(?<=')\w)|(?:en|in)\s)",
    re.IGNORECASE,
)


def _asks_for_a_version_of_one_named(tracker: Tracker, text: str) -> bool:
    """The shop asked whether it has a product named by its title, or by "the" and its name,
    in a colour or size."""
    named = product_named(shop(), text)
    if named is None or not _names_another(text, None):
        return False
    if _asks_for_a_variant_of_the_one(tracker, text):
        return True
    said = entity(tracker, "color") is not None or entity(tracker, "size") is not None
    return said and asks_for_products(text) and most_of_its_title_said(named, text)


def _asks_for_a_variant_of_the_one(tracker: Tracker, text: str) -> bool:
    """The shop asked whether it has the product in view ("the backpack") in a colour or size."""
    said = entity(tracker, "color") is not None or entity(tracker, "size") is not None
    # "She is size S. You have in green?": asked in the last sentence
    return said and any(_ASKS_FOR_THE.match(asked) for asked in _whole_or_last(text))


def _a_topic_asked(text: str) -> bool:
    """A few words and a question mark: "poids ?", "charge rapide?", "battery life?"."""
    return text.strip().endswith("?") and len(text.split()) <= 3


def _about_one_product(tracker: Tracker, text: str) -> bool:
    """A question naming a product, or none while one is in focus: not a search for a kind
    ("what's your cheapest phone?")."""
    if product_named(shop(), text) is not None:
        return True
    return tracker.get_slot(FOCUS) is not None and not is_shopping_request(shop(), text)


def _about_the_one_in_view(product: ProductView, text: str) -> bool:
    """A question that names no product and points nowhere, about the product in view: it
    asks what is inside, or about something the product's words speak of ("y a un embout
    acier ?" of work boots), or it names no kind of product the shop sells, or it is a topic
    in a few words ("recharge sans fil ?"). Not a new item ("un tel à moins de 150 ?") nor
    the shop asked ("vous avez des chips ?", "do you sell bikes?")."""
    if asks_for_other_prices(text):
        return False
    if INSIDE.search(text):
        return True  # "Y'a-tu des haut-parleurs dedans ?": in the one in view, not the shop
    if _ASKS_THE_SHOP.match(text):
        return False
    if _TO_YOU.search(text):
        return False  # "are you a bot?", "tu es qui ?": asked of the assistant
    last = last_sentence(text)
    if introduces_an_item(text) or introduces_an_item(last):
        return False  # "Tant pis. Et des chaussettes chaudes en laine ?": another item
    named = product_named(shop(), text)
    if named is not None and named.group_id != product.group_id:
        return False
    return speaks_of(text, product) or _a_topic_asked(text) or not is_shopping_request(shop(), text)


def _the_kind_by_price(text: str) -> bool:
    """ "Whats the cheapest phone then", "le casque le plus cher": a kind ordered by price, not
    a question about the one in view ("which is cheapest?" compares those shown)."""
    return price_order(text) is not None and not is_which(text) and bool(kind_asked(shop(), text))


def _asks_for_another_kind(product: ProductView, text: str) -> bool:
    """ "Is there a keyboard that could help?", "y a-t-il des chaussettes ?": a question opening
    on a kind of product other than the one in view (`product`) asks for products of it."""
    question = text.rsplit(".", 1)[-1]
    asking = _THE_ASKING.match(question)
    if asking is None:
        return an_unsold_thing_named_alone(product, question)
    asked = question[asking.end() :]
    kind = kind_asked(shop(), asked)
    if kind is None:
        return asks_the_shop_for_an_unsold_kind(question)
    return not product.category.startswith(kind)


# "Et une frontale, t'as ça ?", "And shorts for running?": a thing said with its article, asked
_A_THING_ASKED = re.compile(
    r"^\W*(?:(?:and|et|pis|puis|also|aussi|ok|okay|so|alors|ah|oh)\W+)*"
    r"(?:an?|some|une?|des|du|de la|d'|the)\s*(?P<thing>[^?,.!]+)",
    re.IGNORECASE,
)


def an_unsold_thing_named_alone(product: ProductView | None, question: str) -> bool:
    """A question naming a thing with its article and nothing else ("Et une frontale, t'as
    ça ?", "And a proper umbrella in case it rains?") of a kind the shop sells none of and the
    product in view (`product`, if any) does not speak of: the shop is asked for it."""
    found = _A_THING_ASKED.match(question)
    if found is None or "?" not in question:
        return False
    # the thing's own words, not what it is for ("an umbrella in case it rains")
    thing = _WHAT_IT_IS_FOR.split(found["thing"], maxsplit=1)[0]
    spoken_of = product is not None and speaks_of(thing, product)
    return asks_for_an_unsold_kind(shop(), thing) and not spoken_of


_WHAT_IT_IS_FOR = re.compile(
    r"\s+(?:in|for|to|with|that|which|so|if|pour|qui|avec|de|du|des|d'|si|quand|when)(?![\w'])",
    re.IGNORECASE,
)


def asks_the_shop_for_an_unsold_kind(text: str) -> bool:
    """ "Vous avez des serviettes de plage ?" in a shop selling no towels: the shop is asked,
    whatever is in view ("y a du poivre dedans ?" asks about the pesto in view)."""
    question = _question_proper(text)
    if INSIDE.search(question):
        return False  # "any nuts in those?": asked of the product in view
    asked = _SHOP_OR_ANY.match(question)  # "do you sell …", "any beanies?", "got any …"
    return asked is not None and asks_for_an_unsold_kind(shop(), question[asked.end() :])


# "Is there", "any": the words asking, before the kind asked for ("is there a keyboard…").
_THE_ASKING = re.compile(
    r"^\W*(?:(?:oh|and|et|ah)\W+)*(?:(?:is|are) there|do (?:you|u) have|have (?:you|u) got|"
    r"got|any|y a-t-il|y a|il y a|est-ce qu'il y a|(?:est-ce que )?vous (?:avez|vendez)|"
    r"avez-vous|auriez-vous|vendez-vous|y'as-tu|t'as)\b",
    re.IGNORECASE,
)
# "Is any tea on sale?", "any vegan ones?": any of the shop's products, not the one in view.
_ANY_OF_THEM = re.compile(rf"^\W*(?:{_ANY})\b", re.IGNORECASE)
_SHOP_OR_ANY = re.compile(rf"^\W*(?:{_SHOP_ASKED}|got any|got an?|{_ANY})\b", re.IGNORECASE)
# "Vous avez des chips ?", "do you sell bikes?": the shop asked, not the product in view.
_ASKS_THE_SHOP = re.compile(rf"^\W*(?:{_SHOP_ASKED})\b", re.IGNORECASE)
_TO_YOU = re.compile(
    r"(?<!\w)(?:you|u|ya|vous|t'es|es-tu|êtes-vous|etes-vous)(?!\w)"
    # "tu", not Québec's question particle after a verb ("est-tu", "sont-tu", "l'avez-tu")
    r"|(?<!\w)(?<![a-rt-wyz]-)tu(?!\w)",
    re.IGNORECASE,
)


def previous_question(tracker: Tracker) -> str | None:
    """The shopper's message before the latest one, if it was a yes/no question."""
    earlier = previous_message(tracker)
    return earlier if earlier and is_yes_no(earlier) else None


def answer_about_products(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    asked: str | None = None,
    known_only: bool = False,
) -> list[dict[str, Any]] | None:
    """Answer the latest message (or the question `asked`, about the product the latest message
    names) if the catalog's data settles it, or cannot ("the merchant doesn't say"); None when
    it is not such a question, or (`known_only`) when the catalog does not say."""
    lang = language(tracker)
    text = asked or tracker.latest_message.get("text") or ""
    if is_comparison(text) or is_which(text):
        shown = _products_compared(tracker, text) or _of_the_kind_asked(
            text, products_for_skus(shop(), tracker.get_slot("last_results") or [])
        )
        compared = (
            (compare_products(text, shown, lang) or which_say(text, shown)) if shown else None
        )
        if compared is not None:
            return _say(dispatcher, compared, lang)
    product = product_meant(tracker, question=True)
    if product is None:
        return None
    answer = answer_question(
        text,
        product,
        lang,
        color=entity(tracker, "color"),
        size=entity(tracker, "size"),
        names=french_names(),
    )
    if answer is not None and _unknown(answer) and asked is None:
        answer = _said_of_another_at_hand(tracker, text, product, lang) or answer
    if answer is None or (known_only and _unknown(answer)):
        return None
    return _say(dispatcher, answer, lang)


def _unknown(answer: Answer) -> bool:
    return answer.label.startswith("label_answer_unknown")


CANDIDATES_AT_HAND = 8  # products in the cart and on screen a question may be about, at most


def _said_of_another_at_hand(
    tracker: Tracker, text: str, product: ProductView, lang: str
) -> Answer | None:
    """ "battery on the buds?" with a water bottle in focus, "anti glare?" with the monitor and
    its cable in the cart: a question naming no product, which the product in focus cannot
    answer, is about the one product in the cart or on screen whose data does."""
    if entity(tracker, "sku") or product_named(shop(), text) is not None:
        return None  # a button's product, or one the message names, is the one asked about
    held = [line.sku for line in view_cart(shop(), tracker.sender_id).lines]
    shown = tracker.get_slot("last_results") or []
    others: dict[str, ProductView] = {}
    for candidate in products_for_skus(shop(), [*held, *shown]):
        if candidate.group_id != product.group_id:
            others.setdefault(candidate.group_id, candidate)
    answers = [
        answer
        for other in list(others.values())[:CANDIDATES_AT_HAND]
        if (answer := answer_question(text, other, lang, names=french_names())) is not None
        and not _unknown(answer)
    ]
    return answers[0] if len(answers) == 1 else None


def _of_the_kind_asked(text: str, shown: list[ProductView]) -> list[ProductView]:
    """The products a question about "which one" means: those shown; with none shown
    ("which phone has the biggest battery?" first), the shop's products of the kind named."""
    kind = kind_asked(shop(), text)
    if kind is None or shown:
        # "which has the bigger screen" of laptops shown: their screens, no monitor
        return shown
    found = search_products(shop(), SearchQuery(category=kind, limit=KIND_COMPARED))
    return products_for_skus(shop(), [hit.variants[0].sku for hit in found.hits])


KIND_COMPARED = 30  # products of a kind a comparison reads, at most

# "The aero 14 or the student laptop", "celui-là ou le casque studio", "le 85 ou le 70",
# "between the Lite 5 and the Rugged phone".
_ALTERNATIVES = re.compile(r"\s(?:or|ou|vs\.?|versus|than|que|and|et)\s", re.IGNORECASE)
_THIS_ONE = re.compile(r"(?<!\w)(?:celui|celle|this|that|it|lui|elle)(?!\w)", re.IGNORECASE)


def _products_compared(tracker: Tracker, text: str) -> list[ProductView]:
    """The products a comparison names one by one, when it names two or more ("which is
    lighter, the Aero 14 or the student laptop?"); "that one" is the product in view."""
    parts = _ALTERNATIVES.split(text)
    if len(parts) < 2:
        return []
    shown = tracker.get_slot("last_results") or []
    found: dict[str, ProductView] = {}
    for part in parts:
        product = product_named(shop(), part, prefer=shown)
        if product is None and _THIS_ONE.search(part):
            product = in_view_now(tracker)
        if product is not None:
            found.setdefault(product.group_id, product)
    return list(found.values()) if len(found) >= 2 else []


def answered_beside(
    dispatcher: CollectingDispatcher, tracker: Tracker, added: list[ProductView]
) -> list[dict[str, Any]]:
    """The answer to a question asked beside an add ("add the grey hoodie in M. is it warm
    enough for winter?"), about the product it names, else the last one added; nothing when
    none is asked. A price asked is the add's own reply (the cart's total)."""
    text = tracker.latest_message.get("text") or ""
    asked = question_beside(text) if added and not text.startswith("/") else None
    if asked is None or asks_price(asked):
        return []
    named = product_named(shop(), asked)
    product = next((p for p in added if named and p.group_id == named.group_id), added[-1])
    lang = language(tracker)
    answer = answer_question(asked, product, lang, names=french_names())
    if answer is None or ("?" not in asked and answer.verdict == "unknown"):
        return []  # "add 2 mugs, is that ok": no question about the mugs
    return _say(dispatcher, answer, lang, offer=False)


def _say(
    dispatcher: CollectingDispatcher, answer: Answer, lang: str, offer: bool = True
) -> list[dict[str, Any]]:
    """The answer; `offer`: with an Add button for the product (not right after adding it)."""
    product = answer.product
    sku = answer.sku or next(
        (o.sku for o in product.options if o.available), product.options[0].sku
    )
    reply = say(answer.label, lang, **answer.values)
    # No Add button under "we don't have it in blue": it would add another colour.
    refused = answer.label.startswith("label_answer_variant") and answer.verdict == "no"
    buttons = [] if refused or not product.available or not offer else [add_button(sku, lang)]
    dispatcher.utter_message(text=reply, buttons=buttons)
    return [focus_on(product), SlotSet(VERDICT_SLOT, answer.verdict)]
