"""Logs at INFO carry no message text and no raw PSID: a real webhook round trip through the
real Messenger connector (in the Rasa venv, logging at INFO as `rasa run` does), then its log
is read. A short hash of the PSID is what follows a conversation."""

from __future__ import annotations

from assistant.shopper_ids import log_id
from testkit.messenger import Harness, page_body, text_item
from testkit.net import wait_for

PSID = "31415926535897932"
TEXT = "my name is Ondine Vasquez-Larue, 12 rue des Lilas"


def test_a_round_trip_logs_neither_the_psid_nor_the_text(harness: Harness) -> None:
    answer = harness.post(page_body(text_item(PSID, TEXT, "mid.privacy-1")))
    assert answer.status_code == 200
    wait_for(lambda: harness.graph.messages(PSID), what="the reply reaching the Graph API")
    # The harness serves the whole session: wait for this shopper's line, not any.
    followable = f"messenger: text from {log_id(PSID)}"
    log = wait_for(
        lambda: followable in harness.log.read_text() and harness.log.read_text(),
        what="the connector logging the message at INFO, under the PSID's short hash",
    )
    assert PSID not in log
    assert TEXT not in log and "Ondine" not in log


def test_log_ids_are_short_stable_and_not_the_id() -> None:
    assert log_id(PSID) == log_id(PSID) != log_id(PSID + "0")
    assert PSID not in log_id(PSID) and len(log_id(PSID)) == 12
