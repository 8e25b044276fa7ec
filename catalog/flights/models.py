"""Flight tables: a flight (one departure of one flight number) and its fares (what is sold).

A fare is to a flight what a variant is to a product: the bookable thing, with a price and a
stock (seats). It offers Variant's stock interface (`effective_price_minor`, `purchasable`,
`can_supply`, `reserve`, `release`) so an order holds seats exactly as it holds stock.

Times are stored in UTC (aware datetimes, sqlmodel's UTCDateTime like every other table) and
shown in the local time of each airport (catalog.flights.airports).
"""

from datetime import datetime

from sqlalchemy import Index, inspect
from sqlmodel import Field, Relationship, SQLModel

from assistant.kernel.clock import utcnow

# Flight.status: only scheduled flights are sold. A flight the airline's feed no longer lists
# is deleted by `--prune`, unless seats on it are held by orders: then it stays, withdrawn.
SCHEDULED = "scheduled"
WITHDRAWN = "withdrawn"


class Flight(SQLModel, table=True):
    __table_args__ = (
        # find_flights: one route, one day's window of departures.
        Index("ix_flight_route_departure", "origin", "destination", "departs_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    # flight number + local departure date at the origin ("DA1234-20261203"): a flight
    # number flies once a day at most, so this names one departure across reloads.
    key: str = Field(unique=True, max_length=40)
    flight_number: str = Field(index=True, max_length=10)  # "DA1234"
    carrier: str = Field(max_length=100)  # the airline's name, as shoppers see it
    origin: str = Field(max_length=3)  # IATA airport codes
    destination: str = Field(max_length=3)
    departs_at: datetime = Field(index=True)  # UTC
    arrives_at: datetime  # UTC
    stops: int = 0  # 0: direct
    status: str = Field(default=SCHEDULED, max_length=20)
    description: str = ""
    url: str = ""
    image_url: str = ""
    updated_at: datetime = Field(default_factory=utcnow)

    fares: list["Fare"] = Relationship(
        back_populates="flight",
        sa_relationship_kwargs={"cascade": "all, delete-orphan", "order_by": "Fare.id"},
    )

    @property
    def offered(self) -> bool:
        """Scheduled and not yet departed."""
        return self.status == SCHEDULED and self.departs_at > utcnow()


class Fare(SQLModel, table=True):
    """One fare class on one flight: "light" (cabin bag only) or "classic" (checked bag) on
    the demo airline; a feed may name others."""

    id: int | None = Field(default=None, primary_key=True)
    # "DA1234-20261203-LIGHT": the flight's key and the fare class; the feed's upsert key.
    code: str = Field(unique=True, max_length=60)
    flight_id: int = Field(foreign_key="flight.id", index=True)
    fare_class: str = Field(max_length=20)
    price_minor: int  # per passenger, integer minor units
    currency: str = Field(max_length=3)
    seats: int  # left to sell
    # Seats this shop's orders took (pending or paid); an order that ends unpaid gives them
    # back. A reload sets `seats` to the feed's count minus these, and a fare with held seats
    # is never deleted.
    seats_reserved: int = 0
    # False: the feed no longer lists this fare but seats on it are held (see Flight.status).
    active: bool = True

    flight: Flight = Relationship(back_populates="fares")

    @property
    def effective_price_minor(self) -> int:
        return self.price_minor  # fares have no sale price: the feed's price is the price

    @property
    def purchasable(self) -> bool:
        """Sellable now: listed, seats left, its flight scheduled and not yet departed."""
        return self.active and self.seats > 0 and self._flight_offered

    @property
    def _flight_offered(self) -> bool:
        """Its flight is offered; a fare read outside a session whose flight was never loaded
        (a report, a test) is judged on its own fields, as Variant does."""
        state = inspect(self)
        if state.detached and "flight" in state.unloaded:
            return True
        return self.flight is None or self.flight.offered

    @property
    def units_left(self) -> int | None:
        return self.seats

    def can_supply(self, quantity: int) -> bool:
        """`quantity` seats can be sold now."""
        return self.purchasable and self.seats >= quantity

    def reserve(self, quantity: int) -> None:
        """Take seats for an order (the caller checked can_supply, holding the row lock)."""
        self.seats -= quantity
        self.seats_reserved += quantity

    def release(self, quantity: int) -> None:
        """Give reserved seats back (the order expired or was cancelled)."""
        self.seats += quantity
        self.seats_reserved = max(0, self.seats_reserved - quantity)
