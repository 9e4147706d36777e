"""Outage compensation: the pro-rata rule, posting a batch and cancelling it as a batch, on both
databases; and a batch posted while payments arrive on PostgreSQL."""

from __future__ import annotations

import datetime as dt
import threading
import uuid
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from app import clock
from app.db import Database
from app.errors import ConcurrentEdit, ValidationError
from app.models import PaymentMethod, Role, ServiceKind
from app.services.billing.outages import (
    OutageScope,
    cancel_compensation,
    credit_of,
    list_outages,
    outage_credits_total,
    plan_compensation,
    post_compensation,
)
from app.services.cashdesk.payments import post_payment
from app.services.cashdesk.shifts import open_shift
from tests.factories import add_service, make_contract, make_desk, make_staff, make_tariff

MOSCOW = ZoneInfo("Europe/Moscow")
NOW = dt.datetime(2026, 3, 20, 12, tzinfo=MOSCOW)  # the office's clock in these tests


def at(day: int, hour: int, month: int = 3) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, tzinfo=MOSCOW)


# --- the rule -------------------------------------------------------------------------------------


def test_a_whole_month_out_is_the_whole_fee_and_half_a_day_is_its_share() -> None:
    march, april = dt.date(2026, 3, 1), dt.date(2026, 4, 1)
    whole_march = credit_of({march: 600_00, april: 600_00}, at(1, 0), at(1, 0, month=4), MOSCOW)
    assert whole_march == (31 * 86400, 600_00)
    # 12 hours of a 31-day month: 600 ₽ × 12 / 744 = 9,677… ₽ → 9,68 ₽ (half up, once)
    assert credit_of({march: 600_00}, at(5, 8), at(5, 20), MOSCOW) == (12 * 3600, 968)


def test_an_outage_across_a_month_end_takes_each_months_share_at_its_own_fee() -> None:
    # 2 hours of 31-day March at 600 ₽ and 2 hours of 30-day April at 720 ₽: 1,61… + 2,00 → 3,61 ₽
    fees = {dt.date(2026, 3, 1): 600_00, dt.date(2026, 4, 1): 720_00}
    seconds, amount = credit_of(fees, at(31, 22), at(1, 2, month=4), MOSCOW)
    assert seconds == 4 * 3600
    assert amount == round(600_00 * 2 / 744 + 720_00 * 2 / 720)


@settings(max_examples=200, deadline=None)
@given(
    fee=st.integers(min_value=1, max_value=10_000_00),
    start=st.integers(min_value=0, max_value=30 * 86400),
    cut=st.integers(min_value=1, max_value=40 * 86400),
    length=st.integers(min_value=2, max_value=40 * 86400),
)
def test_an_outage_cut_in_two_credits_what_it_credits_whole_within_a_kopeck(fee, start, cut, length) -> None:
    begin = at(1, 0) + dt.timedelta(seconds=start)
    end = begin + dt.timedelta(seconds=length)
    middle = begin + dt.timedelta(seconds=min(cut, length - 1))
    fees = {dt.date(2026, month, 1): fee for month in (3, 4, 5)}
    whole = credit_of(fees, begin, end, MOSCOW)
    first = credit_of(fees, begin, middle, MOSCOW)
    second = credit_of(fees, middle, end, MOSCOW)
    assert first[0] + second[0] == whole[0] == length
    assert abs(first[1] + second[1] - whole[1]) <= 1  # each part is rounded once
    assert 0 <= whole[1] <= fee * 2  # at most two months' fees in 40 days


# --- posting and cancelling ----------------------------------------------------------------------


@pytest.fixture
def town(db: Database):
    """Two buildings in the district «Заречный», one elsewhere; Internet and cable TV at each."""
    from app.services.admin.place_editing import create_district

    with clock.frozen_at(NOW):
        admin = make_staff(db, "boss", Role.ADMIN)
        internet = make_tariff(db, "Интернет 100", "internet", 600_00)
        tv = make_tariff(db, "КТВ", "catv", 310_00)
        contracts = {}
        for number, street in (("1001", "ул. Мира"), ("1002", "ул. Мира"), ("1003", "ул. Ленина")):
            contract = make_contract(
                db, number, f"Абонент {number}", street=street, house="5", apartment=number
            )
            add_service(db, contract, "internet", internet, dt.date(2026, 1, 1))
            add_service(db, contract, "catv", tv, dt.date(2026, 1, 1))
            contracts[number] = contract
        zarechny = create_district(db, admin, "Заречный").id
        with db.transaction() as session:
            session.execute(
                text("UPDATE building SET district_id = :d WHERE street = 'ул. Мира'"), {"d": zarechny}
            )
        yield db, admin, contracts, zarechny, internet


def balances_equal_ledger(db: Database) -> bool:
    with db.reading() as conn:
        return not conn.execute(
            text(
                "SELECT c.id FROM contract c LEFT JOIN ledger_entry l ON l.contract_id = c.id "
                "GROUP BY c.id, c.balance HAVING c.balance <> COALESCE(SUM(l.amount), 0)"
            )
        ).all()


def balance(db: Database, contract: int) -> int:
    with db.reading() as conn:
        return int(conn.execute(text("SELECT balance FROM contract WHERE id = :c"), {"c": contract}).scalar())


def test_the_preview_lists_each_hit_service_and_posting_credits_exactly_that(town) -> None:
    db, admin, contracts, zarechny, _internet = town
    scope = OutageScope(district_ids=(zarechny,), kinds=(ServiceKind.INTERNET,))
    with clock.frozen_at(NOW):
        plan = plan_compensation(db, admin, scope, at(5, 8), at(5, 20))
        assert [(c.contract_number, c.kind, c.seconds, c.amount) for c in plan.credits] == [
            ("1001", ServiceKind.INTERNET, 12 * 3600, 968),
            ("1002", ServiceKind.INTERNET, 12 * 3600, 968),
        ]
        assert (plan.total, plan.contracts) == (1936, 2)
        outage = post_compensation(db, admin, scope, at(5, 8), at(5, 20), "  Авария   на узле  ")
    assert balance(db, contracts["1001"]) == 968 and balance(db, contracts["1003"]) == 0
    assert balances_equal_ledger(db)
    (row,) = list_outages(db, admin)
    assert (row.id, row.reason, row.credits, row.total, row.cancelled_at) == (
        outage,
        "Авария на узле",
        2,
        1936,
        None,
    )
    assert outage_credits_total(db, admin, outage) == 1936
    with db.reading() as conn:
        events = conn.execute(
            text("SELECT contract_id, summary FROM event WHERE kind = 'outage_credited' ORDER BY contract_id")
        ).all()
        assert [e.contract_id for e in events] == [contracts["1001"], contracts["1002"]]
        assert "Авария на узле" in events[0].summary


def test_each_subscriber_is_told_once_in_the_compensation_words(town) -> None:
    db, admin, contracts, zarechny, _internet = town
    with db.transaction() as session:
        session.execute(text("UPDATE subscriber SET phone = '79161234567', notify_sms = :yes"), {"yes": True})
    with clock.frozen_at(NOW):
        outage = post_compensation(
            db, admin, OutageScope(district_ids=(zarechny,)), at(5, 8), at(5, 20), "Авария"
        )
    with db.reading() as conn:
        messages = conn.execute(text("SELECT dedupe_key, text FROM notification ORDER BY dedupe_key")).all()
    assert [m.dedupe_key for m in messages] == [
        f"outage:{outage}:{contracts['1001']}:sms",
        f"outage:{outage}:{contracts['1002']}:sms",
    ]
    # Internet 9,68 ₽ + TV 600/310 share: one message per contract with its whole credit
    assert "по договору 1001 начислена компенсация 14,68" in messages[0].text


def test_cancelling_the_batch_reverses_every_credit_once(town) -> None:
    db, admin, contracts, zarechny, _internet = town
    scope = OutageScope(district_ids=(zarechny,))
    with clock.frozen_at(NOW):
        outage = post_compensation(db, admin, scope, at(5, 8), at(5, 20), "Авария")
        assert balance(db, contracts["1001"]) > 0
        assert cancel_compensation(db, admin, outage, "Ошибка: авария была в другом районе") == 4
        with pytest.raises(ConcurrentEdit):
            cancel_compensation(db, admin, outage, "ещё раз")
    assert all(balance(db, c) == 0 for c in contracts.values())
    assert balances_equal_ledger(db)
    assert outage_credits_total(db, admin, outage) == 0
    (row,) = list_outages(db, admin)
    assert row.cancelled_at is not None and row.cancel_reason == "Ошибка: авария была в другом районе"


@pytest.mark.parametrize(
    ("scope", "window", "reason", "field"),
    [
        (OutageScope(), (at(5, 8), at(5, 20)), "Авария", "scope"),
        (OutageScope(contract_numbers=("1001",)), (at(5, 20), at(5, 8)), "Авария", "ends_at"),
        (OutageScope(contract_numbers=("1001",)), (at(19, 8), at(21, 8)), "Авария", "ends_at"),  # not over
        (OutageScope(contract_numbers=("1001",)), (at(1, 0, month=1), at(5, 0)), "Авария", "ends_at"),
        (OutageScope(contract_numbers=("1001",)), (at(5, 8), at(5, 20)), "   ", "reason"),
        (OutageScope(contract_numbers=("9999",)), (at(5, 8), at(5, 20)), "Авария", "scope"),  # none hit
    ],
)
def test_a_wrong_outage_is_refused_and_nothing_is_written(town, scope, window, reason, field) -> None:
    db, admin, _contracts, _zarechny, _internet = town
    with clock.frozen_at(NOW), pytest.raises(ValidationError) as refused:
        post_compensation(db, admin, scope, *window, reason)
    assert refused.value.field == field
    with db.reading() as conn:
        assert conn.execute(text("SELECT count(*) FROM outage")).scalar() == 0
        assert conn.execute(text("SELECT count(*) FROM ledger_entry")).scalar() == 0


def test_a_listed_contract_that_does_not_exist_is_named_in_the_preview(town) -> None:
    db, admin, _contracts, _zarechny, _internet = town
    with clock.frozen_at(NOW):
        plan = plan_compensation(
            db, admin, OutageScope(contract_numbers=("1001", "7777")), at(5, 8), at(5, 9)
        )
    assert plan.missing_numbers == ("7777",) and {c.contract_number for c in plan.credits} == {"1001"}


def test_a_service_started_during_the_outage_is_credited_from_its_start(town) -> None:
    db, admin, contracts, _zarechny, internet = town
    late = add_service(db, contracts["1003"], "internet", internet, dt.date(2026, 3, 5))
    with clock.frozen_at(NOW):
        plan = plan_compensation(db, admin, OutageScope(contract_numbers=("1003",)), at(4, 12), at(5, 12))
    (credit,) = [c for c in plan.credits if c.service_id == late]
    assert credit.seconds == 12 * 3600


def test_a_service_started_in_the_outages_second_month_takes_that_months_fee(town) -> None:
    db, admin, contracts, _zarechny, internet = town
    late = add_service(db, contracts["1003"], "internet", internet, dt.date(2026, 4, 1))
    with db.transaction() as session:  # the price is 720 ₽ from April
        session.execute(
            text("INSERT INTO tariff_price (tariff_id, effective_from, monthly_fee) VALUES (:t, :d, :f)"),
            {"t": internet, "d": dt.date(2026, 4, 1), "f": 720_00},
        )
    with clock.frozen_at(at(10, 12, month=4)):
        plan = plan_compensation(
            db, admin, OutageScope(contract_numbers=("1003",)), at(31, 22), at(1, 2, month=4)
        )
    (credit,) = [c for c in plan.credits if c.service_id == late]
    assert (credit.seconds, credit.amount) == (2 * 3600, 200)  # April's 720 ₽ × 2 / 720, not March's fee


def test_an_outage_is_compensated_once_and_a_discount_is_credited_as_charged(town) -> None:
    from app.services.billing.discounts import grant_discount

    db, admin, contracts, zarechny, _internet = town
    with db.reading() as conn:
        internet_1001 = conn.execute(
            text("SELECT id FROM service WHERE contract_id = :c AND kind = 'internet'"),
            {"c": contracts["1001"]},
        ).scalar_one()
    with clock.frozen_at(dt.datetime(2026, 3, 1, 9, tzinfo=MOSCOW)):
        grant_discount(
            db, admin, contracts["1001"], service_id=internet_1001, percent=50, amount=None,
            valid_from=dt.date(2026, 3, 1), valid_until=None, reason="Пенсионер",
        )  # fmt: skip
    scope = OutageScope(district_ids=(zarechny,), kinds=(ServiceKind.INTERNET,))
    with clock.frozen_at(NOW):
        plan = plan_compensation(db, admin, scope, at(5, 8), at(5, 20))
        assert {c.contract_number: c.amount for c in plan.credits} == {"1001": 484, "1002": 968}  # half
        post_compensation(db, admin, scope, at(5, 8), at(5, 20), "Авария")
        again = plan_compensation(db, admin, scope, at(5, 12), at(5, 22))
    assert again.credits == [] and again.credited_before == 2


def test_only_an_administrator_compensates(town) -> None:
    from app.errors import PermissionDenied

    db, _admin, _contracts, zarechny, _internet = town
    cashier = make_staff(db, "kassa", Role.CASHIER)
    with clock.frozen_at(NOW), pytest.raises(PermissionDenied):
        post_compensation(db, cashier, OutageScope(district_ids=(zarechny,)), at(5, 8), at(5, 20), "Авария")


def test_a_batch_posted_while_payments_arrive_leaves_balances_equal_to_the_ledger(pg_db: Database) -> None:
    db = pg_db
    with clock.frozen_at(NOW):
        admin = make_staff(db, "boss", Role.ADMIN)
        cashier = make_staff(db, "kassa", Role.CASHIER)
        tariff = make_tariff(db, "Интернет", "internet", 600_00)
        numbers = [f"2{n:03d}" for n in range(40)]
        contracts = [
            make_contract(db, number, street="ул. Мира", apartment=str(n)) for n, number in enumerate(numbers)
        ]
        for contract in contracts:
            add_service(db, contract, "internet", tariff, dt.date(2026, 1, 1))
        open_shift(db, cashier, make_desk(db), 0)
        errors: list[BaseException] = []
        barrier = threading.Barrier(2)

        def pay() -> None:
            desk = db.fresh_connections()
            barrier.wait()
            try:
                for contract in reversed(contracts):  # the opposite order to the batch's
                    post_payment(
                        desk,
                        cashier,
                        client_uuid=uuid.uuid4(),
                        contract_id=contract,
                        amount=100_00,
                        method=PaymentMethod.CASH,
                    )
            except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
                errors.append(exc)
            finally:
                desk.dispose()

        payer = threading.Thread(target=pay)
        payer.start()
        office = db.fresh_connections()
        barrier.wait()
        try:
            post_compensation(
                office, admin, OutageScope(contract_numbers=tuple(numbers)), at(5, 8), at(5, 20), "Авария"
            )
        finally:
            office.dispose()
        payer.join()
    assert not errors
    assert balances_equal_ledger(db)
    assert all(balance(db, c) == 100_00 + 968 for c in contracts)
