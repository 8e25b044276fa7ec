"""A shopper's data: forgotten without a trace (every table scanned), exported, purged after the
retention period, and forgotten on Meta's data-deletion callback; SQLite and PostgreSQL.

The conversations are written by Rasa's own SQL tracker store (testkit.tracker), into the
database Rasa uses by default: the shop's PostgreSQL database, or `tracker.db` beside SQLite.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import hypothesis
import pytest
from hypothesis import HealthCheck, given
from hypothesis import strategies as st
from pydantic import SecretStr
from sqlalchemy import create_engine, inspect, text
from sqlmodel import select

from assistant.bootstrap import conversation_store, unit_of_work
from assistant.channels.signed_request import sign_request
from assistant.commerce.cart import Cart
from assistant.commerce.order import Order, OrderStatus
from assistant.kernel.clock import utcnow
from assistant.kernel.database import session_scope
from assistant.kernel.settings import Settings
from assistant.nlu_tools.inbox import InboxItem, export_yaml
from assistant.services.handoffs import list_handoffs, request_handoff
from assistant.services.privacy import (
    FORGOTTEN_PREFIX,
    export_shopper,
    forget_shopper,
    purge_conversations,
)
from assistant.tracker_events import SqlTrackerEvents
from assistant.tracker_store import for_tools, tracker_store_url
from assistant.web.app import create_app
from assistant.web.maintenance import run_privacy_once
from testkit.messenger import FakeGraph
from testkit.net import LOOPBACK, free_port
from testkit.servers import serve
from testkit.shop import WEBHOOK_SECRET, Shop
from testkit.tracker import TrackerWriter, bot_says, user_says

PSID = "24680135792468013"
NAME = "Zoé Quennell-Marchetti"
OTHER = "13579024681357902"
APP_SECRET = "privacy-test-app-secret"
PAGE_TOKEN = "privacy-test-page-token"
KEY = "privacy-test-key"


def traces(value: str) -> list[str]:
    """How `value` may be stored: as is, or escaped inside JSON (Rasa's event rows)."""
    return sorted({value, json.dumps(value)[1:-1]})


def rows_holding(url: str, needles: list[str]) -> list[str]:
    """Every row, of every table of the database at `url`, in which a needle appears."""
    engine = create_engine(for_tools(url))
    found = []
    try:
        with engine.connect() as connection:
            for table in inspect(engine).get_table_names():
                for row in connection.execute(text(f'SELECT * FROM "{table}"')):
                    cells = " ".join(str(cell) for cell in row)
                    found += [f"{table}: {row}" for needle in needles if needle in cells]
    finally:
        engine.dispose()
    return found


def order_totals(url: str) -> list[tuple[str, str, int, int]]:
    """(status, currency, count, sum of totals) per status: what the accounts add up."""
    with session_scope(url) as session:
        orders = session.exec(select(Order)).all()
    sums: dict[tuple[str, str], list[int]] = {}
    for order in orders:
        entry = sums.setdefault((str(order.status), order.currency), [0, 0])
        entry[0] += 1
        entry[1] += order.total_minor
    return sorted((status, currency, n, total) for (status, currency), (n, total) in sums.items())


def shopper_with_history(shop: Shop, writer: TrackerWriter, psid: str, name: str) -> None:
    """A paid order, an unpaid one, a cart, a handoff and a conversation naming the shopper."""
    shop.buy(psid, "TS-CLASSIC-BLACK-M", quantity=2)
    paid = shop.checkout(psid)
    shop.pay(paid.checkout_url)
    shop.wait_status(paid.order.id, OrderStatus.PAID)
    shop.buy(psid, "TS-CLASSIC-GREY-M")
    unpaid = shop.checkout(psid, language="fr")
    # As sessions opened before the shopper's id left Stripe's metadata carry it.
    assert unpaid.order.stripe_session_id is not None
    shop.stripe().v1.checkout.sessions.update(
        unpaid.order.stripe_session_id, params={"metadata": {"conversation_id": psid}}
    )
    shop.buy(psid, "TS-CLASSIC-RED-S")
    request_handoff(shop.uow, psid, f"Bonjour, je suis {name}, un humain svp", "fr")
    writer.save(
        tracker_store_url(shop.settings),
        {
            psid: [
                user_says(f"bonjour, je suis {name}"),
                bot_says(f"Bonjour {name} ! Que cherchez-vous ?"),
                user_says("un t-shirt rouge"),
            ]
        },
    )


def test_forget_leaves_no_row_naming_the_shopper_and_the_accounts_unchanged(
    shop: Shop, tracker_writer: TrackerWriter
) -> None:
    shopper_with_history(shop, tracker_writer, PSID, NAME)
    shopper_with_history(shop, tracker_writer, OTHER, "Bob Other")
    tracker_url = tracker_store_url(shop.settings)
    databases = sorted({shop.db, tracker_url})
    needles = traces(PSID) + traces(NAME)
    assert all(rows_holding(url, needles) for url in [shop.db, tracker_url])  # it was there
    totals = order_totals(shop.db)

    def stripe_sessions() -> list[str]:
        listed = shop.stripe().v1.checkout.sessions.list(params={"limit": 100}).data
        return [json.dumps(session.to_dict()) for session in listed]

    assert any(PSID in session for session in stripe_sessions())
    report = forget_shopper(shop.uow, conversation_store(shop.settings), shop.gateway, PSID, KEY)

    assert (report.carts_deleted, report.handoffs_deleted, report.orders_anonymised) == (1, 1, 2)
    assert report.events_deleted >= 3
    assert [row for url in databases for row in rows_holding(url, needles)] == []
    assert order_totals(shop.db) == totals  # kept for the accounts, same sums
    with session_scope(shop.db) as session:
        owners = session.exec(select(Order.conversation_id)).all()
    tokens = {owner for owner in owners if owner.startswith(FORGOTTEN_PREFIX)}
    assert len(tokens) == 1 and owners.count(tokens.pop()) == 2  # one stable token
    # The other shopper is untouched.
    assert rows_holding(tracker_url, traces("Bob Other"))
    assert [h.conversation_id for h in list_handoffs(shop.uow)] == [OTHER]
    # Stripe holds nothing that points back at the shopper.
    assert [session for session in stripe_sessions() if PSID in session] == []
    assert any(OTHER in session for session in stripe_sessions())  # the other's is kept

    again = forget_shopper(shop.uow, conversation_store(shop.settings), shop.gateway, PSID, KEY)
    assert not again.found_anything  # idempotent
    assert order_totals(shop.db) == totals


def test_forget_is_one_transaction_on_the_shop_side(
    shop: Shop, tracker_writer: TrackerWriter
) -> None:
    """A failure halfway (the tracker store unreachable) keeps the shop's rows as they were
    before or finished: running forget again completes it."""
    shopper_with_history(shop, tracker_writer, PSID, NAME)

    class Unreachable(SqlTrackerEvents):
        def forget(self, sender_id: str) -> int:
            raise ConnectionError("tracker store down")

    with pytest.raises(ConnectionError):
        forget_shopper(
            shop.uow, Unreachable(tracker_store_url(shop.settings)), shop.gateway, PSID, KEY
        )
    forget_shopper(shop.uow, conversation_store(shop.settings), shop.gateway, PSID, KEY)
    tracker_url = tracker_store_url(shop.settings)
    needles = traces(PSID) + traces(NAME)
    assert [row for url in {shop.db, tracker_url} for row in rows_holding(url, needles)] == []


def test_forget_refuses_an_empty_id_or_a_token(shop: Shop) -> None:
    store = conversation_store(shop.settings)
    with pytest.raises(ValueError, match="empty"):
        forget_shopper(shop.uow, store, shop.gateway, " ", KEY)
    with pytest.raises(ValueError, match="anonymous token"):
        forget_shopper(shop.uow, store, shop.gateway, FORGOTTEN_PREFIX + "abc", KEY)


def test_export_holds_cart_orders_handoffs_and_conversation(
    shop: Shop, tracker_writer: TrackerWriter
) -> None:
    shopper_with_history(shop, tracker_writer, PSID, NAME)
    exported = export_shopper(shop.uow, conversation_store(shop.settings), PSID)
    json.dumps(exported)  # JSON-ready
    assert exported["sender_id"] == PSID
    assert [line["sku"] for line in exported["cart"]["lines"]] == ["TS-CLASSIC-RED-S"]
    assert [o["status"] for o in exported["orders"]] == ["paid", "pending_payment"]
    assert NAME in exported["handoffs"][0]["message"]
    texts = [e["event"].get("text") for e in exported["conversation"]]
    assert f"bonjour, je suis {NAME}" in texts


ASSISTANT = str(Path(sys.executable).parent / "assistant")


@pytest.mark.slow  # two `assistant` commands, seconds of imports each
def test_cli_exports_then_forgets(
    shop: Shop, tracker_writer: TrackerWriter, tmp_path: Path
) -> None:
    shopper_with_history(shop, tracker_writer, PSID, NAME)
    env = {
        **os.environ,
        "ASSISTANT_DATABASE_URL": shop.db,
        "STRIPE_API_BASE": shop.sandbox_url,
        "NO_COLOR": "1",
    }
    env.pop("ASSISTANT_TRACKER_STORE_URL", None)
    output = tmp_path / "export.json"

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [ASSISTANT, "shoppers", *args], env=env, capture_output=True, text=True, timeout=120
        )

    exported = run("export", PSID, "--output", str(output))
    assert exported.returncode == 0, exported.stderr
    assert json.loads(output.read_text())["sender_id"] == PSID
    inbox = tmp_path / "inbox.yml"  # what `assistant nlu inbox --export` wrote earlier
    export_yaml([InboxItem(f"bonjour, je suis {NAME}"), InboxItem("a  Red shirt?")], inbox)
    forgot = run("forget", PSID, "--yes", "--inbox-export", str(inbox))
    assert forgot.returncode == 0, forgot.stderr
    assert "2 order(s) kept anonymised" in forgot.stdout
    assert NAME not in inbox.read_text() and "a  Red shirt?" in inbox.read_text()
    assert inbox.read_text().startswith("# Exported by `assistant nlu inbox`")
    stdout = run("export", PSID)
    data = json.loads(stdout.stdout)
    assert (data["cart"], data["orders"], data["handoffs"], data["conversation"]) == (
        None,
        [],
        [],
        [],
    )


# -- retention ----------------------------------------------------------------------------------


class CountingStore(SqlTrackerEvents):
    def __init__(self, url: str) -> None:
        super().__init__(url)
        self.batches = 0

    def purge_batch(self, inactive_before: float, batch_size: int) -> int:
        self.batches += 1
        return super().purge_batch(inactive_before, batch_size)


def test_purge_deletes_idle_conversations_in_batches_and_keeps_the_rest(
    demo_db: str, tracker_writer: TrackerWriter
) -> None:
    settings = Settings(database_url=demo_db, _env_file=None)
    uow, tracker_url = unit_of_work(settings), tracker_store_url(settings)
    old, now = time.time() - 40 * 86400, time.time()
    idle = {f"idle-{n}": [user_says(f"old message {n}", at=old)] for n in range(5)}
    live = {
        "live-1": [user_says("still here", at=now)],
        # an old conversation the shopper came back to: kept whole
        "back-1": [user_says("long ago", at=old), user_says("hello again", at=now)],
    }
    tracker_writer.save(tracker_url, {**idle, **live})
    from assistant.services.carts import add_to_cart

    add_to_cart(uow, "idle-0", "TS-CLASSIC-RED-S", 1)
    add_to_cart(uow, "live-1", "TS-CLASSIC-RED-S", 1)
    with session_scope(demo_db) as session:
        cart = session.exec(select(Cart).where(Cart.conversation_id == "idle-0")).one()
        cart.updated_at = utcnow() - timedelta(days=40)

    store = CountingStore(tracker_url)
    report = purge_conversations(uow, store, timedelta(days=30), batch_size=2)

    assert (report.conversations, report.carts) == (5, 1)
    assert store.batches == 3  # 2 + 2 + 1: each batch its own transaction
    remaining = {sender for sender in [*idle, *live] if store.events_of(sender)}
    assert remaining == {"live-1", "back-1"}
    assert len(store.events_of("back-1")) == 2
    with session_scope(demo_db) as session:
        assert session.exec(select(Cart.conversation_id)).all() == ["live-1"]
    again = purge_conversations(uow, store, timedelta(days=30), batch_size=2)
    assert (again.conversations, again.carts, again.handoffs) == (0, 0, 0)  # idempotent


def test_purge_under_load_never_deletes_a_new_turn(
    database_url: str, tracker_writer: TrackerWriter
) -> None:
    """Shoppers come back to idle conversations while the purge runs: every event written
    after the cutoff survives, and what stayed idle is gone."""
    settings = Settings(database_url=database_url, _env_file=None)
    tracker_url = tracker_store_url(settings)
    old = time.time() - 40 * 86400
    tracker_writer.save(tracker_url, {"idle-0": [user_says("old", at=old)]})  # Rasa's table
    engine = create_engine(
        for_tools(tracker_url), connect_args={"timeout": 30} if "sqlite" in tracker_url else {}
    )
    insert = text(
        "INSERT INTO events (sender_id, type_name, timestamp, data) VALUES (:s, 'user', :t, '{}')"
    )
    with engine.begin() as connection:
        connection.execute(insert, [{"s": f"idle-{n}", "t": old} for n in range(1, 400)])
    written: list[str] = []
    store = SqlTrackerEvents(tracker_url)
    # Our engine's first connection turns Rasa's SQLite file to WAL, which needs the file to
    # itself: done before the writers start, it cannot fail with "database is locked" (under
    # load it did). The race under test is the purge's batches against the writes.
    assert store.events_of("idle-0")

    def shoppers_coming_back() -> None:
        for n in range(0, 400, 4):
            with engine.begin() as connection:
                connection.execute(insert, {"s": f"idle-{n}", "t": time.time()})
            written.append(f"idle-{n}")

    writer = threading.Thread(target=shoppers_coming_back)
    writer.start()
    purge_conversations(unit_of_work(settings), store, timedelta(days=30), batch_size=10)
    writer.join()
    purge_conversations(unit_of_work(settings), store, timedelta(days=30), batch_size=10)

    with engine.connect() as connection:
        new_rows = (
            connection.execute(
                text("SELECT sender_id FROM events WHERE timestamp > :cut"), {"cut": old + 86400}
            )
            .scalars()
            .all()
        )
        idle_left = connection.execute(
            text("SELECT COUNT(*) FROM events WHERE timestamp < :cut"), {"cut": old + 86400}
        ).scalar()
    engine.dispose()
    assert sorted(new_rows) == sorted(written) and len(written) == 100
    # Old events are gone, except those of conversations that came back before their batch
    # (those are no longer idle: kept whole).
    assert idle_left is not None and idle_left <= len(written)


@pytest.mark.slow  # two `assistant` commands
def test_purge_command_needs_a_period_and_purges(
    database_url: str, tracker_writer: TrackerWriter
) -> None:
    tracker_url = tracker_store_url(Settings(database_url=database_url, _env_file=None))
    tracker_writer.save(tracker_url, {"idle": [user_says("old", at=time.time() - 40 * 86400)]})
    env = {**os.environ, "ASSISTANT_DATABASE_URL": database_url, "NO_COLOR": "1"}
    env.pop("ASSISTANT_RETENTION_DAYS", None)
    env.pop("ASSISTANT_TRACKER_STORE_URL", None)

    def purge(*args: str) -> subprocess.CompletedProcess[str]:
        command = [ASSISTANT, "maintenance", "purge-conversations", *args]
        return subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)

    refused = purge()
    assert refused.returncode == 2 and "ASSISTANT_RETENTION_DAYS" in refused.stderr
    done = purge("--older-than-days", "30")
    assert done.returncode == 0, done.stderr
    assert "purged 1 conversation(s)" in done.stdout
    assert SqlTrackerEvents(tracker_url).events_of("idle") == []


def test_maintenance_purges_only_with_a_retention_period(
    demo_db: str, tracker_writer: TrackerWriter
) -> None:
    old = time.time() - 10 * 86400
    tracker_url = tracker_store_url(Settings(database_url=demo_db, _env_file=None))
    tracker_writer.save(tracker_url, {"idle": [user_says("old", at=old)]})
    store = SqlTrackerEvents(tracker_url)
    run_privacy_once(Settings(database_url=demo_db, _env_file=None))  # no retention set
    assert store.events_of("idle")
    run_privacy_once(
        Settings(database_url=demo_db, ASSISTANT_RETENTION_DAYS=7, _env_file=None)  # type: ignore[call-arg]
    )
    assert store.events_of("idle") == []


# -- Meta's data-deletion callback ----------------------------------------------------------------


@dataclass
class Callback:
    url: str
    settings: Settings
    graph: FakeGraph

    def post(self, signed_request: str | None = None, **form: str) -> Any:
        if signed_request is not None:
            form["signed_request"] = signed_request
        return LOOPBACK.post(f"{self.url}/privacy/data-deletion", data=form)

    def status(self, url: str) -> dict[str, Any]:
        answer = LOOPBACK.get(url, headers={"Accept": "application/json"})
        assert answer.status_code == 200, answer.text
        return answer.json()


@pytest.fixture
def callback(database_url: str) -> Iterator[Callback]:
    graph = FakeGraph(PAGE_TOKEN)
    port = free_port()
    settings = Settings(
        database_url=database_url,
        shop_url=f"http://127.0.0.1:{port}",
        messenger_app_secret=SecretStr(APP_SECRET),
        messenger_page_access_token=SecretStr(PAGE_TOKEN),
        messenger_graph_api_url=graph.url,
        stripe_webhook_secret=SecretStr(WEBHOOK_SECRET),
        order_sweep_seconds=0,
        _env_file=None,
    )
    try:
        with serve(create_app(settings), port) as url:
            yield Callback(url, settings, graph)
    finally:
        graph.close()


def meta_request(user_id: str, secret: str = APP_SECRET) -> str:
    payload = {"algorithm": "HMAC-SHA256", "issued_at": int(time.time()), "user_id": user_id}
    return sign_request(secret, payload)


def test_data_deletion_callback_forgets_the_page_scoped_ids(
    callback: Callback, tracker_writer: TrackerWriter, caplog: pytest.LogCaptureFixture
) -> None:
    app_scoped = "1090000000000042"
    callback.graph.ids_for_pages[app_scoped] = [PSID]
    request_handoff(unit_of_work(callback.settings), PSID, f"I am {NAME}", "en")
    request_handoff(unit_of_work(callback.settings), OTHER, "help", "en")
    tracker_url = tracker_store_url(callback.settings)
    tracker_writer.save(tracker_url, {PSID: [user_says(f"I am {NAME}")], OTHER: [user_says("hi")]})

    with caplog.at_level(logging.INFO):
        answer = callback.post(meta_request(app_scoped))

    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert set(body) == {"url", "confirmation_code"}
    assert body["url"].startswith(callback.url) and body["confirmation_code"] in body["url"]
    status = callback.status(body["url"])
    assert status["status"] == "done" and status["completed_at"]
    needles = traces(PSID) + traces(NAME) + [app_scoped]
    databases = {callback.settings.database_url, tracker_url}
    assert [row for url in databases for row in rows_holding(url, needles)] == []
    assert [h.conversation_id for h in list_handoffs(unit_of_work(callback.settings))] == [OTHER]
    assert "/v21.0/1090000000000042/ids_for_pages" in callback.graph.paths
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "data-deletion request" in logged and app_scoped not in logged and PSID not in logged


def test_an_id_that_is_page_scoped_itself_is_forgotten(callback: Callback) -> None:
    request_handoff(unit_of_work(callback.settings), PSID, "help", "en")
    answer = callback.post(meta_request(PSID))  # Graph knows no app-scoped id of that number
    assert answer.status_code == 200
    assert callback.status(answer.json()["url"])["status"] == "done"
    assert list_handoffs(unit_of_work(callback.settings)) == []


def test_graph_down_leaves_the_request_pending_until_maintenance_finishes_it(
    callback: Callback,
) -> None:
    callback.graph.ids_for_pages["1090000000000077"] = [PSID]
    callback.graph.ids_failing = True
    request_handoff(unit_of_work(callback.settings), PSID, "help", "en")
    answer = callback.post(meta_request("1090000000000077"))
    assert answer.status_code == 200  # Meta gets its code; the work is not lost
    assert callback.status(answer.json()["url"])["status"] == "pending"
    assert list_handoffs(unit_of_work(callback.settings))  # not forgotten yet

    callback.graph.ids_failing = False
    run_privacy_once(callback.settings)
    assert callback.status(answer.json()["url"])["status"] == "done"
    assert list_handoffs(unit_of_work(callback.settings)) == []
    assert rows_holding(callback.settings.database_url, ["1090000000000077"]) == []


@pytest.mark.parametrize(
    ("form", "status"),
    [
        ({"signed_request": meta_request("1090000000000042", secret="not-our-secret")}, 400),
        ({"signed_request": meta_request("1090000000000042")[:-3]}, 400),  # payload altered
        ({"signed_request": "abc"}, 400),
        ({"signed_request": "!!!.???"}, 400),
        ({"other": "field"}, 400),
        ({"signed_request": sign_request(APP_SECRET, {"algorithm": "HMAC-SHA256"})}, 400),
        ({"signed_request": sign_request(APP_SECRET, {"user_id": "1"})}, 400),
        ({"signed_request": "x" * 20_000}, 413),
    ],
)
def test_forged_or_malformed_requests_are_refused(
    callback: Callback, form: dict[str, str], status: int
) -> None:
    answer = callback.post(**form)
    assert answer.status_code == status, answer.text


def test_unknown_or_odd_confirmation_codes_are_404(callback: Callback) -> None:
    for code in ["0123456789abcdef", "../../etc", "x" * 300]:
        answer = LOOPBACK.get(f"{callback.url}/privacy/data-deletion/{code}")
        assert answer.status_code == 404


def test_the_status_page_reads_as_a_page(callback: Callback) -> None:
    answer = callback.post(meta_request("1090000000000099"))
    page = LOOPBACK.get(answer.json()["url"])
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    assert answer.json()["confirmation_code"] in page.text and "Done" in page.text


# What Meta could post, and what anyone else could: whatever passes or fails the signature, the
# answer is 200 or a 4xx, never a 5xx (Meta retries those).
_b64url = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=")
_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)
_payloads = st.one_of(
    _json,
    st.fixed_dictionaries(
        {"algorithm": st.sampled_from(["HMAC-SHA256", "hmac-sha256", "none", 1])},
        optional={"user_id": _json | st.from_regex(r"[0-9]{1,20}", fullmatch=True)},
    ),
    st.integers(1, 3000).map(lambda depth: "[" * depth + "]" * depth),  # deep nesting
)


def _signed_json(payload: Any) -> str:
    if isinstance(payload, str) and payload.startswith("["):  # raw deep JSON, signed as is
        import base64
        import hashlib
        import hmac

        part = base64.urlsafe_b64encode(payload.encode()).rstrip(b"=").decode()
        digest = hmac.new(APP_SECRET.encode(), part.encode(), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest).rstrip(b"=").decode() + "." + part
    return (
        sign_request(APP_SECRET, payload)
        if isinstance(payload, dict)
        else sign_request(APP_SECRET, {"value": payload})
    )


@hypothesis.settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    body=st.one_of(
        st.binary(max_size=300).map(lambda raw: ("raw", raw)),
        st.text(max_size=300).map(lambda value: ("form", value)),
        st.tuples(_b64url, _b64url).map(lambda parts: ("form", f"{parts[0]}.{parts[1]}")),
        _payloads.map(lambda payload: ("form", _signed_json(payload))),
    )
)
def test_no_body_makes_the_callback_fail(callback: Callback, body: tuple[str, Any]) -> None:
    kind, value = body
    if kind == "raw":
        answer = LOOPBACK.post(
            f"{callback.url}/privacy/data-deletion",
            content=value,
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
    else:
        answer = callback.post(value)
    assert answer.status_code in {200, 400, 413}, (answer.status_code, answer.text)
