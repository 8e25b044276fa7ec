"""The shared kernel: money, the clock, settings and the database engine.

The bottom layer: it imports nothing else of ours, and everything may import it
(the catalog included). Enforced by the import contracts in pyproject.toml.
"""
