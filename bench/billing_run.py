"""One day of the billing run (charges and debt policy) for 1,000,000 services on PostgreSQL, next to
the same charging done by a naive ORM loop on a sample, extrapolated, measured in the same run. Both
run as a scheduler's login (as the nightly task does), so the server's checks of actors and ledger
paths are in the figures.

usage: .venv/bin/python bench/billing_run.py [--services 1000000] [--sample 2000] [--database URL]
                                            [--held-percent 0]
`--held-percent N`: N contracts in a hundred hold a promotion's first-months price on every service
(docs/promotions.md), so the night's charges go through the held-price join.
Without --database it creates (and drops) its own database with contracts and services made by SQL;
with --database (e.g. one filled by `subscriber-desk demo-data`) it bills that database's services.
"""

from __future__ import annotations

import argparse
import calendar
import datetime as dt
import resource
import time
import uuid

from sqlalchemy import create_engine, func, make_url, select, text

from app.db import Database
from app.models import Contract, LedgerEntry, LedgerKind, Service, ServiceState, TariffPrice
from app.schema import upgrade
from app.services.admin.server_roles import add_scheduler_login, drop_database_roles, setup_roles
from app.services.admin.staff import scram_verifier
from app.services.billing import run as billing
from app.services.billing.prices import daily_charge
from app.services.billing.run import run_day
from app.services.kernel.chains import seal

DEFAULT_ADMIN = "postgresql+psycopg://root@127.0.0.1:5432/test"
DAY = dt.date(2026, 3, 2)


def hold_prices(db: Database, percent: int) -> None:
    """`percent` contracts in a hundred hold a first-months price (half the fee) on all their services
    through the run's day: one promotion, an attachment per contract, a held price per service."""
    started = time.perf_counter()
    with db.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO promotion (id, name, kind, months, price, created_at) "
                "VALUES (1, 'Полгода за полцены', 'first_months', 6, 10000, now())"
            )
        )
        conn.execute(
            text(
                "INSERT INTO promotion_attachment (contract_id, promotion_id, attached_on, ends_on, "
                "created_at) SELECT id, 1, '2026-01-01', '2026-06-30', now() FROM contract "
                "WHERE id % 100 < :p"
            ),
            {"p": percent},
        )
        held = conn.execute(
            text(
                "INSERT INTO fixed_price (contract_id, service_id, tariff_id, monthly_fee, full_fee, "
                "first_day, last_day, attachment_id) SELECT s.contract_id, s.id, s.tariff_id, 10000, "
                "60000, '2026-01-01', '2026-06-30', a.id FROM service s "
                "JOIN promotion_attachment a ON a.contract_id = s.contract_id"
            )
        ).rowcount
        conn.execute(text("ANALYZE"))
    print(f"held prices on {held} services in {time.perf_counter() - started:.1f} s")


def populate(db: Database, services: int, debtors_percent: int = 1, wave: str = "new") -> None:
    """Two services per contract; `debtors_percent` contracts in a hundred are a kopeck from going into
    debt (1 by default; a debt wave after a price rise: 50 and more) or, with `wave="disconnect"`, in
    debt since the grace period ago (their cable TV goes to the dispatch queue on the run's day)."""
    contracts = services // 2
    started = time.perf_counter()
    with db.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO tariff (id, name, kind, charging_mode, speed_kbps, valid_from, version) VALUES "
                "(1, 'Интернет 100', 'internet', 'daily', 100000, '2020-01-01', 1), "
                "(2, 'КТВ Базовый', 'catv', 'daily', NULL, '2020-01-01', 1), "
                "(3, 'КТВ Социальный', 'catv', 'monthly', NULL, '2020-01-01', 1)"
            )
        )
        conn.execute(
            text(
                "INSERT INTO tariff_price (tariff_id, effective_from, monthly_fee) VALUES "
                "(1, '2020-01-01', 60000), (2, '2020-01-01', 35000), (3, '2020-01-01', 15000)"
            )
        )
        conn.execute(
            text(
                "INSERT INTO subscriber (id, kind, full_name, phone, phone2, email, notify_sms, "
                "notify_email, passport_series, passport_number, passport_issued_by, inn, created_at, "
                "search_name, version) "
                "SELECT g, 'person', 'Абонент ' || g, '7916' || lpad(g::text, 7, '0'), '', '', true, false, "
                "'', '', '', '', now(), '', 1 FROM generate_series(1, :n) g"
            ),
            {"n": contracts},
        )
        conn.execute(
            text(
                "INSERT INTO contract (id, number, subscriber_id, signed_on, status, credit_limit, balance, "
                "never_block, created_at, version) SELECT g, (1000000 + g)::text, g, '2025-01-01', 'active', "
                "0, 0, false, now(), 1 FROM generate_series(1, :n) g"
            ),
            {"n": contracts},
        )
        conn.execute(  # the opening balances, as ledger entries (the ledger's trigger moves the balances)
            text(
                "INSERT INTO ledger_entry (contract_id, kind, amount, business_date, created_at, comment) "
                "SELECT id, 'adjustment', CASE WHEN id % 100 < :debtors THEN 1 ELSE 100000 END, "
                "'2026-02-28', now(), 'opening balance' FROM contract"
            ),
            {"debtors": debtors_percent},
        )
        if wave == "disconnect":
            conn.execute(
                text(
                    "INSERT INTO ledger_entry (contract_id, kind, amount, business_date, created_at, "
                    "comment) SELECT id, 'adjustment', -50000, :since, now(), 'debt' FROM contract "
                    "WHERE id % 100 < :d"
                ),
                {"d": debtors_percent, "since": DAY - dt.timedelta(days=10)},
            )
            conn.execute(
                text("UPDATE contract SET debt_since = :since WHERE id % 100 < :d"),
                {"d": debtors_percent, "since": DAY - dt.timedelta(days=10)},
            )
        conn.execute(
            text(
                "INSERT INTO service (id, contract_id, kind, tariff_id, identifier, state, state_since, "
                "started_on, version) SELECT g, (g + 1) / 2, "
                "CASE WHEN g % 2 = 1 THEN 'internet' ELSE 'catv' END, "
                "CASE WHEN g % 2 = 1 THEN 1 WHEN g % 4 = 0 THEN 2 ELSE 3 END, '', 'active', '2025-01-01', "
                "'2025-01-01', 1 FROM generate_series(1, :n) g"
            ),
            {"n": services},
        )
        for table in ("subscriber", "contract", "service", "tariff", "tariff_price", "ledger_entry"):
            conn.execute(
                text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
            )
        conn.execute(text("ANALYZE"))
    print(f"populated {contracts} contracts and {services} services in {time.perf_counter() - started:.1f} s")


def naive_orm_loop(db: Database, sample: int) -> float:
    """What a straightforward implementation does: load each service, add a charge object (the ledger's
    trigger moves the balance), flush every 1,000. Seconds for `sample` services (already charged ones
    are skipped)."""
    day = DAY + dt.timedelta(days=1)
    days = calendar.monthrange(day.year, day.month)[1]
    started = time.perf_counter()
    with db.transaction() as session:
        services = session.scalars(
            select(Service).where(Service.state == ServiceState.ACTIVE).order_by(Service.id).limit(sample)
        ).all()
        for n, service in enumerate(services, start=1):
            fee = session.scalar(
                select(TariffPrice.monthly_fee)
                .where(TariffPrice.tariff_id == service.tariff_id, TariffPrice.effective_from <= day)
                .order_by(TariffPrice.effective_from.desc())
                .limit(1)
            )
            amount = daily_charge(int(fee or 0), day.day, days)
            exists = session.scalar(
                select(func.count()).where(
                    LedgerEntry.service_id == service.id, LedgerEntry.charge_period == day
                )
            )
            contract = session.get_one(Contract, service.contract_id)
            if exists or amount == 0 or contract.status != "active":
                continue
            session.add(
                LedgerEntry(
                    contract_id=service.contract_id,
                    kind=LedgerKind.CHARGE,
                    amount=-amount,
                    business_date=day,
                    service_id=service.id,
                    charge_period=day,
                )
            )
            if n % 1000 == 0:
                session.flush()
        session.rollback()  # a measurement only: leave the day to nobody
    return time.perf_counter() - started


def scheduler_database(owner: Database) -> Database:
    """(As the owner.) The same database as a scheduler's login, `night.<database>` (created, or its
    password reset): how the nightly task connects."""
    setup_roles(owner)
    scheduler = f"night.{owner.url.database}"
    with owner.transaction() as session:
        verifier = scram_verifier(session, scheduler, "bench-night-1")
    add_scheduler_login(owner, scheduler, verifier)
    return Database(owner.url.set(username=scheduler, password="bench-night-1"))


def ledger_mismatches(db: Database) -> int:
    """How many contracts' balance differs from the sum of their ledger entries (0 when all is well)."""
    with db.reading() as conn:
        return int(
            conn.execute(
                text(
                    "SELECT count(*) FROM contract c WHERE balance <> (SELECT coalesce(sum(amount), 0) "
                    "FROM ledger_entry e WHERE e.contract_id = c.id)"
                )
            ).scalar_one()
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--services", type=int, default=1_000_000)
    parser.add_argument("--sample", type=int, default=2000)
    parser.add_argument("--database")
    parser.add_argument("--batch", type=int, default=billing.BATCH, help="services per transaction")
    parser.add_argument("--debtors-percent", type=int, default=1, help="contracts a kopeck from debt")
    parser.add_argument("--held-percent", type=int, default=0, help="contracts holding a promotion's price")
    parser.add_argument(
        "--wave",
        choices=["new", "disconnect"],
        default="new",
        help="new debts, or debts past the grace period",
    )
    args = parser.parse_args()
    admin = create_engine(make_url(DEFAULT_ADMIN), isolation_level="AUTOCOMMIT")
    name = None
    url = args.database
    if url is None:
        name = f"demo_bench_billing_{uuid.uuid4().hex[:6]}"
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        url = make_url(DEFAULT_ADMIN).set(database=name).render_as_string(hide_password=False)
    try:
        db = Database(url)
        upgrade(db)
        with db.reading() as conn:
            count = conn.execute(select(func.count()).select_from(Service)).scalar() or 0
        if count == 0:
            populate(db, args.services, args.debtors_percent, args.wave)
            count = args.services
            if args.held_percent:
                hold_prices(db, args.held_percent)
        owner = db
        db = scheduler_database(owner)
        billing.BATCH = args.batch
        started = time.perf_counter()
        result = run_day(db, DAY)
        bulk = time.perf_counter() - started
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        started = time.perf_counter()
        run_day(db, DAY)  # the same night again: everything is charged, nothing is due
        again = time.perf_counter() - started
        naive = naive_orm_loop(db, args.sample)
        naive_total = naive / args.sample * count
        print(f"services: {count}")
        print(
            f"billing run, one day (set-based): {bulk:7.1f} s  "
            f"({result.charges} charges, {result.debts_started} new debts, "
            f"{result.services_blocked} blocked, {result.reminders_queued} reminders, "
            f"{result.disconnect_orders} disconnect orders)"
        )
        print(f"peak memory of the process after the run: {peak:.0f} MB")
        print(f"the same night again (nothing left to do): {again:7.1f} s")
        print(f"naive ORM loop, {args.sample} services: {naive:7.2f} s -> extrapolated {naive_total:7.0f} s")
        print(f"speed-up: {naive_total / bulk:.0f}x")
        started = time.perf_counter()
        sealed = seal(db)
        sealing = time.perf_counter() - started
        rows = sum(s.rows for s in sealed)
        print(f"sealing the night's rows (db seal, after the run): {sealing:7.1f} s for {rows} rows")
        print(f"contracts whose balance differs from the ledger sum: {ledger_mismatches(db)}")
        db.dispose()
        owner.dispose()
    finally:
        if name:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
                drop_database_roles(conn, name)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
