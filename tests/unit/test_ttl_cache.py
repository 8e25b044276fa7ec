"""The TTL cache behind the airports served and the menu: kept for its seconds, per key."""

from __future__ import annotations

from assistant.kernel.ttl_cache import TtlCache


def test_a_value_is_kept_for_its_seconds_per_key_then_read_again() -> None:
    now = [0.0]
    loads: list[str] = []
    cache: TtlCache[str, str] = TtlCache(60, clock=lambda: now[0])

    def load(key: str) -> str:
        loads.append(key)
        return f"{key}@{now[0]:.0f}"

    assert cache.get("a", lambda: load("a")) == "a@0"
    now[0] = 59.0
    assert cache.get("a", lambda: load("a")) == "a@0"
    assert cache.get("b", lambda: load("b")) == "b@59"
    now[0] = 60.0
    assert cache.get("a", lambda: load("a")) == "a@60"
    cache.clear()
    assert cache.get("b", lambda: load("b")) == "b@60"
    assert loads == ["a", "b", "a", "b"]
