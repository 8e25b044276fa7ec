from catalog.flights.airports import airport, airports_of_city


def test_a_code_gives_the_airport_its_city_and_time_zone() -> None:
    lisbon = airport("lis")
    assert lisbon is not None
    assert (lisbon.iata, lisbon.city, lisbon.country, lisbon.timezone) == (
        "LIS",
        "Lisbon",
        "PT",
        "Europe/Lisbon",
    )
    assert lisbon.zone.key == "Europe/Lisbon"


def test_an_unknown_code_is_none() -> None:
    assert airport("QQQ") is None
    assert airport("") is None


def test_a_city_with_two_airports_gives_both() -> None:
    codes = {found.iata for found in airports_of_city("Paris", country="FR")}
    assert {"CDG", "ORY"} <= codes
