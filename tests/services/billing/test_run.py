"""The billing run: exact pro-rata, idempotent and resumable, single, catching up missed days."""

from __future__ import annotations

import calendar
import datetime as dt
import threading

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import text

from app.db import Database
from app.errors import PermissionDenied
from app.models import Role
from app.services.billing import run as billing
from app.services.billing import run_lock
from app.services.billing.prices import daily_charge
from app.services.billing.run import BillingCancelled, run_billing, run_day
from app.services.billing.run_lock import BillingAlreadyRunning
from tests.factories import add_service, make_contract, make_staff, make_tariff
from tests.services.cashdesk.test_payments import ledger_matches_balances

MARCH = dt.date(2026, 3, 1)


@given(fee=st.integers(min_value=0, max_value=10_000_000_00), days=st.sampled_from([28, 29, 30, 31]))
def test_daily_charges_of_a_month_sum_to_the_monthly_fee(fee: int, days: int) -> None:
    charges = [daily_charge(fee, day, days) for day in range(1, days + 1)]
    assert sum(charges) == fee
    assert all(c >= 0 for c in charges) and max(charges) - min(charges) <= 1


def charges(db: Database) -> list[tuple[int, str, int]]:
    with db.reading() as conn:
        return [
            (int(s), str(p), int(a))
            for s, p, a in conn.execute(
                text(
                    "SELECT service_id, charge_period, amount FROM ledger_entry "
                    "WHERE kind = 'charge' ORDER BY 1, 2"
                )
            )
        ]


@pytest.fixture
def two_services(db: Database):
    internet = make_tariff(db, "Интернет 500", "internet", 600_00)
    tv = make_tariff(db, "КТВ Базовый", "catv", 310_00, mode="monthly")
    contract = make_contract(db, "100001")
    add_service(db, contract, "internet", internet, MARCH)
    add_service(db, contract, "catv", tv, MARCH)
    with db.transaction() as session:  # enough money not to fall into debt
        session.execute(text("UPDATE contract SET credit_limit = 100000000"))
    return contract


def test_a_full_month_of_daily_runs_charges_exactly_the_monthly_fees(db: Database, two_services) -> None:
    for day in range(1, 32):
        run_day(db, MARCH.replace(day=day))
    with db.reading() as conn:
        per_service = dict(
            conn.execute(text("SELECT service_id, -sum(amount) FROM ledger_entry GROUP BY service_id")).all()
        )
    assert per_service == {1: 600_00, 2: 310_00}  # daily Internet, monthly CaTV charged once
    assert ledger_matches_balances(db)


def test_running_a_date_twice_charges_once(db: Database, two_services) -> None:
    first = run_day(db, MARCH)
    again = run_day(db, MARCH)
    assert (first.charges, again.charges) == (2, 0)
    assert len(charges(db)) == 2 and ledger_matches_balances(db)


def test_a_run_killed_halfway_is_resumed_without_double_charges(db: Database, monkeypatch) -> None:
    tariff = make_tariff(db, "Интернет 100", "internet", 310_00)
    for n in range(10):
        contract = make_contract(db, f"1000{n:02d}", apartment=str(n))
        add_service(db, contract, "internet", tariff, MARCH)
    monkeypatch.setattr(billing, "BATCH", 3)
    batches = iter(
        [False, False, True]
    )  # the operator presses Cancel (or the process dies) after two batches
    with pytest.raises(BillingCancelled):
        run_day(db, MARCH, cancelled=lambda: next(batches))
    assert len(charges(db)) == 6 and ledger_matches_balances(db)
    run_day(db, MARCH)
    assert [s for s, _p, _a in charges(db)] == list(range(1, 11))
    assert ledger_matches_balances(db)
    with db.reading() as conn:
        statuses = [s for (s,) in conn.execute(text("SELECT status FROM billing_run ORDER BY id"))]
    assert statuses == ["cancelled", "finished"]


def test_batches_of_contracts_charge_every_service_once_wherever_its_id_falls(
    db: Database, monkeypatch
) -> None:
    """A batch is a range of contract ids: a service added to an early contract after many others (a
    high service id) is charged in its contract's batch, once; a day run again tries nothing."""
    internet = make_tariff(db, "Интернет 100", "internet", 310_00)
    tv = make_tariff(db, "КТВ", "catv", 150_00, mode="monthly")
    contracts = [make_contract(db, f"1000{n:02d}", apartment=str(n)) for n in range(5)]
    for contract in contracts:
        add_service(db, contract, "internet", internet, MARCH)
    add_service(db, contracts[0], "catv", tv, MARCH)  # high service ids, on the first contracts
    add_service(db, contracts[1], "internet", internet, MARCH)
    with db.transaction() as session:  # enough money not to fall into debt
        session.execute(text("UPDATE contract SET credit_limit = 100000000"))
    monkeypatch.setattr(billing, "BATCH", 2)
    batches: list[tuple[int, int]] = []
    real = billing._charge_batch

    def counted(session, day, fees, low, high):
        batches.append((low, high))
        return real(session, day, fees, low, high)

    monkeypatch.setattr(billing, "_charge_batch", counted)
    assert run_day(db, MARCH).charges == 7
    assert batches == [(1, 3), (3, 5), (5, 7)]  # five contracts (seven services)
    assert sorted(s for s, _p, _a in charges(db)) == list(range(1, 8))
    assert run_day(db, MARCH.replace(day=2)).charges == 6  # the monthly TV fee is not due again
    assert run_day(db, MARCH.replace(day=2)).charges == 0
    assert len(charges(db)) == 13 and ledger_matches_balances(db)


def test_missed_days_are_caught_up_in_order(db: Database, two_services) -> None:
    run_billing(db, None, MARCH)
    result = run_billing(db, None, MARCH + dt.timedelta(days=3))
    assert [d.business_date.day for d in result.days] == [2, 3, 4]
    internet = [p for s, p, _a in charges(db) if s == 1]
    assert internet == ["2026-03-01", "2026-03-02", "2026-03-03", "2026-03-04"]


def test_only_admins_start_a_run(db: Database) -> None:
    with pytest.raises(PermissionDenied):
        run_billing(db, make_staff(db, "anna", Role.CASHIER), MARCH)


def test_a_second_run_at_the_same_time_is_refused(db: Database, two_services) -> None:
    with run_lock.run_lock(db), pytest.raises(BillingAlreadyRunning):
        run_billing(db, None, MARCH)
    run_billing(db, None, MARCH)  # the lock is released afterwards


def test_two_processes_at_once_on_postgresql_charge_once(pg_db: Database) -> None:
    tariff = make_tariff(pg_db, "Интернет 100", "internet", 310_00)
    for n in range(200):
        add_service(pg_db, make_contract(pg_db, f"10{n:04d}", apartment=str(n)), "internet", tariff, MARCH)
    outcomes: list[str] = []

    def run() -> None:
        workstation = pg_db.fresh_connections()
        try:
            run_billing(workstation, None, MARCH)
            outcomes.append("ran")
        except BillingAlreadyRunning:
            outcomes.append("refused")
        finally:
            workstation.dispose()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert "ran" in outcomes
    assert len(charges(pg_db)) == 200 and ledger_matches_balances(pg_db)


def test_month_lengths_are_respected() -> None:
    assert calendar.monthrange(2028, 2)[1] == 29
    assert sum(daily_charge(100_00, d, 29) for d in range(1, 30)) == 100_00
