"""Payments per second and p95 latency of `post_payment` with 1, 4 and 16 concurrent workstation
sessions on PostgreSQL (each session its own process, as each workstation is its own PC, signed in as
its cashier's own server login, so the server's checks of the actor and of the ledger's paths run as
in an office), next to a bare-SQL floor measured in the same run as the same logins (lock the desk
counter, insert the ledger entry and the payment (the ledger's trigger moves the balance), commit —
nothing else).

usage: .venv/bin/python bench/payments_throughput.py [--database URL] [--seconds 5] [--sessions 1,4,16]
Without --database it creates (and drops) its own PostgreSQL database next to the test server.
"""

from __future__ import annotations

import argparse
import multiprocessing
import statistics
import time
import uuid

import psycopg
from sqlalchemy import create_engine, make_url, text

from app.db import Database
from app.models import CashDesk, PaymentMethod, ReceiptCounter, Staff
from app.schema import upgrade
from app.services.admin.auth import actor_of
from app.services.admin.server_roles import drop_database_roles, setup_roles, staff_login_role
from app.services.admin.staff import scram_verifier
from app.services.cashdesk.payments import post_payment
from app.services.cashdesk.shifts import open_shift
from app.services.kernel.permissions import Actor

DEFAULT_ADMIN = "postgresql+psycopg://root@127.0.0.1:5432/test"
CONTRACTS = 1000
PASSWORD = "bench-password-1"


def setup(db: Database, desks: int) -> tuple[list[Actor], list[int]]:
    """Cashiers with an open shift on a desk each, and contracts to pay into."""
    with db.transaction() as session:
        session.execute(
            text(
                "INSERT INTO building (id, city, street, house, block, tap_label, search_text, version) "
                "VALUES (1, 'Тверь', 'ул. Ленина', '1', '', '', '', 1)"
            )
        )
        session.execute(
            text(
                "INSERT INTO premises (id, building_id, apartment) "
                "SELECT g, 1, g::text FROM generate_series(1, :n) g"
            ),
            {"n": CONTRACTS},
        )
        session.execute(
            text(
                "INSERT INTO subscriber (id, kind, full_name, phone, phone2, email, notify_sms, "
                "notify_email, passport_series, passport_number, passport_issued_by, inn, created_at, "
                "search_name, version) SELECT g, 'person', 'Абонент ' || g, '79160000000', '', '', true, "
                "false, '', '', '', '', now(), '', 1 FROM generate_series(1, :n) g"
            ),
            {"n": CONTRACTS},
        )
        session.execute(
            text(
                "INSERT INTO contract (id, number, subscriber_id, premises_id, signed_on, status, "
                "credit_limit, balance, never_block, created_at, version) SELECT g, (100000 + g)::text, g, "
                "g, '2025-01-01', 'active', 0, 0, false, now(), 1 FROM generate_series(1, :n) g"
            ),
            {"n": CONTRACTS},
        )
    cashiers = []
    desk_ids = []
    for n in range(desks):
        login = f"bench{n}"
        role = staff_login_role(str(db.url.database), login)
        with db.transaction() as session:
            staff_id = session.scalar(
                text("SELECT create_staff_account(:l, :n, :v, ARRAY['cashier'])"),
                {"l": login, "n": f"Кассир {n + 1}", "v": scram_verifier(session, role, PASSWORD)},
            )
            desk = CashDesk(name=f"Касса {n + 1}")
            session.add(desk)
            session.flush()
            session.add(ReceiptCounter(cash_desk_id=desk.id, last_number=0))
            cashier, desk_id = actor_of(session.get_one(Staff, staff_id)), desk.id
        db.sign_in_person(login, role, PASSWORD)
        open_shift(db, cashier, desk_id, 0)
        cashiers.append(cashier)
        desk_ids.append(desk_id)
    return cashiers, desk_ids


def _session_loop(job: tuple[str, str, int, float, float, Actor | None, int]) -> list[float]:
    """One workstation in its own process: post payments until `stop`, return the latencies."""
    kind, url, index, start_at, stop_at, cashier, desk_id = job
    latencies: list[float] = []
    while time.time() < start_at:  # every session starts at the same moment
        time.sleep(0.001)
    assert cashier is not None
    role = staff_login_role(str(make_url(url).database), cashier.login)
    if kind == "domain":
        db = Database(url)
        db.sign_in_person(cashier.login, role, PASSWORD)
        n = 0
        while time.time() < stop_at:
            began = time.perf_counter()
            post_payment(
                db,
                cashier,
                client_uuid=uuid.uuid4(),
                contract_id=1 + (index * 7919 + n) % CONTRACTS,
                amount=100_00,
                method=PaymentMethod.CASH,
            )
            latencies.append(time.perf_counter() - began)
            n += 1
        db.dispose()
        return latencies
    dsn = (
        make_url(url)
        .set(drivername="postgresql", username=role, password=PASSWORD)
        .render_as_string(hide_password=False)
    )
    with psycopg.connect(dsn) as conn:
        n = 0
        while time.time() < stop_at:
            began = time.perf_counter()
            _bare_payment(conn, desk_id, 1 + (index * 7919 + n) % CONTRACTS, cashier.staff_id)
            latencies.append(time.perf_counter() - began)
            n += 1
    return latencies


def _warm_up(_index: int) -> None:
    time.sleep(0.2)  # every worker process takes one warm-up job, so all have imported this module


def _bare_payment(conn: psycopg.Connection, desk_id: int, contract: int, staff_id: int) -> None:
    """The floor: lock the desk counter row, insert the entry (its trigger moves the balance) and the
    payment."""
    with conn.transaction(), conn.cursor() as cur:
        cur.execute(
            "UPDATE receipt_counter SET last_number = last_number + 1 "
            "WHERE cash_desk_id = %s RETURNING last_number",
            (desk_id,),
        )
        number = cur.fetchone()[0]  # type: ignore[index]
        cur.execute(
            "INSERT INTO ledger_entry "
            "(contract_id, kind, amount, business_date, created_at, staff_id, comment) "
            "VALUES (%s, 'payment', 10000, current_date, now(), %s, '') RETURNING id",
            (contract, staff_id),
        )
        entry = cur.fetchone()[0]  # type: ignore[index]
        cur.execute(
            "INSERT INTO payment (client_uuid, contract_id, ledger_entry_id, amount, method, cash_desk_id, "
            "receipt_number, external_ref, posted_at, business_date, staff_id, comment) "
            "VALUES (%s, %s, %s, 10000, 'cash', %s, %s, '', now(), current_date, %s, '')",
            (uuid.uuid4(), contract, entry, desk_id, number, staff_id),
        )


def measure(
    kind: str, url: str, sessions: int, seconds: float, cashiers: list[Actor], desk_ids: list[int]
) -> tuple[float, float, float]:
    """`sessions` processes for `seconds`; payments/s over all of them, p50 and p95 latency in ms."""
    with multiprocessing.get_context("spawn").Pool(sessions) as pool:
        pool.map(_warm_up, range(sessions))  # imports done before the clock starts
        start_at = time.time() + 0.5
        jobs = [
            (
                kind,
                url,
                i,
                start_at,
                start_at + seconds,
                cashiers[i],
                desk_ids[i],
            )
            for i in range(sessions)
        ]
        per_session = pool.map(_session_loop, jobs, chunksize=1)
    flat = sorted(x for per in per_session for x in per)
    p95 = flat[max(0, int(len(flat) * 0.95) - 1)] if flat else 0.0
    return len(flat) / seconds, statistics.median(flat) * 1000, p95 * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", help="an empty PostgreSQL database (default: a new temporary one)")
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--sessions", default="1,4,16")
    args = parser.parse_args()
    levels = [int(n) for n in args.sessions.split(",")]

    admin = create_engine(make_url(DEFAULT_ADMIN), isolation_level="AUTOCOMMIT")
    name = None
    url = args.database
    if url is None:
        name = f"demo_bench_pay_{uuid.uuid4().hex[:6]}"
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        url = make_url(DEFAULT_ADMIN).set(database=name).render_as_string(hide_password=False)
    try:
        db = Database(url)
        upgrade(db)
        setup_roles(db)
        cashiers, desk_ids = setup(db, max(levels))
        print(
            f"{'sessions':>8} | {'post_payment /s':>15} {'p50 ms':>7} {'p95 ms':>7} | "
            f"{'bare SQL /s':>11} {'p95 ms':>7} | {'ratio':>5}"
        )
        for sessions in levels:
            rate, p50, p95 = measure("domain", url, sessions, args.seconds, cashiers, desk_ids)
            floor_rate, _floor_p50, floor_p95 = measure(
                "bare", url, sessions, args.seconds, cashiers, desk_ids
            )
            ratio = rate / floor_rate
            ours = f"{rate:>15.0f} {p50:>7.1f} {p95:>7.1f}"
            print(
                f"{sessions:>8} | {ours} | {floor_rate:>11.0f} {floor_p95:>7.1f} | {ratio:>5.2f}",
                flush=True,
            )
        with db.reading() as conn:
            bad = conn.execute(
                text(
                    "SELECT count(*) FROM contract c WHERE balance <> (SELECT coalesce(sum(amount), 0) "
                    "FROM ledger_entry e WHERE e.contract_id = c.id)"
                )
            ).scalar()
        print(f"contracts whose balance differs from the ledger sum after the run: {bad}")
        db.dispose()
    finally:
        if name:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
                drop_database_roles(conn, name)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
