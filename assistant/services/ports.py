"""What the use cases need from the world outside the database, as interfaces.

The Stripe adapter (`assistant.payments.stripe_gateway`) implements `PaymentGateway`; the Rasa
HTTP API client (`assistant.rasa_api`) implements `ShopperNotifier`; Rasa's SQL tracker store
(`assistant.tracker_events`) implements `ConversationStore`. Tests and the sandbox plug
in the same adapters against emulators, so the use cases never know which one they talk to.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from assistant.services.views import OrderView


class PaymentProviderError(Exception):
    """The payment provider could not be reached or refused; nothing was changed on our side."""

    def __init__(self, message: str, order: str = "") -> None:
        super().__init__(message)
        self.order = order


@dataclass(frozen=True)
class HostedCheckout:
    """A payment page the shopper is sent to."""

    session_id: str
    url: str


@dataclass(frozen=True)
class PaymentReport:
    """What the provider says about a checkout: paid or not, how much, in what currency."""

    order_id: int | None
    paid: bool
    amount_minor: int | None
    currency: str
    payment_reference: str | None  # the provider's payment id (refunds name it)
    checkout_id: str | None = None  # the provider's id of the payment page
    order_number: str | None = None  # the order the page was opened for, as the provider has it

    def names(self, order_number: str, checkout_id: str | None) -> bool:
        """The report is about this order's own payment page, not only its metadata: the page
        id matches, or (when the page was never stored here) the order number does."""
        if checkout_id is not None:
            return self.checkout_id == checkout_id
        return self.order_number == order_number


@dataclass(frozen=True)
class ClosedCheckout:
    """The checkout after we asked to close it: `report` says if it was paid meanwhile."""

    status: str  # "expired", "complete" (paid before we could close it) or "open"
    report: PaymentReport


class PaymentGateway(Protocol):
    def open_checkout(self, order: OrderView, shop_url: str) -> HostedCheckout:
        """A payment page for the order; asking twice for one order gives the same page."""
        ...

    def close_checkout(self, order: OrderView) -> ClosedCheckout:
        """Make the order's payment page unpayable, or learn that it was paid meanwhile."""
        ...

    def refund(self, order: OrderView) -> bool:
        """Refund the order's whole payment; True once the provider accepted it."""
        ...

    def forget_shopper(self, checkout_id: str) -> None:
        """Leave nothing at the provider that links this payment page to the shopper's id."""
        ...


class ShopperNotifier(Protocol):
    def payment_received(self, conversation_id: str, order_number: str) -> None:
        """Tell the shopper in their conversation; raises NotificationFailed."""
        ...

    def order_update(self, conversation_id: str, order_number: str, step: str) -> None:
        """Tell the shopper their meal moved on ("preparing", ...); raises NotificationFailed."""
        ...


class NotificationFailed(Exception):
    pass


class ConversationStore(Protocol):
    """Where the dialogue engine keeps conversations (Rasa's tracker store), for privacy work."""

    def events_of(self, sender_id: str) -> list[dict[str, Any]]:
        """Every stored event of the conversation, oldest first."""
        ...

    def forget(self, sender_id: str) -> int:
        """Delete the conversation's events in one transaction; how many were deleted."""
        ...

    def purge_batch(self, inactive_before: float, batch_size: int) -> int:
        """Delete, in one transaction, the events of at most `batch_size` conversations whose
        last event is older than `inactive_before` (a Unix time); how many conversations."""
        ...
