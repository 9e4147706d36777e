"""Cash desks with their gapless receipt counters, and cashiers' shifts."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
    Uuid,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, UTCDateTime, Versioned, utcnow


class CashDesk(Versioned, Base):
    __tablename__ = "cash_desk"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    location: Mapped[str] = mapped_column(String(200), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # The online cash register of this desk: the address of its driver's web server as the desk's PC
    # reaches it (e.g. http://127.0.0.1:16732); "" = a desk without a register (fiscal receipts off).
    register_url: Mapped[str] = mapped_column(String(300), default="", server_default="")


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
    # The desk's online cash register's own shift, opened with this one (its number on the register)
    # and closed with it (the fiscal document number of the register's Z report); NULL: not (yet).
    register_shift: Mapped[int | None] = mapped_column(Integer)
    register_z_document: Mapped[int | None] = mapped_column(BigInteger)


class CashierInn(Base):
    """A cashier's INN, for the fiscal receipts they take (tag 1203). Its own table: staff accounts
    change only through the server's account functions, this is an ordinary setting of the admin's."""

    __tablename__ = "cashier_inn"

    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id", ondelete="CASCADE"), primary_key=True)
    inn: Mapped[str] = mapped_column(String(12))


class FiscalReceipt(Base):
    """A payment's fiscal receipt (54-FZ) on the desk's online cash register: queued in the payment's
    own transaction (a sale; a cancellation queues the return), delivered after commit. `task` is the
    register's task as it was at posting; `task_uuid` is the payment's UUID for the first try, so a
    retry can never make a second receipt — it changes only after the register said the task failed,
    i.e. printed nothing (app/services/cashdesk/fiscal.py, docs/fiscal.md)."""

    __tablename__ = "fiscal_receipt"
    __table_args__ = (
        UniqueConstraint("payment_id", "kind", name="uq_fiscal_receipt_payment_kind"),
        CheckConstraint("kind IN ('sale', 'return')", name="fiscal_receipt_kind"),
        CheckConstraint("state IN ('queued', 'sent', 'done', 'withdrawn')", name="fiscal_receipt_state"),
        Index("ix_fiscal_receipt_desk_state", "cash_desk_id", "state"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    payment_id: Mapped[int] = mapped_column(ForeignKey("payment.id"))
    kind: Mapped[str] = mapped_column(String(10))
    cash_desk_id: Mapped[int] = mapped_column(ForeignKey("cash_desk.id"))
    task_uuid: Mapped[uuid.UUID] = mapped_column(Uuid, unique=True)
    task: Mapped[dict[str, Any]] = mapped_column(JSON)
    # queued: to send; sent: maybe on the register (asked for by uuid before anything else);
    # done: the register answered with its fiscal data; withdrawn: cancelled before it was ever sent.
    state: Mapped[str] = mapped_column(String(10), default="queued")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str] = mapped_column(String(500), default="")
    next_try_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    done_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    # What the register answered: fiscal document number and sign, date-time, FN and registration
    # numbers, shift and receipt numbers, the tax service's check address.
    fiscal: Mapped[dict[str, Any] | None] = mapped_column(JSON)
