"""End-to-end: everything here runs the real Rasa (server, action server, trained model), so
every test below this folder is marked `e2e` and `make test-fast` leaves it out."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from testkit.stack import Stack, stack_running

HERE = Path(__file__).parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # Called with every collected item, not only this folder's: mark ours by path.
    for item in items:
        if HERE in item.path.parents:
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """The real stack (testkit/stack.py), started once per test session."""
    with stack_running(tmp_path_factory.mktemp("stack")) as running_stack:
        yield running_stack
