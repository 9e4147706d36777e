"""Money and subscribers from outside: the banks and agents that send registry files, each file posted
as one batch (cancellable as a whole), and moves-in from an old billing (rolled back as a whole)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, BigInteger, Boolean, Date, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, UTCDateTime, Versioned, utcnow


class PaymentAgent(Versioned, Base):
    """A bank, a terminal network or the post office: who takes our subscribers' money and sends us a
    registry of it. `file_format` names the reader (app/adapters/registry_formats); `columns` is the
    saved column mapping of the generic CSV/XLSX reader."""

    __tablename__ = "payment_agent"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    file_format: Mapped[str] = mapped_column(String(20))  # "sberbank" | "columns"
    columns: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    watch_folder: Mapped[str] = mapped_column(String(500), default="")  # "" = not watched
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class RegistryBatch(Versioned, Base):
    """One registry file posted: its payments carry the batch's id. Cancelling the batch reverses them
    all (the row keeps who, when and why)."""

    __tablename__ = "registry_batch"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    agent_id: Mapped[int] = mapped_column(ForeignKey("payment_agent.id"), index=True)
    file_name: Mapped[str] = mapped_column(String(255))
    file_digest: Mapped[str] = mapped_column(String(64))  # SHA-256 of the file as read
    first_date: Mapped[dt.date] = mapped_column(Date)
    last_date: Mapped[dt.date] = mapped_column(Date)
    payments: Mapped[int] = mapped_column(Integer)
    amount: Mapped[int] = mapped_column(BigInteger)  # kopecks credited to contracts
    commission: Mapped[int] = mapped_column(BigInteger, default=0)  # kopecks the agent kept
    # Lines of the file not posted with it (already imported, or unknown contracts set aside), so
    # that nothing the bank sent disappears from view.
    left_aside: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)
    posted_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))  # NULL: the watched-folder task
    cancelled_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    cancelled_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    cancel_reason: Mapped[str] = mapped_column(String(500), default="")


class LegacyImport(Base):
    """One move-in from an old billing (`subscriber-desk import legacy`): what it wrote, so that it can
    be rolled back as a whole while nothing else has touched its contracts."""

    __tablename__ = "legacy_import"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source: Mapped[str] = mapped_column(String(255))  # the export's folder name
    digest: Mapped[str] = mapped_column(String(64))  # SHA-256 over the export's files
    imported_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    # What it wrote: subscribers, contracts, premises, services, ledger entries, payments, work orders,
    # and the ids of the buildings it created.
    counts: Mapped[dict[str, Any]] = mapped_column(JSON)
    rolled_back_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    rolled_back_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))


class LegacyContract(Base):
    """A contract a legacy import made (its number in the old billing is the same)."""

    __tablename__ = "legacy_contract"

    contract_id: Mapped[int] = mapped_column(ForeignKey("contract.id"), primary_key=True)
    legacy_import_id: Mapped[int] = mapped_column(ForeignKey("legacy_import.id"), index=True)
