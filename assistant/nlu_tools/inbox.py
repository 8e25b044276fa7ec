"""The trainer's inbox: what real shoppers wrote that the model did not understand well.

Reads the user events of Rasa's SQL tracker store (table `events`, one JSON row per event).
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import yaml
from sqlalchemy import create_engine, inspect, text

FALLBACK_INTENT = "nlu_fallback"


class InboxError(RuntimeError):
    pass


@dataclass
class InboxItem:
    text: str
    count: int = 0
    conversations: set[str] = field(default_factory=set)
    lowest_confidence: float = 1.0
    guesses: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    last_seen: float = 0.0

    @property
    def guess(self) -> str:
        """The intent the model leaned to most often (ignoring the fallback itself)."""
        return max(self.guesses, key=self.guesses.__getitem__) if self.guesses else FALLBACK_INTENT

    @property
    def last_seen_at(self) -> str:
        return datetime.fromtimestamp(self.last_seen, UTC).strftime("%Y-%m-%d %H:%M")


def _first_real_intent(parse_data: dict) -> tuple[str | None, float]:
    ranking = parse_data.get("intent_ranking") or [parse_data.get("intent") or {}]
    for entry in ranking:
        if entry.get("name") and entry["name"] != FALLBACK_INTENT:
            return entry["name"], float(entry.get("confidence") or 0.0)
    return None, 0.0


def parse_since(value: str, now: datetime | None = None) -> float:
    """ "7d", "24h", "30m" ago, or a date/time ("2026-11-01", "2026-11-01T09:00"), as a Unix time.

    A date without a zone is UTC, like the times the inbox prints.
    """
    now = now or datetime.now(UTC)
    duration = re.fullmatch(r"\s*(\d+)\s*([dhm])\s*", value.lower())
    if duration:
        amount, unit = int(duration.group(1)), duration.group(2)
        delta = {"d": timedelta(days=amount), "h": timedelta(hours=amount)}.get(
            unit, timedelta(minutes=amount)
        )
        return (now - delta).timestamp()
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        raise InboxError(
            f"--since {value!r}: expected a duration like 7d, 24h, 30m or a date like 2026-11-01"
        ) from None
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).timestamp()


def read_inbox(
    tracker_url: str, min_confidence: float = 0.7, since: float | None = None
) -> list[InboxItem]:
    """Messages that fell to the fallback or scored under `min_confidence`, most frequent first;
    only those sent at or after `since` (a Unix time) when it is given."""
    engine = create_engine(tracker_url)
    try:
        if not inspect(engine).has_table("events"):
            raise InboxError(
                f"no `events` table at {engine.url.render_as_string(hide_password=True)}: "
                "has Rasa run with the SQL tracker store of endpoints.yml?"
            )
        with engine.connect() as connection:
            query = "SELECT sender_id, timestamp, data FROM events WHERE type_name = 'user'"
            if since is not None:
                query += " AND timestamp >= :since"
            rows = connection.execute(text(query), {"since": since}).all()
    finally:
        engine.dispose()
    items: dict[str, InboxItem] = {}
    for sender_id, timestamp, data in rows:
        event = json.loads(data)
        message = " ".join(str(event.get("text") or "").split())
        if not message or message.startswith("/"):
            continue  # button payloads are not the shopper's words
        parse_data = event.get("parse_data") or {}
        intent = parse_data.get("intent") or {}
        confidence = float(intent.get("confidence") or 0.0)
        if intent.get("name") != FALLBACK_INTENT and confidence >= min_confidence:
            continue
        item = items.setdefault(message.lower(), InboxItem(message))
        item.count += 1
        item.conversations.add(sender_id)
        guess, guess_confidence = _first_real_intent(parse_data)
        item.lowest_confidence = min(item.lowest_confidence, guess_confidence)
        if guess:
            item.guesses[guess] += 1
        item.last_seen = max(item.last_seen, float(timestamp or 0))
    return sorted(items.values(), key=lambda item: (-item.count, -item.last_seen))


def export_yaml(items: list[InboxItem], path: Path) -> None:
    """Rasa NLU YAML, grouped under the model's best guess, for a trainer to correct and move."""
    by_intent: dict[str, list[str]] = defaultdict(list)
    for item in items:
        by_intent[item.guess].append(item.text)
    header = (
        "# Exported by `assistant nlu inbox`: real messages the model was unsure about,\n"
        "# grouped under its best guess. Check each intent, annotate entities, then move\n"
        "# the examples into data/nlu/en.yml or data/nlu/fr.yml.\n"
    )
    document = {
        "version": "3.1",
        "nlu": [
            {"intent": intent, "examples": "".join(f"- {text}\n" for text in texts)}
            for intent, texts in sorted(by_intent.items())
        ],
    }
    body = yaml.dump(document, Dumper=_BlockDumper, allow_unicode=True, sort_keys=False)
    partial = path.with_name(path.name + ".part")
    partial.write_text(header + body)
    partial.replace(path)  # a reader never sees a half-written file


def remove_examples(path: Path, texts: set[str]) -> int:
    """Take the shopper's messages out of an export written by `export_yaml` (forgetting a
    shopper): the examples equal to one of `texts`, compared as the inbox groups them. The
    file keeps its header and order; how many examples were removed."""
    wanted = {" ".join(text.split()).lower() for text in texts if text.strip()}
    header = "".join(line for line in path.read_text().splitlines(True) if line.startswith("#"))
    document = yaml.safe_load(path.read_text()) or {}
    removed = 0
    for group in document.get("nlu") or []:
        examples = [line[2:] for line in str(group.get("examples") or "").splitlines()]
        kept = [text for text in examples if " ".join(text.split()).lower() not in wanted]
        removed += len(examples) - len(kept)
        group["examples"] = "".join(f"- {text}\n" for text in kept)
    document["nlu"] = [group for group in document.get("nlu") or [] if group["examples"]]
    if removed:
        body = yaml.dump(document, Dumper=_BlockDumper, allow_unicode=True, sort_keys=False)
        partial = path.with_name(path.name + ".part")
        partial.write_text(header + body)
        partial.replace(path)
    return removed


class _BlockDumper(yaml.SafeDumper):
    """Writes multi-line strings as `|` blocks, the way Rasa's own files look."""


def _block_strings(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_BlockDumper.add_representer(str, _block_strings)
