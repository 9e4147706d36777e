"""The dispatch board with 10,000 open work orders on PostgreSQL: time to load it and to filter it by
district and by installer, next to a naive load (one ORM object per order, its contract, subscriber,
building and installer fetched lazily, one query each) measured in the same run.

usage: .venv/bin/python bench/board_load.py [--orders 10000] [--database URL]
"""

from __future__ import annotations

import argparse
import uuid

from scratch import median_time  # bench/, beside this script
from sqlalchemy import create_engine, make_url, select, text

from app.db import Database
from app.models import Building, Contract, Installer, Role, Subscriber, WorkOrder
from app.schema import upgrade
from app.services.dispatch.board import BoardFilter, board
from app.services.kernel.permissions import Actor

DEFAULT_ADMIN = "postgresql+psycopg://root@127.0.0.1:5432/test"
DISPATCHER = Actor(staff_id=0, login="bench", full_name="bench", roles=frozenset({Role.DISPATCHER}))


def populate(db: Database, orders: int) -> None:
    with db.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO district (id, name, active, version) SELECT g, 'Район ' || g, true, 1 "
                "FROM generate_series(1, 10) g"
            )
        )
        conn.execute(
            text(
                "INSERT INTO building (id, city, street, house, block, district_id, tap_label, search_text, "
                "version) SELECT g, 'Тверь', 'ул. Улица ' || (g % 97), (g / 97 + 1)::text, '', 1 + g % 10, "
                "'ТП-' || g, '', 1 FROM generate_series(1, 1000) g"
            )
        )
        conn.execute(
            text(
                "INSERT INTO premises (id, building_id, apartment) "
                "SELECT g, 1 + g % 1000, (g / 1000 + 1)::text FROM generate_series(1, :n) g"
            ),
            {"n": orders},
        )
        conn.execute(
            text(
                "INSERT INTO subscriber (id, kind, full_name, phone, phone2, email, notify_sms, "
                "notify_email, passport_series, passport_number, passport_issued_by, inn, created_at, "
                "search_name, version) SELECT g, 'person', 'Абонент ' || g, '79160000000', '', '', true, "
                "false, '', '', '', '', now(), '', 1 FROM generate_series(1, :n) g"
            ),
            {"n": orders},
        )
        conn.execute(
            text(
                "INSERT INTO contract (id, number, subscriber_id, premises_id, signed_on, status, "
                "credit_limit, balance, never_block, debt_since, created_at, version) SELECT g, "
                "(100000 + g)::text, g, g, '2025-01-01', 'active', 0, -50000, false, '2026-10-01', now(), 1 "
                "FROM generate_series(1, :n) g"
            ),
            {"n": orders},
        )
        conn.execute(
            text(
                "INSERT INTO installer (id, full_name, phone, active, version) SELECT g, "
                "'Монтажник ' || g, '', true, 1 FROM generate_series(1, 20) g"
            )
        )
        conn.execute(
            text(
                "INSERT INTO work_order (kind, status, contract_id, building_id, premises_id, installer_id, "
                "due_on, planned_on, note, outcome_note, cancel_reason, created_at, version) SELECT "
                "'disconnect_catv', CASE WHEN g % 3 = 0 THEN 'assigned' ELSE 'new' END, g, 1 + g % 1000, g, "
                "CASE WHEN g % 3 = 0 THEN 1 + g % 20 END, '2026-11-20', "
                "CASE WHEN g % 3 = 0 THEN DATE '2026-11-26' END, '', '', '', now(), 1 "
                "FROM generate_series(1, :n) g"
            ),
            {"n": orders},
        )
        conn.execute(text("ANALYZE"))


def naive(db: Database) -> int:
    """What a first attempt does: ORM objects, a query per related row."""
    with db.transaction() as session:
        count = 0
        for order in session.scalars(select(WorkOrder).where(WorkOrder.status.in_(("new", "assigned")))):
            contract = session.get(Contract, order.contract_id)
            subscriber = session.get(Subscriber, contract.subscriber_id) if contract else None
            building = session.get(Building, order.building_id) if order.building_id else None
            installer = session.get(Installer, order.installer_id) if order.installer_id else None
            count += bool(subscriber) + bool(building) + bool(installer)
        return count


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--orders", type=int, default=10_000)
    parser.add_argument("--database")
    args = parser.parse_args()
    admin = create_engine(make_url(DEFAULT_ADMIN), isolation_level="AUTOCOMMIT")
    name = None
    url = args.database
    if url is None:
        name = f"demo_bench_board_{uuid.uuid4().hex[:6]}"
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        url = make_url(DEFAULT_ADMIN).set(database=name).render_as_string(hide_password=False)
    try:
        db = Database(url)
        upgrade(db)
        if name:
            populate(db, args.orders)
        loaded = len(board(db, DISPATCHER))
        full = median_time(lambda: board(db, DISPATCHER))
        by_district = median_time(lambda: board(db, DISPATCHER, BoardFilter(district_id=3)))
        by_installer = median_time(lambda: board(db, DISPATCHER, BoardFilter(installer_id=5)))
        slow = median_time(lambda: naive(db), repeat=1)
        print(f"open orders on the board: {loaded}")
        print(f"load the whole board:   {full * 1000:8.0f} ms (median of 5)")
        print(f"filter by district:     {by_district * 1000:8.0f} ms")
        print(f"filter by installer:    {by_installer * 1000:8.0f} ms")
        print(f"naive ORM load:         {slow * 1000:8.0f} ms -> board is {slow / full:.0f}x faster")
        db.dispose()
    finally:
        if name:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
