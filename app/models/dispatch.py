"""Field work: installers and the work orders (mostly CaTV disconnects and reconnects) they carry out."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, BigId, UTCDateTime, Versioned, str_enum, utcnow
from app.models.enums import WorkOrderKind, WorkOrderStatus


class Installer(Versioned, Base):
    """A field crew member; need not sign in to the program."""

    __tablename__ = "installer"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    full_name: Mapped[str] = mapped_column(String(200))
    phone: Mapped[str] = mapped_column(String(20), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class InstallerDistrict(Base):
    __tablename__ = "installer_district"

    installer_id: Mapped[int] = mapped_column(
        ForeignKey("installer.id", ondelete="CASCADE"), primary_key=True
    )
    district_id: Mapped[int] = mapped_column(ForeignKey("district.id"), primary_key=True)


OPEN_ORDER_STATUSES = ("new", "assigned")


class WorkOrder(Versioned, Base):
    __tablename__ = "work_order"
    __table_args__ = (
        # One open order of a kind per service: the debt policy creates a disconnect order once.
        Index(
            "uq_work_order_open_per_service",
            "service_id",
            "kind",
            unique=True,
            sqlite_where=text("status IN ('new', 'assigned') AND service_id IS NOT NULL"),
            postgresql_where=text("status IN ('new', 'assigned') AND service_id IS NOT NULL"),
        ),
        Index("ix_work_order_status_due", "status", "due_on"),
        Index("ix_work_order_installer_day", "installer_id", "planned_on"),
        Index("ix_work_order_contract", "contract_id"),
        Index("ix_work_order_building", "building_id"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    kind: Mapped[WorkOrderKind] = mapped_column(str_enum(WorkOrderKind, "work_order_kind"))
    status: Mapped[WorkOrderStatus] = mapped_column(
        str_enum(WorkOrderStatus, "work_order_status"), default=WorkOrderStatus.NEW
    )
    contract_id: Mapped[int | None] = mapped_column(ForeignKey("contract.id"))
    service_id: Mapped[int | None] = mapped_column(ForeignKey("service.id"))
    building_id: Mapped[int | None] = mapped_column(ForeignKey("building.id"))
    premises_id: Mapped[int | None] = mapped_column(ForeignKey("premises.id"))
    installer_id: Mapped[int | None] = mapped_column(ForeignKey("installer.id"))
    due_on: Mapped[dt.date] = mapped_column(Date)
    planned_on: Mapped[dt.date | None] = mapped_column(Date)  # the installer's day (route sheet)
    note: Mapped[str] = mapped_column(Text, default="")
    outcome_note: Mapped[str] = mapped_column(Text, default="")
    cancel_reason: Mapped[str] = mapped_column(String(50), default="")  # "paid", "manual", ...
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))  # NULL = system
    assigned_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    assigned_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    printed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)  # on a route sheet
    closed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    closed_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
