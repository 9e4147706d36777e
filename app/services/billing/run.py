"""The daily billing run: charge every chargeable service for a business date, apply the scheduled
tariff changes due that day, then the debt policy.

- Set-based SQL in batches of services, never one ORM object per service.
- Idempotent: a charge is unique per (service, period), so re-running a date, or resuming a run that
  was killed halfway, charges nothing twice (INSERT … ON CONFLICT DO NOTHING).
- One run at a time: a PostgreSQL advisory lock held for the run; on SQLite a lock row.
- Catch-up: missed days since the last finished run are charged once each, in order; and a service
  entered after its first day's run (signed at 14:00 to start that day) gets its first days charged by
  the next run (`_charge_first_days`).
- Pro-rata is exact: day d of an n-day month is charged fee·d//n − fee·(d−1)//n, so the days of a
  full month add up to the monthly fee in kopecks (the rounding remainder is carried, not lost)."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy import Connection, and_, case, exists, func, literal, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, aliased

from app.db import Database
from app.errors import QT_TRANSLATE_NOOP, DomainError, ValidationError
from app.models import (
    BillingRun,
    BillingRunStatus,
    ChargingMode,
    Contract,
    ContractStatus,
    LedgerEntry,
    LedgerKind,
    Service,
    ServiceState,
    Tariff,
    TariffPrice,
    utcnow,
)
from app.services.billing.debt_policy import apply_debt_policy
from app.services.billing.discounts import charge_amount
from app.services.billing.prices import period_of
from app.services.billing.run_lock import run_lock
from app.services.kernel.chains import seal
from app.services.kernel.history import EventKind, record_event
from app.services.kernel.permissions import Actor, Permission, require
from app.services.kernel.settings import business_date, read_settings

# Contracts per transaction of the night's charges (about twice as many services). A batch is a range
# of contract ids: its contracts and their services are each read off one index range. A batch of
# service ids joined their contracts scattered over the whole table, and PostgreSQL hashed every
# contract for every batch (120 ms each even when nothing was due).
BATCH = 25_000


MAX_CATCH_UP_DAYS = 62


INTERRUPTED = "interrupted: the run stopped before it finished (its charges were kept)"
CHARGED_STATES = (ServiceState.ACTIVE, ServiceState.DISCONNECT_PENDING)  # TV still works until cut


Progress = Callable[[str, int, int], None]


class BillingCancelled(DomainError):
    message = QT_TRANSLATE_NOOP(
        "Errors", "The billing run was cancelled. What was charged stays; run it again to finish the day."
    )


@dataclass
class DayResult:
    business_date: dt.date
    charges: int = 0
    charged_amount: int = 0  # kopecks, positive
    tariff_changes: int = 0
    debts_started: int = 0
    services_blocked: int = 0
    reminders_queued: int = 0
    disconnect_orders: int = 0
    debts_cleared: int = 0
    seconds: float = 0.0


@dataclass
class RunResult:
    days: list[DayResult] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"days": [{**asdict(d), "business_date": d.business_date.isoformat()} for d in self.days]}


def fees_on(session: Session, day: dt.date) -> dict[int, tuple[int, ChargingMode]]:
    """Each tariff's monthly fee (kopecks) valid on `day`, and its charging mode."""
    latest = (
        select(TariffPrice.tariff_id, func.max(TariffPrice.effective_from).label("since"))
        .where(TariffPrice.effective_from <= day)
        .group_by(TariffPrice.tariff_id)
        .subquery()
    )
    rows = session.execute(
        select(Tariff.id, Tariff.charging_mode, TariffPrice.monthly_fee)
        .join(latest, latest.c.tariff_id == Tariff.id)
        .join(
            TariffPrice, (TariffPrice.tariff_id == Tariff.id) & (TariffPrice.effective_from == latest.c.since)
        )
    ).all()
    return {tariff_id: (fee, ChargingMode(mode)) for tariff_id, mode, fee in rows}


def _apply_tariff_changes(session: Session, day: dt.date) -> int:
    due = session.execute(
        select(Service.id, Service.contract_id, Service.kind, Contract.subscriber_id)
        .join(Contract, Contract.id == Service.contract_id)
        .where(Service.scheduled_on <= day, Service.scheduled_tariff_id.is_not(None))
    ).all()
    if not due:
        return 0
    session.execute(
        update(Service)
        .where(Service.scheduled_on <= day, Service.scheduled_tariff_id.is_not(None))
        .values(
            tariff_id=Service.scheduled_tariff_id,
            scheduled_tariff_id=None,
            scheduled_on=None,
            version=Service.version + 1,
        )
    )
    for row in due:
        record_event(
            session,
            actor=None,
            kind=EventKind.TARIFF_CHANGE_APPLIED,
            subscriber_id=row.subscriber_id,
            contract_id=row.contract_id,
            service=row.kind,
        )
    return len(due)


def _resume_suspensions(session: Session, day: dt.date) -> int:
    """Voluntary suspensions end on their date: the service works (and is charged) from that day."""
    due = session.execute(
        select(Service.id, Service.contract_id, Service.kind, Contract.subscriber_id)
        .join(Contract, Contract.id == Service.contract_id)
        .where(Service.state == ServiceState.SUSPENDED, Service.suspended_until <= day)
    ).all()
    for row in due:
        service = session.get_one(Service, row.id)
        service.state = ServiceState.ACTIVE
        service.state_since = day
        service.suspended_until = None
        record_event(
            session,
            actor=None,
            kind=EventKind.SERVICE_RESUMED,
            subscriber_id=row.subscriber_id,
            contract_id=row.contract_id,
            service=row.kind,
        )
    return len(due)


def _charge_batch(
    session: Session, day: dt.date, fees: dict[int, tuple[int, ChargingMode]], low: int, high: int
) -> tuple[int, int]:
    """Charge the services of contracts with ids in [low, high) for `day`; returns (charges added,
    kopecks)."""
    batch = and_(
        Service.contract_id >= low, Service.contract_id < high, Contract.id >= low, Contract.id < high
    )
    return _insert_charges(session, day, fees, batch, booked_on=day)


def _insert_charges(
    session: Session,
    day: dt.date,
    fees: dict[int, tuple[int, ChargingMode]],
    services: Any,
    *,
    booked_on: dt.date,
) -> tuple[int, int]:
    """Charge the chargeable services matching `services` (a condition on Service) for `day`, booked
    on `booked_on`, each with its discount (`discounts.charge_amount`), and add the charges to their
    contracts' balances; returns (charges, kopecks). `fees`: each tariff's monthly fee on `day`."""
    if not fees:
        return 0, 0
    month_start = day.replace(day=1)
    amount, discount_joins = charge_amount(session, fees, day)
    charged = aliased(LedgerEntry)
    monthly = [t for t, (_f, m) in fees.items() if m is ChargingMode.MONTHLY]
    period = (
        case((Service.tariff_id.in_(monthly), literal(month_start)), else_=literal(day))
        if monthly
        else literal(day)
    )
    chargeable = (
        select(
            Service.contract_id,
            literal(LedgerKind.CHARGE.value),
            -amount,
            literal(booked_on),
            literal(utcnow()),
            Service.id,
            period,
            literal(""),
        )
        .join(Contract, Contract.id == Service.contract_id)
        .where(
            services,
            Service.state.in_(CHARGED_STATES),
            Service.started_on <= day,
            (Service.ended_on.is_(None)) | (Service.ended_on >= day),
            Service.tariff_id.in_(list(fees)),
            Contract.status == ContractStatus.ACTIVE,
            amount != 0,
            # Charged already (a monthly fee after the 1st, a run done again): not even tried. The
            # unique (service, period) below still decides; this probe of the same index costs a third
            # of a refused insert, which is what a night with nothing due used to spend its time on.
            ~exists(
                select(charged.id).where(charged.service_id == Service.id, charged.charge_period == period)
            ),
        )
    )
    for discount, on in discount_joins:
        chargeable = chargeable.outerjoin(discount, on)
    columns = [
        "contract_id",
        "kind",
        "amount",
        "business_date",
        "created_at",
        "service_id",
        "charge_period",
        "comment",
    ]
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    before = session.scalar(select(func.coalesce(func.max(LedgerEntry.id), 0)))
    statement = (
        dialect.insert(LedgerEntry)
        .from_select(columns, chargeable)
        .on_conflict_do_nothing(index_elements=["service_id", "charge_period"])
    )
    session.execute(statement)
    added = (
        select(LedgerEntry.contract_id, func.sum(LedgerEntry.amount).label("total"), func.count().label("n"))
        .where(
            LedgerEntry.id > before,
            LedgerEntry.kind == LedgerKind.CHARGE,
            LedgerEntry.business_date == booked_on,
        )
        .group_by(LedgerEntry.contract_id)
        .subquery()
    )
    totals = session.execute(
        select(func.coalesce(func.sum(added.c.n), 0), func.coalesce(func.sum(added.c.total), 0))
    ).one()
    return int(totals[0]), -int(totals[1])  # the balances moved with the insert (the ledger's trigger)


def _first_charge_day() -> Any:
    """The first day a service may be charged in its current spell: its start, or the day it came back
    (reconnected, unblocked, resumed), whichever is later."""
    since = func.coalesce(Service.state_since, Service.started_on)
    return case((since > Service.started_on, since), else_=Service.started_on)


def _charge_first_days(session: Session, day: dt.date) -> tuple[int, int]:
    """Charge the days before `day` whose run a service missed because it was entered after it.

    Per service, not per run: a service whose spell began (see `_first_charge_day`) in the catch-up
    window before `day`, and whose first run day since then has no charge, is charged every run day
    from its start to the day before `day` that has no charge yet. Only days that had a finished run
    are charged back: days before a database's first run (services imported from another billing,
    charged there) are not. The charges are booked on `day`, the run that posts them, with the day
    they are for as their period, so the card reads «for 17.03». The services are found with one
    query; then one INSERT per missed date over those services only: still set-based, and idempotent
    through the same unique (service, period) as every charge. Returns (charges added, kopecks)."""
    window_start = day - dt.timedelta(days=MAX_CATCH_UP_DAYS)
    first = _first_charge_day()
    finished_in_window = (
        BillingRun.status == BillingRunStatus.FINISHED,
        BillingRun.business_date >= window_start,
        BillingRun.business_date < day,
    )
    first_run = (
        select(func.min(BillingRun.business_date))
        .where(*finished_in_window, BillingRun.business_date >= first)
        .scalar_subquery()
    )
    charged_up_to_first_run = (
        select(func.max(LedgerEntry.charge_period))
        .where(LedgerEntry.service_id == Service.id, LedgerEntry.charge_period <= first_run)
        .scalar_subquery()
    )
    candidates = session.execute(
        select(Service.id, first, Service.tariff_id, first_run, charged_up_to_first_run)
        .join(Contract, Contract.id == Service.contract_id)
        .where(
            Service.state.in_(CHARGED_STATES),
            Contract.status == ContractStatus.ACTIVE,
            first >= window_start,
            first < day,
            first_run.is_not(None),
        )
    ).all()
    fees_of: dict[dt.date, dict[int, tuple[int, ChargingMode]]] = {}
    missing: dict[dt.date, list[int]] = {}  # first charge day -> services
    for service_id, first_day, tariff_id, run_day_, charged in candidates:
        if run_day_ not in fees_of:  # once a date, not once a service
            fees_of[run_day_] = fees_on(session, run_day_)
        fees = fees_of[run_day_]
        if tariff_id not in fees:
            continue
        period = period_of(fees[tariff_id][1], run_day_)
        if charged is None or charged < period:
            missing.setdefault(first_day, []).append(service_id)
    if not missing:
        return 0, 0
    run_days = session.scalars(
        select(BillingRun.business_date)
        .where(*finished_in_window, BillingRun.business_date >= min(missing))
        .distinct()
        .order_by(BillingRun.business_date)
    ).all()
    charges = amount = 0
    for back in run_days:
        services = sorted(s for first_day, ids in missing.items() if first_day <= back for s in ids)
        if back not in fees_of:
            fees_of[back] = fees_on(session, back)
        fees = fees_of[back]
        for chunk in range(0, len(services), 500):
            n, kopecks = _insert_charges(
                session, back, fees, Service.id.in_(services[chunk : chunk + 500]), booked_on=day
            )
            charges += n
            amount += kopecks
    return charges, amount


def run_day(
    db: Database,
    day: dt.date,
    *,
    actor: Actor | None = None,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> DayResult:
    """Charges and the policy for one business date (not after today). Call under `run_lock`;
    `actor` is who started the run (None: the scheduler)."""
    started = time.perf_counter()
    result = DayResult(day)
    refuse_future(day, business_date(db))
    with db.transaction(actor) as session:
        run = BillingRun(business_date=day, staff_id=actor.staff_id if actor else None)
        session.add(run)
        session.flush()
        run_id = run.id
        result.tariff_changes = _apply_tariff_changes(session, day)
        _resume_suspensions(session, day)
        fees = fees_on(session, day)
        highest = session.scalar(select(func.coalesce(func.max(Contract.id), 0))) or 0
    status, error = BillingRunStatus.FAILED, ""
    try:
        for low in range(1, highest + 1, BATCH):
            if cancelled is not None and cancelled():
                raise BillingCancelled()
            with db.transaction(actor) as session:
                charges, amount = _charge_batch(session, day, fees, low, low + BATCH)
            result.charges += charges
            result.charged_amount += amount
            if progress is not None:
                progress("charges", min(low + BATCH - 1, highest), highest)
        with db.transaction(actor) as session:
            charges, amount = _charge_first_days(session, day)
        result.charges += charges
        result.charged_amount += amount
        if progress is not None:
            progress("policy", 0, 1)
        with db.transaction(actor) as session:
            counts = apply_debt_policy(session, day, read_settings(session))
        result.debts_started = counts.debts_started
        result.services_blocked = counts.services_blocked
        result.reminders_queued = counts.reminders_queued
        result.disconnect_orders = counts.disconnect_orders
        result.debts_cleared = counts.debts_cleared
        status = BillingRunStatus.FINISHED
    except BillingCancelled:
        status, error = BillingRunStatus.CANCELLED, "cancelled"
        raise
    except Exception as exc:
        error = str(exc)[:500]
        raise
    finally:
        result.seconds = time.perf_counter() - started
        _finish(db, run_id, status, result, error, actor)
    if progress is not None:
        progress("policy", 1, 1)
    return result


def _finish(
    db: Database, run_id: int, status: BillingRunStatus, result: DayResult, error: str, actor: Actor | None
) -> None:
    counts = {k: v for k, v in asdict(result).items() if isinstance(v, int)}
    try:
        with db.transaction(actor) as session:
            session.execute(
                update(BillingRun)
                .where(BillingRun.id == run_id)
                .values(status=status, finished_at=utcnow(), counts=counts, error=error)
            )
            if status is BillingRunStatus.FINISHED:
                record_event(
                    session,
                    actor=actor,
                    kind=EventKind.BILLING_RUN,
                    date=result.business_date.isoformat(),
                    charges=result.charges,
                )
    except DomainError:
        pass  # the run's own outcome is what the caller needs to hear about


def last_finished_day(db: Database) -> dt.date | None:
    with db.reading() as conn:
        return _last_finished(conn)


def _last_finished(conn: Connection) -> dt.date | None:
    value = conn.execute(
        select(func.max(BillingRun.business_date)).where(BillingRun.status == BillingRunStatus.FINISHED)
    ).scalar()
    return value


def days_to_run(db: Database, until: dt.date) -> list[dt.date]:
    """`until` and every day missed since the last finished run before it, oldest first. Days before
    the first service started are never missed (a run for an old date on a new database must not make
    the next night catch up decades)."""
    last = last_finished_day(db)
    if last is None or last >= until:
        return [until]
    with db.reading() as conn:
        first_start = conn.execute(select(func.min(Service.started_on))).scalar()
    if first_start is None:
        return [until]
    last = max(last, first_start - dt.timedelta(days=1))
    if last >= until:
        return [until]
    missed = (until - last).days
    if missed > MAX_CATCH_UP_DAYS:
        raise ValidationError(
            QT_TRANSLATE_NOOP(
                "Errors",
                "The last billing run was {days} days ago ({last}). At most {limit} days are caught up "
                "at once: run the billing for an earlier date first.",
            ),
            field="date",
            days=missed,
            last=last.isoformat(),
            limit=MAX_CATCH_UP_DAYS,
        )
    return [last + dt.timedelta(days=n) for n in range(1, missed + 1)]


def run_billing(
    db: Database,
    actor: Actor | None,
    until: dt.date | None = None,
    *,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> RunResult:
    """The billing run up to `until` (default: today in the operator's time zone), missed days first.
    `actor=None` is the scheduler (command line); staff need the RUN_BILLING permission."""
    if actor is not None:
        require(actor, Permission.RUN_BILLING)
    today = business_date(db)
    until = until or today
    refuse_future(until, today)
    result = RunResult()
    with run_lock(db):
        close_interrupted_runs(db)
        for day in days_to_run(db, until):
            result.days.append(run_day(db, day, actor=actor, progress=progress, cancelled=cancelled))
    seal(db)  # the night's charges and events join the tamper-evident chains
    return result


def refuse_future(day: dt.date, today: dt.date) -> None:
    """A run charges days that have come: a later date would charge ahead and block prepaid
    subscribers with a debt dated in the future."""
    if day > today:
        raise ValidationError(
            QT_TRANSLATE_NOOP(
                "Errors",
                "The billing cannot run for {date}: that day has not come yet. Today is {today} in the "
                "company's time zone; choose today or an earlier date.",
            ),
            field="date",
            date=day.strftime("%d.%m.%Y"),
            today=today.strftime("%d.%m.%Y"),
        )


def close_interrupted_runs(db: Database) -> int:
    """Runs still marked running while this one holds the lock were killed (power cut, task ended):
    mark them failed, with the charges they committed for their day, so the history tells the truth.
    Returns how many were closed."""
    with db.transaction() as session:
        stale = session.execute(
            select(BillingRun.id, BillingRun.business_date).where(
                BillingRun.status == BillingRunStatus.RUNNING
            )
        ).all()
        for run_id, day in stale:
            committed = session.execute(
                select(func.count(), func.coalesce(-func.sum(LedgerEntry.amount), 0)).where(
                    LedgerEntry.kind == LedgerKind.CHARGE,
                    LedgerEntry.business_date == day,
                    LedgerEntry.created_at
                    >= select(BillingRun.started_at).where(BillingRun.id == run_id).scalar_subquery(),
                )
            ).one()
            session.execute(
                update(BillingRun)
                .where(BillingRun.id == run_id)
                .values(
                    status=BillingRunStatus.FAILED,
                    finished_at=utcnow(),
                    counts={"charges": int(committed[0]), "charged_amount": int(committed[1])},
                    error=INTERRUPTED,
                )
            )
        return len(stale)


@dataclass(frozen=True)
class RunRow:
    id: int
    business_date: dt.date
    status: BillingRunStatus
    started_at: dt.datetime
    finished_at: dt.datetime | None
    counts: dict[str, int]
    error: str


def run_history(db: Database, actor: Actor, limit: int = 100) -> list[RunRow]:
    """The latest runs, newest first."""
    require(actor, Permission.RUN_BILLING)
    with db.transaction(actor) as session:
        return [
            RunRow(
                r.id,
                r.business_date,
                BillingRunStatus(r.status),
                r.started_at,
                r.finished_at,
                r.counts or {},
                r.error,
            )
            for r in session.scalars(select(BillingRun).order_by(BillingRun.id.desc()).limit(limit))
        ]
