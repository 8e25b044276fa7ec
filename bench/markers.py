"""Rendered blocks in Markdown: `<!-- bench:NAME -->` … `<!-- /bench:NAME -->`, each marker on a
line of its own. What lies between two markers is written by `bench.report`, never by hand."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

_BLOCK = re.compile(
    r"^<!-- bench:(?P<name>\w+) -->\n(?P<body>.*?)^<!-- /bench:(?P=name) -->$", re.M | re.S
)
_OPENING = re.compile(r"<!-- bench:\w+ -->")


@dataclass(frozen=True)
class Block:
    name: str
    body: str  # the lines between the markers, as they are in the file
    line: int  # 1-based line of the opening marker


def documents(root: Path) -> list[Path]:
    """The Markdown files whose figures must come from bench/results."""
    return [root / "README.md", *sorted((root / "docs").glob("*.md"))]


def blocks(text: str) -> list[Block]:
    found = [
        Block(match["name"], match["body"], text.count("\n", 0, match.start()) + 1)
        for match in _BLOCK.finditer(text)
    ]
    # An opening marker without its closing one would silently keep stale text: refuse it.
    opened = [text.count("\n", 0, m.start()) + 1 for m in _OPENING.finditer(text)]
    unclosed = sorted(set(opened) - {block.line for block in found})
    if unclosed:
        raise ValueError(f"line {unclosed[0]}: bench marker without its closing marker")
    return found


def body(content: str) -> str:
    """Blank lines around the content, so Markdown reads it apart from the comments."""
    return f"\n{content.strip()}\n\n"


def rewrite(text: str, render: Callable[[str], str]) -> str:
    """`text` with each block's body replaced by `render(name)`."""
    blocks(text)  # refuses unclosed markers before anything is replaced
    return _BLOCK.sub(
        lambda m: (
            f"<!-- bench:{m['name']} -->\n{body(render(m['name']))}<!-- /bench:{m['name']} -->"
        ),
        text,
    )
