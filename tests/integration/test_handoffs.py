"""Handoffs to a person: opened once, listed, released, against real SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from assistant.commerce.errors import UnknownHandoff
from assistant.services.handoffs import list_handoffs, release_handoff, request_handoff
from assistant.services.unit_of_work import UnitOfWork


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
