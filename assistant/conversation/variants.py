"""Pick the variant a shopper means, or say which option (size, colour) is still missing."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from assistant.services.views import Option
from catalog.colours import colour_family, same_family
from catalog.text import fold


@dataclass(frozen=True)
class VariantChoice:
    """Exactly one of: `sku` (chosen), `ask` + `choices` (a question), or neither (none left)."""

    sku: str | None = None
    ask: str | None = None  # "size" or "color"
    choices: tuple[Option, ...] = ()


def _same(a: str, b: str) -> bool:
    return fold(a).strip() == fold(b).strip()


def _says(text: str, value: str) -> bool:
    """ "with 1TB" says "1 TB": whole words, spaces inside the value optional."""
    words = [re.escape(word) for word in fold(value).split()]
    if not words:
        return False
    pattern = r"(?<![\w.,])" + r"\s*".join(words) + r"(?![\w])"
    return re.search(pattern, fold(text)) is not None


def choose_variant(
    options: list[Option], color: str | None, size: str | None, said: str = ""
) -> VariantChoice:
    """Narrow by what the shopper said (colour, size, and a variant's own attribute named in
    `said`: "the one with 1TB"); ask for the first option that still differs."""
    candidates = [option for option in options if option.available]
    if color:
        # The colour as named, else its shades ("blue" picks the navy one).
        candidates = [option for option in candidates if _same(option.color, color)] or [
            option for option in candidates if same_family(color, option.color)
        ]
    if size:
        candidates = [option for option in candidates if _same(option.size, size)]
    if said and len(candidates) > 1:
        named = [
            option
            for option in candidates
            if any(_says(said, value) for _, value in option.attributes)
        ]
        candidates = named or candidates
    if not candidates:
        return VariantChoice()
    if len(candidates) == 1:
        return VariantChoice(sku=candidates[0].sku)
    # Colour first: a shopper picks the look before the fit.
    for dimension in ("color", "size"):
        values = {fold(getattr(option, dimension)) for option in candidates}
        if len(values) > 1:
            seen: set[str] = set()
            choices = []
            for option in candidates:
                key = fold(getattr(option, dimension))
                if key not in seen:
                    seen.add(key)
                    choices.append(option)
            measures = dimension == "size" and all(_MEASURE.match(value) for value in values)
            return VariantChoice(ask="version" if measures else dimension, choices=tuple(choices))
    if len({option.attributes for option in candidates}) > 1:
        return VariantChoice(ask="option", choices=tuple(candidates))  # "512 GB or 1 TB?"
    return VariantChoice(sku=candidates[0].sku)  # identical options: any of them will do


# A feed's `size` that is a capacity or a measure ("512GB", "1 TB", "500 ml", "27 in"): no size
# to wear, so the question asks which version, not which size.
_MEASURE = re.compile(
    r"^\s*(\d+(?:[.,]\d+)?)\s*(gb|go|tb|to|mb|mo|ml|cl|l|w|mah|in|inch|inches|\"|cm|mm|m|kg|g)\s*$",
    re.IGNORECASE,
)
# How many of the smallest unit of its kind each unit is, to rank "250 g" below "1 kg".
_UNIT_SCALE = {"kg": 1000, "tb": 1000, "to": 1000, "l": 1000, "cl": 10, "m": 100, "mm": 0.1}
# "the big bag", "la petite boîte": the largest or smallest of the measures on sale.
_BIG = frozenset("big bigger biggest large larger largest grand grande gros grosse plus".split())
_SMALL = frozenset("small smaller smallest little petit petite mini moins".split())


# Letter sizes as words, English and French (accents folded).
_SIZE_WORDS = {
    "extra small": "XS",
    "small": "S",
    "petit": "S",
    "petite": "S",
    "medium": "M",
    "moyen": "M",
    "moyenne": "M",
    "large": "L",
    "grand": "L",
    "grande": "L",
    "extra large": "XL",
    "tres grand": "XL",
    "tres grande": "XL",
}


def named_size(text: str, sizes: list[str]) -> str | None:
    """Like `named_value`, and "medium" / "grande" name M / L when the product has letter sizes."""
    direct = named_value(text, sizes)
    if direct is not None:
        return direct
    measured = measured_by_word(text, sizes)
    if measured is not None:
        return measured
    words = f" {' '.join(re.findall(r'[a-z]+', fold(text).lower()))} "
    for word in sorted(_SIZE_WORDS, key=len, reverse=True):
        if f" {word} " in words:
            return named_value(_SIZE_WORDS[word], sizes)
    return None


def _magnitude(value: str) -> float | None:
    found = _MEASURE.match(fold(value).lower())
    if found is None:
        return None
    return float(found.group(1).replace(",", ".")) * _UNIT_SCALE.get(found.group(2), 1)


def measured_by_word(text: str, sizes: list[str]) -> str | None:
    """ "The big bag" names the largest of sizes that are all measures, "small" the smallest."""
    magnitudes = {size: _magnitude(size) for size in sizes if size}
    if len(set(magnitudes.values())) < 2 or None in magnitudes.values():
        return None
    words = set(re.findall(r"[a-z]+", fold(text).lower()))
    ranked = sorted(magnitudes, key=lambda size: magnitudes[size] or 0.0)
    if words & _BIG and not words & _SMALL:
        return ranked[-1]
    if words & _SMALL and not words & _BIG:
        return ranked[0]
    return None


def named_value(text: str, values: list[str]) -> str | None:
    """The option value a typed answer names: "42", "la M", "size XL please", "en noir".

    Whole words only, longest value first, so "XL" is not read as "L" and "M" is not found
    inside "medium"; of values as long, the first the product lists. A French elided word
    ("s'il vous plaît", "m'en") is no size S or M.
    """
    said = _TEMPERATURE.sub(" ", _ELIDED.sub(" ", _units_joined(text)))
    words = re.findall(r"[a-z0-9]+(?:[.,/][a-z0-9]+)*", said)
    joined = f" {' '.join(words)} "
    for value in sorted(dict.fromkeys(v for v in values if v), key=len, reverse=True):
        joined_value = _METRES.sub(r"\1m", _units_joined(value))
        wanted = " ".join(re.findall(r"[a-z0-9]+(?:[.,/][a-z0-9]+)*", joined_value))
        if wanted and f" {wanted} " in joined:
            return value
    return _capacity_by_number(words, values)


# A temperature is no size: "would they handle 40 below", "ça tient à moins 30 ?", "-20°C"
_TEMPERATURE = re.compile(
    r"(?:(?<![a-z0-9])(?:minus|moins)\s*|(?<![a-z0-9-])-)\d+(?:\s*(?:°|degre?s?|degrees?)\s*c?)?"
    r"|\d+\s*(?:°\s*c?|degre?s?|degrees?|below(?:\s+zero)?|sous\s+zero)(?![a-z])"
)


def a_temperature_at(text: str, start: int, end: int) -> bool:
    """The number at text[start:end] (a size entity's span) is a temperature: "moins trente",
    "forty below", "20 degrés"."""
    before = fold(text[:start]).lower().rstrip()
    after = fold(text[end:]).lower().lstrip()
    # a minus sign, not the dash of a range ("40 - 42")
    signed = before.endswith("-") and not re.search(r"\d$", before[:-1].rstrip())
    return bool(
        signed
        or re.search(r"(?<![a-z])(?:minus|moins)$", before)
        or re.match(r"(?:°|degres?|degrees?|below|sous zero)(?![a-z])", after)
    )


# French elisions ("s'il", "m'en") and English contractions and possessives ("I'm", "women's",
# "you'll"): no size S or M in them.
_ELIDED = re.compile(
    r"(?<=[a-z])['’](?:s|m|re|ve|ll|d|t)(?![a-z0-9])"
    r"|(?<![a-z0-9])[a-z]['’](?!(?:s|m|re|ve|ll|d|t)(?![a-z0-9]))(?=[a-z])"
)
# "512 Go", "1 To", "512 gb": one spelling of a capacity, the English unit glued to its number.
_CAPACITY = re.compile(r"\b(\d+(?:[.,]\d+)?)\s?(gb|go|tb|to|mb|mo|kg|g|ml|cl|l|mm|cm)\b(?!\s*\d)")
# In a variant's value "2 m" is metres; in a message "2 M" is as likely two in size M.
_METRES = re.compile(r"\b(\d+(?:[.,]\d+)?)\s?m\b")
_ENGLISH_UNIT = {"go": "gb", "to": "tb", "mo": "mb"}


# Units said in words ("un kilo", "2 litres", "one metre"), written as their symbol.
_UNIT_WORDS = {
    "kilos": "kg", "kilo": "kg", "kilogrammes": "kg", "kilogramme": "kg", "kilograms": "kg",
    "kilogram": "kg", "grammes": "g", "gramme": "g", "grams": "g", "gram": "g",
    "litres": "l", "litre": "l", "liters": "l", "liter": "l", "metres": "m", "metre": "m",
    "meters": "m", "meter": "m", "centilitres": "cl", "millilitres": "ml",
}  # fmt: skip
_UNIT_WORD = re.compile(
    r"\b(?:(half an?|half|un demi|une demie?|demi|un|une|one|a|an|the|le|la|du|d'un|d'une|"
    r"\d+(?:[.,]\d+)?)\s*-?\s*)?(" + "|".join(_UNIT_WORDS) + r")\b"
)
# "Half a kilo", "un demi-litre": the half of the unit, in the unit below it.
_HALF = {"kg": "500g", "l": "500ml", "m": "50cm"}


def _unit_symbol(found: re.Match[str]) -> str:
    number, unit = found.group(1) or "", _UNIT_WORDS[found.group(2)]
    if number.startswith(("half", "demi", "un demi", "une demi")) and unit in _HALF:
        return _HALF[unit]
    # "un kilo", "the kilo bag": one of the unit
    number = number if number[:1].isdigit() else ("1" if number else "")
    return f"{number}{unit}" if number else found.group(0)


def _units_joined(text: str) -> str:
    folded = _UNIT_WORD.sub(_unit_symbol, fold(text).lower())
    return _CAPACITY.sub(lambda m: m.group(1) + _ENGLISH_UNIT.get(m.group(2), m.group(2)), folded)


def _capacity_by_number(words: list[str], values: list[str]) -> str | None:
    """ "en bleu 512": the one capacity whose number is said, when every value is a capacity."""
    if not values or not all(_MEASURE.match(fold(value).lower()) for value in values):
        return None
    said = {word for word in words if word.isdigit()}
    named = [value for value in values if _leading_number(value) in said]
    return named[0] if len({fold(value) for value in named}) == 1 else None


def _leading_number(value: str) -> str:
    found = re.match(r"\d+", fold(value))
    return found.group() if found else ""


def names_an_option(options: Iterable[Option], text: str) -> bool:
    """The text names one of the variants' own attribute values ("the 1TB one")."""
    return any(_says(text, value) for option in options for _, value in option.attributes)


def option_label(option: Option, dimension: str) -> str:
    """A button's title for the question asked: the colour, the size (a "version" is a size
    that is a capacity), or for "option" the variant's own attributes ("1 TB")."""
    if dimension == "option":
        return " · ".join(value for _, value in option.attributes)[:20] or option.sku[:20]
    return str(getattr(option, "size" if dimension == "version" else dimension))


def named_colour(text: str, colours: list[str], names: dict[str, str]) -> str | None:
    """The colour a message names among `colours`, in English or by its French name ("les
    vertes" names green; `names` maps each English value to its French word)."""
    direct = named_value(text, colours)
    if direct is not None:
        return direct
    words = f" {' '.join(re.findall(r'[a-z]+', fold(text).lower()))} "
    for colour in colours:
        french = fold(names.get(colour.lower(), "")).lower()
        if french and re.search(rf" {french_colour_word(french)} ", words):
            return colour
    for colour in colours:
        # "un marine": the noun of "bleu marine" says it alone ("clair", "foncé" do not)
        last = fold(names.get(colour.lower(), "")).lower().split()[1:][-1:]
        if last and len(last[0]) >= 5 and last[0] not in _SHADE_WORDS and f" {last[0]} " in words:
            return colour
    # "je le prends en mauve" of a purple phone: a shade of one colour it comes in
    shaded = [c for c in colours if any(f" {shade} " in words for shade in colour_family(c))]
    return shaded[0] if len(shaded) == 1 else None


_SHADE_WORDS = frozenset("clair claire clairs claires fonce foncee fonces foncees pale".split())


def french_colour_word(french: str) -> str:
    """A pattern for a French colour word as agreed with its noun: "vert", "vertes",
    "blanches", "violettes" (folded, lower case)."""
    return rf"{re.escape(french)}(?:e|s|es|he|hes|te|tes)?"
