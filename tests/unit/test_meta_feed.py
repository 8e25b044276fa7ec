"""The Meta feed reader: file-level errors name file, line and column; rows get line errors."""

from pathlib import Path

import pytest

from catalog.feeds.base import FeedError, FeedRow, RowError
from catalog.feeds.meta import read_meta_feed

HEADER = "id,title,description,availability,condition,price,link,image_link,brand,item_group_id,color,size,quantity_to_sell_on_facebook"  # noqa: E501


def write(tmp_path: Path, *rows: str, name: str = "feed.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding=encoding)
    return path


def row(sku: str = "TS-1", title: str = "Tee", price: str = "12.99 EUR", **extra: str) -> str:
    availability = extra.get("availability", "in stock")
    quantity = extra.get("quantity", "5")
    return f'{sku},{title},Nice,{availability},new,"{price}",http://x,http://y,Acme,G1,red,M,{quantity}'


def test_reads_a_good_row(tmp_path: Path) -> None:
    [parsed] = list(read_meta_feed(write(tmp_path, row())))
    assert isinstance(parsed, FeedRow)
    assert (parsed.sku, parsed.group_id, parsed.price_minor, parsed.currency, parsed.stock) == (
        "TS-1",
        "G1",
        1299,
        "EUR",
        5,
    )
    assert parsed.line == 2


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(FeedError, match=r"nope\.csv: file not found"):
        list(read_meta_feed(tmp_path / "nope.csv"))


def test_not_utf8_names_line_and_column(tmp_path: Path) -> None:
    path = write(tmp_path, row(), row(sku="TS-2", title="Café"), encoding="latin-1")
    with pytest.raises(FeedError) as caught:
        list(read_meta_feed(path))
    assert (caught.value.line, caught.value.column) == (3, 9)
    assert "not UTF-8" in str(caught.value) and str(path) in str(caught.value)


def test_missing_required_columns(tmp_path: Path) -> None:
    path = tmp_path / "feed.csv"
    path.write_text("id,title\nA,B\n", encoding="utf-8")
    with pytest.raises(FeedError, match=r"line 1: missing required column\(s\): availability"):
        list(read_meta_feed(path))


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "feed.csv"
    path.write_text("", encoding="utf-8")
    with pytest.raises(FeedError, match="empty"):
        list(read_meta_feed(path))


def test_bom_and_windows_line_endings(tmp_path: Path) -> None:
    path = tmp_path / "feed.csv"
    path.write_bytes(("\ufeff" + HEADER + "\r\n" + row() + "\r\n").encode())
    assert [type(item) for item in read_meta_feed(path)] == [FeedRow]


@pytest.mark.parametrize(
    ("bad_row", "field", "reason"),
    [
        (row(sku=""), "id", "missing id"),
        (row(price="twelve EUR"), "price", "not a price"),
        (row(price="12.99 XYZ"), "price", "unknown currency"),
        (row(title="<b>Tee</b>"), "title", "HTML"),
        (row(availability="maybe"), "availability", "is not one of"),
        (row(quantity="-3"), "quantity_to_sell_on_facebook", "whole number"),
    ],
)
def test_row_errors_name_line_and_field(
    tmp_path: Path, bad_row: str, field: str, reason: str
) -> None:
    items = list(read_meta_feed(write(tmp_path, row(sku="OK-1"), bad_row)))
    assert isinstance(items[0], FeedRow)
    error = items[1]
    assert isinstance(error, RowError)
    assert (error.line, error.field) == (3, field)
    assert reason in error.reason
    assert "line 3" in str(error)


def test_duplicate_id_points_to_first_occurrence(tmp_path: Path) -> None:
    items = list(read_meta_feed(write(tmp_path, row(), row())))
    assert isinstance(items[1], RowError)
    assert items[1].reason == "duplicate id, first seen on line 2"
