"""Where subscribers live: districts, buildings (with their tap or node) and premises (apartments)."""

from __future__ import annotations

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, Versioned


class District(Versioned, Base):
    __tablename__ = "district"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Building(Versioned, Base):
    __tablename__ = "building"
    __table_args__ = (
        UniqueConstraint("city", "street", "house", "block"),
        Index("ix_building_district", "district_id"),
        Index("ix_building_house_key", "house_key"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    city: Mapped[str] = mapped_column(String(100))
    street: Mapped[str] = mapped_column(String(150))
    house: Mapped[str] = mapped_column(String(20))
    block: Mapped[str] = mapped_column(String(20), default="")  # корпус/строение; "" when none
    district_id: Mapped[int | None] = mapped_column(ForeignKey("district.id"))
    tap_label: Mapped[str] = mapped_column(String(100), default="")  # tap / node / seal label
    # Lower-cased, ё→е, for search; maintained by the domain layer on every write.
    search_text: Mapped[str] = mapped_column(String(400), default="")
    # The house and корпус as the search compares them («12а», «2к1», «2/1»); maintained by the domain
    # layer on every write (app/services/kernel/addresses.py house_key).
    house_key: Mapped[str] = mapped_column(String(40), default="")

    district: Mapped[District | None] = relationship()


class Premises(Base):
    __tablename__ = "premises"
    __table_args__ = (UniqueConstraint("building_id", "apartment"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    building_id: Mapped[int] = mapped_column(ForeignKey("building.id"))
    apartment: Mapped[str] = mapped_column(String(20), default="")  # "" for a private house

    building: Mapped[Building] = relationship()
