"""Tariffs and their dated prices: the price valid on any date is known, past charges never change."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, CheckConstraint, Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, Versioned, str_enum
from app.models.enums import ChargingMode, ServiceKind


class Tariff(Versioned, Base):
    __tablename__ = "tariff"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(150), unique=True)
    kind: Mapped[ServiceKind] = mapped_column(str_enum(ServiceKind, "tariff_kind"))
    charging_mode: Mapped[ChargingMode] = mapped_column(
        str_enum(ChargingMode, "charging_mode"), default=ChargingMode.DAILY
    )
    speed_kbps: Mapped[int | None] = mapped_column(Integer)  # Internet, download
    upload_kbps: Mapped[int | None] = mapped_column(Integer)  # Internet; None = as the download
    # IPTV: the TV platform's packet ids this tariff subscribes to, comma-separated.
    tv_packets: Mapped[str] = mapped_column(String(200), default="", server_default="")
    device_limit: Mapped[int | None] = mapped_column(Integer)  # IPTV
    valid_from: Mapped[dt.date] = mapped_column(Date)
    # A tariff in use is retired, never deleted; retired tariffs cannot be chosen for new services.
    retired_on: Mapped[dt.date | None] = mapped_column(Date)

    prices: Mapped[list[TariffPrice]] = relationship(
        back_populates="tariff", order_by="TariffPrice.effective_from", cascade="all, delete-orphan"
    )


class TariffPrice(Base):
    """The monthly fee from `effective_from` on, until the next price of the same tariff."""

    __tablename__ = "tariff_price"
    __table_args__ = (
        UniqueConstraint("tariff_id", "effective_from"),
        CheckConstraint("monthly_fee >= 0", name="fee_not_negative"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    tariff_id: Mapped[int] = mapped_column(ForeignKey("tariff.id"))
    effective_from: Mapped[dt.date] = mapped_column(Date)
    monthly_fee: Mapped[int] = mapped_column(BigInteger)  # kopecks

    tariff: Mapped[Tariff] = relationship(back_populates="prices")
