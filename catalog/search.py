"""Product search: exact hard filters in SQL, then keyword relevance (BM25) over what is left.

The BM25 index is an in-memory snapshot of the catalog, rebuilt when the catalog changes
(detected by a cheap revision query), so every process of a deployment ranks the same way.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from dataclasses import dataclass, field

import bm25s
import numpy as np
from sqlalchemy import func
from sqlmodel import Session, col, or_, select

from catalog.models import Product, Variant
from catalog.text import tokens


@dataclass(frozen=True)
class SearchQuery:
    text: str = ""
    min_price_minor: int | None = None
    max_price_minor: int | None = None
    color: str | None = None
    size: str | None = None
    brand: str | None = None
    in_stock: bool = True
    limit: int = 5
    offset: int = 0


@dataclass(frozen=True)
class VariantHit:
    sku: str
    color: str
    size: str
    price_minor: int
    currency: str
    stock: int | None


@dataclass(frozen=True)
class ProductHit:
    product_id: int
    group_id: str
    title: str
    brand: str
    description: str
    image_link: str
    link: str
    score: float
    variants: tuple[VariantHit, ...]  # only the variants that pass the filters

    @property
    def price_minor(self) -> int:
        return min(variant.price_minor for variant in self.variants)

    @property
    def currency(self) -> str:
        return self.variants[0].currency


@dataclass
class SearchResult:
    hits: list[ProductHit]
    total: int  # matching products before paging
    query: SearchQuery = field(default_factory=SearchQuery)


def search(session: Session, query: SearchQuery) -> SearchResult:
    query_tokens = tokens(query.text)
    scores: dict[int, float] | None = None
    if query_tokens:
        scores = _index(session).scores(query_tokens)
        if not scores:
            return SearchResult([], 0, query)
    # Hard filters run in SQL over the keyword matches only (or the whole catalog if no words).
    variants_by_product = _filtered_variants(session, query, scores)
    ranked = [
        (scores[product_id] if scores else 0.0, product_id) for product_id in variants_by_product
    ]
    # Best score first; cheaper first among equals, so a vague request shows accessible options.
    ranked.sort(
        key=lambda pair: (
            -pair[0],
            min(v.effective_price_minor for v in variants_by_product[pair[1]]),
            pair[1],
        )
    )
    page = ranked[query.offset : query.offset + query.limit]
    products = {
        product.id: product
        for product in session.exec(
            select(Product).where(col(Product.id).in_([pid for _, pid in page]))
        )
    }
    hits = [_hit(products[pid], score, variants_by_product[pid]) for score, pid in page]
    return SearchResult(hits, len(ranked), query)


def _filtered_variants(
    session: Session, query: SearchQuery, among: dict[int, float] | None
) -> dict[int, list[Variant]]:
    effective_price = func.coalesce(Variant.sale_price_minor, Variant.price_minor)
    statement = select(Variant).join(Product)
    if among is not None:
        statement = statement.where(col(Variant.product_id).in_(list(among)))
    if query.in_stock:
        statement = statement.where(
            Variant.availability == "in stock",
            or_(col(Variant.stock).is_(None), col(Variant.stock) > 0),
        )
    if query.min_price_minor is not None:
        statement = statement.where(effective_price >= query.min_price_minor)
    if query.max_price_minor is not None:
        statement = statement.where(effective_price <= query.max_price_minor)
    if query.color:
        statement = statement.where(func.lower(Variant.color) == query.color.lower())
    if query.size:
        statement = statement.where(func.lower(Variant.size) == query.size.lower())
    if query.brand:
        statement = statement.where(func.lower(Product.brand) == query.brand.lower())
    grouped: dict[int, list[Variant]] = defaultdict(list)
    for variant in session.exec(statement.order_by(col(Variant.id))):
        grouped[variant.product_id].append(variant)
    return grouped


def _hit(product: Product, score: float, variants: list[Variant]) -> ProductHit:
    assert product.id is not None
    return ProductHit(
        product_id=product.id,
        group_id=product.group_id,
        title=product.title,
        brand=product.brand,
        description=product.description,
        image_link=product.image_link,
        link=product.link,
        score=score,
        variants=tuple(
            VariantHit(v.sku, v.color, v.size, v.effective_price_minor, v.currency, v.stock)
            for v in variants
        ),
    )


class KeywordIndex:
    """BM25 over each product's title, type, brand, colours and description."""

    def __init__(self, product_ids: list[int], documents: list[list[str]]) -> None:
        self.product_ids = np.asarray(product_ids)
        self._bm25 = bm25s.BM25()
        self._bm25.index(documents, show_progress=False)

    def scores(self, query_tokens: list[str]) -> dict[int, float]:
        known = [token for token in query_tokens if token in self._bm25.vocab_dict]
        if not known:
            return {}
        raw = self._bm25.get_scores(known)
        positive = np.nonzero(raw > 0)[0]
        return dict(zip(self.product_ids[positive].tolist(), raw[positive].tolist(), strict=True))

    @classmethod
    def build(cls, session: Session) -> KeywordIndex:
        colours: dict[int, set[str]] = defaultdict(set)
        for product_id, colour in session.exec(select(Variant.product_id, Variant.color)):
            if colour:
                colours[product_id].add(colour)
        product_ids: list[int] = []
        documents: list[list[str]] = []
        for product in session.exec(select(Product).order_by(col(Product.id))):
            assert product.id is not None
            # Repeating the title weights it above the description in BM25's term counts.
            text = " ".join(
                [product.title] * 3
                + [product.product_type, product.brand, *sorted(colours[product.id])]
                + [product.description]
            )
            product_ids.append(product.id)
            documents.append(tokens(text) or ["_"])
        return cls(product_ids, documents)


_cache_lock = threading.Lock()
_cache: dict[str, tuple[tuple[int, str], KeywordIndex]] = {}


def _index(session: Session) -> KeywordIndex:
    """The cached index for this database, rebuilt when the catalog's revision moved."""
    count, newest = session.exec(select(func.count(), func.max(Product.updated_at))).one()
    revision = (count, str(newest))
    key = str(session.get_bind().engine.url)
    with _cache_lock:
        cached = _cache.get(key)
        if cached and cached[0] == revision:
            return cached[1]
        index = KeywordIndex.build(session)
        _cache[key] = (revision, index)
        return index
