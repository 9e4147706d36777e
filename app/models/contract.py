"""Contracts (they hold the money) and the tariffed services on them."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, Boolean, CheckConstraint, Date, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, UTCDateTime, Versioned, str_enum, utcnow
from app.models.enums import ContractStatus, ServiceKind, ServiceState
from app.models.places import Premises
from app.models.subscriber import Subscriber
from app.models.tariffs import Tariff


class Contract(Versioned, Base):
    __tablename__ = "contract"
    __table_args__ = (
        CheckConstraint("credit_limit >= 0", name="credit_limit_not_negative"),
        Index("ix_contract_subscriber", "subscriber_id"),
        Index("ix_contract_premises", "premises_id"),
        Index("ix_contract_debt_since", "debt_since"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    number: Mapped[str] = mapped_column(String(32), unique=True)
    subscriber_id: Mapped[int] = mapped_column(ForeignKey("subscriber.id"))
    premises_id: Mapped[int | None] = mapped_column(ForeignKey("premises.id"))
    signed_on: Mapped[dt.date] = mapped_column(Date)
    status: Mapped[ContractStatus] = mapped_column(
        str_enum(ContractStatus, "contract_status"), default=ContractStatus.ACTIVE
    )
    terminated_on: Mapped[dt.date | None] = mapped_column(Date)
    credit_limit: Mapped[int] = mapped_column(BigInteger, default=0)  # kopecks the balance may go below 0
    # Sum of the contract's ledger entries, kept in the same transaction as every entry (invariant tested).
    balance: Mapped[int] = mapped_column(BigInteger, default=0)
    debt_since: Mapped[dt.date | None] = mapped_column(Date)  # business date the debt started
    # Institutions: never block or disconnect (until a date, or for good when the date is NULL).
    never_block: Mapped[bool] = mapped_column(Boolean, default=False)
    never_block_until: Mapped[dt.date | None] = mapped_column(Date)
    never_block_reason: Mapped[str] = mapped_column(String(500), default="", server_default="")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    subscriber: Mapped[Subscriber] = relationship()
    premises: Mapped[Premises | None] = relationship()
    services: Mapped[list[Service]] = relationship(back_populates="contract", order_by="Service.id")


class Residence(Base):
    """Where a contract's subscriber lives, under their search name: the search's «иванов ленина» reads
    a street's buildings and a name's start off one index (building, name "C"-ordered, migration 0024)
    instead of intersecting the street's apartments with the name's bearers. Kept by the databases'
    triggers on every write of contracts, premises and names; the program never writes it."""

    __tablename__ = "residence"

    contract_id: Mapped[int] = mapped_column(ForeignKey("contract.id", ondelete="CASCADE"), primary_key=True)
    building_id: Mapped[int] = mapped_column(ForeignKey("building.id", ondelete="CASCADE"))
    search_name: Mapped[str] = mapped_column(String(300))


class Service(Versioned, Base):
    """One tariffed service on a contract (an "account" in LANBilling's words)."""

    __tablename__ = "service"
    __table_args__ = (
        Index("ix_service_contract", "contract_id"),
        Index("ix_service_state", "state"),
        Index("ix_service_identifier", "identifier"),  # an Internet login is checked free at signing
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    contract_id: Mapped[int] = mapped_column(ForeignKey("contract.id"))
    kind: Mapped[ServiceKind] = mapped_column(str_enum(ServiceKind, "service_kind"))
    tariff_id: Mapped[int] = mapped_column(ForeignKey("tariff.id"))
    identifier: Mapped[str] = mapped_column(String(100), default="")  # login, MAC, smart-card number
    # The Internet login's password (RADIUS Cleartext-Password: CHAP needs it in clear).
    password: Mapped[str] = mapped_column(String(64), default="", server_default="")
    # IPTV: this contract's own limit of devices, beating the tariff's (None = the tariff's).
    device_limit: Mapped[int | None] = mapped_column(Integer)
    state: Mapped[ServiceState] = mapped_column(
        str_enum(ServiceState, "service_state"), default=ServiceState.PENDING
    )
    state_since: Mapped[dt.date | None] = mapped_column(Date)
    started_on: Mapped[dt.date] = mapped_column(Date)
    ended_on: Mapped[dt.date | None] = mapped_column(Date)
    suspended_until: Mapped[dt.date | None] = mapped_column(Date)
    # A scheduled tariff change: the billing run applies it on `scheduled_on`.
    scheduled_tariff_id: Mapped[int | None] = mapped_column(ForeignKey("tariff.id"))
    scheduled_on: Mapped[dt.date | None] = mapped_column(Date)

    contract: Mapped[Contract] = relationship(back_populates="services")
    tariff: Mapped[Tariff] = relationship(foreign_keys=[tariff_id])


class Discount(Base):
    """A discount on one service, or on every service of a contract (`service_id` NULL): a percent off
    the monthly fee, or a fixed sum off it, from one day until another (NULL: until ended). The billing
    run applies it (app/services/billing/discounts.py); one discount at a time applies to a service."""

    __tablename__ = "discount"
    __table_args__ = (
        CheckConstraint("(percent IS NULL) <> (amount IS NULL)", name="percent_or_amount"),
        CheckConstraint("percent IS NULL OR (percent > 0 AND percent <= 100)", name="percent_range"),
        CheckConstraint("amount IS NULL OR amount > 0", name="amount_positive"),
        Index("ix_discount_contract", "contract_id"),
        Index("ix_discount_service", "service_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    contract_id: Mapped[int] = mapped_column(ForeignKey("contract.id"))
    service_id: Mapped[int | None] = mapped_column(ForeignKey("service.id"))
    percent: Mapped[int | None] = mapped_column(Integer)
    amount: Mapped[int | None] = mapped_column(BigInteger)  # kopecks off the monthly fee
    valid_from: Mapped[dt.date] = mapped_column(Date)
    valid_until: Mapped[dt.date | None] = mapped_column(Date)  # the last day it applies
    reason: Mapped[str] = mapped_column(String(200))
    granted_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
