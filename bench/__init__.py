"""Benchmarks: `make bench` (python -m bench). Results are written to bench/results/*.json."""
