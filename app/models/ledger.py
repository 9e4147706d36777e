"""The money: immutable ledger entries, payments with their idempotency key, and cancellations."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
    Uuid,
)
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, BigId, UTCDateTime, str_enum, utcnow
from app.models.enums import LedgerKind, PaymentMethod


class LedgerEntry(Base):
    """One money movement on a contract, in kopecks: + pays in, - charges. Never updated or deleted
    (database triggers refuse it); a mistake is undone by a reversal entry."""

    __tablename__ = "ledger_entry"
    __table_args__ = (
        # A periodic charge for one service and one period exists at most once, so a billing run can
        # be repeated or resumed safely. Other entries leave charge_period NULL (NULLs never collide).
        UniqueConstraint("service_id", "charge_period"),
        CheckConstraint(
            "(kind = 'charge') = (charge_period IS NOT NULL AND service_id IS NOT NULL)",
            name="charge_has_period",
        ),
        CheckConstraint("amount <> 0", name="amount_not_zero"),
        Index("ix_ledger_entry_contract_id", "contract_id", "id"),
        Index("ix_ledger_entry_business_date", "business_date"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    contract_id: Mapped[int] = mapped_column(ForeignKey("contract.id"))
    kind: Mapped[LedgerKind] = mapped_column(str_enum(LedgerKind, "ledger_kind"))
    amount: Mapped[int] = mapped_column(BigInteger)  # kopecks, signed
    business_date: Mapped[dt.date] = mapped_column(Date)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    service_id: Mapped[int | None] = mapped_column(ForeignKey("service.id"))
    charge_period: Mapped[dt.date | None] = mapped_column(Date)  # the day (daily) or month start (monthly)
    reverses_id: Mapped[int | None] = mapped_column(ForeignKey("ledger_entry.id"), unique=True)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))  # NULL = system
    comment: Mapped[str] = mapped_column(String(500), default="")


class Payment(Base):
    __tablename__ = "payment"
    __table_args__ = (
        # Receipt numbers are unique per desk (and gapless, through ReceiptCounter).
        UniqueConstraint("cash_desk_id", "receipt_number"),
        CheckConstraint("amount > 0", name="amount_positive"),
        Index("ix_payment_contract", "contract_id"),
        Index("ix_payment_posted_at", "posted_at"),
        Index("ix_payment_business_date", "business_date", "id"),  # the journal's periods
        Index("ix_payment_method_day", "method", "business_date", "amount"),  # the journal's totals
        Index("ix_payment_shift", "shift_id"),
        Index("ix_payment_external_ref", "external_ref"),
        # An agent's operation is posted once: a registry imported twice posts nothing the second time.
        Index("ux_payment_agent_operation", "agent_id", "external_ref", unique=True),
        Index("ix_payment_registry_batch", "registry_batch_id"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    # Made by the client when the payment dialog opens: posting it again returns the same payment.
    client_uuid: Mapped[uuid.UUID] = mapped_column(Uuid, unique=True)
    contract_id: Mapped[int] = mapped_column(ForeignKey("contract.id"))
    ledger_entry_id: Mapped[int] = mapped_column(ForeignKey("ledger_entry.id"), unique=True)
    amount: Mapped[int] = mapped_column(BigInteger)  # kopecks
    method: Mapped[PaymentMethod] = mapped_column(str_enum(PaymentMethod, "payment_method"))
    cash_desk_id: Mapped[int | None] = mapped_column(ForeignKey("cash_desk.id"))
    shift_id: Mapped[int | None] = mapped_column(ForeignKey("shift.id"))
    receipt_number: Mapped[int | None] = mapped_column(BigInteger)
    external_ref: Mapped[str] = mapped_column(String(100), default="")  # bank registry / terminal id
    posted_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    business_date: Mapped[dt.date] = mapped_column(Date)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    comment: Mapped[str] = mapped_column(String(500), default="")
    # Payments from a registry file: the agent (NULL at the desk), the file's batch and what the agent
    # kept as its commission (kopecks; the contract is credited with `amount`).
    agent_id: Mapped[int | None] = mapped_column(ForeignKey("payment_agent.id"))
    registry_batch_id: Mapped[int | None] = mapped_column(ForeignKey("registry_batch.id"))
    commission: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")


class PaymentCancellation(Base):
    """A cancelled payment: the reason, who, and the reversal entry that took the money back out."""

    __tablename__ = "payment_cancellation"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    payment_id: Mapped[int] = mapped_column(ForeignKey("payment.id"), unique=True)
    reversal_entry_id: Mapped[int] = mapped_column(ForeignKey("ledger_entry.id"), unique=True)
    shift_id: Mapped[int | None] = mapped_column(ForeignKey("shift.id"), index=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    cancelled_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    reason: Mapped[str] = mapped_column(String(500))
    amount: Mapped[int] = mapped_column(BigInteger)


class PaymentEffect(Base):
    """What the debt policy did because of a payment, in the payment's transaction, so that cancelling
    the payment can undo exactly that: the debt it cleared (with the date the debt had started), the
    services it unblocked, the disconnect orders it cancelled as «paid», the reconnection fee it charged
    and the reconnect order it queued."""

    __tablename__ = "payment_effect"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    payment_id: Mapped[int] = mapped_column(ForeignKey("payment.id"), index=True)
    kind: Mapped[str] = mapped_column(String(30))  # see app.services.billing.payment_effects.EffectKind
    debt_since: Mapped[dt.date | None] = mapped_column(Date)
    service_id: Mapped[int | None] = mapped_column(ForeignKey("service.id"))
    work_order_id: Mapped[int | None] = mapped_column(ForeignKey("work_order.id"))
    ledger_entry_id: Mapped[int | None] = mapped_column(ForeignKey("ledger_entry.id"))
