"""Cancelling a wrong payment: a reversing entry (never an UPDATE or DELETE), by the cashier within the
shift that took it or by an administrator."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from app.db import Database
from app.errors import QT_TRANSLATE_NOOP, NotFound, PermissionDenied, ValidationError
from app.models import Contract, LedgerEntry, LedgerKind, Payment, PaymentCancellation
from app.money import format_money
from app.services.cashdesk.payments import MAX_COMMENT, _add_to_balance
from app.services.cashdesk.shifts import open_shift_of
from app.services.kernel.history import EventKind, record_event
from app.services.kernel.permissions import Actor, Permission, require
from app.services.kernel.settings import business_today, read_settings
from app.services.kernel.text import tidy


@dataclass(frozen=True)
class CancelledPayment:
    payment_id: int
    reversal_entry_id: int
    balance_after: int


def cancel_payment(db: Database, actor: Actor, payment_id: int, reason: str) -> CancelledPayment:
    """Cancel a wrong payment by a reversing entry: a cashier within the shift that took it, an
    administrator at any time. Both entries stay in the ledger and the shift report."""
    require(actor, Permission.TAKE_PAYMENTS)
    reason = tidy(reason)
    if len(reason) < 3:
        raise ValidationError(
            QT_TRANSLATE_NOOP("Errors", "Write why the payment is cancelled."), field="reason"
        )
    with db.transaction() as session:
        payment = session.get(Payment, payment_id)
        if payment is None:
            raise NotFound()
        shift = open_shift_of(session, actor)
        if not actor.may(Permission.CANCEL_ANY_PAYMENT) and (shift is None or payment.shift_id != shift.id):
            raise PermissionDenied(permission=Permission.CANCEL_ANY_PAYMENT.value)
        if session.scalar(select(PaymentCancellation.id).where(PaymentCancellation.payment_id == payment_id)):
            raise ValidationError(
                QT_TRANSLATE_NOOP("Errors", "This payment is already cancelled."), field="reason"
            )
        reversal = LedgerEntry(
            contract_id=payment.contract_id,
            kind=LedgerKind.REVERSAL,
            amount=-payment.amount,
            business_date=business_today(read_settings(session)),
            reverses_id=payment.ledger_entry_id,
            staff_id=actor.staff_id,
            comment=reason[:MAX_COMMENT],
        )
        session.add(reversal)
        session.flush()
        session.add(
            PaymentCancellation(
                payment_id=payment.id,
                reversal_entry_id=reversal.id,
                shift_id=shift.id if shift else None,
                staff_id=actor.staff_id,
                reason=reason[:MAX_COMMENT],
                amount=payment.amount,
            )
        )
        balance = _add_to_balance(session, payment.contract_id, -payment.amount)
        record_event(
            session,
            actor=actor,
            kind=EventKind.PAYMENT_CANCELLED,
            subscriber_id=session.scalar(
                select(Contract.subscriber_id).where(Contract.id == payment.contract_id)
            ),
            contract_id=payment.contract_id,
            amount=format_money(payment.amount),
            kopecks=payment.amount,
            receipt=payment.receipt_number,
            reason=reason,
        )
        session.flush()
        return CancelledPayment(payment.id, reversal.id, balance)
