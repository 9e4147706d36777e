"""The dispatch board: address order, assigning with optimistic locking, route sheets, outcomes."""

from __future__ import annotations

import datetime as dt
import threading
import uuid

import pytest
from sqlalchemy import text

from app import clock
from app.db import Database
from app.errors import ConcurrentEdit, PermissionDenied, ValidationError
from app.models import PaymentMethod, Role, WorkOrderKind, WorkOrderStatus
from app.services.billing.run import run_day
from app.services.cashdesk.payments import post_payment
from app.services.cashdesk.shifts import open_shift
from app.services.dispatch.board import (
    BoardFilter,
    assign,
    board,
    cancelled_after_printing,
    counters,
    create_manual_order,
    installer_loads,
    route_sheets,
)
from app.services.dispatch.installers import create_installer
from app.services.dispatch.orders import Outcome, record_outcome
from app.services.kernel.settings import business_today
from tests.factories import add_service, make_contract, make_desk, make_staff, make_tariff

START = dt.date(2026, 3, 1)
TODAY = START + dt.timedelta(days=10)  # the office's day once the story's nights have run


def story_clock():
    return clock.frozen_at(dt.datetime(START.year, START.month, START.day, 9, tzinfo=dt.UTC))


@pytest.fixture
def queue(db: Database):
    """Three subscribers past the grace period: three disconnect orders on the board. The office's clock
    moves with the story's nights and stands at TODAY: visits are planned for TODAY or later."""
    with story_clock() as moment:
        tv = make_tariff(db, "КТВ", "catv", 310_00)
        places = [("ул. Мира", "3", "1"), ("ул. Ленина", "12", "10"), ("ул. Ленина", "12", "2")]
        for n, (street, house, apartment) in enumerate(places):
            contract = make_contract(
                db, f"10000{n}", f"Абонент {n}", street=street, house=house, apartment=apartment
            )
            add_service(db, contract, "catv", tv, START)
        for day in range(11):
            run_day(db, START + dt.timedelta(days=day))
            moment.advance(days=1 if day < 10 else 0)
        admin = make_staff(db, "boss", Role.ADMIN)
        dispatcher = make_staff(db, "disp", Role.DISPATCHER)
        installer = create_installer(db, admin, full_name="Монтажников Игорь", phone="+7 916 000-00-01").id
        yield db, dispatcher, installer


def test_board_is_in_address_order_with_debts(queue) -> None:
    db, dispatcher, _installer = queue
    rows = board(db, dispatcher)
    assert [(r.address, r.apartment) for r in rows] == [
        ("ул. Ленина, д. 12", "2"),
        ("ул. Ленина, д. 12", "10"),
        ("ул. Мира, д. 3", "1"),
    ]
    assert all(r.kind is WorkOrderKind.DISCONNECT_CATV and r.debt == 110_00 for r in rows)
    assert counters(db, dispatcher).new == 3


def test_assign_print_and_record_outcomes(queue) -> None:
    db, dispatcher, installer = queue
    rows = board(db, dispatcher)
    day = START + dt.timedelta(days=11)
    assert assign(db, dispatcher, [(r.id, r.version) for r in rows[:2]], installer, day) == 2
    assigned = board(db, dispatcher, BoardFilter(installer_id=installer))
    assert [r.status for r in assigned] == [WorkOrderStatus.ASSIGNED] * 2
    sheets = route_sheets(db, dispatcher, day)
    assert len(sheets) == 1 and [s.apartment for s in sheets[0].stops] == ["2", "10"]
    first = board(db, dispatcher, BoardFilter(installer_id=installer))[0]
    record_outcome(db, dispatcher, first.id, Outcome.NO_ACCESS, version=first.version, note="не открыли")
    back = next(r for r in board(db, dispatcher) if r.id == first.id)
    assert back.status is WorkOrderStatus.NEW and back.installer_id is None  # back in the queue


def test_a_stale_assignment_is_refused_and_nothing_changes(queue) -> None:
    db, dispatcher, installer = queue
    rows = board(db, dispatcher)
    assign(db, dispatcher, [(rows[0].id, rows[0].version)], installer, TODAY)
    with pytest.raises(ConcurrentEdit):
        assign(db, dispatcher, [(rows[1].id, rows[1].version), (rows[0].id, rows[0].version)], None, None)
    assert next(r for r in board(db, dispatcher) if r.id == rows[1].id).status is WorkOrderStatus.NEW


def test_a_visit_on_a_day_that_has_passed_is_refused_and_nothing_changes(queue) -> None:
    db, dispatcher, installer = queue
    row = board(db, dispatcher)[0]
    with pytest.raises(ValidationError) as refused:
        assign(db, dispatcher, [(row.id, row.version)], installer, TODAY - dt.timedelta(days=1))
    assert refused.value.field == "day"
    assert board(db, dispatcher)[0] == row  # not assigned, not a new version
    assert installer_loads(db, dispatcher, TODAY) == {}
    assign(db, dispatcher, [(row.id, row.version)], installer, TODAY)  # today is still open
    assert installer_loads(db, dispatcher, TODAY) == {installer: 1}
    assert installer_loads(db, dispatcher, TODAY + dt.timedelta(days=1)) == {}


def test_cancelled_after_printing_is_flagged(queue) -> None:
    db, dispatcher, installer = queue
    row = board(db, dispatcher)[0]
    assign(db, dispatcher, [(row.id, row.version)], installer, START + dt.timedelta(days=11))
    route_sheets(db, dispatcher, START + dt.timedelta(days=11))
    cashier = make_staff(db, "kassa", Role.CASHIER)
    open_shift(db, cashier, make_desk(db), 0)
    with db.reading() as conn:
        contract_id, balance = conn.execute(
            text(
                "SELECT c.id, c.balance FROM contract c "
                "JOIN work_order w ON w.contract_id = c.id WHERE w.id = :o"
            ),
            {"o": row.id},
        ).one()
    post_payment(
        db,
        cashier,
        client_uuid=uuid.uuid4(),
        contract_id=contract_id,
        amount=-balance,
        method=PaymentMethod.CASH,
    )
    flagged = cancelled_after_printing(db, dispatcher, START)
    assert [(f.order_id, f.installer) for f in flagged] == [(row.id, "Монтажников Игорь")]
    assert all(r.id != row.id for r in board(db, dispatcher))  # it left the board


def test_manual_orders_and_permissions(queue) -> None:
    db, dispatcher, _installer = queue
    order = create_manual_order(
        db,
        dispatcher,
        kind=WorkOrderKind.REPAIR,
        contract_number="100000",
        due_on=business_today({}),
        note="нет сигнала",
    )
    assert any(r.id == order and r.note == "нет сигнала" for r in board(db, dispatcher))
    with pytest.raises(ValidationError):
        create_manual_order(
            db,
            dispatcher,
            kind=WorkOrderKind.REPAIR,
            contract_number="999",
            due_on=business_today({}),
            note="",
        )
    with pytest.raises(PermissionDenied):
        board(db, make_staff(db, "kassa", Role.CASHIER))


def test_two_dispatchers_assigning_at_once_on_postgresql(pg_db: Database) -> None:
    with story_clock() as moment:
        tv = make_tariff(pg_db, "КТВ", "catv", 310_00)
        add_service(pg_db, make_contract(pg_db, "100001"), "catv", tv, START)
        for day in range(11):
            run_day(pg_db, START + dt.timedelta(days=day))
            moment.advance(days=1 if day < 10 else 0)
        two_dispatchers_assigning_at_once(pg_db)


def two_dispatchers_assigning_at_once(pg_db: Database) -> None:
    admin = make_staff(pg_db, "boss", Role.ADMIN)
    first = make_staff(pg_db, "disp1", Role.DISPATCHER)
    second = make_staff(pg_db, "disp2", Role.DISPATCHER)
    installers = [create_installer(pg_db, admin, full_name=f"Монтажник {n}").id for n in range(2)]
    seen = board(pg_db, first)[0]
    outcomes: list[str] = []
    barrier = threading.Barrier(2)

    def race(actor, installer) -> None:
        workstation = pg_db.fresh_connections()
        barrier.wait()
        try:
            assign(workstation, actor, [(seen.id, seen.version)], installer, TODAY)
            outcomes.append("won")
        except ConcurrentEdit:
            outcomes.append("refused")
        finally:
            workstation.dispose()

    threads = [
        threading.Thread(target=race, args=(a, i)) for a, i in zip((first, second), installers, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["refused", "won"]
    with pg_db.reading() as conn:
        assert (
            conn.execute(text("SELECT count(*) FROM event WHERE kind = 'work_order_assigned'")).scalar() == 1
        )


def test_field_figures(queue) -> None:
    from app.services.dispatch.field_reports import field_figures

    db, dispatcher, installer = queue
    rows = board(db, dispatcher)
    assign(db, dispatcher, [(rows[0].id, rows[0].version)], installer, TODAY)
    done = board(db, dispatcher, BoardFilter(installer_id=installer))[0]
    record_outcome(db, dispatcher, done.id, Outcome.DONE, version=done.version)
    cashier = make_staff(db, "kassa", Role.CASHIER)
    open_shift(db, cashier, make_desk(db), 0)
    with db.reading() as conn:
        contract_id, balance = conn.execute(
            text(
                "SELECT c.id, c.balance FROM contract c "
                "JOIN work_order w ON w.contract_id = c.id WHERE w.id = :o"
            ),
            {"o": rows[1].id},
        ).one()
    post_payment(
        db,
        cashier,
        client_uuid=uuid.uuid4(),
        contract_id=contract_id,
        amount=-balance,
        method=PaymentMethod.CASH,
    )
    today = business_today({})
    figures = field_figures(db, dispatcher, today - dt.timedelta(days=1), today + dt.timedelta(days=1))
    assert [(d.installer, d.day, d.done) for d in figures.done_per_installer_day] == [
        ("Монтажников Игорь", TODAY, 1)
    ]
    assert figures.trips_saved == 1 and figures.orders_created == 3
    assert figures.average_hours_to_done is not None and figures.average_hours_to_done >= 0


WAVE = 20_500  # more open orders than the board ever showed at once (it cut the list at 20,000)


def test_after_a_disconnect_wave_the_board_shows_every_open_order(queue) -> None:
    """The board lists every open order its counters count — no internal cap, nothing hidden."""
    from sqlalchemy import insert, select

    from app.models import Building, WorkOrder

    db, dispatcher, _installer = queue
    with db.transaction() as session:
        building = session.scalars(select(Building.id)).first()
        session.execute(
            insert(WorkOrder),
            [
                {
                    "kind": WorkOrderKind.REPAIR,
                    "status": WorkOrderStatus.NEW,
                    "building_id": building,
                    "due_on": START,
                    "note": f"заявка {n}",
                }
                for n in range(WAVE)
            ],
        )
    rows = board(db, dispatcher)
    figures = counters(db, dispatcher)
    assert figures.new == WAVE + 3 and len(rows) == figures.new + figures.assigned
    assert len({r.id for r in rows}) == len(rows)
    assert len(board(db, dispatcher, BoardFilter(kind=WorkOrderKind.REPAIR))) == WAVE


def test_reading_the_board_does_not_wait_for_a_writer_on_sqlite(sqlite_db: Database) -> None:
    """WAL: readers never wait for writers. The board and its counters answer while another PC holds
    the write lock (they used to start a write transaction and wait behind it)."""
    import time

    db = sqlite_db
    dispatcher = make_staff(db, "disp", Role.DISPATCHER)
    make_contract(db, "100001")
    with db.engine.connect().execution_options(sqlite_begin="IMMEDIATE") as writer:
        writer.execute(text("UPDATE contract SET credit_limit = 1"))  # holds the write lock
        started = time.monotonic()
        assert board(db, dispatcher) == [] and counters(db, dispatcher).new == 0
        waited = time.monotonic() - started
        writer.rollback()
    assert waited < 5.0, waited  # a write transaction would wait out the 30-second busy timeout
