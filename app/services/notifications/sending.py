"""Sending the notification outbox: claim a batch of queued reminders, deliver them outside any
database transaction, record each outcome; plus the outbox list and "send again" for the admin.

How a row moves (no extra columns: `status`, `attempts` and `last_error` carry it):

- A *hold* is written at the start of `last_error` of a queued row: ``until <UTC time>: <why>``. A row
  is due when it has no hold or its hold has passed. Holds are compared as fixed-width ISO strings.
- Claim: one short transaction picks due rows (PostgreSQL: ``SELECT … FOR UPDATE SKIP LOCKED``, so
  senders on several PCs take disjoint rows; SQLite: ``BEGIN IMMEDIATE`` serialises them), adds 1 to
  `attempts` and writes a lease hold ``until <now + lease>: sending, claim <token>``. The row stays
  `queued`, so a sender that dies leaves nothing stuck: the lease runs out and the row is due again.
  The times come from the database server's clock, so a workstation whose clock is wrong cannot end
  another's lease early.
- Each message then goes to its transport with no transaction open, and its outcome is committed at
  once in its own transaction, guarded by the claim token: `sent` + `sent_at`; or back to `queued`
  with ``until <now + retry delay>: <error>``; or `failed` on a permanent refusal or once `attempts`
  reaches `max_attempts`. When a whole transport is down, the rest of the batch on that channel is
  handed back untried (its attempt not counted) and waits as long as the failed row.
- A sender never starts a message after half its lease is gone, so a slow gateway cannot make a
  lease run out while its holder still sends.

Telegram messages that are refused or given up are queued again by SMS in the transaction that marks
them failed (`telegram.fall_back_to_sms`; a chat that blocked the bot is unlinked there too).

The crash window. Between the transport accepting a message and the "sent" commit, the program can
die, the power can go or the database connection can break. Nothing can close that window (SMTP and
HTTP gateways take no part in our transaction), so one side has to be chosen: **at least once**. The
row stays queued under its lease and is sent again after the lease (10 minutes) runs out; a rare
duplicate reminder is a nuisance, while a lost one means a subscriber's TV is cut off without the
warning the debt policy promises. A row whose lease ran out after its last allowed attempt is marked
failed ("interrupted, may have been delivered") rather than sent once more, so a message that crashes
the sender cannot loop forever.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
import uuid
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, Row, Select, Update, func, or_, select, update
from sqlalchemy.orm import Session

from app.db import Database
from app.errors import QT_TRANSLATE_NOOP, ValidationError
from app.models import Contract, Notification, NotificationChannel, NotificationStatus
from app.services.kernel.permissions import Actor, Permission, require
from app.services.kernel.settings import read_settings
from app.services.notifications.ports import (
    ChatGone,
    DeliveryFailed,
    DeliveryRefused,
    Transport,
    TransportFactory,
    TransportUnavailable,
)
from app.services.notifications.telegram import fall_back_to_sms

log = logging.getLogger(__name__)

CLAIM_LEASE = dt.timedelta(minutes=10)
# Waits before the 2nd, 3rd, … attempt; the last one repeats.
RETRY_DELAYS: tuple[dt.timedelta, ...] = (
    dt.timedelta(minutes=1),
    dt.timedelta(minutes=5),
    dt.timedelta(minutes=15),
    dt.timedelta(hours=1),
)
MAX_OUTBOX_PAGE = 1000

_HOLD = "until "
_STAMP = "%Y-%m-%dT%H:%M:%SZ"
_STAMP_LEN = 20
_SENDING = "sending, claim "
_ERROR_LEN = 500  # Notification.last_error
INTERRUPTED = "interrupted while sending after the last attempt: the message may have been delivered"


@dataclass(frozen=True)
class SendSummary:
    sent: int = 0
    failed: int = 0  # given up: refused, out of attempts or interrupted
    retried: int = 0  # not delivered this time, queued for a later attempt
    released: int = 0  # claimed but handed back untried (transport down, lease half gone)
    first_error: str = field(default="", compare=False)  # for a scheduler's one-line report
    by_sms: int = 0  # Telegram messages given up and queued again by SMS (counted in `failed` too)

    @property
    def claimed(self) -> int:
        return self.sent + self.failed + self.retried + self.released

    def __add__(self, other: SendSummary) -> SendSummary:
        return SendSummary(
            self.sent + other.sent,
            self.failed + other.failed,
            self.retried + other.retried,
            self.released + other.released,
            self.first_error or other.first_error,
            self.by_sms + other.by_sms,
        )


@dataclass(frozen=True)
class OutboxRow:
    id: int
    channel: NotificationChannel
    recipient: str
    text: str
    status: NotificationStatus
    attempts: int
    last_error: str  # the last failure, without the hold
    next_attempt_at: dt.datetime | None  # queued rows held back until then (lease or retry delay)
    sending: bool  # claimed by a sender right now (or by one that died, until its lease ends)
    created_at: dt.datetime
    sent_at: dt.datetime | None
    subscriber_id: int | None
    contract_id: int | None
    contract_number: str | None


@dataclass(frozen=True)
class _Claimed:
    id: int
    channel: NotificationChannel
    recipient: str
    text: str
    attempts: int  # including this one
    previous_error: str


def _stamp(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime(_STAMP)


def _hold(until: dt.datetime, why: str) -> str:
    return (f"{_HOLD}{_stamp(until)}: {why}")[:_ERROR_LEN]


def parse_hold(last_error: str) -> tuple[dt.datetime | None, str]:
    """(held until, the rest) of a stored `last_error`; (None, text) when it carries no hold."""
    if last_error.startswith(_HOLD):
        stamp = last_error[len(_HOLD) : len(_HOLD) + _STAMP_LEN]
        try:
            until = dt.datetime.strptime(stamp, _STAMP).replace(tzinfo=dt.UTC)
        except ValueError:
            return None, last_error
        return until, last_error[len(_HOLD) + _STAMP_LEN :].removeprefix(": ")
    return None, last_error


def _retry_delay(delays: Sequence[dt.timedelta], attempts: int) -> dt.timedelta:
    if not delays:
        return dt.timedelta(0)
    return delays[min(max(attempts, 1), len(delays)) - 1]


def _database_now(session: Session) -> dt.datetime:
    """The database server's clock: one clock for every sender, whatever the PCs' clocks say."""
    value = session.execute(select(func.current_timestamp())).scalar_one()
    if isinstance(value, str):  # SQLite without a declared type: "YYYY-MM-DD HH:MM:SS" in UTC
        value = dt.datetime.fromisoformat(value)
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


def _due(now: dt.datetime) -> ColumnElement[bool]:
    # Same fixed-width ASCII layout on every row, so string order is time order under any collation.
    held_until = func.substr(Notification.last_error, len(_HOLD) + 1, _STAMP_LEN)
    return or_(~Notification.last_error.startswith(_HOLD, autoescape=True), held_until <= _stamp(now))


def _claim(
    db: Database,
    channels: Collection[NotificationChannel],
    *,
    limit: int,
    max_attempts: int,
    lease: dt.timedelta,
    now: dt.datetime | None,
) -> tuple[list[_Claimed], int, int, str, dt.datetime]:
    """Claim up to `limit` due rows; returns them, how many were given up on (and of those, how many
    Telegram messages were queued again by SMS), the lease marker and the time the claim was made
    (database clock unless `now` is given)."""
    by_sms = 0
    with db.transaction() as session:
        claim_time = now or _database_now(session)
        rows = session.execute(
            select(
                Notification.id,
                Notification.channel,
                Notification.recipient,
                Notification.text,
                Notification.attempts,
                Notification.last_error,
            )
            .where(
                Notification.status == NotificationStatus.QUEUED,
                Notification.channel.in_(list(channels)),
                _due(claim_time),
            )
            .order_by(Notification.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        ).all()
        marker = _hold(claim_time + lease, _SENDING + uuid.uuid4().hex[:12])
        exhausted = [r for r in rows if r.attempts >= max_attempts]
        for row in exhausted:
            why = INTERRUPTED if _SENDING in row.last_error else parse_hold(row.last_error)[1]
            _changed(
                session,
                update(Notification)
                .where(Notification.id == row.id)
                .values(status=NotificationStatus.FAILED, last_error=why[:_ERROR_LEN]),
            )
            log.warning("notification %s given up after %s attempts: %s", row.id, row.attempts, why)
            if row.channel == NotificationChannel.TELEGRAM:
                by_sms += fall_back_to_sms(session, row.id)
        claimed = [r for r in rows if r.attempts < max_attempts]
        if claimed:
            _changed(
                session,
                update(Notification)
                .where(Notification.id.in_([r.id for r in claimed]))
                .values(attempts=Notification.attempts + 1, last_error=marker),
            )
    found = [
        _Claimed(r.id, NotificationChannel(r.channel), r.recipient, r.text, r.attempts + 1, r.last_error)
        for r in claimed
    ]
    return found, len(exhausted), by_sms, marker, claim_time


def _changed(session: Session, statement: Update) -> int:
    """Run a Core UPDATE in the session's transaction; how many rows it changed."""
    return session.connection().execute(statement).rowcount


def _record(
    db: Database,
    notification_id: int,
    marker: str | None,
    then: Callable[[Session], object] | None = None,
    **values: object,
) -> bool:
    """Write one outcome in its own transaction; with `marker`, only while our claim holds. `then`
    runs in the same transaction once the outcome is written (the Telegram fallback)."""
    statement = update(Notification).where(Notification.id == notification_id)
    if marker is None:
        statement = statement.where(Notification.status != NotificationStatus.SENT)
    else:
        statement = statement.where(Notification.last_error == marker)
    with db.transaction() as session:
        written = _changed(session, statement.values(**values)) == 1
        if written and then is not None:
            then(session)
        return written


def _release(db: Database, row: _Claimed, marker: str, hold: str | None) -> int:
    """Hand a claimed row back untried: the attempt is not counted; `hold` delays it (or its previous
    `last_error` comes back)."""
    return int(
        _record(
            db, row.id, marker, attempts=Notification.attempts - 1, last_error=hold or row.previous_error
        )
    )


def send_pending(
    db: Database,
    transports: Mapping[NotificationChannel, Transport],
    *,
    limit: int = 100,
    max_attempts: int = 5,
    now: dt.datetime | None = None,
    lease: dt.timedelta = CLAIM_LEASE,
    retry_delays: Sequence[dt.timedelta] = RETRY_DELAYS,
) -> SendSummary:
    """Send up to `limit` due reminders on the channels that have a transport; safe to run from
    several processes or PCs at once (each row goes to one sender). `now` (tests) replaces the
    database clock. Database errors propagate; rows claimed and not yet recorded are sent again after
    the lease (see the module docstring)."""
    if limit < 1 or max_attempts < 1:
        raise ValueError("limit and max_attempts must be positive")
    if now is not None and now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    if not transports:
        return SendSummary()
    rows, failed, by_sms, marker, claim_time = _claim(
        db, transports.keys(), limit=limit, max_attempts=max_attempts, lease=lease, now=now
    )
    started = time.monotonic()

    def clock() -> dt.datetime:
        return now if now is not None else claim_time + dt.timedelta(seconds=time.monotonic() - started)

    sent = retried = released = 0
    errors: list[str] = []
    down: dict[NotificationChannel, str] = {}  # channel -> the hold its remaining rows get

    def give_up(row: _Claimed, error: str, chat_gone: bool = False) -> None:
        nonlocal failed, by_sms
        if row.channel != NotificationChannel.TELEGRAM:
            failed += _give_up(db, row, marker, error)
            return
        queued: list[bool] = []

        def fall_back(session: Session) -> None:
            queued.append(fall_back_to_sms(session, row.id, chat_gone=error if chat_gone else None))

        failed += _give_up(db, row, marker, error, fall_back)
        by_sms += sum(queued)

    def not_delivered(row: _Claimed, error: str) -> None:
        nonlocal retried
        errors.append(error)
        if row.attempts >= max_attempts:
            give_up(row, error)
            return
        hold = _hold(clock() + _retry_delay(retry_delays, row.attempts), error)
        if _record(db, row.id, marker, status=NotificationStatus.QUEUED, last_error=hold):
            retried += 1
            log.info(
                "notification %s not delivered (attempt %s), will retry: %s", row.id, row.attempts, error
            )

    for row in rows:
        if row.channel in down or time.monotonic() - started > lease.total_seconds() / 2:
            released += _release(db, row, marker, down.get(row.channel))
            continue
        try:
            transports[row.channel].send(row.recipient, row.text)
        except DeliveryRefused as exc:
            errors.append(str(exc) or type(exc).__name__)
            give_up(row, errors[-1], chat_gone=isinstance(exc, ChatGone))
        except DeliveryFailed as exc:
            not_delivered(row, str(exc) or type(exc).__name__)
            if isinstance(exc, TransportUnavailable):
                down[row.channel] = _hold(clock() + _retry_delay(retry_delays, 1), f"waiting: {exc}")
        except Exception as exc:  # a transport's bug must not strand the batch's claims
            log.exception("transport %s failed on notification %s", row.channel.value, row.id)
            not_delivered(row, f"{type(exc).__name__}: {exc}")
        else:
            if _record(db, row.id, None, status=NotificationStatus.SENT, sent_at=clock(), last_error=""):
                sent += 1
            else:  # another sender took it over after our lease ran out and got there first
                log.warning("notification %s was delivered twice", row.id)
    return SendSummary(sent, failed, retried, released, errors[0] if errors else "", by_sms)


def send_due(
    db: Database,
    transports: Mapping[NotificationChannel, Transport],
    *,
    limit: int = 1000,
    batch: int = 100,
    max_attempts: int = 5,
) -> SendSummary:
    """Batch after batch until nothing is due or `limit` rows were claimed (for a scheduler)."""
    total = SendSummary()
    while total.claimed < limit:
        size = min(batch, limit - total.claimed)
        summary = send_pending(db, transports, limit=size, max_attempts=max_attempts)
        total += summary
        if summary.claimed < size or not summary.sent:  # all done, or the transports are failing
            break
    return total


TELEGRAM_OFF = "Telegram is turned off"


def reroute_telegram_to_sms(db: Database, *, now: dt.datetime | None = None) -> int:
    """While Telegram is turned off, the Telegram messages still queued go by SMS instead (each marked
    failed, its text queued by SMS as after a refusal); rows a sender holds right now are left to it.
    Returns how many were given up."""
    with db.transaction() as session:
        ids = session.scalars(
            select(Notification.id)
            .where(
                Notification.status == NotificationStatus.QUEUED,
                Notification.channel == NotificationChannel.TELEGRAM,
                _due(now or _database_now(session)),
            )
            .order_by(Notification.id)
            .with_for_update(skip_locked=True)
        ).all()
        for notification_id in ids:
            _changed(
                session,
                update(Notification)
                .where(Notification.id == notification_id)
                .values(status=NotificationStatus.FAILED, last_error=TELEGRAM_OFF),
            )
            fall_back_to_sms(session, notification_id)
    return len(ids)


def configured_transports(
    db: Database, make_transports: TransportFactory, secrets: Mapping[str, str]
) -> dict[NotificationChannel, Transport]:
    """The transports the settings in this database describe, built by `make_transports` (the
    adapters, chosen in app/bootstrap.py) with the secrets from the OS keyring."""
    with db.reading() as conn:
        settings = read_settings(conn)
    return make_transports(settings, secrets)


def _give_up(
    db: Database, row: _Claimed, marker: str, error: str, then: Callable[[Session], object] | None = None
) -> int:
    log.warning("notification %s failed after %s attempts: %s", row.id, row.attempts, error)
    return int(
        _record(db, row.id, marker, then, status=NotificationStatus.FAILED, last_error=error[:_ERROR_LEN])
    )


def retry_failed(db: Database, actor: Actor, notification_ids: Iterable[int]) -> int:
    """Queue failed reminders again with a fresh count of attempts (e.g. after fixing the gateway
    settings or a subscriber's address); returns how many were queued. Other rows are left alone."""
    require(actor, Permission.MANAGE_SETTINGS)
    ids = sorted(set(notification_ids))
    if not ids:
        return 0
    queued = 0
    with db.transaction(actor) as session:
        for start in range(0, len(ids), 500):
            queued += _changed(
                session,
                update(Notification)
                .where(
                    Notification.id.in_(ids[start : start + 500]),
                    Notification.status == NotificationStatus.FAILED,
                )
                .values(status=NotificationStatus.QUEUED, attempts=0, last_error=""),
            )
    return queued


def _outbox_query(status: NotificationStatus | None) -> Select:
    query = select(
        Notification.id,
        Notification.channel,
        Notification.recipient,
        Notification.text,
        Notification.status,
        Notification.attempts,
        Notification.last_error,
        Notification.created_at,
        Notification.sent_at,
        Notification.subscriber_id,
        Notification.contract_id,
        Contract.number,
    ).outerjoin(Contract, Contract.id == Notification.contract_id)
    if status is not None:
        query = query.where(Notification.status == status)
    return query


def outbox_rows(
    db: Database,
    actor: Actor,
    status: NotificationStatus | None = None,
    limit: int = 200,
    after_id: int | None = None,
    *,
    newest_first: bool = False,
) -> list[OutboxRow]:
    """One page of the outbox for the admin's screen, keyset-paged: pass the last row's id as
    `after_id` for the next page (in the listing's order)."""
    require(actor, Permission.MANAGE_SETTINGS)
    if not 1 <= limit <= MAX_OUTBOX_PAGE:
        raise ValidationError(QT_TRANSLATE_NOOP("Errors", "Ask for 1 to 1000 rows at a time."))
    query = _outbox_query(status)
    if after_id is not None:
        query = query.where(Notification.id < after_id if newest_first else Notification.id > after_id)
    query = query.order_by(Notification.id.desc() if newest_first else Notification.id).limit(limit)
    with db.reading(actor) as conn:
        rows = conn.execute(query).all()
    return [_outbox_row(r) for r in rows]


def _outbox_row(r: Row[Any]) -> OutboxRow:
    status = NotificationStatus(r.status)
    held_until, error = parse_hold(r.last_error)
    sending = status is NotificationStatus.QUEUED and error.startswith(_SENDING)
    return OutboxRow(
        id=r.id,
        channel=NotificationChannel(r.channel),
        recipient=r.recipient,
        text=r.text,
        status=status,
        attempts=r.attempts,
        last_error="" if sending else error,
        next_attempt_at=held_until if status is NotificationStatus.QUEUED else None,
        sending=sending,
        created_at=r.created_at,
        sent_at=r.sent_at,
        subscriber_id=r.subscriber_id,
        contract_id=r.contract_id,
        contract_number=r.number,
    )
