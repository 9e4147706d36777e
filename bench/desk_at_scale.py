"""The desk at scale on a demo database of either dialect: the payments journal, the dispatch board, signing
a contract, the debtors report and a catch-up billing night, each figure beside a naive version measured in
the same run (the naive forms and helpers of bench/journal_and_signing.py, board_load.py, debtors_report.py
and billing_run.py, which fill scratch PostgreSQL databases of their own instead).

    .venv/bin/python bench/desk_at_scale.py --database sqlite:////tmp/demo_copy.sqlite3
    .venv/bin/python bench/desk_at_scale.py --database postgresql+psycopg://root@127.0.0.1:5432/demo_copy \
        [--only journal,board,signing,debtors,billing] [--orders 40000] [--board-sample 4000] [--sample 500]

Build the database with `bench/build_demo.py --subscribers 1000000 --months 1 --database URL` (on
PostgreSQL the URL's login must be a superuser, as for the other benches).

IT CHANGES THE DATABASE: run it on a copy (`cp` the SQLite file; `createdb -T demo demo_copy` on
PostgreSQL). The board's work orders are deleted again and the debtors' adjustments are undone by
opposite adjustments, but signing leaves a new contract, and the billing section charges a whole month
ahead (the first day of the month after the data's last charge, and the day after it) with 45 % of the
contracts moved a kopeck from debt by adjustments first; sign-ins, events and the export record stay too.
On PostgreSQL it first gives the demo's staff their server logins on this database (`<login>@<database>`,
password «demo», as the demo generator does: a `createdb -T` copy has none), and the billing runs as the
scheduler login `night.<database>`; these roles outlive a dropped copy (DROP ROLE them).

Sections (`--only`, default all, always in this order):
  journal  the payments journal of the data's latest month: the first page (`list_payments`) and the
           totals (`journal_totals`), against the old forms (journal_and_signing.old_first_page/old_totals).
  board    `--orders` open disconnect orders (one per cable-TV service, every third assigned) added with
           plain SQL: the board, by district and by installer, against board_load's naive ORM load, run
           when only `--board-sample` of the orders are in and extrapolated to all of them.
  signing  the demo's front-desk operator signs one contract (duplicates shown first, then accepted), and
           its two lookups: the next number (`_next_number`) against a full sort of all numbers, and the
           passport check (`contracts_with_passport`) against journal_and_signing.duplicate_check.
  debtors  a third of the contracts put into debt with adjustment entries (the ledger's trigger moves the
           balances): `subscriber-desk report debtors --format json` in a process of its own, time and
           peak memory, against debtors_report's naive export (every row in a list, then one json.dump),
           and the Debtors screen's first page + totals against the whole list.
  billing  a catch-up day: the clock frozen at the first day of the month after the last charge, `run_day`
           under the run lock in a process of its own (as the scheduler runs it: time, peak memory,
           charges, new debts), then the next day (nothing due) and billing_run.naive_orm_loop on
           `--sample` services, extrapolated; then every balance is checked against its ledger.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import statistics
import subprocess
import sys
import time
import uuid
from dataclasses import asdict, dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import Date, bindparam, func, select, text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import billing_run  # bench/, beside this script
from board_load import DISPATCHER
from board_load import naive as naive_board
from debtors_report import ROOT, run_child, screen_read
from journal_and_signing import ACCOUNTANT, duplicate_check, old_first_page, old_totals
from scratch import median_time

from app import clock
from app.db import Database
from app.demo.data import DEMO_PASSWORD
from app.demo.reference import DEMO_LOGINS
from app.models import Building, Contract, LedgerEntry, LedgerKind, Payment, ServiceKind
from app.models.base import UTCDateTime
from app.schema import upgrade
from app.services.admin.auth import authenticator_for
from app.services.admin.server_roles import give_everyone_a_login, setup_roles
from app.services.admin.tariffs import tariffs_for_new_service
from app.services.billing.debtors import debtor_rows
from app.services.billing.run import run_day
from app.services.billing.run_lock import run_lock
from app.services.cashdesk.journal import JournalFilter, journal_totals, list_payments
from app.services.dispatch.board import BoardFilter, board
from app.services.frontdesk.personal_data import contracts_with_passport
from app.services.frontdesk.signing import (
    FIRST_NUMBER,
    NewService,
    NewSubscriber,
    PossibleDuplicates,
    SignedContract,
    _next_number,
    sign_contract,
)
from app.services.kernel.permissions import Actor
from app.services.kernel.settings import business_date, company_timezone

SECTIONS = ("journal", "board", "signing", "debtors", "billing")
MARK = "bench: desk_at_scale"  # the note of the work orders and the comment of the adjustments it adds
PASSPORT = "123457"  # the number journal_and_signing.duplicate_check looks for
SIGNINGS = 5  # contracts signed one after another; the median is the figure (the first one warms up)
DEBT_EVERY = 3  # contracts id % 3 = 0 go into debt in the debtors section
NEAR_DEBT = 9  # contracts id % 20 < 9 (45 %) are a kopeck from debt before the billing night


@dataclass(frozen=True)
class Row:
    figure: str
    program: str
    naive: str = ""
    ratio: str = ""
    note: str = ""  # printed under the row


def took(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"


def ratio(program: float, naive: float) -> str:
    times = naive / program if program > 0 else float("inf")
    return f"{times:.1f}x" if times < 10 else f"{times:,.0f}x"


def timed(figure: str, program: float, naive: float | None = None, note: str = "") -> Row:
    if naive is None:
        return Row(figure, took(program), note=note)
    return Row(figure, took(program), took(naive), ratio(program, naive), note)


def say(line: str) -> None:
    print(line, flush=True)


def count(db: Database, sql: str, **params: object) -> int:
    """The integer one query returns (0 for NULL)."""
    with db.reading() as conn:
        return int(conn.execute(text(sql), params).scalar() or 0)


# --- journal ------------------------------------------------------------------------------------------


def journal(db: Database) -> list[Row]:
    """The month of payments up to the latest one (the demo's calendar months end nearly empty)."""
    with db.reading() as conn:
        last = conn.execute(select(func.max(Payment.business_date))).scalar_one()
    before = last.replace(day=1) - dt.timedelta(days=1)  # the same day a month back, or the month's end
    month = JournalFilter(before.replace(day=min(last.day, before.day)) + dt.timedelta(days=1), last)
    count = journal_totals(db, ACCOUNTANT, month).count
    say(f"journal: {month.date_from} to {month.date_to}, {count:,} payments")
    page = median_time(lambda: list_payments(db, ACCOUNTANT, month))
    old_page = median_time(lambda: old_first_page(db, month), repeat=3)
    totals = median_time(lambda: journal_totals(db, ACCOUNTANT, month))
    old = median_time(lambda: old_totals(db, month), repeat=3)
    return [
        timed(
            "journal: first page", page, old_page, f"{month.date_from} to {month.date_to}: {count:,} payments"
        ),
        timed("journal: totals", totals, old),
    ]


# --- board --------------------------------------------------------------------------------------------

ORDERS_SQL = """
INSERT INTO work_order (kind, status, contract_id, service_id, building_id, premises_id, installer_id,
    due_on, planned_on, note, outcome_note, cancel_reason, created_at, version)
SELECT 'disconnect_catv', CASE WHEN s.id % 3 = 0 THEN 'assigned' ELSE 'new' END, c.id, s.id, p.building_id,
    p.id, CASE WHEN s.id % 3 = 0 THEN {installer} END, :due, CASE WHEN s.id % 3 = 0 THEN :planned END,
    :mark, '', '', :now, 1
FROM service s JOIN contract c ON c.id = s.contract_id JOIN premises p ON p.id = c.premises_id
WHERE s.kind = 'catv' AND c.status <> 'terminated' AND s.id % :step = 0 AND NOT EXISTS (
    SELECT 1 FROM work_order w WHERE w.service_id = s.id AND w.kind = 'disconnect_catv'
    AND w.status IN ('new', 'assigned'))
ORDER BY s.id LIMIT :n
"""
OPEN_ORDERS = "SELECT count(*) FROM work_order WHERE status IN ('new', 'assigned')"


def add_orders(db: Database, wanted: int, step: int, installers: list[int], due: dt.date) -> int:
    """Up to `wanted` open disconnect orders on every `step`-th cable-TV service (plain SQL, both
    dialects); every third is assigned to an installer for the next day."""
    spread = " ".join(f"WHEN {n} THEN {installer}" for n, installer in enumerate(installers))
    installer = f"CASE (s.id / 3) % {len(installers)} {spread} END" if installers else "NULL"
    statement = text(ORDERS_SQL.format(installer=installer)).bindparams(
        bindparam("due", type_=Date()),
        bindparam("planned", type_=Date()),
        bindparam("now", type_=UTCDateTime()),
    )
    params = {"due": due, "planned": due + dt.timedelta(days=1), "now": clock.now(), "mark": MARK}
    with db.engine.begin() as conn:
        added = conn.execute(statement, params | {"step": step, "n": wanted}).rowcount
        conn.execute(text("ANALYZE work_order"))
    return int(added)


def dispatch_board(db: Database, orders: int, sample: int, today: dt.date) -> list[Row]:
    top = count(db, "SELECT coalesce(max(id), 0) FROM work_order")
    eligible = count(
        db,
        "SELECT count(*) FROM service s JOIN contract c ON c.id = s.contract_id "
        "WHERE s.kind = 'catv' AND c.status <> 'terminated' AND c.premises_id IS NOT NULL",
    )
    step = max(1, eligible // max(orders, 1))
    with db.reading() as conn:
        installers = list(conn.execute(text("SELECT id FROM installer WHERE active ORDER BY id")).scalars())
    try:
        first = add_orders(db, min(sample, orders), step, installers, today)
        at_sample = count(db, OPEN_ORDERS)
        say(f"board: naive ORM load of {at_sample:,} open orders…")
        naive = median_time(lambda: naive_board(db), repeat=1)
        added = first + add_orders(db, orders - first, step, installers, today)
        total = count(db, OPEN_ORDERS)
        with db.reading() as conn:
            district = conn.execute(
                text(
                    "SELECT b.district_id FROM work_order w JOIN building b ON b.id = w.building_id "
                    "WHERE w.note = :mark GROUP BY b.district_id ORDER BY count(*) DESC LIMIT 1"
                ),
                {"mark": MARK},
            ).scalar()
            installer = conn.execute(
                text(
                    "SELECT installer_id FROM work_order WHERE note = :mark AND installer_id IS NOT NULL "
                    "GROUP BY installer_id ORDER BY count(*) DESC LIMIT 1"
                ),
                {"mark": MARK},
            ).scalar()
        say(f"board: {added:,} orders added ({total:,} open in all)")
        whole = median_time(lambda: board(db, DISPATCHER))
        shown = len(board(db, DISPATCHER))
        by_district = median_time(lambda: board(db, DISPATCHER, BoardFilter(district_id=district)))
        in_district = len(board(db, DISPATCHER, BoardFilter(district_id=district)))
        by_installer = median_time(lambda: board(db, DISPATCHER, BoardFilter(installer_id=installer)))
        of_installer = len(board(db, DISPATCHER, BoardFilter(installer_id=installer)))
    finally:
        with db.engine.begin() as conn:
            conn.execute(
                text("DELETE FROM work_order WHERE id > :top AND note = :mark"), {"top": top, "mark": MARK}
            )
    extrapolated = naive * total / max(at_sample, 1)
    naive_note = "" if at_sample >= total else f"; the naive load read {at_sample:,}, extrapolated"
    return [
        timed("board: all open orders", whole, extrapolated, f"{shown:,} orders{naive_note}"),
        timed("board: one district", by_district, note=f"{in_district:,} orders"),
        timed("board: one installer", by_installer, note=f"{of_installer:,} orders"),
    ]


# --- signing ------------------------------------------------------------------------------------------


def next_number_as(db: Database, actor: Actor) -> str:
    with db.transaction(actor) as session:
        return _next_number(session)


def naive_next_number(db: Database) -> str:
    """Every contract number read and sorted, the highest plus one."""
    with db.reading() as conn:
        numbers = sorted(int(n) for n in conn.execute(select(Contract.number)).scalars() if n.isdigit())
    return str(max(numbers[-1] + 1 if numbers else FIRST_NUMBER, FIRST_NUMBER))


def passport_check(db: Database, actor: Actor) -> int:
    with db.transaction(actor) as session:
        return len(contracts_with_passport(session, PASSPORT))


def signing(url: str) -> list[Row]:
    """As the demo's front-desk operator, on connections of their own (on PostgreSQL their server login)."""
    desk = Database(url)
    try:
        login = next(login for login, role in DEMO_LOGINS.items() if role == "front_desk")
        actor = authenticator_for(desk).authenticate(login, DEMO_PASSWORD)
        today = business_date(desk)
        with desk.reading() as conn:
            building = conn.execute(select(func.min(Building.id))).scalar_one()
        tag = uuid.uuid4().int
        services = [
            NewService(
                ServiceKind.INTERNET,
                tariffs_for_new_service(desk, ServiceKind.INTERNET, today)[0].id,
                f"bench-{tag % 10**10}",
            ),
            NewService(ServiceKind.CATV, tariffs_for_new_service(desk, ServiceKind.CATV, today)[0].id),
        ]

        def person(n: int) -> NewSubscriber:
            """The first one carries PASSPORT (the naive check's number); each a phone of its own."""
            return NewSubscriber(
                full_name="Замерова Ирина Викторовна",
                phone=f"+7900{(tag + n) % 10**7:07d}",
                passport_series="4500",
                passport_number=PASSPORT if n == 0 else f"{(tag + n) % 10**6:06d}",
            )

        def sign(n: int, accept: bool) -> SignedContract:
            return sign_contract(
                desk,
                actor,
                subscriber=person(n),
                building_id=building,
                apartment=str(9000 + (tag + n) % 1000),
                services=[
                    NewService(s.kind, s.tariff_id, f"{s.identifier}-{n}" if s.identifier else "")
                    for s in services
                ],
                signed_on=today,
                accept_duplicates=accept,
            )

        times: list[float] = []
        shown = 0
        for n in range(SIGNINGS):
            started = time.perf_counter()
            try:
                signed = sign(n, False)
            except PossibleDuplicates as duplicates:  # the operator looks, and signs anyway
                shown = len(duplicates.duplicates)
                signed = sign(n, True)
            times.append(time.perf_counter() - started)
        signing_time = statistics.median(times)
        say(
            f"signing: {SIGNINGS} contracts up to {signed.number} signed by {login}, the first in "
            f"{times[0] * 1000:.0f} ms ({shown} possible duplicates shown before the last)"
        )
        number = median_time(lambda: next_number_as(desk, actor))
        naive_number = median_time(lambda: naive_next_number(desk), repeat=3)
        passport = median_time(lambda: passport_check(desk, actor))
        naive_passport = median_time(lambda: duplicate_check(desk), repeat=3)
    finally:
        desk.dispose()
    how = f"{shown} possible duplicates shown, then signed anyway" if shown else "no duplicates"
    return [
        timed(
            "signing: one contract",
            signing_time,
            note=f"median of {SIGNINGS}, the first {times[0] * 1000:.0f} ms; {how}",
        ),
        timed("signing: next contract number", number, naive_number),
        timed(
            "signing: passport duplicate check",
            passport,
            naive_passport,
            "the program's lookups each in a transaction of the operator, as signing runs them; "
            "the naive ones bare reads",
        ),
    ]


# --- debtors ------------------------------------------------------------------------------------------

DEBTORS_SQL = """
INSERT INTO ledger_entry (contract_id, kind, amount, business_date, created_at, comment)
SELECT id, 'adjustment', -(balance + credit_limit) - (30000 + (id % 50) * 1000), :day, :now, :mark
FROM contract WHERE id % :every = 0 AND status <> 'terminated' AND balance >= -credit_limit
"""
UNDO_SQL = """
INSERT INTO ledger_entry (contract_id, kind, amount, business_date, created_at, comment)
SELECT contract_id, 'adjustment', -amount, business_date, :now, :undone
FROM ledger_entry WHERE id > :top AND comment = :mark
"""


def ledger_insert(db: Database, sql: str, **params: object) -> int:
    statement = text(sql).bindparams(bindparam("now", type_=UTCDateTime()))
    if ":day" in sql:
        statement = statement.bindparams(bindparam("day", type_=Date()))
    with db.engine.begin() as conn:
        return int(conn.execute(statement, params | {"now": clock.now()}).rowcount)


def report_cli(url: str) -> tuple[float, float, int]:
    """(seconds, peak RSS in MB, rows) of `subscriber-desk report debtors --format json` signed in as the
    demo's administrator. The first child of this process: RUSAGE_CHILDREN's peak is its own."""
    login = next(login for login, role in DEMO_LOGINS.items() if role == "admin")
    command = [sys.executable, "-m", "app", "report", "debtors", "--format", "json", "--output", os.devnull]
    started = time.perf_counter()
    done = subprocess.run(
        [*command, "--database", url, "--login", login],
        input=DEMO_PASSWORD + "\n",
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    elapsed = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return elapsed, peak, int(done.stderr.split(" rows written")[0].split()[-1])


def debtors(db: Database, url: str, day: dt.date) -> list[Row]:
    top = count(db, "SELECT coalesce(max(id), 0) FROM ledger_entry")
    started = time.perf_counter()
    made = ledger_insert(db, DEBTORS_SQL, day=day, mark=MARK, every=DEBT_EVERY)
    seconds = time.perf_counter() - started
    say(f"debtors: {made:,} contracts put into debt by adjustments in {seconds:.1f} s")
    try:
        streamed = report_cli(url)
        naive = run_child(url, "naive")  # after the smaller one: its peak is the largest of the two
        first = min(screen_read(url, "first")[1] for _ in range(3))
        whole = min(screen_read(url, "whole")[1] for _ in range(2))
        listed = len(debtor_rows(db, ACCOUNTANT))
    finally:
        ledger_insert(db, UNDO_SQL, top=top, mark=MARK, undone=f"{MARK} (undone)")
    return [
        timed(
            "debtors: report --format json",
            streamed[0],
            naive[0],
            f"{streamed[2]:,} rows; each a process of its own, the report's sign-in included",
        ),
        Row(
            "debtors: its peak memory",
            f"{streamed[1]:.0f} MB",
            f"{naive[1]:.0f} MB",
            ratio(streamed[1], naive[1]),
        ),
        timed(
            "debtors: screen's first page + totals",
            first,
            whole,
            f"500 rows; naive: the whole list of {listed:,}; best of 3 and of 2",
        ),
    ]


# --- billing ------------------------------------------------------------------------------------------

NEAR_DEBT_SQL = """
INSERT INTO ledger_entry (contract_id, kind, amount, business_date, created_at, comment)
SELECT c.id, 'adjustment', 1 - c.credit_limit - c.balance, :day, :now, :mark
FROM contract c WHERE c.id % 20 < :near AND c.status = 'active' AND c.balance >= -c.credit_limit
AND c.balance <> 1 - c.credit_limit AND EXISTS (SELECT 1 FROM service s WHERE s.contract_id = c.id
AND s.state = 'active')
"""


def night(url: str, day: dt.date) -> None:
    """(The child process of the billing section.) The scheduler's night for `day` and the next, the
    clock frozen at 01:00 of each in the company's time zone; prints the figures as JSON."""
    db = Database(url)
    zone = ZoneInfo(company_timezone(db))
    with clock.frozen_at(dt.datetime.combine(day, dt.time(1, 0), tzinfo=zone)) as now:
        with run_lock(db):
            result = run_day(db, day)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        now.advance(days=1)
        with run_lock(db):
            again = run_day(db, day + dt.timedelta(days=1))
    db.dispose()
    figures: dict[str, float] = {"peak_mb": peak}
    for prefix, day_result in (("", result), ("again_", again)):
        counts = asdict(day_result)
        figures |= {prefix + key: value for key, value in counts.items() if key != "business_date"}
    print(json.dumps(figures))


def outcome(figures: dict[str, float], prefix: str = "") -> str:
    """What a night did, from the child's figures."""
    names = ("charges", "debts_started", "services_blocked", "reminders_queued", "disconnect_orders")
    return ", ".join(f"{int(figures[prefix + name]):,} {name.replace('_', ' ')}" for name in names)


def billing(db: Database, sample: int) -> list[Row]:
    with db.reading() as conn:
        last = conn.execute(
            select(func.max(LedgerEntry.business_date)).where(LedgerEntry.kind == LedgerKind.CHARGE)
        ).scalar_one()
    day = (last.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
    started = time.perf_counter()
    near = ledger_insert(db, NEAR_DEBT_SQL, day=day - dt.timedelta(days=1), mark=MARK, near=NEAR_DEBT)
    seconds = time.perf_counter() - started
    contracts = count(db, "SELECT count(*) FROM contract")
    say(f"billing: {near:,} contracts ({near / max(contracts, 1):.0%}) a kopeck from debt in {seconds:.1f} s")
    night_db = db if db.is_embedded else billing_run.scheduler_database(db)
    try:
        say(f"billing: the night of {day} and of the next day, in a process of their own…")
        done = subprocess.run(
            [
                sys.executable,
                __file__,
                "--night",
                day.isoformat(),
                "--database",
                night_db.url.render_as_string(hide_password=False),
            ],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
        figures = json.loads(done.stdout.splitlines()[-1])
        billing_run.DAY = day  # its naive loop charges the day after DAY: the night with nothing due
        naive = billing_run.naive_orm_loop(night_db, sample) / sample * figures["charges"]
    finally:
        if night_db is not db:
            night_db.dispose()
    mismatches = billing_run.ledger_mismatches(db)
    return [
        timed(
            "billing: catch-up day (run_day)",
            figures["seconds"],
            naive,
            f"{day}: {outcome(figures)}; naive: {sample} services, extrapolated",
        ),
        Row("billing: its peak memory (ru_maxrss)", f"{figures['peak_mb']:.0f} MB"),
        timed("billing: the next day", figures["again_seconds"], note=outcome(figures, "again_")),
        Row("billing: balances off their ledger", f"{mismatches}", note="contracts; 0 when all is well"),
    ]


# --- main ---------------------------------------------------------------------------------------------


def print_table(rows: list[Row]) -> None:
    width = max(len(r.figure) for r in rows) + 2
    say(f"\n{'figure':<{width}}{'program':>12}{'naive':>12}{'ratio':>9}")
    say("-" * (width + 33))
    for r in rows:
        say(f"{r.figure:<{width}}{r.program:>12}{r.naive:>12}{r.ratio:>9}")
        if r.note:
            say(f"    ({r.note})")


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--database", required=True, help="SQLAlchemy URL of a demo database (a copy!)")
    parser.add_argument("--only", default=",".join(SECTIONS), help="sections, comma-separated")
    parser.add_argument("--orders", type=int, default=40_000, help="open work orders on the board")
    parser.add_argument("--board-sample", type=int, default=4_000, help="orders the naive board load reads")
    parser.add_argument("--sample", type=int, default=500, help="services the naive billing loop charges")
    parser.add_argument("--night", type=dt.date.fromisoformat, help=argparse.SUPPRESS)  # the billing child
    args = parser.parse_args()
    if args.night is not None:
        night(args.database, args.night)
        return 0
    chosen = [s.strip() for s in args.only.split(",") if s.strip()]
    unknown = set(chosen) - set(SECTIONS)
    if unknown:
        parser.error(f"unknown sections: {', '.join(sorted(unknown))} (choose from {', '.join(SECTIONS)})")
    db = Database(args.database)
    started = time.perf_counter()
    try:
        upgrade(db)
        with db.reading() as conn:
            counts = [
                conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()
                for table in ("subscriber", "contract", "service", "payment")
            ]
        say(
            f"{db.dialect}: {db.display_name}: {counts[0]:,} subscribers, {counts[1]:,} contracts, "
            f"{counts[2]:,} services, {counts[3]:,} payments. This run CHANGES the database (see --help)."
        )
        if not db.is_embedded:  # a copy (createdb -T) has no logins of its own: what the demo gives
            setup_roles(db)
            give_everyone_a_login(db, DEMO_PASSWORD)
        with db.reading() as conn:
            today = conn.execute(select(func.max(Payment.business_date))).scalar_one()
        rows: list[Row] = []
        for section in SECTIONS:
            if section not in chosen:
                continue
            section_started = time.perf_counter()
            if section == "journal":
                rows += journal(db)
            elif section == "board":
                rows += dispatch_board(db, args.orders, args.board_sample, today)
            elif section == "signing":
                rows += signing(args.database)
            elif section == "debtors":
                rows += debtors(db, args.database, today)
            else:
                rows += billing(db, args.sample)
            say(f"[{section} took {time.perf_counter() - section_started:.1f} s]")
    finally:
        db.dispose()
    print_table(rows)
    say(f"\nall in {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
