"""Anonymising former subscribers (152-FZ, art. 21: personal data is not kept longer than its purpose
needs): once every contract of a subscriber ended at least the retention period ago (a setting, 36
months by default) and nothing is owed either way, their name, phones, e-mail, passport, birth date
and INN are replaced, their notes removed and their outbox messages emptied. The money history stays
as it was (contracts, ledger, payments, balances) and so does the history: events refer to the
subscriber by id and never copy a name, so they now read as the anonymised subscriber's. The
append-only, sealed rows are not touched, so `db verify` still finds every chain whole.

A subscriber who still owes (or is owed) money is held back: the administrator settles the balance
first. On a shared server the server checks the same rule itself (`anonymise_subscriber`, migration
0011, by its own clock), so psql with an administrator's password cannot anonymise a current subscriber.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, delete, exists, func, or_, select, text, update
from sqlalchemy.orm import Session, aliased

from app.db import Database
from app.models import Contract, ContractStatus, Notification, Subscriber, SubscriberNote
from app.services.kernel.history import EventKind, record_event
from app.services.kernel.permissions import Actor, Permission, require
from app.services.kernel.settings import Key, business_today, read_settings
from app.services.kernel.text import search_key

# The name an anonymised subscriber keeps (data, in Russian like the documents it is printed on).
ANONYMOUS_NAME = "Обезличенный абонент № {id}"
BATCH = 500  # subscribers per transaction


class Refusal(enum.StrEnum):
    """Why a subscriber was not anonymised (the server's function answers the same words)."""

    NOT_FOUND = "not_found"
    ALREADY = "already"
    NO_CONTRACT = "no_contract"
    TOO_RECENT = "too_recent"  # a contract is not terminated, or ended within the retention period
    BALANCE = "balance"  # money is owed either way


@dataclass(frozen=True)
class FormerSubscriber:
    subscriber_id: int
    full_name: str
    contracts: str  # their numbers, comma-separated
    ended_on: dt.date  # the last contract's termination date
    balance: int  # kopecks, all contracts together (non-zero: held back)


@dataclass(frozen=True)
class AnonymisationPreview:
    today: dt.date
    retention_months: int
    cutoff: dt.date  # contracts ended on or before this date are past the retention period
    due: list[FormerSubscriber]
    held_back: list[FormerSubscriber]  # past the period, but a balance is not zero


@dataclass(frozen=True)
class AnonymisationResult:
    anonymised: int
    refused: dict[int, Refusal]


def months_before(day: dt.date, months: int) -> dt.date:
    """`day` minus `months` calendar months, the day clamped to the month's end (as PostgreSQL does)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    following = dt.date(year + (month == 12), month % 12 + 1, 1)
    return dt.date(year, month, min(day.day, (following - dt.timedelta(days=1)).day))


def _past_retention(cutoff: dt.date) -> ColumnElement[bool]:
    """Subscribers not yet anonymised whose every contract was terminated on or before `cutoff` (the
    caller joins their contracts: one at least)."""
    other = aliased(Contract)
    in_force = (
        exists()
        .where(
            other.subscriber_id == Subscriber.id,
            or_(
                other.status != ContractStatus.TERMINATED,
                other.terminated_on.is_(None),
                other.terminated_on > cutoff,
            ),
        )
        .correlate(Subscriber)
    )
    return and_(Subscriber.anonymised_on.is_(None), ~in_force)


def preview_anonymisation(db: Database, actor: Actor, *, limit: int = 10_000) -> AnonymisationPreview:
    """Who would be anonymised today, and who is past the period but held back by a balance."""
    require(actor, Permission.ANONYMISE_SUBSCRIBERS)
    with db.reading(actor) as conn:
        settings = read_settings(conn)
        today = business_today(settings)
        months = int(settings[Key.RETENTION_MONTHS])
        cutoff = months_before(today, months)
        query = (
            select(
                Subscriber.id,
                Subscriber.full_name,
                func.min(Contract.number),
                func.count(Contract.id),
                func.max(Contract.terminated_on),
                func.sum(Contract.balance),
                func.sum(func.abs(Contract.balance)),
            )
            .join(Contract, Contract.subscriber_id == Subscriber.id)
            .where(_past_retention(cutoff))
            .group_by(Subscriber.id, Subscriber.full_name)
            .order_by(Subscriber.id)
            .limit(limit)
        )
        due: list[FormerSubscriber] = []
        held: list[FormerSubscriber] = []
        for r in conn.execute(query):
            numbers = str(r[2]) if r[3] == 1 else f"{r[2]} (+{int(r[3]) - 1})"
            row = FormerSubscriber(int(r[0]), str(r[1]), numbers, r[4], int(r[5] or 0))
            (held if int(r[6] or 0) else due).append(row)
    return AnonymisationPreview(today, months, cutoff, due, held)


def anonymise_subscribers(db: Database, actor: Actor, subscriber_ids: Sequence[int]) -> AnonymisationResult:
    """Anonymise these subscribers, each only if the rule holds for them now (it is checked again,
    row by row, inside the transaction). Batches of BATCH subscribers, one transaction each."""
    require(actor, Permission.ANONYMISE_SUBSCRIBERS)
    done = 0
    refused: dict[int, Refusal] = {}
    ids = list(dict.fromkeys(subscriber_ids))
    for start in range(0, len(ids), BATCH):
        with db.transaction(actor) as session:
            settings = read_settings(session)
            today = business_today(settings)
            months = int(settings[Key.RETENTION_MONTHS])
            for subscriber_id in ids[start : start + BATCH]:
                refusal = _anonymise_one(session, actor, subscriber_id, today, months)
                if refusal is None:
                    done += 1
                else:
                    refused[subscriber_id] = refusal
    return AnonymisationResult(done, refused)


def _anonymise_one(
    session: Session, actor: Actor, subscriber_id: int, today: dt.date, months: int
) -> Refusal | None:
    """One subscriber, if the rule holds now. On a server its own function decides by its own clock
    and settings (`today` and `months` are the program's, for SQLite)."""
    if session.get_bind().dialect.name == "postgresql":
        answer = session.scalar(
            text("SELECT anonymise_subscriber(:subscriber, :staff)"),
            {"subscriber": subscriber_id, "staff": actor.staff_id or None},
        )
        return Refusal(answer) if answer else None
    refusal = _refusal(session, subscriber_id, months_before(today, months))
    if refusal is not None:
        return refusal
    name = ANONYMOUS_NAME.format(id=subscriber_id)
    session.execute(
        update(Subscriber)
        .where(Subscriber.id == subscriber_id)
        .values(
            full_name=name,
            search_name=search_key(name),
            phone="",
            phone2="",
            email="",
            notify_sms=False,
            notify_email=False,
            inn="",
            passport_series="",
            passport_number="",
            passport_issued_by="",
            passport_issued_on=None,
            birth_date=None,
            anonymised_on=today,
            version=Subscriber.version + 1,
        )
        .execution_options(synchronize_session=False)
    )
    session.execute(delete(SubscriberNote).where(SubscriberNote.subscriber_id == subscriber_id))
    contracts = select(Contract.id).where(Contract.subscriber_id == subscriber_id)
    session.execute(
        update(Notification)
        .where(or_(Notification.subscriber_id == subscriber_id, Notification.contract_id.in_(contracts)))
        .values(recipient="", text="")
        .execution_options(synchronize_session=False)
    )
    record_event(
        session, actor=actor, kind=EventKind.SUBSCRIBER_ANONYMISED, subscriber_id=subscriber_id, months=months
    )
    return None


def _refusal(session: Session, subscriber_id: int, cutoff: dt.date) -> Refusal | None:
    done = session.execute(
        select(Subscriber.anonymised_on).where(Subscriber.id == subscriber_id)
    ).one_or_none()
    if done is None:
        return Refusal.NOT_FOUND
    if done[0] is not None:
        return Refusal.ALREADY
    contracts = session.execute(
        select(Contract.status, Contract.terminated_on, Contract.balance).where(
            Contract.subscriber_id == subscriber_id
        )
    ).all()
    if not contracts:
        return Refusal.NO_CONTRACT
    if any(s != ContractStatus.TERMINATED or ended is None or ended > cutoff for s, ended, _ in contracts):
        return Refusal.TOO_RECENT
    if any(balance for _, _, balance in contracts):
        return Refusal.BALANCE
    return None
