"""Who owes: the debtors report (grouped by district and building, for print, CSV and scripts) and the
data for debt notices that installers and postmen drop in mailboxes, a building at a time."""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Select, func, select

from app.db import Database
from app.models import (
    Building,
    Contract,
    ContractStatus,
    District,
    LedgerEntry,
    Premises,
    Service,
    ServiceKind,
    ServiceState,
    Subscriber,
)
from app.services.admin.places import apartment_sort_key
from app.services.billing.debt_policy import grace_days
from app.services.kernel.addresses import full_address, street_address
from app.services.kernel.documents import (
    CompanyDetails,
    DebtNotice,
    DebtNoticesData,
    DebtorBuilding,
    DebtorLine,
    DebtorsReportData,
)
from app.services.kernel.literals import in_literals
from app.services.kernel.permissions import Actor, Permission, require
from app.services.kernel.settings import business_today, read_settings

KIND_NAMES = {
    ServiceKind.INTERNET.value: "Интернет",
    ServiceKind.CATV.value: "КТВ",
    ServiceKind.IPTV.value: "IPTV",
    ServiceKind.OTHER.value: "Прочее",
}
STATE_NAMES = {
    ServiceState.ACTIVE.value: "работает",
    ServiceState.BLOCKED.value: "заблокирована",
    ServiceState.SUSPENDED.value: "приостановлена",
    ServiceState.DISCONNECT_PENDING.value: "ожидает отключения",
    ServiceState.DISCONNECTED.value: "отключена",
    ServiceState.PENDING.value: "ожидает подключения",
    ServiceState.CLOSED.value: "закрыта",
}


@dataclass(frozen=True)
class DebtorRow:
    """One contract in debt, flat, as exported."""

    district: str
    building: str
    tap_label: str
    apartment: str
    contract_number: str
    subscriber: str
    phone: str
    debt: int
    debt_since: dt.date | None
    days_in_debt: int | None
    services: str
    building_id: int | None
    contract_id: int


BUILDINGS_PER_BATCH = 200  # the report streams a batch of buildings at a time: memory stays bounded
FIRST_BUILDINGS = 16  # the screen's first page: a block of flats holds dozens of debtors


def _balance_at(day: dt.date, today: dt.date) -> tuple[Any, Any]:
    """(balance column, subquery or None): a contract's balance at the end of `day` — its cached
    balance, less what the ledger moved after `day` (read off the business-date index: a recent day
    reads a few entries, never the whole ledger)."""
    if day >= today:
        return Contract.balance, None
    later = (
        select(LedgerEntry.contract_id.label("contract_id"), func.sum(LedgerEntry.amount).label("moved"))
        .where(LedgerEntry.business_date > day)
        .group_by(LedgerEntry.contract_id)
        .subquery("later")
    )
    return Contract.balance - func.coalesce(later.c.moved, 0), later


def _in_debt(query: Select, balance: Any, later: Any) -> Select:
    if later is not None:
        query = query.outerjoin(later, later.c.contract_id == Contract.id)
    return query.where(Contract.status != ContractStatus.TERMINATED, balance < -Contract.credit_limit)


def _building_key(district: str | None, street: str | None, house: str | None, block: str | None) -> tuple:
    return (district or "", street or "", apartment_sort_key(house or ""), block or "")


def debtor_rows(
    db: Database, actor: Actor, as_of: dt.date | None = None, building_id: int | None = None
) -> list[DebtorRow]:
    """Contracts in debt at the end of `as_of` (default today), by district, street, house, apartment."""
    return list(iter_debtor_rows(db, actor, as_of, building_id))


@dataclass(frozen=True)
class DebtorsTotals:
    count: int
    debt: int  # kopecks owed, a positive sum


def debtors_first_page(
    db: Database, actor: Actor, as_of: dt.date | None = None, limit: int = 500
) -> tuple[list[DebtorRow], DebtorsTotals]:
    """What the Debtors screen shows at once: the first `limit` debtors in address order and the
    totals, from one read of the buildings with debtors. The first buildings are read a few at a time
    (FIRST_BUILDINGS, then twice as many each time), so a page reads about the buildings it shows."""
    require(actor, Permission.VIEW_REPORTS)
    with db.reading(actor) as conn:
        day, balance, later = _as_of(conn, as_of)
        buildings = _debtor_buildings(conn, balance, later, None)
        rows = list(itertools.islice(_stream(conn, buildings, balance, later, day, FIRST_BUILDINGS), limit))
    totals = DebtorsTotals(sum(b.count for b in buildings), -sum(b.balance for b in buildings))
    return rows, totals


def iter_debtor_rows(
    db: Database, actor: Actor, as_of: dt.date | None = None, building_id: int | None = None
) -> Iterator[DebtorRow]:
    """The debtors in address order, streamed: the buildings with debtors are read and ordered first
    (a narrow list), then their debtors a batch of buildings at a time — an export of hundreds of
    thousands of rows holds one batch in memory. A read: on SQLite it does not wait for a writer."""
    require(actor, Permission.VIEW_REPORTS)
    with db.reading(actor) as conn:
        day, balance, later = _as_of(conn, as_of)
        buildings = _debtor_buildings(conn, balance, later, building_id)
        yield from _stream(conn, buildings, balance, later, day, BUILDINGS_PER_BATCH)


def _as_of(conn: Connection, as_of: dt.date | None) -> tuple[dt.date, Any, Any]:
    today = business_today(read_settings(conn))
    day = as_of or today
    return (day, *_balance_at(day, today))


@dataclass(frozen=True)
class _DebtorBuilding:
    building_id: int | None  # None: contracts without premises
    count: int
    balance: int  # the sum of its debtors' balances (negative)
    key: tuple  # its place in address order (_building_key)


def _debtor_buildings(
    conn: Connection, balance: Any, later: Any, building_id: int | None
) -> list[_DebtorBuilding]:
    """The buildings with debtors in address order, with their debtors' count and balances: one
    aggregate grouped by the building's id alone (grouping by its district, street and house sorted
    the debtors' text on disk at a million subscribers), its groups then joined to their addresses."""
    grouped = (
        select(
            Premises.building_id.label("building_id"),
            func.count().label("debtors"),
            func.coalesce(func.sum(balance), 0).label("balance"),
        )
        .select_from(Contract)
        .outerjoin(Premises, Premises.id == Contract.premises_id)
        .group_by(Premises.building_id)
    )
    if building_id is not None:
        grouped = grouped.where(Premises.building_id == building_id)
    groups = _in_debt(grouped, balance, later).subquery("groups")
    rows = conn.execute(
        select(groups, District.name, Building.street, Building.house, Building.block)
        .outerjoin(Building, Building.id == groups.c.building_id)
        .outerjoin(District, District.id == Building.district_id)
    ).all()
    found = [_DebtorBuilding(r[0], int(r[1]), int(r[2]), _building_key(*r[3:])) for r in rows]
    return sorted(found, key=lambda b: b.key)


def _stream(
    conn: Connection,
    buildings: list[_DebtorBuilding],
    balance: Any,
    later: Any,
    day: dt.date,
    first_batch: int,
) -> Iterator[DebtorRow]:
    """The debtors of `buildings` (in address order) in address order, a batch of buildings at a
    time: `first_batch` buildings, then twice as many each time, up to BUILDINGS_PER_BATCH."""
    start, size = 0, max(1, min(first_batch, BUILDINGS_PER_BATCH))
    while start < len(buildings):
        batch = [b.building_id for b in buildings[start : start + size]]
        order = {b: n for n, b in enumerate(batch)}
        rows = _debtors_of(conn, batch, balance, later, day)
        rows.sort(key=lambda r: (order[r.building_id], apartment_sort_key(r.apartment), r.contract_number))
        yield from rows
        start, size = start + size, min(2 * size, BUILDINGS_PER_BATCH)


def _debtors_of(
    conn: Connection, buildings: list[int | None], balance: Any, later: Any, day: dt.date
) -> list[DebtorRow]:
    """The debtors of these buildings (None: contracts without premises), with their services. Read
    from the buildings' premises to their contracts, on indexes: a query from the contracts with the
    buildings' ids as a filter scanned every contract for every batch on SQLite."""
    rows = (
        select(
            Contract.id,
            Contract.number,
            Contract.debt_since,
            balance,
            Subscriber.full_name,
            Subscriber.phone,
            Premises.apartment,
            Building.id,
            Building.city,
            Building.street,
            Building.house,
            Building.block,
            Building.tap_label,
            District.name,
        )
        .select_from(Contract)
        .join(Subscriber, Subscriber.id == Contract.subscriber_id)
        .outerjoin(Premises, Premises.id == Contract.premises_id)
        .outerjoin(Building, Building.id == Premises.building_id)
        .outerjoin(District, District.id == Building.district_id)
    )
    found: list[Any] = []
    known = [b for b in buildings if b is not None]
    # The buildings' flats first, then their contracts by the flats' ids: joined in one statement,
    # PostgreSQL guessed 40 times too many flats for a batch and hashed every contract instead.
    flats = (
        list(conn.scalars(select(Premises.id).where(in_literals(Premises.building_id, known))))
        if known
        else []
    )
    for start in range(0, len(flats), 5000):
        housed = rows.where(in_literals(Contract.premises_id, flats[start : start + 5000]))
        found += conn.execute(_in_debt(housed, balance, later)).all()
    if None in buildings:
        found += conn.execute(_in_debt(rows.where(Contract.premises_id.is_(None)), balance, later)).all()
    services: dict[int, list[str]] = {}
    ids = [r[0] for r in found]
    for start in range(0, len(ids), 1000):
        for contract_id, kind, state in conn.execute(
            select(Service.contract_id, Service.kind, Service.state)
            .where(
                in_literals(Service.contract_id, ids[start : start + 1000]),
                Service.state != ServiceState.CLOSED,
            )
            .order_by(Service.contract_id, Service.id)
        ):
            services.setdefault(contract_id, []).append(
                f"{KIND_NAMES.get(str(kind), str(kind))}: {STATE_NAMES.get(str(state), str(state))}"
            )
    return [
        DebtorRow(
            district=r[13] or "",
            building=full_address(r[8], r[9], r[10], r[11]) if r[7] is not None else "",
            tap_label=r[12] or "",
            apartment=r[6] or "",
            contract_number=r[1],
            subscriber=r[4],
            phone=r[5],
            debt=-int(r[3]),
            debt_since=r[2],
            days_in_debt=(day - r[2]).days if r[2] is not None and r[2] <= day else None,
            services="; ".join(services.get(r[0], [])),
            building_id=r[7],
            contract_id=r[0],
        )
        for r in found
    ]


def debtors_report(db: Database, actor: Actor, as_of: dt.date | None = None) -> DebtorsReportData:
    rows = debtor_rows(db, actor, as_of)
    with db.reading(actor) as conn:
        settings = read_settings(conn)
        day = as_of or business_today(settings)
    buildings: list[DebtorBuilding] = []
    for row in rows:
        if not buildings or (buildings[-1].district, buildings[-1].address) != (row.district, row.building):
            buildings.append(DebtorBuilding(row.district, row.building, row.tap_label))
        buildings[-1].lines.append(
            DebtorLine(
                contract_number=row.contract_number,
                subscriber_name=row.subscriber,
                phone=row.phone,
                apartment=row.apartment,
                debt=row.debt,
                debt_since=row.debt_since or day,
                days_in_debt=row.days_in_debt or 0,
                services=row.services,
            )
        )
    return DebtorsReportData(
        company=CompanyDetails.from_settings(settings),
        as_of=day,
        buildings=buildings,
        total_debt=sum(r.debt for r in rows),
        total_contracts=len(rows),
    )


def debt_notices(
    db: Database, actor: Actor, building_id: int, as_of: dt.date | None = None
) -> DebtNoticesData:
    """One notice per indebted apartment of the building."""
    rows = debtor_rows(db, actor, as_of, building_id=building_id)
    with db.transaction(actor) as session:
        settings = read_settings(session)
        day = as_of or business_today(settings)
        grace = grace_days(settings)
        building = session.get(Building, building_id)
        catv = {
            cid
            for (cid,) in session.execute(
                select(Service.contract_id).where(
                    Service.contract_id.in_([r.contract_id for r in rows]),
                    Service.kind == ServiceKind.CATV,
                    Service.state.in_((ServiceState.ACTIVE, ServiceState.DISCONNECT_PENDING)),
                )
            )
        }
    address = street_address(building.street, building.house, building.block) if building else ""
    notices = [
        DebtNotice(
            contract_number=r.contract_number,
            subscriber_name=r.subscriber,
            address=full_address(building.city, building.street, building.house, building.block, r.apartment)
            if building
            else "",
            debt=r.debt,
            debt_since=r.debt_since or day,
            disconnect_on=max(day + dt.timedelta(days=1), (r.debt_since or day) + dt.timedelta(days=grace))
            if r.contract_id in catv
            else None,
            as_of=day,
        )
        for r in rows
    ]
    return DebtNoticesData(
        company=CompanyDetails.from_settings(settings), building_address=address, notices=notices
    )


CSV_HEADER = (
    "Район",
    "Дом",
    "Отвод/узел",
    "Кв.",
    "Договор",
    "Абонент",
    "Телефон",
    "Долг, руб.",
    "Долг с",
    "Дней",
    "Услуги",
)


def write_csv(rows: Sequence[DebtorRow] | Iterable[DebtorRow], out: io.TextIOBase | io.StringIO) -> int:
    """CSV for Excel: UTF-8 with BOM, `;` and decimal commas."""
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    count = 0
    for r in rows:
        writer.writerow(
            (
                r.district,
                r.building,
                r.tap_label,
                r.apartment,
                r.contract_number,
                r.subscriber,
                r.phone,
                f"{r.debt // 100},{r.debt % 100:02d}",
                r.debt_since.isoformat() if r.debt_since else "",
                "" if r.days_in_debt is None else r.days_in_debt,
                r.services,
            )
        )
        count += 1
    return count


def write_json(rows: Iterable[DebtorRow], out: io.TextIOBase | io.StringIO) -> int:
    """A JSON array, written record by record (a streamed report is never held whole)."""
    count = 0
    out.write("[")
    for r in rows:
        record = dict(vars(r))  # a flat dataclass: asdict's deep copy costs more than the query
        record["debt_since"] = r.debt_since.isoformat() if r.debt_since else None
        out.write(",\n " if count else "\n ")
        out.write(json.dumps(record, ensure_ascii=False))
        count += 1
    out.write("\n]\n" if count else "]\n")
    return count
