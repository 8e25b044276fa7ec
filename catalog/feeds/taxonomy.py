"""Google's product taxonomy: a numeric `google_product_category` id as its text path.

Feeds may give the category as the path ("Apparel & Accessories > Clothing > Shirts & Tops")
or as Google's id ("212"); the catalog keeps the path, which shoppers' words can match.
The file is catalog/data/google_taxonomy.en-US.txt (its source: catalog/data/README.md).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

TAXONOMY_FILE = Path(__file__).resolve().parent.parent / "data" / "google_taxonomy.en-US.txt"


@lru_cache(maxsize=1)
def google_categories() -> dict[str, str]:
    """id -> path, read once per process."""
    categories: dict[str, str] = {}
    for line in TAXONOMY_FILE.read_text(encoding="utf-8").splitlines():
        ident, separator, path = line.partition(" - ")
        if separator and ident.isdigit():
            categories[ident] = path.strip()
    return categories


def category_path(value: str) -> str:
    """The text path of a category written as a path or as Google's numeric id.

    An id the file does not know (a newer taxonomy than ours) gives "": the raw value is still
    stored in `google_product_category`, only no path is derived from it.
    """
    value = value.strip()
    if value.isdigit():
        return google_categories().get(value, "")
    return value
