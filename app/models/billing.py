"""Billing runs (one per business date, resumable) and the lock row that keeps runs single on SQLite."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, Date, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, UTCDateTime, str_enum, utcnow
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
