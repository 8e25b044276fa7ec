"""How a turn of a blind conversation is judged (bench/blind/search/README.md lists the keys).

Pure functions over what came back: the REST channel's reply messages, the cart after the turn
and the catalog. `bench/conversations.py` plays the conversations and calls them; the unit tests
feed them hand-made replies.

What counts, for each expectation kind:

- cards shown: the SKUs named by the `/add_to_cart{"sku": …}` and `/product_details{"sku": …}`
  buttons of the replies, in order (a search result element arrives over REST as one message
  with both buttons; a details reply carries one "Add to cart" button, so it shows its product),
  mapped to their product group. The size/colour question's options are not cards. A card's price
  is the lowest amount its message writes (what the shopper reads), else its SKU's price.
- `all_in` and `max_price_minor` need at least one card; `shows_none` holds when nothing is shown.
- `no_match`: a reply holds a marker of `NO_MATCH`, the words utter_no_results opens with. A future
  "nothing matches exactly; closest: …" reply counts when it keeps one of them.
- `asks`: a reply opens like the domain's utter_ask_size (or utter_ask_version, the size question
  when the sizes are measures) / utter_ask_color / utter_which_product.
- `answer_yes_no`: "yes" / "no" = a reply opens with label_yes / label_no ("Yes", "Oui" / "No",
  "Non") followed by punctuation or its end ("No problem." is not an answer); "no" also = the
  replies refusing a variant (utter_variant_unavailable, utter_out_of_stock); "unknown" = a marker
  of `UNKNOWN` ("the merchant doesn't say"). Exactly the expected answer must be found.
- `answer_mentions`: case-insensitive over every reply text; "." and "," are the same decimal
  separator; a word or number must stand alone ("ice" is not in "price", "8" not in "18"), a
  number may be followed by decimals ("129" is in "129,00 €").
- `checkout_link`: a reply's text or button links to the Stripe sandbox's payment page.
- `language` (every turn): each reply message whose language the project's detector can tell,
  once the catalog's own texts (titles, brands, descriptions) are taken out, is in the
  conversation's language; a turn with no reply at all fails it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from assistant.nlu.language_guess import LanguageGuesser, build_detector
from assistant.wording import catalogue

Reply = dict[str, Any]
Expect = Mapping[str, Any]

# The words the no-results reply opens with ("Sorry, I found nothing for …", "Désolé, je n'ai
# rien trouvé pour …"), and the ones a "nothing matches exactly; closest: …" reply would use.
NO_MATCH = {"en": ("found nothing", "nothing matches"), "fr": ("rien trouvé", "rien ne correspond")}
# "The merchant doesn't say": the words of label_answer_unknown (and _all)
UNKNOWN = {
    "en": ("doesn't say", "does not say", "not specified"),
    "fr": ("ne précise pas", "n'indique pas", "pas précisé"),
}
# Responses that refuse the variant asked for: a "no" to "do you have it in black?".
REFUSALS = ("utter_variant_unavailable", "utter_out_of_stock")
# The question asked for each kind of choice; "which version?" asks for the feed's size when
# it is a measure ("200 g", "512GB"), which a size question is for the set's authors.
QUESTIONS = {
    "size": ("utter_ask_size", "utter_ask_version"),
    "color": ("utter_ask_color",),
    "option": ("utter_ask_option",),
}
WHICH_PRODUCT = "utter_which_product"
_PAYLOAD = re.compile(r"^/(add_to_cart|product_details)(\{.*\})$", re.S)
_AMOUNT = re.compile(r"(?<![\d.,])\d{1,3}(?:[,\u202f\u00a0]\d{3})*[.,]\d{2}(?!\d)")


def opening(text: str) -> str:
    """A response's fixed opening: up to its first placeholder, or its first sentence."""
    head = text.split("{", 1)[0]
    sentence = re.match(r"[^?.!]*[?.!]", head)
    return (sentence.group() if sentence else head).strip()


def _fragment(text: str) -> str:
    """The longest fixed piece of a response between its placeholders."""
    return max((piece.strip(" .:") for piece in re.split(r"\{\w+\}", text)), key=len)


@dataclass(frozen=True)
class Markers:
    """Per language, what marks each kind of reply; read from domain.yml's responses."""

    no_match: tuple[str, ...]
    asks: dict[str, tuple[str, ...]]
    yes_words: tuple[str, ...]
    no_words: tuple[str, ...]
    refusals: tuple[str, ...]
    unknown: tuple[str, ...]

    @classmethod
    def from_domain(cls, responses: Mapping[str, Mapping[str, str]] | None = None) -> Markers:
        texts = responses if responses is not None else catalogue()

        def every(name: str, shape: Callable[[str], str]) -> tuple[str, ...]:
            return tuple(shape(text) for text in texts[name].values())

        asks = {
            kind: tuple(marker for name in names for marker in every(name, opening))
            for kind, names in QUESTIONS.items()
        }
        asks["which_product"] = every(WHICH_PRODUCT, opening)
        return cls(
            no_match=tuple(marker for markers in NO_MATCH.values() for marker in markers),
            asks=asks,
            yes_words=every("label_yes", str.strip),
            no_words=every("label_no", str.strip),
            refusals=tuple(piece for name in REFUSALS for piece in every(name, _fragment)),
            unknown=tuple(marker for markers in UNKNOWN.values() for marker in markers),
        )


@dataclass(frozen=True)
class CatalogIndex:
    """What the judge needs of the catalog: SKU -> group and price, and its own texts."""

    groups: Mapping[str, str]  # sku -> item_group_id
    prices: Mapping[str, int]  # sku -> price now (sale price when set), minor units
    texts: tuple[str, ...] = ()  # titles, brands, descriptions: not the assistant's words


@dataclass(frozen=True)
class Card:
    sku: str
    group: str
    price_minor: int


@dataclass(frozen=True)
class Observed:
    """One turn as it came back."""

    texts: tuple[str, ...]  # each reply message's text
    own_words: tuple[str, ...]  # the same with the catalog's texts taken out
    links: tuple[str, ...]  # button URLs
    cards: tuple[Card, ...]
    cart_skus: Mapping[str, int]
    cart_groups: Mapping[str, int]

    def summary(self) -> str:
        said = " | ".join(" ".join(text.split()) for text in self.texts) or "(no reply)"
        return (
            f"said: {said[:400]}\n    cards: {[card.group for card in self.cards]}; "
            f"cart: {dict(self.cart_groups)} {dict(self.cart_skus)}"
        )


@dataclass(frozen=True)
class Verdict:
    kind: str
    held: bool
    expected: str
    got: str


def normalised(text: str) -> str:
    """Lower case, "," as ".", one kind of space, minus and apostrophe, "75 %" as "75%", an
    amount's thousands run together ("€1,099.00" and "1 349,00 €" as "1099.00", "1349.00")."""
    text = text.lower().replace(",", ".").replace("\u2212", "-").replace("\u2019", "'")
    text = re.sub(r"[\u00a0\u202f\u2009]", " ", text)
    text = _GROUPED.sub(lambda found: re.sub(r"[ .]", "", found.group()), text)
    return re.sub(r"(\d) %", r"\1%", text)


# Thousands groups of an amount with cents: "1.099" of "1.099.00", "1 349" of "1 349.00".
_GROUPED = re.compile(r"(?<![\d.])\d{1,3}(?:[ .]\d{3})+(?=\.\d{2}(?!\d))")


def mentions(text: str, wanted: str) -> bool:
    """`wanted` stands in `text` as a word or number of its own (see the module's doc)."""
    needle = re.escape(normalised(wanted))
    if re.search(r"\d", wanted):
        pattern = rf"(?<![\w.]){needle}(?!\d)"
    else:
        pattern = rf"(?<!\w){needle}(?!\w)"
    return re.search(pattern, normalised(text)) is not None


def _amounts(text: str) -> list[int]:
    return [int(re.sub(r"\D", "", found)) for found in _AMOUNT.findall(text)]


def _payload_sku(payload: str) -> str | None:
    match = _PAYLOAD.match(payload or "")
    if match is None:
        return None
    try:
        sku = json.loads(match.group(2)).get("sku")
    except (json.JSONDecodeError, AttributeError):
        return None
    return str(sku) if sku else None


def language_detector() -> Callable[[str], str | None]:
    """The project's own detector (the Rasa component's): a text's language, or None."""
    guesser = LanguageGuesser(build_detector())

    def detect(text: str) -> str | None:
        guess = guesser.guess(text)
        return guess.code if guess else None

    return detect


@dataclass(frozen=True)
class Judge:
    markers: Markers
    catalog: CatalogIndex
    detect: Callable[[str], str | None]  # a text's language, None when it cannot tell
    payment_url: str  # the start of every payment page's URL

    def observe(self, replies: Iterable[Reply], cart_lines: Iterable[tuple[str, int]]) -> Observed:
        messages = list(replies)
        cards: list[Card] = []
        for message in messages:
            text = message.get("text") or ""
            if self._opens_with(text, [m for kind in QUESTIONS for m in self.markers.asks[kind]]):
                continue  # the size/colour question's options are variants, not cards
            for button in message.get("buttons") or []:
                sku = _payload_sku(button.get("payload", ""))
                if sku is None or any(card.sku == sku for card in cards):
                    continue
                written = _amounts(text)
                price = min(written) if written else self.catalog.prices.get(sku, 0)
                cards.append(Card(sku, self.catalog.groups.get(sku, f"?{sku}"), price))
        skus: dict[str, int] = {}
        groups: dict[str, int] = {}
        for sku, quantity in cart_lines:
            skus[sku] = skus.get(sku, 0) + quantity
            group = self.catalog.groups.get(sku, f"?{sku}")
            groups[group] = groups.get(group, 0) + quantity
        texts = tuple(message.get("text") or "" for message in messages)
        return Observed(
            texts=texts,
            own_words=tuple(self._without_catalog(text) for text in texts),
            links=tuple(
                str(button.get("url"))
                for message in messages
                for button in message.get("buttons") or []
                if button.get("url")
            ),
            cards=tuple(cards),
            cart_skus=skus,
            cart_groups=groups,
        )

    def _without_catalog(self, text: str) -> str:
        for known in self.catalog.texts:
            if known and known in text:
                text = text.replace(known, " ")
        return text

    @staticmethod
    def _opens_with(text: str, openings: Iterable[str]) -> bool:
        start = normalised(text).lstrip()
        return any(start.startswith(normalised(marker)) for marker in openings if marker)

    def verdicts(self, expect: Expect, seen: Observed, language: str) -> list[Verdict]:
        """One verdict per expectation of the turn, then the reply's language."""
        found = [self._one(kind, wanted, seen) for kind, wanted in expect.items()]
        return [*found, self._language(seen, language)]

    def _one(self, kind: str, wanted: Any, seen: Observed) -> Verdict:
        groups = [card.group for card in seen.cards]
        shown = ", ".join(groups) or "no card"
        if kind == "first_any":
            return Verdict(kind, bool(groups) and groups[0] in wanted, f"first in {wanted}", shown)
        if kind == "shows_any":
            return Verdict(kind, bool(set(groups) & set(wanted)), f"any of {wanted}", shown)
        if kind == "shows_none":
            return Verdict(kind, not set(groups) & set(wanted), f"none of {wanted}", shown)
        if kind == "all_in":
            held = bool(groups) and set(groups) <= set(wanted)
            return Verdict(kind, held, f"only {wanted}", shown)
        if kind == "max_price_minor":
            prices = [card.price_minor for card in seen.cards]
            held = bool(prices) and max(prices) <= int(wanted)
            return Verdict(kind, held, f"every card <= {wanted}", f"prices {prices or 'none'}")
        if kind == "cart":
            return Verdict(kind, dict(seen.cart_groups) == dict(wanted), str(wanted), _cart(seen))
        if kind == "cart_variant":
            held = all(seen.cart_skus.get(sku) == quantity for sku, quantity in wanted.items())
            return Verdict(kind, held, str(wanted), str(dict(seen.cart_skus)))
        if kind == "no_match":
            held = self._said_any(seen, self.markers.no_match) == bool(wanted)
            said = "the no-match reply" if wanted else "no no-match reply"
            return Verdict(kind, held, said, _first_text(seen))
        if kind == "asks":
            held = any(self._opens_with(text, self.markers.asks[wanted]) for text in seen.texts)
            return Verdict(kind, held, f"asks {wanted}", _first_text(seen))
        if kind == "answer_yes_no":
            answers = self.answers(seen)
            got = "/".join(sorted(answers)) or "no yes/no answer"
            return Verdict(kind, answers == {wanted}, str(wanted), got)
        if kind == "answer_mentions":
            text = "\n".join(seen.texts)
            missing = [item for item in wanted if not mentions(text, str(item))]
            return Verdict(kind, not missing, f"mentions {wanted}", f"missing {missing}")
        if kind == "checkout_link":
            linked = any(self.payment_url in item for item in (*seen.texts, *seen.links))
            return Verdict(kind, linked == bool(wanted), "payment link", _first_text(seen))
        raise ValueError(f"unknown expectation {kind!r} (bench/blind/search/README.md)")

    def answers(self, seen: Observed) -> set[str]:
        """The yes/no/unknown answers the replies give."""

        def opens_with_word(words: tuple[str, ...]) -> bool:
            return any(
                re.match(rf"\s*{re.escape(word)}\s*([,.!;:—–]|$)", text, re.I)
                for text in seen.texts
                for word in words
            )

        found = set()
        if opens_with_word(self.markers.yes_words):
            found.add("yes")
        if opens_with_word(self.markers.no_words) or self._said_any(seen, self.markers.refusals):
            found.add("no")
        if self._said_any(seen, self.markers.unknown):
            found.add("unknown")
        return found

    @staticmethod
    def _said_any(seen: Observed, markers: Iterable[str]) -> bool:
        text = normalised("\n".join(seen.texts))
        return any(normalised(marker) in text for marker in markers)

    def _language(self, seen: Observed, language: str) -> Verdict:
        if not seen.texts:
            return Verdict("language", False, language, "no reply")
        told = [self.detect(text) for text in seen.own_words if text.strip()]
        other = sorted({code for code in told if code and code != language})
        return Verdict("language", not other, language, "/".join(other) or language)


def _cart(seen: Observed) -> str:
    return str(dict(seen.cart_groups)) if seen.cart_groups else "empty cart"


def _first_text(seen: Observed) -> str:
    return " ".join((seen.texts[0] if seen.texts else "(no reply)").split())[:160]
