"""action_confirmation_declined: "no" to a yes/no question (the payment link, a cancellation)."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher


class ActionConfirmationDeclined(Action):
    def name(self) -> str:
        return "action_confirmation_declined"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        if tracker.get_slot("pending_confirmation") == "cancel_order":
            dispatcher.utter_message(response="utter_cancel_declined")
        else:
            dispatcher.utter_message(response="utter_checkout_declined")
        return [SlotSet("pending_confirmation", None), SlotSet("order_to_cancel", None)]
