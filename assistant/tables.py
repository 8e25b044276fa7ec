"""Every table of the shop, registered on one metadata (used by migrations and tests)."""

from sqlmodel import SQLModel

# Imported for their side effect: each module's tables join SQLModel's metadata.
from assistant.commerce import cart, handoff, order, privacy  # noqa: F401
from catalog import models  # noqa: F401
from catalog.flights import models as flight_models  # noqa: F401
from catalog.menu import tables as menu_tables  # noqa: F401

metadata = SQLModel.metadata
