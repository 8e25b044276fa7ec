"""Google Merchant Center feed: tab-separated text, or RSS 2.0 / Atom XML with the g: namespace.

The XML is parsed by defusedxml: a feed with a DTD or entity declarations is refused, so a
hostile file can neither read local files (external entities) nor explode in memory.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser, ParseError

from catalog.feeds.attributes import AttributeSyntaxError, add_attribute, google_product_details
from catalog.feeds.base import (
    FeedError,
    FeedRow,
    RowError,
    read_delimited,
    read_head,
    read_lines,
    repeated,
)
from catalog.feeds.rows import reject_duplicates, validate

REQUIRED_COLUMNS = {"id", "title", "description", "link", "image_link", "availability", "price"}
ITEM_TAGS = {"item", "entry"}  # RSS 2.0 and Atom


def read_google_feed(
    path: Path, default_currency: str | None = None
) -> Iterator[FeedRow | RowError]:
    if read_head(path).lstrip().startswith("<"):
        return reject_duplicates(str(path), _xml_rows(path, default_currency))
    return reject_duplicates(str(path), _tsv_rows(path, default_currency))


def _canonical(row: dict[str, str]) -> dict[str, str]:
    # Google has no stock column of its own; sell_on_google_quantity is the closest.
    return row | {
        "quantity": row.get("sell_on_google_quantity", ""),
        "quantity_field": "sell_on_google_quantity",
        "attributes_field": "product_detail",
    }


def _tsv_rows(path: Path, currency: str | None) -> Iterator[FeedRow | RowError]:
    for line, row in read_delimited(path, REQUIRED_COLUMNS):
        if not any(row.values()):
            continue
        try:
            details = google_product_details(repeated(row, "product_detail"))
        except AttributeSyntaxError as problem:
            sku = row.get("id", "")
            group_id = row.get("item_group_id", "") or sku  # so --prune keeps its product
            yield RowError(str(path), line, "product_detail", str(problem), sku, group_id)
            continue
        yield validate(str(path), line, _canonical(row), currency, details)


@dataclass
class _Item:
    line: int
    fields: dict[str, str] = field(default_factory=dict)
    details: dict[str, str] = field(default_factory=dict)  # from <g:product_detail> groups


class _ItemCollector:
    """An XMLParser target that keeps each <item>'s child texts and the line it started on.

    Nested groups are skipped (g:shipping, g:tax) except g:product_detail, whose
    section_name/attribute_name/attribute_value become one attribute.
    """

    def __init__(self) -> None:
        self.items: list[_Item] = []
        self.line = 0
        self._current: _Item | None = None
        self._text: list[str] = []
        self._depth_in_item = 0
        self._group: dict[str, str] = {}  # the children of the depth-1 element being read

    def start(self, tag: str, _attrs: dict[str, str]) -> None:
        name = tag.rsplit("}", 1)[-1].lower()
        if self._current is None:
            if name in ITEM_TAGS:
                self._current, self._depth_in_item = _Item(self.line), 0
            return
        self._depth_in_item += 1
        if self._depth_in_item == 1:
            self._group = {}
        self._text = []

    def end(self, tag: str) -> None:
        name = tag.rsplit("}", 1)[-1].lower()
        if self._current is None:
            return
        if self._depth_in_item == 0 and name in ITEM_TAGS:
            self.items.append(self._current)
            self._current = None
            return
        text = "".join(self._text).strip()
        if self._depth_in_item == 2:
            self._group[name] = text
        elif self._depth_in_item == 1 and name == "product_detail":
            add_attribute(
                self._current.details,
                self._group.get("attribute_name", ""),
                self._group.get("attribute_value", ""),
            )
        elif self._depth_in_item == 1 and not self._group:
            # Repeated flat fields (additional_image_link) keep their first value.
            self._current.fields.setdefault(name, text)
        self._depth_in_item -= 1
        self._text = []

    def data(self, text: str) -> None:
        self._text.append(text)

    def close(self) -> list[_Item]:
        return self.items


def _xml_rows(path: Path, currency: str | None) -> Iterator[FeedRow | RowError]:
    collector = _ItemCollector()
    parser = DefusedXMLParser(target=collector, forbid_dtd=True)
    try:
        # Feed line by line so each <item> knows the line it started on.
        for number, line in enumerate(read_lines(path), 1):
            collector.line = number
            parser.feed(line)
        items = parser.close()
    except DefusedXmlException as error:
        raise FeedError(path, f"refused unsafe XML ({type(error).__name__})") from None
    except ParseError as error:
        line, column = error.position
        reason = str(error.msg).split(": line")[0]
        raise FeedError(path, f"malformed XML: {reason}", line=line, column=column) from None
    if not items:
        raise FeedError(path, "no <item> or <entry> elements: not a Google product feed")
    for item in items:
        yield validate(str(path), item.line, _canonical(item.fields), currency, item.details)
