"""The dispatch board: the queue of field work filtered and ordered by address, assigning orders to
installers for a day (one wins when two dispatchers race), hand-made orders, route sheets, figures."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, func, select, update

from app.db import Database
from app.errors import QT_TRANSLATE_NOOP, ConcurrentEdit, ValidationError
from app.models import (
    Building,
    Contract,
    District,
    Installer,
    Premises,
    Subscriber,
    WorkOrder,
    WorkOrderKind,
    WorkOrderStatus,
    utcnow,
)
from app.services.admin.places import apartment_sort_key
from app.services.dispatch.orders import DEBT_GONE_REASONS, OPEN_STATUSES, create_order
from app.services.kernel.addresses import street_address
from app.services.kernel.documents import CompanyDetails, RouteSheetData, RouteStop
from app.services.kernel.history import EventKind, record_event
from app.services.kernel.permissions import Actor, Permission, require
from app.services.kernel.settings import business_today, read_settings
from app.services.kernel.text import tidy

MANUAL_KINDS = (WorkOrderKind.INSTALL, WorkOrderKind.REPAIR)


@dataclass(frozen=True)
class BoardFilter:
    statuses: tuple[WorkOrderStatus, ...] = OPEN_STATUSES
    kind: WorkOrderKind | None = None
    district_id: int | None = None
    installer_id: int | None = None
    due_until: dt.date | None = None


@dataclass(frozen=True)
class BoardRow:
    id: int
    kind: WorkOrderKind
    status: WorkOrderStatus
    district: str
    address: str  # building, without apartment
    apartment: str
    tap_label: str
    subscriber: str
    phone: str
    contract_number: str
    debt: int | None  # kopecks, positive, for disconnects
    days_in_debt: int | None
    installer_id: int | None
    installer: str
    due_on: dt.date
    planned_on: dt.date | None
    note: str
    cancel_reason: str
    printed: bool
    version: int


@dataclass(frozen=True)
class BoardCounters:
    new: int
    assigned: int
    due_today: int
    overdue: int


def _board_query() -> Select:
    """Plain columns (no ORM objects): a wave of tens of thousands of open orders loads in a second."""
    return (
        select(
            WorkOrder.id,
            WorkOrder.kind,
            WorkOrder.status,
            District.name,
            Building.street,
            Building.house,
            Building.block,
            Building.tap_label,
            Premises.apartment,
            Subscriber.full_name,
            Subscriber.phone,
            Contract.number,
            Contract.balance,
            Contract.debt_since,
            WorkOrder.installer_id,
            Installer.full_name,
            WorkOrder.due_on,
            WorkOrder.planned_on,
            WorkOrder.note,
            WorkOrder.cancel_reason,
            WorkOrder.printed_at,
            WorkOrder.version,
        )
        .outerjoin(Building, Building.id == WorkOrder.building_id)
        .outerjoin(District, District.id == Building.district_id)
        .outerjoin(Premises, Premises.id == WorkOrder.premises_id)
        .outerjoin(Contract, Contract.id == WorkOrder.contract_id)
        .outerjoin(Subscriber, Subscriber.id == Contract.subscriber_id)
        .outerjoin(Installer, Installer.id == WorkOrder.installer_id)
    )


def _row(r: Sequence[Any], today: dt.date) -> BoardRow:
    (order_id, kind, status, district, street, house, block, tap, apartment, name, phone, number) = r[:12]
    balance, debt_since = r[12], r[13]
    disconnect = kind == WorkOrderKind.DISCONNECT_CATV
    return BoardRow(
        id=int(order_id),
        kind=WorkOrderKind(kind),
        status=WorkOrderStatus(status),
        district=str(district or ""),
        address=street_address(str(street or ""), str(house or ""), str(block or "")) if street else "",
        apartment=str(apartment or ""),
        tap_label=str(tap or ""),
        subscriber=str(name or ""),
        phone=str(phone or ""),
        contract_number=str(number or ""),
        debt=-int(balance) if disconnect and isinstance(balance, int) and balance < 0 else None,
        days_in_debt=(today - debt_since).days if disconnect and isinstance(debt_since, dt.date) else None,
        installer_id=r[14],
        installer=str(r[15] or ""),
        due_on=r[16],
        planned_on=r[17],
        note=str(r[18] or ""),
        cancel_reason=str(r[19] or ""),
        printed=r[20] is not None,
        version=int(r[21]),
    )


def _address_key(row: BoardRow) -> tuple[object, ...]:
    return (row.district, row.address, apartment_sort_key(row.apartment), row.id)


def board(db: Database, actor: Actor, f: BoardFilter = BoardFilter()) -> list[BoardRow]:
    """Every order matching the filter — never a cut list: the board's counters and its rows must agree
    after any disconnect wave — grouped by district and building (address order). A read: on SQLite
    it does not wait for a writer."""
    require(actor, Permission.DISPATCH)
    conditions: list[ColumnElement[bool]] = [WorkOrder.status.in_(f.statuses)]
    if f.kind is not None:
        conditions.append(WorkOrder.kind == f.kind)
    if f.district_id is not None:
        conditions.append(Building.district_id == f.district_id)
    if f.installer_id is not None:
        conditions.append(WorkOrder.installer_id == f.installer_id)
    if f.due_until is not None:
        conditions.append(WorkOrder.due_on <= f.due_until)
    with db.reading(actor) as conn:
        today = business_today(read_settings(conn))
        rows = [_row(r, today) for r in conn.execute(_board_query().where(and_(*conditions)))]
    rows.sort(key=_address_key)
    return rows


def counters(db: Database, actor: Actor) -> BoardCounters:
    require(actor, Permission.DISPATCH)
    with db.reading(actor) as conn:
        today = business_today(read_settings(conn))
        by_status: dict[str, int] = {
            str(status): int(n)
            for status, n in conn.execute(
                select(WorkOrder.status, func.count())
                .where(WorkOrder.status.in_(OPEN_STATUSES))
                .group_by(WorkOrder.status)
            )
        }
        due_today = conn.scalar(
            select(func.count()).where(WorkOrder.status.in_(OPEN_STATUSES), WorkOrder.due_on == today)
        )
        overdue = conn.scalar(
            select(func.count()).where(WorkOrder.status.in_(OPEN_STATUSES), WorkOrder.due_on < today)
        )
    return BoardCounters(
        new=by_status.get(WorkOrderStatus.NEW.value, 0),
        assigned=by_status.get(WorkOrderStatus.ASSIGNED.value, 0),
        due_today=int(due_today or 0),
        overdue=int(overdue or 0),
    )


def installer_loads(db: Database, actor: Actor, day: dt.date) -> dict[int, int]:
    """How many visits each installer already has on `day` (assigned, not yet done): what the assign
    dialog shows beside each name, so a dispatcher spreads the work."""
    require(actor, Permission.DISPATCH)
    with db.reading(actor) as conn:
        return {
            int(installer_id): int(n)
            for installer_id, n in conn.execute(
                select(WorkOrder.installer_id, func.count())
                .where(WorkOrder.planned_on == day, WorkOrder.status.in_(OPEN_STATUSES))
                .group_by(WorkOrder.installer_id)
            )
            if installer_id is not None
        }


def assign(
    db: Database,
    actor: Actor,
    orders: Iterable[tuple[int, int]],
    installer_id: int | None,
    day: dt.date | None,
) -> int:
    """Assign (or, with `installer_id=None`, unassign) orders given as (id, version) pairs seen on the
    board. All or nothing: if another dispatcher changed any of them meanwhile, nothing is assigned and
    ConcurrentEdit tells the dispatcher to look at the reloaded board."""
    require(actor, Permission.DISPATCH)
    pairs = list(orders)
    if not pairs:
        raise ValidationError(
            QT_TRANSLATE_NOOP("Errors", "Select the orders to assign first."), field="orders"
        )
    if installer_id is not None and day is None:
        raise ValidationError(QT_TRANSLATE_NOOP("Errors", "Choose the day of the visit."), field="day")
    with db.transaction(actor) as session:
        if day is not None and installer_id is not None and day < business_today(read_settings(session)):
            raise ValidationError(
                QT_TRANSLATE_NOOP("Errors", "The day of the visit has passed: choose today or a later day."),
                field="day",
            )
        if installer_id is not None:
            installer = session.get(Installer, installer_id)
            if installer is None or not installer.active:
                raise ValidationError(
                    QT_TRANSLATE_NOOP("Errors", "Choose an active installer."), field="installer"
                )
        for order_id, version in pairs:
            values: dict[str, object] = {
                "installer_id": installer_id,
                "planned_on": day if installer_id is not None else None,
                "status": WorkOrderStatus.ASSIGNED if installer_id is not None else WorkOrderStatus.NEW,
                "assigned_at": utcnow() if installer_id is not None else None,
                "assigned_by": actor.staff_id if installer_id is not None else None,
                "printed_at": None,
                "version": WorkOrder.version + 1,
            }
            # Core UPDATE with the version in WHERE: the ORM's version check covers only its own flushes.
            done = session.execute(
                update(WorkOrder)
                .where(
                    WorkOrder.id == order_id,
                    WorkOrder.version == version,
                    WorkOrder.status.in_(OPEN_STATUSES),
                )
                .values(**values)
                .execution_options(synchronize_session=False)
            )
            if done.rowcount != 1:  # type: ignore[attr-defined]
                raise ConcurrentEdit()
            order = session.get_one(WorkOrder, order_id)
            session.refresh(order)
            contract = session.get(Contract, order.contract_id) if order.contract_id else None
            record_event(
                session,
                actor=actor,
                kind=EventKind.WORK_ORDER_ASSIGNED
                if installer_id is not None
                else EventKind.WORK_ORDER_UNASSIGNED,
                subscriber_id=contract.subscriber_id if contract else None,
                contract_id=order.contract_id,
                order=order_id,
                installer=installer_id or 0,
                day=day.isoformat() if day else "",
            )
    return len(pairs)


def create_manual_order(
    db: Database,
    actor: Actor,
    *,
    kind: WorkOrderKind,
    contract_number: str,
    due_on: dt.date,
    note: str,
) -> int:
    """An install or repair the dispatcher enters by hand, at the contract's address."""
    require(actor, Permission.DISPATCH)
    if kind not in MANUAL_KINDS:
        raise ValidationError(
            QT_TRANSLATE_NOOP("Errors", "By hand only installs and repairs are created."), field="kind"
        )
    note = tidy(note)[:1000]
    with db.transaction(actor) as session:
        today = business_today(read_settings(session))
        if due_on < today:
            raise ValidationError(
                QT_TRANSLATE_NOOP("Errors", "The due date cannot be in the past."), field="due_on"
            )
        contract_id = session.scalar(
            select(Contract.id).where(Contract.number == "".join(contract_number.split()))
        )
        if contract_id is None:
            raise ValidationError(
                QT_TRANSLATE_NOOP("Errors", "There is no contract number {number}. Check the number."),
                field="contract",
                number=contract_number.strip(),
            )
        order = create_order(
            session,
            actor=actor,
            kind=kind,
            contract_id=contract_id,
            service_id=None,
            due_on=due_on,
            note=note,
        )
        return order.id


def route_sheets(
    db: Database, actor: Actor, day: dt.date, installer_id: int | None = None
) -> list[RouteSheetData]:
    """The route sheets of a day (one per installer, or one installer's), stops in address order.
    Printing marks the orders, so a later cancellation can warn: "cancelled after printing"."""
    require(actor, Permission.DISPATCH)
    with db.transaction(actor) as session:
        settings = read_settings(session)
        today = business_today(settings)
        query = _board_query().where(
            WorkOrder.status == WorkOrderStatus.ASSIGNED, WorkOrder.planned_on == day
        )
        if installer_id is not None:
            query = query.where(WorkOrder.installer_id == installer_id)
        rows = sorted((_row(r, today) for r in session.execute(query)), key=_address_key)
        installers = {
            i.id: i
            for i in session.scalars(
                select(Installer).where(Installer.id.in_({r.installer_id for r in rows}))
            )
        }
        session.execute(
            update(WorkOrder)
            .where(WorkOrder.id.in_([r.id for r in rows]))
            .values(printed_at=utcnow())
            .execution_options(synchronize_session=False)
        )
        company = CompanyDetails.from_settings(settings)
    sheets: dict[int, RouteSheetData] = {}
    for row in rows:
        assert row.installer_id is not None
        installer = installers[row.installer_id]
        sheet = sheets.setdefault(
            row.installer_id, RouteSheetData(company, installer.full_name, installer.phone, day)
        )
        sheet.stops.append(
            RouteStop(
                order_id=row.id,
                kind=row.kind.value,
                district=row.district,
                address=row.address,
                apartment=row.apartment,
                tap_label=row.tap_label,
                subscriber_name=row.subscriber,
                phone=row.phone,
                contract_number=row.contract_number,
                debt=row.debt,
                note=row.note,
            )
        )
    return sorted(sheets.values(), key=lambda s: s.installer_name)


@dataclass(frozen=True)
class CancelledAfterPrinting:
    installer: str
    day: dt.date
    order_id: int
    address: str
    apartment: str


def cancelled_after_printing(db: Database, actor: Actor, since: dt.date) -> list[CancelledAfterPrinting]:
    """Orders already on a printed route sheet that were then cancelled because the subscriber paid:
    call the installer so nobody walks to the tap for nothing."""
    require(actor, Permission.DISPATCH)
    with db.reading(actor) as conn:
        today = business_today(read_settings(conn))
        found = conn.execute(
            _board_query().where(
                WorkOrder.status == WorkOrderStatus.CANCELLED,
                WorkOrder.cancel_reason.in_(DEBT_GONE_REASONS),
                WorkOrder.printed_at.is_not(None),
                WorkOrder.planned_on >= since,
            )
        ).all()
        rows = [_row(r, today) for r in found]
    return [
        CancelledAfterPrinting(r.installer, r.planned_on or r.due_on, r.id, r.address, r.apartment)
        for r in sorted(rows, key=_address_key)
    ]
