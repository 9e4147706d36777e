"""Field-work figures (done per installer and day, hours to done, trips saved) and the work orders as
CSV or JSON for accounting scripts."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from app.db import Database
from app.models import Installer, WorkOrder, WorkOrderKind, WorkOrderStatus
from app.services.dispatch.board import BoardRow
from app.services.dispatch.orders import DEBT_GONE_REASONS
from app.services.kernel.permissions import Actor, Permission, require
from app.services.kernel.settings import timezone_setting


@dataclass(frozen=True)
class InstallerDay:
    installer: str
    day: dt.date
    done: int


@dataclass(frozen=True)
class FieldFigures:
    done_per_installer_day: list[InstallerDay]
    average_hours_to_done: float | None
    trips_saved: int  # disconnect orders cancelled because the subscriber paid first
    orders_created: int


def field_figures(db: Database, actor: Actor, date_from: dt.date, date_to: dt.date) -> FieldFigures:
    """Field work for a period: done per installer and day, average time from creation to done, and
    the trips the debt policy saved."""
    require(actor, Permission.VIEW_REPORTS)
    with db.transaction(actor) as session:
        # The period is made of the company's days: a trip saved at 00:20 Moscow on 1 March is March's.
        zone = ZoneInfo(timezone_setting(session))
        start = dt.datetime.combine(date_from, dt.time.min, tzinfo=zone).astimezone(dt.UTC)
        end = dt.datetime.combine(date_to + dt.timedelta(days=1), dt.time.min, tzinfo=zone).astimezone(dt.UTC)
        done_rows = session.execute(
            select(Installer.full_name, WorkOrder.planned_on, WorkOrder.created_at, WorkOrder.closed_at)
            .join(Installer, Installer.id == WorkOrder.installer_id, isouter=True)
            .where(
                WorkOrder.status == WorkOrderStatus.DONE,
                WorkOrder.closed_at >= start,
                WorkOrder.closed_at < end,
            )
        ).all()
        saved = session.scalar(
            select(func.count()).where(
                WorkOrder.kind == WorkOrderKind.DISCONNECT_CATV,
                WorkOrder.status == WorkOrderStatus.CANCELLED,
                WorkOrder.cancel_reason.in_(DEBT_GONE_REASONS),
                WorkOrder.closed_at >= start,
                WorkOrder.closed_at < end,
            )
        )
        created = session.scalar(
            select(func.count()).where(WorkOrder.created_at >= start, WorkOrder.created_at < end)
        )
    per: dict[tuple[str, dt.date], int] = {}
    hours: list[float] = []
    for name, planned, created_at, closed_at in done_rows:
        if closed_at is None:  # done orders always have it; the type does not know
            continue
        day = planned or closed_at.astimezone(zone).date()
        per[(name or "", day)] = per.get((name or "", day), 0) + 1
        hours.append((closed_at - created_at).total_seconds() / 3600)
    return FieldFigures(
        done_per_installer_day=[InstallerDay(n, d, c) for (n, d), c in sorted(per.items())],
        average_hours_to_done=sum(hours) / len(hours) if hours else None,
        trips_saved=int(saved or 0),
        orders_created=int(created or 0),
    )


ORDER_CSV_HEADER = (
    "Наряд",
    "Работа",
    "Состояние",
    "Район",
    "Адрес",
    "Кв.",
    "Отвод/пломба",
    "Абонент",
    "Телефон",
    "Договор",
    "Долг, руб.",
    "Монтажник",
    "День",
    "Срок",
)


def write_orders_csv(rows: Iterable[BoardRow], out: io.TextIOBase | io.StringIO) -> int:
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(ORDER_CSV_HEADER)
    count = 0
    for r in rows:
        writer.writerow(
            (
                r.id,
                r.kind.value,
                r.status.value,
                r.district,
                r.address,
                r.apartment,
                r.tap_label,
                r.subscriber,
                r.phone,
                r.contract_number,
                "" if r.debt is None else f"{r.debt // 100},{r.debt % 100:02d}",
                r.installer,
                r.planned_on.isoformat() if r.planned_on else "",
                r.due_on.isoformat(),
            )
        )
        count += 1
    return count


def write_orders_json(rows: Iterable[BoardRow], out: io.TextIOBase | io.StringIO) -> int:
    records = []
    for r in rows:
        record = asdict(r)
        record.update(
            kind=r.kind.value,
            status=r.status.value,
            due_on=r.due_on.isoformat(),
            planned_on=r.planned_on.isoformat() if r.planned_on else None,
        )
        records.append(record)
    json.dump(records, out, ensure_ascii=False, indent=1)
    out.write("\n")
    return len(records)
