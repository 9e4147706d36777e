"""The payments journal (first page and totals of the latest month) and the two lookups of signing a
contract (the next contract number, the passport duplicate check) on a large PostgreSQL database,
next to what they were before migration 0013 — the old queries without its indexes — in the same run.

usage: .venv/bin/python bench/journal_and_signing.py [--subscribers 1000000] [--payments-each 8]

It fills a scratch database on the test server (bench/scratch.py; the load switches triggers off with
session_replication_role) with generate_series and drops it at the end.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from pathlib import Path

from sqlalchemy import func, select, text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scratch import median_time, scratch_database  # bench/, beside this script

from app.db import Database
from app.models import Contract, Payment, Role
from app.schema import upgrade
from app.services.cashdesk.journal import JournalFilter, _query, journal_totals, list_payments
from app.services.frontdesk.signing import _next_number
from app.services.kernel.permissions import Actor

ACCOUNTANT = Actor(staff_id=0, login="bench", full_name="bench", roles=frozenset({Role.ADMIN}))
LAST_DAY = dt.date(2026, 11, 30)
MONTHS = 24
INDEXES = ("ix_payment_business_date", "ix_subscriber_passport_number", "ix_contract_number_order")  # 0013


def populate(db: Database, subscribers: int, each: int) -> None:
    days = MONTHS * 30
    with db.engine.begin() as conn:
        conn.execute(text("SET session_replication_role = replica"))  # a bulk load: no triggers
        conn.execute(
            text(
                "INSERT INTO subscriber (id, kind, full_name, phone, phone2, email, notify_sms, "
                "notify_email, passport_series, passport_number, passport_issued_by, inn, created_at, "
                "search_name, version) "
                "SELECT g, 'person', 'Абонент ' || g, '7916' || lpad(g::text, 7, '0'), '', '', true, false, "
                "'28' || lpad((g % 100)::text, 2, '0'), lpad((g % 999983)::text, 6, '0'), '', '', now(), "
                "'абонент ' || g, 1 FROM generate_series(1, :n) g"
            ),
            {"n": subscribers},
        )
        conn.execute(
            text(
                "INSERT INTO contract (id, number, subscriber_id, signed_on, status, credit_limit, balance, "
                "never_block, never_block_reason, created_at, version) SELECT g, (100000 + g)::text, g, "
                "'2024-12-01', 'active', 0, 0, false, '', now(), 1 FROM generate_series(1, :n) g"
            ),
            {"n": subscribers},
        )
        conn.execute(
            text(
                "INSERT INTO ledger_entry (id, contract_id, kind, amount, business_date, created_at, "
                "comment) SELECT g, 1 + g % :n, 'payment', 50000, "
                ":last - (:days - 1 - (g::bigint * :days / :total))::int, now(), '' "
                "FROM generate_series(1, :total) g"
            ),
            {"n": subscribers, "total": subscribers * each, "days": days, "last": LAST_DAY},
        )
        conn.execute(
            text(
                "INSERT INTO payment (id, client_uuid, contract_id, ledger_entry_id, amount, method, "
                "external_ref, posted_at, business_date, comment) SELECT id, gen_random_uuid(), contract_id, "
                "id, amount, CASE WHEN id % 3 = 0 THEN 'card' ELSE 'cash' END, '', now(), business_date, '' "
                "FROM ledger_entry"
            )
        )
        conn.execute(text("SET session_replication_role = origin"))
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("VACUUM ANALYZE"))


def old_first_page(db: Database, f: JournalFilter) -> int:
    with db.reading() as conn:
        return len(conn.execute(_query(f).order_by(Payment.id).limit(200)).all())


def old_totals(db: Database, f: JournalFilter) -> int:
    rows = _query(f).subquery()
    cancelled = rows.c[10]
    query = select(
        rows.c.method, func.count(), func.sum(rows.c.amount), func.sum(rows.c.amount).filter(cancelled)
    )
    with db.reading() as conn:
        return sum(int(r[1]) for r in conn.execute(query.group_by(rows.c.method)))


def duplicate_check(db: Database) -> int:
    with db.reading() as conn:
        return len(
            conn.execute(
                select(Contract.number)
                .join_from(Contract, Contract.subscriber)
                .where(text("subscriber.passport_number = '123457'"))
                .limit(3)
            ).all()
        )


def next_number(db: Database) -> str:
    with db.transaction() as session:
        return _next_number(session)


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--subscribers", type=int, default=1_000_000)
    parser.add_argument("--payments-each", type=int, default=8)
    args = parser.parse_args()
    with scratch_database("bench_journal") as url:
        db = Database(url)
        try:
            measure(db, args.subscribers, args.payments_each)
        finally:
            db.dispose()
    return 0


def measure(db: Database, subscribers: int, each: int) -> None:
    """Load the data, then time each lookup with migration 0013's indexes and without them."""
    upgrade(db)
    started = time.perf_counter()
    populate(db, subscribers, each)
    print(
        f"{subscribers:,} subscribers, {subscribers * each:,} payments "
        f"loaded in {time.perf_counter() - started:.0f} s"
    )
    month = JournalFilter(LAST_DAY.replace(day=1), LAST_DAY)
    figures = {
        "journal first page": (
            lambda: list_payments(db, ACCOUNTANT, month),
            lambda: old_first_page(db, month),
        ),
        "journal totals": (lambda: journal_totals(db, ACCOUNTANT, month), lambda: old_totals(db, month)),
        "next contract number": (lambda: next_number(db), lambda: next_number(db)),
        "passport duplicate check": (lambda: duplicate_check(db), lambda: duplicate_check(db)),
    }
    now = {label: median_time(new) for label, (new, _old) in figures.items()}
    with db.engine.begin() as conn:  # before migration 0013: the same data without its indexes
        for index in INDEXES:
            conn.execute(text(f"DROP INDEX {index}"))
    before = {label: median_time(old, repeat=3) for label, (_new, old) in figures.items()}
    print(f"{'':28}{'now':>10}{'before 0013':>14}{'ratio':>8}")
    for label in figures:
        print(
            f"{label:28}{now[label] * 1000:8.1f} ms{before[label] * 1000:11.1f} ms"
            f"{before[label] / now[label]:7.0f}x"
        )


if __name__ == "__main__":
    raise SystemExit(main())
