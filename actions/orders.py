"""Order actions: "where is my order?" and cancelling a not-yet-fulfilled order after a yes."""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.catalog_first import understood_by_the_catalog, understood_unless_asked
from actions.common import MovingOn, entity, language, money, payments, shop, yes_no_buttons
from assistant.commerce.errors import IllegalTransition, UnknownOrder
from assistant.commerce.order import OrderStatus
from assistant.services.orders import cancel_for_shopper, order_to_cancel, shoppers_orders
from assistant.services.ports import PaymentProviderError
from assistant.services.views import OrderView
from assistant.wording import say

STATUSES = {str(status) for status in OrderStatus}


def status_text(status: str, lang: str) -> str:
    return say(f"label_status_{status}", lang) if status in STATUSES else status


def order_line(order: OrderView, lang: str) -> str:
    day = order.created_at.strftime("%d/%m/%Y" if lang == "fr" else "%Y-%m-%d")
    total = money(order.total_minor, order.currency, lang)
    return f"- {order.number} · {day} · {total} · {status_text(order.status, lang)}"


class ActionOrderStatus(MovingOn, Action):
    def name(self) -> str:
        return "action_order_status"

    def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        lang = language(tracker)
        asked = entity(tracker, "order_id")
        try:
            orders = shoppers_orders(shop(), tracker.sender_id, asked)
        except UnknownOrder:
            dispatcher.utter_message(response="utter_order_unknown", order=asked)
            return []
        if not orders:
            # No order to speak of: the message may have been about the catalog all along.
            understood = understood_by_the_catalog(dispatcher, tracker, domain)
            if understood is not None:
                return understood
            dispatcher.utter_message(response="utter_no_orders")
            return []
        lines = "\n".join(order_line(order, lang) for order in orders)
        dispatcher.utter_message(response="utter_orders", lines=lines)
        return []


# Words that ask to cancel; a message without any the catalog understands was misread.
_ASKS_TO_CANCEL = re.compile(
    # "noise cancelling", "annulation de bruit", "earbuds that cancel the chatter", "do they
    # cancel noise as well?": a feature, not an order cancelled
    r"(?<!noise )(?<!noise-)(?<!that )(?<!which )(?<!they )(?<!it )cancel"
    r"(?!\w*\s+(?:out\s+)?(?:the\s+)?(?:noise|sound|chatter|background))|"
    r"(?<!qui )annul(?!ation (?:de|du) bruit)(?!\w*\s+(?:le\s+)?bruit)|"
    r"revoke|call off|"
    r"stop (?:my|the) order|arr[eê]t|rembours|refund|d[ée]commande|"
    r"don'?t want (?:it|my order)|veux plus|ne veux pas",
    re.IGNORECASE,
)


class ActionConfirmCancelOrder(Action):
    """Find the order meant (named, or the newest cancellable one) and ask before cancelling."""

    def name(self) -> str:
        return "action_confirm_cancel_order"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        understood = understood_unless_asked(dispatcher, tracker, domain, _ASKS_TO_CANCEL)
        if understood is not None:
            return understood
        lang = language(tracker)
        asked = entity(tracker, "order_id")
        try:
            order = order_to_cancel(shop(), tracker.sender_id, asked)
        except UnknownOrder:
            dispatcher.utter_message(response="utter_order_unknown", order=asked)
            return []
        if order is None:
            dispatcher.utter_message(response="utter_nothing_to_cancel")
            return []
        status = status_text(order.status, lang)
        if not order.cancellable:
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
            status = cancel_for_shopper(shop(), payments(), tracker.sender_id, number)
        except PaymentProviderError:
            dispatcher.utter_message(response="utter_cancel_failed", order=number)
            return cleared
        except UnknownOrder:
            dispatcher.utter_message(response="utter_order_unknown", order=number)
            return cleared
        except IllegalTransition as refusal:
            shown = status_text(str(refusal.details.get("status", "")), lang)
            dispatcher.utter_message(response="utter_cannot_cancel", order=number, status=shown)
            return cleared
        if status == OrderStatus.CANCELLED:
            dispatcher.utter_message(response="utter_order_cancelled", order=number)
        else:  # paid: recorded for the merchant to refund
            dispatcher.utter_message(response="utter_cancel_requested", order=number)
        return cleared
