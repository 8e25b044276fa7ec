"""The Rasa actions without a Rasa server: rasa-sdk's own Tracker and CollectingDispatcher, a
real SQLite shop holding the demo catalog. What each action says and which slots it sets."""

from __future__ import annotations

import pytest

from actions.cart import ActionAddToCart, ActionConfirmCheckout, ActionRemoveFromCart
from actions.checkout import ActionCheckout
from actions.fallback import ActionFallback
from actions.orders import ActionConfirmCancelOrder, ActionOrderStatus
from actions.receipt import ActionSendReceipt
from actions.search import ActionSearchProducts
from assistant.kernel.settings import get_settings
from assistant.services.carts import add_to_cart, view_cart
from assistant.services.orders import shoppers_orders
from assistant.services.unit_of_work import UnitOfWork
from testkit.actions import entity, run, tracker

SIZED_SKU = "TS-CLASSIC-RED-S"  # Classic Cotton T-Shirt, several colours; red in S, M, XL


def test_a_search_shows_cards_and_keeps_its_context(shop_db: str, sender: str) -> None:
    said, slots = run(
        ActionSearchProducts(),
        tracker(
            "red t-shirt under 20 euros",
            "search_product",
            [entity("product", "t-shirt"), entity("color", "red"), entity("price", "20", "max")],
            sender,
        ),
    )
    (message,) = said
    assert message["response"] == "utter_search_results"
    assert message["elements"], "no product cards"
    for card in message["elements"]:
        assert [button["title"] for button in card["buttons"]] == ["Add to cart", "Details"]
        assert "€" in card["subtitle"]
    assert slots["color"] == "red" and slots["max_price"] == 2000
    assert len(slots["last_results"]) == len(message["elements"])


def test_adding_a_product_with_sizes_asks_which_then_a_typed_size_answers(
    shop_db: str, sender: str
) -> None:
    said, slots = run(
        ActionAddToCart(),
        tracker("add the first one", "add_to_cart", [entity("ordinal", "first")], sender,
                last_results=[SIZED_SKU], color="red"),  # the colour searched for
    )  # fmt: skip
    (question,) = said
    assert question["response"] == "utter_ask_size"
    assert [button["title"] for button in question["buttons"]] == ["S", "M", "XL"]
    asked = slots["variant_question"]
    assert asked["sku"] == SIZED_SKU

    said, slots = run(
        ActionAddToCart(),
        tracker("I'll take the M", "add_to_cart", [], sender, variant_question=asked),
    )
    assert said[0]["response"] == "utter_added_to_cart"
    assert slots["variant_question"] is None
    (line,) = view_cart(UnitOfWork(shop_db), sender).lines
    assert (line.sku, line.quantity) == ("TS-CLASSIC-RED-M", 1)


def test_the_same_answer_read_as_a_search_also_finishes_the_question(
    shop_db: str, sender: str
) -> None:
    asked = {"sku": SIZED_SKU, "quantity": 2, "color": "red", "size": None}
    said, _ = run(
        ActionSearchProducts(),
        tracker("XL please", "refine_search", [entity("size", "XL")], sender,
                variant_question=asked),
    )  # fmt: skip
    assert said[0]["response"] == "utter_added_to_cart"
    (line,) = view_cart(UnitOfWork(shop_db), sender).lines
    assert (line.sku, line.quantity) == ("TS-CLASSIC-RED-XL", 2)


def test_removing_the_only_line_empties_the_cart_in_french(shop_db: str, sender: str) -> None:
    add_to_cart(UnitOfWork(shop_db), sender, "TS-CLASSIC-RED-M", 1)
    said, _ = run(
        ActionRemoveFromCart(), tracker("enlève-le", "remove_from_cart", [], sender, language="fr")
    )
    assert said[0]["response"] == "utter_removed_from_cart"
    assert said[0]["summary"] == "Votre panier est maintenant vide."
    assert view_cart(UnitOfWork(shop_db), sender).lines == ()


def test_checkout_asks_first_and_an_empty_cart_is_said_so(shop_db: str, sender: str) -> None:
    add_to_cart(UnitOfWork(shop_db), sender, "TS-CLASSIC-RED-M", 2)
    said, slots = run(
        ActionConfirmCheckout(), tracker("payer", "checkout", [], sender, language="fr")
    )
    assert said[0]["response"] == "utter_confirm_checkout"
    assert "29,98" in said[0]["total"]
    assert [button["title"] for button in said[0]["buttons"]] == ["Oui", "Non"]
    assert slots["pending_confirmation"] == "checkout"

    said, slots = run(ActionConfirmCheckout(), tracker("checkout", "checkout", [], f"{sender}-2"))
    assert said[0]["response"] == "utter_cart_empty"
    assert slots["pending_confirmation"] is None


def test_checkout_without_a_reachable_payment_provider_keeps_the_order(
    shop_db: str, sender: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STRIPE_API_BASE", "http://127.0.0.1:9")  # nothing listens there
    monkeypatch.setenv("STRIPE_TIMEOUT_SECONDS", "0.5")
    get_settings.cache_clear()
    add_to_cart(UnitOfWork(shop_db), sender, "TS-CLASSIC-RED-M", 1)
    said, _ = run(
        ActionCheckout(), tracker("yes", "affirm", [], sender, pending_confirmation="checkout")
    )
    assert said[0]["response"] == "utter_payment_unavailable"
    (order,) = shoppers_orders(UnitOfWork(shop_db), sender, None)
    assert said[0]["order"] == order.number  # kept: asking again retries the payment link
    assert order.checkout_url is None and view_cart(UnitOfWork(shop_db), sender).lines == ()


def test_a_yes_calling_for_the_link_when_it_was_offered_sends_it(
    shop_db: str, sender: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STRIPE_API_BASE", "http://127.0.0.1:9")  # the order is kept, unpaid
    monkeypatch.setenv("STRIPE_TIMEOUT_SECONDS", "0.5")
    get_settings.cache_clear()
    add_to_cart(UnitOfWork(shop_db), sender, "TS-CLASSIC-RED-M", 1)
    # paying asked again: the cart shown and asked again, nothing ordered yet
    again = tracker("Je règle.", "checkout", [], sender, language="fr",
                    pending_confirmation="checkout")  # fmt: skip
    said, _ = run(ActionConfirmCheckout(), again)
    assert said[0]["response"] == "utter_confirm_checkout"
    assert shoppers_orders(UnitOfWork(shop_db), sender, None) == []
    # a yes calling for the link: the order, its link asked of the payment provider
    said, slots = run(
        ActionConfirmCheckout(),
        tracker("Yep, send the link.", "checkout", [], sender, pending_confirmation="checkout"),
    )
    assert said[0]["response"] == "utter_payment_unavailable"
    assert slots["pending_confirmation"] is None
    assert len(shoppers_orders(UnitOfWork(shop_db), sender, None)) == 1


@pytest.mark.parametrize("text", ["Go on then.", "ok vas-y", "Allez-y", "Oui, je valide."])
def test_a_go_ahead_to_the_payment_question_read_as_something_else_sends_the_link(
    shop_db: str, sender: str, monkeypatch: pytest.MonkeyPatch, text: str
) -> None:
    monkeypatch.setenv("STRIPE_API_BASE", "http://127.0.0.1:9")  # the order is kept, unpaid
    monkeypatch.setenv("STRIPE_TIMEOUT_SECONDS", "0.5")
    get_settings.cache_clear()
    add_to_cart(UnitOfWork(shop_db), sender, "FD-CHIPS-SALT-150G", 1)
    # plenty in stock: each case orders one, and the shop's stock is shared by the module
    # "Go on then." read as "show me more": no list, the order and its link
    asked = tracker(text, "show_more", [], sender, pending_confirmation="checkout")
    said, slots = run(ActionSearchProducts(), asked)
    assert said[0]["response"] == "utter_payment_unavailable"
    assert slots["pending_confirmation"] is None
    assert len(shoppers_orders(UnitOfWork(shop_db), sender, None)) == 1
    # without the question pending, it is what the model read
    add_to_cart(UnitOfWork(shop_db), f"{sender}-2", "FD-CHIPS-SALT-150G", 1)
    run(ActionSearchProducts(), tracker(text, "show_more", [], f"{sender}-2"))
    assert shoppers_orders(UnitOfWork(shop_db), f"{sender}-2", None) == []


@pytest.mark.parametrize("text", ["Go on then.", "Oui, je valide."])
def test_a_go_ahead_read_as_paying_again_sends_the_link(
    shop_db: str, sender: str, monkeypatch: pytest.MonkeyPatch, text: str
) -> None:
    monkeypatch.setenv("STRIPE_API_BASE", "http://127.0.0.1:9")  # the order is kept, unpaid
    monkeypatch.setenv("STRIPE_TIMEOUT_SECONDS", "0.5")
    get_settings.cache_clear()
    add_to_cart(UnitOfWork(shop_db), sender, "FD-CHIPS-SALT-150G", 1)
    # "Go on then." or "Oui, je valide." to "Shall I send you the payment link?", read as
    # checkout: not asked again
    asked = tracker(text, "checkout", [], sender, pending_confirmation="checkout")
    said, slots = run(ActionConfirmCheckout(), asked)
    assert said[0]["response"] == "utter_payment_unavailable"
    assert slots["pending_confirmation"] is None
    assert len(shoppers_orders(UnitOfWork(shop_db), sender, None)) == 1


def test_orders_of_another_conversation_are_unknown_and_get_no_receipt(
    shop_db: str, sender: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_to_cart(UnitOfWork(shop_db), "someone-else", "TS-CLASSIC-RED-M", 1)
    monkeypatch.setenv("STRIPE_API_BASE", "http://127.0.0.1:9")
    monkeypatch.setenv("STRIPE_TIMEOUT_SECONDS", "0.5")
    get_settings.cache_clear()
    run(ActionCheckout(), tracker("yes", "affirm", [], "someone-else"))
    (theirs,) = shoppers_orders(UnitOfWork(shop_db), "someone-else", None)
    named = [entity("order_id", theirs.number)]
    said, _ = run(ActionOrderStatus(), tracker("where is it", "order_status", named, sender))
    assert said[0]["response"] == "utter_order_unknown"
    said, _ = run(ActionConfirmCancelOrder(), tracker("cancel it", "cancel_order", named, sender))
    assert said[0]["response"] == "utter_order_unknown"
    said, _ = run(ActionSendReceipt(), tracker("", "payment_received", named, sender))
    assert said == []


def test_the_fallback_offers_the_likeliest_intents_in_the_shoppers_language(shop_db: str) -> None:
    state = tracker("blorp", "nlu_fallback", language="fr")  # names nothing the shop sells
    state.latest_message["intent_ranking"] = [{"name": "nlu_fallback"}, {"name": "view_cart"}]
    said, _ = run(ActionFallback(), state)
    assert said[0]["response"] == "utter_ask_rephrase"
    titles = [button["title"] for button in said[0]["buttons"]]
    assert titles == ["Voir mon panier", "Chercher un article", "Que sais-tu faire ?"]


def test_a_refinement_sets_only_the_slots_it_changes(shop_db: str, sender: str) -> None:
    """Rasa keeps and replays every event of a conversation on every turn: a slot re-set to the
    value it holds is dropped (actions.common.changes_only)."""
    _, first = run(
        ActionSearchProducts(),
        tracker("t-shirts", "search_product", [entity("product", "t-shirt")], sender),
    )
    refined = tracker("in red", "refine_search", [entity("color", "red")], sender, **first)
    _, slots = run(ActionSearchProducts(), refined)
    assert slots["color"] == "red"
    assert "product" not in slots and "department" not in slots  # unchanged
