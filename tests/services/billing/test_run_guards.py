"""What keeps the billing run honest around it: no date that has not come yet (in the company's time
zone, by the program's clock), who started a run, a killed run closed with what it charged, and a lock
left by a dead process that does not block the next night."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest
from sqlalchemy import text, update

from app import clock
from app.db import Database
from app.errors import ValidationError
from app.models import BillingLock, BillingRun, Role
from app.services.billing import run_lock
from app.services.billing.run import INTERRUPTED, run_billing, run_day, run_history
from tests.factories import add_service, make_contract, make_staff, make_tariff

# 21:30 UTC on 20 March is already 21 March in Moscow (the default company time zone).
LATE_EVENING_UTC = dt.datetime(2026, 3, 20, 21, 30, tzinfo=dt.UTC)
MOSCOW_TODAY = dt.date(2026, 3, 21)


@pytest.fixture
def one_service(db: Database) -> int:
    tariff = make_tariff(db, "Интернет", "internet", 620_00)
    return add_service(db, make_contract(db, "100001"), "internet", tariff, dt.date(2026, 3, 1))


def charges(db: Database) -> list[dt.date]:
    with db.reading() as conn:
        days = conn.execute(text("SELECT business_date FROM ledger_entry WHERE kind = 'charge' ORDER BY 1"))
        return [dt.date.fromisoformat(str(d)) for (d,) in days]


def test_a_date_that_has_not_come_is_refused_and_charges_nothing(db: Database, one_service: int) -> None:
    with clock.frozen_at(LATE_EVENING_UTC):
        with pytest.raises(ValidationError, match="has not come yet") as refused:
            run_billing(db, None, MOSCOW_TODAY + dt.timedelta(days=1))
        assert refused.value.field == "date"
        with pytest.raises(ValidationError, match="has not come yet"):
            run_day(db, dt.date(2028, 7, 20))
        assert charges(db) == []
        result = run_billing(db, None)  # today in Moscow, though it is still the 20th in UTC
    assert [d.business_date for d in result.days] == [MOSCOW_TODAY]
    assert charges(db) == [MOSCOW_TODAY]


def test_the_command_line_refuses_a_future_date_with_one_line(pg_db: Database) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "app", "billing", "run", "--date", "2999-01-01", "--database", str(pg_db.url)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "has not come yet" in result.stderr


def test_a_run_started_by_an_admin_says_who(db: Database, one_service: int) -> None:
    admin = make_staff(db, "boss", Role.ADMIN)
    run_billing(db, admin, dt.date(2026, 3, 1))
    with db.reading() as conn:
        assert conn.execute(text("SELECT staff_id FROM billing_run")).scalar() == admin.staff_id
        assert (
            conn.execute(text("SELECT actor_staff_id FROM event WHERE kind = 'billing_run'")).scalar()
            == admin.staff_id
        )
    assert run_history(db, admin)[0].status == "finished"


def test_a_killed_run_is_closed_with_the_charges_it_made(db: Database, one_service: int) -> None:
    admin = make_staff(db, "boss", Role.ADMIN)
    run_day(db, dt.date(2026, 3, 1))
    with db.transaction() as session:  # as if the process had died after its charges committed
        session.execute(update(BillingRun).values(status="running", finished_at=None, counts=None))
    again = run_billing(db, None, dt.date(2026, 3, 1))
    assert again.days[0].charges == 0  # nothing twice
    killed, rerun = sorted(run_history(db, admin), key=lambda r: r.id)
    assert killed.status == "failed" and killed.error == INTERRUPTED
    assert killed.counts["charges"] == 1 and killed.counts["charged_amount"] == 20_00
    assert killed.finished_at is not None
    assert rerun.status == "finished" and rerun.counts["charges"] == 0


def test_a_lock_left_by_a_dead_process_does_not_block_the_next_run(db: Database, one_service: int) -> None:
    with db.transaction() as session:  # a run on this PC that was killed a minute ago
        session.merge(BillingLock(id=1, holder="kassa-pc:4242", acquired_at=clock.now()))
    result = run_billing(db, None, dt.date(2026, 3, 1))
    assert result.days[0].charges == 1


def test_a_live_run_still_keeps_a_second_one_out(db: Database, one_service: int) -> None:
    with run_lock.run_lock(db), pytest.raises(run_lock.BillingAlreadyRunning):
        run_billing(db, None, dt.date(2026, 3, 1))
    assert run_billing(db, None, dt.date(2026, 3, 1)).days[0].charges == 1


def test_a_run_for_an_old_date_on_a_new_database_does_not_block_the_next_night(db: Database) -> None:
    tariff = make_tariff(db, "Интернет", "internet", 620_00)
    add_service(db, make_contract(db, "100001"), "internet", tariff, dt.date(2026, 3, 18))
    with db.transaction() as session:  # a credit limit keeps the debt policy out of this test
        session.execute(text("UPDATE contract SET credit_limit = 100000"))
    with clock.frozen_at(LATE_EVENING_UTC):
        run_billing(db, None, dt.date(1999, 1, 1))
        nightly = run_billing(db, None)
    assert [d.business_date for d in nightly.days] == [dt.date(2026, 3, d) for d in (18, 19, 20, 21)]
    assert charges(db) == [dt.date(2026, 3, d) for d in (18, 19, 20, 21)]
