"""Fixtures: the shop's payment path (testkit.shop) on the demo database."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator

import pytest

from testkit.shop import Shop, shop_running
from tests.stripe_sandbox.conftest import localstripe_url  # noqa: F401 (fixture)


@pytest.fixture
def start_shop(demo_db: str, localstripe_url: str) -> Iterator[Callable[..., Shop]]:  # noqa: F811
    """Start the payment path on `demo_db`; options: webhooks=False (no delivery), faults."""
    with contextlib.ExitStack() as stack:
        yield lambda **options: stack.enter_context(
            shop_running(demo_db, localstripe_url, **options)
        )


@pytest.fixture
def shop(start_shop: Callable[..., Shop]) -> Shop:
    return start_shop()
