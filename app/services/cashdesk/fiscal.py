"""Fiscal receipts (54-FZ): every cash and card payment taken at a desk with an online cash register
becomes a sale receipt on that register, every cancellation of one a return — never lost, never twice.

- **Queued with the money.** `queue_sale` runs inside the payment's transaction (`payments._posted`),
  `queue_return` inside the cancellation's: the fiscal task is committed with the payment or not at all.
  The task's uuid is the payment's client UUID, so a payment retried after a lost connection finds its
  receipt instead of making another one.
- **Delivered after commit** by `deliver` (the cash desk screen after each payment and every half
  minute; `subscriber-desk fiscal send` on the desk's PC). A receipt is marked `sent` (committed)
  before the register is asked, so after a crash, a timeout or a lost answer the next try *asks the
  register for that uuid first* and sends only when the register does not know it.
- **A failure keeps it queued**, with the register's words in `last_error` for the cashier. Only when
  the register said the task failed (nothing printed: no paper, shift over 24 h) does the next try take
  a new uuid. A payment cancelled before its sale ever reached the register withdraws the sale instead
  of printing a sale and a return.

The register itself is a port (`FiscalRegister`); app/adapters/atol_driver.py speaks to ATOL's driver
web server. docs/fiscal.md lists the fiscal tags filled and where each comes from.
"""

from __future__ import annotations

import datetime as dt
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from app import clock
from app.db import Database
from app.errors import QT_TRANSLATE_NOOP, DomainError, ValidationError
from app.models import CashDesk, CashierInn, Contract, FiscalReceipt, Payment, PaymentMethod
from app.services.kernel.permissions import Actor, Permission, require
from app.services.kernel.settings import Key, read_settings
from app.services.kernel.text import looks_like_email, normalize_phone

SALE, RETURN = "sale", "return"
QUEUED, SENT, DONE, WITHDRAWN = "queued", "sent", "done", "withdrawn"
WAITING = (QUEUED, SENT)  # not on the register yet
FISCAL_METHODS = frozenset({PaymentMethod.CASH, PaymentMethod.CARD})  # money taken at the desk
_NAMESPACE = uuid.UUID("0b7d9a52-6c1e-4f0a-9a55-5e2f0c6a1d17")
RESULT_WAIT_S = 10.0  # how long one delivery waits for the register to finish a task it accepted
RESULT_POLL_S = 0.2
MAX_BACKOFF_S = 300


class RegisterUnreachable(DomainError):
    """The register (its driver's web server) did not answer, or answered nonsense."""

    message = QT_TRANSLATE_NOOP(
        "Errors",
        "The cash register does not answer ({why}). Check that it is on and its driver is running; the "
        "receipt stays queued and is printed when it answers.",
    )


@dataclass(frozen=True)
class RegisterAnswer:
    """What the register says of a task: `ready` (with its fiscal data, and the task's whole result for
    the tasks that are not receipts: shift state, fiscal drive), `pending` (still working), `error`
    (failed: nothing printed) or `unknown` (it has no task with that uuid)."""

    status: str
    fiscal: dict[str, Any] | None = None
    error: str = ""
    result: dict[str, Any] | None = None


class FiscalRegister(Protocol):
    def submit(self, task_uuid: uuid.UUID, task: dict[str, Any]) -> None:
        """Hand the task over (a uuid it already has is not an error). Raises RegisterUnreachable."""

    def result(self, task_uuid: uuid.UUID) -> RegisterAnswer:
        """The task's state. Raises RegisterUnreachable."""


def _rubles(kopecks: int) -> float:
    return round(kopecks / 100, 2)


def operator_of(session: Session, actor: Actor) -> dict[str, str]:
    """The cashier as the register names them: name (tag 1021) and, when recorded, INN (tag 1203)."""
    operator = {"name": actor.full_name}
    inn = session.scalar(select(CashierInn.inn).where(CashierInn.staff_id == actor.staff_id))
    if inn:
        operator["vatin"] = inn
    return operator


MAX_CONTACT = 64  # tag 1008's length


def clean_receipt_contact(text: str, field: str = "receipt_to") -> str:
    """A phone or e-mail for the electronic fiscal receipt (tag 1008) as the register takes it:
    «+79161234567» or the address; "" for none."""
    text = text.strip()
    if not text:
        return ""
    if "@" in text:
        if not looks_like_email(text) or len(text) > MAX_CONTACT:
            raise ValidationError(
                QT_TRANSLATE_NOOP("Errors", "The e-mail address looks wrong: {email}"),
                field=field,
                email=text,
            )
        return text
    return "+" + normalize_phone(text, field=field)


def receipt_task(
    *,
    kind: str,
    contract_number: str,
    amount: int,
    method: PaymentMethod,
    operator: dict[str, str],
    settings: dict[str, str],
    buyer_contact: str = "",
    paid_for: str = "",
) -> dict[str, Any]:
    """The register's task for one payment (ATOL driver JSON task; see docs/fiscal.md for the tags).
    `buyer_contact`: a phone (+7…) or e-mail the register sends the electronic receipt to (tag 1008);
    `paid_for`: the months a prepayment paid («январь — март 2027 г.»), named in the item (tag 1030)."""
    total = _rubles(amount)
    task: dict[str, Any] = {
        "type": "sell" if kind == SALE else "sellReturn",
        "taxationType": settings[Key.FISCAL_TAXATION],
        "operator": operator,
        "items": [
            {
                "type": "position",
                "name": f"Услуги связи по договору {contract_number}"
                + (f" за {paid_for}" if paid_for else ""),
                "price": total,
                "quantity": 1,
                "amount": total,
                "tax": {"type": settings[Key.FISCAL_VAT]},
                "paymentMethod": settings[Key.FISCAL_PAYMENT_METHOD],
                "paymentObject": "service",
            }
        ],
        "payments": [{"type": "cash" if method == PaymentMethod.CASH else "electronically", "sum": total}],
        "total": total,
    }
    if buyer_contact:
        task["clientInfo"] = {"emailOrPhone": buyer_contact}
    return task


def queue_sale(
    session: Session,
    actor: Actor,
    *,
    register_url: str,
    payment_id: int,
    client_uuid: uuid.UUID,
    contract_id: int,
    amount: int,
    method: PaymentMethod,
    desk_id: int | None,
    buyer_contact: str = "",
    paid_for: str = "",
) -> bool:
    """In the payment's transaction: queue its sale receipt when the desk has a register (its
    `register_url`, read by the payment's own lookup) and the money was taken at the desk. Returns
    whether a receipt was queued."""
    if method not in FISCAL_METHODS or not register_url or desk_id is None:
        return False
    number = str(session.scalar(select(Contract.number).where(Contract.id == contract_id)))
    task = receipt_task(
        kind=SALE,
        contract_number=number,
        amount=amount,
        method=method,
        operator=operator_of(session, actor),
        settings=read_settings(session),
        buyer_contact=buyer_contact,
        paid_for=paid_for,
    )
    _insert(session, payment_id, SALE, desk_id, client_uuid, task)
    return True


def _insert(
    session: Session, payment_id: int, kind: str, desk_id: int, task_uuid: uuid.UUID, task: dict[str, Any]
) -> None:
    now = clock.now()
    session.execute(
        insert(FiscalReceipt).values(
            payment_id=payment_id,
            kind=kind,
            cash_desk_id=desk_id,
            task_uuid=task_uuid,
            task=task,
            state=QUEUED,
            attempts=0,
            last_error="",
            next_try_at=now,
            created_at=now,
        )
    )


def queue_return(session: Session, actor: Actor, payment: Payment) -> None:
    """In the cancellation's transaction: a sale that never reached the register is withdrawn; one
    that may have is answered by a return receipt on the same desk."""
    sale = session.execute(
        select(FiscalReceipt)
        .where(FiscalReceipt.payment_id == payment.id, FiscalReceipt.kind == SALE)
        .with_for_update()
    ).scalar_one_or_none()
    if sale is None or sale.state == WITHDRAWN:
        return
    if sale.state == QUEUED:
        sale.state = WITHDRAWN
        sale.last_error = ""
        return
    task = receipt_task(
        kind=RETURN,
        contract_number=str(
            session.scalar(select(Contract.number).where(Contract.id == payment.contract_id))
        ),
        amount=payment.amount,
        method=payment.method,
        operator=operator_of(session, actor),
        settings=read_settings(session),
        buyer_contact=str((sale.task.get("clientInfo") or {}).get("emailOrPhone") or ""),
    )
    task["items"][0]["name"] = sale.task["items"][0]["name"]  # the same item as sold (a prepaid period's)
    _insert(
        session,
        payment.id,
        RETURN,
        sale.cash_desk_id,
        uuid.uuid5(_NAMESPACE, f"{payment.client_uuid}:return"),
        task,
    )


# -- delivery ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Delivery:
    """What one round of `deliver` did."""

    done: int = 0
    waiting: int = 0  # still queued or sent: the register was off, busy or refused
    withdrawn: int = 0
    last_error: str = ""


def _backoff(attempts: int) -> dt.timedelta:
    return dt.timedelta(seconds=min(MAX_BACKOFF_S, 5 * 2 ** max(0, attempts - 1)))


def deliver(
    db: Database,
    actor: Actor | None,
    desk_id: int,
    register: FiscalRegister,
    *,
    limit: int = 50,
    everything: bool = False,
    sleep: Callable[[float], None] = time.sleep,
) -> Delivery:
    """Deliver the desk's due receipts, oldest first (`everything`: not only those due by their back-off,
    as when the cashier presses «Send to the register now»). Safe to run from several places at once."""
    if actor is not None:
        require(actor, Permission.TAKE_PAYMENTS)
    now = clock.now()
    with db.reading(actor) as conn:
        query = (
            select(FiscalReceipt.id)
            .where(FiscalReceipt.cash_desk_id == desk_id, FiscalReceipt.state.in_(WAITING))
            .order_by(FiscalReceipt.id)
            .limit(limit)
        )
        if not everything:
            query = query.where(FiscalReceipt.next_try_at <= now)
        ids = list(conn.execute(query).scalars())
    done = waiting = withdrawn = 0
    last_error = ""
    for receipt_id in ids:
        outcome, error = _deliver_one(db, actor, receipt_id, register, sleep)
        if outcome == DONE:
            done += 1
        elif outcome == WITHDRAWN:
            withdrawn += 1
        elif outcome is not None:
            waiting += 1
            last_error = error or last_error
    return Delivery(done=done, waiting=waiting, withdrawn=withdrawn, last_error=last_error)


@dataclass(frozen=True)
class _Claim:
    task_uuid: uuid.UUID
    task: dict[str, Any]
    asked_before: bool  # it may be on the register already: ask before sending


def _claim(db: Database, actor: Actor | None, receipt_id: int) -> _Claim | str | None:
    """Mark the receipt `sent` before the register hears of it (committed): a crash from here on leaves
    a receipt that is asked for, never sent blindly again. None: someone else has it, or it is settled."""
    now = clock.now()
    with db.transaction(actor) as session:
        receipt = session.execute(
            select(FiscalReceipt)
            .where(FiscalReceipt.id == receipt_id, FiscalReceipt.state.in_(WAITING))
            .with_for_update(skip_locked=True)
        ).scalar_one_or_none()
        if receipt is None:
            return None
        if receipt.kind == RETURN:
            sale_state = session.scalar(
                select(FiscalReceipt.state).where(
                    FiscalReceipt.payment_id == receipt.payment_id, FiscalReceipt.kind == SALE
                )
            )
            if sale_state == WITHDRAWN:
                receipt.state = WITHDRAWN
                return WITHDRAWN
            if sale_state != DONE:  # a return only follows its printed sale
                receipt.next_try_at = now + _backoff(1)
                receipt.last_error = "waiting for the sale receipt"
                return QUEUED
        asked_before = receipt.state == SENT
        receipt.state = SENT
        receipt.attempts += 1
        receipt.next_try_at = now + _backoff(receipt.attempts)
        return _Claim(receipt.task_uuid, dict(receipt.task), asked_before)


def _deliver_one(
    db: Database,
    actor: Actor | None,
    receipt_id: int,
    register: FiscalRegister,
    sleep: Callable[[float], None],
) -> tuple[str | None, str]:
    claim = _claim(db, actor, receipt_id)
    if not isinstance(claim, _Claim):
        return claim, ""
    try:
        answer = register.result(claim.task_uuid) if claim.asked_before else RegisterAnswer("unknown")
        if answer.status == "unknown":
            register.submit(claim.task_uuid, claim.task)
            answer = RegisterAnswer("pending")
        deadline = time.monotonic() + RESULT_WAIT_S
        while answer.status == "pending" and time.monotonic() < deadline:
            sleep(RESULT_POLL_S)
            answer = register.result(claim.task_uuid)
    except RegisterUnreachable as exc:
        answer = RegisterAnswer("pending", error=str(exc.params.get("why", "")))
    return _record(db, actor, receipt_id, claim, answer), answer.error


def _record(db: Database, actor: Actor | None, receipt_id: int, claim: _Claim, answer: RegisterAnswer) -> str:
    now = clock.now()
    with db.transaction(actor) as session:
        receipt = session.execute(
            select(FiscalReceipt).where(FiscalReceipt.id == receipt_id).with_for_update()
        ).scalar_one()
        if receipt.task_uuid != claim.task_uuid or receipt.state not in WAITING:
            return str(receipt.state)  # settled meanwhile by another delivery
        if answer.status == "ready":
            receipt.state = DONE
            receipt.fiscal = answer.fiscal or {}
            receipt.done_at = now
            receipt.last_error = ""
            return DONE
        receipt.last_error = (answer.error or "the register has not finished the receipt yet")[:500]
        if answer.status != "error":
            return SENT  # still working, or not reachable: asked for by uuid next time
        # The register failed the task: nothing was printed. A cancelled payment's sale is withdrawn
        # (with its return); otherwise the next try is a new task, under a new uuid.
        payment = session.get_one(Payment, receipt.payment_id)
        returned = session.execute(
            select(FiscalReceipt).where(
                FiscalReceipt.payment_id == receipt.payment_id, FiscalReceipt.kind == RETURN
            )
        ).scalar_one_or_none()
        if receipt.kind == SALE and returned is not None:
            receipt.state = WITHDRAWN
            returned.state = WITHDRAWN
            return WITHDRAWN
        receipt.state = QUEUED
        receipt.task_uuid = uuid.uuid5(_NAMESPACE, f"{payment.client_uuid}:{receipt.kind}:{receipt.attempts}")
        return QUEUED


# -- what the cash desk shows ------------------------------------------------------------------------


@dataclass(frozen=True)
class FiscalStatus:
    payment_id: int
    kind: str
    state: str
    attempts: int
    last_error: str
    document_number: int | None  # the fiscal document's number (ФД) once printed
    receipt_number: int | None  # the payment's own receipt number, to name it to the cashier


def _status_rows(session_or_conn: Any, where: Any) -> list[FiscalStatus]:
    rows = session_or_conn.execute(
        select(
            FiscalReceipt.payment_id,
            FiscalReceipt.kind,
            FiscalReceipt.state,
            FiscalReceipt.attempts,
            FiscalReceipt.last_error,
            FiscalReceipt.fiscal,
            Payment.receipt_number,
        )
        .join(Payment, Payment.id == FiscalReceipt.payment_id)
        .where(where)
        .order_by(FiscalReceipt.id)
    ).all()
    return [
        FiscalStatus(
            payment_id=r.payment_id,
            kind=r.kind,
            state=r.state,
            attempts=r.attempts,
            last_error=r.last_error,
            document_number=(r.fiscal or {}).get("fiscalDocumentNumber"),
            receipt_number=r.receipt_number,
        )
        for r in rows
    ]


def fiscal_status(db: Database, actor: Actor, payment_id: int) -> list[FiscalStatus]:
    """The payment's sale receipt (and return, if cancelled), as the register left them."""
    require(actor, Permission.TAKE_PAYMENTS)
    with db.reading(actor) as conn:
        return _status_rows(conn, FiscalReceipt.payment_id == payment_id)


def waiting_receipts(db: Database, actor: Actor, desk_id: int) -> list[FiscalStatus]:
    """The desk's receipts not on its register yet (queued or sent), oldest first."""
    require(actor, Permission.TAKE_PAYMENTS)
    with db.reading(actor) as conn:
        return _status_rows(conn, (FiscalReceipt.cash_desk_id == desk_id) & FiscalReceipt.state.in_(WAITING))


def desk_register(db: Database, actor: Actor, desk_id: int) -> str:
    """The desk's register address ("" = the desk has none: fiscal receipts are off there)."""
    with db.reading(actor) as conn:
        return str(conn.execute(select(CashDesk.register_url).where(CashDesk.id == desk_id)).scalar() or "")


def count_by_state(db: Database, actor: Actor | None = None) -> dict[str, int]:
    with db.reading(actor) as conn:
        rows = conn.execute(select(FiscalReceipt.state, func.count()).group_by(FiscalReceipt.state)).all()
    return {str(state): int(count) for state, count in rows}
