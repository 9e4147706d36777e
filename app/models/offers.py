"""Offers: promotions an administrator defines and the contracts they are given to, the months a
payment prepaid, and the fixed monthly prices both give a service (app/services/billing/promotions.py,
app/services/billing/prepaid.py, docs/promotions.md)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, CheckConstraint, Date, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, UTCDateTime, utcnow


class Promotion(Base):
    """An offer: the first `months` months at `price` a month («first_months»), `months` months paid
    ahead for `paid_tenths` tenths of a month's fees («prepay»: 3 months for the price of 2.5 is 3 and
    25), or a `bonus` credit («bonus»). `service_kind` narrows a first-months price to one kind of
    service; `offered_until` is the last day it may be given; retired: no longer given."""

    __tablename__ = "promotion"
    __table_args__ = (
        UniqueConstraint("name"),
        CheckConstraint(
            "(kind = 'first_months' AND COALESCE(months, 0) > 0 AND COALESCE(price, -1) >= 0"
            " AND paid_tenths IS NULL AND bonus IS NULL)"
            " OR (kind = 'prepay' AND COALESCE(months, 0) > 0 AND COALESCE(paid_tenths, 0) > 0"
            " AND paid_tenths <= months * 10 AND price IS NULL AND bonus IS NULL)"
            " OR (kind = 'bonus' AND COALESCE(bonus, 0) > 0 AND months IS NULL AND price IS NULL"
            " AND paid_tenths IS NULL)",
            name="terms",
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(20))
    months: Mapped[int | None] = mapped_column(Integer)
    price: Mapped[int | None] = mapped_column(BigInteger)  # kopecks a month (first_months)
    paid_tenths: Mapped[int | None] = mapped_column(Integer)  # months paid, in tenths (prepay)
    bonus: Mapped[int | None] = mapped_column(BigInteger)  # kopecks credited (bonus)
    service_kind: Mapped[str | None] = mapped_column(String(20))
    offered_until: Mapped[dt.date | None] = mapped_column(Date)
    retired_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class PromotionAttachment(Base):
    """A promotion given to a contract on `attached_on`, in force until `ends_on` (a first-months price's
    last day; a prepayment offer's: its period's, once paid; NULL: not used yet). A bonus keeps the
    ledger entry that credited it. `ended_at`: ended by hand before its time."""

    __tablename__ = "promotion_attachment"
    __table_args__ = (
        UniqueConstraint("contract_id", "promotion_id"),  # a promotion is given to a contract once
        UniqueConstraint("ledger_entry_id"),
        Index("ix_promotion_attachment_contract", "contract_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    contract_id: Mapped[int] = mapped_column(ForeignKey("contract.id"))
    promotion_id: Mapped[int] = mapped_column(ForeignKey("promotion.id"))
    attached_on: Mapped[dt.date] = mapped_column(Date)
    ends_on: Mapped[dt.date | None] = mapped_column(Date)
    ledger_entry_id: Mapped[int | None] = mapped_column(ForeignKey("ledger_entry.id"))
    attached_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    ended_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)


class PrepaidPeriod(Base):
    """Whole calendar months `first_day` … `last_day` one payment paid ahead (`amount` of it), at the
    fixed prices kept in `fixed_price`; cancelled with its payment."""

    __tablename__ = "prepaid_period"
    __table_args__ = (
        UniqueConstraint("payment_id"),
        CheckConstraint("months > 0 AND amount > 0 AND last_day >= first_day", name="span"),
        Index("ix_prepaid_period_contract", "contract_id", "last_day"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    contract_id: Mapped[int] = mapped_column(ForeignKey("contract.id"))
    payment_id: Mapped[int] = mapped_column(ForeignKey("payment.id"))
    attachment_id: Mapped[int | None] = mapped_column(ForeignKey("promotion_attachment.id"))
    first_day: Mapped[dt.date] = mapped_column(Date)
    last_day: Mapped[dt.date] = mapped_column(Date)
    months: Mapped[int] = mapped_column(Integer)
    amount: Mapped[int] = mapped_column(BigInteger)  # kopecks: months × the fixed prices
    full_amount: Mapped[int] = mapped_column(BigInteger)  # the same months at the fees of the day
    cancelled_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)


class FixedPrice(Base):
    """A service's monthly fee held from `first_day` to `last_day` while it stays on `tariff_id`: the run
    charges it whenever the tariff's fee (less any discount) would be more. From a prepaid period or a
    promotion's attachment."""

    __tablename__ = "fixed_price"
    __table_args__ = (
        CheckConstraint("monthly_fee >= 0", name="fee_not_negative"),
        CheckConstraint("(prepaid_period_id IS NULL) <> (attachment_id IS NULL)", name="one_source"),
        Index("ix_fixed_price_service", "service_id", "last_day"),
        Index("ix_fixed_price_last_day", "last_day"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    contract_id: Mapped[int] = mapped_column(ForeignKey("contract.id"))
    service_id: Mapped[int] = mapped_column(ForeignKey("service.id"))
    tariff_id: Mapped[int] = mapped_column(ForeignKey("tariff.id"))  # held on this tariff only
    monthly_fee: Mapped[int] = mapped_column(BigInteger)
    full_fee: Mapped[int] = mapped_column(BigInteger)  # the fee (less a discount) it stood in for, when set
    first_day: Mapped[dt.date] = mapped_column(Date)
    last_day: Mapped[dt.date] = mapped_column(Date)
    prepaid_period_id: Mapped[int | None] = mapped_column(ForeignKey("prepaid_period.id"))
    attachment_id: Mapped[int | None] = mapped_column(ForeignKey("promotion_attachment.id"))
