"""The sandbox page in a real browser (Debian's chromium driven by Playwright), on the real stack.

Searches, taps a carousel button, checks out and pays; the screenshot goes to reports/sandbox.png
(copy it over docs/img/sandbox.png, the README's picture, when the sandbox's look changes).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright
from sqlmodel import select

from assistant.commerce.order import Order, OrderStatus
from assistant.kernel.database import session_scope
from assistant.stack import local
from testkit.net import wait_for
from testkit.paths import ROOT
from testkit.stack import Stack

SCREENSHOT = ROOT / "reports" / "sandbox.png"  # not docs/img: a test run leaves the tree clean
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
def browser(tmp_path: Path) -> Iterator[Browser]:
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


def test_search_tap_a_card_checkout_and_pay(browser, stack: Stack) -> None:
    page = browser.new_page()
    page.goto(f"{local(stack.ports.web)}/sandbox")
    page.get_by_text("Active now").wait_for(timeout=15_000)
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
    page.get_by_role("button", name="Yes", exact=True).last.click(timeout=60_000)
    pay_button = page.locator(".card-box button", has_text="Pay now")
    pay_button.wait_for(timeout=60_000)
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT))

    psid = page.evaluate("localStorage.getItem('sandbox-psid')")
    with page.expect_popup() as popup:
        pay_button.click()
    payment = popup.value
    payment.locator("button.pay").click()
    payment.wait_for_load_state()

    def paid() -> bool:
        with session_scope(stack.settings.database_url) as session:
            order = session.exec(select(Order).where(Order.conversation_id == psid)).one()
            return order.status == OrderStatus.PAID

    wait_for(paid, timeout=30)
