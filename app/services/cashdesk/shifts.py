"""Cashiers' shifts: open with the opening cash, take payments, close against the counted cash.

Expected cash = opening cash + cash payments taken in the shift − cash payments cancelled in it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.db import Database
from app.errors import QT_TRANSLATE_NOOP, ConcurrentEdit, NotFound, PermissionDenied, ValidationError
from app.models import (
    CashDesk,
    Contract,
    Payment,
    PaymentCancellation,
    PaymentMethod,
    ReceiptCounter,
    Shift,
    Staff,
    Subscriber,
    utcnow,
)
from app.services.kernel.documents import (
    CompanyDetails,
    ShiftCancellationLine,
    ShiftPaymentLine,
    ShiftReportData,
)
from app.services.kernel.history import EventKind, record_event
from app.services.kernel.permissions import Actor, Permission, require
from app.services.kernel.settings import Key, read_settings

MAX_CASH = 10_000_000_00  # ten million rubles in a drawer is a typo


@dataclass(frozen=True)
class ShiftRow:
    id: int
    cash_desk_id: int
    desk_name: str
    cashier_id: int
    opened_at: dt.datetime
    opening_cash: int
    closed_at: dt.datetime | None
    expected_cash: int | None
    counted_cash: int | None
    version: int


def _row(shift: Shift, desk_name: str) -> ShiftRow:
    return ShiftRow(
        shift.id,
        shift.cash_desk_id,
        desk_name,
        shift.cashier_id,
        shift.opened_at,
        shift.opening_cash,
        shift.closed_at,
        shift.expected_cash,
        shift.counted_cash,
        shift.version,
    )


def _check_cash(amount: int, field: str) -> None:
    if amount < 0:
        raise ValidationError(QT_TRANSLATE_NOOP("Errors", "The amount cannot be negative."), field=field)
    if amount > MAX_CASH:
        raise ValidationError(
            QT_TRANSLATE_NOOP("Errors", "The amount is too large: check the figure."), field=field
        )


def open_shift_of(session: Session, actor: Actor) -> Shift | None:
    return session.scalar(select(Shift).where(Shift.cashier_id == actor.staff_id, Shift.closed_at.is_(None)))


def lock_desk(session: Session, cash_desk_id: int) -> None:
    """Take the desk's receipt counter row: the lock every payment of the desk takes (PostgreSQL; on
    SQLite writers are serialised anyway). Closing a shift and a refund out of it take it too, so a
    payment either commits before the close (and is in its Z report) or sees the shift closed."""
    session.execute(
        select(ReceiptCounter.cash_desk_id)
        .where(ReceiptCounter.cash_desk_id == cash_desk_id)
        .with_for_update()
    )


def lock_open_shift(session: Session, shift: Shift) -> Shift | None:
    """`shift` under its desk's lock, re-read: None if it was closed meanwhile."""
    lock_desk(session, shift.cash_desk_id)
    session.refresh(shift)
    return shift if shift.closed_at is None else None


def current_shift(db: Database, actor: Actor) -> ShiftRow | None:
    """The actor's open shift, if any."""
    require(actor, Permission.TAKE_PAYMENTS)
    with db.transaction(actor) as session:
        shift = open_shift_of(session, actor)
        if shift is None:
            return None
        desk = session.get(CashDesk, shift.cash_desk_id)
        return _row(shift, desk.name if desk else "")


def open_shift(db: Database, actor: Actor, cash_desk_id: int, opening_cash: int) -> ShiftRow:
    require(actor, Permission.TAKE_PAYMENTS)
    _check_cash(opening_cash, "opening_cash")
    try:
        with db.transaction(actor) as session:
            if open_shift_of(session, actor) is not None:
                raise ValidationError(
                    QT_TRANSLATE_NOOP(
                        "Errors", "You already have an open shift: close it before opening another."
                    ),
                    field="cash_desk",
                )
            desk = session.get(CashDesk, cash_desk_id)
            if desk is None or not desk.active:
                raise ValidationError(
                    QT_TRANSLATE_NOOP("Errors", "Choose an active cash desk."), field="cash_desk"
                )
            busy = session.scalar(
                select(Staff.full_name)
                .join(Shift, Shift.cashier_id == Staff.id)
                .where(Shift.cash_desk_id == cash_desk_id, Shift.closed_at.is_(None))
            )
            if busy is not None:
                raise ValidationError(
                    QT_TRANSLATE_NOOP(
                        "Errors", "{name} has an open shift on this desk. Choose another desk."
                    ),
                    field="cash_desk",
                    name=busy,
                )
            shift = Shift(cash_desk_id=cash_desk_id, cashier_id=actor.staff_id, opening_cash=opening_cash)
            session.add(shift)
            session.flush()
            record_event(session, actor=actor, kind=EventKind.SHIFT_OPENED, desk=desk.name, shift=shift.id)
            return _row(shift, desk.name)
    except IntegrityError as exc:  # another cashier opened this desk at the same moment
        raise ValidationError(
            QT_TRANSLATE_NOOP("Errors", "Someone has just opened a shift on this desk. Choose another desk."),
            field="cash_desk",
        ) from exc


def expected_cash(session: Session, shift: Shift) -> int:
    """Opening cash + cash payments of the shift − cash refunds paid out of it."""
    taken = session.scalar(
        select(func.coalesce(func.sum(Payment.amount), 0)).where(
            Payment.shift_id == shift.id, Payment.method == PaymentMethod.CASH
        )
    )
    returned = session.scalar(
        select(func.coalesce(func.sum(PaymentCancellation.amount), 0))
        .join(Payment, Payment.id == PaymentCancellation.payment_id)
        .where(PaymentCancellation.shift_id == shift.id, Payment.method == PaymentMethod.CASH)
    )
    return shift.opening_cash + int(taken or 0) - int(returned or 0)


def close_shift(
    db: Database, actor: Actor, shift_id: int, counted_cash: int, *, version: int
) -> ShiftReportData:
    """Close the shift: store expected and counted cash; returns the Z report."""
    require(actor, Permission.TAKE_PAYMENTS)
    _check_cash(counted_cash, "counted_cash")
    with db.transaction(actor) as session:
        shift = session.get(Shift, shift_id)
        if shift is None:
            raise NotFound()
        if shift.cashier_id != actor.staff_id and not actor.may(Permission.CANCEL_ANY_PAYMENT):
            raise PermissionDenied(permission=Permission.CANCEL_ANY_PAYMENT.value)
        if shift.version != version or shift.closed_at is not None:
            raise ConcurrentEdit()
        # No payment or refund of this shift can commit after this point (they take the same lock
        # and then see the shift closed); those committed before are all visible to what follows.
        lock_desk(session, shift.cash_desk_id)
        session.refresh(shift)
        if shift.version != version or shift.closed_at is not None:
            raise ConcurrentEdit()
        shift.expected_cash = expected_cash(session, shift)
        shift.counted_cash = counted_cash
        shift.closed_at = utcnow()
        session.flush()
        report = _report(session, shift)
        shift.z_report = report_to_json(report)
        record_event(
            session,
            actor=actor,
            kind=EventKind.SHIFT_CLOSED,
            shift=shift.id,
            expected=shift.expected_cash,
            counted=counted_cash,
        )
        return report


def shift_report(db: Database, actor: Actor, shift_id: int) -> ShiftReportData:
    """The X report of an open shift (or the Z report again for a closed one)."""
    require(actor, Permission.TAKE_PAYMENTS)
    with db.transaction(actor) as session:
        shift = session.get(Shift, shift_id)
        if shift is None:
            raise NotFound()
        if shift.cashier_id != actor.staff_id and not actor.may(Permission.CANCEL_ANY_PAYMENT):
            raise PermissionDenied(permission=Permission.CANCEL_ANY_PAYMENT.value)
        if shift.z_report is not None:
            return report_from_json(shift.z_report)  # a Z report is a fixed document
        return _report(session, shift)


def _report(session: Session, shift: Shift) -> ShiftReportData:
    settings = read_settings(session)
    desk = session.get(CashDesk, shift.cash_desk_id)
    cashier = session.get(Staff, shift.cashier_id)
    cancelled_ids = select(PaymentCancellation.payment_id)
    payments = [
        ShiftPaymentLine(
            p.receipt_number, p.posted_at, number, name, PaymentMethod(p.method), p.amount, cancelled, p.id
        )
        for p, number, name, cancelled in session.execute(
            select(Payment, Contract.number, Subscriber.full_name, Payment.id.in_(cancelled_ids))
            .join(Contract, Contract.id == Payment.contract_id)
            .join(Subscriber, Subscriber.id == Contract.subscriber_id)
            .where(Payment.shift_id == shift.id)
            .order_by(Payment.receipt_number, Payment.id)
        )
    ]
    cancellations = [
        ShiftCancellationLine(
            p.receipt_number, c.cancelled_at, number, PaymentMethod(p.method), c.amount, c.reason, who
        )
        for c, p, number, who in session.execute(
            select(PaymentCancellation, Payment, Contract.number, Staff.full_name)
            .join(Payment, Payment.id == PaymentCancellation.payment_id)
            .join(Contract, Contract.id == Payment.contract_id)
            .join(Staff, Staff.id == PaymentCancellation.staff_id)
            .where(PaymentCancellation.shift_id == shift.id)
            .order_by(PaymentCancellation.id)
        )
    ]
    totals: dict[PaymentMethod, int] = {}
    for line in payments:
        totals[line.method] = totals.get(line.method, 0) + line.amount
    for c in cancellations:
        totals[c.method] = totals.get(c.method, 0) - c.amount
    return ShiftReportData(
        kind="Z" if shift.closed_at else "X",
        company=CompanyDetails.from_settings(settings),
        timezone=settings[Key.TIMEZONE],
        desk_name=desk.name if desk else "",
        shift_id=shift.id,
        cashier_name=cashier.full_name if cashier else "",
        opened_at=shift.opened_at,
        closed_at=shift.closed_at,
        opening_cash=shift.opening_cash,
        payments=payments,
        cancellations=cancellations,
        totals_by_method=totals,
        expected_cash=shift.expected_cash
        if shift.expected_cash is not None
        else expected_cash(session, shift),
        counted_cash=shift.counted_cash,
    )


def report_to_json(report: ShiftReportData) -> dict[str, Any]:
    """The Z report as stored at closing (amounts in kopecks, moments in ISO 8601 UTC)."""

    def moment(value: dt.datetime | None) -> str | None:
        return value.isoformat() if value is not None else None

    return {
        "kind": report.kind,
        "company": asdict(report.company),
        "timezone": report.timezone,
        "desk_name": report.desk_name,
        "shift_id": report.shift_id,
        "cashier_name": report.cashier_name,
        "opened_at": moment(report.opened_at),
        "closed_at": moment(report.closed_at),
        "opening_cash": report.opening_cash,
        "payments": [
            {**asdict(line), "posted_at": moment(line.posted_at), "method": line.method.value}
            for line in report.payments
        ],
        "cancellations": [
            {**asdict(line), "cancelled_at": moment(line.cancelled_at), "method": line.method.value}
            for line in report.cancellations
        ],
        "totals_by_method": {method.value: amount for method, amount in report.totals_by_method.items()},
        "expected_cash": report.expected_cash,
        "counted_cash": report.counted_cash,
    }


def report_from_json(doc: dict[str, Any]) -> ShiftReportData:
    def moment(value: str | None) -> dt.datetime | None:
        return dt.datetime.fromisoformat(value) if value is not None else None

    opened_at = moment(doc["opened_at"])
    assert opened_at is not None
    return ShiftReportData(
        kind=doc["kind"],
        company=CompanyDetails(**doc["company"]),
        timezone=doc["timezone"],
        desk_name=doc["desk_name"],
        shift_id=doc["shift_id"],
        cashier_name=doc["cashier_name"],
        opened_at=opened_at,
        closed_at=moment(doc["closed_at"]),
        opening_cash=doc["opening_cash"],
        payments=[
            ShiftPaymentLine(
                **{**line, "posted_at": moment(line["posted_at"]), "method": PaymentMethod(line["method"])}
            )
            for line in doc["payments"]
        ],
        cancellations=[
            ShiftCancellationLine(
                **{
                    **line,
                    "cancelled_at": moment(line["cancelled_at"]),
                    "method": PaymentMethod(line["method"]),
                }
            )
            for line in doc["cancellations"]
        ],
        totals_by_method={PaymentMethod(m): amount for m, amount in doc["totals_by_method"].items()},
        expected_cash=doc["expected_cash"],
        counted_cash=doc["counted_cash"],
    )
