"""The real stack (testkit.stack), started once per test session."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from testkit.stack import Stack, stack_running


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    with stack_running(tmp_path_factory.mktemp("stack")) as running_stack:
        yield running_stack
