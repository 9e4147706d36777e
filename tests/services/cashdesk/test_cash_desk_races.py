"""The cash desk's races on real concurrent sessions: a shift closed while its cashier is posting, and
one payment cancelled twice at the same moment. Every round ends in a state some serial order gives."""

from __future__ import annotations

import random
import threading
import uuid
from dataclasses import dataclass

from sqlalchemy import text

from app.db import Database
from app.models import PaymentMethod, Role
from app.services.cashdesk.cancellation import AlreadyCancelled, cancel_payment
from app.services.cashdesk.payments import DESK_METHODS, NoOpenShift, ShiftClosed, post_payment
from app.services.cashdesk.shifts import close_shift, open_shift, shift_report
from app.services.kernel.documents import ShiftReportData
from app.services.kernel.permissions import Actor
from tests.factories import make_contract, make_desk, make_staff
from tests.services.cashdesk.test_payments import ledger_matches_balances


def rounds(db: Database, postgresql: int, sqlite: int) -> int:
    return postgresql if db.url.get_backend_name() == "postgresql" else sqlite


@dataclass
class Desk:
    db: Database
    till: Database  # the cashier's workstation
    office: Database  # the administrator's
    cashier: Actor
    admin: Actor
    desk: int
    contract: int
    rng: random.Random


def close_while_posting(d: Desk, round_number: int) -> bool:
    """One round: the cashier posts until refused while the administrator closes the shift. Returns
    whether the cashier was refused by the closing (the race met)."""
    shift = open_shift(d.db, d.cashier, d.desk, 1_000_00)
    start = threading.Barrier(2)
    errors: list[BaseException] = []
    refused: list[bool] = []
    reports: list[ShiftReportData] = []
    pause = d.rng.uniform(0, 0.02)
    amounts = [(d.rng.choice([10_00, 25_50, 100_00]), d.rng.choice(list(DESK_METHODS))) for _ in range(500)]

    def cashier_posts() -> None:
        start.wait(timeout=30)
        for amount, method in amounts:
            try:
                post_payment(
                    d.till,
                    d.cashier,
                    client_uuid=uuid.uuid4(),
                    contract_id=d.contract,
                    amount=amount,
                    method=method,
                )
            except (ShiftClosed, NoOpenShift):
                refused.append(True)
                return
            except BaseException as exc:  # noqa: BLE001 - reported below
                errors.append(exc)
                return

    def admin_closes() -> None:
        start.wait(timeout=30)
        threading.Event().wait(pause)
        reports.append(close_shift(d.office, d.admin, shift.id, 0, version=shift.version))

    threads = [threading.Thread(target=cashier_posts), threading.Thread(target=admin_closes)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == [] and len(reports) == 1, (round_number, errors)
    z = reports[0]
    with d.db.reading() as conn:
        count, cash = conn.execute(
            text(
                "SELECT count(*), coalesce(sum(CASE WHEN method = 'cash' THEN amount END), 0) "
                "FROM payment WHERE shift_id = :s"
            ),
            {"s": shift.id},
        ).one()
        stored = conn.execute(
            text("SELECT expected_cash FROM shift WHERE id = :s"), {"s": shift.id}
        ).scalar_one()
    # Nothing got into the shift after it closed: the Z report holds every payment of the shift.
    assert len(z.payments) == count, f"round {round_number}: {count - len(z.payments)} after the close"
    in_report = sum(p.amount for p in z.payments if p.method is PaymentMethod.CASH)
    assert z.expected_cash == stored == 1_000_00 + cash == 1_000_00 + in_report
    assert sum(z.totals_by_method.values()) == sum(p.amount for p in z.payments)
    assert shift_report(d.db, d.admin, shift.id) == z  # the reprint is the same document
    return bool(refused)


def test_closing_a_shift_while_its_cashier_posts_loses_nothing(db: Database) -> None:
    till, office = db.fresh_connections(), db.fresh_connections()
    desk = Desk(
        db,
        till,
        office,
        make_staff(db, "kassa", Role.CASHIER),
        make_staff(db, "boss", Role.ADMIN),
        make_desk(db),
        make_contract(db, "100001"),
        random.Random(12),
    )
    try:
        met = sum(close_while_posting(desk, n) for n in range(rounds(db, 200, 15)))
    finally:
        till.dispose()
        office.dispose()
    assert ledger_matches_balances(db)
    assert met > 0, "the cashier never met the closing: the race was not exercised"


def cancel_twice_at_once(
    db: Database, workstations: tuple[Database, Database], actors: tuple[Actor, Actor], contract: int
) -> list[str]:
    posted = post_payment(
        db, actors[0], client_uuid=uuid.uuid4(), contract_id=contract, amount=50_00, method=PaymentMethod.CASH
    )
    start = threading.Barrier(2)
    results: list[str] = []

    def cancel(workstation: Database, who: Actor) -> None:
        start.wait(timeout=30)
        try:
            cancel_payment(workstation, who, posted.payment_id, "ошибка")
            results.append("cancelled")
        except AlreadyCancelled:
            results.append("already cancelled")
        except BaseException as exc:  # noqa: BLE001 - reported below
            results.append(f"{type(exc).__name__}: {exc}")

    threads = [threading.Thread(target=cancel, args=pair) for pair in zip(workstations, actors, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return sorted(results)


def test_one_payment_cancelled_twice_at_once_is_cancelled_once(db: Database) -> None:
    cashier = make_staff(db, "kassa", Role.CASHIER)
    admin = make_staff(db, "boss", Role.ADMIN)
    contract = make_contract(db, "100001")
    open_shift(db, cashier, make_desk(db), 0)
    open_shift(db, admin, make_desk(db, "Касса 2"), 1_000_000_00)
    workstations = (db.fresh_connections(), db.fresh_connections())
    try:
        for _ in range(rounds(db, 100, 30)):
            results = cancel_twice_at_once(db, workstations, (cashier, admin), contract)
            assert results == ["already cancelled", "cancelled"], results
    finally:
        for workstation in workstations:
            workstation.dispose()
    assert ledger_matches_balances(db)


def test_a_closed_shifts_z_report_stays_as_printed_after_a_later_cancellation(db: Database) -> None:
    cashier = make_staff(db, "kassa", Role.CASHIER)
    admin = make_staff(db, "boss", Role.ADMIN)
    contract = make_contract(db, "100001")
    shift = open_shift(db, cashier, make_desk(db), 0)
    posted = post_payment(
        db, cashier, client_uuid=uuid.uuid4(), contract_id=contract, amount=990_00, method=PaymentMethod.CASH
    )
    z = close_shift(db, cashier, shift.id, 990_00, version=shift.version)
    admin_shift = open_shift(db, admin, make_desk(db, "Касса 2"), 2_000_00)
    cancel_payment(db, admin, posted.payment_id, "вернули на следующий день")
    again = shift_report(db, cashier, shift.id)
    assert again == z and not again.payments[0].cancelled and again.expected_cash == 990_00
    later = shift_report(db, admin, admin_shift.id)  # the refund shows where it happened
    assert [c.amount for c in later.cancellations] == [990_00] and later.expected_cash == 1_010_00
