"""`python -m bench.report [--write]`: the figures of README.md and docs/*.md from bench/results.

Without `--write`, lists every rendered block that differs from what the results give now and
exits 1 if there is one; with `--write`, rewrites those blocks in place (`make docs`, and the end
of `make bench`).
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path

from bench.figures import BLOCKS
from bench.markers import Block, blocks, body, documents, rewrite

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Stale:
    path: Path
    line: int  # first line that differs
    found: str
    expected: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: found {self.found!r}, the results give {self.expected!r}"


def render(name: str) -> str:
    if name not in BLOCKS:
        raise KeyError(f"no renderer for block {name!r} (bench/figures.py BLOCKS)")
    return BLOCKS[name]()


def _first_difference(path: Path, block: Block) -> Stale | None:
    found, expected = block.body.split("\n"), body(render(block.name)).split("\n")
    for offset, (have, want) in enumerate(zip(found, expected, strict=False)):
        if have != want:
            return Stale(path, block.line + 1 + offset, have, want)
    if len(found) != len(expected):
        shorter = min(len(found), len(expected))
        return Stale(path, block.line + 1 + shorter, "\n".join(found[shorter:]), "")
    return None


def stale_blocks(root: Path = ROOT) -> list[Stale]:
    differences = []
    for path in documents(root):
        for block in blocks(path.read_text()):
            difference = _first_difference(path.relative_to(root), block)
            if difference:
                differences.append(difference)
    return differences


def write(root: Path = ROOT) -> list[Path]:
    """Rewrites every document whose blocks changed; returns those documents."""
    changed = []
    for path in documents(root):
        text = path.read_text()
        new = rewrite(text, render)
        if new != text:
            path.write_text(new)
            changed.append(path.relative_to(root))
    return changed


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.report", description=__doc__)
    parser.add_argument("--write", action="store_true", help="rewrite the blocks in place")
    if parser.parse_args().write:
        for path in write():
            print(f"rewrote {path}")
        return 0
    differences = stale_blocks()
    for difference in differences:
        print(difference)
    return 1 if differences else 0


if __name__ == "__main__":
    raise SystemExit(main())
