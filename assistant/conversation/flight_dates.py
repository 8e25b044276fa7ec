"""The dates of a trip in a message: when the shopper leaves, when they come back, what part
of the day, and whether a date they named is already past.

Relative forms ("next Thursday", "jeudi prochain", "in two weeks", "demain matin") are our own
rules: dateparser gets several wrong or not at all. Absolute forms ("le 3 mars", "March 3rd",
"Dec 18") are found here and their month is read by dateparser, which knows both languages'
month names and abbreviations. The shop's conventions (bench/blind/departments/README.md):
"next <weekday>" and a bare weekday are the first such day after today, "this weekend" is the
Saturday, a day and month without a year is the next time it comes around.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import cache

import dateparser

from catalog.number_words import NUMBER_PATTERN, NUMBER_WORDS, number_value
from catalog.text import edit_distance

WEEKDAYS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
    "sunday": 6, "lundi": 0, "mardi": 1, "mercredi": 2, "jeudi": 3, "vendredi": 4, "samedi": 5,
    "dimanche": 6,
}  # fmt: skip
# After "the 4": a count of people ("the 4 of us"), not the 4th.
_NOT_A_DAY = r"of us|of you|passengers?|people|persons?|adults?|personnes?|passagers?|adultes?"
_SHORT_WEEKDAYS = {
    "mon": 0, "tue": 1, "tues": 1, "wed": 2, "weds": 2, "thu": 3, "thur": 3, "thurs": 3,
    "fri": 4, "sat": 5, "sun": 6,
}  # fmt: skip
# Full month names, to correct a typo ("decmber") before dateparser reads the month.
MONTH_NAMES = """january february march april may june july august september october november
    december janvier fevrier mars avril mai juin juillet aout septembre octobre novembre
    decembre""".split()
_WEEKDAY = "(?:" + "|".join(WEEKDAYS) + ")"
_ORDINAL = r"(?:st|nd|rd|th|er|e|eme|ieme)?"
_DAY = r"(\d{1,2})" + _ORDINAL
_MONTH_WORD = r"([a-z]{3,10})\.?"
_YEAR = r"(?:,?\s+(\d{4}))?"
# After a day and month, words that put it in the past: "le 1er novembre dernier".
_SAID_PAST = r"(?P<ago>\s+(?:dernier|derniere|passee?|last year|de l'an(?:nee)? derniere?))?"
_UNITS = {
    "day": 1, "days": 1, "jour": 1, "jours": 1, "night": 1, "nights": 1, "nuit": 1, "nuits": 1,
    "week": 7, "weeks": 7, "semaine": 7, "semaines": 7, "fortnight": 14,
}  # fmt: skip
_UNIT = "(?:" + "|".join(sorted(_UNITS, key=len, reverse=True)) + ")"
_AMOUNT = rf"(?:a|an|{NUMBER_PATTERN})"
# Words saying that the date right after them (two words at most: "back on the 10th", "retour
# prévu le 9") is the way back; "aller-retour" and "return trip" only say the trip's shape.
_RETURN_MARKER = re.compile(
    r"(?<!aller )(?<!aller-)\b(?:back|returning|return|come back|coming back|retour|rentr\w*|"
    r"revenir|reviens|revient|until|till|jusqu'?\s*au?|jusqu au?)\b"
    r"(?!\s+(?:trip|flight|ticket|fare|journey)s?\b)"
    r"(?:\s+[\w']+){0,2}\s*:?\s*$"
)
# "go home on the 4th": the way back once a way out is said, else the trip itself ("going home
# to Porto on Christmas day" is a one-way flight).
_HOME_MARKER = re.compile(
    r"\b(?:go|going|goes|fly|flying|head|heading|get|getting)\s+(?:back\s+)?home\b"
    r"(?:\s+[\w']+){0,2}\s*:?\s*$"
)
# Between two dates, a word or sign that makes them a span: "du 18 au 22", "Dec 18-22".
_RANGE_JOIN = re.compile(r"^\s*(?:au|to|until|till|-|–|and|et|jusqu'?\s*au)\s*(?:the|le)?\s*$")
_WEEKDAY_OF_DATE = re.compile(r"^\s*(?:,|the|le)?\s*$")
# A past with no day to put on the calendar: still a date the shop cannot sell.
_VAGUE_PAST = re.compile(
    r"\b(?:last (?:week|month|year)|(?:la )?semaine (?:derniere|passee)|"
    r"(?:le )?mois (?:dernier|passe)|l'an(?:nee)? (?:dernier|derniere|passee))\b"
)
_PAST_WORDS = re.compile(r"\b(?:last|dernier|derniere|passe|ago|il y a)\b")


@dataclass(frozen=True)
class DateMention:
    """One date said, not yet placed on the calendar when it depends on the departure."""

    start: int
    end: int
    fixed: date | None = None  # an absolute or today-relative date
    weekday: int | None = None  # the first such day after the anchor
    day_of_month: int | None = None  # that day, the anchor's month or the next one
    days_after_anchor: int | None = None  # "for a week", "le lendemain"
    is_return: bool = False  # said of the way back
    past: bool = False  # said as past ("last Monday", "hier", 2025)
    occasion: bool = False  # "for Christmas": why they travel, a date only if no other is said
    eve: bool = False  # "la veille", "the day before": the day before the date it leans on

    def on(self, anchor: date) -> date:
        """The calendar day, counting weekdays and lengths of stay from `anchor`."""
        if self.fixed is not None:
            return self.fixed
        if self.weekday is not None:
            return anchor + timedelta(days=(self.weekday - anchor.weekday() - 1) % 7 + 1)
        if self.day_of_month is not None:
            return next_day_of_month(anchor, self.day_of_month)
        return anchor + timedelta(days=self.days_after_anchor or 0)


@dataclass(frozen=True)
class TripDates:
    depart: date | None
    return_: date | None
    time_of_day: str | None  # morning | afternoon | evening
    past_date: bool  # a date the shopper named is before today
    unclear: tuple[str, ...]  # pieces that look like a date but could not be read


def trip_dates(
    text: str, today: date, departure: date | None = None, answering_return: bool = False
) -> TripDates:
    """Departure, return, part of the day and past-ness from a folded (lower-case, no accents)
    message whose place names are already blanked out. `departure` is the one already known
    from earlier messages: a way back said alone ("back on Sunday", "a week later") counts from
    it. `answering_return`: the message answers "when do you come back?", so its one date is
    the return."""
    mentions, unclear = _mentions(text, today)
    mentions = _without_occasions(
        _with_roles(_with_days_around(mentions, text, today), text, today)
    )
    if answering_return and len(mentions) == 1:
        mentions = [replace(mentions[0], is_return=True)]
    going = next((mention for mention in mentions if not mention.is_return), None)
    depart = going.on(today) if going else None
    coming = next((mention for mention in mentions if mention.is_return), None)
    anchor = depart or departure
    # "for a week" with no departure yet says nothing about a day.
    stay_only = coming is not None and coming.days_after_anchor is not None and anchor is None
    back = coming.on(anchor or today) if coming and not stay_only else None
    said = [day for day in (depart, back) if day is not None]
    return TripDates(
        depart=depart,
        return_=back,
        time_of_day=time_of_day(text),
        past_date=any(mention.past for mention in mentions)
        or any(day < today for day in said)
        or bool(_VAGUE_PAST.search(text)),
        unclear=unclear,
    )


def with_date_words_spelled(text: str) -> str:
    """ "thrusday", "decmbre", "tommorow", "demian": weekday and month names of 7 letters or
    more, and the words for days near today of 5 or more, within a typo or two of the real one
    are put right, so the rules below can read them. Shorter names are left alone: "marche" is
    no "march". Texting shorthands ("tmrw", "2moro") are spelled out."""
    text = _SHORTHAND.sub(lambda match: _SHORTHANDS[match.group()], text)
    return _WORD.sub(lambda match: _spelled(match.group()), text)


_WORD = re.compile(r"\b[a-z]{5,}\b")
_SHORTHANDS = {
    "tmrw": "tomorrow", "tmr": "tomorrow", "2moro": "tomorrow", "2morrow": "tomorrow",
    "tonite": "tonight", "2nite": "tonight", "2day": "today",
}  # fmt: skip
_SHORTHAND = re.compile(r"\b(?:" + "|".join(_SHORTHANDS) + r")\b")
# Words whose typos are read: the long calendar names, and the days near today.
_NEAR_DAYS = ("today", "tomorrow", "tonight", "yesterday", "demain", "aujourdhui", "weekend")
_SPELLED_WORDS = [
    *(word for word in [*WEEKDAYS, *MONTH_NAMES] if len(word) >= 7),
    *_NEAR_DAYS,
]
_KNOWN_WORDS = {*WEEKDAYS, *MONTH_NAMES, *_NEAR_DAYS}


def _spelled(word: str) -> str:
    if word in _KNOWN_WORDS:
        return word
    for name in _SPELLED_WORDS:
        allowed = 2 if len(name) >= 8 else 1
        if word[0] == name[0] and edit_distance(word, name) <= allowed:
            return name
    return word


# Days of the month in words, English ordinals and French cardinals ("le vingt décembre").
_UNITS_EN = "first second third fourth fifth sixth seventh eighth ninth".split()
_TEENS_EN = """tenth eleventh twelfth thirteenth fourteenth fifteenth sixteenth seventeenth
    eighteenth nineteenth""".split()
_UNITS_FR = "un deux trois quatre cinq six sept huit neuf".split()
_TEENS_FR = "dix onze douze treize quatorze quinze seize dix-sept dix-huit dix-neuf".split()
_FRENCH_CARDINALS: dict[str, int] = {
    **{word: day for day, word in enumerate(_UNITS_FR[1:], start=2)},
    **{word: day for day, word in enumerate(_TEENS_FR, start=10)},
    "vingt": 20, "vingt et un": 21, "vingt-et-un": 21, "trente": 30, "trente et un": 31,
    "trente-et-un": 31,
    **{f"vingt{joint}{word}": 20 + day for day, word in enumerate(_UNITS_FR[1:], start=2)
       for joint in ("-", " ")},
}  # fmt: skip
DAY_WORDS: dict[str, int] = {
    **{word: day for day, word in enumerate(_UNITS_EN, start=1)},
    **{word: day for day, word in enumerate(_TEENS_EN, start=10)},
    "twentieth": 20, "thirtieth": 30, "thirty-first": 31, "thirty first": 31,
    **{f"twenty{joint}{word}": 20 + day for day, word in enumerate(_UNITS_EN, start=1)
       for joint in ("-", " ")},
    "premier": 1, "1er": 1,
    **_FRENCH_CARDINALS,
}  # fmt: skip
_DAY_IN_WORDS = re.compile(
    r"\b(" + "|".join(sorted(map(re.escape, DAY_WORDS), key=len, reverse=True)) + r")"
    r"\s+(?:of\s+)?(?=([a-z]{3,10})\b)"
)


# French "retour le vingt-deux": a cardinal after "le" is a day (never "le premier": the first one).
_FRENCH_DAY = re.compile(
    r"\ble\s+("
    + "|".join(sorted(map(re.escape, _FRENCH_CARDINALS), key=len, reverse=True))
    + rf")\b(?!\s*(?:{_NOT_A_DAY}))"
)


def with_day_numbers(text: str) -> str:
    """ "le vingt décembre", "the twenty-first of March", "retour le vingt-deux": the day in
    figures, so the rules below read it; a number is a day only right before a month's name,
    or in French after "le" ("deux billets" stays)."""

    def figures(match: re.Match[str]) -> str:
        if month_named(match.group(2)) is None:
            return match.group()
        return f"{DAY_WORDS[match.group(1)]} "

    text = _DAY_IN_WORDS.sub(figures, text)
    return _FRENCH_DAY.sub(lambda match: f"le {DAY_WORDS[match.group(1)]}", text)


def date_spans(text: str, today: date) -> list[tuple[int, int]]:
    """Where dates and lengths of stay stand in a folded message."""
    return [(mention.start, mention.end) for mention in _mentions(text, today)[0]]


def next_day_of_month(anchor: date, day: int) -> date:
    """`day` in the anchor's month when not before the anchor, else in the month after."""
    year, month = anchor.year, anchor.month
    for _ in range(3):  # the 31st may skip a short month
        try:
            found = date(year, month, day)
        except ValueError:
            found = None
        if found is not None and found >= anchor:
            return found
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    raise ValueError(f"no day {day} in the three months from {anchor}")


def _next_occurrence(today: date, month: int, day: int) -> date | None:
    """A day and month without a year: this year's, or next year's when already past."""
    for year in (today.year, today.year + 1):
        try:
            found = date(year, month, day)
        except ValueError:
            continue
        if found >= today:
            return found
    return None


def _last_occurrence(today: date, month: int, day: int) -> date | None:
    """A day and month said as past: this year's when already gone, else last year's."""
    for year in (today.year, today.year - 1):
        try:
            found = date(year, month, day)
        except ValueError:
            continue
        if found < today:
            return found
    return None


# ---- finding the mentions -------------------------------------------------------------------

_Recognizer = Callable[[re.Match[str], date], list["DateMention"]]
_ReadOne = Callable[[re.Match[str], date], "DateMention | None"]


def _one(read: _ReadOne) -> _Recognizer:
    """A recognizer of one date as one of those that may find several (a span finds two)."""

    def as_list(match: re.Match[str], today: date) -> list[DateMention]:
        found = read(match, today)
        return [found] if found is not None else []

    return as_list


def _mentions(text: str, today: date) -> tuple[list[DateMention], tuple[str, ...]]:
    """Every date said, left to right; a span is read by the first recognizer that claims it."""
    found: list[DateMention] = []
    unclear: list[str] = []
    taken = [False] * len(text)
    for pattern, read, is_a_date in _RECOGNIZERS:
        for match in pattern.finditer(text):
            if any(taken[match.start() : match.end()]):
                continue
            mentions = read(match, today)
            misread = not mentions and is_a_date and _looks_like_a_month(match)
            if misread:  # "30 février": said, wrong, and not to be read again as "le 30"
                unclear.append(match.group().strip())
            found.extend(mentions)
            if mentions or misread:
                taken[match.start() : match.end()] = [True] * (match.end() - match.start())
    return _without_weekdays_of_dates(
        sorted(found, key=lambda mention: mention.start), text
    ), tuple(unclear)


def _looks_like_a_month(match: re.Match[str]) -> bool:
    """ "18 decmbre" is a date we failed to read; "18 for" was never a date."""
    words = re.findall(r"[a-z]+", match.group())
    return not words or any(word[:3] == name[:3] for word in words for name in MONTH_NAMES)


def _without_weekdays_of_dates(mentions: list[DateMention], text: str) -> list[DateMention]:
    """ "vendredi 18 décembre", "Friday the 18th": the weekday only names the date after it."""
    kept = []
    for mention, following in zip(mentions, [*mentions[1:], None], strict=False):
        if (
            mention.weekday is not None
            and following is not None
            and (following.fixed or following.day_of_month) is not None
            and _WEEKDAY_OF_DATE.match(text[mention.end : following.start])
        ):
            continue
        kept.append(mention)
    return kept


@cache
def month_named(word: str) -> int | None:
    """The month a word names in English or French ("mars", "Dec", "févr", "decmber")."""
    if word in NUMBER_WORDS:  # dateparser reads "15 one 2030" as January
        return None
    parsed = dateparser.parse(
        f"15 {word} 2030", languages=["en", "fr"], settings={"REQUIRE_PARTS": ["day", "month"]}
    )
    if parsed is not None and (parsed.year, parsed.day) == (2030, 15):
        return int(parsed.month)
    if len(word) >= 5:
        for index, name in enumerate(MONTH_NAMES):
            if word[0] == name[0] and edit_distance(word, name) <= (2 if len(name) >= 7 else 1):
                return index % 12 + 1
    return None


def _absolute(
    today: date,
    start: int,
    end: int,
    month: int | None,
    day: int,
    year: str | None,
    said_past: bool = False,
) -> DateMention | None:
    """A day and month, with the year said, or the next time it comes around (the last time,
    when said as past)."""
    if month is None or not 1 <= day <= 31:
        return None
    try:
        if year:
            fixed: date | None = date(int(year), month, day)
        elif said_past:
            fixed = _last_occurrence(today, month, day)
        else:
            fixed = _next_occurrence(today, month, day)
    except ValueError:
        return None
    if fixed is None:
        return None
    return DateMention(start, end, fixed=fixed, past=fixed < today)


def _day_month(match: re.Match[str], today: date) -> DateMention | None:
    day, word, year = match.group(1), match.group(2), match.group(3)
    month, year = month_named(word), _year_said(match, today, year)
    return _absolute(today, match.start(), match.end(), month, int(day), year, _past(match))


def _month_day(match: re.Match[str], today: date) -> DateMention | None:
    word, day, year = match.group(1), match.group(2), match.group(3)
    month, year = month_named(word), _year_said(match, today, year)
    return _absolute(today, match.start(), match.end(), month, int(day), year, _past(match))


def _numeric(match: re.Match[str], today: date) -> DateMention | None:
    day, month, year = int(match.group(1)), int(match.group(2)), match.group(3)
    if year is not None and len(year) == 2:
        year = f"20{year}"
    if not 1 <= month <= 12:
        return None
    year = _year_said(match, today, year)
    return _absolute(today, match.start(), match.end(), month, day, year, _past(match))


def _past(match: re.Match[str]) -> bool:
    return match.group("ago") is not None


def _year_said(match: re.Match[str], today: date, year: str | None) -> str | None:
    """The year said in figures, or as "last year" / "l'an dernier"."""
    ago = match.group("ago") or ""
    return str(today.year - 1) if re.search(r"year|\ban", ago) else year


def _iso(match: re.Match[str], today: date) -> DateMention | None:
    year, month, day = match.group(1), int(match.group(2)), int(match.group(3))
    return _absolute(today, match.start(), match.end(), month, day, year)


def _range(match: re.Match[str], today: date) -> list[DateMention]:
    """ "du 18 au 22 décembre", "Dec 18-22": both days in the named month."""
    groups = match.groupdict()
    month = month_named(groups["month"])
    first, second = int(groups["first"]), int(groups["second"])
    going = _absolute(today, match.start(), match.start("second") - 1, month, first, None)
    if going is None or going.fixed is None or not 1 <= second <= 31:
        return []
    back = next_day_of_month(going.fixed, second)
    return [going, DateMention(match.start("second"), match.end(), fixed=back, is_return=True)]


def _day_alone(match: re.Match[str], today: date) -> DateMention | None:
    day = int(match.group(1))
    if not 1 <= day <= 31:
        return None
    return DateMention(match.start(1), match.end(), day_of_month=day)


_TODAY_WORDS = {
    "today": 0, "aujourd'hui": 0, "aujourd hui": 0, "aujourdhui": 0, "tonight": 0,
    "this evening": 0, "this morning": 0, "this afternoon": 0, "ce soir": 0, "ce matin": 0,
    "cet apres-midi": 0, "cet apres midi": 0, "tomorrow": 1, "demain": 1,
    "day after tomorrow": 2, "apres-demain": 2, "apres demain": 2, "yesterday": -1, "hier": -1,
    "avant-hier": -2, "avant hier": -2, "day before yesterday": -2,
}  # fmt: skip


def _relative_day(match: re.Match[str], today: date) -> DateMention:
    shift = _TODAY_WORDS[match.group(1)]
    return DateMention(match.start(), match.end(), fixed=today + timedelta(days=shift))


def _short_weekday(match: re.Match[str], today: date) -> DateMention:
    """ "next Wed", "on Fri": a short name counts only after such a word ("sun", "sat" and
    "mon" are words of their own)."""
    weekday = _SHORT_WEEKDAYS[match.group("short")]
    if match.group("when") == "last":
        back = (today.weekday() - weekday - 1) % 7 + 1
        return DateMention(
            match.start(), match.end(), fixed=today - timedelta(days=back), past=True
        )
    return DateMention(match.start(), match.end(), weekday=weekday)


def _weekday(match: re.Match[str], today: date) -> DateMention:
    """ "next Thursday", "jeudi prochain", "Sunday": the first one after the anchor (today, or
    the departure for the way back); "last Monday", "lundi dernier": the one before today."""
    weekday = WEEKDAYS[match.group("day")]
    if _PAST_WORDS.search(match.group()):
        back = (today.weekday() - weekday - 1) % 7 + 1
        return DateMention(
            match.start(), match.end(), fixed=today - timedelta(days=back), past=True
        )
    return DateMention(match.start(), match.end(), weekday=weekday)


# Days known by name, as (month, day): the next time they come around.
_NAMED_DAYS = {
    "christmas eve": (12, 24), "christmas day": (12, 25), "christmas": (12, 25),
    "xmas": (12, 25), "noel": (12, 25), "le reveillon de noel": (12, 24),
    "new year's eve": (12, 31), "new years eve": (12, 31), "la saint-sylvestre": (12, 31),
    "new year's day": (1, 1), "new years day": (1, 1), "le jour de l'an": (1, 1),
    "nouvel an": (1, 1), "valentine's day": (2, 14), "la saint-valentin": (2, 14),
}  # fmt: skip


def _named_day(match: re.Match[str], today: date) -> DateMention | None:
    month, day = _NAMED_DAYS[match.group(1)]
    found = _absolute(today, match.start(), match.end(), month, day, None)
    before = match.string[: match.start()]
    if found is not None and _FOR_AN_OCCASION.search(before):
        return replace(found, occasion=True)
    return found


_FOR_AN_OCCASION = re.compile(
    r"\b(?:for|over|during|spend|spending|celebrate|celebrating|pour|pendant|a|passer|feter)"
    r"(?:\s+(?:the|le|la|l'))?\s*$"
)


def _eve(match: re.Match[str], _today: date) -> DateMention:
    """ "la veille", "the day before": the day before the date it leans on (see
    _with_days_around); alone, nothing."""
    return DateMention(match.start(), match.end(), days_after_anchor=-1, eve=True)


def _without_occasions(mentions: list[DateMention]) -> list[DateMention]:
    """ "stay with us for Christmas … a flight on December 20": the feast is why, not when,
    once another date says when they leave ("to London for Christmas, back on the 1st": when)."""
    if not any(not mention.occasion and not mention.is_return for mention in mentions):
        return mentions
    return [mention for mention in mentions if not mention.occasion]


def _with_days_around(mentions: list[DateMention], text: str, today: date) -> list[DateMention]:
    """ "le lendemain de Noël", "the day before the 10th": one date, a day off the one named;
    "un entretien le 10, partir la veille": the 10th is the event, the day before the trip."""
    result: list[DateMention] = []
    index = 0
    while index < len(mentions):
        mention = mentions[index]
        leans_on = mentions[index + 1] if index + 1 < len(mentions) else None
        shift = -1 if mention.eve else mention.days_after_anchor
        day_word = mention.eve or (shift == 1 and mention.fixed is None)
        if (
            day_word
            and leans_on is not None
            and leans_on.days_after_anchor is None
            and _OF.match(text[mention.end : leans_on.start])
        ):
            day = leans_on.on(today) + timedelta(days=shift or 0)
            result.append(replace(mention, end=leans_on.end, fixed=day, days_after_anchor=None))
            index += 2
            continue
        if mention.eve:  # leaning on the date said before it, if any
            said = [place for place, m in enumerate(result) if m.days_after_anchor is None]
            if said:
                event = result[said[-1]]
                day = event.on(today) - timedelta(days=1)
                result[said[-1]] = replace(event, fixed=day, weekday=None, day_of_month=None)
            index += 1
            continue
        result.append(mention)
        index += 1
    return result


_OF = re.compile(r"^\s*(?:de|du|d'|of|of the)?\s*$")


def _weekend(match: re.Match[str], today: date) -> DateMention:
    saturday = today + timedelta(days=(5 - today.weekday()) % 7)
    return DateMention(match.start(), match.end(), fixed=saturday)


def _days(amount: str, unit: str) -> int | None:
    """ "two weeks" -> 14; French "huit jours" is a week and "quinze jours" two."""
    count = 1 if amount in {"a", "an"} else number_value(amount)
    if count is None:
        return None
    if unit == "jours" and count in {8, 15}:
        return count - 1
    return count * _UNITS[unit]


def _from_now(match: re.Match[str], today: date) -> DateMention | None:
    """ "in two weeks", "dans 3 jours", "2 days ago", "il y a une semaine"."""
    days = _days(match.group("amount"), match.group("unit"))
    if days is None:
        return None
    ago = match.groupdict().get("ago") is not None or match.group().startswith("il y a")
    return DateMention(
        match.start(), match.end(), fixed=today + timedelta(days=-days if ago else days), past=ago
    )


def _from_weekday(match: re.Match[str], today: date) -> DateMention | None:
    days = _days(match.group("amount"), match.group("unit"))
    if days is None:
        return None
    weekday = DateMention(0, 0, weekday=WEEKDAYS[match.group("day")]).on(today)
    return DateMention(match.start(), match.end(), fixed=weekday + timedelta(days=days))


def _length_of_stay(match: re.Match[str], _today: date) -> DateMention | None:
    """ "for a week", "pour 5 jours", "3 nights": the way back that many days after leaving."""
    days = _days(match.group("amount"), match.group("unit"))
    if days is None:
        return None
    return DateMention(match.start(), match.end(), days_after_anchor=days, is_return=True)


def _next_day(match: re.Match[str], _today: date) -> DateMention:
    return DateMention(match.start(), match.end(), days_after_anchor=1, is_return=True)


# (pattern, reader, whether a failed read is a date we could not understand), tried in order:
# a span read by one is not read again by the next.
_RECOGNIZERS: list[tuple[re.Pattern[str], _Recognizer, bool]] = [
    (  # "a week from Friday": that many days after the first such day
        re.compile(
            rf"\b(?P<amount>{_AMOUNT})\s+(?P<unit>{_UNIT})\s+from\s+(?:next\s+|this\s+)?"
            rf"(?P<day>{_WEEKDAY})\b"
        ),
        _one(_from_weekday),
        False,
    ),
    (  # "two weeks from today", "a week from now" (before "today")
        re.compile(rf"\b(?P<amount>{_AMOUNT})\s+(?P<unit>{_UNIT})\s+from\s+(?:today|now)\b"),
        _one(_from_now),
        False,
    ),
    (re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b"), _one(_iso), False),
    (
        re.compile(
            rf"\b(?:du|from|from the|between the|between)?\s*(?P<first>\d{{1,2}}){_ORDINAL}\s*"
            rf"(?:au|to|until|till|-|–|and|et|jusqu'?\s*au)\s*(?:the\s+|le\s+)?"
            rf"(?P<second>\d{{1,2}}){_ORDINAL}\s+(?:of\s+)?(?P<month>[a-z]{{3,10}})\b"
        ),
        _range,
        False,
    ),
    (
        re.compile(
            r"\b(?P<month>[a-z]{3,10})\.?\s+(?P<first>\d{1,2})" + _ORDINAL + r"\s*(?:-|–|to|au)\s*"
            r"(?P<second>\d{1,2})" + _ORDINAL + r"\b"
        ),
        _range,
        False,
    ),
    (
        re.compile(r"\b(\d{1,2})[/.](\d{1,2})(?:[/.](\d{2,4}))?\b" + _SAID_PAST),
        _one(_numeric),
        True,
    ),
    (
        re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH_WORD}{_YEAR}\b{_SAID_PAST}"),
        _one(_day_month),
        True,
    ),
    (
        re.compile(rf"\b{_MONTH_WORD}\s+(?:the\s+)?{_DAY}{_YEAR}\b{_SAID_PAST}"),
        _one(_month_day),
        False,
    ),
    (
        re.compile(r"\b(" + "|".join(sorted(_TODAY_WORDS, key=len, reverse=True)) + r")\b"),
        _one(_relative_day),
        False,
    ),
    (
        re.compile(
            r"\b(?:this|ce)\s+(?:coming\s+)?week-?\s?end\b|\b(?:next|prochain)\s+week-?\s?end\b|"
            r"\ble\s+week-?\s?end\s+prochain\b"
        ),
        _one(_weekend),
        False,
    ),
    (  # "mercredi 9", "Tuesday 15th": the weekday names the day of the month after it
        re.compile(rf"\b{_WEEKDAY}\s+(?:the\s+)?{_DAY}\b(?!\s*(?:h\b|:|am\b|pm\b|{_NOT_A_DAY}))"),
        _one(_day_alone),
        False,
    ),
    (
        re.compile(
            rf"\b(?:(?:next|this|coming|last|on)\s+|ce\s+)?(?P<day>{_WEEKDAY})"
            r"(?:\s+(?:prochain|qui vient|dernier|passe))?\b"
        ),
        _one(_weekday),
        False,
    ),
    (
        re.compile(
            r"\b(?P<when>next|this|on|last|coming)\s+(?P<short>"
            + "|".join(sorted(_SHORT_WEEKDAYS, key=len, reverse=True))
            + r")\b\.?"
        ),
        _one(_short_weekday),
        False,
    ),
    (
        re.compile(
            rf"\b(?:in|dans|il y a)\s+(?P<amount>{_AMOUNT})\s+(?P<unit>{_UNIT})(?P<ago>\s+ago)?\b"
        ),
        _one(_from_now),
        False,
    ),
    (
        re.compile(rf"\b(?P<amount>{_AMOUNT})\s+(?P<unit>{_UNIT})(?P<ago>\s+ago)\b"),
        _one(_from_now),
        False,
    ),
    (
        re.compile(
            rf"\b(?:for|pour|pendant|during|stay(?:ing)?|rester)\s+(?:the\s+)?"
            rf"(?P<amount>{_AMOUNT})\s+(?P<unit>{_UNIT})\b"
        ),
        _one(_length_of_stay),
        False,
    ),
    (  # "3 days later", "une semaine après": the way back, counted from the departure
        re.compile(
            rf"\b(?P<amount>{_AMOUNT})\s+(?P<unit>{_UNIT})\s+(?:later|after|apres|plus tard)\b"
        ),
        _one(_length_of_stay),
        False,
    ),
    (
        re.compile(rf"\b(?P<amount>{_AMOUNT})\s+(?P<unit>nights?|nuits?|days?|jours?)\b"),
        _one(_length_of_stay),
        False,
    ),
    (
        re.compile(
            r"\b(" + "|".join(sorted(map(re.escape, _NAMED_DAYS), key=len, reverse=True)) + r")\b"
        ),
        _one(_named_day),
        False,
    ),
    (re.compile(r"\b(?:le lendemain|the next day|the day after)\b"), _one(_next_day), False),
    (
        re.compile(r"\b(?:la veille|the day before|the night before|the evening before)\b"),
        _one(_eve),
        False,
    ),
    (
        re.compile(rf"\b(?:the|le|on the|du|au)\s+{_DAY}\b(?!\s*(?:h\b|:|am\b|pm\b|{_NOT_A_DAY}))"),
        _one(_day_alone),
        False,
    ),
    (re.compile(r"\b(\d{1,2})(?:st|nd|rd|th|er)\b"), _one(_day_alone), False),
]


# Between two dates, words taking the first back: "Thursday - sorry, I mean Friday".
_CORRECTION = re.compile(
    r"\b(?:sorry|i mean|i meant|actually|no wait|make (?:it|that)|rather|correction|"
    r"pardon|je veux dire|plutot|en fait|non|enfin|euh)\b[^\w]*(?:[\w']+\W+){0,2}$"
)


def _with_roles(mentions: list[DateMention], text: str, today: date) -> list[DateMention]:
    """Marks the dates said of the way back: after "back", "retour", "until", or the second of
    a span ("du 18 au 22"); with no marker, a second date is the return. A date said to correct
    the one before ("jeudi… non pardon, vendredi") takes its place."""
    marked: list[DateMention] = []
    end_of_previous = 0
    for mention in mentions:
        between = text[end_of_previous : mention.start]
        if marked and _CORRECTION.search(between) and not _RETURN_MARKER.search(between):
            corrected = marked.pop()
            marked.append(replace(mention, is_return=corrected.is_return))
            end_of_previous = mention.end
            continue
        is_return = (
            mention.is_return
            or bool(_RETURN_MARKER.search(between))
            or (bool(marked) and bool(_RANGE_JOIN.match(between) or _HOME_MARKER.search(between)))
        )
        marked.append(replace(mention, is_return=is_return))
        end_of_previous = mention.end
    going = [mention for mention in marked if not mention.is_return]
    if (
        len(going) >= 2
        and not any(mention.is_return for mention in marked)
        and going[1].on(going[0].on(today)) > going[0].on(today)
    ):
        marked[marked.index(going[1])] = replace(going[1], is_return=True)
    return marked


# ---- part of the day ------------------------------------------------------------------------

_PARTS_OF_DAY = [
    (re.compile(r"\b(?:morning|matin|matinee|early flight)\b"), "morning"),
    (re.compile(r"\b(?:afternoon|apres-midi|apres midi|aprem|aprem's|midday|midi)\b"), "afternoon"),
    (re.compile(r"\b(?:evening|tonight|soir|soiree|night flight|vol de nuit)\b"), "evening"),
]
_CLOCK = re.compile(r"\b(\d{1,2})\s*(?:h(?:\d{2})?|:\d{2}|(am|pm))\b")


# "Good evening, …": a greeting names no part of the day.
_GREETING = re.compile(r"\bgood\s+(?:morning|afternoon|evening)\b")


def time_of_day(text: str) -> str | None:
    """Morning, afternoon or evening, said in words or as a clock time ("8am", "18h30")."""
    text = _GREETING.sub(lambda match: " " * len(match.group()), text)
    found: list[tuple[int, str]] = []
    for pattern, part in _PARTS_OF_DAY:
        match = pattern.search(text)
        if match:
            found.append((match.start(), part))
    clock = _CLOCK.search(text)
    if clock:
        hour = int(clock.group(1))
        hour += 12 if clock.group(2) == "pm" and hour < 12 else 0
        part = "morning" if hour < 12 else "afternoon" if hour < 18 else "evening"
        found.append((clock.start(), part))
    return min(found)[1] if found else None
