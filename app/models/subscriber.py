"""Subscribers (people or companies) with contacts, notification channels and masked personal data."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, BigId, UTCDateTime, Versioned, str_enum, utcnow
from app.models.enums import SubscriberKind

# The columns behind the personal-data door (see Subscriber below).
PERSONAL_COLUMNS = (
    "passport_series",
    "passport_number",
    "passport_issued_by",
    "passport_issued_on",
    "birth_date",
)


class Subscriber(Versioned, Base):
    __tablename__ = "subscriber"
    __table_args__ = (
        Index("ix_subscriber_phone", "phone"),
        Index("ix_subscriber_phone2", "phone2"),
        Index("ix_subscriber_passport_number", "passport_number"),  # the duplicate check at signing
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[SubscriberKind] = mapped_column(
        str_enum(SubscriberKind, "subscriber_kind"), default=SubscriberKind.PERSON
    )
    full_name: Mapped[str] = mapped_column(String(300))
    phone: Mapped[str] = mapped_column(String(20), default="")  # digits, 7XXXXXXXXXX for Russia
    phone2: Mapped[str] = mapped_column(String(20), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    notify_sms: Mapped[bool] = mapped_column(Boolean, default=True)
    notify_email: Mapped[bool] = mapped_column(Boolean, default=False)
    # Personal data: shown only to roles that need it; reading it is recorded in the history. Never
    # loaded with the row (touching them unloaded raises): the only way to read them is the door in
    # app/services/frontdesk/personal_data.py (on a shared server a workstation login may not SELECT
    # these columns at all; a server-side function reads them and writes the event).
    passport_series: Mapped[str] = mapped_column(
        String(10), default="", deferred=True, deferred_raiseload=True
    )
    passport_number: Mapped[str] = mapped_column(
        String(20), default="", deferred=True, deferred_raiseload=True
    )
    passport_issued_by: Mapped[str] = mapped_column(
        String(300), default="", deferred=True, deferred_raiseload=True
    )
    passport_issued_on: Mapped[dt.date | None] = mapped_column(Date, deferred=True, deferred_raiseload=True)
    birth_date: Mapped[dt.date | None] = mapped_column(Date, deferred=True, deferred_raiseload=True)
    inn: Mapped[str] = mapped_column(String(12), default="")  # companies
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The business date a former subscriber was anonymised (app/services/admin/anonymisation.py).
    anonymised_on: Mapped[dt.date | None] = mapped_column(Date)
    # Lower-cased, ё→е name for search; maintained by the domain layer on every write.
    search_name: Mapped[str] = mapped_column(String(300), default="")


class SubscriberNote(Base):
    """A free-text note on the subscriber card; notes are added, never edited."""

    __tablename__ = "subscriber_note"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    subscriber_id: Mapped[int] = mapped_column(ForeignKey("subscriber.id"), index=True)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    text: Mapped[str] = mapped_column(Text)
