"""validate_delivery_form: how the meal reaches the shopper, read from whole messages.

"Livraison au 12 rue Oberkampf 75011 à 20h, 06 12 34 56 78" fills every slot at once; a short
answer fills what the form asked. As soon as the form knows where and when, the restaurant is
asked (outside the zone, under the minimum, closed: said at once, with what to do next); once
everything is known and accepted, the delivery and its fee go on the cart and the form ends
(`requested_slot` None), which the rules follow with action_confirm_checkout.

A message for the rest of the shop ("what pizzas do you have?", "show me red shoes", "a flight
to Madrid") that gives nothing the form asked for is left to it: the form steps aside, and when
it resumes it asks on without reading that message as an address or a time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from babel.dates import format_date
from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import (
    answering_form,
    entity,
    intent_of,
    intent_payload,
    intents_besides,
    language,
    money,
    shop,
    yes_no_buttons,
)
from actions.meals import QUICK_REPLY_TITLE, meal_lines, when_text
from assistant.commerce.delivery import Delivery
from assistant.conversation.delivery_details import DeliveryDetails, read_delivery_details
from assistant.kernel.clock import utcnow
from assistant.services.meals import current_menu, quote_delivery, set_delivery
from assistant.services.views import CartView
from assistant.wording import say
from catalog.menu.delivery import (
    Accepted,
    Closed,
    DeliveryCheck,
    Fulfilment,
    NoPickup,
    OutsideZone,
    UnderMinimum,
)
from catalog.menu.menu import Restaurant

FORM = "delivery_form"
ASAP = "asap"
# Intents of the rest of the shop: an answer so classified that gives nothing the form asked
# for is left to them. A checkout is the form's own: the form is how a meal is checked out.
ELSEWHERE = intents_besides("give_delivery_details", "checkout")
SLOTS = (
    "delivery_mode",
    "delivery_address",
    "delivery_postcode",
    "delivery_time",
    "delivery_phone",
)


@dataclass
class Answers:
    """The form's slots as known after this message."""

    mode: str | None
    address: str | None
    postcode: str | None
    time: str | None  # "asap" or an ISO local time
    phone: str | None

    @classmethod
    def of(cls, tracker: Tracker) -> Answers:
        return cls(*(tracker.get_slot(name) for name in SLOTS))

    @property
    def fulfilment(self) -> Fulfilment | None:
        return Fulfilment(self.mode) if self.mode in {"delivery", "pickup"} else None

    @property
    def wanted(self) -> datetime | None:
        return None if self.time in (None, ASAP) else datetime.fromisoformat(str(self.time))

    @property
    def place_known(self) -> bool:
        return self.fulfilment is Fulfilment.PICKUP or bool(self.address and self.postcode)

    def next_missing(self) -> str | None:
        if self.fulfilment is None:
            return "delivery_mode"
        if not self.place_known:
            return "delivery_address"
        if self.time is None:
            return "delivery_time"
        if self.phone is None:
            return "delivery_phone"
        return None

    def events(self) -> list[dict[str, Any]]:
        values = (self.mode, self.address, self.postcode, self.time, self.phone)
        return [SlotSet(name, value) for name, value in zip(SLOTS, values, strict=True)]


def answers_after(tracker: Tracker, restaurant: Restaurant) -> tuple[Answers, bool]:
    """The slots with this message read into them, and whether it held an invalid phone."""
    answers = Answers.of(tracker)
    text = tracker.latest_message.get("text") or ""
    now_local = utcnow().astimezone(ZoneInfo(restaurant.timezone))
    said = (
        DeliveryDetails()
        if text.startswith("/")  # a quick reply: its entities say it all
        else read_delivery_details(text, language(tracker), now_local)
    )
    mode = entity(tracker, "delivery_mode") or (str(said.mode) if said.mode else None)
    if mode:
        answers.mode = mode
    if said.address or said.postcode:
        answers.address = said.address or answers.address
        answers.postcode = said.postcode or answers.postcode
        answers.mode = answers.mode or str(Fulfilment.DELIVERY)
    button_time = entity(tracker, "delivery_time")
    if button_time:
        answers.time = button_time
    elif said.time is not None:
        answers.time = said.time.isoformat()
    elif said.asap:
        answers.time = ASAP
    bad_phone = said.phone is not None and said.phone.e164 is None
    if said.phone is not None and said.phone.e164:
        answers.phone = said.phone.e164
    return answers, bad_phone


def gives_asked(before: Answers, after: Answers, asked: str | None, bad_phone: bool) -> bool:
    """The message gives what the form asked for (a wrong phone number too: it is told why)."""
    if asked == "delivery_phone" and bad_phone:
        return True
    field = {
        "delivery_mode": "mode",
        "delivery_address": "address",
        "delivery_time": "time",
        "delivery_phone": "phone",
    }.get(asked or "")
    return field is not None and getattr(after, field) != getattr(before, field)


class ValidateDeliveryForm(Action):
    def name(self) -> str:
        return "validate_delivery_form"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        lang = language(tracker)
        restaurant = current_menu(shop()).restaurant
        answering = answering_form(tracker, FORM)
        if not answering and tracker.active_loop_name == FORM:
            # Resumed after another action: its message was not for the form, which asks on.
            answers, bad_phone = Answers.of(tracker), False
        else:  # an answer, or the message that started the form (details said before checkout)
            answers, bad_phone = answers_after(tracker, restaurant)
            if answering and intent_of(tracker) in ELSEWHERE:
                asked = tracker.get_slot("requested_slot")
                if not gives_asked(Answers.of(tracker), answers, asked, bad_phone):
                    return []  # nothing filled: Rasa lets the rest of the shop answer it
        if bad_phone:
            dispatcher.utter_message(response="utter_delivery_bad_phone")
        fulfilment = answers.fulfilment
        if fulfilment is not None and answers.place_known:
            check = quote_delivery(
                shop(), tracker.sender_id, fulfilment, answers.postcode, answers.wanted
            )
            if not isinstance(check, Accepted) and (
                answers.time is not None or not isinstance(check, Closed)
            ):
                explain(dispatcher, check, restaurant, answers, lang)
                return [*answers.events(), SlotSet("requested_slot", answers.next_missing())]
        missing = answers.next_missing()
        if missing is None and fulfilment is not None and answers.phone is not None:
            delivery = Delivery(
                fulfilment,
                answers.phone,
                answers.address if fulfilment is Fulfilment.DELIVERY else None,
                answers.postcode if fulfilment is Fulfilment.DELIVERY else None,
                answers.wanted,
            )
            quote = set_delivery(shop(), tracker.sender_id, delivery, lang)
            if not isinstance(quote.check, Accepted):  # the kitchen closed meanwhile
                explain(dispatcher, quote.check, restaurant, answers, lang)
                missing = answers.next_missing()
        return [*answers.events(), SlotSet("requested_slot", missing)]


def slot_title(slot: datetime, timezone: str, lang: str) -> str:
    """A quick reply's title (at most 20 characters): "Wed 03/12 12:00"."""
    local = slot.astimezone(ZoneInfo(timezone))
    day = format_date(local, "EEE dd/MM", locale="fr_FR" if lang == "fr" else "en_GB")
    return f"{day} {local:%H:%M}"[:QUICK_REPLY_TITLE]


def explain(
    dispatcher: CollectingDispatcher,
    check: DeliveryCheck,
    restaurant: Restaurant,
    answers: Answers,
    lang: str,
) -> None:
    """Say what is wrong and what the shopper can do; clear the answer to give again."""
    pickup = {
        "title": say("label_pickup", lang),
        "payload": intent_payload("give_delivery_details", delivery_mode="pickup"),
    }
    if isinstance(check, OutsideZone):
        answers.address = answers.postcode = None
        dispatcher.utter_message(
            response="utter_delivery_outside_zone",
            postcode=check.postcode,
            zone=f"{check.zone[0]}–{check.zone[-1]}" if check.zone else "-",
            address=restaurant.address,
            buttons=[pickup] if restaurant.pickup else [],
        )
    elif isinstance(check, UnderMinimum):
        answers.mode = None
        dispatcher.utter_message(
            response="utter_delivery_under_minimum",
            minimum=money(check.minimum_minor, check.currency, lang),
            missing=money(check.missing_minor, check.currency, lang),
            buttons=[pickup, {"title": say("label_menu", lang), "payload": "/ask_menu"}],
        )
    elif isinstance(check, Closed):
        answers.time = None
        dispatcher.utter_message(
            response="utter_delivery_closed",
            buttons=[
                {
                    "title": slot_title(slot, restaurant.timezone, lang),
                    "payload": intent_payload(
                        "give_delivery_details", delivery_time=slot.isoformat()
                    ),
                }
                for slot in check.slots
            ],
        )
    elif isinstance(check, NoPickup):
        answers.mode = str(Fulfilment.DELIVERY)
        dispatcher.utter_message(response="utter_delivery_no_pickup")


def delivery_text(cart: CartView, restaurant: Restaurant, lang: str) -> str:
    given = cart.delivery
    assert given is not None
    when = when_text(given.time, restaurant.timezone, lang)
    if given.mode is Fulfilment.PICKUP:
        return say(
            "label_pickup_at", lang, address=restaurant.address, when=when, phone=given.phone
        )
    return say(
        "label_delivery_to",
        lang,
        address=given.address,
        postcode=given.postcode,
        when=when,
        phone=given.phone,
    )


def confirm_meal_checkout(
    dispatcher: CollectingDispatcher, tracker: Tracker, cart: CartView
) -> list[dict[str, Any]]:
    """The meal's summary with its delivery and fee before paying; without an accepted
    delivery, the delivery form first (its end comes back here, see the rules)."""
    lang = language(tracker)
    restaurant = current_menu(shop()).restaurant
    given = cart.delivery
    if given is None:
        # A time said for an earlier meal is no answer for this one; the rest is offered again.
        return [SlotSet("delivery_time", None), FollowupAction("delivery_form")]
    check = quote_delivery(shop(), tracker.sender_id, given.mode, given.postcode, given.time)
    if not isinstance(check, Accepted):  # the time passed, the meal shrank below the minimum
        answers = Answers(
            str(given.mode),
            given.address,
            given.postcode,
            given.time.isoformat() if given.time else ASAP,
            given.phone,
        )
        explain(dispatcher, check, restaurant, answers, lang)  # clears what must be given again
        return [*answers.events(), FollowupAction("delivery_form")]
    assert cart.currency is not None
    dispatcher.utter_message(
        response="utter_confirm_meal_checkout",
        lines=meal_lines(cart, lang),
        delivery=delivery_text(cart, restaurant, lang),
        total=money(cart.total_minor, cart.currency, lang),
        buttons=yes_no_buttons(lang),
    )
    return [SlotSet("pending_confirmation", "checkout")]
