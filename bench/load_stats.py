"""The arithmetic of `python -m bench load`, apart from any server: latency percentiles, one
level's figures, the ratios to the moodbot, and the end-state audit of the shoppers' purchases.
Tested in tests/unit/test_load_stats.py."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

PERCENTILES = {"p50": 0.50, "p95": 0.95, "p99": 0.99}


class ScriptError(RuntimeError):
    """A conversation cannot go on: a failed message, or a reply lacking what the next step
    needs (no product, no payment link)."""


def percentile(samples: list[float], fraction: float) -> float:
    """Linear interpolation between the two nearest ranks (numpy's default): stable on the few
    samples a short run at one conversation gives."""
    if not samples:
        raise ValueError("no samples")
    if not 0 <= fraction <= 1:
        raise ValueError(f"fraction {fraction} is outside [0, 1]")
    ordered = sorted(samples)
    position = fraction * (len(ordered) - 1)
    below = int(position)
    above = min(below + 1, len(ordered) - 1)
    return ordered[below] + (ordered[above] - ordered[below]) * (position - below)


@dataclass
class LevelRun:
    """What one bot did at one concurrency level."""

    concurrency: int
    latencies_ms: list[float]  # one per message answered
    errors: int  # messages that failed (HTTP error, timeout, a reply the script could not use)
    elapsed_s: float
    cpu_s: float  # CPU time of the bot's server processes during the level
    conversations: int  # conversations finished
    # CPU seconds of each server process during the level, when there are several
    cpu_by_process: dict[str, float] = field(default_factory=dict)

    def summary(self) -> dict[str, Any]:
        answered = len(self.latencies_ms)
        figures: dict[str, Any] = {
            "concurrency": self.concurrency,
            "messages": answered,
            "errors": self.errors,
            "conversations": self.conversations,
            "seconds": round(self.elapsed_s, 2),
            "msg_per_s": round(answered / self.elapsed_s, 2) if self.elapsed_s else 0.0,
            "cpu_s": round(self.cpu_s, 2),
            "cpu_s_per_msg": round(self.cpu_s / answered, 4) if answered else None,
        }
        for name, fraction in PERCENTILES.items():
            figures[f"{name}_ms"] = (
                round(percentile(self.latencies_ms, fraction), 1) if answered else None
            )
        if self.cpu_by_process:
            figures["cpu_s_by_process"] = {
                name: round(seconds, 2) for name, seconds in sorted(self.cpu_by_process.items())
            }
        return figures


def ratio(ours: float | None, theirs: float | None) -> float | None:
    """ours / theirs, or None when either side has no figure (nothing answered)."""
    if ours is None or theirs is None or theirs == 0:
        return None
    return round(ours / theirs, 2)


def compare(shop: dict[str, Any], moodbot: dict[str, Any]) -> dict[str, float | None]:
    """The issue's two keys: above 1 means ours is slower (p95) or faster (throughput)."""
    return {
        "p95_ratio_to_moodbot": ratio(shop["p95_ms"], moodbot["p95_ms"]),
        "throughput_ratio_to_moodbot": ratio(shop["msg_per_s"], moodbot["msg_per_s"]),
        "cpu_per_msg_ratio_to_moodbot": ratio(shop["cpu_s_per_msg"], moodbot["cpu_s_per_msg"]),
    }


@dataclass(frozen=True)
class Purchase:
    """What a shopper's script did: the one size it added and whether it paid."""

    conversation_id: str
    sku: str | None
    paid: bool  # the sandbox payment page accepted the payment


@dataclass(frozen=True)
class EndState:
    """What the shop's database holds for one conversation after the level."""

    conversation_id: str
    cart_lines: int
    orders: list[tuple[str, list[tuple[str, int]], bool]]  # (status, [(sku, qty)], receipt sent)
    payment_events: int  # checkout.session.completed events recorded for its orders


def audit(purchases: Iterable[Purchase], states: dict[str, EndState]) -> dict[str, int]:
    """Counts over the purchases that were paid: each must end with an empty cart and exactly
    one paid order holding one unit of the added size, its receipt sent, its payment recorded
    once. Lost: paid at the sandbox, no paid order (or no receipt). Doubled: more than one
    order, more than one unit, or the payment recorded twice."""
    counts = {
        "paid_at_sandbox": 0,
        "orders_paid": 0,
        "receipts_sent": 0,
        "lost": 0,
        "doubled": 0,
        "carts_left_with_lines": 0,
        "wrong_items": 0,
    }
    for purchase in purchases:
        if not purchase.paid:
            continue
        counts["paid_at_sandbox"] += 1
        state = states.get(purchase.conversation_id)
        orders = state.orders if state else []
        paid = [order for order in orders if order[0] == "paid"]
        counts["orders_paid"] += len(paid)
        counts["receipts_sent"] += sum(1 for order in paid if order[2])
        if not paid or not all(order[2] for order in paid):
            counts["lost"] += 1
        if len(orders) > 1 or (state is not None and state.payment_events > 1):
            counts["doubled"] += 1
        if state is not None and state.cart_lines:
            counts["carts_left_with_lines"] += 1
        if any(order[1] != [(purchase.sku, 1)] for order in paid):
            counts["wrong_items"] += 1
    return counts


def _audits(level: dict[str, Any]) -> list[dict[str, int]]:
    return [level[key] for key in ("end_state", "end_state_messenger") if key in level]


def summary(levels: list[dict[str, Any]]) -> dict[str, Any]:
    """The run in a few figures: purchases audited (every channel), and per level the bots'
    throughput, the ratios and the errors."""
    figures: dict[str, Any] = {
        key: sum(audit[name] for level in levels for audit in _audits(level))
        for key, name in (
            ("lost", "lost"),
            ("doubled", "doubled"),
            ("purchases_paid", "paid_at_sandbox"),
        )
    }
    for level in levels:
        shop, moodbot = level["shop"], level["moodbot"]
        figures[f"c{level['concurrency']}"] = row = {
            "shop_msg_per_s": shop["msg_per_s"],
            "moodbot_msg_per_s": moodbot["msg_per_s"],
            "p95_ratio_to_moodbot": level["p95_ratio_to_moodbot"],
            "throughput_ratio_to_moodbot": level["throughput_ratio_to_moodbot"],
            "errors": shop["errors"] + moodbot["errors"],
        }
        if "shop_messenger" in level:
            row["messenger_msg_per_s"] = level["shop_messenger"]["msg_per_s"]
            row["messenger_p95_ratio_to_moodbot"] = level["messenger_p95_ratio_to_moodbot"]
            row["errors"] += level["shop_messenger"]["errors"]
    return figures
