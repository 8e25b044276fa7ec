"""How a meal order reaches the shopper: delivered to an address or collected, when, and the
phone number the rider calls. Kept on the cart while the shopper gives it, then on the order."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlmodel import Field, SQLModel

from catalog.menu.delivery import Fulfilment


@dataclass(frozen=True)
class Delivery:
    mode: Fulfilment
    phone: str  # E.164, "+33612345678"
    address: str | None = None  # the street part; None for a pickup
    postcode: str | None = None
    time: datetime | None = None  # UTC; None: as soon as possible

    def __post_init__(self) -> None:
        if self.mode is Fulfilment.DELIVERY and not (self.address and self.postcode):
            raise ValueError("a delivery needs an address and a postcode")
        if self.time is not None and self.time.tzinfo is None:
            raise ValueError("the delivery time must be timezone-aware (UTC)")


class DeliveryFields(SQLModel):
    """The delivery's columns, shared by the cart and the order. Personal data: the privacy
    path exports them and erases address, postcode and phone (`forget_delivery`)."""

    delivery_mode: str | None = Field(default=None, max_length=20)
    delivery_address: str | None = Field(default=None, max_length=300)
    delivery_postcode: str | None = Field(default=None, max_length=20)
    delivery_time: datetime | None = None
    delivery_phone: str | None = Field(default=None, max_length=20)

    @property
    def delivery(self) -> Delivery | None:
        if self.delivery_mode is None or self.delivery_phone is None:
            return None
        wanted = self.delivery_time
        if wanted is not None and wanted.tzinfo is None:  # SQLite keeps no offset: stored as UTC
            wanted = wanted.replace(tzinfo=UTC)
        return Delivery(
            Fulfilment(self.delivery_mode),
            self.delivery_phone,
            self.delivery_address,
            self.delivery_postcode,
            wanted,
        )

    def keep_delivery(self, delivery: Delivery | None) -> None:
        self.delivery_mode = delivery.mode if delivery else None
        self.delivery_address = delivery.address if delivery else None
        self.delivery_postcode = delivery.postcode if delivery else None
        self.delivery_time = delivery.time if delivery else None
        self.delivery_phone = delivery.phone if delivery else None

    def forget_delivery(self) -> None:
        """Erase where and how to reach the shopper; the mode and time stay for the accounts."""
        self.delivery_address = self.delivery_postcode = self.delivery_phone = None
