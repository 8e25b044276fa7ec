"""Products named by what their titles measure or count ("le 24 pouces", "the 100W one", "the
five-packs", "tablettes de 70 %"), and allergens left out of a search as the shopper's
condition needs (an intolerance is not troubled by traces, an allergy is). On the demo
catalog."""

from __future__ import annotations

import pytest

from assistant.conversation.search_request import SearchContext, next_context
from assistant.kernel.database import session_scope
from assistant.services.products import search_products
from assistant.services.unit_of_work import UnitOfWork
from catalog.models import Product
from catalog.search import products_named


def _named(url: str, text: str) -> list[str]:
    with session_scope(url) as session:
        found = [session.get(Product, product_id) for product_id in products_named(session, text)]
        return [product.group_id for product in found if product is not None]


@pytest.mark.parametrize(
    ("text", "group"),
    [
        ("Pas grave. Le 24 pouces.", "MN-24FHD"),
        ("the 100W one", "CH-GAN100"),
        ("le sac de 28 litres", "BP-DAYPACK28"),
        ("Give me two of the five-packs, size L", "SK-CREW5"),
        ("Je prends quatre tablettes de 70 %.", "FD-DARK70"),
        ("deux à 85%", "FD-DARK85"),
    ],
)
def test_a_measure_or_a_count_one_title_has_names_its_product(
    catalog_db: str, text: str, group: str
) -> None:
    assert _named(catalog_db, text)[:1] == [group]


def test_a_measure_two_titles_share_names_neither(catalog_db: str) -> None:
    # two 27-inch monitors: the other words ("calibré") tell them apart, in the search
    assert _named(catalog_db, "Je prends le 27 pouces") == []


def test_the_words_of_a_name_come_before_a_measure(catalog_db: str) -> None:
    # the 15.6-inch monitor is the only title with 15 and inches; the question is the Commuter's
    assert _named(catalog_db, "le commuter ca rentre un 15 pouces ?")[:1] == ["BP-COMMUTER"]


def _found(url: str, text: str) -> list[str]:
    context = next_context("search_product", [], SearchContext(), text, "EUR")
    result = search_products(UnitOfWork(url), context.to_query())
    return [hit.group_id for hit in result.hits]


def test_an_intolerance_keeps_what_may_hold_traces(catalog_db: str) -> None:
    found = _found(catalog_db, "I'm lactose intolerant, any chocolate for me?")
    # the dark bars "may contain traces of milk"; the milk and white bars contain it
    assert {"FD-DARK70", "FD-DARK85"} <= set(found)
    assert not {"FD-MILKHAZEL", "FD-WHITERASP", "FD-SALTCARAMEL", "FD-TRUFFLES"} & set(found)


def test_an_allergy_leaves_out_what_may_hold_traces(catalog_db: str) -> None:
    found = _found(catalog_db, "my son has a milk allergy, which chocolate?")
    assert not {"FD-DARK70", "FD-DARK85", "FD-MILKHAZEL"} & set(found)


def test_an_allergen_said_before_its_allergy_is_left_out(catalog_db: str) -> None:
    found = _found(catalog_db, "she has a nut allergy, what snacks do you have")
    assert found and not {"FD-ALMONDS", "FD-TRAILMIX", "FD-PROTEINBAR"} & set(found)
