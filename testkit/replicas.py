"""The production topology on one machine (deploy/endpoints.production.yml): Rasa replicas
sharing a PostgreSQL tracker store, a Redis lock store and a RabbitMQ event broker.

Used by tests/e2e/scale/test_replicas.py and test_faults.py.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pika
from pydantic import SecretStr
from sqlalchemy import make_url

from assistant.kernel.settings import Settings
from assistant.stack import Ports, build_services, local, rasa_service, stack_environment
from assistant.supervisor import Service, Supervisor
from assistant.training import ensure_model
from testkit.faults import TcpProxy
from testkit.net import free_ports
from testkit.processes import running

ENDPOINTS = "deploy/endpoints.production.yml"


def production_environment(
    tracker_url: str, queue: str, redis_port: int = 6379, lock_db: int = 3
) -> dict[str, str]:
    """The variables deploy/endpoints.production.yml reads, for services on this machine;
    `tracker_url` is a PostgreSQL database URL (user without password)."""
    tracker = make_url(tracker_url)
    return {
        "TRACKER_DB_HOST": tracker.host or "127.0.0.1",
        "TRACKER_DB_PORT": str(tracker.port or 5432),
        "TRACKER_DB_NAME": str(tracker.database),
        "TRACKER_DB_USER": tracker.username or "postgres",
        "TRACKER_DB_PASSWORD": "",
        "REDIS_HOST": "127.0.0.1",
        "REDIS_PORT": str(redis_port),
        "REDIS_LOCK_DB": str(lock_db),
        "RABBITMQ_HOST": "127.0.0.1",
        "RABBITMQ_USER": "guest",
        "RABBITMQ_PASSWORD": "guest",
        "RABBITMQ_QUEUE": queue,
        # A ticket expires this long after the message arrived, even while it is still
        # queued; Rasa's 60 s default let a burst on a busy machine run two turns at once.
        "TICKET_LOCK_LIFETIME": "300",
        # Facebook may redeliver an event to the other replica: they share what they saw.
        "MESSENGER_DEDUPE_REDIS_URL": f"redis://127.0.0.1:{redis_port}/4",
    }


def new_queue() -> str:
    return f"rasa_events_{uuid.uuid4().hex[:8]}"


def delete_queue(queue: str) -> None:
    connection = pika.BlockingConnection(pika.ConnectionParameters("127.0.0.1"))
    try:
        connection.channel().queue_delete(queue=queue)
    finally:
        connection.close()


def scale_settings(shop_url: str) -> Settings:
    """The shop's settings for a replicated stack, the Stripe sandbox in place of Stripe."""
    return Settings(
        database_url=shop_url,
        rasa_token=SecretStr("scale-token"),
        # Fixed: the services' environments come from several calls.
        action_server_secret=SecretStr(uuid.uuid4().hex),
        stripe_secret_key=None,
        _env_file=None,
    )


@dataclass(frozen=True)
class ReplicatedShop:
    """The whole shop with two Rasa replicas behind a load balancer (`rasa_url`), which the
    shoppers and the web app's receipts both go through."""

    settings: Settings
    rasa_url: str
    stripe_url: str
    supervisor: Supervisor
    log: Path

    def replica(self, name: str) -> Service:
        return next(s for s in self.supervisor.services if s.name == name)


@contextmanager
def replicated_shop(
    shop_url: str, tracker_url: str, log: Path, redis_port: int = 6379
) -> Iterator[ReplicatedShop]:
    """Stripe sandbox, action server, web app, and replicas rasa-a and rasa-b on the
    production endpoints; the shop's database at `shop_url` (migrated, catalog loaded)."""
    model, _ = ensure_model()
    settings = scale_settings(shop_url)
    balancer, actions, web, sandbox, localstripe, rasa_a, rasa_b = free_ports(7)
    ports = Ports(balancer, actions, web, sandbox, localstripe)  # Rasa's URL: the balancer's
    queue = new_queue()
    env = stack_environment(settings, ports)
    env.update(production_environment(tracker_url, queue, redis_port))
    services = [s for s in build_services(settings, model, ports) if s.name != "rasa"]
    services += [
        rasa_service(name, settings, model, port, env, endpoints=ENDPOINTS)
        for name, port in (("rasa-a", rasa_a), ("rasa-b", rasa_b))
    ]
    try:
        with TcpProxy([rasa_a, rasa_b], balancer), running(services, log) as supervisor:
            yield ReplicatedShop(settings, local(balancer), local(sandbox), supervisor, log)
    finally:
        delete_queue(queue)
