"""Which intents belong to the rest of the shop, seen from one part of it: derived from the
domain's intents, so an intent added there is counted without another list to edit."""

from __future__ import annotations

from pathlib import Path

import pytest

from actions.common import NO_TOPIC, intents_besides
from actions.delivery import ELSEWHERE as NOT_THE_DELIVERY
from actions.flights import ELSEWHERE as NOT_THE_TRIP
from assistant.domain_intents import domain_intents


def test_the_rest_of_the_shop_is_every_intent_but_a_parts_own_and_those_of_no_part() -> None:
    assert domain_intents() >= NO_TOPIC
    assert domain_intents() - NO_TOPIC - {"search_flight", "choose_flight"} == NOT_THE_TRIP
    assert {"search_product", "ask_menu", "give_delivery_details", "greet"} <= NOT_THE_TRIP
    # The delivery form is how a meal is checked out: "checkout" said in it is for it.
    assert {"search_flight", "ask_menu", "order_meal"} <= NOT_THE_DELIVERY
    assert not {"checkout", "give_delivery_details", "affirm"} & NOT_THE_DELIVERY


def test_an_intent_the_domain_lacks_is_refused() -> None:
    with pytest.raises(ValueError, match="serch_flight"):
        intents_besides("serch_flight")


def test_an_intent_written_with_options_counts(tmp_path: Path) -> None:
    domain = tmp_path / "domain.yml"
    domain.write_text("intents:\n  - greet\n  - inform:\n      use_entities: []\n", "utf-8")
    assert domain_intents(domain) == {"greet", "inform"}
