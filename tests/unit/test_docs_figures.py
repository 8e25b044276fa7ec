"""Every measured figure in README.md and docs/*.md comes from bench/results/*.json.

Figures live between `<!-- bench:NAME -->` markers, written by `python -m bench.report --write`
from the committed results. These tests fail when a block differs from what the results render
now, and when a number that looks like a measurement is written by hand outside a block.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bench.figures import BLOCKS
from bench.markers import blocks, documents
from bench.report import stale_blocks

ROOT = Path(__file__).resolve().parents[2]

_NUMBER = r"(?<![\w.,])\d[\d,]*(?:\.\d+)?"
_UNIT = (
    r"(?:ms|µs|sec|seconds?|min|minutes?|hours?|KB|KiB|MB|MiB|GB|GiB|%"
    r"|(?:[\w-]+ ){0,3}(?:[\w-]+/s|per second))"
)

MEASUREMENT = re.compile(
    # 8.1 ms, 30 %, 45.6 events/s, 1.06 GB, 11 min, 38 s (seconds spaced: "500s" are errors)
    rf"{_NUMBER}(?:\s?{_UNIT}|\ss)(?![\w/])"
    r"|(?<![\w.])(?:0\.\d{2,3}|1\.00)(?!\d)"  # scores: NDCG 0.864, F1 1.00
    r"|load average (?:of |about |~)?\d"  # the machine's load while something was measured
)

# Numbers that match the pattern but are not measurements: limits, settings and their defaults.
# Each is a phrase as the docs write it, so the same number elsewhere is still checked.
ALLOWED = {
    "(300 s tolerance)": "Stripe signature tolerance, a setting",
    "a 10 s timeout": "STRIPE_TIMEOUT_SECONDS default",
    "(after 60 s, up to 20 passes)": "receipt outbox retry settings",
    "Rasa's default of 60 s": "Rasa's TICKET_LOCK_LIFETIME default",
    "past 256 KiB": "webhook body limit (max-body-bytes)",
    "(256 KiB)": "STRIPE_WEBHOOK_MAX_BYTES default",
    "(256 MiB)": "CATALOG_MAX_FEED_BYTES default",
    "(default 256 MiB)": "CATALOG_MAX_FEED_BYTES default",
    "over 8 MiB": "the feed reader's line limit",
    "(Facebook retries after 20 s)": "Facebook's documented retry delay",
    "within 0.3 s (`typing-delay`)": "typing indicator setting",
    "(about 0.5 s, 1 s, 2 s)": "retry backoff settings",
    "10 MB cells": "size of a malformed input the loader is tested with",
    "+ 0.15 × bm25": "KEYWORD_WEIGHT in catalog/search.py",
    "100,000 products in under 3 minutes": "the catalog load target",
    "a p95 under 20 ms": "the search latency target",
}


def measurements_outside_blocks(path: Path, text: str) -> list[str]:
    """'file:line: figure' for each measurement-like number written outside a rendered block."""
    rendered: set[int] = set()
    for block in blocks(text):
        last = block.line + block.body.count("\n") + 1  # the closing marker
        rendered.update(range(block.line, last + 1))
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        if number in rendered:
            continue
        checked = line
        for phrase in ALLOWED:
            checked = checked.replace(phrase, "")
        found += [
            f"{path}:{number}: {m.group()!r} in: {line.strip()}"
            for m in MEASUREMENT.finditer(checked)
        ]
    return found


def test_rendered_blocks_match_the_results() -> None:
    stale = stale_blocks(ROOT)
    assert not stale, (
        "figures differ from bench/results (run `python -m bench.report --write`):\n"
        + "\n".join(map(str, stale))
    )


def test_no_measurement_outside_rendered_blocks() -> None:
    found = [
        finding
        for path in documents(ROOT)
        for finding in measurements_outside_blocks(path.relative_to(ROOT), path.read_text())
    ]
    assert not found, (
        "measurements written by hand: render them from bench/results (bench/figures.py), "
        "remove them, or if they are settings or limits add the phrase to ALLOWED:\n"
        + "\n".join(found)
    )


def test_every_allowed_phrase_is_needed() -> None:
    """Each phrase is in the docs and would be taken for a measurement: the list stays short."""
    text = "\n".join(path.read_text() for path in documents(ROOT))
    assert [phrase for phrase in ALLOWED if phrase not in text] == []
    assert [phrase for phrase in ALLOWED if not MEASUREMENT.search(phrase)] == []


def test_every_renderer_has_a_block_and_every_block_a_renderer() -> None:
    used = {block.name for path in documents(ROOT) for block in blocks(path.read_text())}
    assert used == set(BLOCKS)


@pytest.mark.parametrize(
    ("line", "figure"),
    [
        ("first search 1,027 ms, then 101 ms", "1,027 ms"),
        ("the price rules take 6 µs p50", "6 µs"),
        ("make test took 11 min 38 s", "11 min"),
        ("about 200 single-event posts/s end to end", "200 single-event posts/s"),
        ("about 400 batched events per second", "400 batched events per second"),
        ("45.6 events/s", "45.6 events/s"),
        ("RSS 644 MB (1.06 GB peak)", "644 MB"),
        ("30 % duplicates", "30 %"),
        ("keyword 0.549, hybrid 0.864", "0.549"),
        ("price F1 1.00", "1.00"),
        ("load average 8", "load average 8"),
    ],
)
def test_a_hand_written_measurement_is_caught(line: str, figure: str) -> None:
    found = measurements_outside_blocks(Path("README.md"), f"intro\n{line}\n")
    assert found and found[0].startswith(f"README.md:2: {figure!r}")


@pytest.mark.parametrize(
    "line",
    [
        "Python 3.11 and 3.10, rasa==3.6.21, port 5005",
        "text 2,000 characters, 13 quick replies, 159 products",
        "every `ASSISTANT_ORDER_SWEEP_SECONDS`, default 60",
        "--since 7d|24h|30m|2026-11-01, p95 and p50",
        "a scarf for 20 euros, 19,90 → 19.90",
    ],
)
def test_settings_limits_and_versions_pass(line: str) -> None:
    assert measurements_outside_blocks(Path("README.md"), line) == []


def test_a_number_inside_a_block_is_not_hand_written() -> None:
    text = "<!-- bench:price_rules -->\n\np50 12.7 µs\n\n<!-- /bench:price_rules -->\n"
    assert measurements_outside_blocks(Path("README.md"), text) == []


def test_a_stale_block_names_file_line_and_figure(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    name = "price_rules"
    (tmp_path / "README.md").write_text(
        f"# Title\n<!-- bench:{name} -->\n\n- p50 0.1 µs\n\n<!-- /bench:{name} -->\n"
    )
    [stale] = stale_blocks(tmp_path)
    assert (str(stale.path), stale.line, stale.found) == ("README.md", 4, "- p50 0.1 µs")
    assert stale.expected == BLOCKS[name]().strip()
