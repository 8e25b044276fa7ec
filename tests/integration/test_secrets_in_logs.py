"""Issue 13, finding 3: no secret in what the shop logs or prints. The receipt outbox and
`assistant handoffs release` against an HTTP server on loopback that answers like a failing
Rasa; `assistant config` with passwords in its URLs."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from pydantic import SecretStr
from typer.testing import CliRunner

from assistant.bootstrap import shopper_notifier
from assistant.cli.main import app
from assistant.kernel.redact import redacted
from assistant.kernel.settings import PROJECT_ROOT, get_settings
from assistant.services.handoffs import request_handoff
from assistant.services.receipts import send_receipt
from assistant.services.unit_of_work import UnitOfWork
from testkit.shop import RasaRecorder, Shop

TOKEN = "rasa-token-nobody-may-read-0123456789"


@pytest.fixture
def failing_rasa() -> Iterator[RasaRecorder]:
    with RasaRecorder(failing=True).serve() as rasa:
        yield rasa


def test_redacted_masks_tokens_passwords_and_bearers() -> None:
    text = (
        "Server error '500' for url 'http://127.0.0.1:5005/x?output_channel=latest&token=abc123'"
        " postgresql+psycopg://shop:hunter2@db:5432/shop redis://:s3cret@cache:6379/0"
        " https://graph.facebook.com/v21.0/me/messages?access_token=EAAGpage&x=1"
        " Authorization: Bearer eyJhbGciOi.payload.sig"
    )
    shown = redacted(text)
    for secret in ("abc123", "hunter2", "s3cret", "EAAGpage", "eyJhbGciOi"):
        assert secret not in shown
    assert "output_channel=latest&token=***" in shown
    assert "postgresql+psycopg://shop:***@db:5432/shop" in shown
    assert "access_token=***&x=1" in shown


def test_a_failed_receipt_logs_no_token(
    shop: Shop, failing_rasa: RasaRecorder, caplog: pytest.LogCaptureFixture
) -> None:
    settings = shop.settings.model_copy(
        update={"rasa_url": failing_rasa.url, "rasa_token": SecretStr(TOKEN)}
    )
    shop.buy("leak1")
    order_id = shop.checkout("leak1").order.id
    with shop.uow as uow:
        order = uow.orders.get(order_id, lock=True)
        assert order is not None
        order.record_payment(order.total_minor, order.currency, "pi_leak1")
        uow.commit()
    with caplog.at_level(logging.INFO):
        assert not send_receipt(shop.uow, shopper_notifier(settings), order_id)
    assert failing_rasa.calls, "the receipt was not attempted"
    assert "not sent" in caplog.text
    assert TOKEN not in caplog.text
    assert all(TOKEN not in str(call.query) for call in failing_rasa.calls)


def run_cli(monkeypatch: pytest.MonkeyPatch, args: list[str], **environ: str) -> tuple[int, str]:
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    monkeypatch.chdir(PROJECT_ROOT / "tests")  # no .env file of the developer's
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(app, args, env={"COLUMNS": "300", "NO_COLOR": "1"})
    finally:
        get_settings.cache_clear()
    return result.exit_code, result.output


def test_handoff_release_prints_no_token_when_rasa_fails(
    database_url: str, failing_rasa: RasaRecorder, monkeypatch: pytest.MonkeyPatch
) -> None:
    handoff = request_handoff(UnitOfWork(database_url), "leak2", "a human please", "en")
    code, output = run_cli(
        monkeypatch,
        ["handoffs", "release", str(handoff.id)],
        ASSISTANT_DATABASE_URL=database_url,
        RASA_URL=failing_rasa.url,
        RASA_TOKEN=TOKEN,
    )
    assert code == 1
    assert "could not resume conversation leak2" in output and "500" in output
    assert TOKEN not in output


def test_config_shows_no_password_of_any_url(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    code, output = run_cli(
        monkeypatch,
        ["config"],
        ASSISTANT_DATABASE_URL="postgresql+psycopg://shop:db-pass-1@db.internal:5432/shop",
        ASSISTANT_TRACKER_STORE_URL="postgresql+psycopg://rasa:tracker-pass-2@db.internal/rasa",
        MESSENGER_DEDUPE_REDIS_URL="redis://:redis-pass-3@cache.internal:6379/1",
        RASA_TOKEN=TOKEN,
    )
    assert code == 0, output
    assert "postgresql+psycopg://shop:***@db.internal:5432/shop" in output
    for secret in ("db-pass-1", "tracker-pass-2", "redis-pass-3", TOKEN):
        assert secret not in output
