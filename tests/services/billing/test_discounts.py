"""Discounts as the billing run applies them, on both databases: the day's charges equal what the
written rules say (docs/discounts.md) across a price change and a month boundary; one discount at a
time per service; bad input refused with nothing written."""

from __future__ import annotations

import calendar
import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import text

from app import clock
from app.db import Database
from app.errors import PermissionDenied, ValidationError
from app.models import Role
from app.services.billing.discounts import contract_discounts, discounted_fee, end_discount, grant_discount
from app.services.billing.prices import daily_charge
from app.services.billing.run import run_day
from tests.factories import add_service, make_contract, make_staff, make_tariff
from tests.services.cashdesk.test_payments import ledger_matches_balances

MARCH = dt.date(2026, 3, 1)
MOSCOW = ZoneInfo("Europe/Moscow")


@given(
    fee=st.integers(min_value=0, max_value=10_000_000_00),
    percent=st.integers(min_value=1, max_value=100),
    days=st.sampled_from([28, 29, 30, 31]),
)
def test_a_discounted_months_days_sum_to_the_discounted_fee(fee: int, percent: int, days: int) -> None:
    reduced = discounted_fee(fee, percent, None)
    assert sum(daily_charge(reduced, day, days) for day in range(1, days + 1)) == reduced
    assert 0 <= fee - reduced <= fee * percent // 100 + 1  # never more off than the percent, in kopecks


def test_a_fixed_sum_never_takes_the_fee_below_zero() -> None:
    assert discounted_fee(600_00, None, 100_00) == 500_00
    assert discounted_fee(600_00, None, 700_00) == 0
    assert discounted_fee(999, 15, None) == 849  # 849,15 → down, in the subscriber's favour


@pytest.fixture
def office(db: Database):
    """A contract with daily Internet (600 ₽) and monthly cable TV (310 ₽) from 1 March 2026; the office's
    clock on its first morning; an administrator who grants discounts."""
    with clock.frozen_at(dt.datetime(2026, 3, 1, 9, tzinfo=MOSCOW)) as moment:
        internet_tariff = make_tariff(db, "Интернет 500", "internet", 600_00)
        tv_tariff = make_tariff(db, "КТВ Базовый", "catv", 310_00, mode="monthly")
        contract = make_contract(db, "100001")
        internet = add_service(db, contract, "internet", internet_tariff, MARCH)
        tv = add_service(db, contract, "catv", tv_tariff, MARCH)
        with db.transaction() as session:  # enough credit never to fall into debt
            session.execute(text("UPDATE contract SET credit_limit = 100000000"))
        admin = make_staff(db, "boss", Role.ADMIN)
        yield db, admin, contract, internet, tv, internet_tariff, moment


def run_through(db: Database, moment, last: dt.date) -> None:
    """Run every night from the clock's day to `last`, the clock following."""
    day = clock.now().astimezone(MOSCOW).date()
    while day <= last:
        run_day(db, day)
        moment.advance(days=1)
        day += dt.timedelta(days=1)


def charged(db: Database, service: int) -> dict[dt.date, int]:
    with db.reading() as conn:
        return {
            dt.date.fromisoformat(str(period)): -int(amount)
            for period, amount in conn.execute(
                text(
                    "SELECT charge_period, amount FROM ledger_entry "
                    "WHERE kind = 'charge' AND service_id = :s"
                ),
                {"s": service},
            )
        }


def test_a_percent_across_a_price_change_and_a_month_end_charges_what_the_rules_say(office) -> None:
    db, admin, contract, internet, tv, internet_tariff, moment = office
    with db.transaction() as session:  # the price rises from 16 March
        session.execute(
            text("INSERT INTO tariff_price (tariff_id, effective_from, monthly_fee) VALUES (:t, :d, :f)"),
            {"t": internet_tariff, "d": dt.date(2026, 3, 16), "f": 900_00},
        )
    grant_discount(
        db, admin, contract, service_id=internet, percent=15, amount=None,
        valid_from=dt.date(2026, 3, 10), valid_until=dt.date(2026, 4, 5), reason="Акция для пенсионеров",
    )  # fmt: skip
    run_through(db, moment, dt.date(2026, 4, 10))
    got = charged(db, internet)
    for day, amount in sorted(got.items()):
        fee = 600_00 if day < dt.date(2026, 3, 16) else 900_00
        if dt.date(2026, 3, 10) <= day <= dt.date(2026, 4, 5):
            fee = discounted_fee(fee, 15, None)
        assert amount == daily_charge(fee, day.day, calendar.monthrange(day.year, day.month)[1]), day
    assert len(got) == 41 and ledger_matches_balances(db)
    assert charged(db, tv) == {MARCH: 310_00, dt.date(2026, 4, 1): 310_00}  # the TV had no discount


def test_a_whole_month_under_one_discount_sums_to_the_discounted_fee(office) -> None:
    db, admin, contract, internet, tv, _tariff, moment = office
    grant_discount(
        db, admin, contract, service_id=None, percent=None, amount=100_00,
        valid_from=MARCH, valid_until=None, reason="Ветеран труда",
    )  # fmt: skip
    run_through(db, moment, dt.date(2026, 3, 31))
    assert sum(charged(db, internet).values()) == 500_00  # 600 ₽ less 100 ₽, every day its share
    assert charged(db, tv) == {MARCH: 210_00}  # the contract's discount covers the TV too


def test_ending_a_discount_charges_the_full_fee_from_the_next_day(office) -> None:
    db, admin, contract, internet, _tv, _tariff, moment = office
    discount = grant_discount(
        db, admin, contract, service_id=internet, percent=100, amount=None,
        valid_from=MARCH, valid_until=None, reason="Сотрудник компании",
    )  # fmt: skip
    run_through(db, moment, dt.date(2026, 3, 9))
    assert charged(db, internet) == {}  # 100 %: nothing charged, no zero entries
    end_discount(db, admin, discount, dt.date(2026, 3, 9))
    with pytest.raises(ValidationError, match="ends on"):  # ended already: said, not «changed by another»
        end_discount(db, admin, discount, dt.date(2026, 3, 9))
    run_through(db, moment, dt.date(2026, 3, 11))
    assert charged(db, internet) == {
        dt.date(2026, 3, 10): daily_charge(600_00, 10, 31),
        dt.date(2026, 3, 11): daily_charge(600_00, 11, 31),
    }
    (row,) = contract_discounts(db, admin, contract)
    assert (row.percent, row.valid_until, row.reason) == (100, dt.date(2026, 3, 9), "Сотрудник компании")
    with db.reading() as conn:
        events = conn.execute(text("SELECT kind FROM event WHERE kind LIKE 'discount%' ORDER BY id"))
        kinds = [kind for (kind,) in events]
    assert kinds == ["discount_granted", "discount_ended"]


def test_one_discount_at_a_time_applies_to_a_service(office) -> None:
    db, admin, contract, internet, tv, _tariff, _moment = office
    grant_discount(
        db, admin, contract, service_id=internet, percent=10, amount=None,
        valid_from=dt.date(2026, 3, 10), valid_until=dt.date(2026, 3, 20), reason="Акция",
    )  # fmt: skip
    for service, since, until in (
        (internet, dt.date(2026, 3, 20), None),  # the same service, one day in common
        (None, MARCH, dt.date(2026, 3, 10)),  # the whole contract, one day in common
    ):
        with pytest.raises(ValidationError) as refused:
            grant_discount(
                db, admin, contract, service_id=service, percent=5, amount=None,
                valid_from=since, valid_until=until, reason="Ещё одна",
            )  # fmt: skip
        assert refused.value.field == "valid_from"
    # the TV, or the Internet after the first one ends, may have theirs
    grant_discount(
        db, admin, contract, service_id=tv, percent=5, amount=None,
        valid_from=MARCH, valid_until=None, reason="ТВ",
    )  # fmt: skip
    grant_discount(
        db, admin, contract, service_id=internet, percent=5, amount=None,
        valid_from=dt.date(2026, 3, 21), valid_until=None, reason="Потом",
    )  # fmt: skip
    assert len(contract_discounts(db, admin, contract)) == 3


@pytest.mark.parametrize(
    ("given", "field"),
    [
        ({"percent": 10, "amount": 100_00}, "percent"),
        ({"percent": None, "amount": None}, "percent"),
        ({"percent": 0, "amount": None}, "percent"),
        ({"percent": 101, "amount": None}, "percent"),
        ({"percent": None, "amount": -5_00}, "amount"),
        ({"percent": 10, "amount": None, "valid_until": dt.date(2026, 2, 1)}, "valid_until"),
        ({"percent": 10, "amount": None, "valid_from": dt.date(2026, 2, 1)}, "valid_from"),  # the past
        ({"percent": 10, "amount": None, "reason": "   "}, "reason"),
        ({"percent": 10, "amount": None, "reason": "я" * 201}, "reason"),
    ],
)
def test_a_wrong_discount_is_refused_and_nothing_is_written(office, given, field) -> None:
    db, admin, contract, internet, _tv, _tariff, _moment = office
    values = {"valid_from": MARCH, "valid_until": None, "reason": "Акция", **given}
    with pytest.raises(ValidationError) as refused:
        grant_discount(db, admin, contract, service_id=internet, **values)
    assert refused.value.field == field
    assert contract_discounts(db, admin, contract) == []


def test_only_whoever_may_grant_discounts_grants_them(office) -> None:
    db, _admin, contract, internet, _tv, _tariff, _moment = office
    front_desk = make_staff(db, "anna", Role.FRONT_DESK)
    with pytest.raises(PermissionDenied):
        grant_discount(
            db, front_desk, contract, service_id=internet, percent=10, amount=None,
            valid_from=MARCH, valid_until=None, reason="Акция",
        )  # fmt: skip
