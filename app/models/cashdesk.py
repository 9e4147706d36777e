"""Cash desks with their gapless receipt counters, and cashiers' shifts."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, BigInteger, Boolean, CheckConstraint, ForeignKey, Index, Integer, String, text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, UTCDateTime, Versioned, utcnow


class CashDesk(Versioned, Base):
    __tablename__ = "cash_desk"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    location: Mapped[str] = mapped_column(String(200), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class ReceiptCounter(Base):
    """The last receipt number of a desk. Incremented inside the payment's transaction, so numbers
    have no gaps: a rolled-back payment rolls its number back too (a sequence would leave a hole)."""

    __tablename__ = "receipt_counter"
    __table_args__ = (CheckConstraint("last_number >= 0", name="last_number_not_negative"),)

    cash_desk_id: Mapped[int] = mapped_column(ForeignKey("cash_desk.id"), primary_key=True)
    last_number: Mapped[int] = mapped_column(BigInteger, default=0)


class Shift(Versioned, Base):
    __tablename__ = "shift"
    __table_args__ = (
        # At most one open shift per desk.
        Index(
            "uq_shift_open_per_desk",
            "cash_desk_id",
            unique=True,
            sqlite_where=text("closed_at IS NULL"),
            postgresql_where=text("closed_at IS NULL"),
        ),
        CheckConstraint("opening_cash >= 0", name="opening_cash_not_negative"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    cash_desk_id: Mapped[int] = mapped_column(ForeignKey("cash_desk.id"))
    cashier_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    opened_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    opening_cash: Mapped[int] = mapped_column(BigInteger, default=0)
    closed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    expected_cash: Mapped[int | None] = mapped_column(BigInteger)
    counted_cash: Mapped[int | None] = mapped_column(BigInteger)
    # The Z report as it was at closing: a fixed document, reprinted exactly (later cancellations of
    # its payments show in the shift where they happen).
    z_report: Mapped[dict[str, Any] | None] = mapped_column(JSON)
