"""The online cash register's own shift, kept in step with the cashier's (54-FZ), and what the register
says of itself before it stops the work.

- **In step.** Opening our shift on a desk with a register opens the register's shift in the cashier's
  name (with their INN); closing ours closes it, which prints the register's Z report. The register's
  shift number and the Z report's document number are kept on our shift (`Shift.register_shift`,
  `Shift.register_z_document`), so a register shift can always be traced to the cashier who opened it.
- **Mismatches are shown, not overridden.** A register shift that is open when a cashier opens theirs —
  left open by a colleague whose register was off at closing, opened at the register itself, or over
  24 hours — is named (whose it is, since when) and closed only when the cashier says so
  (`close_held=True`): its Z report belongs to somebody's day.
- **Warnings** (`check_register`): the register's shift over 24 hours or ending within the hour, the
  fiscal drive nearly full or near its end date, documents not sent to the fiscal data operator for a
  day — each before the register starts refusing receipts.

The register is the port of app/services/cashdesk/fiscal.py: the shift tasks, the X report and the
state queries are ATOL tasks like the receipts, each under a new uuid (nothing here is money: a task
repeated after a lost answer is refused by the register — "shift already open" — and read back).
"""

from __future__ import annotations

import datetime as dt
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app import clock
from app.db import Database
from app.errors import QT_TRANSLATE_NOOP, DomainError, NotFound, PermissionDenied, ValidationError
from app.models import CashDesk, Shift, Staff
from app.services.cashdesk.fiscal import FiscalRegister, RegisterAnswer, operator_of
from app.services.kernel.history import EventKind, record_event
from app.services.kernel.permissions import Actor, Permission, require

TASK_WAIT_S = 30.0  # a Z report prints for a while
SHIFT_LIMIT = dt.timedelta(hours=24)  # a register refuses receipts in a shift older than this
SHIFT_ENDS_SOON = dt.timedelta(hours=1)
FN_ENDS_SOON = dt.timedelta(days=30)
OFD_BEHIND = dt.timedelta(hours=24)  # documents unsent to the fiscal data operator for longer than this
# The fiscal drive's own warning flags (ATOL `getFnInfo` → `warnings`) that mean "replace it soon".
FN_FULL_FLAGS = ("criticalFn", "memoryOverflowFn", "needReplacementFn", "resourceExhaustionFn")

OPENED, CLOSED, EXPIRED = "opened", "closed", "expired"


class RegisterRefused(DomainError):
    """The register answered, and did not do the task (its own words in `why`)."""

    message = QT_TRANSLATE_NOOP("Errors", "The cash register refused: {why}.")


class RegisterShiftHeld(DomainError):
    """The register's shift is open, and not as the cashier's own: closing it prints its Z report."""

    message = QT_TRANSLATE_NOOP(
        "Errors",
        "The cash register's shift {number} is open, and it is not yours. Close it with its Z report before "
        "opening yours.",
    )


@dataclass(frozen=True)
class RegisterState:
    shift_state: str  # OPENED, CLOSED or EXPIRED (open for over 24 hours)
    shift_number: int | None
    shift_ends_at: dt.datetime | None  # when an open shift turns 24 hours old
    fn_flags: frozenset[str]  # the fiscal drive's raised warning flags
    fn_valid_until: dt.datetime | None
    unsent_count: int  # documents the fiscal data operator has not confirmed
    unsent_since: dt.datetime | None  # the oldest of them


@dataclass(frozen=True)
class RegisterWarning:
    """What the cashier should know, as a code the cash desk words (`params` fill its text)."""

    code: str
    params: dict[str, Any] = field(default_factory=dict)


# Warning codes (app/views/cashdesk/cash_desk_page.py words them).
SHIFT_OVER_24H = "shift_over_24h"
SHIFT_ENDS = "shift_ends"
SHIFT_HELD = "shift_held"  # the open register shift is not the one opened with the cashier's shift
SHIFT_NOT_OPEN = "shift_not_open"  # our shift is open, the register's is not (the next receipt opens it)
FN_FULL = "fn_full"
FN_ENDS = "fn_ends"
OFD_UNSENT = "ofd_unsent"


@dataclass(frozen=True)
class RegisterCheck:
    state: RegisterState
    warnings: list[RegisterWarning]


def _moment(value: Any) -> dt.datetime | None:
    """The register's date-time (ISO 8601, local with its offset) as an aware UTC moment."""
    if not value:
        return None
    try:
        moment = dt.datetime.fromisoformat(str(value).replace(" ", "T"))
    except ValueError:
        return None
    return moment.astimezone(dt.UTC) if moment.tzinfo else None


def run_task(
    register: FiscalRegister, task: dict[str, Any], *, sleep: Callable[[float], None] = time.sleep
) -> dict[str, Any]:
    """Run one task that is not a receipt and return its result. Raises RegisterUnreachable, or
    RegisterRefused when the register failed it."""
    task_uuid = uuid.uuid4()
    register.submit(task_uuid, task)
    answer = RegisterAnswer("pending")
    deadline = time.monotonic() + TASK_WAIT_S
    while True:
        answer = register.result(task_uuid)
        if answer.status != "pending" or time.monotonic() >= deadline:
            break
        sleep(0.2)
    if answer.status == "ready":
        return answer.result or {}
    if answer.status == "error":
        raise RegisterRefused(why=answer.error or "error")
    raise RegisterRefused(why=answer.error or "the register has not finished the task")


def read_state(register: FiscalRegister, *, sleep: Callable[[float], None] = time.sleep) -> RegisterState:
    """The register's shift, fiscal drive and exchange with the fiscal data operator."""
    shift = run_task(register, {"type": "getShiftStatus"}, sleep=sleep).get("shiftStatus") or {}
    fn = run_task(register, {"type": "getFnInfo"}, sleep=sleep).get("fnInfo") or {}
    ofd = run_task(register, {"type": "ofdExchangeStatus"}, sleep=sleep).get("status") or {}
    state = str(shift.get("state") or CLOSED)
    number = shift.get("number")
    flags = fn.get("warnings") or {}
    return RegisterState(
        shift_state=state if state in (OPENED, CLOSED, EXPIRED) else OPENED,
        shift_number=int(number) if number is not None else None,
        shift_ends_at=_moment(shift.get("expiredTime")) if state != CLOSED else None,
        fn_flags=frozenset(name for name in FN_FULL_FLAGS if flags.get(name)),
        fn_valid_until=_moment(fn.get("validityDate")),
        unsent_count=int(ofd.get("notSentCount") or 0),
        unsent_since=_moment(ofd.get("notSentFirstDocDateTime")),
    )


def _holder(session: Session, desk_id: int, number: int | None) -> Shift | None:
    """Our shift on the desk that opened the register's shift `number` (the newest: numbers start again
    with a new fiscal drive)."""
    if number is None:
        return None
    return session.scalar(
        select(Shift)
        .where(Shift.cash_desk_id == desk_id, Shift.register_shift == number)
        .order_by(Shift.id.desc())
        .limit(1)
    )


def _whose(session: Session, holder: Shift | None) -> dict[str, Any]:
    """Who holds the register's shift, for the cashier: a name and since when, or nobody we know."""
    if holder is None:
        return {"holder": "", "holder_shift": None, "since": None}
    name = session.scalar(select(Staff.full_name).where(Staff.id == holder.cashier_id)) or ""
    return {"holder": name, "holder_shift": holder.id, "since": holder.opened_at}


def warnings_for(
    state: RegisterState, now: dt.datetime, *, ours: bool, held: dict[str, Any] | None
) -> list[RegisterWarning]:
    """What to tell the cashier with an open shift of `state`. `ours`: the register's open shift is the one
    opened with the cashier's shift; `held`: who holds it otherwise (see `_whose`)."""
    warnings: list[RegisterWarning] = []
    if state.shift_state == EXPIRED or (
        state.shift_state == OPENED and state.shift_ends_at is not None and state.shift_ends_at <= now
    ):
        warnings.append(RegisterWarning(SHIFT_OVER_24H, {"number": state.shift_number}))
    elif (
        state.shift_state == OPENED
        and state.shift_ends_at is not None
        and state.shift_ends_at - now <= SHIFT_ENDS_SOON
    ):
        warnings.append(
            RegisterWarning(SHIFT_ENDS, {"number": state.shift_number, "at": state.shift_ends_at})
        )
    if state.shift_state != CLOSED and not ours:
        warnings.append(RegisterWarning(SHIFT_HELD, {"number": state.shift_number, **(held or {})}))
    if state.shift_state == CLOSED:
        warnings.append(RegisterWarning(SHIFT_NOT_OPEN))
    if state.fn_flags:
        warnings.append(RegisterWarning(FN_FULL, {"flags": sorted(state.fn_flags)}))
    if state.fn_valid_until is not None and state.fn_valid_until - now <= FN_ENDS_SOON:
        warnings.append(RegisterWarning(FN_ENDS, {"at": state.fn_valid_until}))
    if state.unsent_count and state.unsent_since is not None and now - state.unsent_since >= OFD_BEHIND:
        warnings.append(
            RegisterWarning(OFD_UNSENT, {"count": state.unsent_count, "since": state.unsent_since})
        )
    return warnings


def _note(session: Session, shift_id: int, **register: int | None) -> None:
    """Note the register's side on our shift without making it a new version: the cashier's close
    form, filled from the shift's version, stays valid (nothing of the shift's money changed)."""
    session.execute(update(Shift).where(Shift.id == shift_id).values(**register))


def _shift_of(session: Session, actor: Actor, shift_id: int) -> Shift:
    """Shift `shift_id`, if it is the actor's (or the actor may act on any cashier's)."""
    shift = session.get(Shift, shift_id)
    if shift is None:
        raise NotFound()
    if shift.cashier_id != actor.staff_id and not actor.may(Permission.CANCEL_ANY_PAYMENT):
        raise PermissionDenied(permission=Permission.CANCEL_ANY_PAYMENT.value)
    return shift


def check_register(db: Database, actor: Actor, shift_id: int, register: FiscalRegister) -> RegisterCheck:
    """The register's state and what the cashier of shift `shift_id` should know of it."""
    require(actor, Permission.TAKE_PAYMENTS)
    state = read_state(register)
    with db.transaction(actor) as session:
        shift = _shift_of(session, actor, shift_id)
        ours = state.shift_number is not None and shift.register_shift == state.shift_number
        held = None if ours else _whose(session, _holder(session, shift.cash_desk_id, state.shift_number))
        return RegisterCheck(state, warnings_for(state, clock.now(), ours=ours, held=held))


@dataclass(frozen=True)
class RegisterShiftOpened:
    number: int | None  # the register's shift number, as the register gave it
    already: bool  # it was open as ours already: nothing printed
    closed_first: int | None  # the register shift closed first (Z report), when the cashier said so


def _close_on_register(
    db: Database, actor: Actor, desk_id: int, number: int | None, register: FiscalRegister
) -> int | None:
    """Close the register's open shift (its Z report) in `actor`'s name; mark our shift that opened it."""
    with db.transaction(actor) as session:
        operator = operator_of(session, actor)
    result = run_task(register, {"type": "closeShift", "operator": operator})
    document = (result.get("fiscalParams") or {}).get("fiscalDocumentNumber")
    with db.transaction(actor) as session:
        holder = _holder(session, desk_id, number)
        if holder is not None and holder.register_z_document is None:
            _note(session, holder.id, register_z_document=int(document) if document is not None else 0)
        desk = session.get_one(CashDesk, desk_id)
        record_event(
            session,
            actor=actor,
            kind=EventKind.REGISTER_SHIFT_CLOSED,
            desk=desk.name,
            number=number,
            document=document,
        )
    return int(document) if document is not None else None


def open_register_shift(
    db: Database, actor: Actor, shift_id: int, register: FiscalRegister, *, close_held: bool = False
) -> RegisterShiftOpened:
    """Open the register's shift with the cashier's open shift `shift_id`. A register shift open
    otherwise raises RegisterShiftHeld (whose, since when) unless `close_held`: then it is closed first
    (its Z report printed in this cashier's name). Raises RegisterUnreachable / RegisterRefused."""
    require(actor, Permission.TAKE_PAYMENTS)
    with db.transaction(actor) as session:
        shift = _shift_of(session, actor, shift_id)
        if shift.closed_at is not None:
            raise ValidationError(QT_TRANSLATE_NOOP("Errors", "This shift is closed."), field="shift")
        desk_id, mine = shift.cash_desk_id, shift.register_shift
    state = read_state(register)
    closed_first = None
    if state.shift_state != CLOSED:
        if state.shift_state == OPENED and state.shift_number is not None and state.shift_number == mine:
            return RegisterShiftOpened(state.shift_number, already=True, closed_first=None)
        if not close_held:
            with db.transaction(actor) as session:
                held = _whose(session, _holder(session, desk_id, state.shift_number))
            raise RegisterShiftHeld(number=state.shift_number, expired=state.shift_state == EXPIRED, **held)
        _close_on_register(db, actor, desk_id, state.shift_number, register)
        closed_first = state.shift_number
    with db.transaction(actor) as session:
        operator = operator_of(session, actor)
    result = run_task(register, {"type": "openShift", "operator": operator})
    number = (result.get("fiscalParams") or {}).get("shiftNumber")
    if number is None:
        number = read_state(register).shift_number
    with db.transaction(actor) as session:
        _note(session, shift_id, register_shift=int(number) if number is not None else None)
        desk = session.get_one(CashDesk, desk_id)
        record_event(
            session, actor=actor, kind=EventKind.REGISTER_SHIFT_OPENED, desk=desk.name, number=number
        )
    return RegisterShiftOpened(
        int(number) if number is not None else None, already=False, closed_first=closed_first
    )


def close_register_shift(db: Database, actor: Actor, shift_id: int, register: FiscalRegister) -> int | None:
    """Close the register's shift with the cashier's shift `shift_id` (open or just closed): its Z report
    on the register. Returns the Z report's document number; None when the register's shift was not
    open. Raises RegisterUnreachable / RegisterRefused."""
    require(actor, Permission.TAKE_PAYMENTS)
    with db.transaction(actor) as session:
        desk_id = _shift_of(session, actor, shift_id).cash_desk_id
    state = read_state(register)
    if state.shift_state == CLOSED:
        return None
    return _close_on_register(db, actor, desk_id, state.shift_number, register)


def print_register_x_report(db: Database, actor: Actor, register: FiscalRegister) -> None:
    """The register's X report (its own totals of the shift, printed on the register)."""
    require(actor, Permission.TAKE_PAYMENTS)
    with db.transaction(actor) as session:
        operator = operator_of(session, actor)
    run_task(register, {"type": "reportX", "operator": operator})
