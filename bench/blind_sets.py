"""The blind conversation sets: where each lives, who it was written for, which are still unread.

Each set was written by a blind author from the catalog alone (`bench/blind/search/README_N.md`
says how). `python -m bench conversations_N` plays one (bench/conversations.py); the docs render
its first run beside the latest (bench/figures.py).
"""

from __future__ import annotations

from pathlib import Path

from assistant.kernel.settings import PROJECT_ROOT

BLIND = PROJECT_ROOT / "bench" / "blind" / "search"
CONVERSATIONS = BLIND / "conversations.yml"
# Each later set was written by another blind author after the sets before it had been read
# while fixing failures: an earlier set no longer measures what unseen shoppers get, the newest
# does until it is read too. Number → the shoppers its author wrote for.
SETS: dict[int, str] = {
    2: "chat shoppers, a first mix",
    3: "impatient mobile shoppers",
    4: "careful shoppers who describe a need",
    5: "bargain hunters and planners",
    6: "hurried phone shoppers, gift buyers",
    7: "shoppers who check specifications",
    8: "budget shoppers editing a basket",
    9: "shoppers who compare and change their mind",
    10: "ordinary first-time chat shoppers",
    11: "a constraint or a question first",
    12: "several things said at once",
    13: "a mix across the whole shop",
    14: "shopping for someone else",
    15: "setting up on a budget",
    16: "busy people typing on a phone",
    17: "careful shoppers who check",
    18: "chatty, indirect shoppers",
    19: "shoppers correcting themselves",
    20: "December gift shoppers",
    21: "January shoppers, some dictated",
    22: "shoppers putting a kit together",
    23: "shoppers replacing what broke or wore out",
    24: "shoppers who start from who they are",
    25: "shoppers who point back at what they were shown",
    26: "terse shoppers answering in a word or two",
    27: "shoppers who quote the shop's page and come back",
    28: "shoppers writing in a second language or mixing languages",
}
# Sets whose failures nobody working on the assistant has read: they still measure blind.
UNREAD = frozenset({7, 26, 27, 28})


def conversation_set(number: int) -> Path:
    """Where set `number` lives (1 is the first author's `conversations.yml`)."""
    return CONVERSATIONS if number == 1 else BLIND / f"conversations_{number}.yml"
