"""Time the demo data build: `.venv/bin/python bench/build_demo.py --subscribers 1000000`.

By default it (re)creates the PostgreSQL database `demo_bench` on the test server
(SUBSCRIBER_DESK_TEST_PG, default postgresql://root@127.0.0.1:5432/test), migrates it and builds the
demo into it; `--database URL` builds into another database (a SQLite URL works too). It prints rows/s
per stage and the total. `--naive-sample N` also inserts N subscribers with their contracts the naive
way (one ORM object per row, a flush per 1,000) into a scratch database and extrapolates that rate.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import create_engine, make_url, text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.db import Database
from app.demo.contracts import SUBSCRIBER_COLUMNS
from app.demo.data import DemoSummary, generate_demo_data
from app.demo.people import make_person
from app.models import Contract, Subscriber
from app.schema import upgrade

DEFAULT_SERVER = "postgresql+psycopg://root@127.0.0.1:5432/test"
BENCH_DATABASE = "demo_bench"
NAIVE_FLUSH_EVERY = 1_000


def server_url() -> str:
    return os.environ.get("SUBSCRIBER_DESK_TEST_PG", DEFAULT_SERVER)


def recreate_pg_database(name: str) -> str:
    """Drop and create `name` on the test server; returns its URL."""
    admin = make_url(server_url()).set(drivername="postgresql+psycopg")
    engine = create_engine(admin, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return admin.set(database=name).render_as_string(hide_password=False)


def drop_pg_database(name: str) -> None:
    engine = create_engine(
        make_url(server_url()).set(drivername="postgresql+psycopg"), isolation_level="AUTOCOMMIT"
    )
    with engine.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    engine.dispose()


class ProgressPrinter:
    """Prints each stage as it starts, and the progress inside it every few seconds."""

    def __init__(self) -> None:
        self.stage = ""
        self.last = 0.0
        self.started = time.perf_counter()

    def __call__(self, stage: str, done: int, total: int) -> None:
        now = time.perf_counter()
        if stage != self.stage or now - self.last >= 10:
            of = f" {done:,}/{total:,}" if total else ""
            print(f"  [{now - self.started:7.1f} s] {stage}{of}", flush=True)
            self.stage, self.last = stage, now


def build(url: str, subscribers: int, seed: int, months: int, today: dt.date | None) -> DemoSummary:
    db = Database(url)
    try:
        upgrade(db)
        return generate_demo_data(
            db, subscribers=subscribers, seed=seed, months=months, today=today, progress=ProgressPrinter()
        )
    finally:
        db.dispose()


def print_summary(summary: DemoSummary) -> int:
    """Per-stage rows/s; returns how many rows the build wrote in all."""
    print(f"\n{'stage':<48} {'seconds':>9} {'rows':>13} {'rows/s':>11}")
    total_rows = 0
    for stage in summary.stages:
        rate = f"{stage.rows / stage.seconds:,.0f}" if stage.rows and stage.seconds > 0 else "-"
        print(f"{stage.name:<48} {stage.seconds:9.1f} {stage.rows:13,} {rate:>11}")
        total_rows += stage.rows
    print(f"{'total':<48} {summary.seconds:9.1f} {total_rows:13,} {total_rows / summary.seconds:11,.0f}")
    print(
        f"\nsubscribers {summary.subscribers:,}  contracts {summary.contracts:,}  "
        f"services {summary.services:,}  ledger entries {summary.ledger_entries:,}  "
        f"payments {summary.payments:,}  work orders {summary.work_orders:,}"
    )
    return total_rows


def naive_rate(url: str, count: int) -> float:
    """Subscribers + contracts per second, inserted as ORM objects (rows per second, two per pair)."""
    db = Database(url)
    upgrade(db)
    rng = random.Random(1)
    now = dt.datetime.now(dt.UTC)
    today = dt.date.today().toordinal()
    started = time.perf_counter()
    with db.transaction() as session:
        for i in range(count):
            values = dict(zip(SUBSCRIBER_COLUMNS, make_person(rng, 0, today, now), strict=True))
            del values["id"]
            subscriber = Subscriber(**values)
            session.add(subscriber)
            session.add(
                Contract(
                    number=str(900_000 + i),
                    subscriber=subscriber,
                    signed_on=dt.date.today(),
                    credit_limit=0,
                    balance=0,
                )
            )
            if (i + 1) % NAIVE_FLUSH_EVERY == 0:
                session.flush()
    seconds = time.perf_counter() - started
    db.dispose()
    return 2 * count / seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subscribers", type=int, default=1_000_000)
    parser.add_argument(
        "--database", help=f"SQLAlchemy URL (default: recreate PostgreSQL database {BENCH_DATABASE})"
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--months", type=int, default=12)
    parser.add_argument(
        "--today", type=dt.date.fromisoformat, help="the demo's business date (default: today)"
    )
    parser.add_argument(
        "--naive-sample",
        type=int,
        default=0,
        metavar="N",
        help="also time N subscribers+contracts inserted as ORM objects, and extrapolate",
    )
    parser.add_argument("--drop-after", action="store_true", help=f"drop {BENCH_DATABASE} when done")
    args = parser.parse_args()

    url = args.database or recreate_pg_database(BENCH_DATABASE)
    print(f"Building {args.subscribers:,} demo subscribers into {make_url(url).render_as_string()}")
    summary = build(url, args.subscribers, args.seed, args.months, args.today)
    total_rows = print_summary(summary)

    if args.naive_sample:
        embedded = make_url(url).get_backend_name() == "sqlite"
        scratch = (
            f"sqlite:///{tempfile.mkdtemp()}/naive.sqlite3"
            if embedded
            else recreate_pg_database(f"{BENCH_DATABASE}_naive")
        )
        try:
            rate = naive_rate(scratch, args.naive_sample)
        finally:
            if not embedded:
                drop_pg_database(f"{BENCH_DATABASE}_naive")
        bulk_rate = total_rows / summary.seconds
        naive_pairs, naive_all = 2 * args.subscribers / rate, total_rows / rate
        print(
            f"\nORM object per row (a flush per {NAIVE_FLUSH_EVERY:,}): {args.naive_sample:,} subscribers + "
            f"contracts at {rate:,.0f} rows/s; the bulk build averaged {bulk_rate:,.0f} rows/s "
            f"({bulk_rate / rate:,.1f}x).\n"
            f"Extrapolated to {args.subscribers:,} subscribers the ORM way: the subscribers and contracts "
            f"alone {naive_pairs:,.1f} s; all {total_rows:,} rows {naive_all:,.1f} s, against "
            f"{summary.seconds:,.1f} s for the bulk build ({naive_all / summary.seconds:,.1f}x)."
        )
    if args.drop_after and not args.database:
        drop_pg_database(BENCH_DATABASE)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
