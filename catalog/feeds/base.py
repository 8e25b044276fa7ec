"""What every feed reader produces: normalised variant rows, or line-numbered row errors."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

AVAILABILITIES = {
    "in stock": "in stock",
    "out of stock": "out of stock",
    "preorder": "preorder",
    "available for order": "in stock",
    "discontinued": "out of stock",
}


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


def read_delimited(path: Path, required: set[str]) -> Iterator[tuple[int, dict[str, str]]]:
    """(line number, row) pairs from a CSV or TSV file whose header has every required column."""
    text = read_text(path)
    if not text.strip():
        raise FeedError(path, "the file is empty")
    header_line = text.split("\n", 1)[0]
    delimiter = "\t" if header_line.count("\t") > header_line.count(",") else ","
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    columns = {name.strip().lower() for name in (reader.fieldnames or []) if name}
    missing = sorted(required - columns)
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
            (key or "").strip().lower(): (value or "").strip()
            for key, value in row.items()
            if key is not None and not isinstance(value, list)
        }
        yield reader.line_num, cleaned
