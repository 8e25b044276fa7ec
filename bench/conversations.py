"""`python -m bench conversations`: the blind conversations, played on the real stack and judged.

Starts the whole stack once (testkit/stack.py: Rasa server, action server, web app, Stripe
sandbox, on free loopback ports, a fresh demo-catalog database), plays every conversation of
`bench/blind/search/conversations.yml` over Rasa's REST channel with a fresh sender id, and after
each turn judges the replies and the sender's cart (`bench/conversation_judge.py` says how each
expectation is read). A turn is right when all its expectations hold, the reply's language
included. Writes `bench/results/conversations.json` (per language, per expectation kind, per
conversation) and lists every failed turn in `reports/conversations.txt`.

`python -m bench conversations_N` plays set N (`conversations_N.yml`, another author's, written
blind from the catalog alone) the same way: `bench/results/conversations_N.json`,
`reports/conversations_N.txt`. `bench/blind_sets.py` says who each set was written for;
adding one is a file in `bench/blind/search/` and a line there.
"""

from __future__ import annotations

import re
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import httpx
import yaml
from sqlmodel import select

from assistant.kernel.database import session_scope
from assistant.kernel.settings import PROJECT_ROOT
from assistant.services.carts import view_cart
from assistant.services.orders import shoppers_orders
from assistant.services.unit_of_work import UnitOfWork
from assistant.services.views import LineView, OrderView
from assistant.training import ensure_model
from bench.blind_sets import CONVERSATIONS
from bench.conversation_judge import (
    CatalogIndex,
    Judge,
    Markers,
    Observed,
    Verdict,
    language_detector,
)
from catalog.models import Product, Variant
from testkit.stack import Stack, stack_running

REPORTS = PROJECT_ROOT / "reports"
LANGUAGES = ("en", "fr")
STARTUP_TIMEOUT = 1200  # seconds; the Rasa model loads slowly on busy shared cores


def catalog_index(database_url: str) -> CatalogIndex:
    with session_scope(database_url) as session:
        rows = session.exec(select(Variant, Product).where(Variant.product_id == Product.id)).all()
        texts = {text for _, p in rows for text in (p.title, p.brand, p.description) if text}
        # An answer may quote one sentence of a description: the merchant's words, too.
        texts |= {s for _, p in rows for s in re.split(r"(?<=[.!?])\s+", p.description or "") if s}
        return CatalogIndex(
            groups={variant.sku: product.group_id for variant, product in rows},
            prices={variant.sku: variant.effective_price_minor for variant, _ in rows},
            texts=tuple(sorted(texts, key=len, reverse=True)),  # a title inside a description
        )


def play(stack: Stack, judge: Judge, conversation: dict[str, Any]) -> list[dict[str, Any]]:
    """Every turn of one conversation: what was said, what came back, the verdicts."""
    sender = f"bench-{conversation['id']}-{uuid.uuid4().hex[:8]}"
    shop = UnitOfWork(stack.settings.database_url)
    turns = []
    newest = None
    for number, turn in enumerate(conversation["turns"], start=1):
        error = None
        try:
            replies = stack.say(sender, turn["say"])
        except httpx.HTTPError as failed:  # judged as no reply; the report says why
            replies, error = [], repr(failed)
        seen = judge.observe(replies, bought(shop, sender, newest))
        newest = newest_order(shop, sender)
        verdicts = judge.verdicts(turn["expect"], seen, conversation["language"])
        said = {"number": number, "say": turn["say"], "error": error}
        turns.append({**said, "seen": seen, "verdicts": verdicts})
    return turns


def newest_order(shop: UnitOfWork, sender: str) -> OrderView | None:
    return next(iter(shoppers_orders(shop, sender, None)), None)


def bought(shop: UnitOfWork, sender: str, before: OrderView | None) -> list[tuple[str, int]]:
    """What the shopper is buying after the turn: the cart's lines or, when the turn turned the
    cart into an order (the payment link sent), that order's lines. A set may expect the cart
    on the turn the link is sent (set 25's and 26's authors did); the assistant empties the
    cart into the order then, so the order is what holds those products."""
    lines: Sequence[LineView] = view_cart(shop, sender).lines
    newest = newest_order(shop, sender)
    if not lines and newest is not None and (before is None or newest.id != before.id):
        lines = newest.lines
    return [(line.sku, line.quantity) for line in lines]


def run(conversation_set: Path = CONVERSATIONS) -> dict[str, Any]:
    """Plays one set; its failed turns go to reports/<set name>.txt."""
    conversations = yaml.safe_load(conversation_set.read_text(encoding="utf-8"))
    report = REPORTS / f"{conversation_set.stem}.txt"
    model, _ = ensure_model()
    started = time.perf_counter()
    with (
        tempfile.TemporaryDirectory() as workdir,
        stack_running(Path(workdir), timeout=STARTUP_TIMEOUT) as stack,
    ):
        ready = time.perf_counter()
        judge = Judge(
            markers=Markers.from_domain(),
            catalog=catalog_index(stack.settings.database_url),
            detect=language_detector(),
            payment_url=f"{stack.stripe_url}/pay/",
        )
        played = {c["id"]: play(stack, judge, c) for c in conversations}
        finished = time.perf_counter()
    result = tally(conversations, played)
    result["model"] = model.name
    result["set"] = str(conversation_set.relative_to(PROJECT_ROOT))
    result["summary"]["stack_start_seconds"] = round(ready - started, 1)
    result["summary"]["playing_seconds"] = round(finished - ready, 1)
    REPORTS.mkdir(exist_ok=True)
    report.write_text(failures(conversations, played))
    print(table(result))
    print(f"failed turns listed in {report.relative_to(PROJECT_ROOT)}")
    return result


def _right(turn: dict[str, Any]) -> bool:
    return all(verdict.held for verdict in turn["verdicts"])


def tally(
    conversations: list[dict[str, Any]], played: dict[str, list[dict[str, Any]]]
) -> dict[str, Any]:
    held: Counter[tuple[str, str]] = Counter()
    total: Counter[tuple[str, str]] = Counter()
    per_conversation = []
    languages = {code: Counter[str]() for code in LANGUAGES}
    for conversation in conversations:
        code, turns = conversation["language"], played[conversation["id"]]
        right = [turn["number"] for turn in turns if _right(turn)]
        for turn in turns:
            for verdict in turn["verdicts"]:
                total[verdict.kind, code] += 1
                held[verdict.kind, code] += verdict.held
        languages[code].update(
            turns=len(turns),
            right=len(right),
            conversations=1,
            conversations_all_right=int(len(right) == len(turns)),
        )
        per_conversation.append(
            {
                "id": conversation["id"],
                "language": code,
                "turns": len(turns),
                "right": len(right),
                "wrong_turns": [t["number"] for t in turns if t["number"] not in right],
            }
        )
    kinds = sorted({kind for kind, _ in total}, key=lambda kind: (kind == "language", kind))
    return {
        "summary": {
            **{f"{code}_turns_right": languages[code]["right"] for code in LANGUAGES},
            **{f"{code}_turns": languages[code]["turns"] for code in LANGUAGES},
            "conversations_all_right": sum(
                counts["conversations_all_right"] for counts in languages.values()
            ),
            "conversations": len(conversations),
        },
        "languages": {code: dict(counts) for code, counts in languages.items()},
        "expectations": {
            kind: {
                code: {"held": held[kind, code], "total": total[kind, code]} for code in LANGUAGES
            }
            for kind in kinds
        },
        "conversations": per_conversation,
    }


def table(result: dict[str, Any]) -> str:
    def cell(held: int, total: int) -> str:
        return f"{held}/{total}" if total else "-"

    rows = [("turns right", *(cell(v["right"], v["turns"]) for v in result["languages"].values()))]
    rows.append(
        (
            "conversations all right",
            *(
                cell(v["conversations_all_right"], v["conversations"])
                for v in result["languages"].values()
            ),
        )
    )
    for kind, counts in result["expectations"].items():
        rows.append((kind, *(cell(counts[c]["held"], counts[c]["total"]) for c in LANGUAGES)))
    lines = [f"{'':<26}{'en':>10}{'fr':>10}"]
    lines += [f"{name:<26}{en:>10}{fr:>10}" for name, en, fr in rows]
    return "\n".join(lines)


def failures(conversations: list[dict[str, Any]], played: dict[str, list[dict[str, Any]]]) -> str:
    """Each failed turn: conversation, turn, what the shopper said, expected and got."""
    blocks = []
    for conversation in conversations:
        for turn in played[conversation["id"]]:
            wrong: list[Verdict] = [v for v in turn["verdicts"] if not v.held]
            if not wrong:
                continue
            seen: Observed = turn["seen"]
            lines = [f"{conversation['id']} turn {turn['number']}: {turn['say']!r}"]
            lines += [f"  {v.kind}: expected {v.expected}; got {v.got}" for v in wrong]
            lines.append(f"    {seen.summary()}")
            if turn["error"]:
                lines.append(f"    Rasa did not answer: {turn['error']}")
            blocks.append("\n".join(lines))
    header = f"{len(blocks)} failed turns (python -m bench conversations)\n\n"
    return header + "\n\n".join(blocks) + "\n"
