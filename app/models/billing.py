"""Billing runs (one per business date, resumable), the lock row that keeps runs single on SQLite, and
the outages compensated by batches of credits."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, BigInteger, Date, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, BigId, UTCDateTime, str_enum, utcnow
from app.models.enums import BillingRunStatus


class BillingRun(Base):
    __tablename__ = "billing_run"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    business_date: Mapped[dt.date] = mapped_column(Date, index=True)
    status: Mapped[BillingRunStatus] = mapped_column(
        str_enum(BillingRunStatus, "billing_run_status"), default=BillingRunStatus.RUNNING
    )
    started_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))  # NULL = scheduler
    counts: Mapped[dict[str, int] | None] = mapped_column(JSON)
    error: Mapped[str] = mapped_column(String(500), default="")


class BillingLock(Base):
    """A single row (id = 1): on SQLite a run holds it to keep a second run out."""

    __tablename__ = "billing_lock"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    holder: Mapped[str] = mapped_column(String(200), default="")
    acquired_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)


class Outage(Base):
    """A network outage the company compensates: the window, which services it hit (`scope`, as the
    administrator chose them), and the batch of credits posted for it (app/services/billing/outages.py).
    Cancelling it reverses the whole batch."""

    __tablename__ = "outage"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reason: Mapped[str] = mapped_column(String(200))
    starts_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    scope: Mapped[dict[str, list[Any]]] = mapped_column(JSON)
    credits: Mapped[int] = mapped_column(Integer, default=0)
    total: Mapped[int] = mapped_column(BigInteger, default=0)  # kopecks credited
    business_date: Mapped[dt.date] = mapped_column(Date)  # the day the credits were booked
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    cancelled_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    cancelled_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    cancel_reason: Mapped[str] = mapped_column(String(200), default="")


class OutageCredit(Base):
    """One service's credit for an outage: the ledger entry that credited it and, once the batch is
    cancelled, the reversal."""

    __tablename__ = "outage_credit"
    __table_args__ = (
        Index("ix_outage_credit_outage", "outage_id"),
        Index("ix_outage_credit_contract", "contract_id"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    outage_id: Mapped[int] = mapped_column(ForeignKey("outage.id"))
    contract_id: Mapped[int] = mapped_column(ForeignKey("contract.id"))
    service_id: Mapped[int] = mapped_column(ForeignKey("service.id"))
    seconds: Mapped[int] = mapped_column(Integer)  # of the outage within the service's life
    amount: Mapped[int] = mapped_column(BigInteger)  # kopecks credited (positive)
    ledger_entry_id: Mapped[int] = mapped_column(ForeignKey("ledger_entry.id"), unique=True)
