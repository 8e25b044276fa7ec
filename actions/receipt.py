"""action_send_receipt: the payment arrived (Rasa `trigger_intent` from the web app)."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.common import settings
from assistant.commerce.models import OrderStatus
from assistant.commerce.orders import order_by_number
from assistant.commerce.receipts import build_receipt
from assistant.db import session_scope


class ActionSendReceipt(Action):
    def name(self) -> str:
        return "action_send_receipt"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        number = next(tracker.get_latest_entity_values("order_id"), None)
        config = settings()
        with session_scope(config.database_url) as session:
            order = order_by_number(session, str(number or ""))
            # Only this conversation's paid orders: a stray trigger must not leak another's.
            if order is None or order.conversation_id != tracker.sender_id:
                return []
            if order.status not in {OrderStatus.PAID, OrderStatus.FULFILLED}:
                return []
            receipt = build_receipt(session, order, config.shop_url)
        # The response's wording follows the language slot; the amount, the order's language.
        dispatcher.utter_message(
            response="utter_payment_received", order=receipt.order_number, total=receipt.total
        )
        dispatcher.utter_message(json_message={"receipt": receipt.payload})
        return []
