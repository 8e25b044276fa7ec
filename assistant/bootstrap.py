"""Wiring for the entry points: the adapters the use cases get, built from the settings.

The actions, the web app and the CLI take their unit of work, payment gateway and notifier
from here, so the choice of adapter (Stripe or its sandbox, which database) is made once.
"""

from __future__ import annotations

from assistant.kernel.settings import Settings
from assistant.meta_graph import PageScopedIdLookup
from assistant.payments.stripe_gateway import StripeGateway
from assistant.rasa_api import RasaApi, RasaNotifier
from assistant.services.unit_of_work import UnitOfWork
from assistant.tracker_events import SqlTrackerEvents


def unit_of_work(settings: Settings) -> UnitOfWork:
    return UnitOfWork(settings.database_url)


def payment_gateway(settings: Settings) -> StripeGateway:
    return StripeGateway.from_settings(settings)


def shopper_notifier(settings: Settings) -> RasaNotifier:
    return RasaNotifier(RasaApi(settings), settings.rasa_retry_delays)


def conversation_store(settings: Settings) -> SqlTrackerEvents:
    return SqlTrackerEvents.from_settings(settings)


def page_scoped_ids(settings: Settings) -> PageScopedIdLookup:
    return PageScopedIdLookup(settings)
