"""Handoffs to a person: opened once, listed, released, against real SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from assistant.db import session_scope
from assistant.handoffs.service import (
    UnknownHandoff,
    list_handoffs,
    open_handoff,
    release_handoff,
)


def test_handoff_open_once_list_and_release(database_url: str) -> None:
    with session_scope(database_url) as session:
        first = open_handoff(session, "alice", "I want a human", "en")
        again = open_handoff(session, "alice", "hello?", "en")
        assert again.id == first.id
        open_handoff(session, "bob", "un humain svp", "fr")
    with session_scope(database_url) as session:
        assert [h.conversation_id for h in list_handoffs(session)] == ["alice", "bob"]
        assert first.id is not None
        release_handoff(session, first.id)
        release_handoff(session, first.id)  # twice is harmless
        assert [h.conversation_id for h in list_handoffs(session)] == ["bob"]
        assert len(list_handoffs(session, include_released=True)) == 2
        with pytest.raises(UnknownHandoff):
            release_handoff(session, 999)
    with session_scope(database_url) as session:  # released: a new request opens a new one
        assert open_handoff(session, "alice", "again", "en").id != first.id
