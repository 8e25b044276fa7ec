"""Plane tickets in the chat: the trip (a Rasa form asks only for what is missing), the flights
found, the choice of one each way, the passengers' names, and the seats put in the cart.

The trip lives in five slots (destination, origin, date, return, passengers). Every message
about it, the first ("a flight from Brussels to Madrid next Thursday for 3") or a correction
("actually Saturday", "from Orly"), is read whole by `read_flight_request` and merged into them,
so the form only asks for what is still missing, and a correction after the flights were shown
shows them again.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from babel.dates import format_date
from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import (
    answering_form,
    entity,
    hand_over,
    intent_of,
    intent_payload,
    intents_besides,
    language,
    last_sentence,
    money,
    ordinal_chosen,
    settings,
    shop,
)
from assistant.commerce.errors import OutOfStock, UnknownProduct
from assistant.conversation.departments import keeps_flight
from assistant.conversation.flight_refinements import FlightRefinement, refinement_in
from assistant.conversation.flight_request import (
    FlightRequest,
    merge_flight_request,
    missing,
    read_flight_request,
)
from assistant.conversation.passenger_names import is_full_name, names_in
from assistant.kernel.ttl_cache import TtlCache
from assistant.services.flights import (
    Leg,
    airports_meant,
    book_seats,
    flight_offers,
    served_airports,
)
from assistant.services.products import is_shopping_request, kind_asked
from assistant.wording import say
from catalog.flights.airports import airport
from catalog.flights.search import FlightOffer

Events = list[dict[str, Any]]

ONE_WAY = "one-way"  # the return slot's value for a trip without a way back
SLOTS = ("flight_destination", "flight_origin", "flight_date", "flight_return", "flight_passengers")
# Intents of the rest of the shop: a message classified so, naming no place, leaves the trip be.
ELSEWHERE = intents_besides("search_flight", "choose_flight")
SERVED_FOR_SECONDS = 300.0
LOCALES = {"en": "en_GB", "fr": "fr_FR"}  # day names and months as each language writes them
_served: TtlCache[str, frozenset[str]] = TtlCache(SERVED_FOR_SECONDS)


def served() -> frozenset[str]:
    """The airports flown from, read at most every few minutes (a reload changes them rarely)."""
    return _served.get(settings().database_url, lambda: served_airports(shop()))


def today_here() -> date:
    return datetime.now(ZoneInfo(settings().timezone)).date()


# --- the trip in slots ----------------------------------------------------------------------


def trip_of(tracker: Tracker) -> FlightRequest:
    def day(slot: str) -> date | None:
        value = tracker.get_slot(slot)
        return date.fromisoformat(value) if value and value != ONE_WAY else None

    passengers = tracker.get_slot("flight_passengers")
    return_slot = tracker.get_slot("flight_return")
    return FlightRequest(
        origin=tracker.get_slot("flight_origin"),
        destination=tracker.get_slot("flight_destination"),
        depart_date=day("flight_date"),
        return_date=day("flight_return"),
        one_way=True if return_slot == ONE_WAY else (False if return_slot else None),
        passengers=int(passengers) if passengers else None,
        time_of_day=tracker.get_slot("flight_time_of_day"),
    )


def trip_events(trip: FlightRequest) -> Events:
    if trip.return_date is not None:
        way_back: str | None = trip.return_date.isoformat()
    else:
        way_back = ONE_WAY if trip.one_way else None
    return [
        SlotSet("flight_destination", trip.destination),
        SlotSet("flight_origin", trip.origin),
        SlotSet("flight_date", trip.depart_date.isoformat() if trip.depart_date else None),
        SlotSet("flight_return", way_back),
        SlotSet("flight_passengers", float(trip.passengers) if trip.passengers else None),
        SlotSet("flight_time_of_day", trip.time_of_day),
    ]


def _says_something(said: FlightRequest) -> bool:
    return any(
        (
            said.origin,
            said.destination,
            said.unserved,
            said.depart_date,
            said.return_date,
            said.passengers,
            said.one_way is not None,
            said.time_of_day,
            said.past_date,
        )
    )


def _as_answer(said: FlightRequest, asked: str | None, text: str) -> FlightRequest:
    """Read a short answer as the form's question meant it: a lone date asked for the way
    back is the return date; "2" asked for passengers is two passengers."""
    if asked == "flight_return" and said.depart_date and not said.return_date:
        return replace(said, depart_date=None, return_date=said.depart_date, one_way=False)
    if asked == "flight_return" and _means_no(text):
        return replace(said, one_way=True)
    if asked == "flight_passengers" and said.passengers is None:
        count = text.strip().rstrip(".!")
        if count.isdigit() and 1 <= int(count) <= 9:
            return replace(said, passengers=int(count))
    return said


def _answers(said: FlightRequest, asked: str | None) -> bool:
    """The message gives what the form asked for (the NLU may have called it anything)."""
    given = {
        "flight_date": said.depart_date,
        "flight_return": said.return_date or said.one_way,
        "flight_passengers": said.passengers,
    }
    return bool(given.get(asked or ""))


def _means_no(text: str) -> bool:
    return text.strip().lower().rstrip(".!") in {"no", "non", "nope", "no return", "pas de retour"}


def read_trip_update(
    dispatcher: CollectingDispatcher, tracker: Tracker, *, answering: bool
) -> tuple[FlightRequest, Events] | None:
    """The trip after the latest message, with the problems said; None if it says nothing
    about a trip (or, while answering the form, belongs to another part of the shop)."""
    text = tracker.latest_message.get("text") or ""
    lang = language(tracker)
    today = today_here()
    asked = tracker.get_slot("requested_slot") if answering else None
    known = trip_of(tracker)
    said = read_flight_request(
        text,
        lang,
        today,
        served(),
        settings().timezone,
        departure=known.depart_date,
        answering_return=asked == "flight_return",
    )
    if answering:
        said = _as_answer(said, asked, text)
        named_a_place = said.origin or said.destination or said.unserved
        if intent_of(tracker) in ELSEWHERE and not (named_a_place or _answers(said, asked)):
            return None  # "show me red shoes for 2": the rest of the shop, not the trip
    if not _says_something(said):
        return None
    trip = checked(dispatcher, merge_flight_request(known, said), said, today, lang)
    return trip, trip_events(trip)


def checked(
    dispatcher: CollectingDispatcher,
    trip: FlightRequest,
    said: FlightRequest,
    today: date,
    lang: str,
) -> FlightRequest:
    """The trip with what cannot be booked taken out, each time saying why."""
    if said.unserved:
        dispatcher.utter_message(
            response="utter_flight_unserved", place=said.unserved[0], cities=served_cities()
        )
    if trip.depart_date is not None and trip.depart_date < today:
        dispatcher.utter_message(response="utter_flight_date_past")
        trip = replace(trip, depart_date=None)
    if trip.return_date is not None and trip.return_date < today:
        trip = replace(trip, return_date=None, one_way=None)
    if trip.origin is not None and trip.origin == trip.destination:
        dispatcher.utter_message(response="utter_flight_same_places")
        trip = replace(trip, destination=None) if said.destination else replace(trip, origin=None)
    if trip.depart_date and trip.return_date and trip.return_date < trip.depart_date:
        dispatcher.utter_message(response="utter_flight_return_before_departure")
        trip = replace(trip, return_date=None, one_way=None)
    return trip


def served_cities() -> str:
    names = {found.city for code in served() if (found := airport(code)) is not None}
    return ", ".join(sorted(names))


def trip_complete(trip: FlightRequest) -> bool:
    return not missing(trip) and (trip.one_way or trip.return_date is not None)


# --- the actions ----------------------------------------------------------------------------


class ActionFlightRequest(Action):
    """A message about a flight: the trip is updated, then the form asks for what is missing,
    or the flights are shown (again, for a correction)."""

    def name(self) -> str:
        return "action_flight_request"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> Events:
        text = tracker.latest_message.get("text") or ""
        department = tracker.get_slot("department")
        # "des écouteurs antibruit pour l'avion": a kind of product the shop sells is named
        named = (
            entity(tracker, "product") is not None
            or kind_asked(shop(), text) is not None
            or is_shopping_request(shop(), last_sentence(text))
        )
        if not text.startswith("/") and not keeps_flight(text, department, served(), named):
            # "une enceinte pour la plage"
            return hand_over("action_search_products", dispatcher, tracker, domain)
        update = read_trip_update(dispatcher, tracker, answering=False)
        trip, events = update if update is not None else (trip_of(tracker), [])
        if not trip_complete(trip):
            return [*events, SlotSet("department", "flight"), FollowupAction("flight_form")]
        return [*events, *show_flights(dispatcher, tracker, trip)]


class ValidateFlightForm(Action):
    """Each answer to the form's questions, read like any message about the trip."""

    def name(self) -> str:
        return "validate_flight_form"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> Events:
        if not answering_form(tracker, "flight_form"):
            return []  # started by action_flight_request, which read this message already
        update = read_trip_update(dispatcher, tracker, answering=True)
        if update is None:
            return []  # not about the trip: the form steps aside for the rest of the shop
        trip, events = update
        if not missing(trip) and not trip.one_way and trip.return_date is None:
            return [*events, SlotSet("requested_slot", "flight_return")]
        return events


class ActionShowFlights(Action):
    """The trip is complete (the form is done): the outbound flights."""

    def name(self) -> str:
        return "action_show_flights"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> Events:
        return show_flights(dispatcher, tracker, trip_of(tracker))


def show_flights(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    trip: FlightRequest,
    leg_name: str = "outbound",
    *,
    later: bool = False,
) -> Events:
    """Up to five flights for one leg, as cards with a Choose button; a refinement of the ones
    shown ("earlier", "cheaper", "direct only") when the latest message asks for one."""
    lang = language(tracker)
    leg = leg_of(trip, leg_name)
    if leg is None:
        return [FollowupAction("flight_form")]
    refinement = refinement_in(tracker.latest_message.get("text") or "")
    if later:
        refinement = replace(refinement, later=True, earlier=False)
    shown = tracker.get_slot("flight_shown") or []
    same_leg = tracker.get_slot("flight_leg") == leg_name
    if refinement.any and shown and same_leg:
        leg = refined(leg, refinement, shown)
    offers = flight_offers(shop(), leg, served())
    where = {
        "origin": place_name(leg.origin, lang),
        "destination": place_name(leg.destination, lang),
        "day": day_label(leg.day, lang),
        "passengers": say("label_passengers", lang, count=leg.passengers),
    }
    if not offers:
        dispatcher.utter_message(response="utter_no_flights", **where)
        return [SlotSet("department", "flight"), SlotSet("flight_leg", leg_name)]
    response = "utter_flight_options" if leg_name == "outbound" else "utter_flight_return_options"
    dispatcher.utter_message(
        response=response,
        **where,
        elements=[flight_card(offer, leg.passengers, lang) for offer in offers],
        quick_replies=refinement_replies(lang),
    )
    return [
        SlotSet("department", "flight"),
        SlotSet("flight_leg", leg_name),
        SlotSet("flight_shown", [shown_entry(offer) for offer in offers]),
    ]


def leg_of(trip: FlightRequest, leg_name: str) -> Leg | None:
    if trip.origin is None or trip.destination is None or trip.passengers is None:
        return None
    if leg_name == "outbound":
        if trip.depart_date is None:
            return None
        return Leg(
            trip.origin, trip.destination, trip.depart_date, trip.passengers, trip.time_of_day
        )
    if trip.return_date is None:
        return None
    return Leg(trip.destination, trip.origin, trip.return_date, trip.passengers)


def refined(leg: Leg, refinement: FlightRefinement, shown: list[dict[str, Any]]) -> Leg:
    """The leg moved from what was shown: before its first departure, after its last one, the
    cheapest first, direct flights only."""
    departures = sorted(time.fromisoformat(entry["departs"]) for entry in shown)
    if refinement.earlier:
        leg = replace(leg, depart_before=departures[0], depart_after=None, time_of_day=None)
    elif refinement.later:
        last = datetime.combine(leg.day, departures[-1]) + timedelta(minutes=1)
        leg = replace(leg, depart_after=last.time(), depart_before=None, time_of_day=None)
    if refinement.cheaper:
        leg = replace(leg, sort="price")
    if refinement.direct_only:
        leg = replace(leg, direct_only=True)
    return leg


def shown_entry(offer: FlightOffer) -> dict[str, Any]:
    return {
        "fare": offer.fare_code,
        "departs": offer.departs_at.strftime("%H:%M"),
        "price_minor": offer.price_minor,
    }


def flight_card(offer: FlightOffer, passengers: int, lang: str) -> dict[str, Any]:
    stops = (
        say("label_direct", lang)
        if offer.stops == 0
        else say("label_stops", lang, count=offer.stops)
    )
    return {
        "title": say(
            "label_flight_times",
            lang,
            departs=offer.departs_at.strftime("%H:%M"),
            arrives=offer.arrives_at.strftime("%H:%M"),
            price=money(offer.price_minor, offer.currency, lang),
        ),
        "subtitle": say(
            "label_flight_details",
            lang,
            flight=offer.flight_number,
            origin=offer.origin,
            destination=offer.destination,
            duration=duration_label(offer.duration),
            stops=stops,
            seats=offer.seats_left,
            total=money(offer.price_minor * passengers, offer.currency, lang),
        ),
        "buttons": [
            {
                "type": "postback",
                "title": say("label_choose_flight", lang),
                "payload": intent_payload("choose_flight", fare=offer.fare_code),
            }
        ],
    }


def refinement_replies(lang: str) -> list[dict[str, str]]:
    return [
        {"title": say(label, lang), "payload": say(label, lang)}
        for label in ("label_earlier", "label_later", "label_cheaper", "label_direct_only")
    ]


def duration_label(duration: timedelta) -> str:
    minutes = int(duration.total_seconds() // 60)
    return f"{minutes // 60} h {minutes % 60:02d}"


def place_name(code: str, lang: str) -> str:
    """ "LIS" -> "Lisbon (LIS)"; a city code stays as it is ("Paris (PAR)")."""
    found = airport(code)
    if found is None:
        members = [airport(member) for member in airports_meant(code, served())]
        cities = {member.city for member in members if member is not None}
        return f"{cities.pop()} ({code})" if len(cities) == 1 else code
    return f"{found.city} ({code})"


def day_label(day: date, lang: str) -> str:
    """ "Thursday, 3 December 2026" / "jeudi 3 décembre 2026"."""
    return format_date(day, format="full", locale=LOCALES.get(lang, "en_GB"))


class ActionChooseFlight(Action):
    """A flight chosen (its card's button, or "the first one"): the way back is shown next for a
    return trip; then the passengers' names are asked."""

    def name(self) -> str:
        return "action_choose_flight"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> Events:
        return choose_flight(dispatcher, tracker)


def in_flights(tracker: Tracker) -> bool:
    """The flights shown are what "the first one", "cheaper" or "more" are about."""
    return tracker.get_slot("department") == "flight" and bool(tracker.get_slot("flight_shown"))


def choose_flight(dispatcher: CollectingDispatcher, tracker: Tracker) -> Events:
    fare = chosen_fare(tracker)
    if fare is None:
        dispatcher.utter_message(response="utter_which_flight")
        return []
    trip = trip_of(tracker)
    if tracker.get_slot("flight_leg") == "return":
        events: Events = [SlotSet("flight_inbound", fare)]
    else:
        events = [SlotSet("flight_outbound", fare), SlotSet("flight_inbound", None)]
        if trip.return_date is not None:
            return [*events, *show_flights(dispatcher, tracker, trip, "return")]
    return [*events, SlotSet("passenger_names", None), FollowupAction("passengers_form")]


def refine_shown_flights(dispatcher: CollectingDispatcher, tracker: Tracker) -> Events:
    """ "cheaper?", "more" said about the flights shown: the same leg, moved."""
    leg_name = tracker.get_slot("flight_leg") or "outbound"
    more = intent_of(tracker) == "show_more"
    return show_flights(dispatcher, tracker, trip_of(tracker), leg_name, later=more)


def chosen_fare(tracker: Tracker) -> str | None:
    """The fare named by a button, or the flight shown at the position said ("the second")."""
    fare = entity(tracker, "fare")
    if fare:
        return fare
    shown = [entry["fare"] for entry in tracker.get_slot("flight_shown") or []]
    return ordinal_chosen(tracker, shown)


class ValidatePassengersForm(Action):
    """The passengers' names: as many full names as passengers, else the form asks again."""

    def name(self) -> str:
        return "validate_passengers_form"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> Events:
        if not answering_form(tracker, "passengers_form"):
            return []  # just started: nothing has been asked yet
        needed = int(tracker.get_slot("flight_passengers") or 1)
        names = names_in(tracker.latest_message.get("text") or "")
        wrong = [name for name in names if not is_full_name(name)]
        if (wrong or not names) and intent_of(tracker) in ELSEWHERE:
            # Not names ("checkout", "show me shoes"): the form steps aside. Names themselves
            # get any intent at all from the NLU, so a list of full names is never turned away.
            return []
        if wrong:
            dispatcher.utter_message(response="utter_passenger_name_invalid", name=wrong[0])
            return [SlotSet("passenger_names", None)]
        if len(names) != needed:
            dispatcher.utter_message(
                response="utter_passenger_names_count", needed=needed, given=len(names)
            )
            return [SlotSet("passenger_names", None)]
        return [SlotSet("passenger_names", names)]


class ActionBookFlight(Action):
    """The passengers named: a seat each on the chosen flights goes in the cart."""

    def name(self) -> str:
        return "action_book_flight"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> Events:
        lang = language(tracker)
        fares = [
            fare
            for fare in (tracker.get_slot("flight_outbound"), tracker.get_slot("flight_inbound"))
            if fare
        ]
        names: list[str] = tracker.get_slot("passenger_names") or []
        if not fares or not names:
            dispatcher.utter_message(response="utter_which_flight")
            return []
        try:
            cart = book_seats(shop(), tracker.sender_id, fares, names)
        except (OutOfStock, UnknownProduct):
            dispatcher.utter_message(response="utter_flight_full")
            return [SlotSet("flight_outbound", None), SlotSet("flight_inbound", None)]
        booked = [line for line in cart.lines if line.sku in fares]
        dispatcher.utter_message(
            response="utter_flight_in_cart",
            flights="\n".join(line.title for line in booked),
            passengers=", ".join(names),
            total=money(cart.total_minor, cart.currency or "EUR", lang),
            buttons=[
                {"title": say("label_checkout", lang), "payload": "/checkout"},
                {"title": say("label_view_cart", lang), "payload": "/view_cart"},
            ],
        )
        return [SlotSet("flight_outbound", None), SlotSet("flight_inbound", None)]
