"""A subscriber's personal data (passport): shown only to the roles that may see it, each viewing an
event in the history."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from app.db import Database
from app.errors import NotFound
from app.models import Subscriber
from app.services.kernel.history import EventKind, record_event
from app.services.kernel.permissions import Actor, Permission, require


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
    with db.transaction() as session:
        subscriber = session.get(Subscriber, subscriber_id)
        if subscriber is None:
            raise NotFound()
        record_event(
            session,
            actor=actor,
            kind=EventKind.PERSONAL_DATA_VIEWED,
            subscriber_id=subscriber.id,
            name=subscriber.full_name,
        )
        return PersonalData(
            subscriber_id=subscriber.id,
            full_name=subscriber.full_name,
            passport_series=subscriber.passport_series,
            passport_number=subscriber.passport_number,
            passport_issued_by=subscriber.passport_issued_by,
            passport_issued_on=subscriber.passport_issued_on,
            birth_date=subscriber.birth_date,
            inn=subscriber.inn,
        )
