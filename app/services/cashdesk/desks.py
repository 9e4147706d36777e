"""Cash desks: the administrator names and places them; each numbers its own receipts, a counter that
nobody can reset or edit here (only posting a payment advances it)."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.db import Database
from app.errors import QT_TRANSLATE_NOOP, ConcurrentEdit, NotFound, PermissionDenied, ValidationError
from app.models import CashDesk, ReceiptCounter, Shift
from app.services.kernel.history import EventKind, record_event
from app.services.kernel.permissions import Actor, Permission, require
from app.services.kernel.text import fix_lookalikes, tidy

MAX_NAME = 100


@dataclass(frozen=True)
class CashDeskRow:
    id: int
    name: str
    location: str
    active: bool
    last_receipt_number: int
    shift_open: bool
    version: int
    register_url: str = ""  # the desk's online cash register; "" = none (fiscal receipts off)


def list_cash_desks(db: Database, actor: Actor, *, active_only: bool = False) -> list[CashDeskRow]:
    """Admins manage desks; cashiers see them to open a shift."""
    if not (actor.may(Permission.MANAGE_SETTINGS) or actor.may(Permission.TAKE_PAYMENTS)):
        raise PermissionDenied(permission=Permission.MANAGE_SETTINGS.value)
    open_shifts = (
        select(Shift.cash_desk_id, func.count().label("n"))
        .where(Shift.closed_at.is_(None))
        .group_by(Shift.cash_desk_id)
        .subquery()
    )
    query = (
        select(CashDesk, ReceiptCounter.last_number, open_shifts.c.n)
        .outerjoin(ReceiptCounter, ReceiptCounter.cash_desk_id == CashDesk.id)
        .outerjoin(open_shifts, open_shifts.c.cash_desk_id == CashDesk.id)
        .order_by(CashDesk.name)
    )
    if active_only:
        query = query.where(CashDesk.active.is_(True))
    with db.transaction(actor) as session:
        return [
            CashDeskRow(d.id, d.name, d.location, d.active, last or 0, bool(n), d.version, d.register_url)
            for d, last, n in session.execute(query)
        ]


def _clean(name: str, location: str) -> tuple[str, str]:
    name = tidy(fix_lookalikes(name))
    if not name:
        raise ValidationError(QT_TRANSLATE_NOOP("Errors", "Enter the cash desk's name."), field="name")
    if len(name) > MAX_NAME:
        raise ValidationError(
            QT_TRANSLATE_NOOP("Errors", "The name is too long: at most {limit} characters."),
            field="name",
            limit=MAX_NAME,
        )
    return name, tidy(location)[:200]


def clean_register_url(url: str) -> str:
    """ "" (no register) or the http address of the register's driver web server, as typed."""
    url = url.strip().rstrip("/")
    if not url:
        return ""
    parsed = urlsplit(url)
    try:
        port_ok = parsed.port is None or 0 < parsed.port < 65536
    except ValueError:
        port_ok = False
    if parsed.scheme not in ("http", "https") or not parsed.hostname or not port_ok or len(url) > 300:
        raise ValidationError(
            QT_TRANSLATE_NOOP(
                "Errors",
                "Type the address of the register's driver web server, e.g. http://127.0.0.1:16732, or "
                "leave it empty for a desk without a cash register.",
            ),
            field="register_url",
        )
    return url


def _name_taken(session: Session, name: str, except_id: int | None) -> bool:
    # Compared in Python: SQLite's lower() leaves Cyrillic as it is. Desks are few.
    wanted = name.casefold()
    return any(
        desk_id != except_id and other.casefold() == wanted
        for desk_id, other in session.execute(select(CashDesk.id, CashDesk.name))
    )


def create_cash_desk(
    db: Database, actor: Actor, *, name: str, location: str = "", register_url: str = ""
) -> CashDeskRow:
    require(actor, Permission.MANAGE_SETTINGS)
    name, location = _clean(name, location)
    register_url = clean_register_url(register_url)
    with db.transaction(actor) as session:
        if _name_taken(session, name, None):
            raise ValidationError(
                QT_TRANSLATE_NOOP("Errors", "A cash desk named {name} already exists."),
                field="name",
                name=name,
            )
        desk = CashDesk(name=name, location=location, register_url=register_url)
        session.add(desk)
        session.flush()
        session.add(ReceiptCounter(cash_desk_id=desk.id, last_number=0))
        record_event(session, actor=actor, kind=EventKind.CASH_DESK_CREATED, name=name)
        session.flush()
        return CashDeskRow(
            desk.id, desk.name, desk.location, desk.active, 0, False, desk.version, register_url
        )


def update_cash_desk(
    db: Database,
    actor: Actor,
    desk_id: int,
    *,
    name: str,
    location: str,
    active: bool,
    version: int,
    register_url: str | None = None,
) -> CashDeskRow:
    """Rename, move, (de)activate a desk or change its cash register (None: keep it). Its receipt
    numbering is not touched."""
    require(actor, Permission.MANAGE_SETTINGS)
    name, location = _clean(name, location)
    register = None if register_url is None else clean_register_url(register_url)
    with db.transaction(actor) as session:
        desk = session.get(CashDesk, desk_id)
        if desk is None:
            raise NotFound()
        if desk.version != version:
            raise ConcurrentEdit()
        if _name_taken(session, name, desk_id):
            raise ValidationError(
                QT_TRANSLATE_NOOP("Errors", "A cash desk named {name} already exists."),
                field="name",
                name=name,
            )
        open_shift = session.scalar(
            select(Shift.id).where(Shift.cash_desk_id == desk_id, Shift.closed_at.is_(None))
        )
        if not active and open_shift is not None:
            raise ValidationError(
                QT_TRANSLATE_NOOP("Errors", "The desk has an open shift: the cashier must close it first."),
                field="active",
            )
        register = desk.register_url if register is None else register
        if (desk.name, desk.location, desk.active, desk.register_url) != (name, location, active, register):
            desk.name, desk.location, desk.active, desk.register_url = name, location, active, register
            record_event(session, actor=actor, kind=EventKind.CASH_DESK_CHANGED, name=name)
            session.flush()
        last = session.scalar(
            select(ReceiptCounter.last_number).where(ReceiptCounter.cash_desk_id == desk_id)
        )
        return CashDeskRow(
            desk.id,
            desk.name,
            desk.location,
            desk.active,
            last or 0,
            open_shift is not None,
            desk.version,
            desk.register_url,
        )
