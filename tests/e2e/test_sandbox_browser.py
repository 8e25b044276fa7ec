"""The sandbox page in a real browser (Debian's chromium driven by Playwright), on the real stack.

Buys a t-shirt (search, a carousel card, the size question), a flight (a carousel of flights,
the passengers' names) and a pizzeria meal (the basket, the delivery form), each paid on the
Stripe sandbox page up to the receipt in the chat. The screenshots go to reports/ (sandbox.png,
sandbox-flight.png, sandbox-meal.png): copy them over docs/img/, the README's pictures, when the
sandbox's look changes.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Locator, Page, sync_playwright
from sqlmodel import select

from assistant.commerce.order import Order, OrderStatus
from assistant.kernel.database import session_scope
from assistant.stack import local
from testkit.net import wait_for
from testkit.paths import ROOT
from testkit.stack import Stack

SCREENSHOT = ROOT / "reports" / "sandbox.png"  # not docs/img: a test run leaves the tree clean
FLIGHT_SCREENSHOT = ROOT / "reports" / "sandbox-flight.png"
MEAL_SCREENSHOT = ROOT / "reports" / "sandbox-meal.png"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium() -> str:
    path = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).exists():
        pytest.fail("chromium is not installed: `apt-get install chromium` (.ci/run does it)")
    return path


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[BrowserContext]:
    with sync_playwright() as playwright:
        # A persistent context is how Playwright takes a fresh --user-data-dir.
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path / "profile"),
            executable_path=chromium(),
            args=CHROMIUM_FLAGS,
            viewport={"width": 480, "height": 1000},
            locale="en-GB",
        )
        try:
            yield context
        finally:
            context.close()


def send(page: Page, text: str) -> None:
    page.fill("#text", text)
    page.press("#text", "Enter")


def tap(page: Page, name: str) -> None:
    """The latest button of that name in the chat (a card's, a template's or a quick reply)."""
    page.get_by_role("button", name=name, exact=True).last.click(timeout=60_000)


def open_sandbox(browser: BrowserContext, stack: Stack) -> Page:
    page = browser.new_page()
    page.goto(f"{local(stack.ports.web)}/sandbox")
    page.get_by_text("Active now").wait_for(timeout=15_000)
    return page


def accept_payment_link(page: Page) -> Locator:
    """Say yes to "shall I send you the payment link?"; the "Pay now" button that came."""
    tap(page, "Yes")
    pay_button = page.locator(".card-box button", has_text="Pay now")
    pay_button.wait_for(timeout=60_000)
    return pay_button


def pay(page: Page, stack: Stack, pay_button: Locator) -> Order:
    """Pay on the Stripe sandbox page the button opens; the order once paid, after its receipt
    showed in the chat with the order's number and total."""
    psid = page.evaluate("localStorage.getItem('sandbox-psid')")
    with page.expect_popup() as popup:
        pay_button.click()
    payment = popup.value
    payment.locator("button.pay").click()
    payment.wait_for_load_state()

    def paid() -> Order | None:
        with session_scope(stack.settings.database_url) as session:
            order = session.exec(select(Order).where(Order.conversation_id == psid)).one()
            if order.status != OrderStatus.PAID:
                return None
            assert order.lines  # loaded now: read after the session closed
            return order

    order = wait_for(paid, timeout=30)
    receipt = page.locator(".receipt")
    receipt.get_by_text(f"Order {order.number}").wait_for(timeout=60_000)
    total = receipt.locator(".total").inner_text()
    # The page formats money with the browser's locale (en-GB here): "€1,099.00".
    euros, cents = divmod(order.total_minor, 100)
    assert total.split() == ["Total", f"€{euros:,}.{cents:02d}"], total
    return order


def screenshot_whole_thread(page: Page, path: Path) -> None:
    """The phone made as tall as the conversation, so the picture shows all of it."""
    height = page.evaluate(
        "document.body.scrollHeight - document.getElementById('thread').clientHeight"
        " + document.getElementById('thread').scrollHeight"
    )
    page.set_viewport_size({"width": 480, "height": min(height + 24, 3000)})
    page.locator(".receipt").scroll_into_view_if_needed()
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path))


def test_search_tap_a_card_checkout_and_pay(browser: BrowserContext, stack: Stack) -> None:
    page = open_sandbox(browser, stack)
    page.get_by_role("button", name="Get Started").click()
    page.locator(".bubble.bot").first.wait_for(timeout=60_000)

    send(page, "I'm looking for a red t-shirt")
    cards = page.locator(".carousel .card")
    cards.first.wait_for(timeout=60_000)
    title = cards.first.locator("h3").inner_text()
    assert "€" in cards.first.locator("p").inner_text()
    cards.first.get_by_role("button", name="Add to cart").click()
    # The card names a product with several sizes: the bot asks which (a button template).
    size = page.locator(".card-box button").first
    size.wait_for(timeout=60_000)
    size.click()
    page.get_by_text(f"1 × {title}").wait_for(timeout=60_000)

    send(page, "checkout")  # the bot shows the cart and asks before sending the payment link
    pay_button = accept_payment_link(page)
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT))
    pay(page, stack, pay_button)


def test_a_flight_for_two_chosen_in_the_carousel(browser: BrowserContext, stack: Stack) -> None:
    page = open_sandbox(browser, stack)
    send(page, "I need a one-way flight from Lisbon to London tomorrow for 2 people")
    flights = page.locator(".carousel .card")
    flights.first.wait_for(timeout=60_000)
    assert all(" LIS → L" in card for card in flights.locator("p").all_inner_texts())
    number = flights.first.locator("p").inner_text().split(" · ")[0]
    flights.first.get_by_role("button", name="Choose").click()
    page.get_by_text("Who is travelling").wait_for(timeout=60_000)

    send(page, "Ann Lee and Bo Chen")
    page.get_by_text("Passengers: Ann Lee, Bo Chen").wait_for(timeout=60_000)
    tap(page, "Checkout")
    order = pay(page, stack, accept_payment_link(page))

    assert [(line.kind, line.quantity) for line in order.lines] == [("flight", 2)]
    assert order.lines[0].sku.startswith(number + "-")
    screenshot_whole_thread(page, FLIGHT_SCREENSHOT)


def test_a_pizza_order_delivered(browser: BrowserContext, stack: Stack) -> None:
    page = open_sandbox(browser, stack)
    send(page, "2 margheritas, one with extra cheese, and a coke")
    page.get_by_text("Added to your order").wait_for(timeout=60_000)
    tap(page, "Checkout")
    page.get_by_text("Delivery or pickup?").wait_for(timeout=60_000)

    send(page, "deliver to 12 rue Oberkampf 75011 tomorrow at 8pm")
    page.get_by_text("phone number").wait_for(timeout=60_000)
    send(page, "my number is 06 12 34 56 78")
    page.get_by_text("Delivery to 12 rue Oberkampf").wait_for(timeout=60_000)
    order = pay(page, stack, accept_payment_link(page))

    assert sorted(line.kind for line in order.lines) == ["fee", "meal", "meal", "meal"]
    assert order.delivery_postcode == "75011" and order.delivery_phone == "+33612345678"
    screenshot_whole_thread(page, MEAL_SCREENSHOT)
