"""Delivery details: phone numbers, time of day rules and the restaurant's zone and hours."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from assistant.conversation.delivery_details import (
    DeliveryDetails,
    DeliveryMode,
    delivery_checks,
    read_delivery_details,
)
from testkit.pizzeria import pizzeria_menu

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=ZoneInfo("Europe/Paris"))
RESTAURANT = pizzeria_menu().restaurant


@pytest.mark.parametrize(
    ("text", "e164", "error"),
    [
        ("mon numéro : 06 12 34 56 78", "+33612345678", None),
        ("call me on +33 6 11 22 33 44", "+33611223344", None),
        ("tel 06.12.34.56.78", "+33612345678", None),
        ("tel 06 12 34", None, "too_short"),
        ("my number is 06 12 34 56 78 91 23", None, "too_long"),
        ("livraison 75011 à 20h", None, None),  # a postcode and a time are no phone number
    ],
)
def test_phone_numbers(text: str, e164: str | None, error: str | None) -> None:
    phone = read_delivery_details(text, "fr", NOW).phone
    assert (phone.e164 if phone else None, phone.error if phone else None) == (e164, error)


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        ("at 8", "20:00"),  # a bare hour at a restaurant is the evening's
        ("à 8h ce soir", "20:00"),
        ("at 11am", "11:00"),
        ("à midi", "12:00"),
        ("dans 30 minutes", "12:30"),
        ("tomorrow at 7pm", "19:00"),
        ("at half past seven", "19:30"),
        ("vers 20h moins le quart", "19:45"),
        ("à 8h et demie", "20:30"),
    ],
)
def test_times_of_day(text: str, wanted: str) -> None:
    details = read_delivery_details(text, "en", NOW)
    assert details.time is not None and details.time.strftime("%H:%M") == wanted


def test_tomorrow_moves_the_day() -> None:
    details = read_delivery_details("demain à 19h30", "fr", NOW)
    assert details.time == datetime(2026, 12, 2, 19, 30, tzinfo=NOW.tzinfo)


def test_a_number_of_pizzas_is_not_a_time() -> None:
    assert read_delivery_details("for 2 pizzas please", "en", NOW).time is None


def test_zone_and_hours_come_from_the_restaurant() -> None:
    late = datetime(2026, 12, 1, 23, 0, tzinfo=NOW.tzinfo)
    lunch = datetime(2026, 12, 1, 12, 15, tzinfo=NOW.tzinfo)
    far = DeliveryDetails(mode=DeliveryMode.DELIVERY, postcode="75015", time=lunch)
    assert delivery_checks(far, RESTAURANT).outside_zone
    assert not delivery_checks(far, RESTAURANT).outside_hours
    assert delivery_checks(DeliveryDetails(postcode="75003", time=late), RESTAURANT).outside_hours
    # Pickup goes nowhere: no zone to be outside of.
    pickup = DeliveryDetails(mode=DeliveryMode.PICKUP, postcode="75015")
    assert not delivery_checks(pickup, RESTAURANT).outside_zone
