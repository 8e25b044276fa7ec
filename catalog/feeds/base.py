"""What every feed reader produces: normalised variant rows, or line-numbered row errors."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from catalog.models import ACTIVE

AVAILABILITIES = {
    "in stock": "in stock",
    "out of stock": "out of stock",
    "preorder": "preorder",
    "backorder": "preorder",
    "available for order": "in stock",
    "discontinued": "out of stock",
}
# The fields a product (not its variants) carries, in every format.
PRODUCT_FIELDS = (
    "title",
    "description",
    "brand",
    "product_type",
    "google_product_category",
    "gender",
    "link",
    "image_link",
)
DELIMITERS = ("\t", ",", ";", "|")
# A cell bigger than this is not a product description: refuse it as a row error, not a crash.
csv.field_size_limit(64 * 1024 * 1024)


class FeedError(Exception):
    """The file as a whole cannot be read: nothing from it is loaded."""

    def __init__(
        self,
        path: Path | str,
        reason: str,
        line: int | None = None,
        column: int | str | None = None,
    ) -> None:
        self.path, self.reason, self.line, self.column = str(path), reason, line, column
        where = self.path
        if line is not None:
            where += f", line {line}"
        if column is not None:
            where += f", column {column}"
        super().__init__(f"{where}: {reason}")


@dataclass(frozen=True)
class RowError:
    """One rejected row: which file, which line, which field, and why."""

    path: str
    line: int
    field: str
    reason: str
    row_id: str = ""
    group_id: str = ""  # so --prune never removes a product whose new row was rejected

    def __str__(self) -> str:
        ident = f" (id {self.row_id})" if self.row_id else ""
        return f"{self.path}, line {self.line}{ident}, field {self.field}: {self.reason}"

    def as_dict(self) -> dict[str, str | int]:
        return {
            "path": self.path,
            "line": self.line,
            "field": self.field,
            "reason": self.reason,
            "id": self.row_id,
        }


@dataclass(frozen=True)
class FeedRow:
    """One sellable variant, normalised from any feed format."""

    line: int
    sku: str
    group_id: str
    title: str
    description: str
    brand: str
    product_type: str
    google_product_category: str
    gender: str
    link: str
    image_link: str
    color: str
    size: str
    material: str
    price_minor: int
    sale_price_minor: int | None
    currency: str
    availability: str
    stock: int | None
    status: str = ACTIVE  # the product's: active, draft, archived or unpublished
    # Specifications beyond title, colour and size, name -> value ({"ram": "16 GB"}).
    attributes: dict[str, str] = field(default_factory=dict)


def read_text(path: Path) -> str:
    """The file's text, UTF-8 (a BOM is accepted); otherwise a FeedError naming where it broke."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise FeedError(path, "file not found") from None
    except IsADirectoryError:
        raise FeedError(path, "is a directory, not a feed file") from None
    except PermissionError:
        raise FeedError(path, "permission denied") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        raise FeedError(
            path,
            f"not UTF-8 (byte 0x{data[error.start]:02x}); save the file as UTF-8",
            line=line,
            column=column,
        ) from None


def sniff_delimiter(header_line: str) -> str:
    """The delimiter the header uses most: tab, comma, semicolon (French Excel) or pipe."""
    return max(DELIMITERS, key=header_line.count)


def column_name(name: str) -> str:
    """Header cells compared loosely: " Title" == "title"; Google's "g:price" == "price"."""
    name = name.strip().lower()
    return name[2:] if name.startswith("g:") else name


def _numbered_repeats(names: list[str]) -> list[str]:
    """A column repeated in the header (Google's product_detail) keeps every cell: "name",
    "name[1]", "name[2]"... — the indexed form Meta's templates write themselves."""
    seen: dict[str, int] = {}
    numbered = []
    for name in names:
        count = seen.get(name, 0)
        seen[name] = count + 1
        numbered.append(f"{name}[{count}]" if count and name else name)
    return numbered


def repeated(row: dict[str, str], name: str) -> list[str]:
    """The non-empty cells of a column that may repeat: `name`, `name[0]`, `name[1]`, ..."""
    return [
        value
        for column, value in row.items()
        if value and (column == name or (column.startswith(f"{name}[") and column.endswith("]")))
    ]


def read_delimited(
    path: Path, required: set[str], text: str | None = None
) -> Iterator[tuple[int, dict[str, str]]]:
    """(line number, row) pairs from a CSV or TSV file whose header has every required column."""
    text = read_text(path) if text is None else text
    if not text.strip():
        raise FeedError(path, "the file is empty")
    header_line = text.lstrip("\r\n").split("\n", 1)[0]
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(header_line))
    if reader.fieldnames:
        reader.fieldnames = _numbered_repeats(
            [column_name(name or "") for name in reader.fieldnames]
        )
    columns = {name for name in (reader.fieldnames or []) if name}
    # "handle|url handle": either name will do (Shopify renamed its columns).
    missing = sorted(
        name.replace("|", " (or ") + ")" * name.count("|")
        for name in required
        if not any(alternative in columns for alternative in name.split("|"))
    )
    if missing:
        raise FeedError(path, f"missing required column(s): {', '.join(missing)}", line=1)
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise FeedError(path, f"malformed CSV: {error}", line=reader.line_num) from None
        # line_num is the physical line where the row ended; quoted newlines span several.
        cleaned = {
            key: (value or "").strip()
            for key, value in row.items()
            if key is not None and not isinstance(value, list)
        }
        yield reader.line_num, cleaned
