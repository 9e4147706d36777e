"""Cancelling a wrong payment: a reversing entry (never an UPDATE or DELETE), by the cashier within the
shift that took it or by an administrator."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.db import Database
from app.errors import QT_TRANSLATE_NOOP, NotFound, PermissionDenied, ValidationError
from app.models import Contract, LedgerEntry, LedgerKind, Payment, PaymentCancellation, PaymentMethod
from app.money import format_money
from app.services.billing.payment_effects import Undone, undo_payment_effects
from app.services.billing.prepaid import cancel_prepaid_period
from app.services.cashdesk.fiscal import queue_return
from app.services.cashdesk.payments import MAX_COMMENT
from app.services.cashdesk.shifts import expected_cash, lock_open_shift, open_shift_of
from app.services.kernel.history import EventKind, record_event
from app.services.kernel.permissions import Actor, Permission, require
from app.services.kernel.settings import business_today, read_settings
from app.services.kernel.text import tidy


class AlreadyCancelled(ValidationError):
    message = QT_TRANSLATE_NOOP("Errors", "This payment is already cancelled.")

    def __init__(self) -> None:
        super().__init__(self.message, field="reason")


@dataclass(frozen=True)
class CancelledPayment:
    payment_id: int
    reversal_entry_id: int
    balance_after: int
    undone: Undone


def cancel_payment(db: Database, actor: Actor, payment_id: int, reason: str) -> CancelledPayment:
    """Cancel a wrong payment by a reversing entry: a cashier within the shift that took it, an
    administrator at any time. Both entries stay in the ledger and the shift report.

    A cash refund comes out of a drawer: it needs the canceller's open shift and shows in its report.
    What the payment made the debt policy do is undone in the same transaction (payment_effects)."""
    require(actor, Permission.TAKE_PAYMENTS)
    reason = tidy(reason)
    if len(reason) < 3:
        raise ValidationError(
            QT_TRANSLATE_NOOP("Errors", "Write why the payment is cancelled."), field="reason"
        )
    try:
        return _cancel(db, actor, payment_id, reason)
    except IntegrityError as exc:
        # Two cancellations of one payment at the same moment: the unique cancellation refused the
        # loser (the contract lock below makes this rare; this keeps the message right regardless).
        raise AlreadyCancelled() from exc


def _cancel(db: Database, actor: Actor, payment_id: int, reason: str) -> CancelledPayment:
    with db.transaction(actor) as session:
        payment = session.get(Payment, payment_id)
        if payment is None:
            raise NotFound()
        # The contract's row first, as payments, the run's policy and the dispatcher take it: two
        # cancellations of one payment take turns, and the second sees the first.
        session.execute(select(Contract.id).where(Contract.id == payment.contract_id).with_for_update())
        if session.scalar(select(PaymentCancellation.id).where(PaymentCancellation.payment_id == payment_id)):
            raise AlreadyCancelled()
        shift = open_shift_of(session, actor)
        if not actor.may(Permission.CANCEL_ANY_PAYMENT) and (shift is None or payment.shift_id != shift.id):
            raise PermissionDenied(permission=Permission.CANCEL_ANY_PAYMENT.value)
        if shift is not None:
            shift = lock_open_shift(session, shift)
        if shift is None and payment.method == PaymentMethod.CASH:
            raise ValidationError(
                QT_TRANSLATE_NOOP(
                    "Errors",
                    "A cash payment is refunded out of a drawer: open a shift at your cash desk first, "
                    "so that the refund shows in its report.",
                ),
                field="shift",
            )
        if shift is not None and payment.method == PaymentMethod.CASH:
            in_drawer = expected_cash(session, shift)
            if in_drawer < payment.amount:
                raise ValidationError(
                    QT_TRANSLATE_NOOP(
                        "Errors",
                        "By the books your drawer holds {cash}: not enough to refund {amount} in cash.",
                    ),
                    field="shift",
                    cash=format_money(in_drawer),
                    amount=format_money(payment.amount),
                )
        today = business_today(read_settings(session))
        reversal = LedgerEntry(
            contract_id=payment.contract_id,
            kind=LedgerKind.REVERSAL,
            amount=-payment.amount,
            business_date=today,
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
        session.flush()  # the reversal moves the balance (the ledger's trigger)
        cancel_prepaid_period(session, payment.id, today)  # the months it paid ahead, if any
        queue_return(session, actor, payment)  # the register's return receipt, if its sale may be there
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
        undone = undo_payment_effects(
            session, payment.id, payment.contract_id, today, actor=actor, settings=read_settings(session)
        )
        session.flush()
        balance = int(session.scalar(select(Contract.balance).where(Contract.id == payment.contract_id)) or 0)
        return CancelledPayment(payment.id, reversal.id, balance, undone)
