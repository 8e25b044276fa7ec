"""`assistant chat` talks to the running bot from a terminal (here: piped standard input)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from testkit.stack import Stack

ASSISTANT = str(Path(sys.executable).parent / "assistant")


def test_chat_prints_the_bots_replies(stack: Stack) -> None:
    result = subprocess.run(
        [ASSISTANT, "chat", "--url", stack.rasa_url, "--sender", "cli-test"],
        input="hi\nI'm looking for a red t-shirt\n/quit\n",
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
        env={"NO_COLOR": "1", "COLUMNS": "200", "PATH": "/usr/bin:/bin"},
    )
    assert "bot> Hi! I'm the shop assistant" in result.stdout
    assert "[Add to cart] /add_to_cart" in result.stdout
