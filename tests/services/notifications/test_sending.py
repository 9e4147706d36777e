"""Sending the outbox: a sender that dies mid-batch loses no reminder; two senders at once never send
a row twice; the admin's outbox list and "send again"."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from sqlalchemy import select

from app.db import Database
from app.errors import PermissionDenied, ValidationError
from app.models import Notification, NotificationChannel, NotificationStatus, Role
from app.services.notifications.sending import (
    INTERRUPTED,
    SendSummary,
    outbox_rows,
    retry_failed,
    send_pending,
)
from tests.adapters.loopback import (
    Gateway,
    outbox_row,
    queue,
    sms_gateway,
    stored,
)
from tests.factories import make_contract, make_staff

SMS, EMAIL = NotificationChannel.SMS, NotificationChannel.EMAIL
T0 = dt.datetime(2025, 3, 10, 9, 0, tzinfo=dt.UTC)


class _Crash(BaseException):
    """The process dies (power cut, killed) right after the gateway took the message."""


class _AcceptsThenDies:
    def __init__(self) -> None:
        self.delivered: list[str] = []
        self.die = True

    def send(self, recipient: str, text: str) -> None:
        self.delivered.append(recipient)
        if self.die:
            raise _Crash()


def test_a_sender_that_dies_after_delivery_sends_again_after_the_lease(db: Database) -> None:
    notification_id = queue(db, SMS, "79161234567")
    transport = _AcceptsThenDies()
    with pytest.raises(_Crash):
        send_pending(db, {SMS: transport}, now=T0)
    row = outbox_row(db, notification_id)
    assert (row.status, row.sending, row.attempts) == (NotificationStatus.QUEUED, True, 1)
    assert row.next_attempt_at == T0 + dt.timedelta(minutes=10)

    transport.die = False
    assert send_pending(db, {SMS: transport}, now=T0 + dt.timedelta(minutes=5)) == SendSummary()
    assert send_pending(db, {SMS: transport}, now=T0 + dt.timedelta(minutes=11)) == SendSummary(sent=1)
    # At least once: the reminder is not lost, at the price of a rare duplicate.
    assert transport.delivered == ["79161234567", "79161234567"]
    assert stored(db, notification_id).status is NotificationStatus.SENT


def test_a_sender_that_dies_on_the_last_attempt_gives_up_rather_than_loop(db: Database) -> None:
    notification_id = queue(db, SMS, "79161234567")
    transport = _AcceptsThenDies()
    with pytest.raises(_Crash):
        send_pending(db, {SMS: transport}, now=T0, max_attempts=1)
    assert send_pending(db, {SMS: transport}, now=T0 + dt.timedelta(hours=1), max_attempts=1) == SendSummary(
        failed=1
    )
    row = stored(db, notification_id)
    assert (row.status, row.last_error) == (NotificationStatus.FAILED, INTERRUPTED)
    assert transport.delivered == ["79161234567"]


# ---------------------------------------------------------------------------------- concurrent senders


def test_two_senders_at_once_never_send_a_row_twice(pg_db: Database, gateway: Gateway) -> None:
    gateway.delay = 0.003
    with pg_db.transaction() as session:
        session.add_all(
            Notification(channel=SMS, recipient=f"7916{n:07d}", text=f"Напоминание №{n}") for n in range(80)
        )
    barrier = threading.Barrier(2)
    sent_by: list[int] = []
    errors: list[BaseException] = []

    def sender() -> None:
        workstation = pg_db.fresh_connections()  # each sender is its own PC: its own engine and connections
        transports = {SMS: sms_gateway(gateway.url)}
        total = 0
        try:
            barrier.wait(timeout=10)
            while (summary := send_pending(workstation, transports, limit=7)).claimed:
                total += summary.sent
        except BaseException as exc:  # noqa: BLE001 - collected and asserted on below
            errors.append(exc)
        finally:
            sent_by.append(total)
            workstation.dispose()

    threads = [threading.Thread(target=sender) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    texts = sorted(f["text"] for f in gateway.fields())
    assert texts == sorted(f"Напоминание №{n}" for n in range(80))  # each exactly once
    assert sum(sent_by) == 80 and min(sent_by) > 0  # both senders did part of the work
    with pg_db.reading() as conn:
        statuses = set(conn.execute(select(Notification.status, Notification.attempts)).all())
    assert statuses == {(NotificationStatus.SENT, 1)}


# ----------------------------------------------------------------------------------- the admin's outbox


def test_the_admin_lists_the_outbox_and_queues_failed_reminders_again(db: Database, gateway: Gateway) -> None:
    contract_id = make_contract(db, "100001")
    ids = [queue(db, SMS, f"7916000000{n}", f"Напоминание {n}") for n in range(5)]
    with db.transaction() as session:
        for notification_id in ids:
            session.get_one(Notification, notification_id).contract_id = contract_id
    gateway.statuses = [404, 200, 404]
    assert send_pending(db, {SMS: sms_gateway(gateway.url)}, now=T0, limit=3) == SendSummary(sent=1, failed=2)

    admin = make_staff(db, "olga", Role.ADMIN)
    failed = outbox_rows(db, admin, NotificationStatus.FAILED)
    assert [r.id for r in failed] == [ids[0], ids[2]]
    assert all(r.contract_number == "100001" and "HTTP 404" in r.last_error for r in failed)
    first_page = outbox_rows(db, admin, limit=2)
    assert [r.id for r in first_page] == ids[:2]
    assert [r.id for r in outbox_rows(db, admin, limit=2, after_id=first_page[-1].id)] == ids[2:4]
    assert [r.id for r in outbox_rows(db, admin, limit=2, newest_first=True)] == [ids[4], ids[3]]
    assert [r.id for r in outbox_rows(db, admin, NotificationStatus.QUEUED)] == ids[3:]

    cashier = make_staff(db, "anna", Role.CASHIER)
    with pytest.raises(PermissionDenied):
        retry_failed(db, cashier, [ids[0]])
    with pytest.raises(PermissionDenied):
        outbox_rows(db, cashier)
    with pytest.raises(ValidationError):
        outbox_rows(db, admin, limit=0)

    assert retry_failed(db, admin, [ids[0], ids[1], ids[2], 999_999]) == 2  # the sent one stays sent
    again = stored(db, ids[0])
    assert (again.status, again.attempts, again.last_error) == (NotificationStatus.QUEUED, 0, "")
    assert send_pending(db, {SMS: sms_gateway(gateway.url)}, now=T0) == SendSummary(sent=4)
    assert stored(db, ids[1]).attempts == 1  # not sent twice
    assert len(gateway.requests) == 3 + 4
