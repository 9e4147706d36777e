"""Demo data for a new database: a cable-TV and Internet operator with staff, tariffs, buildings,
subscribers and a year of charges, payments, debts and disconnect orders, consistent with the rules
(balance = sum of the ledger, gapless receipts, one charge per service and period).

Deterministic for a seed and fast: rows are loaded in bulk (binary COPY on PostgreSQL, executemany on
SQLite) inside one transaction, never as ORM objects. A million subscribers take minutes on
PostgreSQL; the few thousand the program builds on first start take seconds on SQLite.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, replace

from sqlalchemy import Connection
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from app.db import Database, is_connection_error
from app.demo.bulk import BulkLoader, make_loader
from app.demo.contracts import ContractStream
from app.demo.payments import (
    PAYMENT_STAGE,
    create_stage,
    drop_stage,
    insert_payment_events,
    insert_payments,
    write_receipt_counters,
)
from app.demo.places import write_places
from app.demo.reference import (
    DEMO_LOGINS,
    DEMO_PASSWORD,
    Calendar,
    World,
    write_cash_desks,
    write_company_settings,
    write_districts_and_installers,
    write_shifts,
    write_staff,
    write_tariffs,
)
from app.demo.vocabulary import DISTRICTS, SETTLEMENT_DISTRICTS
from app.errors import QT_TRANSLATE_NOOP, DatabaseUnavailable, ValidationError
from app.services.admin.passwords import hash_password
from app.services.kernel.settings import DEFAULTS, Key, business_today, read_settings

__all__ = ["DEMO_LOGINS", "DEMO_PASSWORD", "DemoSummary", "Stage", "StageTiming", "generate_demo_data"]

MAX_SUBSCRIBERS = 5_000_000

# Tables that get millions of rows: on PostgreSQL their secondary indexes and keys are rebuilt after.
# It pays at every size (measured: 200 subscribers 0.37 s instead of 0.49 s, 20,000 10 s instead of 30 s).
BULK_TABLES = (
    "building", "premises", "subscriber", "contract", "residence", "service", "ledger_entry", "payment",
    "event", "work_order",
)  # fmt: skip

# Indexes the contract stream fills in key order (contract by contract, ids ascending): appending to
# them costs PostgreSQL little, and it does so while Python generates the next chunk. Measured: the
# rebuild after the load takes 66 s instead of 97 s for a million subscribers, the load no longer.
# Indexes on random keys (phones, premises, UUIDs, dates) and all foreign keys are dropped and rebuilt.
KEEP_DURING_LOAD = (
    "ix_ledger_entry_contract_id", "uq_ledger_entry_service_id_charge_period", "uq_ledger_entry_reverses_id",
    "uq_contract_number", "ix_contract_subscriber", "ix_service_contract", "ix_event_contract_time",
    "ix_event_subscriber_time", "ix_contract_number_c",
)  # fmt: skip

# Tables whose ids the generator assigns itself, continuing after rows that may already exist.
ID_TABLES = (
    "staff", "district", "installer", "tariff", "tariff_price", "cash_desk", "shift", "building", "premises",
    "subscriber", "contract", "service", "ledger_entry", "payment", "event", "work_order",
)  # fmt: skip

# Reference data whose names are unique: the demo adds its own only to a database without any.
# Staff too: demo logins with the password «demo» must never appear next to real accounts.
MUST_BE_EMPTY = ("staff", "subscriber", "contract", "building", "district", "tariff", "cash_desk")

Progress = Callable[[str, int, int], None]


class Stage:
    """Stage names passed to `progress` (source texts; a view translates them in context "DemoData")."""

    REFERENCE = QT_TRANSLATE_NOOP("DemoData", "Company, staff and tariffs")
    PLACES = QT_TRANSLATE_NOOP("DemoData", "Buildings and apartments")
    SUBSCRIBERS = QT_TRANSLATE_NOOP("DemoData", "Subscribers, contracts, charges and payments")
    RECEIPTS = QT_TRANSLATE_NOOP("DemoData", "Receipts and cash desk shifts")
    HISTORY = QT_TRANSLATE_NOOP("DemoData", "Payment history")
    INDEXES = QT_TRANSLATE_NOOP("DemoData", "Indexes, keys and statistics")
    VACUUM = QT_TRANSLATE_NOOP("DemoData", "Preparing the tables for fast reads")  # on a server only (VACUUM)


@dataclass(frozen=True)
class StageTiming:
    name: str
    seconds: float
    rows: int


@dataclass(frozen=True)
class DemoSummary:
    subscribers: int
    contracts: int
    services: int
    ledger_entries: int
    payments: int
    work_orders: int
    seconds: float
    stages: tuple[StageTiming, ...] = ()


class _Stages:
    """Times the stages and forwards progress to the caller."""

    def __init__(self, progress: Progress | None) -> None:
        self.progress = progress
        self.done: list[StageTiming] = []
        self.started = time.perf_counter()
        self.name = ""
        self.stage_started = self.started

    def start(self, name: str, total: int = 0) -> None:
        self.name, self.stage_started = name, time.perf_counter()
        self.report(0, total)

    def report(self, done: int, total: int) -> None:
        if self.progress:
            self.progress(self.name, done, total)

    def finish(self, rows: int) -> None:
        self.done.append(StageTiming(self.name, time.perf_counter() - self.stage_started, rows))


def generate_demo_data(
    db: Database,
    *,
    subscribers: int,
    seed: int = 1,
    today: dt.date | None = None,
    months: int = 12,
    progress: Progress | None = None,
) -> DemoSummary:
    """Fill a freshly migrated, empty database with demo data as of `today` (default: the business date).

    Staff sign in with the logins of DEMO_LOGINS and the password DEMO_PASSWORD. Refuses (ValidationError)
    a database that already has staff, subscribers, buildings, tariffs or cash desks. One transaction: on any
    error nothing is left behind, so `progress` may raise to cancel the build.
    """
    if not 1 <= subscribers <= MAX_SUBSCRIBERS:
        raise ValidationError(
            QT_TRANSLATE_NOOP("Errors", "The number of demo subscribers must be between 1 and {maximum}."),
            field="subscribers",
            maximum=MAX_SUBSCRIBERS,
        )
    if not 1 <= months <= 60:
        raise ValidationError(
            QT_TRANSLATE_NOOP("Errors", "Demo history must cover 1 to 60 months."), field="months"
        )
    stages = _Stages(progress)
    stages.start(Stage.REFERENCE)
    password_hash = hash_password(DEMO_PASSWORD)  # argon2id is slow on purpose: once for everyone
    try:
        with db.engine.execution_options(sqlite_begin="IMMEDIATE").begin() as conn:
            summary = _build(conn, stages, password_hash, subscribers, seed, today, months)
        if not db.is_embedded:
            # What autovacuum does to freshly loaded tables in time, done at once: their visibility map
            # lets index-only scans skip the table (the journal's totals at a million payments: 189 ms
            # before, 65 ms after). 9 s at 1,000,000 subscribers: a stage of its own, so the progress
            # shown does not stand still at the end.
            stages.start(Stage.VACUUM)
            with db.engine.connect() as raw:
                raw.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("VACUUM")
            stages.finish(0)
            summary = replace(
                summary, seconds=time.perf_counter() - stages.started, stages=tuple(stages.done)
            )
            from app.services.admin.server_roles import give_everyone_a_login, setup_roles

            setup_roles(db)  # a new database has no job roles yet for the logins to join
            give_everyone_a_login(db, DEMO_PASSWORD)  # on a server, signing in is the server's
        return summary
    except DBAPIError as exc:
        if is_connection_error(exc):
            raise DatabaseUnavailable() from exc
        raise


def _build(
    conn: Connection,
    stages: _Stages,
    password_hash: str,
    subscribers: int,
    seed: int,
    today: dt.date | None,
    months: int,
) -> DemoSummary:
    """All stages, in the caller's transaction."""
    _refuse_unless_empty(conn)
    first_ids = _next_ids(conn)
    loader = make_loader(conn, [PAYMENT_STAGE])
    rng = random.Random(seed)
    world = _reference_stage(conn, loader, rng, subscribers, password_hash, first_ids, today, months)
    calendar = world.calendar
    loader.before_load(BULK_TABLES, KEEP_DURING_LOAD)
    stages.finish(0)

    stages.start(Stage.PLACES, subscribers)
    places = write_places(loader, rng, subscribers, world, first_ids["building"], first_ids["premises"])
    stages.finish(places.premises_count)

    stages.start(Stage.SUBSCRIBERS, subscribers)
    create_stage(conn)
    stream = ContractStream(world, places, seed=seed, subscribers=subscribers, first_ids=first_ids)
    totals = stream.run(loader, PAYMENT_STAGE.name, stages.report)
    written = totals.subscribers * 2 + totals.services + totals.ledger_entries + totals.staged_payments
    stages.finish(written + totals.work_orders + totals.events)

    stages.start(Stage.RECEIPTS, totals.staged_payments)
    shifts = write_shifts(loader, world)
    write_receipt_counters(loader, stream.desk_payments)
    payments = insert_payments(loader, first_ids["payment"], world.desk_ids)
    drop_stage(conn)
    stages.finish(payments + shifts)

    stages.start(Stage.HISTORY)
    today_date = dt.date.fromordinal(calendar.today)
    history = insert_payment_events(loader, stream.next_event, first_ids["payment"], today_date)
    stages.finish(history)

    stages.start(Stage.INDEXES)
    loader.after_load(stages.report)
    stages.finish(0)
    return DemoSummary(
        subscribers=totals.subscribers,
        contracts=totals.subscribers,
        services=totals.services,
        ledger_entries=totals.ledger_entries,
        payments=payments,
        work_orders=totals.work_orders,
        seconds=time.perf_counter() - stages.started,
        stages=tuple(stages.done),
    )


def _refuse_unless_empty(conn: Connection) -> None:
    for table in MUST_BE_EMPTY:
        if conn.exec_driver_sql(f"SELECT 1 FROM {table} LIMIT 1").first() is not None:
            raise ValidationError(
                QT_TRANSLATE_NOOP(
                    "Errors",
                    "Demo data can only be added to a new, empty database: this one already has staff, "
                    "subscribers, buildings, tariffs or cash desks.",
                )
            )


def _next_ids(conn: Connection) -> dict[str, int]:
    return {
        t: int(conn.exec_driver_sql(f"SELECT COALESCE(max(id), 0) + 1 FROM {t}").scalar_one())
        for t in ID_TABLES
    }


def _district_count(subscribers: int) -> int:
    """8 districts for a small town, up to 20 for a city of a million subscribers."""
    city = 8
    while city < len(DISTRICTS) and 1_000 * 2 ** (city - 7) <= subscribers:
        city += 1
    return city + _settlement_count(subscribers)


def _settlement_count(subscribers: int) -> int:
    return len(SETTLEMENT_DISTRICTS) if subscribers >= 50_000 else 0


def _reference_stage(
    conn: Connection,
    loader: BulkLoader,
    rng: random.Random,
    subscribers: int,
    password_hash: str,
    first_ids: dict[str, int],
    today: dt.date | None,
    months: int,
) -> World:
    session = Session(bind=conn)  # settings go through their domain functions, in this transaction
    settings = read_settings(session)
    calendar = Calendar(today or business_today(settings), months, settings[Key.TIMEZONE])
    write_company_settings(session, rng)
    session.close()
    staff = write_staff(loader, rng, password_hash, first_ids["staff"], calendar)
    tariffs = write_tariffs(loader, calendar, first_ids["tariff"], first_ids["tariff_price"])
    count = _district_count(subscribers)
    settlements = _settlement_count(subscribers)
    names = list(DISTRICTS[: count - settlements]) + list(SETTLEMENT_DISTRICTS[:settlements])
    district_ids, installers = write_districts_and_installers(
        loader, rng, names, first_ids["district"], first_ids["installer"]
    )
    world = World(
        calendar,
        int(settings[Key.GRACE_DAYS] or DEFAULTS[Key.GRACE_DAYS]),
        staff,
        tariffs,
        dict(zip(district_ids, names, strict=True)),
        settlements,
        installers,
    )
    write_cash_desks(loader, world, subscribers, first_ids["cash_desk"], first_ids["shift"])
    return world
