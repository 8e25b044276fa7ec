"""A data-deletion request made by Meta's callback on a shopper's behalf, and its progress.

The row never holds who asked once the deletion is done: `subjects` (the ids still to forget)
is emptied when the work completes, so the row the shopper can check keeps only a code and a
status.
"""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import String
from sqlmodel import Field, SQLModel

from assistant.kernel.clock import utcnow


class DeletionStatus(StrEnum):
    PENDING = "pending"  # received; the forget did not complete yet (retried by maintenance)
    DONE = "done"


class DeletionRequest(SQLModel, table=True):
    __tablename__ = "data_deletion_request"

    id: int | None = Field(default=None, primary_key=True)
    confirmation_code: str = Field(unique=True, max_length=64)
    status: DeletionStatus = Field(default=DeletionStatus.PENDING, index=True, sa_type=String(20))
    # The ids still to forget, space-separated; emptied once done (no personal data kept).
    subjects: str = ""
    conversations_forgotten: int = 0
    requested_at: datetime = Field(default_factory=utcnow)
    completed_at: datetime | None = None

    def complete(self, conversations_forgotten: int) -> None:
        self.status = DeletionStatus.DONE
        self.subjects = ""
        self.conversations_forgotten = conversations_forgotten
        self.completed_at = utcnow()
