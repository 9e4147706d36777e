"""A subscriber's personal data (passport, birth date) behind a door that writes down who opened it.

Every read goes through `open_personal_data`, which records a «personal data viewed» event (with what
it was opened for) in the same transaction. On a shared PostgreSQL server no staff login may SELECT
these columns at all (app/services/admin/server_roles.py); the front desk and administrators call the
server-side function `read_personal_data` (migrations 0007, 0009; SECURITY DEFINER), which inserts the
event in the name of the session's own person and returns the row — so psql with a person's password
cannot read a passport without leaving the same trace. The
duplicate check at signing (`contracts_with_passport`) and the card's «a passport is on file»
(`subscriber_has_personal_data`) go through server-side functions too; they reveal no personal data.
On SQLite (one PC) the same functions run in Python."""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from app.db import Database
from app.errors import NotFound
from app.models import Contract, ContractStatus, Subscriber
from app.models.subscriber import PERSONAL_COLUMNS
from app.services.kernel.history import EVENT_TEMPLATES, EventKind, record_event
from app.services.kernel.permissions import Actor, Permission, require


class Purpose(enum.StrEnum):
    """What the personal data was opened for (kept in the event's details)."""

    SHOWN = "shown"  # revealed on the card
    CONTRACT = "contract"  # printed on the contract
    SUBJECT_EXPORT = "subject_export"  # everything held about the subscriber, for them (152-FZ)


@dataclass(frozen=True)
class PersonalData:
    subscriber_id: int
    full_name: str
    passport_series: str
    passport_number: str
    passport_issued_by: str
    passport_issued_on: dt.date | None
    birth_date: dt.date | None
    inn: str


def personal_data(db: Database, actor: Actor, subscriber_id: int) -> PersonalData:
    """The passport and other personal data, for roles allowed to see them; every showing is recorded
    in the subscriber's history."""
    require(actor, Permission.VIEW_PERSONAL_DATA)
    with db.transaction(actor) as session:
        return open_personal_data(session, actor, subscriber_id, Purpose.SHOWN)


def open_personal_data(session: Session, actor: Actor, subscriber_id: int, purpose: Purpose) -> PersonalData:
    """Read the personal data and record that `actor` did, for `purpose`, in the caller's transaction."""
    inn_and_name = session.execute(
        select(Subscriber.full_name, Subscriber.inn).where(Subscriber.id == subscriber_id)
    ).one_or_none()
    if inn_and_name is None:
        raise NotFound()
    name, inn = inn_and_name
    if session.get_bind().dialect.name == "postgresql":
        row = session.execute(
            text(
                "SELECT passport_series, passport_number, passport_issued_by, passport_issued_on, birth_date "
                "FROM read_personal_data(:subscriber, :staff, :purpose, :summary)"
            ),
            {
                "subscriber": subscriber_id,
                "staff": actor.staff_id or None,
                "purpose": purpose.value,
                "summary": EVENT_TEMPLATES[EventKind.PERSONAL_DATA_VIEWED],
            },
        ).one()
    else:
        row = session.execute(
            select(*(getattr(Subscriber, c) for c in PERSONAL_COLUMNS)).where(Subscriber.id == subscriber_id)
        ).one()
        record_event(
            session,
            actor=actor,
            kind=EventKind.PERSONAL_DATA_VIEWED,
            subscriber_id=subscriber_id,
            purpose=purpose.value,
        )
    series, number, issued_by, issued_on, born = row
    return PersonalData(
        subscriber_id=subscriber_id,
        full_name=name,
        passport_series=series or "",
        passport_number=number or "",
        passport_issued_by=issued_by or "",
        passport_issued_on=issued_on,
        birth_date=born,
        inn=inn or "",
    )


def has_personal_data(session: Session, subscriber_id: int) -> bool:
    """Is a passport (or a birth date) on file? Says nothing more, and records nothing."""
    if session.get_bind().dialect.name == "postgresql":
        return bool(session.scalar(text("SELECT subscriber_has_personal_data(:s)"), {"s": subscriber_id}))
    found = session.execute(
        select(Subscriber.passport_series, Subscriber.passport_number, Subscriber.birth_date).where(
            Subscriber.id == subscriber_id
        )
    ).one_or_none()
    return bool(found and (found[0] or found[1] or found[2]))


def contracts_with_passport(session: Session, passport_number: str, limit: int = 3) -> list[tuple[str, str]]:
    """(contract number, subscriber name) of contracts not terminated whose subscriber has this
    passport number: the duplicate check at signing (no personal data comes back)."""
    if session.get_bind().dialect.name == "postgresql":
        return [
            (str(n), str(name))
            for n, name in session.execute(
                text("SELECT number, full_name FROM contracts_with_passport(:p, :limit)"),
                {"p": passport_number, "limit": limit},
            )
        ]
    return [
        (str(n), str(name))
        for n, name in session.execute(
            select(Contract.number, Subscriber.full_name)
            .join(Subscriber, Subscriber.id == Contract.subscriber_id)
            .where(
                Contract.status != ContractStatus.TERMINATED, Subscriber.passport_number == passport_number
            )
            .limit(limit)
        )
    ]
