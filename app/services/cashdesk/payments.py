"""Taking payments: posted exactly once per client UUID, numbered without gaps per cash desk, and
cancelled only by a reversing entry.

One payment is one transaction: the desk's receipt counter, the ledger entry, the payment row, the
contract balance and the history event commit together or not at all."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, replace

from sqlalchemy import func, insert, select, text, update
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from app.db import Database
from app.errors import QT_TRANSLATE_NOOP, ConcurrentEdit, DatabaseBusy, DomainError, NotFound, ValidationError
from app.models import (
    CashDesk,
    Contract,
    LedgerEntry,
    LedgerKind,
    Payment,
    PaymentMethod,
    ReceiptCounter,
    Service,
    ServiceKind,
    ServiceState,
    Shift,
    utcnow,
)
from app.money import MAX_AMOUNT, format_money
from app.services.billing.debt_policy import after_payment
from app.services.billing.payment_effects import record_effects
from app.services.billing.prepaid import PrepayRequest, book_prepaid_period
from app.services.cashdesk.fiscal import clean_receipt_contact, queue_sale
from app.services.cashdesk.shifts import lock_desk
from app.services.kernel.documents import months_words
from app.services.kernel.history import EVENT_TEMPLATES, EventKind, record_event
from app.services.kernel.permissions import Actor, Permission, require
from app.services.kernel.settings import DEFAULTS, Key, business_today, read_settings, timezone_setting
from app.services.kernel.text import tidy

DESK_METHODS = (PaymentMethod.CASH, PaymentMethod.CARD)


MAX_COMMENT = 500


POST_ATTEMPTS = 3


@dataclass(frozen=True)
class PostedPayment:
    payment_id: int
    client_uuid: uuid.UUID
    contract_id: int
    amount: int
    method: PaymentMethod
    receipt_number: int | None
    cash_desk_id: int | None
    balance_after: int
    already_posted: bool  # True when this UUID had been posted before: nothing new was posted


class _AlreadyPosted(Exception):
    def __init__(self, payment_id: int) -> None:
        self.payment_id = payment_id


def _by_uuid(session: Session, client_uuid: uuid.UUID) -> Payment | None:
    return session.scalar(select(Payment).where(Payment.client_uuid == client_uuid))


def balance_after(session: Session, payment: Payment) -> int:
    """The contract balance right after this payment (ledger entries up to and including it)."""
    total = session.scalar(
        select(func.coalesce(func.sum(LedgerEntry.amount), 0)).where(
            LedgerEntry.contract_id == payment.contract_id, LedgerEntry.id <= payment.ledger_entry_id
        )
    )
    return int(total or 0)


def _result(
    session: Session, payment: Payment, *, already: bool, balance: int | None = None
) -> PostedPayment:
    return PostedPayment(
        payment_id=payment.id,
        client_uuid=payment.client_uuid,
        contract_id=payment.contract_id,
        amount=payment.amount,
        method=PaymentMethod(payment.method),
        receipt_number=payment.receipt_number,
        cash_desk_id=payment.cash_desk_id,
        balance_after=balance if balance is not None else balance_after(session, payment),
        already_posted=already,
    )


class NoOpenShift(ValidationError):
    message = QT_TRANSLATE_NOOP("Errors", "Open a shift at a cash desk before taking payments.")

    def __init__(self) -> None:
        super().__init__(self.message, field="shift")


class ShiftClosed(ValidationError):
    message = QT_TRANSLATE_NOOP(
        "Errors",
        "Your shift was closed a moment ago: the payment was not posted. Open a new shift and post it.",
    )

    def __init__(self) -> None:
        super().__init__(self.message, field="shift")


class PaymentFormReused(DomainError):
    """The same UUID came back with different data: a bug or a tampered retry, never a double click."""

    message = QT_TRANSLATE_NOOP(
        "Errors",
        "This payment form was already used for another payment (receipt {receipt}: {amount} to contract "
        "{contract}). Nothing new was posted: close the form and open a new one.",
    )


def _already_posted(
    session: Session, payment: Payment, actor: Actor, contract_id: int, amount: int, method: PaymentMethod
) -> PostedPayment:
    """The answer to a repeated submission: the payment posted before, if it is the same payment."""
    same = (
        payment.contract_id == contract_id
        and payment.amount == amount
        and PaymentMethod(payment.method) == method
        and payment.staff_id == actor.staff_id
    )
    if not same:
        number = session.scalar(select(Contract.number).where(Contract.id == payment.contract_id))
        raise PaymentFormReused(
            receipt=payment.receipt_number or "—", amount=format_money(payment.amount), contract=number
        )
    return _result(session, payment, already=True)


class OutcomeStillUnknown(DomainError):
    message = QT_TRANSLATE_NOOP(
        "Errors",
        "The database is still finishing an earlier payment of this desk, so it cannot yet say whether the "
        "payment went through. Check again in a minute; do not take the money twice.",
    )


FIND_WAIT_SECONDS = 10


def find_payment(db: Database, actor: Actor, client_uuid: uuid.UUID) -> PostedPayment | None:
    """Was this UUID posted? The final answer after a connection broke during COMMIT.

    A transaction that is still posting at the actor's desk (its COMMIT held up on the way, or the
    server still finishing it) holds the desk's counter row: the answer waits for it, so "not posted"
    is final — posting the same UUID again cannot make a second payment. If it does not finish within
    FIND_WAIT_SECONDS the answer is OutcomeStillUnknown, never a guess."""
    require(actor, Permission.TAKE_PAYMENTS)
    try:
        with db.transaction(actor) as session:
            payment = _by_uuid(session, client_uuid)
            if payment is None:
                desk = session.scalar(
                    select(Shift.cash_desk_id)
                    .where(Shift.cashier_id == actor.staff_id)
                    .order_by(Shift.closed_at.is_(None).desc(), Shift.id.desc())
                    .limit(1)
                )
                if desk is not None:
                    if not db.is_embedded:
                        session.execute(text(f"SET LOCAL lock_timeout = '{FIND_WAIT_SECONDS}s'"))
                    lock_desk(session, desk)
                    payment = _by_uuid(session, client_uuid)
            return _result(session, payment, already=True) if payment else None
    except DatabaseBusy as exc:  # lock_timeout: the payment's own transaction is still in flight
        raise OutcomeStillUnknown() from exc
    except OperationalError as exc:
        if getattr(exc.orig, "sqlstate", None) == "55P03":
            raise OutcomeStillUnknown() from exc
        raise


def _validate(amount: int, method: PaymentMethod, comment: str) -> str:
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise ValidationError(
            QT_TRANSLATE_NOOP("Errors", "The amount must be a whole number of kopecks."), field="amount"
        )
    if amount <= 0:
        raise ValidationError(
            QT_TRANSLATE_NOOP("Errors", "The amount must be greater than zero."), field="amount"
        )
    if amount > MAX_AMOUNT:
        raise ValidationError(
            QT_TRANSLATE_NOOP("Errors", "The amount is too large: check the figure."), field="amount"
        )
    if method not in DESK_METHODS:
        raise ValidationError(
            QT_TRANSLATE_NOOP("Errors", "At the cash desk a payment is taken in cash or by card."),
            field="method",
        )
    comment = tidy(comment)
    if len(comment) > MAX_COMMENT:
        raise ValidationError(
            QT_TRANSLATE_NOOP("Errors", "The comment is too long: at most {limit} characters."),
            field="comment",
            limit=MAX_COMMENT,
        )
    return comment


def post_payment(
    db: Database,
    actor: Actor,
    *,
    client_uuid: uuid.UUID,
    contract_id: int,
    amount: int,
    method: PaymentMethod,
    comment: str = "",
    receipt_to: str = "",
    prepay: PrepayRequest | None = None,
) -> PostedPayment:
    """Post a payment at the actor's open shift. Posting the same `client_uuid` again (double click,
    Enter held down, a retry after a dropped connection) returns the payment already posted.
    `receipt_to`: the subscriber's phone or e-mail for the electronic fiscal receipt, when asked for.
    `prepay`: the payment pays months ahead (app/services/billing/prepaid.py); refused, with nothing
    posted, when it does not cover them."""
    require(actor, Permission.TAKE_PAYMENTS)
    comment = _validate(amount, method, comment)
    receipt_to = clean_receipt_contact(receipt_to)
    for attempt in range(POST_ATTEMPTS):
        try:
            return _post(db, actor, client_uuid, contract_id, amount, method, comment, receipt_to, prepay)
        except _AlreadyPosted as posted:
            with db.transaction(actor) as session:
                payment = session.get(Payment, posted.payment_id)
                assert payment is not None
                return _already_posted(session, payment, actor, contract_id, amount, method)
        except IntegrityError:
            # The same UUID committed by another session at the same moment: the next attempt finds it.
            if attempt == POST_ATTEMPTS - 1:
                raise
        except ConcurrentEdit:
            # A row the debt policy touches (an order, a service) changed under this payment, e.g. a
            # dispatcher closing the order at that moment: nothing was committed, so post again with
            # the same UUID on the fresh state rather than fail the cashier.
            if attempt == POST_ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")


def _post(
    db: Database,
    actor: Actor,
    client_uuid: uuid.UUID,
    contract_id: int,
    amount: int,
    method: PaymentMethod,
    comment: str,
    receipt_to: str,
    prepay: PrepayRequest | None,
) -> PostedPayment:
    if not db.is_embedded:
        return _post_postgresql(
            db, actor, client_uuid, contract_id, amount, method, comment, receipt_to, prepay
        )
    # Core statements, not ORM objects: a payment is the hottest write of the program.
    with db.transaction(actor) as session:
        existing_id = session.scalar(select(Payment.id).where(Payment.client_uuid == client_uuid))
        if existing_id is not None:
            existing = session.get_one(Payment, existing_id)
            return _already_posted(session, existing, actor, contract_id, amount, method)
        shift = session.execute(
            select(Shift.id, Shift.cash_desk_id, CashDesk.register_url)
            .join(CashDesk, CashDesk.id == Shift.cash_desk_id)
            .where(Shift.cashier_id == actor.staff_id, Shift.closed_at.is_(None))
        ).one_or_none()
        if shift is None:
            raise NoOpenShift()
        subscriber_id = session.scalar(select(Contract.subscriber_id).where(Contract.id == contract_id))
        if subscriber_id is None:
            raise NotFound()
        # The desk's counter row is the lock that serialises this desk's payments; numbers taken in a
        # transaction that rolls back are given back with it, so receipts have no gaps.
        receipt_number = session.execute(
            update(ReceiptCounter)
            .where(ReceiptCounter.cash_desk_id == shift.cash_desk_id)
            .values(last_number=ReceiptCounter.last_number + 1)
            .returning(ReceiptCounter.last_number)
        ).scalar_one()
        # A twin submission from this desk waited for the lock above: by now its commit is visible.
        twin = session.scalar(select(Payment.id).where(Payment.client_uuid == client_uuid))
        if twin is not None:
            raise _AlreadyPosted(twin)
        today = business_today({Key.TIMEZONE: timezone_setting(session)})
        entry_id = session.execute(
            insert(LedgerEntry)
            .values(
                contract_id=contract_id,
                kind=LedgerKind.PAYMENT,
                amount=amount,
                business_date=today,
                staff_id=actor.staff_id,
                comment=comment,
            )
            .returning(LedgerEntry.id)
        ).scalar_one()
        payment_id = session.execute(
            insert(Payment)
            .values(
                client_uuid=client_uuid,
                contract_id=contract_id,
                ledger_entry_id=entry_id,
                amount=amount,
                method=method,
                cash_desk_id=shift.cash_desk_id,
                shift_id=shift.id,
                receipt_number=receipt_number,
                business_date=today,
                staff_id=actor.staff_id,
                comment=comment,
            )
            .returning(Payment.id)
        ).scalar_one()
        balance = _balance(session, contract_id)  # moved by the ledger's trigger
        record_event(
            session,
            actor=actor,
            kind=EventKind.PAYMENT_POSTED,
            subscriber_id=subscriber_id,
            contract_id=contract_id,
            amount=format_money(amount),
            kopecks=amount,
            receipt=receipt_number,
        )
        return _posted(
            session,
            actor,
            PostedPayment(
                payment_id=payment_id,
                client_uuid=client_uuid,
                contract_id=contract_id,
                amount=amount,
                method=method,
                receipt_number=receipt_number,
                cash_desk_id=shift.cash_desk_id,
                balance_after=balance,
                already_posted=False,
            ),
            today,
            register_url=shift.register_url,
            receipt_to=receipt_to,
            concerned=_debt_policy_concerned(session, contract_id),
            subscriber_id=subscriber_id,
            prepay=prepay,
        )


_PG_LOOKUP = text(
    """
    SELECT (SELECT id FROM payment WHERE client_uuid = :uuid) AS existing,
           s.id AS shift_id, s.cash_desk_id,
           (SELECT subscriber_id FROM contract WHERE id = :contract) AS subscriber_id,
           (SELECT value FROM setting WHERE key = :tz_key) AS timezone,
           (SELECT register_url FROM cash_desk WHERE id = s.cash_desk_id) AS register_url
    FROM (SELECT 1) AS one
    LEFT JOIN shift s ON s.cashier_id = :cashier AND s.closed_at IS NULL
    """
)


_PG_AFTER_LOCK = text(
    "SELECT (SELECT id FROM payment WHERE client_uuid = :uuid), "
    "(SELECT closed_at IS NULL FROM shift WHERE id = :shift)"
)


_PG_COUNTER = text(
    "UPDATE receipt_counter SET last_number = last_number + 1 "
    "WHERE cash_desk_id = :desk RETURNING last_number"
)


# The entry, the payment, the balance and the event in one round trip (data-modifying CTEs run
# together in one statement; the unique client_uuid still refuses a twin that got in first).
_PG_WRITE = text(
    """
    WITH entry AS (
        INSERT INTO ledger_entry (contract_id, kind, amount, business_date, created_at, staff_id, comment)
        VALUES (:contract, 'payment', :amount, :day, :now, :staff, :comment)
        RETURNING id
    ), paid AS (
        INSERT INTO payment (client_uuid, contract_id, ledger_entry_id, amount, method, cash_desk_id,
                             shift_id, receipt_number, external_ref, posted_at, business_date, staff_id,
                             comment)
        SELECT :uuid, :contract, entry.id, :amount, :method, :desk, :shift, :receipt, '', :now, :day,
               :staff, :comment
        FROM entry
        RETURNING id
    ), noted AS (
        INSERT INTO event (occurred_at, actor_staff_id, subscriber_id, contract_id, kind, summary, details)
        VALUES (:now, :staff, :subscriber, :contract, :event_kind, :summary, CAST(:details AS JSON))
    )
    SELECT paid.id FROM paid
    """
)

# After the statement: its ledger entry has moved the balance (the trigger runs at its end).
_PG_AFTER_WRITE = text(
    """
    SELECT balance, debt_since IS NOT NULL
           OR EXISTS (SELECT 1 FROM service WHERE contract_id = :contract AND kind = 'catv'
                      AND state = 'disconnected')
    FROM contract WHERE id = :contract
    """
)


def _post_postgresql(
    db: Database,
    actor: Actor,
    client_uuid: uuid.UUID,
    contract_id: int,
    amount: int,
    method: PaymentMethod,
    comment: str,
    receipt_to: str,
    prepay: PrepayRequest | None,
) -> PostedPayment:
    """The same unit of work as `_post`, in four round trips instead of eleven (the payment is the
    hottest write: sixteen cashiers at once on a small server)."""
    import json

    with db.transaction(actor) as session:
        found = session.execute(
            _PG_LOOKUP,
            {"uuid": client_uuid, "contract": contract_id, "tz_key": Key.TIMEZONE, "cashier": actor.staff_id},
        ).one()
        if found.existing is not None:
            existing = session.get_one(Payment, found.existing)
            return _already_posted(session, existing, actor, contract_id, amount, method)
        if found.shift_id is None:
            raise NoOpenShift()
        if found.subscriber_id is None:
            raise NotFound()
        # The desk's counter row is the lock that serialises this desk's payments.
        receipt_number = session.execute(_PG_COUNTER, {"desk": found.cash_desk_id}).scalar_one()
        # A twin submission from this desk waited for the lock above: by now its commit is visible;
        # so is the shift's closing, if it closed meanwhile (closing takes the same lock).
        twin, still_open = session.execute(
            _PG_AFTER_LOCK, {"uuid": client_uuid, "shift": found.shift_id}
        ).one()
        if twin is not None:
            raise _AlreadyPosted(twin)
        if not still_open:
            raise ShiftClosed()
        today = business_today({Key.TIMEZONE: found.timezone or DEFAULTS[Key.TIMEZONE]})
        params = {"amount": format_money(amount), "kopecks": amount, "receipt": receipt_number}
        written = session.execute(
            _PG_WRITE,
            {
                "uuid": client_uuid,
                "contract": contract_id,
                "amount": amount,
                "day": today,
                "now": utcnow(),
                "staff": actor.staff_id,
                "comment": comment,
                "method": method.value,
                "desk": found.cash_desk_id,
                "shift": found.shift_id,
                "receipt": receipt_number,
                "subscriber": found.subscriber_id,
                "event_kind": EventKind.PAYMENT_POSTED,
                "summary": EVENT_TEMPLATES[EventKind.PAYMENT_POSTED].format(**params),
                "details": json.dumps(params, ensure_ascii=False),
            },
        ).one()
        payment_id = int(written[0])
        moved = session.execute(_PG_AFTER_WRITE, {"contract": contract_id}).one()
        return _posted(
            session,
            actor,
            PostedPayment(
                payment_id=payment_id,
                client_uuid=client_uuid,
                contract_id=contract_id,
                amount=amount,
                method=method,
                receipt_number=receipt_number,
                cash_desk_id=found.cash_desk_id,
                balance_after=int(moved[0]),
                already_posted=False,
            ),
            today,
            register_url=found.register_url or "",
            receipt_to=receipt_to,
            concerned=bool(moved[1]),
            subscriber_id=found.subscriber_id,
            prepay=prepay,
        )


def _posted(
    session: Session,
    actor: Actor,
    posted: PostedPayment,
    today: dt.date,
    *,
    register_url: str,
    receipt_to: str,
    concerned: bool,
    subscriber_id: int,
    prepay: PrepayRequest | None,
) -> PostedPayment:
    """The end of both ways of posting: when the contract is in debt or its cable TV is cut, the
    payment side of the debt policy runs in the payment's own transaction (the unblock, or the
    reconnection, and the receipt are one fact) and what it did is kept with the payment. At a desk
    with an online cash register its fiscal receipt is queued in the same transaction. A prepayment
    books its months first (refused, with the payment, when the sum does not cover them)."""
    paid_for = ""
    if prepay is not None:
        period = book_prepaid_period(
            session,
            actor,
            payment_id=posted.payment_id,
            contract_id=posted.contract_id,
            subscriber_id=subscriber_id,
            amount=posted.amount,
            balance_after=posted.balance_after,
            today=today,
            request=prepay,
        )
        paid_for = months_words(period.first_day, period.last_day)
        concerned = concerned or _debt_policy_concerned(session, posted.contract_id)
    queue_sale(
        session,
        actor,
        register_url=register_url,
        payment_id=posted.payment_id,
        client_uuid=posted.client_uuid,
        contract_id=posted.contract_id,
        amount=posted.amount,
        method=posted.method,
        desk_id=posted.cash_desk_id,
        buyer_contact=receipt_to,
        paid_for=paid_for,
    )
    if not concerned:
        return posted
    effects = after_payment(session, posted.contract_id, today, actor=actor, settings=read_settings(session))
    record_effects(session, posted.payment_id, effects)
    return replace(posted, balance_after=_balance(session, posted.contract_id))


def _debt_policy_concerned(session: Session, contract_id: int) -> bool:
    """Is there anything for the debt policy to undo? (Most payments: no; one cheap query.)"""
    in_debt = select(Contract.id).where(Contract.id == contract_id, Contract.debt_since.is_not(None))
    cut_off = select(Service.id).where(
        Service.contract_id == contract_id,
        Service.kind == ServiceKind.CATV,
        Service.state == ServiceState.DISCONNECTED,
    )
    return bool(session.scalar(select(in_debt.exists() | cut_off.exists())))


def _balance(session: Session, contract_id: int) -> int:
    """The contract's balance as the ledger has moved it (a trigger adds every entry's amount)."""
    return int(session.scalar(select(Contract.balance).where(Contract.id == contract_id)) or 0)
