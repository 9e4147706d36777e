"""A service entered after its first day's run still pays for that day: the next run charges every day
from the service's start that has no charge yet (per service, set-based, idempotent)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import text

from app.db import Database
from app.services.billing.prices import daily_charge
from app.services.billing.run import run_billing, run_day
from tests.factories import add_service, make_contract, make_tariff
from tests.services.billing.test_run import charges
from tests.services.cashdesk.test_payments import ledger_matches_balances

MARCH = dt.date(2026, 3, 1)


def rich(db: Database) -> None:
    with db.transaction() as session:  # never in debt: the policy is not what is tested here
        session.execute(text("UPDATE contract SET credit_limit = 100000000"))


def booked(db: Database, service: int) -> list[tuple[str, str]]:
    """(period, booked on) of a service's charges."""
    with db.reading() as conn:
        return [
            (str(p), str(b))
            for p, b in conn.execute(
                text(
                    "SELECT charge_period, business_date FROM ledger_entry WHERE service_id = :s "
                    "AND kind = 'charge' ORDER BY charge_period"
                ),
                {"s": service},
            )
        ]


def test_a_service_signed_after_its_first_days_run_is_charged_that_day_by_the_next_run(db: Database) -> None:
    internet = make_tariff(db, "Интернет 500", "internet", 500_00)
    early = make_contract(db, "100001")
    add_service(db, early, "internet", internet, MARCH)
    rich(db)
    run_billing(db, None, dt.date(2026, 3, 17))  # the night run of 17 March, before the signing
    late = make_contract(db, "100002", apartment="2")  # signed at 14:00, starting the same day
    service = add_service(db, late, "internet", internet, dt.date(2026, 3, 17))
    rich(db)

    result = run_billing(db, None, dt.date(2026, 3, 18))

    assert booked(db, service) == [("2026-03-17", "2026-03-18"), ("2026-03-18", "2026-03-18")]
    assert [a for s, _p, a in charges(db) if s == service] == [
        -daily_charge(500_00, 17, 31),
        -daily_charge(500_00, 18, 31),
    ]
    assert result.days[0].charges == 3  # both services' 18th and the late one's 17th
    again = run_day(db, dt.date(2026, 3, 18))
    assert again.charges == 0 and ledger_matches_balances(db)


def test_a_month_of_runs_after_a_late_signing_charges_the_whole_month(db: Database) -> None:
    internet = make_tariff(db, "Интернет 600", "internet", 600_00)
    contract = make_contract(db, "100001")
    run_day(db, MARCH)
    add_service(db, contract, "internet", internet, MARCH)  # signed on the 1st after that night's run
    rich(db)
    for day in range(2, 32):
        run_day(db, MARCH.replace(day=day))
    assert sum(a for _s, _p, a in charges(db)) == -600_00
    assert ledger_matches_balances(db)


def test_a_monthly_service_signed_on_the_last_evening_of_a_month_pays_that_month(db: Database) -> None:
    tv = make_tariff(db, "КТВ Базовый", "catv", 310_00, mode="monthly")
    contract = make_contract(db, "100001")
    run_day(db, dt.date(2026, 3, 31))
    service = add_service(db, contract, "catv", tv, dt.date(2026, 3, 31))
    rich(db)
    run_day(db, dt.date(2026, 4, 1))
    run_day(db, dt.date(2026, 4, 2))
    assert booked(db, service) == [("2026-03-01", "2026-04-01"), ("2026-04-01", "2026-04-01")]
    assert ledger_matches_balances(db)


def test_a_monthly_service_signed_mid_month_after_the_run_is_not_charged_twice(db: Database) -> None:
    tv = make_tariff(db, "КТВ Базовый", "catv", 310_00, mode="monthly")
    contract = make_contract(db, "100001")
    run_day(db, dt.date(2026, 3, 17))
    service = add_service(db, contract, "catv", tv, dt.date(2026, 3, 17))
    rich(db)
    run_day(db, dt.date(2026, 3, 18))
    run_day(db, dt.date(2026, 3, 19))
    assert booked(db, service) == [("2026-03-01", "2026-03-18")]


def test_a_backdated_start_is_charged_from_its_start(db: Database) -> None:
    internet = make_tariff(db, "Интернет 310", "internet", 310_00)
    contract = make_contract(db, "100001")
    for day in range(1, 10):
        run_day(db, MARCH.replace(day=day))
    service = add_service(db, contract, "internet", internet, dt.date(2026, 3, 5))  # entered on the 9th
    rich(db)
    run_day(db, dt.date(2026, 3, 10))
    assert [p for p, _b in booked(db, service)] == [f"2026-03-{d:02d}" for d in range(5, 11)]


def test_days_before_the_databases_first_run_are_not_charged_back(db: Database) -> None:
    """Services imported from another billing were charged there."""
    internet = make_tariff(db, "Интернет 310", "internet", 310_00)
    contract = make_contract(db, "100001")
    service = add_service(db, contract, "internet", internet, MARCH)
    rich(db)
    run_day(db, dt.date(2026, 3, 20))  # the first run of this database
    run_day(db, dt.date(2026, 3, 21))
    assert [p for p, _b in booked(db, service)] == ["2026-03-20", "2026-03-21"]


def test_days_a_service_was_blocked_or_before_the_window_are_not_charged_back(db: Database) -> None:
    internet = make_tariff(db, "Интернет 310", "internet", 310_00)
    contract = make_contract(db, "100001")
    back = add_service(db, contract, "internet", internet, MARCH, state="blocked")
    rich(db)
    for day in range(1, 9):
        run_day(db, MARCH.replace(day=day))
    with db.transaction() as session:  # came back on the 8th, after that night's run
        session.execute(
            text("UPDATE service SET state = 'active', state_since = '2026-03-08' WHERE id = :s"), {"s": back}
        )
    ancient = add_service(db, contract, "internet", internet, dt.date(2025, 1, 1))  # entered late
    run_day(db, dt.date(2026, 3, 9))
    assert [p for p, _b in booked(db, back)] == ["2026-03-08", "2026-03-09"]
    assert [p for p, _b in booked(db, ancient)] == ["2026-03-09"]  # older than the catch-up window
    assert ledger_matches_balances(db)


def test_the_prices_of_a_missed_day_are_read_once_however_many_services_missed_it(
    db: Database, monkeypatch
) -> None:
    """After a wave of late signings (or of cut cable TV, whose spell restarts), the catch-up reads each
    day's prices once, not once per service."""
    from app.services.billing import run as billing

    internet = make_tariff(db, "Интернет 500", "internet", 500_00)
    first = make_contract(db, "100001")
    add_service(db, first, "internet", internet, MARCH)
    rich(db)
    run_billing(db, None, dt.date(2026, 3, 17))
    late = [
        add_service(db, make_contract(db, f"10010{n}", apartment=str(10 + n)), "internet", internet, MARCH)
        for n in range(6)
    ]
    rich(db)
    read: list[dt.date] = []
    real = billing.fees_on

    def counted(session, day):
        read.append(day)
        return real(session, day)

    monkeypatch.setattr(billing, "fees_on", counted)
    result = run_billing(db, None, dt.date(2026, 3, 18))
    assert result.days[0].charges == 1 + 6 * 2  # the late ones' 17th (the first run's day) and 18th
    assert len(read) == len(set(read)) == 2  # each date's prices once: the 18th's and the 17th's
    assert all(len(booked(db, s)) == 2 for s in late) and ledger_matches_balances(db)
