"""What every feed reader produces: normalised variant rows, or line-numbered row errors."""

from __future__ import annotations

import csv
import itertools
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

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
# One physical line: a JSON Lines product with all its variants fits many times over. Files are
# read a line at a time, so this (not the file's size) bounds what one read holds in memory.
LINE_MAX_BYTES = 8 * 1024 * 1024
# A cell: the csv module's own default limit (131,072 characters), left as it is for the whole
# process; Meta's and Google's longest field (a description) is under 10,000.
HEAD_BYTES = 64 * 1024  # what format sniffing reads


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


def _open(path: Path) -> Iterator[bytes]:
    """The file's lines as bytes, each at most LINE_MAX_BYTES; a FeedError if it cannot be."""
    try:
        with path.open("rb") as file:
            for number in itertools.count(1):
                raw = file.readline(LINE_MAX_BYTES + 1)
                if not raw:
                    return
                if len(raw) > LINE_MAX_BYTES:
                    raise FeedError(
                        path, f"a line over {LINE_MAX_BYTES:,} bytes: not a feed", line=number
                    )
                yield raw
    except FileNotFoundError:
        raise FeedError(path, "file not found") from None
    except IsADirectoryError:
        raise FeedError(path, "is a directory, not a feed file") from None
    except PermissionError:
        raise FeedError(path, "permission denied") from None


def read_lines(path: Path) -> Iterator[str]:
    """The file's lines (ends kept), streamed, UTF-8 (a BOM is accepted); otherwise a FeedError
    naming the line and column where it broke."""
    for number, raw in enumerate(_open(path), 1):
        try:
            text = raw.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError as error:
            start = error.start + (3 if number == 1 and raw.startswith(b"\xef\xbb\xbf") else 0)
            raise FeedError(
                path,
                f"not UTF-8 (byte 0x{raw[start]:02x}); save the file as UTF-8",
                line=number,
                column=start + 1,
            ) from None
        yield text


def read_json_lines(path: Path, what: str) -> Iterator[tuple[int, Any] | RowError]:
    """(line number, value) for each non-blank line of a JSON Lines file, or a RowError naming
    a line that is not JSON (`what` one line should hold: "product", "fare"); a FeedError when
    the file is empty, or as read_lines says."""
    empty = True
    for line, raw in enumerate(read_lines(path), 1):
        if not raw.strip():
            continue
        empty = False
        try:
            value = json.loads(raw)
        except json.JSONDecodeError as error:
            yield RowError(
                str(path), line, "(line)", f"not JSON: {error.msg} at column {error.colno}"
            )
            continue
        except (ValueError, RecursionError) as error:  # a huge number, or nested too deep
            yield RowError(str(path), line, "(line)", f"not a {what}: {str(error)[:100]}")
            continue
        yield line, value
    if empty:
        raise FeedError(path, "the file is empty")


def read_head(path: Path, size: int = HEAD_BYTES) -> str:
    """The start of the file's text, enough to tell its format (stops after `size` bytes)."""
    head: list[str] = []
    total = 0
    for line in read_lines(path):
        head.append(line)
        total += len(line)
        if total >= size:
            break
    return "".join(head)


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
    path: Path, required: set[str], lines: Iterable[str] | None = None
) -> Iterator[tuple[int, dict[str, str]]]:
    """(line number, row) pairs from a CSV or TSV file whose header has every required column,
    read a line at a time."""
    stream = iter(read_lines(path) if lines is None else lines)
    leading: list[str] = []  # blank lines before the header: kept, so line numbers stay true
    header_line = next(stream, "")
    while header_line and not header_line.strip():
        leading.append(header_line)
        header_line = next(stream, "")
    if not header_line.strip():
        raise FeedError(path, "the file is empty")
    reader = csv.DictReader(
        itertools.chain(leading, [header_line], stream),
        delimiter=sniff_delimiter(header_line.rstrip("\r\n")),
    )
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
        started = reader.line_num + 1  # a quoted cell may span lines: name the row's first
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            reason = f"malformed CSV: {error}"
            if "field larger than field limit" in str(error):
                reason = f"a cell over {csv.field_size_limit():,} characters: not a product field"
            raise FeedError(path, reason, line=started) from None
        # line_num is the physical line where the row ended; quoted newlines span several.
        cleaned = {
            key: (value or "").strip()
            for key, value in row.items()
            if key is not None and not isinstance(value, list)
        }
        yield reader.line_num, cleaned
