"""Benchmarks: `make bench` (python -m bench). Results are written to bench/results/*.json and
rendered into README.md and docs/*.md by `python -m bench.report --write`."""

from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"
