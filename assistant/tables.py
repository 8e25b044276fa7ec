"""Every table of the shop, registered on one metadata (used by migrations and tests)."""

from sqlmodel import SQLModel

from assistant.commerce import models as commerce_models
from assistant.handoffs import models as handoff_models
from catalog import models as catalog_models

metadata = SQLModel.metadata
TABLE_MODULES = (catalog_models, commerce_models, handoff_models)
