"""The production topology on one machine: two Rasa replicas sharing a PostgreSQL tracker store,
a Redis lock store and a RabbitMQ event broker (deploy/endpoints.production.yml), one action
server, the shop on PostgreSQL. A conversation may hop between replicas and keep its context,
and messages racing for one conversation are handled one at a time, none lost.
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import httpx
import pika
import pytest
import redis

from assistant.channels.signature import HEADER, sign
from assistant.kernel.settings import (
    SANDBOX_MESSENGER_APP_SECRET,
    SANDBOX_MESSENGER_PAGE_ID,
)
from assistant.schema import upgrade
from assistant.shopper_ids import log_id
from assistant.stack import Ports, build_services, local, rasa_service, stack_environment
from assistant.training import ensure_model
from testkit.databases import fresh_postgres_database, load_demo_catalog
from testkit.net import free_port, wait_for
from testkit.processes import running
from testkit.replicas import (
    ENDPOINTS,
    delete_queue,
    new_queue,
    production_environment,
    scale_settings,
)
from testkit.stack import say

pytestmark = pytest.mark.postgres


@dataclass(frozen=True)
class Replicas:
    urls: tuple[str, str]
    token: str
    queue: str
    log: Path

    def say(self, replica: int, sender: str, text: str) -> list[dict]:
        return say(self.urls[replica], sender, text, timeout=120)

    def tracker(self, replica: int, sender: str) -> dict:
        response = httpx.get(
            f"{self.urls[replica]}/conversations/{sender}/tracker",
            params={"token": self.token},
            timeout=30,
        )
        response.raise_for_status()
        return response.json()


@pytest.fixture(scope="module")
def replicas(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Replicas]:
    model, _ = ensure_model()
    queue = new_queue()
    with fresh_postgres_database() as shop_url, fresh_postgres_database() as tracker_url:
        upgrade(shop_url)
        load_demo_catalog(shop_url)
        settings = scale_settings(shop_url)
        ports = Ports(
            rasa=free_port(), actions=free_port(), web=free_port(), stripe_sandbox=free_port()
        )
        env = {**stack_environment(settings, ports), **production_environment(tracker_url, queue)}
        actions = next(s for s in build_services(settings, model, ports) if s.name == "actions")
        second_port = free_port()
        services = [
            actions,
            rasa_service("rasa-a", settings, model, ports.rasa, env, endpoints=ENDPOINTS),
            rasa_service("rasa-b", settings, model, second_port, env, endpoints=ENDPOINTS),
        ]
        log = tmp_path_factory.mktemp("replicas") / "replicas.log"
        with running(services, log):
            yield Replicas((local(ports.rasa), local(second_port)), "scale-token", queue, log)
    delete_queue(queue)


def user_texts(tracker: dict) -> list[str]:
    return [event["text"] for event in tracker["events"] if event["event"] == "user"]


def test_a_conversation_keeps_its_context_across_replicas(replicas: Replicas) -> None:
    shopper = f"hop-{uuid.uuid4().hex[:8]}"
    results = replicas.say(0, shopper, "I'm looking for a red t-shirt")
    first_title = results[1]["text"].split(" : ")[0]
    # Replica B resolves "the first one" against the list replica A showed, and asks the size.
    question = replicas.say(1, shopper, "add the first one to my cart")
    assert first_title in question[0]["text"]
    size = question[0]["buttons"][0]
    added = replicas.say(0, shopper, size["payload"])
    assert f"1 × {first_title}" in added[0]["text"]
    assert user_texts(replicas.tracker(1, shopper))[:2] == [
        "I'm looking for a red t-shirt",
        "add the first one to my cart",
    ]
    assert len(user_texts(replicas.tracker(1, shopper))) == 3


def test_racing_messages_are_serialised_by_the_lock_store(replicas: Replicas) -> None:
    shopper = f"race-{uuid.uuid4().hex[:8]}"
    items = ("a laptop", "coffee", "a hoodie", "running shoes", "a mug", "tea")
    messages = [f"I'm looking for {item}" for item in items]
    with ThreadPoolExecutor(max_workers=len(messages)) as pool:
        replies = list(
            pool.map(lambda i: replicas.say(i % 2, shopper, messages[i]), range(len(messages)))
        )
    assert all(replies), "a message got no answer"
    events = replicas.tracker(0, shopper)["events"]
    assert sorted(user_texts({"events": events})) == sorted(messages)
    # Each turn ran whole: after every user message the bot acted and listened again
    # before the next user message was taken in.
    kinds = [
        "user" if e["event"] == "user" else "listen"
        for e in events
        if e["event"] == "user" or (e["event"] == "action" and e["name"] == "action_listen")
    ]
    assert kinds[-2 * len(messages) :] == ["user", "listen"] * len(messages)
    # Both replicas hold the Redis lock store (db 3), and no lock outlives its message.
    lock_clients = [c for c in redis.Redis().client_list() if c.get("db") == "3"]
    assert len(lock_clients) >= 2
    assert not redis.Redis(db=3).keys(f"shop*{shopper}*")


def drain(queue: str, sender: str) -> list[dict]:
    """The events of `sender` waiting in the broker's queue (taken off it)."""
    connection = pika.BlockingConnection(pika.ConnectionParameters("127.0.0.1"))
    try:
        channel = connection.channel()
        seen: list[dict] = []
        for _ in range(10_000):  # bounded: drains what is queued, stops at the first gap
            method, _props, body = channel.basic_get(queue, auto_ack=True)
            if method is None:
                break
            seen.append(json.loads(body))
    finally:
        connection.close()
    return [event for event in seen if event.get("sender_id") == sender]


def test_events_reach_the_broker(replicas: Replicas) -> None:
    shopper = f"broker-{uuid.uuid4().hex[:8]}"
    replicas.say(0, shopper, "hi")
    mine = drain(replicas.queue, shopper)
    assert any(event["event"] == "user" and event["text"] == "hi" for event in mine)
    assert any(event["event"] == "bot" for event in mine)


def test_each_stored_event_reaches_the_broker_once_across_replicas(replicas: Replicas) -> None:
    # Each replica's tracker store publishes what its save stores (assistant/rasa_tracker_store.py),
    # and remembers the conversation between messages: a hop makes that memory out of date.
    shopper = f"once-{uuid.uuid4().hex[:8]}"
    for replica, text in enumerate(("I'm looking for a red t-shirt", "in red", "show my cart")):
        replicas.say(replica % 2, shopper, text)
    replicas.say(0, shopper, "thanks")
    stored = sorted((e["event"], e["timestamp"]) for e in replicas.tracker(1, shopper)["events"])
    published: list[tuple[str, float]] = []
    deadline = time.monotonic() + 15  # Rasa's pika broker publishes in the background
    while len(published) < len(stored) and time.monotonic() < deadline:
        published += [(e["event"], e["timestamp"]) for e in drain(replicas.queue, shopper)]
        time.sleep(0.2)
    time.sleep(1)  # a late duplicate
    published += [(e["event"], e["timestamp"]) for e in drain(replicas.queue, shopper)]
    assert sorted(published) == stored


def test_a_messenger_event_redelivered_to_the_other_replica_is_handled_once(
    replicas: Replicas,
) -> None:
    shopper = f"psid-{uuid.uuid4().hex[:8]}"
    page = SANDBOX_MESSENGER_PAGE_ID  # the page `assistant run` gives the connector
    event = {"sender": {"id": shopper}, "recipient": {"id": page}, "timestamp": 1}
    event["message"] = {"mid": f"m_{uuid.uuid4().hex}", "text": "hi"}
    body = json.dumps({"object": "page", "entry": [{"id": page, "messaging": [event]}]}).encode()
    headers = {HEADER: sign(SANDBOX_MESSENGER_APP_SECRET, body), "Content-Type": "application/json"}

    def deliver(url: str) -> int:
        return httpx.post(
            f"{url}/webhooks/messenger/webhook", content=body, headers=headers
        ).status_code

    with ThreadPoolExecutor(max_workers=2) as pool:  # the same delivery reaches both at once
        assert list(pool.map(deliver, replicas.urls)) == [200, 200]
    # Each replica decided before answering 200: one queued the event, the other dropped it.
    dropped = f"messenger: duplicate text from {log_id(shopper)} ignored"  # no raw PSID in logs
    wait_for(lambda: dropped in replicas.log.read_text(), timeout=10, what="one replica to drop it")

    def answered() -> bool:
        events = replicas.tracker(0, shopper)["events"]
        return bool(user_texts({"events": events})) and events[-1].get("name") == "action_listen"

    wait_for(answered, timeout=60, what="the bot to answer the Messenger event")
    assert user_texts(replicas.tracker(1, shopper)) == ["hi"]
    assert replicas.log.read_text().count(f"messenger: text from {log_id(shopper)}") == 1
