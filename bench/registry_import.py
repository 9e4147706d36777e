"""A bank registry of 100,000 lines read, judged (preview) and posted as one batch on a large
PostgreSQL database, next to the naive way — one line at a time, one transaction and a handful of ORM
round trips each, as a loop over post-like code would do — measured on a sample in the same run and
extrapolated.

usage: .venv/bin/python bench/registry_import.py [--contracts 1000000] [--lines 100000] [--sample 1000]

It fills a scratch database on the test server (bench/scratch.py; the load switches triggers off) with
contracts (5 % of them in debt with Internet blocked, so the debt policy has work), writes the registry
file with app/demo/registries.py and drops the database at the end.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import pstats
import resource
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import func, select, text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scratch import scratch_database  # bench/, beside this script

from app import clock
from app.bootstrap import read_registry_file
from app.db import Database
from app.demo.registries import random_registry, sberbank_registry
from app.models import Contract, LedgerEntry, LedgerKind, Payment, PaymentMethod, Role
from app.schema import upgrade
from app.services.billing.debt_policy import after_payment
from app.services.cashdesk.payment_agents import SBERBANK, agent_by_code, save_agent
from app.services.cashdesk.registries import post_registry, preview_registry, registry_uuid
from app.services.kernel.history import EventKind, record_event
from app.services.kernel.permissions import Actor
from app.services.kernel.settings import read_settings

ADMIN = Actor(staff_id=0, login="bench", full_name="bench", roles=frozenset({Role.ADMIN}))
TODAY = dt.date(2026, 12, 6)
NOON = dt.datetime(2026, 12, 6, 9, 0, tzinfo=dt.UTC)


def populate(db: Database, contracts: int) -> None:
    with db.engine.begin() as conn:
        conn.execute(text("SET session_replication_role = replica"))  # a bulk load: no triggers
        conn.execute(
            text(
                "INSERT INTO subscriber (id, kind, full_name, phone, phone2, email, notify_sms, "
                "notify_email, passport_series, passport_number, passport_issued_by, inn, created_at, "
                "search_name, version) "
                "SELECT g, 'person', 'Абонент ' || g, '', '', '', false, false, '', '', '', '', now(), "
                "'абонент ' || g, 1 FROM generate_series(1, :n) g"
            ),
            {"n": contracts},
        )
        conn.execute(
            text(
                "INSERT INTO contract (id, number, subscriber_id, signed_on, status, credit_limit, balance, "
                "debt_since, never_block, never_block_reason, created_at, version) "
                "SELECT g, (100000 + g)::text, g, '2024-12-01', 'active', 0, "
                "CASE WHEN g % 20 = 0 THEN -30000 ELSE 0 END, "
                "CASE WHEN g % 20 = 0 THEN DATE '2026-11-20' END, false, '', now(), 1 "
                "FROM generate_series(1, :n) g"
            ),
            {"n": contracts},
        )
        conn.execute(
            text(
                "INSERT INTO ledger_entry (id, contract_id, kind, amount, business_date, created_at, "
                "comment) "
                "SELECT g, g, 'adjustment', -30000, '2026-11-20', now(), 'opening debt' "
                "FROM generate_series(20, :n, 20) g"
            ),
            {"n": contracts},
        )
        conn.execute(text("SELECT setval('ledger_entry_id_seq', :n)"), {"n": contracts})
        conn.execute(
            text(
                "INSERT INTO tariff (id, name, kind, charging_mode, valid_from, version) "
                "VALUES (1, 'Интернет', 'internet', 'daily', '2024-01-01', 1)"
            )
        )
        conn.execute(
            text(
                "INSERT INTO service (contract_id, kind, tariff_id, identifier, state, state_since, "
                "started_on, version) SELECT g, 'internet', 1, 'u' || g, 'blocked', '2026-11-20', "
                "'2024-12-01', 1 "
                "FROM generate_series(20, :n, 20) g"
            ),
            {"n": contracts},
        )
        conn.execute(text("SET session_replication_role = origin"))
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("VACUUM ANALYZE"))


def naive_post(db: Database, agent_id: int, payments: list, today: dt.date) -> None:  # type: ignore[type-arg]
    """The loop a first version would write: per line its own transaction, the contract looked up, the
    operation checked, an ORM entry and payment, an event, and the debt policy when in debt."""
    for p in payments:
        with db.transaction() as session:
            contract = session.scalar(select(Contract).where(Contract.number == p.account))
            assert contract is not None
            seen = session.scalar(
                select(func.count()).where(Payment.agent_id == agent_id, Payment.external_ref == p.operation)
            )
            if seen:
                continue
            entry = LedgerEntry(
                contract_id=contract.id, kind=LedgerKind.PAYMENT, amount=p.amount, business_date=p.paid_on
            )
            session.add(entry)
            session.flush()
            session.add(
                Payment(
                    client_uuid=registry_uuid(agent_id, p.operation),
                    contract_id=contract.id,
                    ledger_entry_id=entry.id,
                    amount=p.amount,
                    method=PaymentMethod.BANK_REGISTRY,
                    external_ref=p.operation,
                    business_date=p.paid_on,
                    agent_id=agent_id,
                )
            )
            record_event(
                session,
                actor=None,
                kind=EventKind.PAYMENT_POSTED,
                contract_id=contract.id,
                amount="",
                receipt="",
            )
            session.flush()
            session.refresh(contract)
            if contract.debt_since is not None:
                after_payment(session, contract.id, today, actor=None, settings=read_settings(session))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--contracts", type=int, default=1_000_000)
    parser.add_argument("--lines", type=int, default=100_000)
    parser.add_argument("--sample", type=int, default=1_000, help="lines posted the naive way")
    parser.add_argument("--profile", action="store_true", help="print where the posting spends its time")
    args = parser.parse_args()
    with (
        scratch_database("bench_registry") as url,
        clock.frozen_at(NOON),
        tempfile.TemporaryDirectory() as tmp,
    ):
        db = Database(url)
        upgrade(db)
        started = time.perf_counter()
        populate(db, args.contracts)
        loaded = time.perf_counter() - started
        print(f"{args.contracts:,} contracts (5 % in debt, Internet blocked) in {loaded:.1f} s")
        save_agent(db, ADMIN, code="sber", name="Сбербанк", file_format=SBERBANK)
        save_agent(db, ADMIN, code="naive", name="Наивный", file_format=SBERBANK)
        agent = agent_by_code(db, ADMIN, "sber")
        naive_agent = agent_by_code(db, ADMIN, "naive")
        accounts = [str(100000 + n) for n in range(1, args.contracts + 1)]
        payments = random_registry(accounts, args.lines, TODAY - dt.timedelta(days=1), seed=7)
        path = Path(tmp) / "reestr.txt"
        path.write_bytes(sberbank_registry(payments))
        print(f"registry: {args.lines:,} lines, {path.stat().st_size / 1e6:.1f} MB")

        started = time.perf_counter()
        registry = read_registry_file(path, agent)
        read_s = time.perf_counter() - started
        started = time.perf_counter()
        preview = preview_registry(db, ADMIN, agent.id, registry)
        preview_s = time.perf_counter() - started
        assert not preview.refusals(), preview.refusals()
        profiler = cProfile.Profile() if args.profile else None
        started = time.perf_counter()
        if profiler:
            profiler.enable()
        posted = post_registry(db, ADMIN, agent.id, registry)
        post_s = time.perf_counter() - started
        if profiler:
            profiler.disable()
            pstats.Stats(profiler).sort_stats("tottime").print_stats(20)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # Linux: kilobytes
        total = read_s + preview_s + post_s
        print(
            f"read {read_s:.2f} s, preview {preview_s:.2f} s, post {post_s:.2f} s: {total:.1f} s in all "
            f"({args.lines / total:,.0f} lines/s); peak memory of the process {peak / 1e6:.0f} MB"
        )
        print(
            f"posted {posted.payments:,} payments, {posted.debts_cleared:,} debts cleared, "
            f"{posted.services_unblocked:,} services unblocked"
        )
        started = time.perf_counter()
        again = post_registry(db, ADMIN, agent.id, read_registry_file(path, agent))
        print(f"the same file again: {again.payments} posted, {time.perf_counter() - started:.2f} s")

        sample = random_registry(
            accounts, args.sample, TODAY - dt.timedelta(days=1), seed=8, first_operation=10**9
        )
        started = time.perf_counter()
        naive_post(db, naive_agent.id, sample, TODAY)
        naive_s = time.perf_counter() - started
        naive_total = naive_s * args.lines / args.sample
        print(
            f"naive, one line at a time: {args.sample:,} lines in {naive_s:.1f} s "
            f"({args.sample / naive_s:,.0f} lines/s) → {naive_total:.0f} s for {args.lines:,} lines; "
            f"the batch is {naive_total / total:.1f}× faster"
        )
        with db.reading() as conn:
            mismatched = conn.execute(
                text(
                    "SELECT count(*) FROM contract c WHERE c.balance <> "
                    "(SELECT coalesce(sum(amount), 0) FROM ledger_entry e WHERE e.contract_id = c.id)"
                )
            ).scalar()
        print(f"contracts whose balance differs from their ledger: {mismatched}")
        db.dispose()


if __name__ == "__main__":
    main()
