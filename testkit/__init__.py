"""Support shared by the tests and the benchmarks: ports, processes, databases, fake servers.

No pytest here: the fixtures in tests/**/conftest.py are thin wrappers over these helpers, and
bench/ uses them as plain context managers.
"""
