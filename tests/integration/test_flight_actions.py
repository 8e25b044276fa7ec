"""Buying a plane ticket through the actions, without a Rasa server: a real SQLite shop holding
the demo catalog and the demo airline's flights from today, rasa-sdk's Tracker and
CollectingDispatcher."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import col, select

from actions.flights import (
    ActionBookFlight,
    ActionChooseFlight,
    ActionFlightRequest,
    ValidateFlightForm,
    ValidatePassengersForm,
)
from actions.receipt import receipt_template
from actions.search import ActionSearchProducts
from assistant.bootstrap import payment_gateway
from assistant.kernel.database import session_scope
from assistant.kernel.settings import get_settings
from assistant.services.carts import view_cart
from assistant.services.checkout import place_order
from assistant.services.orders import close_unpaid_order
from assistant.services.unit_of_work import UnitOfWork
from catalog.flights.models import Fare, Flight
from catalog.flights.seats import fares_by_code
from testkit.actions import entity, run, run_events, tracker
from testkit.databases import load_demo_flights

PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture(scope="module")
def catalog_db(catalog_db: str, tmp_path_factory: pytest.TempPathFactory) -> str:
    """The module's shop (see conftest) with ten days of the demo airline, from today."""
    load_demo_flights(catalog_db, tmp_path_factory.mktemp("flights"))
    return catalog_db


def tomorrow() -> date:
    return datetime.now(PARIS).date() + timedelta(days=1)


def followups(events: list[dict[str, Any]]) -> list[str]:
    return [event["name"] for event in events if event["event"] == "followup"]


@pytest.mark.parametrize("text", ["gaming mouse", "une enceinte pour la plage"])
def test_a_flight_intent_without_a_place_or_a_flight_word_goes_to_the_products(
    shop_db: str, sender: str, text: str
) -> None:
    said, events = run_events(ActionFlightRequest(), tracker(text, "search_flight", sender=sender))
    # The products' search answers it, in this action: no followed-up step for Rasa's policies.
    assert said and followups(events) == []
    assert any(event.get("name") == "last_results" and event["value"] for event in events)
    # While booking a flight, the NLU's word stands: "something in the evening" is the trip's.
    _, events = run_events(
        ActionFlightRequest(),
        tracker("something in the evening", "search_flight", sender=sender, department="flight"),
    )
    assert "action_search_products" not in followups(events)


def test_a_whole_trip_in_one_message_shows_flights_to_choose(shop_db: str, sender: str) -> None:
    said, slots = run(
        ActionFlightRequest(),
        tracker("one way from Lisbon to London tomorrow for 2", "search_flight", sender=sender),
    )
    assert (slots["flight_origin"], slots["flight_destination"]) == ("LIS", "LON")
    assert slots["flight_date"] == tomorrow().isoformat()
    assert slots["flight_return"] == "one-way" and slots["flight_passengers"] == 2
    (shown,) = said
    assert shown["response"] == "utter_flight_options"
    assert shown["elements"] and len(shown["elements"]) == len(slots["flight_shown"])
    for card, entry in zip(shown["elements"], slots["flight_shown"], strict=True):
        (button,) = card["buttons"]
        assert button["payload"] == f'/choose_flight{{"fare": "{entry["fare"]}"}}'
        assert entry["fare"].split("-")[1] == tomorrow().strftime("%Y%m%d")
    departures = [entry["departs"] for entry in slots["flight_shown"]]
    assert departures == sorted(departures)
    # London is Heathrow or Gatwick: both airports' flights may be offered.
    assert all(" LIS → L" in card["subtitle"] for card in shown["elements"])


def test_the_form_asks_only_what_is_missing_and_reads_short_answers(
    shop_db: str, sender: str
) -> None:
    said, events = run_events(
        ActionFlightRequest(), tracker("a flight to Geneva please", "search_flight", sender=sender)
    )
    assert said == [] and followups(events) == ["flight_form"]
    slots = {e["name"]: e["value"] for e in events if e["event"] == "slot"}
    assert slots["flight_destination"] == "GVA" and slots["flight_origin"] is None

    asked = {"flight_destination": "GVA", "requested_slot": "flight_origin"}
    _, slots = run(
        ValidateFlightForm(),
        tracker(
            "Paris",
            "search_flight",
            sender=sender,
            active_loop="flight_form",
            ran=("flight_form",),
            **asked,
        ),
    )
    assert slots["flight_origin"] == "PAR" and slots["flight_destination"] == "GVA"

    asked = {**asked, "flight_origin": "PAR", "flight_date": tomorrow().isoformat()}
    _, slots = run(
        ValidateFlightForm(),
        tracker(
            "3",
            "add_to_cart",  # what the NLU made of a bare number: still the answer asked for
            sender=sender,
            active_loop="flight_form",
            ran=("flight_form",),
            **{**asked, "requested_slot": "flight_passengers", "flight_return": "one-way"},
        ),
    )
    assert slots["flight_passengers"] == 3


def test_the_form_starting_reads_nothing_twice(shop_db: str, sender: str) -> None:
    """Rasa calls the validation when it starts the form too: the message was read already."""
    said, events = run_events(
        ValidateFlightForm(),
        tracker(
            "to Geneva",
            "search_flight",
            sender=sender,
            active_loop="flight_form",  # Rasa sets it before validating, even when starting
            ran=("action_flight_request", "flight_form"),
        ),
    )
    assert (said, events) == ([], [])


def test_a_message_for_the_rest_of_the_shop_leaves_the_form_alone(
    shop_db: str, sender: str
) -> None:
    said, events = run_events(
        ValidateFlightForm(),
        tracker(
            "show me red t-shirts for 2",
            "search_product",
            sender=sender,
            active_loop="flight_form",
            ran=("flight_form",),
            requested_slot="flight_origin",
        ),
    )
    assert (said, events) == ([], [])  # the form is rejected: the search runs instead


def test_a_city_not_flown_to_and_a_past_date_are_refused_with_a_reason(
    shop_db: str, sender: str
) -> None:
    said, slots = run(
        ActionFlightRequest(),
        tracker("Paris to Munich yesterday", "search_flight", sender=sender),
    )
    responses = [message["response"] for message in said]
    assert "utter_flight_unserved" in responses and "utter_flight_date_past" in responses
    refusal = next(m for m in said if m["response"] == "utter_flight_unserved")
    assert refusal["place"] == "Munich" and "Lisbon" in refusal["cities"]
    assert slots["flight_destination"] is None and slots["flight_date"] is None
    assert slots["flight_origin"] == "PAR"


def test_a_return_trip_is_chosen_both_ways_then_the_passengers_are_asked(
    shop_db: str, sender: str
) -> None:
    back = tomorrow() + timedelta(days=3)
    trip = {
        "flight_origin": "BRU",
        "flight_destination": "MAD",
        "flight_date": tomorrow().isoformat(),
        "flight_return": back.isoformat(),
        "flight_passengers": 2.0,
    }
    _, slots = run(ActionFlightRequest(), tracker("show me the flights", "search_flight", **trip))
    outbound = slots["flight_shown"][0]["fare"]
    said, events = run_events(
        ActionChooseFlight(),
        tracker(
            "/choose_flight",
            "choose_flight",
            [entity("fare", outbound)],
            sender,
            **trip,
            flight_leg="outbound",
            flight_shown=slots["flight_shown"],
        ),
    )
    (way_back,) = said
    assert way_back["response"] == "utter_flight_return_options"
    chosen = {e["name"]: e["value"] for e in events if e["event"] == "slot"}
    assert chosen["flight_outbound"] == outbound and chosen["flight_leg"] == "return"
    assert all(entry["fare"].startswith("DA") for entry in chosen["flight_shown"])
    assert all(" MAD → BRU" in card["subtitle"] for card in way_back["elements"])

    inbound = chosen["flight_shown"][1]["fare"]
    said, events = run_events(
        ActionChooseFlight(),
        tracker(
            "the second one",
            "add_to_cart",
            [entity("ordinal", "second")],
            sender,
            **trip,
            flight_leg="return",
            flight_outbound=outbound,
            flight_shown=chosen["flight_shown"],
        ),
    )
    assert followups(events) == ["passengers_form"]
    assert {e["name"]: e["value"] for e in events if e["event"] == "slot"}["flight_inbound"] == (
        inbound
    )


def test_passengers_names_are_checked_then_the_seats_go_in_the_cart_and_are_held_at_checkout(
    shop_db: str, sender: str
) -> None:
    trip = {
        "flight_origin": "LIS",
        "flight_destination": "LON",
        "flight_date": tomorrow().isoformat(),
        "flight_return": "one-way",
        "flight_passengers": 2.0,
    }
    _, slots = run(ActionFlightRequest(), tracker("flights please", "search_flight", **trip))
    fare = slots["flight_shown"][0]["fare"]
    in_form = {
        "active_loop": "passengers_form",
        "ran": ("passengers_form",),
        "requested_slot": "passenger_names",
        **trip,
    }

    # Started by the choice: the button's payload is no name, nothing is said about it.
    starting = {**in_form, "ran": ("action_choose_flight", "passengers_form")}
    said, events = run_events(
        ValidatePassengersForm(),
        tracker('/choose_flight{"fare": "X"}', "choose_flight", sender, **starting),
    )
    assert (said, events) == ([], [])
    said, slots = run(ValidatePassengersForm(), tracker("Ann Lee", "inform", sender, **in_form))
    assert said[0]["response"] == "utter_passenger_names_count" and slots == {
        "passenger_names": None
    }
    said, slots = run(
        ValidatePassengersForm(), tracker("Ann Lee and Bo", "inform", sender, **in_form)
    )
    assert said[0]["response"] == "utter_passenger_name_invalid" and said[0]["name"] == "Bo"
    # Names get any intent from the NLU ("refine_search" in a real run): they are still names.
    _, slots = run(
        ValidatePassengersForm(),
        tracker("Ann Lee and Bo Chen", "refine_search", sender, **in_form),
    )
    assert slots["passenger_names"] == ["Ann Lee", "Bo Chen"]
    said, events = run_events(
        ValidatePassengersForm(), tracker("checkout", "checkout", sender, **in_form)
    )
    assert (said, events) == ([], [])  # not names: the form steps aside for the checkout

    said, _ = run(
        ActionBookFlight(),
        tracker(
            "Ann Lee and Bo Chen",
            "inform",
            sender=sender,
            flight_outbound=fare,
            passenger_names=["Ann Lee", "Bo Chen"],
            **trip,
        ),
    )
    assert said[0]["response"] == "utter_flight_in_cart"
    uow = UnitOfWork(shop_db)
    (line,) = view_cart(uow, sender).lines
    assert (line.sku, line.quantity, line.kind) == (fare, 2, "flight")
    assert dict(line.details)["passengers"] == ["Ann Lee", "Bo Chen"]

    with session_scope(shop_db) as session:
        (before,) = fares_by_code(session, [fare])
        seats = before.seats
    order = place_order(uow, sender, "en")
    assert order.total_minor == 2 * line.unit_price_minor
    reference = dict(order.lines[0].details)["booking_reference"]
    assert len(reference) == 6 and reference.isalnum() and reference.isupper()
    (receipt_line,) = receipt_template(order, "en", "https://shop.test")["elements"]
    assert receipt_line["subtitle"] == f"Booking {reference} · Ann Lee, Bo Chen"
    assert receipt_line["quantity"] == 2
    with session_scope(shop_db) as session:
        assert fares_by_code(session, [fare])[0].seats == seats - 2  # held for the payment
    # No payment page was opened: closing it never reaches Stripe.
    close_unpaid_order(uow, payment_gateway(get_settings()), order.id)
    with session_scope(shop_db) as session:
        assert fares_by_code(session, [fare])[0].seats == seats  # given back when it ends unpaid


def test_in_french_the_trip_is_read_and_the_flights_are_told_in_french(
    shop_db: str, sender: str
) -> None:
    said, slots = run(
        ActionFlightRequest(),
        tracker(
            "un aller simple Lyon Porto demain pour 3",
            "search_flight",
            sender=sender,
            language="fr",
        ),
    )
    assert (slots["flight_origin"], slots["flight_destination"]) == ("LYS", "OPO")
    assert slots["flight_passengers"] == 3 and slots["flight_return"] == "one-way"
    (shown,) = said
    assert shown["passengers"] == "3 passager(s)"
    french_days = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
    assert shown["day"].startswith(french_days)
    assert all(card["buttons"][0]["title"] == "Choisir" for card in shown["elements"])


def test_earlier_and_cheaper_move_from_the_flights_shown(shop_db: str, sender: str) -> None:
    trip = {
        "flight_origin": "AMS",
        "flight_destination": "ZRH",
        "flight_date": tomorrow().isoformat(),
        "flight_return": "one-way",
        "flight_passengers": 1.0,
        "department": "flight",
        "flight_leg": "outbound",
    }
    _, slots = run(ActionFlightRequest(), tracker("in the evening", "search_flight", **trip))
    evening = slots["flight_shown"]
    assert evening and all(entry["departs"] >= "18:00" for entry in evening)
    _, slots = run(
        ActionSearchProducts(),
        tracker("something earlier?", "refine_search", flight_shown=evening, **trip),
    )
    earlier = slots["flight_shown"]
    assert earlier and all(entry["departs"] < evening[0]["departs"] for entry in earlier)
    _, slots = run(
        ActionSearchProducts(),
        tracker("cheaper?", "refine_search", flight_shown=earlier, **trip),
    )
    prices = [entry["price_minor"] for entry in slots["flight_shown"]]
    assert prices == sorted(prices)


def test_the_seats_left_limit_what_is_offered(shop_db: str, sender: str) -> None:
    """A party larger than any fare's seats gets no flight, said plainly."""
    trip = {
        "flight_origin": "VIE",
        "flight_destination": "NCE",
        "flight_date": tomorrow().isoformat(),
        "flight_return": "one-way",
        "flight_passengers": 9.0,
    }
    with session_scope(shop_db) as session:
        fares = session.exec(
            select(Fare)
            .join(Flight)
            .where(col(Flight.origin) == "VIE", col(Flight.destination) == "NCE")
        ).all()
        for fare in fares:
            fare.seats = min(fare.seats, 8)
    said, _ = run(ActionFlightRequest(), tracker("flights?", "search_flight", **trip))
    (answer,) = said
    assert answer["response"] == "utter_no_flights"
    assert answer["passengers"] == "9 passenger(s)"
