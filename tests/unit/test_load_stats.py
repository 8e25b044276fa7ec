"""The pure parts of `python -m bench load` (bench/load_stats.py): no server, no timing."""

from __future__ import annotations

import json
from typing import Any

import pytest

from bench import RESULTS
from bench.load_stats import (
    EndState,
    LevelRun,
    Purchase,
    audit,
    compare,
    percentile,
    ratio,
    summary,
)


def test_percentiles_interpolate_between_ranks() -> None:
    samples = [float(n) for n in range(1, 101)]  # 1 … 100
    assert percentile(samples, 0.5) == pytest.approx(50.5)
    assert percentile(samples, 0.95) == pytest.approx(95.05)
    assert percentile(samples, 0.99) == pytest.approx(99.01)
    assert percentile([7.0], 0.99) == 7.0
    assert percentile([30.0, 10.0, 20.0], 0.5) == 20.0  # unsorted input
    assert percentile([10.0, 20.0], 1.0) == 20.0


@pytest.mark.parametrize(("samples", "fraction"), [([], 0.5), ([1.0], 1.5), ([1.0], -0.1)])
def test_percentile_refuses_no_samples_or_a_fraction_outside_0_1(
    samples: list[float], fraction: float
) -> None:
    with pytest.raises(ValueError):
        percentile(samples, fraction)


def test_a_level_summary_has_throughput_percentiles_errors_and_cpu_per_message() -> None:
    run = LevelRun(
        concurrency=10,
        latencies_ms=[100.0] * 90 + [1000.0] * 10,
        errors=3,
        elapsed_s=20.0,
        cpu_s=8.0,
        conversations=11,
    )
    summary = run.summary()
    assert summary == {
        "concurrency": 10,
        "messages": 100,
        "errors": 3,
        "conversations": 11,
        "seconds": 20.0,
        "msg_per_s": 5.0,
        "cpu_s": 8.0,
        "cpu_s_per_msg": 0.08,
        "p50_ms": 100.0,
        "p95_ms": 1000.0,
        "p99_ms": 1000.0,
    }


def test_a_level_where_nothing_was_answered_has_no_percentiles() -> None:
    summary = LevelRun(1, [], errors=5, elapsed_s=3.0, cpu_s=0.1, conversations=0).summary()
    assert (summary["msg_per_s"], summary["p95_ms"], summary["cpu_s_per_msg"]) == (0.0, None, None)


def test_ratios_to_the_moodbot() -> None:
    shop = {"p95_ms": 300.0, "msg_per_s": 6.0, "cpu_s_per_msg": 0.3}
    moodbot = {"p95_ms": 200.0, "msg_per_s": 12.0, "cpu_s_per_msg": 0.1}
    assert compare(shop, moodbot) == {
        "p95_ratio_to_moodbot": 1.5,
        "throughput_ratio_to_moodbot": 0.5,
        "cpu_per_msg_ratio_to_moodbot": 3.0,
    }
    assert ratio(1.0, None) is None and ratio(None, 1.0) is None and ratio(1.0, 0.0) is None


def _paid(sender: str, sku: str = "TS-RED-M", receipt: bool = True) -> EndState:
    return EndState(sender, 0, [("paid", [(sku, 1)], receipt)], payment_events=1)


def test_an_audit_of_clean_purchases_finds_nothing_lost_or_doubled() -> None:
    purchases = [Purchase("a", "TS-RED-M", True), Purchase("b", "TS-RED-M", True)]
    counts = audit(purchases, {"a": _paid("a"), "b": _paid("b")})
    assert counts == {
        "paid_at_sandbox": 2,
        "orders_paid": 2,
        "receipts_sent": 2,
        "lost": 0,
        "doubled": 0,
        "carts_left_with_lines": 0,
        "wrong_items": 0,
    }


def test_an_audit_counts_lost_doubled_wrong_and_leftover_carts() -> None:
    purchases = [
        Purchase("no-order", "S", True),
        Purchase("no-receipt", "S", True),
        Purchase("two-orders", "S", True),
        Purchase("event-twice", "S", True),
        Purchase("other-size", "S", True),
        Purchase("cart-kept", "S", True),
        Purchase("unpaid", "S", False),  # never paid: not audited
    ]
    states = {
        "no-order": EndState("no-order", 0, [], 0),
        "no-receipt": _paid("no-receipt", "S", receipt=False),
        "two-orders": EndState(
            "two-orders", 0, [("paid", [("S", 1)], True), ("pending_payment", [("S", 1)], False)], 1
        ),
        "event-twice": EndState("event-twice", 0, [("paid", [("S", 1)], True)], 2),
        "other-size": _paid("other-size", "L"),
        "cart-kept": EndState("cart-kept", 1, [("paid", [("S", 1)], True)], 1),
    }
    counts = audit(purchases, states)
    assert counts["paid_at_sandbox"] == 6
    assert counts["lost"] == 2  # no order; paid but no receipt
    assert counts["doubled"] == 2  # a second order; the payment recorded twice
    assert counts["wrong_items"] == 1
    assert counts["carts_left_with_lines"] == 1
    assert counts["receipts_sent"] == 4  # all paid orders but the one without its receipt


def _level(concurrency: int) -> dict[str, Any]:
    side = LevelRun(concurrency, [100.0, 200.0], 0, 1.0, 0.2, 1).summary()
    return {
        "concurrency": concurrency,
        "moodbot": side,
        "shop": {**side, "errors": 1},
        **compare(side, side),
        "end_state": audit([Purchase("a", "S", True)], {"a": _paid("a", "S")}),
    }


def test_the_run_summary_names_each_level() -> None:
    assert summary([_level(1), _level(10)]) == {
        "lost": 0,
        "doubled": 0,
        "purchases_paid": 2,
        "c1": {
            "shop_msg_per_s": 2.0,
            "moodbot_msg_per_s": 2.0,
            "p95_ratio_to_moodbot": 1.0,
            "throughput_ratio_to_moodbot": 1.0,
            "errors": 1,
        },
        "c10": {
            "shop_msg_per_s": 2.0,
            "moodbot_msg_per_s": 2.0,
            "p95_ratio_to_moodbot": 1.0,
            "throughput_ratio_to_moodbot": 1.0,
            "errors": 1,
        },
    }


def test_the_summary_adds_messenger_purchases_and_errors() -> None:
    level = _level(1)
    level["shop_messenger"] = {**level["shop"], "errors": 2, "msg_per_s": 1.0}
    level["messenger_p95_ratio_to_moodbot"] = 1.5
    level["end_state_messenger"] = audit([Purchase("m", "S", True)], {"m": EndState("m", 0, [], 0)})
    figures = summary([level])
    assert (figures["lost"], figures["purchases_paid"]) == (1, 2)
    assert figures["c1"]["errors"] == 3  # REST 1, Messenger 2
    assert figures["c1"]["messenger_msg_per_s"] == 1.0
    assert figures["c1"]["messenger_p95_ratio_to_moodbot"] == 1.5


def test_the_committed_result_has_every_figure_the_issue_asks_for() -> None:
    run = json.loads((RESULTS / "load.json").read_text())
    assert run["machine"]["load_average_1m_at_start"] >= 0
    assert run["levels"], "no level measured"
    for level in run["levels"]:
        for bot in ("shop", "moodbot"):
            figures = level[bot]
            for key in ("msg_per_s", "p50_ms", "p95_ms", "p99_ms", "errors", "cpu_s_per_msg"):
                assert figures[key] is not None, (level["concurrency"], bot, key)
        assert level["p95_ratio_to_moodbot"] == ratio(
            level["shop"]["p95_ms"], level["moodbot"]["p95_ms"]
        )
        assert level["throughput_ratio_to_moodbot"] is not None
        assert {"lost", "doubled", "paid_at_sandbox"} <= set(level["end_state"])
        if "shop_messenger" in level:
            assert level["shop_messenger"]["p95_ms"] is not None
            assert level["messenger_p95_ratio_to_moodbot"] == ratio(
                level["shop_messenger"]["p95_ms"], level["moodbot"]["p95_ms"]
            )
            assert {"lost", "doubled"} <= set(level["end_state_messenger"])
