"""Provisioning after a night of debts: N Internet services blocked by one billing run on PostgreSQL, then
the time until the outbox is drained into FreeRADIUS's tables and the NAS of every open session has its
Disconnect-Request (a NAS on loopback answering RFC 5176), next to a naive delivery (one service per
transaction, as a per-row hook would do) measured on a sample in the same run and extrapolated.

usage: .venv/bin/python bench/provisioning.py [--internet 100000] [--sessions-percent 10] [--sample 2000]
It creates (and drops) its own database: contracts with Internet and cable TV made by SQL (as
bench/billing_run.py does), every contract a kopeck from debt, so the run blocks every Internet service.
"""

from __future__ import annotations

import argparse
import time
import uuid

from sqlalchemy import create_engine, make_url, text

from app.adapters.radius_coa import CoaSender, Nas
from app.adapters.radius_sql import RadiusPolicy, RadiusSql
from app.db import Database
from app.schema import upgrade
from app.services.admin.server_roles import drop_database_roles, setup_roles
from app.services.billing.run import run_day
from app.services.provisioning import outbox
from app.services.provisioning.ports import RADIUS
from bench.billing_run import DAY, DEFAULT_ADMIN, populate
from tests.adapters.freeradius import FakeNas

SECRET = "bench-nas"


def naive_delivery(db: Database, sample: int) -> float:
    """Seconds to deliver `sample` services one transaction each (delete and insert its rows, commit,
    mark it delivered), the way a per-change hook would; rolled back afterwards by re-queuing."""
    with db.reading() as conn:
        ids = list(
            conn.execute(
                text("SELECT service_id FROM provisioning WHERE target = 'radius' ORDER BY 1 LIMIT :n"),
                {"n": sample},
            ).scalars()
        )
    target = RadiusSql(db, RadiusPolicy())
    started = time.perf_counter()
    for service_id in ids:
        with db.transaction() as session:
            [desired] = outbox.read_desired(session, [service_id])
        target.apply([desired])
        outbox.record(db, [desired], {})
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--internet", type=int, default=100_000, help="Internet services (as many CaTV)")
    parser.add_argument("--sessions-percent", type=int, default=10, help="of them online when blocked")
    parser.add_argument("--sample", type=int, default=2000)
    parser.add_argument("--batch", type=int, default=2000)
    parser.add_argument("--profile", action="store_true", help="print where the drain's time goes")
    parser.add_argument("--workers", type=int, default=1, help="delivering at once (threads)")
    parser.add_argument(
        "--no-outbox", action="store_true", help="the billing run with the outbox's triggers off (its cost)"
    )
    args = parser.parse_args()
    admin = create_engine(make_url(DEFAULT_ADMIN), isolation_level="AUTOCOMMIT")
    name = f"demo_bench_prov_{uuid.uuid4().hex[:6]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(DEFAULT_ADMIN).set(database=name).render_as_string(hide_password=False)
    nas = FakeNas(SECRET)
    try:
        db = Database(url)
        upgrade(db)
        populate(db, args.internet * 2, debtors_percent=100)
        setup_roles(db)
        with db.engine.begin() as conn:
            conn.execute(
                text("UPDATE service SET identifier = 'u' || id, password = 'p' || id WHERE kind = :k"),
                {"k": "internet"},
            )
        coa = CoaSender({"127.0.0.1": Nas("127.0.0.1", "bench", nas.port)}, lambda _nas: SECRET)
        targets = {RADIUS: RadiusSql(db, RadiusPolicy(), coa)}

        started = time.perf_counter()
        first = outbox.deliver_due(db, targets, batch=args.batch)
        push = time.perf_counter() - started
        print(f"first push of {first.delivered} Internet services into RADIUS: {push:6.1f} s")

        online = args.internet * args.sessions_percent // 100
        with db.engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO radacct (acctsessionid, acctuniqueid, username, nasipaddress, "
                    "acctstarttime) SELECT 's' || id, 'u-' || id, identifier, '127.0.0.1', now() "
                    "FROM service WHERE kind = 'internet' ORDER BY id LIMIT :n"
                ),
                {"n": online},
            )
        if args.no_outbox:
            with db.engine.begin() as conn:
                conn.execute(text("ALTER TABLE service DISABLE TRIGGER service_updated_wants_provisioning"))
        started = time.perf_counter()
        result = run_day(db, DAY)
        run_seconds = time.perf_counter() - started
        if args.no_outbox:
            print(f"billing run WITHOUT the outbox's triggers: {run_seconds:6.1f} s")
            return 0
        with db.reading() as conn:
            due = conn.execute(
                text("SELECT count(*) FROM provisioning WHERE version > delivered_version")
            ).scalar()
        print(
            f"billing run: {run_seconds:6.1f} s, {result.services_blocked} services blocked, "
            f"{due} desired states written by the triggers in the same transactions"
        )
        received_before = len(nas.received)
        started = time.perf_counter()
        if args.profile:
            import cProfile
            import pstats

            profiler = cProfile.Profile()
            drained = profiler.runcall(outbox.deliver_due, db, targets, batch=args.batch)
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
        elif args.workers > 1:  # as several PCs (or processes) would: SKIP LOCKED shares the work
            from concurrent.futures import ThreadPoolExecutor

            def worker(_n: int) -> outbox.Delivery:
                own = db.fresh_connections()
                own_coa = CoaSender({"127.0.0.1": Nas("127.0.0.1", "bench", nas.port)}, lambda _nas: SECRET)
                own_radius = RadiusSql(own, RadiusPolicy(), own_coa)
                return outbox.deliver_due(own, {RADIUS: own_radius}, batch=args.batch)

            with ThreadPoolExecutor(args.workers) as pool:
                parts = list(pool.map(worker, range(args.workers)))
            drained = outbox.Delivery(sum(p.delivered for p in parts), sum(p.failed for p in parts))
        else:
            drained = outbox.deliver_due(db, targets, batch=args.batch)
        drain = time.perf_counter() - started
        disconnects = sum(1 for kind, _a in nas.received[received_before:] if kind == "disconnect")
        with db.reading() as conn:
            rejects = conn.execute(
                text("SELECT count(*) FROM radcheck WHERE attribute = 'Auth-Type' AND value = 'Reject'")
            ).scalar()
        print(
            f"drain after the run ({args.workers} worker(s)): {drain:6.1f} s for {drained.delivered} "
            f"services ({drained.failed} failed); {rejects} logins rejected in radcheck; "
            f"the NAS got {disconnects} of {online} Disconnect-Requests"
        )
        # the naive way, on a sample (queued again so there is something to deliver)
        with db.engine.begin() as conn:
            conn.execute(text("UPDATE provisioning SET version = version + 1"))
            conn.execute(text("UPDATE radacct SET acctstoptime = now()"))
        naive = naive_delivery(db, args.sample)
        naive_total = naive / args.sample * args.internet
        print(f"naive (a transaction each), {args.sample} services: {naive:.2f} s -> {naive_total:.0f} s")
        print(f"drain speed-up over naive: {naive_total / drain:.1f}x")
        per_second = drained.delivered / drain
        million = 1e6 / per_second
        print(f"rate: {per_second:,.0f} services a second -> 1,000,000 changed services in {million:.0f} s")
        db.dispose()
    finally:
        nas.stop()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            drop_database_roles(conn, name)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
