"""SMS through an HTTP gateway: a fake gateway on loopback receives the requests; its answers decide
retry or refusal."""

from __future__ import annotations

import datetime as dt

import pytest

from app.adapters.http_sms import HttpSmsGateway
from app.adapters.reminder_transports import transports_from_settings
from app.bootstrap import reminder_transports
from app.db import Database
from app.models import NotificationChannel, NotificationStatus
from app.services.kernel.settings import TransportKey, write_settings
from app.services.notifications.ports import (
    SECRET_SMS_API_KEY,
    DeliveryFailed,
    DeliveryRefused,
    TransportUnavailable,
)
from app.services.notifications.sending import (
    SendSummary,
    send_due,
    send_pending,
)
from tests.adapters.loopback import (
    API_KEY,
    REMINDER,
    Gateway,
    closed_port,
    outbox_row,
    queue,
    sms_gateway,
    stored,
)

SMS, EMAIL = NotificationChannel.SMS, NotificationChannel.EMAIL
T0 = dt.datetime(2025, 3, 10, 9, 0, tzinfo=dt.UTC)


def test_sms_goes_to_the_gateway_with_the_key_from_the_keyring(db: Database, gateway: Gateway) -> None:
    notification_id = queue(db, SMS, "79161234567")
    settings = {
        TransportKey.SMS_URL: gateway.url,
        TransportKey.SMS_PHONE_FIELD: "to",
        TransportKey.SMS_PHONE_PREFIX: "+",
        TransportKey.SMS_TEXT_FIELD: "msg",
        TransportKey.SMS_SENDER_FIELD: "from",
        TransportKey.SMS_SENDER: "CableTV",
        TransportKey.SMS_KEY_HEADER: "Authorization",
        TransportKey.SMS_KEY_PREFIX: "Bearer ",
        TransportKey.SMS_EXTRA_FIELDS: "charset=utf-8&json=1",
        TransportKey.SMS_SUCCESS_MARKER: '"OK"',
    }
    transports = transports_from_settings(settings, {SECRET_SMS_API_KEY: API_KEY})

    assert send_pending(db, transports, now=T0) == SendSummary(sent=1)

    [request] = gateway.requests
    assert request["method"] == "POST" and request["path"] == "/sms/send"
    assert request["fields"] == {
        "to": "+79161234567",
        "msg": REMINDER,
        "from": "CableTV",
        "charset": "utf-8",
        "json": "1",
    }
    assert request["headers"]["Authorization"] == f"Bearer {API_KEY}"
    row = stored(db, notification_id)
    assert (row.status, row.attempts, row.sent_at) == (NotificationStatus.SENT, 1, T0)


def test_a_scheduler_sends_everything_due_in_batches_with_the_stored_settings(
    db: Database, gateway: Gateway
) -> None:
    with db.transaction() as session:
        write_settings(session, {TransportKey.SMS_URL: gateway.url, TransportKey.SMS_KEY_FIELD: "api_id"})
    ids = [queue(db, SMS, f"7916000000{n}") for n in range(5)]
    transports = reminder_transports(db, {SECRET_SMS_API_KEY: API_KEY})
    assert set(transports) == {SMS}  # no SMTP server is set: e-mail reminders wait

    assert send_due(db, transports, batch=2) == SendSummary(sent=5)
    assert [f["phone"] for f in gateway.fields()] == [f"7916000000{n}" for n in range(5)]
    assert {f["api_id"] for f in gateway.fields()} == {API_KEY}
    assert {stored(db, i).status for i in ids} == {NotificationStatus.SENT}

    gateway.statuses = [503]
    more = [queue(db, SMS, f"7903000000{n}") for n in range(3)]
    summary = send_due(db, transports, batch=2)
    assert summary == SendSummary(retried=1, released=1)  # and stops: the gateway is down
    assert "HTTP 503" in summary.first_error
    assert len(gateway.requests) == 5 + 1
    assert stored(db, more[2]).attempts == 0


@pytest.mark.parametrize(("method", "body_format"), [("POST", "json"), ("GET", "form")])
def test_the_gateway_adapter_speaks_json_and_query_strings(
    gateway: Gateway, method: str, body_format: str
) -> None:
    sms_gateway(
        gateway.url, method=method, body_format=body_format, key_field="api_id", api_key=API_KEY
    ).send("79161234567", REMINDER)
    [request] = gateway.requests
    assert request["method"] == method
    assert request["fields"] == {
        "phone": "79161234567",
        "text": REMINDER,
        "sender": "CableTV",
        "api_id": API_KEY,
    }


def test_gateway_500_then_200_is_retried_then_sent(db: Database, gateway: Gateway) -> None:
    gateway.statuses = [500]
    notification_id = queue(db, SMS, "79161234567")
    transports = {SMS: sms_gateway(gateway.url)}

    assert send_pending(db, transports, now=T0) == SendSummary(retried=1)
    row = outbox_row(db, notification_id)
    assert (row.status, row.attempts, row.sending) == (NotificationStatus.QUEUED, 1, False)
    assert "HTTP 500" in row.last_error
    assert row.next_attempt_at == T0 + dt.timedelta(minutes=1)

    # Held back until the retry delay has passed.
    assert send_pending(db, transports, now=T0 + dt.timedelta(seconds=30)) == SendSummary()
    assert len(gateway.requests) == 1

    later = T0 + dt.timedelta(minutes=2)
    assert send_pending(db, transports, now=later) == SendSummary(sent=1)
    row = outbox_row(db, notification_id)
    assert (row.status, row.attempts, row.last_error, row.sent_at) == (NotificationStatus.SENT, 2, "", later)
    assert [f["phone"] for f in gateway.fields()] == ["79161234567", "79161234567"]


def test_gateway_400_fails_at_once_without_retry(db: Database, gateway: Gateway) -> None:
    gateway.statuses = [400]
    notification_id = queue(db, SMS, "79161234567")
    transports = {SMS: sms_gateway(gateway.url, key_header="X-API-Key", api_key=API_KEY)}

    assert send_pending(db, transports, now=T0) == SendSummary(failed=1)
    assert send_pending(db, transports, now=T0 + dt.timedelta(days=1)) == SendSummary()

    row = stored(db, notification_id)
    assert (row.status, row.attempts) == (NotificationStatus.FAILED, 1)
    assert "HTTP 400" in row.last_error
    assert API_KEY not in row.last_error and "***" in row.last_error  # the gateway echoed the key
    assert len(gateway.requests) == 1


def test_a_gateway_that_is_down_is_retried_then_given_up(db: Database) -> None:
    first = queue(db, SMS, "79161234567")
    second = queue(db, SMS, "79031112233")
    transports = {SMS: sms_gateway(f"http://127.0.0.1:{closed_port()}/send")}

    for attempt in (1, 2):
        now = T0 + dt.timedelta(hours=attempt)
        assert send_pending(db, transports, now=now, max_attempts=3) == SendSummary(retried=1, released=1)
        row = outbox_row(db, first)
        assert (row.status, row.attempts) == (NotificationStatus.QUEUED, attempt)
        assert "refused" in row.last_error.lower()
        waiting = outbox_row(db, second)
        assert (waiting.status, waiting.attempts) == (NotificationStatus.QUEUED, 0)
        assert waiting.last_error.startswith("waiting: ")

    assert send_pending(db, transports, now=T0 + dt.timedelta(hours=3), max_attempts=3) == SendSummary(
        failed=1, released=1
    )
    given_up = stored(db, first)
    assert (given_up.status, given_up.attempts) == (NotificationStatus.FAILED, 3)
    assert "refused" in given_up.last_error.lower()
    assert stored(db, second).status is NotificationStatus.QUEUED


@pytest.mark.parametrize(
    ("status", "error"),
    [
        (401, TransportUnavailable),
        (503, TransportUnavailable),
        (429, DeliveryFailed),
        (500, DeliveryFailed),
        (404, DeliveryRefused),
    ],
)
def test_gateway_statuses_decide_retry_or_refusal(gateway: Gateway, status: int, error: type) -> None:
    gateway.statuses = [status]
    with pytest.raises(error) as caught:
        sms_gateway(gateway.url).send("79161234567", REMINDER)
    assert f"HTTP {status}" in str(caught.value)
    if error is DeliveryFailed:
        assert not isinstance(caught.value, TransportUnavailable)


def test_a_gateway_too_slow_to_answer_is_a_failure_worth_retrying(gateway: Gateway) -> None:
    gateway.delay = 0.5
    with pytest.raises(DeliveryFailed) as caught:
        HttpSmsGateway(gateway.url, timeout=0.1).send("79161234567", REMINDER)
    assert not isinstance(caught.value, TransportUnavailable)  # it may have got the message
    with pytest.raises(DeliveryRefused, match="not a phone number"):
        HttpSmsGateway(gateway.url).send("8-916-123", REMINDER)
