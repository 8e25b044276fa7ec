"""Fixtures: the real connector in the Rasa venv with a fake Graph API (testkit.messenger)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from testkit.messenger import Harness, harness_running


@pytest.fixture(scope="module")
def harness_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Harness]:
    with harness_running(tmp_path_factory.mktemp("connector") / "connector.log") as harness:
        yield harness


@pytest.fixture
def harness(harness_server: Harness) -> Harness:
    harness_server.reset()
    return harness_server
