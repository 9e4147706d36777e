"""Moving a large old billing in: an export of N subscribers (one contract each, Internet for all, cable
TV for a third, a payment each, 1 in 13 in debt) read, checked and imported as one batch on PostgreSQL,
then rolled back — next to the naive way (one subscriber at a time: a transaction and ORM objects for the
subscriber, premises, contract, services and ledger entries) measured on a sample in the same run.

usage: .venv/bin/python bench/legacy_import.py [--subscribers 1000000] [--sample 1000] [--no-rollback]

It works in a scratch database on the test server (bench/scratch.py), dropped at the end.
"""

from __future__ import annotations

import argparse
import datetime as dt
import resource
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import select, text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scratch import scratch_database  # bench/, beside this script

from app import clock
from app.adapters.legacy_csv import read_legacy_export
from app.db import Database
from app.demo.legacy_export import write_legacy_export
from app.models import (
    Building,
    Contract,
    LedgerEntry,
    LedgerKind,
    Premises,
    Role,
    Service,
    Subscriber,
    Tariff,
)
from app.schema import upgrade
from app.services.admin.legacy_import import check_legacy_export, import_legacy_export
from app.services.admin.legacy_rollback import rollback_legacy_import
from app.services.kernel.permissions import Actor
from app.services.kernel.text import normalize_phone, search_key

OWNER = Actor(staff_id=0, login="bench", full_name="bench", roles=frozenset({Role.ADMIN}))
NOON = dt.datetime(2026, 12, 6, 9, 0, tzinfo=dt.UTC)
TODAY = NOON.date()


def seed(db: Database) -> None:
    with db.transaction() as session:
        session.add_all(
            [
                Tariff(name="Интернет 100", kind="internet", valid_from=dt.date(2020, 1, 1)),
                Tariff(name="КТВ Базовый", kind="catv", valid_from=dt.date(2020, 1, 1)),
            ]
        )


def naive(db: Database, folder: Path) -> int:
    """One subscriber at a time, each its own transaction, ORM objects throughout."""
    export = read_legacy_export(folder)
    services = {}
    for s in export.services:
        services.setdefault(s.contract, []).append(s)
    with db.transaction() as session:
        tariffs = {t.name: t.id for t in session.scalars(select(Tariff))}
    buildings: dict[tuple[str, str], int] = {}
    people = {s.legacy_id: s for s in export.subscribers}
    for c in export.contracts:
        with db.transaction() as session:
            key = (c.street, c.house)
            if key not in buildings:
                found = session.scalar(
                    select(Building).where(Building.street == c.street, Building.house == c.house)
                )
                if found is None:
                    found = Building(
                        city=c.city,
                        street=c.street,
                        house=c.house,
                        search_text=search_key(f"{c.street} {c.house}"),
                    )
                    session.add(found)
                    session.flush()
                buildings[key] = found.id
            person = people[c.subscriber_id]
            subscriber = Subscriber(
                full_name=person.full_name,
                phone=normalize_phone(person.phone),
                search_name=search_key(person.full_name),
            )
            premises = Premises(building_id=buildings[key], apartment=c.apartment)
            session.add_all([subscriber, premises])
            session.flush()
            contract = Contract(
                number=f"N{c.number}",
                subscriber_id=subscriber.id,
                premises_id=premises.id,
                signed_on=dt.datetime.strptime(c.signed_on, "%d.%m.%Y").date(),
            )
            session.add(contract)
            session.flush()
            for s in services.get(c.number, []):
                session.add(
                    Service(
                        contract_id=contract.id,
                        kind=s.kind,
                        tariff_id=tariffs[s.tariff],
                        state="active",
                        started_on=contract.signed_on,
                    )
                )
            amount = round(float(c.balance.replace(",", ".")) * 100)
            if amount:
                session.add(
                    LedgerEntry(
                        contract_id=contract.id,
                        kind=LedgerKind.ADJUSTMENT,
                        amount=amount,
                        business_date=TODAY,
                    )
                )
    return len(export.contracts)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--subscribers", type=int, default=1_000_000)
    parser.add_argument("--sample", type=int, default=1_000)
    parser.add_argument("--no-rollback", action="store_true")
    args = parser.parse_args()
    with scratch_database("bench_legacy") as url, clock.frozen_at(NOON), tempfile.TemporaryDirectory() as tmp:
        db = Database(url)
        upgrade(db)
        seed(db)
        started = time.perf_counter()
        folder = write_legacy_export(Path(tmp) / "export", args.subscribers, houses=400)
        size = sum(p.stat().st_size for p in folder.iterdir()) / 1e6
        print(
            f"export of {args.subscribers:,} subscribers: {size:.0f} MB "
            f"written in {time.perf_counter() - started:.0f} s"
        )

        started = time.perf_counter()
        export = read_legacy_export(folder)
        read_s = time.perf_counter() - started
        started = time.perf_counter()
        plan = check_legacy_export(db, OWNER, export)
        check_s = time.perf_counter() - started
        print(f"read {read_s:.1f} s, check (the dry run) {check_s:.1f} s: {len(plan.findings):,} findings")
        del plan
        started = time.perf_counter()
        done = import_legacy_export(db, OWNER, export, create_missing=True)
        import_s = time.perf_counter() - started
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        total = read_s + check_s + import_s
        print(
            f"import {import_s:.0f} s (check again + write): {done.contracts:,} contracts, "
            f"{done.services:,} services, {done.payments:,} payments, {done.buildings_created} buildings; "
            f"read + dry run + import {total:.0f} s "
            f"({total / 60:.1f} min); peak memory of the process {peak:,.0f} MB"
        )
        with db.reading() as conn:
            mismatched = conn.execute(
                text(
                    "SELECT count(*) FROM contract c WHERE c.balance <> "
                    "(SELECT coalesce(sum(amount), 0) FROM ledger_entry e WHERE e.contract_id = c.id)"
                )
            ).scalar()
        print(f"contracts whose balance differs from their ledger: {mismatched}")
        if not args.no_rollback:
            started = time.perf_counter()
            rollback_legacy_import(db, OWNER, done.batch_id)
            print(f"rollback of the whole import: {time.perf_counter() - started:.0f} s")

        sample = Path(tmp) / "sample"
        write_legacy_export(sample, args.sample, houses=400, seed=2)
        started = time.perf_counter()
        count = naive(db, sample)
        naive_s = time.perf_counter() - started
        extrapolated = naive_s * args.subscribers / count
        print(
            f"naive, one subscriber at a time: {count:,} in {naive_s:.1f} s → "
            f"{extrapolated / 60:.0f} min for {args.subscribers:,}; "
            f"the batch is {extrapolated / total:.1f}× faster"
        )
        db.dispose()


if __name__ == "__main__":
    main()
