"""The kind of product a query names, mapped onto the merchant's own category paths.

Nothing here knows one merchant's words. The vocabulary is built from the catalog itself: every
prefix of every product's category path (`product_type`, else its Google category path) is a
category, and its last step is its name ("Shoes > Running Shoes" is named "Running Shoes").
Shoppers' words reach those names through:

- the same normalisation on both sides (accents folded, a light plural strip, "t-shirt" ->
  tshirt), so "sandales" meets "Sandals" only through the next point, but "boot" meets "Boots";
- a small English/French dictionary of common shopping words (catalog/data/shopping_words.txt):
  one concept a line, so "baskets", "sneakers" and "trainers" are one concept, and so are
  "ordi portable" and "laptop", whatever language the category names are written in;
- spelling: a word that neither the catalog nor the dictionary knows is corrected to a known word
  one edit away ("sneakrs" -> sneakers), see `Speller`.

A category is *named* when the words of its name (or its name's head word: "bottle" names
"Water Bottles") are in the query's head, the part before "for"/"with"/"pour"/... ("cup for
coffee" names cups, not coffee). Named means a hard filter; a category the query only reaches
through a translation's other words, or through the sentence encoder (catalog/search.py), is a
boost.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise, takewhile
from pathlib import Path

import numpy as np
from wordfreq import get_frequency_dict

from catalog.text import CONTAINER_WORDS, STOPWORDS, fold, stem, tokens

WORDS_FILE = Path(__file__).resolve().parent / "data" / "shopping_words.txt"
# Words that open a complement: what follows describes the product, it does not name it.
# "pr", "avc": "pour", "avec" as shoppers text them
COMPLEMENT = frozenset("for with without from pour avec sans pr avc".split())
FRENCH_COMPLEMENT = frozenset("a de du des d".split())
# Greetings say nothing of the kind: "Bonjour à vous, …" opens no complement with its "à".
GREETINGS = frozenset("bonjour bonsoir salut allo coucou hello hi hey hiya morning".split())
# Words that only French uses (a query with one of them puts its head noun first).
FRENCH_FUNCTION = frozenset(
    "de du des la le les pour avec au aux une un en sans mon ma mes ton ta tes pr".split()
)
SEPARATORS = re.compile(r"\s*(?:&|,|/|\band\b|\bet\b|\+)\s*", re.IGNORECASE)
_WORD = re.compile(r"[^\W_]+(?:[-'][^\W_]+)*", re.UNICODE)
_PLAIN_WORD = re.compile(r"[^\W_]+(?:-[^\W_]+)*", re.UNICODE)
EXACT, HEAD = 2, 1  # how well a query unit matches a name unit


def norm(word: str) -> str:
    """One comparable form per word: folded, hyphens joined, plural stripped."""
    return stem(fold(word).replace("-", "").replace("'", ""))


@dataclass(frozen=True)
class Word:
    norm: str  # see norm()
    folded: str  # lower case, no accents, not stemmed
    stop: bool  # judged before folding: "thé" is a word (tea), "the" is not


def split_words(text: str) -> list[Word]:
    """The text's words in order; elisions split ("d'olive" -> d, olive)."""
    result: list[Word] = []
    for raw in _WORD.findall(text.lower()):
        for part in raw.split("'"):
            if part:
                folded = fold(part)
                stop = part in STOPWORDS or folded in COMPLEMENT or len(folded) < 2
                result.append(Word(norm(part), folded, stop))
    return result


@dataclass(frozen=True)
class Lexicon:
    """The dictionary: word sequences -> concept ids, and each concept's canonical English."""

    phrases: dict[tuple[str, ...], frozenset[int]]
    canonical: list[tuple[str, ...]]  # concept id -> its first English phrase, normalised
    longest: int
    properties: frozenset[int] = frozenset()  # concepts that describe, never name, a product
    qualifiers: frozenset[int] = frozenset()  # what shoppers ask a product to be: "cheap", "warm"
    # concept id -> every English phrase, normalised: "cereal bar", "granola bar"
    english: list[tuple[tuple[str, ...], ...]] = field(default_factory=list)
    french: list[tuple[tuple[str, ...], ...]] = field(default_factory=list)  # the same, French

    def kinds(self, said: Iterable[Unit]) -> list[int]:
        """The concepts of the units that name a kind of thing, not what a thing is like
        (properties) nor what a shopper asks it to be (qualifiers: "pas cher")."""
        return [c for unit in said for c in unit.concepts - self.properties - self.qualifiers]

    def words(self) -> set[str]:
        return {word for phrase in self.phrases for word in phrase}


def without_properties(text: str) -> str:
    """The text's words, those that only say what a thing is like ("waterproof", "bio",
    "pas cher") left out: what is left may name a product ("is the Nova 8 waterproof?")."""
    lex = lexicon()
    describing = lex.properties | lex.qualifiers
    return " ".join(
        " ".join(unit.words)
        for unit in units(text, lex)
        if not unit.concepts or not unit.concepts <= describing
    )


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    phrases: dict[tuple[str, ...], set[int]] = defaultdict(set)
    canonical: list[tuple[str, ...]] = []
    english_phrases: list[tuple[tuple[str, ...], ...]] = []
    french_phrases: list[tuple[tuple[str, ...], ...]] = []
    properties: set[int] = set()
    qualifiers: set[int] = set()
    in_properties = in_qualifiers = False
    for line in WORDS_FILE.read_text(encoding="utf-8").splitlines():
        if line.startswith("# "):  # a section header, or the file's own notes
            in_properties = line.startswith("# Properties:")
            in_qualifiers = line.startswith("# Qualifiers")
        if not line.strip() or line.startswith("#"):
            continue
        english, _, french = line.partition("|")
        concept = len(canonical)
        entries = [entry.strip() for entry in f"{english},{french}".split(",") if entry.strip()]
        for entry in entries:
            phrases[tuple(word.norm for word in split_words(entry))].add(concept)
        canonical.append(tuple(word.norm for word in split_words(entries[0]) if not word.stop))
        english_phrases.append(_spelled(english))
        french_phrases.append(_spelled(french))
        if in_properties:
            properties.add(concept)
        if in_qualifiers:
            qualifiers.add(concept)
    return Lexicon(
        phrases={key: frozenset(value) for key, value in phrases.items() if key},
        canonical=canonical,
        longest=max(len(key) for key in phrases),
        properties=frozenset(properties),
        qualifiers=frozenset(qualifiers),
        english=english_phrases,
        french=french_phrases,
    )


def _spelled(entries: str) -> tuple[tuple[str, ...], ...]:
    """Comma-separated phrases, each normalised without its stop words."""
    return tuple(
        spelled
        for entry in entries.split(",")
        if (spelled := tuple(w.norm for w in split_words(entry) if not w.stop))
    )


def in_a_phrase(text: str, start: int) -> bool:
    """The word at character `start` of `text` belongs to a dictionary phrase of several words
    ("noir" in "tablettes de chocolat noir", "vert" in "un thé vert"): part of what the thing
    is called, not a colour or size of it."""
    lex = lexicon()
    before = len(split_words(text[:start]))
    words = [word.norm for word in split_words(text)]
    for length in range(2, lex.longest + 1):
        for first in range(max(0, before - length + 1), min(before, len(words) - length) + 1):
            if tuple(words[first : first + length]) in lex.phrases:
                return True
    return False


@dataclass(frozen=True)
class Unit:
    """A word, or a dictionary phrase read as one ("sac à dos"), at a position of a text."""

    position: int
    words: tuple[str, ...]  # normalised, stop words left out
    head: str  # the word that says what the thing is ("bottle" in "water bottle")
    phrase: bool  # several words that the dictionary reads as one concept
    concepts: frozenset[int]  # the unit's own concepts (the phrase's, or the word's)
    keys: frozenset[str]  # its words and their single-word concepts ("w:shoe", "c:12")
    expansion: frozenset[str] = frozenset()  # the same for its concepts' canonical English


def _word_keys(words: tuple[str, ...], lex: Lexicon) -> set[str]:
    keys = {f"w:{word}" for word in words}
    for word in words:
        keys.update(f"c:{concept}" for concept in lex.phrases.get((word,), ()))
    return keys


def units(text: str, lex: Lexicon | None = None) -> list[Unit]:
    """The text's units, longest dictionary phrase first; stop words are dropped (a phrase may
    contain them: "sac a dos")."""
    lex = lex or lexicon()
    words = split_words(text)
    result: list[Unit] = []
    i = 0
    while i < len(words):
        for length in range(min(lex.longest, len(words) - i), 0, -1):
            concepts = lex.phrases.get(tuple(word.norm for word in words[i : i + length]))
            if concepts and (length > 1 or not words[i].stop):
                break
        else:
            concepts, length = frozenset(), 1
        span = words[i : i + length]
        own = tuple(word.norm for word in span if not word.stop)
        if own:
            # A phrase's own words count up to its first stop word: "chaussures de rando"
            # says shoes, "sans fil" says neither "without" nor "wire".
            leading: list[str] = []
            for word in span:
                if word.stop:
                    break
                leading.append(word.norm)
            head = leading[0] if len(leading) < len(own) and leading else own[-1]
            expansion: set[str] = set()
            for concept in concepts:
                expansion |= _word_keys(lex.canonical[concept], lex)
            keys = _word_keys(tuple(leading), lex) | {f"c:{concept}" for concept in concepts}
            result.append(
                Unit(
                    i,
                    own,
                    head,
                    length > 1,
                    frozenset(concepts),
                    frozenset(keys),
                    frozenset(expansion - keys),
                )
            )
        i += length
    return result


# How much a kind named after the head ("for my phone") boosts its category, against one the
# head names; calibrated on the relevance sets (bench/relevance.py).
COMPLEMENT_SHARE = 0.25


# What follows a container word that counts: "a bag of pretzels", "un sac de café".
_COUNTED_AFTER = frozenset("of de d du des".split())
# Purpose clauses: "to" or "pour" and a verb, "for" and its -ing form.
_PURPOSE_OPENERS = frozenset("to pour pr".split())
_FRENCH_INFINITIVE = ("er", "ir", "re", "oir")
# What follows an English verb of use: its object's determiner or a particle ("to keep my
# coffee hot", "to hook up a laptop", "to wear at camp"); a noun after "to" is no verb ("usb c
# to usb c cable", "going to Manali, need boots").
_AFTER_A_VERB = frozenset(
    "my your his her our their the a an it them this that these those some up on in at with "
    "out off down around into".split()
)
# The same after a French infinitive, or nothing ("chaussures pour courir"); a noun ending like
# one is none ("téléphone pour chantier, c'est pour mon frère").
_AFTER_A_FRENCH_VERB = frozenset(
    "le la les l un une des du de d mon ma mes ton ta tes son sa ses notre votre leur leurs en "
    "au aux a dans sur avec pendant sous".split()
)


@lru_cache(maxsize=1024)
def purpose_verb(text: str) -> int | None:
    """Word position of the verb of a purpose clause ("something | to keep my coffee hot",
    "un truc | pour recharger mon téléphone", "for charging my phone"), or None. What follows
    the verb is what the product is used on, not what it is."""
    words = split_words(text)
    for position, (opener, verb) in enumerate(pairwise(words), start=1):
        if verb.stop or verb.folded.isdigit() or len(verb.folded) < 3:
            continue  # "to the beach", "pour mon fils", "up to 50"
        after = words[position + 1].folded if position + 1 < len(words) else ""
        english = opener.folded == "to" and after in _AFTER_A_VERB
        french = (
            opener.folded in _PURPOSE_OPENERS - {"to"}
            and verb.folded.endswith(_FRENCH_INFINITIVE)
            and not verb.folded.endswith("ier")
            and (not after or after in _AFTER_A_FRENCH_VERB)
        )
        gerund = opener.folded == "for" and verb.folded.endswith("ing")
        if english or french or gerund:
            return position
    return None


# "bottles | that fit in a lunch bag", "une gourde | qui garde le froid": what follows the
# relative pronoun says what the thing does, and the kinds it names are not the thing.
_RELATIVE_PRONOUNS = frozenset("that that's thats which who where whose qui que dont".split())


# "sneakers | I can wear with a suit": a clause without its "that" opens on its subject.
_SUBJECTS = frozenset("i i'd id i'll i'm im you u she he we they je j' tu".split())


def _opens_a_relative_clause(word: str) -> bool:
    return word in _RELATIVE_PRONOUNS or word in _SUBJECTS or word.startswith(("qu'", "j'"))


def _english_only(word: str) -> bool:
    return common_word(word, ("en",)) and not common_word(word, ("fr",))


@lru_cache(maxsize=1024)
def head_segment(text: str) -> int:
    """Word position where the first complement starts ("cup | for coffee", "tasse | à café",
    "something | to keep it hot"), or a large number. French "à"/"de" open one only after a
    word that says something ("a" opening a request is the English article)."""
    seen_word = False
    previous: Word | None = None
    verb = purpose_verb(text)
    words = split_words(text)
    for position, word in enumerate(words):
        if verb is not None and position == verb - 1:
            return position
        # "tasse a cafe" without its accent: "a" right after a noun; "yo need a gaming
        # mouse", "he needs a monitor": the English article, after a word that says nothing of
        # the kind or an English word only
        french_a = word.folded != "a" or (
            previous is not None and not previous.stop and not _english_only(previous.folded)
        )
        if seen_word and (
            word.folded in COMPLEMENT
            or (word.folded in FRENCH_COMPLEMENT and french_a)
            or _opens_a_relative_clause(word.folded)
            or _likened_from(words[position - 1 : position + 2]) == 1
        ):
            return position
        previous = word
        # "2 paires de claquettes", "a bag of pretzels": a count opening the request says
        # how many of the kind that follows, not a kind; a bag said for itself is one ("un
        # sac pour ordinateur", "a bag for my laptop", "a bag that keeps my stuff dry")
        after = words[position + 1].folded if position + 1 < len(words) else ""
        for_itself = after in COMPLEMENT or _opens_a_relative_clause(after)
        counting = word.folded.isdigit() or (
            word.folded in CONTAINER_WORDS
            and (after in _COUNTED_AFTER or not (word.folded.startswith("sac") or for_itself))
        )
        seen_word = seen_word or not (word.stop or counting or word.folded in GREETINGS)
    return 1 << 30


def _unit_match(query: Unit, name: Unit, via: str) -> int:
    """EXACT: the query unit says the name unit (same concept, or every word of it; a word
    inside a longer phrase of the query only counts as HEAD: "dog food" does not name Food).
    HEAD: it says the name's head word ("bottle" for "Water Bottles")."""
    keys = query.keys if via == "direct" else query.expansion
    if via == "direct" and query.concepts & name.concepts:
        return EXACT
    named = {f"c:{concept}" for concept in name.concepts}
    if keys & named or all(f"w:{word}" in keys for word in name.words):
        return HEAD if query.phrase else EXACT
    if len(name.words) > 1 and (
        f"w:{name.head}" in keys
        or keys & {f"c:{concept}" for concept in lexicon().phrases.get((name.head,), ())}
    ):
        return HEAD
    return 0


@dataclass
class Category:
    path: str
    name: str
    parent: int | None
    depth: int
    names: list[list[Unit]] = field(default_factory=list)  # alternatives, each a list of units


def category_path(product_type: str, google_product_category: str) -> str:
    """A product's category path: the merchant's product_type, else its Google category as text
    (a bare numeric Google id carries no words until the importer turns it into its path)."""
    for value in (product_type, google_product_category):
        steps = [step.strip() for step in (value or "").split(">") if step.strip()]
        if steps and not (len(steps) == 1 and steps[0].isdigit()):
            return " > ".join(steps)
    return ""


def google_aliases(categories: list[tuple[str, str]]) -> dict[str, set[str]]:
    """Extra names of the merchant's categories from the Google categories of their products,
    given (merchant path, Google path) per product. A Google category that most products of a
    merchant category carry names it too, and so does the Google step above it ("Luggage &
    Bags" over "Backpacks": a bag is asked for) when it is above no other merchant category
    and says no word of the merchant's own taxonomy ("Snack Foods" would make "food" name the
    snacks alone)."""
    counts: Counter[str] = Counter()
    leaves: dict[str, Counter[str]] = defaultdict(Counter)
    parents: dict[str, Counter[str]] = defaultdict(Counter)
    for path, google in categories:
        counts[path] += 1
        if path and google and google != path:
            steps = google.split(" > ")
            leaves[path][steps[-1]] += 1
            if len(steps) > 1:
                parents[path][steps[-2]] += 1

    def most(path: str, names: Counter[str]) -> set[str]:
        return {name for name, n in names.items() if 2 * n >= counts[path]}

    merchant_words = {stem(word) for path in counts for word in tokens(path)}
    above = {path: most(path, names) for path, names in parents.items()}
    shared = Counter(name for names in above.values() for name in names)
    return {
        path: most(path, names)
        | {
            name
            for name in above.get(path, ())
            if shared[name] == 1 and not merchant_words & {stem(w) for w in tokens(name)}
        }
        for path, names in leaves.items()
    }


def _name_alternatives(name: str) -> list[str]:
    return [part for part in SEPARATORS.split(name) if part.strip()]


@dataclass
class Taxonomy:
    """Every prefix of the catalog's category paths, and each product's category."""

    categories: list[Category]
    product_category: np.ndarray  # product position -> its category (deepest), -1 for none
    index: dict[str, int]  # lower-cased path -> category
    children: dict[int, list[int]]
    _members: dict[int, np.ndarray] = field(default_factory=dict)
    # Every key a query unit must share with one of a category's name units to match it (see
    # _unit_match): a query is compared with those categories only.
    keyed: dict[str, set[int]] = field(default_factory=dict)

    @classmethod
    def build(cls, paths: list[str], aliases: dict[str, set[str]] | None = None) -> Taxonomy:
        """`paths`: one per product position; `aliases`: extra names for a path (the Google
        category names most of its products carry)."""
        lex = lexicon()
        categories: list[Category] = []
        index: dict[str, int] = {}
        children: dict[int, list[int]] = defaultdict(list)
        product_category = np.full(len(paths), -1, dtype=np.int32)
        leaves: dict[str, int] = {}
        for position, path in enumerate(paths):
            if not path:
                continue
            if path in leaves:
                product_category[position] = leaves[path]
                continue
            parent: int | None = None
            steps = path.split(" > ")
            for depth in range(len(steps)):
                prefix = " > ".join(steps[: depth + 1])
                key = prefix.lower()
                if key not in index:
                    index[key] = len(categories)
                    categories.append(Category(prefix, steps[depth], parent, depth))
                    if parent is not None:
                        children[parent].append(index[key])
                parent = index[key]
            assert parent is not None
            product_category[position] = leaves[path] = parent
        for category in categories:
            names = [category.name, *sorted((aliases or {}).get(category.path, ()))]
            for name in names:
                for part in _name_alternatives(name):
                    found = units(part, lex)
                    if found:
                        category.names.append(found)
        taxonomy = cls(categories, product_category, index, dict(children))
        for number, category in enumerate(categories):
            for name in category.names:
                for unit in name:
                    for key in _index_keys(unit, lex):
                        taxonomy.keyed.setdefault(key, set()).add(number)
        return taxonomy

    def descendants(self, category: int) -> list[int]:
        found, stack = [], [category]
        while stack:
            current = stack.pop()
            found.append(current)
            stack.extend(self.children.get(current, ()))
        return found

    def members(self, category: int) -> np.ndarray:
        """Boolean mask over product positions: the category and everything under it."""
        if category not in self._members:
            self._members[category] = np.isin(self.product_category, self.descendants(category))
        return self._members[category]

    def ancestors(self, category: int) -> list[int]:
        found = []
        parent = self.categories[category].parent
        while parent is not None:
            found.append(parent)
            parent = self.categories[parent].parent
        return found

    def find(self, value: str) -> int | None:
        """A category given by path ("Shoes > Boots") or, failing that, by its name ("boots")."""
        key = " > ".join(step.strip() for step in value.split(">")).lower()
        if key in self.index:
            return self.index[key]
        wanted = norm(key)
        named = [i for i, c in enumerate(self.categories) if norm(c.name.lower()) == wanted]
        return min(named, key=lambda i: self.categories[i].depth) if named else None

    def understand(self, text: str) -> Understanding:
        return understand(self, text)


@dataclass(frozen=True)
class Understanding:
    named: int | None  # the category the shopper clearly named: a hard filter
    boosts: dict[int, float]  # categories the query reaches less surely -> strength in (0, 1]


def _index_keys(name: Unit, lex: Lexicon) -> set[str]:
    keys = {f"c:{concept}" for concept in name.concepts}
    keys |= {f"w:{name.words[0]}", f"w:{name.head}"}
    keys |= {f"c:{concept}" for concept in lex.phrases.get((name.head,), ())}
    return keys


def _strength(taxonomy: Taxonomy, query: list[Unit], via: str) -> dict[int, tuple[int, int]]:
    """category -> (how well, position of the query unit that names its head) for the
    categories every unit of one of whose names the query matches."""
    found: dict[int, tuple[int, int]] = {}
    keys: set[str] = set()
    for unit in query:
        keys |= unit.keys if via == "direct" else unit.expansion
    candidates = sorted(set().union(*(taxonomy.keyed.get(key, set()) for key in keys)))
    for index in candidates:
        category = taxonomy.categories[index]
        best: tuple[int, int] | None = None
        for name in category.names:
            grades = []
            for unit in name:
                matches = [(_unit_match(q, unit, via), q.position) for q in query]
                grade = max(matches, default=(0, 0))
                if grade[0] == 0:
                    break
                grades.append(grade)
            else:
                if grades:
                    strength = min(g for g, _ in grades)
                    position = max(p for _, p in grades)
                    if best is None or strength > best[0]:
                        best = (strength, position)
        if best:
            found[index] = best
    return found


def understand(taxonomy: Taxonomy, text: str) -> Understanding:
    words = split_words(text)
    # "a bag of espresso", "un sac de chips": the container counts the kind that follows
    query = [unit for unit in units(text) if not _counts_what_follows(unit, words)]
    if not query or not taxonomy.categories:
        return Understanding(None, {})
    direct = _strength(taxonomy, query, "direct")
    expanded = _strength(taxonomy, query, "expansion")
    head_end = head_segment(text)
    verb = purpose_verb(text)
    # A kind named in a complement is what the product is for ("batterie externe pour mon
    # tel"), not what it is: a weaker boost than a kind of the head. In a purpose clause the
    # verb says the kind as a head would ("pour recharger": a charger) and what it acts on is
    # no kind asked ("... mon téléphone", "to keep my coffee hot").
    boosts = {
        c: strength / EXACT * (1.0 if position < head_end or position == verb else COMPLEMENT_SHARE)
        for c, (strength, position) in direct.items()
        if verb is None or position <= verb
    }
    for category, (strength, position) in expanded.items():
        if verb is None or position <= verb:
            boosts[category] = max(boosts.get(category, 0.0), strength / (2 * EXACT))
    # Only a category the head says outright is a filter; the rest are boosts.
    in_head = {c: v for c, v in direct.items() if v[1] < head_end and v[0] == EXACT}
    # "the almonds, the big bag": a container sized after what it holds says how it comes
    in_head = {c: v for c, v in in_head.items() if not _sizes_what_it_holds(v[1], query, words)}
    if not in_head:
        # "something warm for her, like a fleece hoodie": the kind given as an example
        likened = _likened_from(words)
        in_head = {
            c: v
            for c, v in direct.items()
            if likened is not None and v[1] > likened and v[0] == EXACT
        }
    if not in_head:
        return Understanding(None, boosts)
    top = max(strength for strength, _ in in_head.values())
    candidates = [c for c, (strength, _) in in_head.items() if strength == top]
    # In a chain (Shoes > Running Shoes), the most specific category named; but a kind whose
    # every match below it was named by the same word names itself ("shoes" reads as each
    # kind of shoe: it names Shoes).
    specific = [
        c for c in candidates if not any(c in taxonomy.ancestors(o) for o in candidates if o != c)
    ]
    above_all = [
        c
        for c in candidates
        if len(specific) > 1 and all(c in taxonomy.ancestors(o) for o in specific)
    ]
    candidates = above_all[-1:] or specific
    if len(candidates) > 1:
        # Unrelated kinds in the head ("laptop backpack"): English puts the head noun last,
        # French first ("sac à dos pour ordinateur" never reaches here: "pour" ends the head).
        said = split_words(text)
        french = (
            any(word.folded in FRENCH_FUNCTION for word in said)
            or fold(text) != text.lower()  # "ptit écran portable": accents are French here
            or any(word.norm in _french_only_words() for word in said)  # "veste jean homme"
        )
        edge = min if french else max
        position = edge(in_head[c][1] for c in candidates)
        candidates = [c for c in candidates if in_head[c][1] == position]
    if len(candidates) != 1:
        return Understanding(None, boosts)
    return Understanding(candidates[0], boosts)


@lru_cache(maxsize=1)
def _french_only_words() -> frozenset[str]:
    """Words of the dictionary's French names that no English name has ("veste", "chandail")."""
    lex = lexicon()
    french = {word for phrases in lex.french for phrase in phrases for word in phrase}
    english = {word for phrases in lex.english for phrase in phrases for word in phrase}
    return frozenset(french - english)


# Words giving an example of the kind asked: "like a fleece hoodie", "genre un sweat".
_LIKE = frozenset("like comme genre style".split())


# ... not "like" the verb: "I'd like something for my phone", "she would like"
_WHO_LIKES = frozenset("i i'd id we you they he she would d really also just don't dont".split())


def _likened_from(words: list[Word]) -> int | None:
    """Where the first example of the kind asked opens ("… | like a fleece hoodie"), if any."""
    for position, word in enumerate(words[1:], start=1):
        likes = word.folded in _LIKE and words[position - 1].folded not in _WHO_LIKES
        such_as = (
            word.folded == "such"
            and words[position + 1 : position + 2] != []
            and (words[position + 1].folded == "as")
        )
        if likes or such_as:
            return position
    return None


_CONTAINER_SIZES = frozenset(
    "big small large little bigger smaller larger grand grande gros grosse petit petite "
    "family familial familiale".split()
)


# A weight before a container says what it holds: "the kilo bag", "the 500 g bag".
_WEIGHT = re.compile(
    r"^(?:\d+(?:[.,]\d+)?(?:g|kg|gr|grams?|grammes?)|kilos?|kg|g|gr|grams?|grammes?)$"
)


def _sizes_what_it_holds(position: int, query: list[Unit], words: list[Word]) -> bool:
    """The unit at `position` is a container word after a weight ("the kilo bag"), or after
    a size with a word said before it: the container of what was named ("the almonds, the big
    bag"), not a bag to buy."""
    unit = next((u for u in query if u.position == position), None)
    if unit is None or unit.phrase or unit.words[0] not in CONTAINER_WORDS or position < 1:
        return False
    before = words[position - 1].folded
    if _WEIGHT.match(before):
        return True
    return before in _CONTAINER_SIZES and any(u.position < position - 1 for u in query)


def _counts_what_follows(unit: Unit, words: list[Word]) -> bool:
    """A container counting a kind: "a bag of espresso", or after a count at the end of what
    names it ("paprika chips, 3 bags", "des chips, deux sachets")."""
    after = unit.position + 1
    if unit.phrase or words[unit.position].folded not in CONTAINER_WORDS:
        return False
    if after < len(words):
        return words[after].folded in _COUNTED_AFTER
    counted = unit.position > 1 and words[unit.position - 1].folded.isdigit()
    return counted or (unit.position > 1 and words[unit.position - 1].folded in _COUNT_WORDS)


_COUNT_WORDS = frozenset("two three four five six deux trois quatre cinq six".split())


# A word at least this common in English or French (Zipf scale: 3 is once per million words)
# is a word of the language, not a typo: "aussi" is no "cassi", "gardent" no "garden", "where"
# no "herbe", "enleve" typed without its accent no "eleve". The shop's own words are typed
# wrong; everyday words are only the shopper's.
COMMON_ZIPF = 3.0
SHOP_LANGUAGES = ("en", "fr")


@lru_cache(maxsize=len(SHOP_LANGUAGES))
def _everyday_words(lang: str) -> frozenset[str]:
    """wordfreq's (PyPI, no download) common words of a language, accents folded."""
    least = 10 ** (COMMON_ZIPF - 9)  # Zipf is log10 of the frequency per billion words
    return frozenset(
        fold(word) for word, frequency in get_frequency_dict(lang).items() if frequency >= least
    )


def common_word(word: str, langs: tuple[str, ...] = SHOP_LANGUAGES) -> bool:
    """The word is an everyday word of one of `langs`, with or without its accents; a
    hyphenated one ("est-ce") when each part is."""
    parts = [part for part in fold(word).lower().split("-") if part]
    return bool(parts) and all(
        any(part in _everyday_words(lang) for lang in langs) for part in parts
    )


# French verb endings: "gardent", "protégez", "aimerait" are no product's name.
_VERB_ENDINGS = ("ent", "ez", "ons", "ait", "ais", "er", "ir")


def _french_only(word: str) -> bool:
    """An everyday French word that is no everyday English one ("vanille", not "train")."""
    return common_word(word, ("fr",)) and not common_word(word, ("en",))


def _spelt_the_french_way(word: str, english: str) -> bool:
    """The French word is the English one spelt the French way, as titles use it: "vanille"
    the Vanilla, "truffe" the Truffles; not "salut" the salt, "gardent" a garden."""
    pairs = zip(word, english, strict=False)
    shared = len(list(takewhile(lambda pair: pair[0] == pair[1], pairs)))
    return shared >= max(4, len(word) - 2) and not word.endswith(_VERB_ENDINGS)


class Speller:
    """Corrects a word nobody knows to a known word one edit away (symmetric deletes: a typo,
    a missing or extra letter, two letters swapped). Short words are left alone: too many
    words are one edit from a four-letter word; everyday words of either language too."""

    MIN_LENGTH = 5

    def __init__(
        self, vocabulary: dict[str, int], surface: dict[str, str], also_known: set[str]
    ) -> None:
        self.known = vocabulary  # word -> how many products use it (ties go to the commoner)
        self.surface = surface  # normalised word -> a spelling of it to put back in the text
        self.also_known = also_known  # words known but never a correction (descriptions)
        self._deletes: dict[str, list[str]] = defaultdict(list)
        for word in vocabulary:
            if len(word) >= self.MIN_LENGTH - 1:
                for variant in _deletes(word):
                    self._deletes[variant].append(word)

    def correct(self, word: str) -> str:
        if (
            word in self.known
            or word in self.also_known
            or len(word) < self.MIN_LENGTH
            or not word.isalpha()
        ):
            return word
        candidates = {c for variant in _deletes(word) for c in self._deletes.get(variant, ())}
        if common_word(word):  # a word of the language, no typo; unless a title's cognate
            french = _french_only(word)  # once per word, not per candidate
            candidates = {
                c for c in candidates if french and self.known[c] and _spelt_the_french_way(word, c)
            }
        if not candidates:
            return word
        return max(sorted(candidates), key=lambda c: (-_distance(word, c), self.known[c]))


def _deletes(word: str) -> set[str]:
    return {word} | {word[:i] + word[i + 1 :] for i in range(len(word))}


def _distance(one: str, other: str) -> int:
    """Optimal string alignment distance (Levenshtein plus adjacent swaps)."""
    previous2: list[int] = []
    previous = list(range(len(other) + 1))
    for i, a in enumerate(one, 1):
        current = [i]
        for j, b in enumerate(other, 1):
            cost = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a != b))
            if i > 1 and j > 1 and a == other[j - 2] and one[i - 2] == b:
                cost = min(cost, previous2[j - 2] + 1)
            current.append(cost)
        previous2, previous = previous, current
    return previous[-1]


def corrected_text(text: str, speller: Speller) -> str:
    """The query with unknown words replaced by their correction ("sneakrs" -> "sneakers")."""

    def fix(match: re.Match[str]) -> str:
        word = match.group()
        if word.lower() in STOPWORDS or ("-" in word and common_word(word)):  # "est-ce"
            return word
        normal = norm(word)
        fixed = speller.correct(normal)
        return word if fixed == normal else speller.surface.get(fixed, fixed)

    return _PLAIN_WORD.sub(fix, text)
