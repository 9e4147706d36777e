"""The debtors report at a million subscribers on PostgreSQL: `report debtors --format json` as the
command line runs it (streamed), time and peak memory, next to the naive export (every row in a list,
then one json.dump) in the same run, each in a process of its own. Then the Debtors screen: what it
shows first (the first 500 rows and the totals) next to the whole list it used to wait for.

usage: .venv/bin/python bench/debtors_report.py [--subscribers 1000000] [--debtors-every 3]

It fills a scratch database on the test server (bench/scratch.py; the load switches triggers off)
and drops it.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scratch import scratch_database  # bench/, beside this script

from app.db import Database
from app.schema import upgrade

ROOT = Path(__file__).resolve().parent.parent
BUILDINGS = 20_000

# Run in a child process: argv[1] the URL, argv[2] "streamed" or "naive"; writes to /dev/null.
CHILD = """
import json, sys
from dataclasses import asdict
from app.db import Database
from app.models import Role
from app.services.billing import debtors
from app.services.kernel.permissions import Actor
db = Database(sys.argv[1])
actor = Actor(staff_id=0, login="bench", full_name="bench", roles=frozenset({Role.ADMIN}))
import time
if sys.argv[2] in ("first", "whole"):
    started = time.perf_counter()
    if sys.argv[2] == "first":
        count = len(debtors.debtors_first_page(db, actor, limit=500)[0])
    else:
        count = len(debtors.debtor_rows(db, actor))
    print(count, time.perf_counter() - started)
    raise SystemExit(0)
with open("/dev/null", "w", encoding="utf-8") as out:
    if sys.argv[2] == "streamed":
        count = debtors.write_json(debtors.iter_debtor_rows(db, actor), out)
    else:
        records = [asdict(r) for r in debtors.debtor_rows(db, actor)]
        json.dump(records, out, ensure_ascii=False, indent=1, default=str)
        count = len(records)
print(count)
"""


def populate(db: Database, subscribers: int, every: int) -> None:
    with db.engine.begin() as conn:
        conn.execute(text("SET session_replication_role = replica"))
        conn.execute(
            text(
                "INSERT INTO district (id, name, active, version) SELECT g, 'Район ' || g, true, 1 "
                "FROM generate_series(1, 12) g"
            )
        )
        conn.execute(
            text(
                "INSERT INTO building (id, city, street, house, block, district_id, tap_label, search_text, "
                "version) SELECT g, 'Тверь', 'ул. Улица ' || (g % 211), (g / 211 + 1)::text, '', 1 + g % 12, "
                "'ТП-' || g, '', 1 FROM generate_series(1, :b) g"
            ),
            {"b": BUILDINGS},
        )
        conn.execute(
            text(
                "INSERT INTO premises (id, building_id, apartment) "
                "SELECT g, 1 + g % :b, (g / :b + 1)::text FROM generate_series(1, :n) g"
            ),
            {"n": subscribers, "b": BUILDINGS},
        )
        conn.execute(
            text(
                "INSERT INTO subscriber (id, kind, full_name, phone, phone2, email, notify_sms, "
                "notify_email, passport_series, passport_number, passport_issued_by, inn, created_at, "
                "search_name, version) SELECT g, 'person', 'Абонентова Анна Петровна ' || g, "
                "'7916' || lpad(g::text, 7, '0'), '', '', true, false, '', '', '', '', now(), '', 1 "
                "FROM generate_series(1, :n) g"
            ),
            {"n": subscribers},
        )
        conn.execute(
            text(
                "INSERT INTO contract (id, number, subscriber_id, premises_id, signed_on, status, "
                "credit_limit, balance, never_block, never_block_reason, debt_since, created_at, version) "
                "SELECT g, (100000 + g)::text, g, g, '2024-12-01', 'active', 0, "
                "CASE WHEN g % :every = 0 THEN -45000 ELSE 10000 END, false, '', "
                "CASE WHEN g % :every = 0 THEN DATE '2026-11-01' END, now(), 1 FROM generate_series(1, :n) g"
            ),
            {"n": subscribers, "every": every},
        )
        conn.execute(
            text(
                "INSERT INTO tariff (id, name, kind, charging_mode, valid_from, version) "
                "VALUES (1, 'Интернет', 'internet', 'daily', '2020-01-01', 1)"
            )
        )
        conn.execute(
            text(
                "INSERT INTO service (contract_id, kind, tariff_id, identifier, state, started_on, version) "
                "SELECT g, 'internet', 1, '', CASE WHEN g % :every = 0 THEN 'blocked' ELSE 'active' END, "
                "'2024-12-01', 1 FROM generate_series(1, :n) g"
            ),
            {"n": subscribers, "every": every},
        )
        conn.execute(text("SET session_replication_role = origin"))
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("VACUUM ANALYZE"))


def run_child(url: str, mode: str) -> tuple[float, float, int]:
    """(seconds, peak RSS in MB, rows) of one export in a fresh process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", CHILD, url, mode], cwd=ROOT, capture_output=True, text=True, check=True
    )
    elapsed = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    # ru_maxrss of children is the largest of any child so far: run the smaller one first.
    return elapsed, max(peak, before) / 1024, int(done.stdout.split()[0])


def screen_read(url: str, mode: str) -> tuple[int, float]:
    """(rows, seconds inside the process) of what the Debtors screen reads: "first" or "whole"."""
    done = subprocess.run(
        [sys.executable, "-c", CHILD, url, mode], cwd=ROOT, capture_output=True, text=True, check=True
    )
    rows, seconds = done.stdout.split()
    return int(rows), float(seconds)


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--subscribers", type=int, default=1_000_000)
    parser.add_argument("--debtors-every", type=int, default=3)
    args = parser.parse_args()
    with scratch_database("bench_debtors") as url:
        db = Database(url)
        try:
            upgrade(db)
            started = time.perf_counter()
            populate(db, args.subscribers, args.debtors_every)
            print(f"{args.subscribers:,} subscribers loaded in {time.perf_counter() - started:.0f} s")
        finally:
            db.dispose()
        streamed = run_child(url, "streamed")
        naive = run_child(url, "naive")
        screens = {mode: [screen_read(url, mode) for _ in range(3)] for mode in ("first", "whole")}
    print(f"{'':24}{'time':>9}{'peak RSS':>11}{'rows':>10}")
    for label, (seconds, peak, rows) in (("streamed (the program)", streamed), ("naive list + dump", naive)):
        print(f"{label:24}{seconds:7.1f} s{peak:8.0f} MB{rows:10,}")
    print(f"naive / streamed: time {naive[0] / streamed[0]:.1f}x, memory {naive[1] / streamed[1]:.1f}x")
    first = min(seconds for _rows, seconds in screens["first"])
    whole = min(seconds for _rows, seconds in screens["whole"])
    print(
        f"Debtors screen: first page ({screens['first'][0][0]} rows) and totals {first * 1000:.0f} ms; "
        f"the whole list ({screens['whole'][0][0]:,} rows) {whole:.1f} s; {whole / first:.0f}x (best of 3)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
