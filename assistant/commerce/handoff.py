"""A conversation handed to a person: the bot stays silent in it until the merchant releases it."""

from datetime import datetime

from sqlmodel import Field, SQLModel

from assistant.kernel.clock import utcnow


class Handoff(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    conversation_id: str = Field(index=True, max_length=200)
    language: str = Field(default="en", max_length=5)
    # The shopper's words that asked for a person, so the merchant knows where to start.
    message: str = ""
    created_at: datetime = Field(default_factory=utcnow)
    released_at: datetime | None = Field(default=None, index=True)

    @property
    def is_open(self) -> bool:
        return self.released_at is None

    def release(self) -> None:
        """Give the conversation back to the bot; releasing twice is harmless."""
        if self.released_at is None:
            self.released_at = utcnow()
