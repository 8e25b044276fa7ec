"""Handoffs: a shopper asks for a person; the merchant gives the conversation back later.

Pausing and resuming the bot is Rasa's side, done by the caller (the action pauses, the CLI
resumes through Rasa's HTTP API before releasing here).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from assistant.commerce.errors import UnknownHandoff
from assistant.commerce.handoff import Handoff
from assistant.services.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class HandoffView:
    id: int
    conversation_id: str
    language: str
    message: str
    created_at: datetime
    released_at: datetime | None

    @classmethod
    def of(cls, handoff: Handoff) -> HandoffView:
        assert handoff.id is not None
        return cls(
            handoff.id,
            handoff.conversation_id,
            handoff.language,
            handoff.message,
            handoff.created_at,
            handoff.released_at,
        )


def request_handoff(
    uow: UnitOfWork, conversation_id: str, message: str, language: str
) -> HandoffView:
    """Record the request; asking twice keeps the one open handoff instead of adding another."""
    with uow:
        handoff = uow.handoffs.open_for(conversation_id)
        if handoff is None:
            handoff = uow.handoffs.add(
                Handoff(conversation_id=conversation_id, message=message[:1000], language=language)
            )
        uow.commit()
        return HandoffView.of(handoff)


def list_handoffs(uow: UnitOfWork, include_released: bool = False) -> list[HandoffView]:
    with uow:
        return [HandoffView.of(handoff) for handoff in uow.handoffs.listed(include_released)]


def get_handoff(uow: UnitOfWork, handoff_id: int) -> HandoffView:
    with uow:
        handoff = uow.handoffs.get(handoff_id)
        if handoff is None:
            raise UnknownHandoff(f"no handoff with id {handoff_id}")
        return HandoffView.of(handoff)


def release_handoff(uow: UnitOfWork, handoff_id: int) -> HandoffView:
    """Mark the handoff released; releasing twice is harmless."""
    with uow:
        handoff = uow.handoffs.get(handoff_id)
        if handoff is None:
            raise UnknownHandoff(f"no handoff with id {handoff_id}")
        handoff.release()
        uow.commit()
        return HandoffView.of(handoff)
