"""An in-memory, columnar copy of the catalog that search ranks and filters without SQL.

Variants become numpy columns (product position, effective price, purchasable, colour/size/
material codes) so a hard filter over 300,000 variants is a few vector operations; products get
a BM25 index (bm25s) and a matrix of unit sentence vectors. A snapshot is rebuilt when the
catalog's revision (product count, newest update) moves, which every reload bumps.
"""

from __future__ import annotations

import re
import threading
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property

import bm25s
import numpy as np
from sqlalchemy import Engine, func, select
from sqlmodel import Session

from catalog.categories import (
    Speller,
    Taxonomy,
    category_path,
    google_aliases,
    lexicon,
    norm,
    split_words,
)
from catalog.embeddings import configured_model
from catalog.models import ACTIVE, CatalogImport, Product, ProductEmbedding, Variant
from catalog.product_text import INDEXED_CHARACTERS, description_summary
from catalog.text import OPTION_WORDS, fold, tokens

# Above this many products a 512-wide scan costs more than the latency budget: a 64-wide
# projection (PCA of the catalog's own vectors) picks candidates, full vectors re-score them.
COARSE_ABOVE = 30_000
COARSE_DIM = 64
COARSE_CANDIDATES = 500
EXACT_BELOW = 4 * COARSE_CANDIDATES  # allowed products scored exactly, without the coarse pass
BACKGROUND_REBUILD_ABOVE = 20_000  # products
# How many product vectors stand for "the catalog" when a query's relevance floor is computed.
BACKGROUND_SAMPLE = 2_048
_SURFACE = re.compile(r"[^\W_]+(?:-[^\W_]+)*")
_NO_PRODUCT = "\x00"  # the one token of the stand-in document of an empty catalog


class Codes:
    """Lower-cased option values (colour, size, ...) as small integers; 0 means "none"."""

    def __init__(self) -> None:
        self.index: dict[str, int] = {"": 0}

    def code(self, value: str) -> int:
        return self.index.setdefault(value.lower(), len(self.index))

    def find(self, value: str) -> int | None:
        return self.index.get(value.lower())


# Feed `gender` values (Meta, Google, Shopify: male, female, unisex; men/women seen too).
MALE, FEMALE = 1, 2
GENDERS = {"male": MALE, "men": MALE, "man": MALE, "female": FEMALE, "women": FEMALE,
           "woman": FEMALE}  # fmt: skip


# How a feed says a product has a property: "Vegan: yes".
_YES = frozenset({"yes", "y", "true", "oui", "1"})
# Where an allergen list goes on to what the product may hold: "…, may contain gluten".
_MAY_CONTAIN = re.compile(r"\b(?:may contain|traces? of|peut contenir|traces? de)\b")


@dataclass
class CatalogSnapshot:
    product_ids: np.ndarray  # position -> product id
    brand: np.ndarray  # position -> brand code
    brands: Codes
    variant_product: np.ndarray  # variant -> product position
    price: np.ndarray  # effective price (sale price if any), minor units
    purchasable: np.ndarray
    color: np.ndarray
    size: np.ndarray
    material: np.ndarray
    colors: Codes
    sizes: Codes
    materials: Codes
    bm25: bm25s.BM25
    model: str
    vectors: np.ndarray | None  # (products, dim) unit rows; zero rows for missing vectors
    starts: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    ends: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    coarse: np.ndarray | None = None
    projection: np.ndarray | None = None
    taxonomy: Taxonomy = field(default_factory=lambda: Taxonomy.build([]))
    speller: Speller = field(default_factory=lambda: Speller({}, {}, set()))
    # Title, brand and colour words -> the product positions that carry them (named products).
    name_postings: dict[str, np.ndarray] = field(default_factory=dict)
    name_lengths: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int32))
    # Words of the allergen lists -> the product positions listing them.
    allergen_postings: dict[str, np.ndarray] = field(default_factory=dict)
    # The same for what a list says it may contain ("may contain traces of milk").
    trace_postings: dict[str, np.ndarray] = field(default_factory=dict)
    # Attributes said yes to ("vegan", "gluten free") -> the product positions saying so.
    flag_postings: dict[str, np.ndarray] = field(default_factory=dict)
    skus: dict[str, int] = field(default_factory=dict)  # lower-cased SKU or group id -> position
    # Mean and covariance of a fixed sample of product vectors (the relevance floor).
    background_mean: np.ndarray | None = None
    background_cov: np.ndarray | None = None
    category_vectors: np.ndarray | None = None  # category names, encoded on first use
    reference: float | None = None  # median cosine of a product to its category's name
    # position -> who it is cut for: MALE, FEMALE, or 0 (unisex or not said)
    gender: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int8))
    on_sale: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))  # per variant
    # A kind of product asked, as concepts and their spellings -> products in categories of
    # other kinds (search._in_other_kinds).
    other_kinds: dict[tuple[frozenset[int], tuple[tuple[str, ...], ...]], np.ndarray] = field(
        default_factory=dict
    )

    def cheapest(self, passing: np.ndarray, products: np.ndarray) -> np.ndarray:
        """For the given product positions, the lowest price among their passing variants.

        Variants are stored grouped by product, so each product's variants are one slice;
        gathering only the candidates' slices keeps this proportional to the candidates.
        """
        if not len(products):
            return np.zeros(0, dtype=np.int64)
        starts, ends = self.starts[products], self.ends[products]
        lengths = ends - starts
        offsets = np.repeat(starts - np.concatenate(([0], np.cumsum(lengths)[:-1])), lengths)
        variants = np.arange(lengths.sum()) + offsets
        prices = np.where(passing[variants], self.price[variants], np.iinfo(np.int64).max)
        return np.minimum.reduceat(prices, np.concatenate(([0], np.cumsum(lengths)[:-1])))

    @cached_property
    def brand_words(self) -> list[tuple[str, str]]:
        """Each brand with its search tokens joined by spaces, read once per snapshot: a
        search looks for every brand in the message (100k-product catalogs have hundreds)."""
        return [(brand, " ".join(tokens(brand))) for brand in self.brands.index if brand]

    @property
    def size_products(self) -> int:
        return len(self.product_ids)

    def keyword_scores(self, query_tokens: list[str]) -> np.ndarray:
        known = [token for token in query_tokens if token in self.bm25.vocab_dict]
        if not known:
            return np.zeros(self.size_products, dtype=np.float32)
        return self.bm25.get_scores(known)

    def carrying(self, words: tuple[str, ...]) -> np.ndarray:
        """Products whose indexed text has every one of these words (normalised forms)."""
        together = np.ones(self.size_products, dtype=bool)
        for word in words:
            found = [t for t in tokens(word) if t in self.bm25.vocab_dict]
            if not found:
                return np.zeros(self.size_products, dtype=bool)
            together &= self.bm25.get_scores(found[:1]) > 0
        return together

    def titled(self, words: tuple[str, ...]) -> np.ndarray:
        """Products whose title, brand or colours have every one of these words."""
        together = np.ones(self.size_products, dtype=bool)
        for word in words:
            found = [t for t in tokens(word) if t in self.name_postings]
            if not found:
                return np.zeros(self.size_products, dtype=bool)
            has = np.zeros(self.size_products, dtype=bool)
            has[self.name_postings[found[0]]] = True
            together &= has
        return together

    def similarities(self, query_vector: np.ndarray, allowed: np.ndarray) -> np.ndarray:
        """Cosine of every allowed product to the query (-1 elsewhere)."""
        assert self.vectors is not None
        if self.coarse is None or self.projection is None:
            sims = self.vectors @ query_vector
            return np.where(allowed, sims, -1.0)
        sims = np.full(self.size_products, -1.0, dtype=np.float32)
        allowed_count = int(allowed.sum())
        if allowed_count <= EXACT_BELOW:
            # Filters (a category, a colour) left few products: score them all exactly, which
            # costs less than the coarse pass over the whole catalog.
            chosen = np.nonzero(allowed)[0]
            sims[chosen] = self.vectors[chosen] @ query_vector
            return sims
        rough = np.where(allowed, self.coarse @ (query_vector @ self.projection), -np.inf)
        count = min(COARSE_CANDIDATES, allowed_count)
        if count:
            best = np.argpartition(-rough, count - 1)[:count]
            sims[best] = self.vectors[best] @ query_vector
        return sims

    @classmethod
    def build(cls, session: Session, model: str) -> CatalogSnapshot:
        # Only active products: drafts are stored, never offered (their variants are skipped).
        rows = session.execute(
            select(
                Product.id,
                Product.title,
                Product.brand,
                Product.product_type,
                Product.description,
                Product.google_product_category,
                Product.group_id,
                Product.gender,
                Product.attributes,
            )
            .where(Product.status == ACTIVE)
            .order_by(Product.id)
        ).all()
        product_ids = np.fromiter((row[0] for row in rows), dtype=np.int64, count=len(rows))
        position = {int(pid): i for i, pid in enumerate(product_ids)}
        brands = Codes()
        brand = np.fromiter((brands.code(row[2]) for row in rows), dtype=np.int32, count=len(rows))
        colors, sizes, materials = Codes(), Codes(), Codes()
        columns: dict[str, list] = defaultdict(list)
        colour_words: dict[int, set[str]] = defaultdict(set)
        skus: dict[str, int] = {str(row[6]).lower(): i for i, row in enumerate(rows)}
        for pid, sku, price, sale, availability, stock, color, size, material in session.execute(
            select(
                Variant.product_id,
                Variant.sku,
                Variant.price_minor,
                Variant.sale_price_minor,
                Variant.availability,
                Variant.stock,
                Variant.color,
                Variant.size,
                Variant.material,
            ).order_by(Variant.product_id)
        ):
            if pid not in position:
                continue  # a product added after the product query ran (PostgreSQL read committed)
            columns["product"].append(position[pid])
            skus[sku.lower()] = position[pid]
            columns["price"].append(price if sale is None else sale)
            columns["on_sale"].append(sale is not None and sale < price)
            columns["ok"].append(availability == "in stock" and (stock is None or stock > 0))
            columns["color"].append(colors.code(color))
            columns["size"].append(sizes.code(size))
            columns["material"].append(materials.code(material))
            if color:
                colour_words[pid].add(color)
        documents = [
            # Repeating the title weights it above the description in BM25's term counts.
            tokens(
                " ".join(
                    [title] * 3
                    + [product_type, brand_name, *sorted(colour_words[pid])]
                    + [description_summary(description, None, INDEXED_CHARACTERS)]
                )
            )
            or ["_"]
            for pid, title, brand_name, product_type, description, *_ in rows
        ]
        bm25 = bm25s.BM25()
        # A shop with no products yet (a restaurant alone) still gets a snapshot: BM25 cannot
        # index nothing, so one document of a token no query has stands in and matches nothing.
        bm25.index(documents or [[_NO_PRODUCT]], show_progress=False)
        snapshot = cls(
            product_ids=product_ids,
            brand=brand,
            brands=brands,
            variant_product=np.asarray(columns["product"], dtype=np.int32),
            price=np.asarray(columns["price"], dtype=np.int64),
            purchasable=np.asarray(columns["ok"], dtype=bool),
            on_sale=np.asarray(columns["on_sale"], dtype=bool),
            color=np.asarray(columns["color"], dtype=np.int32),
            size=np.asarray(columns["size"], dtype=np.int32),
            material=np.asarray(columns["material"], dtype=np.int32),
            colors=colors,
            sizes=sizes,
            materials=materials,
            bm25=bm25,
            model=model,
            vectors=None,
            skus=skus,
        )
        snapshot.gender = np.fromiter(
            (GENDERS.get((row[7] or "").strip().lower(), 0) for row in rows),
            dtype=np.int8,
            count=len(rows),
        )
        snapshot._index_names(rows, colour_words)
        snapshot._index_attributes(rows)
        # Variants come ordered by product id, i.e. by product position: product p's variants
        # are the slice starts[p]:ends[p].
        positions = np.arange(len(product_ids))
        snapshot.starts = np.searchsorted(snapshot.variant_product, positions, side="left")
        snapshot.ends = np.searchsorted(snapshot.variant_product, positions, side="right")
        snapshot._load_vectors(session, position)
        return snapshot

    def _index_attributes(self, rows: list) -> None:
        """From each product's attributes: the words of its allergen list ("Allergens: cashews,
        almonds") -> the products listing them, which a search without nuts leaves out; and the
        flags it says yes to ("Vegan: yes") -> the products, which a search for vegan keeps."""
        allergens: dict[str, list[int]] = defaultdict(list)
        traces: dict[str, list[int]] = defaultdict(list)
        flags: dict[str, list[int]] = defaultdict(list)
        for i, row in enumerate(rows):
            for key, value in (row[8] or {}).items():
                name = " ".join(fold(str(key)).lower().split())
                if "allergen" in name:
                    listed = str(value)
                    maybe = _MAY_CONTAIN.search(fold(listed).lower())
                    certain, possible = (
                        (listed[: maybe.start()], listed[maybe.start() :])
                        if maybe
                        else (listed, "")
                    )
                    for word in set(tokens(certain)):
                        allergens[word].append(i)
                    for word in set(tokens(possible)):
                        traces[word].append(i)
                elif fold(str(value)).strip().lower() in _YES:
                    flags[name].append(i)
        self.allergen_postings = {
            word: np.asarray(ids, np.int32) for word, ids in allergens.items()
        }
        self.trace_postings = {word: np.asarray(ids, np.int32) for word, ids in traces.items()}
        self.flag_postings = {name: np.asarray(ids, np.int32) for name, ids in flags.items()}

    def _index_names(self, rows: list, colour_words: dict[int, set[str]]) -> None:
        """Category taxonomy, spelling vocabulary and the postings of title/brand/colour words."""
        paths = [category_path(row[3], row[5]) for row in rows]
        google = [category_path("", row[5]) for row in rows]
        aliases = google_aliases(list(zip(paths, google, strict=True)))
        self.taxonomy = Taxonomy.build(paths, aliases)
        postings: dict[str, list[int]] = defaultdict(list)
        lengths = np.zeros(len(rows), dtype=np.int32)
        vocabulary: dict[str, int] = defaultdict(int)
        surface: dict[str, str] = {}
        # Neither tokens() nor split_words() matches across whitespace, so each distinct
        # whitespace-separated chunk is read once: catalogs repeat their words.
        chunks: dict[str, tuple[list[str], list[str]]] = {}

        def read(text: str) -> tuple[list[str], list[str]]:
            found_tokens: list[str] = []
            found_words: list[str] = []
            for chunk in text.split():
                if chunk not in chunks:
                    words = [word.norm for word in split_words(chunk) if not word.stop]
                    for raw in _SURFACE.findall(chunk.lower()):
                        surface.setdefault(norm(raw), raw)
                    chunks[chunk] = (tokens(chunk), words)
                found_tokens += chunks[chunk][0]
                found_words += chunks[chunk][1]
            return found_tokens, found_words

        for i, (pid, title, brand_name, *_rest) in enumerate(rows):
            title_tokens, title_words = read(title)
            brand_tokens, _ = read(" ".join([brand_name, *sorted(colour_words[pid])]))
            lengths[i] = len(set(title_tokens))
            for word in set(title_tokens) | set(brand_tokens):
                postings[word].append(i)
            for word in title_words + read(brand_name)[1]:
                vocabulary[word] += 1
        for category in self.taxonomy.categories:
            for word in split_words(category.name):
                if not word.stop:
                    vocabulary[word.norm] += 1
        for word in lexicon().words():
            vocabulary.setdefault(word, 0)
        self.name_postings = {word: np.asarray(ids, np.int32) for word, ids in postings.items()}
        self.name_lengths = lengths
        # "paires", "sachets": counting words, never to be read as a catalog word ("poire")
        counting = OPTION_WORDS | {norm(word) for word in OPTION_WORDS}
        self.speller = Speller(dict(vocabulary), surface, set(self.bm25.vocab_dict) | counting)

    def _load_vectors(self, session: Session, position: dict[int, int]) -> None:
        matrix: np.ndarray | None = None
        for pid, blob in session.execute(
            select(ProductEmbedding.product_id, ProductEmbedding.vector).where(
                ProductEmbedding.model == self.model
            )
        ):
            vector = np.frombuffer(blob, dtype=np.float32)
            if matrix is None:
                matrix = np.zeros((self.size_products, len(vector)), dtype=np.float32)
            if pid in position:
                matrix[position[pid]] = vector
        self.vectors = matrix
        if matrix is not None and len(matrix):
            rng = np.random.default_rng(0)
            count = min(BACKGROUND_SAMPLE, len(matrix))
            sample = matrix[np.sort(rng.choice(len(matrix), count, replace=False))]
            if count >= 2:
                self.background_mean = sample.mean(axis=0, dtype=np.float64)
                centred = sample - self.background_mean
                self.background_cov = centred.T @ centred / count
        if matrix is not None and self.size_products > COARSE_ABOVE:
            # PCA on a fixed sample: the top directions of this catalog's own vectors.
            sample = matrix[np.random.default_rng(0).choice(len(matrix), 10_000, replace=False)]
            centred = sample - sample.mean(axis=0)
            _, _, components = np.linalg.svd(centred, full_matrices=False)
            self.projection = np.ascontiguousarray(components[:COARSE_DIM].T)
            self.coarse = np.ascontiguousarray(matrix @ self.projection)


_lock = threading.Lock()
_cache: dict[str, tuple[tuple, CatalogSnapshot]] = {}
_building: set[str] = set()


def _revision(session: Session, model: str) -> tuple:
    """Cheap (index-only) sign that the catalog changed: every load writes a catalog_import row."""
    last_load, last_product = session.execute(
        select(
            select(func.max(CatalogImport.id)).scalar_subquery(),
            select(func.max(Product.id)).scalar_subquery(),
        )
    ).one()
    return (last_load, last_product, model)


def current_snapshot(session: Session) -> CatalogSnapshot:
    """This database's snapshot, rebuilt when the catalog's revision moved.

    A large catalog's rebuild takes tens of seconds: meanwhile the previous snapshot keeps
    serving (search re-checks the shown page in SQL, so filters stay exact) and a background
    thread builds the new one. Small catalogs rebuild inline: a reload is visible at once.
    """
    model = configured_model()
    revision = _revision(session, model)
    engine = session.get_bind().engine
    key = str(engine.url)
    with _lock:
        cached = _cache.get(key)
        if cached and cached[0] == revision:
            return cached[1]
        if cached and cached[1].size_products > BACKGROUND_REBUILD_ABOVE:
            if key not in _building:
                _building.add(key)
                threading.Thread(target=_rebuild, args=(engine, key, model), daemon=True).start()
            return cached[1]
        snapshot = CatalogSnapshot.build(session, model)
        _cache[key] = (revision, snapshot)
        return snapshot


def _rebuild(engine: Engine, key: str, model: str) -> None:
    try:
        with Session(engine) as session:
            revision = _revision(session, model)
            snapshot = CatalogSnapshot.build(session, model)
        with _lock:
            _cache[key] = (revision, snapshot)
    finally:
        with _lock:
            _building.discard(key)
