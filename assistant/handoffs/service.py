"""Open, list and release handoffs. The Rasa side (pausing the bot) is the caller's job."""

from __future__ import annotations

from sqlmodel import Session, col, select

from assistant.handoffs.models import Handoff
from catalog.models import utcnow


class UnknownHandoff(LookupError):
    pass


def open_handoff(session: Session, conversation_id: str, message: str, language: str) -> Handoff:
    """Record the request; asking twice keeps the one open handoff instead of adding another."""
    handoff = session.exec(
        select(Handoff)
        .where(Handoff.conversation_id == conversation_id)
        .where(col(Handoff.released_at).is_(None))
    ).first()
    if handoff is None:
        handoff = Handoff(
            conversation_id=conversation_id, message=message[:1000], language=language
        )
        session.add(handoff)
        session.flush()
    return handoff


def list_handoffs(session: Session, include_released: bool = False) -> list[Handoff]:
    statement = select(Handoff).order_by(col(Handoff.id))
    if not include_released:
        statement = statement.where(col(Handoff.released_at).is_(None))
    return list(session.exec(statement))


def release_handoff(session: Session, handoff_id: int) -> Handoff:
    """Mark the handoff released; releasing twice is harmless."""
    handoff = session.get(Handoff, handoff_id)
    if handoff is None:
        raise UnknownHandoff(f"no handoff with id {handoff_id}")
    if handoff.released_at is None:
        handoff.released_at = utcnow()
        session.flush()
    return handoff
