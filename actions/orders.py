"""Order actions: "where is my order?" and cancelling a not-yet-fulfilled order after a yes."""

from __future__ import annotations

from typing import Any, Literal

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlmodel import Session

from actions.common import MovingOn, entity, label, language, money, settings, yes_no_buttons
from assistant.commerce.errors import IllegalTransition, PaymentProviderError, UnknownOrder
from assistant.commerce.models import Order, OrderStatus
from assistant.commerce.orders import CANCELLABLE, find_order, recent_orders
from assistant.db import session_scope
from assistant.payments.cancellation import cancel_for_shopper

STATUSES = {str(status) for status in OrderStatus}


def order_line(order: Order, lang: str) -> str:
    day = order.created_at.strftime("%d/%m/%Y" if lang == "fr" else "%Y-%m-%d")
    total = money(order.total_minor, order.currency, lang)
    return f"- {order.number} · {day} · {total} · {label(str(order.status), lang)}"


def named_order(
    session: Session, dispatcher: CollectingDispatcher, tracker: Tracker
) -> Order | Literal[False] | None:
    """The order the message names; None if it names none; False (already told) if unknown."""
    asked = entity(tracker, "order_id")
    if not asked:
        return None
    order = find_order(session, asked, tracker.sender_id)
    if order is None:
        dispatcher.utter_message(response="utter_order_unknown", order=asked)
        return False
    return order


class ActionOrderStatus(MovingOn, Action):
    def name(self) -> str:
        return "action_order_status"

    def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        lang = language(tracker)
        with session_scope(settings().database_url) as session:
            named = named_order(session, dispatcher, tracker)
            if named is False:
                return []
            orders = [named] if named else recent_orders(session, tracker.sender_id)
            lines = "\n".join(order_line(order, lang) for order in orders)
        if not orders:
            dispatcher.utter_message(response="utter_no_orders")
            return []
        dispatcher.utter_message(response="utter_orders", lines=lines)
        return []


class ActionConfirmCancelOrder(Action):
    """Find the order meant (named, or the newest cancellable one) and ask before cancelling."""

    def name(self) -> str:
        return "action_confirm_cancel_order"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        lang = language(tracker)
        with session_scope(settings().database_url) as session:
            named = named_order(session, dispatcher, tracker)
            if named is False:
                return []
            if named:
                order = named
            else:
                candidates = [
                    order
                    for order in recent_orders(session, tracker.sender_id)
                    if order.status in CANCELLABLE
                ]
                if not candidates:
                    dispatcher.utter_message(response="utter_nothing_to_cancel")
                    return []
                order = candidates[0]
        status = label(str(order.status), lang)
        if order.status not in CANCELLABLE:
            dispatcher.utter_message(
                response="utter_cannot_cancel", order=order.number, status=status
            )
            return []
        dispatcher.utter_message(
            response="utter_confirm_cancel",
            order=order.number,
            total=money(order.total_minor, order.currency, lang),
            status=status,
            buttons=yes_no_buttons(lang),
        )
        return [
            SlotSet("pending_confirmation", "cancel_order"),
            SlotSet("order_to_cancel", order.number),
        ]


class ActionCancelOrder(Action):
    def name(self) -> str:
        return "action_cancel_order"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        lang = language(tracker)
        number = tracker.get_slot("order_to_cancel") or ""
        cleared = [SlotSet("pending_confirmation", None), SlotSet("order_to_cancel", None)]
        try:
            status = cancel_for_shopper(settings(), tracker.sender_id, number)
        except PaymentProviderError:
            dispatcher.utter_message(response="utter_cancel_failed", order=number)
            return cleared
        except UnknownOrder:
            dispatcher.utter_message(response="utter_order_unknown", order=number)
            return cleared
        except IllegalTransition as refusal:
            status = str(refusal.details.get("status", ""))
            shown = label(status, lang) if status in STATUSES else status
            dispatcher.utter_message(response="utter_cannot_cancel", order=number, status=shown)
            return cleared
        if status == OrderStatus.CANCELLED:
            dispatcher.utter_message(response="utter_order_cancelled", order=number)
        else:  # paid: recorded for the merchant to refund
            dispatcher.utter_message(response="utter_cancel_requested", order=number)
        return cleared
