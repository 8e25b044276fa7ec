"""Handoffs to a person: opened once, listed, released, against real SQLite and PostgreSQL."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.commerce.errors import UnknownHandoff
from assistant.services.handoffs import list_handoffs, release_handoff, request_handoff
from assistant.services.unit_of_work import UnitOfWork
from testkit.shop import RASA_TOKEN, RasaRecorder

ASSISTANT = str(Path(sys.executable).parent / "assistant")


def test_handoff_open_once_list_and_release(database_url: str) -> None:
    uow = UnitOfWork(database_url)
    first = request_handoff(uow, "alice", "I want a human", "en")
    again = request_handoff(uow, "alice", "hello?", "en")
    assert again.id == first.id
    request_handoff(uow, "bob", "un humain svp", "fr")
    assert [h.conversation_id for h in list_handoffs(uow)] == ["alice", "bob"]
    assert first.id is not None
    release_handoff(uow, first.id)
    release_handoff(uow, first.id)  # twice is harmless
    assert [h.conversation_id for h in list_handoffs(uow)] == ["bob"]
    assert len(list_handoffs(uow, include_released=True)) == 2
    with pytest.raises(UnknownHandoff):
        release_handoff(uow, 999)
    # released: a new request opens a new one
    assert request_handoff(uow, "alice", "again", "en").id != first.id


@pytest.mark.slow  # runs the `assistant` command twice
def test_release_keeps_a_conversation_id_inside_its_rasa_path(database_url: str) -> None:
    """Issue 13, finding 8: the id `..` must not turn /conversations/../tracker/events into
    /tracker/events; an odd but possible id (a dot, a slash) stays one path segment."""
    uow = UnitOfWork(database_url)
    dots = request_handoff(uow, "..", "help", "en")
    odd = request_handoff(uow, "a.b/c", "help", "en")
    with RasaRecorder().serve() as rasa:
        env = {**os.environ, "ASSISTANT_DATABASE_URL": database_url, "RASA_URL": rasa.url}
        env |= {"RASA_TOKEN": RASA_TOKEN, "NO_COLOR": "1"}

        def release(handoff_id: int) -> subprocess.CompletedProcess[str]:
            command = [ASSISTANT, "handoffs", "release", str(handoff_id)]
            return subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)

        refused = release(dots.id)
        assert refused.returncode == 1 and "not a conversation id: '..'" in refused.stderr
        assert release(odd.id).returncode == 0
        assert [call.path for call in rasa.calls] == ["/conversations/a.b%2Fc/tracker/events"]
    assert [h.conversation_id for h in list_handoffs(uow)] == [".."]  # still open
