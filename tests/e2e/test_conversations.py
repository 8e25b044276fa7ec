"""Natural conversations in English and French over Rasa's REST channel, every part real."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import httpx
import yaml
from sqlmodel import select

from assistant.commerce.handoff import Handoff
from assistant.commerce.order import Order, OrderStatus
from assistant.kernel.database import session_scope
from assistant.services.carts import view_cart
from assistant.services.unit_of_work import UnitOfWork
from catalog.colours import colour_family
from catalog.models import Product, Variant
from testkit.net import wait_for
from testkit.stack import Stack

ASSISTANT = str(Path(sys.executable).parent / "assistant")
BLUES = colour_family("blue")


def texts(replies: list[dict]) -> str:
    return "\n".join(reply.get("text", "") for reply in replies)


def buttons(replies: list[dict], intent: str) -> list[dict]:
    return [
        button
        for reply in replies
        for button in reply.get("buttons") or []
        if button.get("payload", "").startswith(f"/{intent}")
    ]


def shown_skus(replies: list[dict]) -> list[str]:
    """The SKUs behind the "Add to cart" buttons of a result list, in the order shown."""
    return [
        json.loads(button["payload"].removeprefix("/add_to_cart"))["sku"]
        for button in buttons(replies, "add_to_cart")
    ]


def variant(stack: Stack, sku: str) -> tuple[Variant, Product]:
    with session_scope(stack.settings.database_url) as session:
        found = session.exec(select(Variant).where(Variant.sku == sku)).one()
        return found, session.get(Product, found.product_id)


def new_shopper() -> str:
    return f"e2e-{uuid.uuid4().hex[:8]}"


def cli(stack: Stack, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "ASSISTANT_DATABASE_URL": stack.settings.database_url,
        "RASA_URL": stack.rasa_url,
        "RASA_TOKEN": stack.settings.rasa_token.get_secret_value(),
        "NO_COLOR": "1",
        "COLUMNS": "250",
    }
    return subprocess.run(
        [ASSISTANT, *args], env=env, capture_output=True, text=True, timeout=120, check=False
    )


def choose_first_option(stack: Stack, shopper: str, question: list[dict]) -> str:
    """Tap the first size/colour quick reply; returns the SKU it named."""
    options = buttons(question, "add_to_cart")
    assert options, f"no quick replies in {question}"
    sku = json.loads(options[0]["payload"].removeprefix("/add_to_cart"))["sku"]
    stack.say(shopper, options[0]["payload"])
    return sku


def test_english_search_more_refine_second_one_details_remove(stack: Stack) -> None:
    shopper = new_shopper()
    first_page = shown_skus(stack.say(shopper, "show me t-shirts"))
    assert len(first_page) == 5
    second_page = shown_skus(stack.say(shopper, "show me more"))
    assert second_page and not set(second_page) & set(first_page)

    answer, *results = stack.say(shopper, "do you have it in blue?")
    # About the first product first ("Yes, we have … in navy", its Add button), then the list.
    assert answer["text"].startswith(("Yes", "No"))
    blue = [answer, *results]
    blue_skus = shown_skus(results)
    # Blue or one of its shades (navy): catalog/data/colour_families.txt
    assert blue_skus and all(variant(stack, sku)[0].color in BLUES for sku in blue_skus)
    assert "blue" in texts(blue)

    details = texts(stack.say(shopper, "tell me more about the second one"))
    _, product = variant(stack, blue_skus[1])
    assert product.title in details and product.description[:40] in details
    assert "Sizes:" in details

    question = stack.say(shopper, "add the second one to my cart")
    assert "Which size" in texts(question)  # the colour is known from the search: blue
    chosen = choose_first_option(stack, shopper, question)
    chosen_variant, chosen_product = variant(stack, chosen)
    assert chosen_product.id == product.id and chosen_variant.color in BLUES

    cart = texts(stack.say(shopper, "what's in my cart"))
    assert f"1 × {product.title}" in cart
    removed = texts(stack.say(shopper, "remove it from my cart"))
    assert product.title in removed and "empty" in removed
    assert view_cart(UnitOfWork(stack.settings.database_url), shopper).lines == ()


def test_french_refine_variant_quantity_checkout_status_cancel(stack: Stack) -> None:
    shopper = new_shopper()
    greeting = texts(stack.say(shopper, "bonjour"))
    assert "Bonjour" in greeting
    assert "Voici ce que j'ai trouvé" in texts(stack.say(shopper, "je cherche un t-shirt"))
    results = stack.say(shopper, "vous l'avez en noir ?")  # refines the search just made
    skus = shown_skus(results)
    assert skus and all(variant(stack, sku)[0].color == "black" for sku in skus)
    assert all("T-Shirt" in variant(stack, sku)[1].title for sku in skus)

    question = stack.say(shopper, "ajoute 2 du premier dans mon panier")
    assert "Quelle taille" in texts(question)
    chosen = choose_first_option(stack, shopper, question)
    _, product = variant(stack, chosen)
    lines = view_cart(UnitOfWork(stack.settings.database_url), shopper).lines
    assert [(line.sku, line.quantity) for line in lines] == [(chosen, 2)]

    changed = texts(stack.say(shopper, "je n'en veux qu'un"))
    assert f"1 × {product.title}" in changed
    confirm = texts(stack.say(shopper, "je veux payer"))
    assert "Je vous envoie le lien de paiement ?" in confirm and product.title in confirm
    link = texts(stack.say(shopper, "oui"))
    assert "Payez en toute sécurité" in link

    status = texts(stack.say(shopper, "où est ma commande ?"))
    with session_scope(stack.settings.database_url) as session:
        order = session.exec(select(Order).where(Order.conversation_id == shopper)).one()
    assert order.number in status and "en attente de paiement" in status

    ask = texts(stack.say(shopper, "je veux annuler ma commande"))
    assert order.number in ask and "annuler" in ask
    done = texts(stack.say(shopper, "oui"))
    assert "annulée" in done
    with session_scope(stack.settings.database_url) as session:
        assert session.get(Order, order.id).status == OrderStatus.CANCELLED


def test_cancel_declined_keeps_the_order(stack: Stack) -> None:
    shopper = new_shopper()
    stack.say(shopper, "I'm looking for a red t-shirt")
    chosen = choose_first_option(stack, shopper, stack.say(shopper, "add the first one"))
    assert chosen
    stack.say(shopper, "checkout")
    stack.say(shopper, "yes")
    ask = texts(stack.say(shopper, "cancel my order"))
    assert "Do you really want to cancel" in ask
    kept = texts(stack.say(shopper, "no"))
    assert "left your order" in kept
    with session_scope(stack.settings.database_url) as session:
        order = session.exec(select(Order).where(Order.conversation_id == shopper)).one()
        assert order.status == OrderStatus.PENDING_PAYMENT


def test_handoff_silences_the_bot_until_released(stack: Stack) -> None:
    shopper = new_shopper()
    said = texts(stack.say(shopper, "I want to talk to a human"))
    assert "person from the shop" in said
    assert stack.say(shopper, "hello? anyone?") == []  # the bot stays out of it

    listed = cli(stack, "handoffs", "list")
    assert listed.returncode == 0, listed.stderr
    assert shopper in listed.stdout
    with session_scope(stack.settings.database_url) as session:
        handoff = session.exec(select(Handoff).where(Handoff.conversation_id == shopper)).one()
    released = cli(stack, "handoffs", "release", str(handoff.id))
    assert released.returncode == 0, released.stderr
    assert shopper not in cli(stack, "handoffs", "list").stdout
    assert "clothing" in texts(stack.say(shopper, "hi"))  # the bot answers again

    missing = cli(stack, "handoffs", "release", "999999")
    assert missing.returncode == 1 and "no handoff with id 999999" in missing.stderr


def test_french_handoff(stack: Stack) -> None:
    shopper = new_shopper()
    said = texts(stack.say(shopper, "je veux parler à un conseiller"))
    assert "une personne de la boutique" in said
    assert stack.say(shopper, "allô ?") == []


def test_two_stage_fallback_suggests_then_offers_help_or_a_person(stack: Stack) -> None:
    shopper = new_shopper()
    # The payload gives the model's low-confidence verdict directly, so the test is exact.
    first = stack.say(shopper, "/nlu_fallback")
    assert "didn't understand" in texts(first)
    suggestions = [button["payload"] for button in first[-1].get("buttons") or []]
    assert len(suggestions) == 3 and "/human_handoff" not in suggestions
    second = stack.say(shopper, "/nlu_fallback")
    assert "still didn't understand" in texts(second)
    payloads = {button["payload"] for button in second[-1].get("buttons") or []}
    assert payloads == {"/help", "/human_handoff"}
    assert "I can find products" in texts(stack.say(shopper, "/help"))


def test_inbox_lists_and_exports_real_messages(stack: Stack, tmp_path: Path) -> None:
    odd = f"blorf zzzk {uuid.uuid4().hex[:6]}"
    for shopper in (new_shopper(), new_shopper()):
        assert stack.say(shopper, odd), "the bot stayed silent"
    stack.say(new_shopper(), "/greet")  # button payloads are not shoppers' words

    export = tmp_path / "inbox.yml"
    # Every confidence is <= 1, so this threshold lists every message: no guessing the model.
    inbox = cli(stack, "nlu", "inbox", "--min-confidence", "1.01", "--export", str(export))
    assert inbox.returncode == 0, inbox.stderr
    row = next(line for line in inbox.stdout.splitlines() if odd in line)
    assert row.split("│")[1].strip() == "2" and row.split("│")[2].strip() == "2"
    assert "/greet" not in inbox.stdout
    exported = yaml.safe_load(export.read_text())
    examples = "".join(block["examples"] for block in exported["nlu"])
    assert f"- {odd}\n" in examples

    recent = cli(stack, "nlu", "inbox", "--min-confidence", "1.01", "--since", "1h")
    assert recent.returncode == 0 and odd in recent.stdout, recent.stderr
    later = cli(stack, "nlu", "inbox", "--min-confidence", "1.01", "--since", "2999-01-01")
    assert later.returncode == 0 and odd not in later.stdout, later.stderr
    wrong = cli(stack, "nlu", "inbox", "--since", "last tuesday")
    assert wrong.returncode == 1 and "--since 'last tuesday'" in wrong.stderr


def test_typed_colour_and_size_answer_the_variant_questions(stack: Stack) -> None:
    shopper = new_shopper()
    shown = shown_skus(stack.say(shopper, "show me t-shirts"))
    _, product = variant(stack, shown[0])
    question = stack.say(shopper, "add the first one to my cart")
    answers = {}
    for _ in range(2):  # colour, then size: typed, never tapped
        asked = "colour" if "Which colour" in texts(question) else "size"
        assert f"Which {asked}" in texts(question), texts(question)
        options = buttons(question, "add_to_cart")
        answers[asked] = options[-1]["title"]
        question = stack.say(shopper, f"{answers[asked]} please")
        if "Added" in texts(question):
            break
    assert "Added" in texts(question), texts(question)
    (line,) = view_cart(UnitOfWork(stack.settings.database_url), shopper).lines
    added, added_product = variant(stack, line.sku)
    assert added_product.id == product.id
    assert answers.get("colour", added.color) == added.color
    assert answers.get("size", added.size) == added.size


def test_french_typed_size_and_french_echo(stack: Stack) -> None:
    shopper = new_shopper()
    results = stack.say(shopper, "je cherche un t-shirt noir")
    assert "noir" in texts(results) and "black" not in texts(results)
    question = stack.say(shopper, "ajoute le premier au panier")
    assert "Quelle taille" in texts(question), texts(question)
    size = buttons(question, "add_to_cart")[0]["title"]
    added = texts(stack.say(shopper, f"je prends la {size}"))
    assert "J'ai ajouté" in added, added
    (line,) = view_cart(UnitOfWork(stack.settings.database_url), shopper).lines
    assert variant(stack, line.sku)[0].size == size


def test_a_first_message_with_a_price_is_answered_in_its_language(stack: Stack) -> None:
    """The price extractor once dropped the language with the words the price covers."""
    replies = texts(stack.say(new_shopper(), "un sweat à capuche à moins de 50 €"))
    assert "Voici" in replies or "Rien" in replies, replies
    assert "Here is" not in replies and "Nothing matches" not in replies


def test_a_description_read_as_an_add_or_the_cart_searches(stack: Stack) -> None:
    """With nothing on screen and no word asking to add, a product described is searched."""
    for text in ("cable ethernet 5 metres", "un ecran pour mon pc"):
        replies = stack.say(new_shopper(), text)
        assert shown_skus(replies), (text, texts(replies))


def test_an_add_after_a_question_about_a_list_adds_the_product_answered_about(
    stack: Stack,
) -> None:
    shopper = new_shopper()
    stack.say(shopper, "jeans")
    replies = stack.say(shopper, "do they come in black?")
    answer, black_ones = texts(replies), shown_skus(replies)
    added = texts(stack.say(shopper, "one pair black size L"))
    (line,) = view_cart(UnitOfWork(stack.settings.database_url), shopper).lines
    chosen, product = variant(stack, line.sku)
    assert (chosen.color, chosen.size) == ("black", "L"), added
    # The product the answer named if it comes in black, else a black one shown.
    if answer.startswith("Yes"):
        assert product.title in answer
    else:
        assert product.id in {variant(stack, sku)[1].id for sku in black_ones}, (answer, added)


def test_cheaper_at_the_cheapest_says_so_and_keeps_the_search(stack: Stack) -> None:
    shopper = new_shopper()
    reply = stack.say(shopper, "show me mugs")
    for _ in range(8):  # each "cheaper" lowers the ceiling under the cheapest shown
        if "already the lowest price" in texts(reply):
            break
        assert shown_skus(reply), texts(reply)
        ceiling = slots(stack, shopper)["max_price"]
        reply = stack.say(shopper, "cheaper")
    assert "already the lowest price" in texts(reply), texts(reply)
    assert slots(stack, shopper)["max_price"] == ceiling  # not the impossible one


def slots(stack: Stack, shopper: str) -> dict:
    tracker = httpx.get(
        f"{stack.rasa_url}/conversations/{shopper}/tracker",
        params={"token": stack.settings.rasa_token.get_secret_value()},
        timeout=30,
    )
    tracker.raise_for_status()
    return tracker.json()["slots"]


def test_action_server_warms_the_search_while_starting(stack: Stack) -> None:
    # `actions.server` builds the catalog snapshot and loads the encoder before the first shopper.
    wait_for(lambda: "search warm-up done" in stack.log.read_text(), timeout=60, what="warm-up log")


def test_a_yes_after_moving_on_does_not_answer_the_checkout_question(stack: Stack) -> None:
    shopper = new_shopper()
    stack.say(shopper, "I'm looking for a red t-shirt")
    assert choose_first_option(stack, shopper, stack.say(shopper, "add the first one"))
    assert "payment link" in texts(stack.say(shopper, "checkout"))
    assert shown_skus(stack.say(shopper, "show me mugs"))  # the shopper moved on
    assert "Pay" not in texts(stack.say(shopper, "yes"))
    with session_scope(stack.settings.database_url) as session:
        assert session.exec(select(Order).where(Order.conversation_id == shopper)).all() == []


def test_a_message_asking_two_things_gets_both_done(stack: Stack) -> None:
    """An add and a question in one message (assistant/channels/message_parts.py): the product
    goes in the cart and the question is answered about it, in the shopper's language."""
    for said, sku, quantity, answer in (
        (
            "I'd like the Striped Cotton Socks in yellow, size M. Are they seamless at the toe?",
            "SK-STRIPED-YELLOW-M",
            1,
            "Yes",
        ),
        (
            "Mets-moi deux paires de chaussettes rayées jaunes en M. "
            "Elles sont sans couture à la pointe ?",
            "SK-STRIPED-YELLOW-M",
            2,
            "Oui",
        ),
    ):
        shopper = new_shopper()
        replies = texts(stack.say(shopper, said))
        (line,) = view_cart(UnitOfWork(stack.settings.database_url), shopper).lines
        assert (line.sku, line.quantity) == (sku, quantity), replies
        assert answer in replies and "seamless toe" in replies, replies


def test_a_request_said_on_the_answers_condition_waits_for_it(stack: Stack) -> None:
    """ "If so, …" is carried out after a yes, not after a no; "if not, …" the other way."""
    for said, cart in (
        ("Is the Lightweight Down Jacket waterproof? If so, I'll take it in black, size M.", []),
        (
            "Is the Packable Waterproof Rain Jacket waterproof? If so, I'll take it in red, "
            "size L.",
            ["JK-RAIN-RED-L"],
        ),
        (
            "La doudoune légère est-elle imperméable ? Sinon, mettez-moi la veste de pluie "
            "imperméable en rouge, taille L.",
            ["JK-RAIN-RED-L"],
        ),
    ):
        shopper = new_shopper()
        replies = texts(stack.say(shopper, said))
        lines = view_cart(UnitOfWork(stack.settings.database_url), shopper).lines
        assert [line.sku for line in lines] == cart, replies
        assert replies.startswith(("No", "Yes", "Non", "Oui")), replies
