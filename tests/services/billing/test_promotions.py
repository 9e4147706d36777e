"""Promotions and prepaid periods as the billing run and the debt policy apply them, on both databases
(on PostgreSQL each person acts through their own server login): the amounts equal what
docs/promotions.md says across a price change and a month boundary; a prepaid contract is never
blocked in its period; cancelling the prepayment cancels the period; bad input is refused with
nothing written."""

from __future__ import annotations

import datetime as dt
import json
import threading
import uuid
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import text

from app import clock
from app.db import Database
from app.errors import PermissionDenied, ValidationError
from app.models import PaymentMethod, Role, ServiceKind
from app.services.billing.discounts import grant_discount
from app.services.billing.prepaid import PrepayRequest, add_months, prepay_quote
from app.services.billing.prices import daily_charge
from app.services.billing.promotions import (
    BONUS,
    FIRST_MONTHS,
    PREPAY,
    PromotionTerms,
    attach_promotion,
    contract_promotions,
    define_promotion,
    end_attachment,
    prepay_offers,
    promotions,
    retire_promotion,
)
from app.services.billing.revenue import revenue_report
from app.services.billing.run import run_day
from app.services.cashdesk.cancellation import cancel_payment
from app.services.cashdesk.payments import post_payment
from app.services.cashdesk.receipts import receipt_data
from app.services.cashdesk.shifts import open_shift
from tests.factories import add_service, make_contract, make_desk, make_staff, make_tariff
from tests.services.billing.test_discounts import charged
from tests.services.cashdesk.test_payments import ledger_matches_balances

MOSCOW = ZoneInfo("Europe/Moscow")
DECEMBER = dt.date(2026, 12, 1)
THREE_FOR_TWO_AND_A_HALF = PromotionTerms("3 месяца по цене 2,5", PREPAY, months=3, paid_tenths=25)


@given(
    fee=st.integers(min_value=0, max_value=10_000_000_00),
    months=st.integers(min_value=1, max_value=24),
    tenths_off=st.integers(min_value=1, max_value=239),
    days=st.sampled_from([28, 29, 30, 31]),
)
def test_a_prepaid_price_never_costs_more_than_the_offer_and_its_months_sum_exactly(
    fee: int, months: int, tenths_off: int, days: int
) -> None:
    paid_tenths = max(1, months * 10 - tenths_off)
    price = fee * paid_tenths // (months * 10)
    offer = fee * paid_tenths / 10
    assert offer - months < months * price <= offer  # at most a kopeck a month in the subscriber's favour
    # a whole month of a daily tariff at the held price sums to the price
    assert sum(daily_charge(price, day, days) for day in range(1, days + 1)) == price


def test_months_are_counted_in_calendar_months() -> None:
    assert add_months(dt.date(2026, 12, 1), 1) == dt.date(2027, 1, 1)
    assert add_months(dt.date(2026, 12, 1), 3) == dt.date(2027, 3, 1)
    assert add_months(dt.date(2027, 1, 1), 24) == dt.date(2029, 1, 1)


@pytest.fixture
def office(db: Database):
    """Daily Internet (600 ₽) and monthly cable TV (310 ₽) from 1 December 2026 on one contract, run
    through 15 December on 2,000 ₽ of credit; an administrator, a front desk and a cashier at an open desk."""
    with clock.frozen_at(dt.datetime(2026, 12, 1, 9, tzinfo=MOSCOW)) as moment:
        internet_tariff = make_tariff(db, "Интернет 500", "internet", 600_00)
        tv_tariff = make_tariff(db, "КТВ Базовый", "catv", 310_00, mode="monthly")
        contract = make_contract(db, "100001")
        internet = add_service(db, contract, "internet", internet_tariff, DECEMBER)
        tv = add_service(db, contract, "catv", tv_tariff, DECEMBER)
        with db.transaction() as session:  # a month's credit: December runs without a debt
            session.execute(text("UPDATE contract SET credit_limit = 200000"))
        admin = make_staff(db, "boss", Role.ADMIN)
        front = make_staff(db, "front", Role.FRONT_DESK)
        cashier = make_staff(db, "kassa", Role.CASHIER)
        open_shift(db, cashier, make_desk(db), 0)
        run_through(db, moment, dt.date(2026, 12, 15))
        yield {
            "db": db,
            "moment": moment,
            "admin": admin,
            "front": front,
            "cashier": cashier,
            "contract": contract,
            "internet": internet,
            "tv": tv,
            "internet_tariff": internet_tariff,
        }


def run_through(db: Database, moment, last: dt.date) -> None:
    """Run every night from the clock's day to `last`; the clock stops on the morning after `last`
    (in the middle of that day, before its run)."""
    day = clock.now().astimezone(MOSCOW).date()
    while day <= last:
        run_day(db, day)
        moment.advance(days=1)
        day += dt.timedelta(days=1)


def balance(db: Database, contract: int) -> int:
    with db.reading() as conn:
        return int(
            conn.execute(text("SELECT balance FROM contract WHERE id = :c"), {"c": contract}).scalar_one()
        )


def pay(db: Database, cashier, contract: int, amount: int, prepay: PrepayRequest | None = None):
    return post_payment(
        db,
        cashier,
        client_uuid=uuid.uuid4(),
        contract_id=contract,
        amount=amount,
        method=PaymentMethod.CASH,
        prepay=prepay,
    )


def raise_price(db: Database, tariff: int, since: dt.date, fee: int) -> None:
    with db.transaction() as session:
        session.execute(
            text("INSERT INTO tariff_price (tariff_id, effective_from, monthly_fee) VALUES (:t, :d, :f)"),
            {"t": tariff, "d": since, "f": fee},
        )


def test_three_months_for_two_and_a_half_across_a_price_rise_charge_what_the_rules_say(office) -> None:
    db, moment, contract = office["db"], office["moment"], office["contract"]
    promotion = define_promotion(db, office["admin"], THREE_FOR_TWO_AND_A_HALF)
    attachment = attach_promotion(db, office["front"], contract, promotion)
    [offer] = prepay_offers(db, office["cashier"], contract)
    assert offer.id == attachment and offer.state == "offered"
    with db.reading() as conn:  # the subscriber is told, by the editable «promotion» text
        [told] = conn.execute(text("SELECT text FROM notification")).scalars().all()
    assert told.startswith("Иванов Иван Иванович, к договору 100001 подключена акция «3 месяца по цене 2,5»")

    quote = prepay_quote(db, office["cashier"], contract, 1, attachment_id=attachment)
    assert (quote.months, quote.first_day, quote.last_day) == (3, dt.date(2027, 1, 1), dt.date(2027, 3, 31))
    # each price is the fee × 2.5 ÷ 3, rounded down to the kopeck
    assert quote.prices == {office["internet"]: 500_00, office["tv"]: 258_33}
    assert quote.period_amount == 3 * (500_00 + 258_33)
    # before the period: December's debt so far and the rest of December (the 15th is charged)
    assert balance(db, contract) == -(600_00 * 15 // 31 + 310_00)
    assert quote.owed_before == 600_00 + 310_00
    assert quote.required == 910_00 + 2_274_99

    # the price rises from February: the period keeps its price; April pays the new one
    raise_price(db, office["internet_tariff"], dt.date(2027, 2, 1), 900_00)
    paid = pay(db, office["cashier"], contract, quote.required, PrepayRequest(1, attachment))
    assert paid.balance_after == quote.period_amount + 600_00 - 600_00 * 15 // 31  # the rest of December
    run_through(db, moment, dt.date(2027, 4, 2))

    internet = charged(db, office["internet"])
    tv = charged(db, office["tv"])
    for month, days in ((1, 31), (2, 28), (3, 31)):
        period = [internet[dt.date(2027, month, d)] for d in range(1, days + 1)]
        assert period == [daily_charge(500_00, d, days) for d in range(1, days + 1)]
        assert sum(period) == 500_00
        assert tv[dt.date(2027, month, 1)] == 258_33
    assert internet[dt.date(2027, 4, 1)] == daily_charge(900_00, 1, 30)
    assert tv[dt.date(2027, 4, 1)] == 310_00
    # the payment covered December and the period exactly: nothing left on 31 March
    with db.reading() as conn:
        until_march = conn.execute(
            text("SELECT COALESCE(SUM(amount), 0) FROM ledger_entry WHERE business_date <= :d"),
            {"d": dt.date(2027, 3, 31)},
        ).scalar_one()
    assert until_march == 0
    assert ledger_matches_balances(db)
    # what the promotion cost: the same three months at December's fees, less what they cost
    [december, *_rest] = revenue_report(db, office["admin"], DECEMBER, dt.date(2027, 4, 1)).months
    assert december.promotions == 3 * (600_00 + 310_00) - quote.period_amount
    assert [p.cost for p in promotions(db, office["admin"], with_costs=True)] == [
        3 * 910_00 - quote.period_amount
    ]
    [used] = contract_promotions(db, office["front"], contract)
    assert used.state == "ended" and used.ends_on == dt.date(2027, 3, 31)
    assert prepay_offers(db, office["cashier"], contract) == []


def test_the_receipt_says_the_period_paid(office) -> None:
    db, contract = office["db"], office["contract"]
    with db.transaction() as session:  # the desk has an online register: the sale's task is queued
        session.execute(text("UPDATE cash_desk SET register_url = 'http://127.0.0.1:9'"))
    quote = prepay_quote(db, office["cashier"], contract, 2)
    assert quote.prices == {office["internet"]: 600_00, office["tv"]: 310_00}
    paid = pay(db, office["cashier"], contract, quote.required + 1_00, PrepayRequest(2))
    period = receipt_data(db, office["cashier"], paid.payment_id).prepaid
    assert period is not None
    assert (period.first_day, period.last_day, period.months) == (
        dt.date(2027, 1, 1),
        dt.date(2027, 2, 28),
        2,
    )
    assert period.amount == 2 * 910_00 and period.promotion == ""
    with db.reading() as conn:
        task = conn.execute(text("SELECT task FROM fiscal_receipt")).scalar_one()
    task = json.loads(task) if isinstance(task, str) else task
    assert task["items"][0]["name"] == "Услуги связи по договору 100001 за январь — февраль 2027\u00a0г."
    # a second prepayment follows the first
    again = prepay_quote(db, office["cashier"], contract, 1)
    assert (again.first_day, again.last_day, again.owed_before) == (
        dt.date(2027, 3, 1),
        dt.date(2027, 3, 31),
        0,
    )


def test_a_prepaid_contract_is_never_blocked_in_its_period(office) -> None:
    db, moment, contract = office["db"], office["moment"], office["contract"]
    quote = prepay_quote(db, office["cashier"], contract, 2)
    pay(db, office["cashier"], contract, quote.required, PrepayRequest(2))
    run_through(db, moment, dt.date(2027, 1, 9))
    # a service added in the period is charged at its tariff: the balance goes below zero
    iptv = add_service(db, contract, "iptv", make_tariff(db, "IPTV", "iptv", 3_000_00), dt.date(2027, 1, 10))
    run_through(db, moment, dt.date(2027, 2, 28))
    assert balance(db, contract) < 0
    with db.reading() as conn:
        debt_since, blocked, reminders = conn.execute(
            text(
                "SELECT debt_since, (SELECT count(*) FROM service WHERE state = 'blocked'), "
                "(SELECT count(*) FROM notification) FROM contract WHERE id = :c"
            ),
            {"c": contract},
        ).one()
    assert (debt_since, blocked, reminders) == (None, 0, 0)
    # the day after the period the debt policy starts as for anyone
    run_through(db, moment, dt.date(2027, 3, 1))
    with db.reading() as conn:
        state = conn.execute(text("SELECT state FROM service WHERE id = :s"), {"s": iptv}).scalar_one()
        debt_since = conn.execute(
            text("SELECT debt_since FROM contract WHERE id = :c"), {"c": contract}
        ).scalar()
    assert state == "blocked" and str(debt_since) == "2027-03-01"
    assert ledger_matches_balances(db)


def test_a_payment_short_of_the_period_is_refused_and_posts_nothing(office) -> None:
    db, contract = office["db"], office["contract"]
    quote = prepay_quote(db, office["cashier"], contract, 3)
    before = balance(db, contract)
    with pytest.raises(ValidationError) as refused:
        pay(db, office["cashier"], contract, quote.required - 1, PrepayRequest(3))
    assert refused.value.field == "amount"
    with db.reading() as conn:
        assert conn.execute(text("SELECT count(*) FROM payment")).scalar_one() == 0
        assert conn.execute(text("SELECT count(*) FROM prepaid_period")).scalar_one() == 0
    assert balance(db, contract) == before
    for months in (0, 25):
        with pytest.raises(ValidationError):
            prepay_quote(db, office["cashier"], contract, months)


def test_cancelling_the_prepayment_cancels_the_period(office) -> None:
    db, moment, contract = office["db"], office["moment"], office["contract"]
    promotion = define_promotion(db, office["admin"], THREE_FOR_TWO_AND_A_HALF)
    attachment = attach_promotion(db, office["front"], contract, promotion)
    quote = prepay_quote(db, office["cashier"], contract, 1, attachment_id=attachment)
    paid = pay(db, office["cashier"], contract, quote.required, PrepayRequest(1, attachment))
    run_through(db, moment, dt.date(2027, 1, 10))
    cancel_payment(db, office["cashier"], paid.payment_id, "ошибся договором")
    run_through(db, moment, dt.date(2027, 1, 12))
    internet = charged(db, office["internet"])
    assert internet[dt.date(2027, 1, 10)] == daily_charge(500_00, 10, 31)  # charged as made
    assert internet[dt.date(2027, 1, 11)] == daily_charge(600_00, 11, 31)  # the tariff again
    # the offer may be taken again
    assert [o.id for o in prepay_offers(db, office["cashier"], contract)] == [attachment]
    # its cost counts in the month of the payment and comes back out in the month of the cancellation
    december, january = revenue_report(db, office["admin"], DECEMBER, dt.date(2027, 1, 1)).months
    assert (december.promotions, january.promotions) == (
        3 * 910_00 - quote.period_amount,
        -(3 * 910_00 - quote.period_amount),
    )
    assert ledger_matches_balances(db)


def test_first_months_at_a_price_then_the_tariff(office) -> None:
    db, moment, contract = office["db"], office["moment"], office["contract"]
    promotion = define_promotion(
        db,
        office["admin"],
        PromotionTerms(
            "Интернет за 100 ₽", FIRST_MONTHS, months=2, price=100_00, service_kind=ServiceKind.INTERNET
        ),
    )
    attach_promotion(db, office["front"], contract, promotion)  # on 16 December, before its run
    [given_] = contract_promotions(db, office["front"], contract)
    assert (given_.state, given_.ends_on) == ("active", dt.date(2027, 2, 15))
    # a prepayment does not carry the first months' price on for its months
    assert prepay_quote(db, office["cashier"], contract, 12).prices[office["internet"]] == 600_00
    run_through(db, moment, dt.date(2027, 2, 17))
    internet = charged(db, office["internet"])
    assert internet[dt.date(2026, 12, 16)] == daily_charge(100_00, 16, 31)
    assert sum(internet[dt.date(2027, 1, d)] for d in range(1, 32)) == 100_00
    assert internet[dt.date(2027, 2, 15)] == daily_charge(100_00, 15, 28)
    assert internet[dt.date(2027, 2, 16)] == daily_charge(600_00, 16, 28)
    tv = charged(db, office["tv"])
    assert tv[dt.date(2027, 1, 1)] == 310_00  # the promotion is for Internet only
    # what it cost: each day's full charge less the held one
    report = revenue_report(db, office["admin"], DECEMBER, dt.date(2027, 2, 1))
    held_down = [daily_charge(600_00, d, 31) - daily_charge(100_00, d, 31) for d in range(16, 32)]
    assert [m.promotions for m in report.months] == [
        sum(held_down),
        500_00,
        sum(daily_charge(500_00, d, 28) for d in range(1, 16)),
    ]
    assert ledger_matches_balances(db)


def test_ending_a_first_months_price_early_charges_the_tariff_from_tomorrow(office) -> None:
    db, moment, contract = office["db"], office["moment"], office["contract"]
    promotion = define_promotion(
        db, office["admin"], PromotionTerms("Полгода за 1 ₽", FIRST_MONTHS, months=6, price=1_00)
    )
    attachment = attach_promotion(db, office["front"], contract, promotion)
    run_through(db, moment, dt.date(2026, 12, 20))
    end_attachment(db, office["front"], attachment)  # on the 21st, before its run
    run_through(db, moment, dt.date(2026, 12, 22))
    internet = charged(db, office["internet"])
    assert internet[dt.date(2026, 12, 21)] == daily_charge(1_00, 21, 31)
    assert internet[dt.date(2026, 12, 22)] == daily_charge(600_00, 22, 31)
    with pytest.raises(ValidationError):
        end_attachment(db, office["front"], attachment)


def test_a_bonus_credits_once_and_settles_a_debt(office) -> None:
    db, contract = office["db"], office["contract"]
    owed = -balance(db, contract)
    promotion = define_promotion(
        db, office["admin"], PromotionTerms("Бонус новому абоненту", BONUS, bonus=owed + 100_00)
    )
    before = revenue_report(db, office["admin"], DECEMBER, DECEMBER).months[0]
    attach_promotion(db, office["front"], contract, promotion)
    assert balance(db, contract) == 100_00
    after = revenue_report(db, office["admin"], DECEMBER, DECEMBER).months[0]
    assert (after.promotions, after.bonuses) == (owed + 100_00, owed + 100_00)
    assert after.net == before.net - (owed + 100_00)  # money given, as compensation is
    with pytest.raises(ValidationError):
        attach_promotion(db, office["front"], contract, promotion)
    assert balance(db, contract) == 100_00
    assert ledger_matches_balances(db)
    [row] = promotions(db, office["admin"])
    assert row.given == 1


@pytest.mark.parametrize(
    "terms",
    [
        PromotionTerms("", BONUS, bonus=100),
        PromotionTerms("x" * 101, BONUS, bonus=100),
        PromotionTerms("Без бонуса", BONUS, bonus=0),
        PromotionTerms("Отрицательный", BONUS, bonus=-100),
        PromotionTerms("Три за три", PREPAY, months=3, paid_tenths=30),
        PromotionTerms("Ноль месяцев", PREPAY, months=0, paid_tenths=0),
        PromotionTerms("Без цены", FIRST_MONTHS, months=2),
        PromotionTerms("Огромный срок", FIRST_MONTHS, months=100, price=1),
        PromotionTerms("Непонятно что", "gift", bonus=1),
    ],
    ids=str,
)
def test_bad_promotions_are_refused_and_write_nothing(office, terms: PromotionTerms) -> None:
    with pytest.raises(ValidationError):
        define_promotion(office["db"], office["admin"], terms)
    assert promotions(office["db"], office["admin"]) == []


def test_who_may_do_what_with_promotions(office) -> None:
    db = office["db"]
    with pytest.raises(PermissionDenied):
        define_promotion(db, office["front"], THREE_FOR_TWO_AND_A_HALF)
    promotion = define_promotion(db, office["admin"], THREE_FOR_TWO_AND_A_HALF)
    with pytest.raises(ValidationError):  # names are unique, whatever the case
        define_promotion(db, office["admin"], PromotionTerms("3 МЕСЯЦА ПО ЦЕНЕ 2,5", BONUS, bonus=1))
    with pytest.raises(PermissionDenied):
        attach_promotion(db, office["cashier"], office["contract"], promotion)
    retire_promotion(db, office["admin"], promotion)
    with pytest.raises(ValidationError):
        attach_promotion(db, office["front"], office["contract"], promotion)
    assert promotions(db, office["front"], offered_only=True) == []


def test_two_cashiers_prepaying_one_contract_at_once_get_consecutive_periods(pg_db: Database) -> None:
    """On PostgreSQL, two desks take a prepayment for the same contract at the same moment, for several
    contracts: each contract's periods follow one another without overlapping, and balances stay
    ledger sums (the balance's row lock orders the two; the second reads the first's period)."""
    db = pg_db
    with clock.frozen_at(dt.datetime(2026, 12, 15, 11, tzinfo=MOSCOW)):
        tariff = make_tariff(db, "Интернет 500", "internet", 600_00)
        contracts = [
            make_contract(db, str(300_000 + n), f"Абонент {n}", apartment=str(n + 1)) for n in range(6)
        ]
        for contract in contracts:
            add_service(db, contract, "internet", tariff, dt.date(2026, 12, 1))
        cashiers = []
        for n in range(2):
            cashier = make_staff(db, f"kassa{n}", Role.CASHIER)
            open_shift(db, cashier, make_desk(db, f"Касса {n + 1}"), 0)
            cashiers.append(cashier)
        needed = {c: prepay_quote(db, cashiers[0], c, 2).required for c in contracts}
        errors: list[BaseException] = []
        start = threading.Barrier(2)

        def prepay(cashier) -> None:
            workstation = db.fresh_connections()
            try:
                start.wait(timeout=60)
                for contract in contracts:
                    pay(workstation, cashier, contract, needed[contract], PrepayRequest(2))
            except BaseException as exc:  # noqa: BLE001 - collected and asserted on below
                errors.append(exc)
            finally:
                workstation.dispose()

        threads = [threading.Thread(target=prepay, args=(c,)) for c in cashiers]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=300)
        assert errors == []
        with db.reading() as conn:
            rows = conn.execute(
                text(
                    "SELECT contract_id, first_day, last_day FROM prepaid_period "
                    "ORDER BY contract_id, first_day"
                )
            ).all()
        spans: dict[int, list[tuple[dt.date, dt.date]]] = {}
        for contract, first, last in rows:
            spans.setdefault(contract, []).append((first, last))
        assert spans == {
            c: [(dt.date(2027, 1, 1), dt.date(2027, 2, 28)), (dt.date(2027, 3, 1), dt.date(2027, 4, 30))]
            for c in contracts
        }
        assert ledger_matches_balances(db)


def test_a_held_price_stays_with_its_tariff(office) -> None:
    """A prepaid price is the tariff's it was paid on: moving to a dearer tariff charges that one."""
    db, moment, contract = office["db"], office["moment"], office["contract"]
    quote = prepay_quote(db, office["cashier"], contract, 2)
    pay(db, office["cashier"], contract, quote.required, PrepayRequest(2))
    run_through(db, moment, dt.date(2027, 1, 9))
    dearer = make_tariff(db, "Интернет 1000", "internet", 1_500_00)
    with db.transaction() as session:  # moved to the dearer tariff from the 10th
        session.execute(
            text("UPDATE service SET tariff_id = :t WHERE id = :s"), {"t": dearer, "s": office["internet"]}
        )
    run_through(db, moment, dt.date(2027, 1, 10))
    internet = charged(db, office["internet"])
    assert internet[dt.date(2027, 1, 9)] == daily_charge(600_00, 9, 31)
    assert internet[dt.date(2027, 1, 10)] == daily_charge(1_500_00, 10, 31)


def test_a_discount_ending_before_the_period_is_not_prepaid(office) -> None:
    db, contract = office["db"], office["contract"]
    grant_discount(
        db, office["admin"], contract, service_id=None, percent=50, amount=None,
        valid_from=dt.date(2026, 12, 16), valid_until=dt.date(2026, 12, 31), reason="Новогодняя",
    )  # fmt: skip
    assert prepay_quote(db, office["cashier"], contract, 12).prices == {
        office["internet"]: 600_00,
        office["tv"]: 310_00,
    }
    grant_discount(
        db, office["admin"], contract, service_id=office["tv"], percent=50, amount=None,
        valid_from=dt.date(2027, 1, 1), valid_until=None, reason="Пенсионер",
    )  # fmt: skip
    assert prepay_quote(db, office["cashier"], contract, 12).prices[office["tv"]] == 155_00


def test_the_earlier_of_two_prepayments_is_cancelled_after_the_later(office) -> None:
    db, contract = office["db"], office["contract"]
    first = pay(
        db,
        office["cashier"],
        contract,
        prepay_quote(db, office["cashier"], contract, 1).required,
        PrepayRequest(1),
    )
    second = pay(
        db,
        office["cashier"],
        contract,
        prepay_quote(db, office["cashier"], contract, 1).required,
        PrepayRequest(1),
    )
    with pytest.raises(ValidationError, match="later prepayment"):
        cancel_payment(db, office["cashier"], first.payment_id, "ошибка")
    cancel_payment(db, office["cashier"], second.payment_id, "ошибка")
    cancel_payment(db, office["cashier"], first.payment_id, "ошибка")
    with db.reading() as conn:
        assert (
            conn.execute(text("SELECT count(*) FROM prepaid_period WHERE cancelled_at IS NULL")).scalar_one()
            == 0
        )
    assert ledger_matches_balances(db)


def test_a_free_month_costs_its_full_fee(office) -> None:
    db, moment, contract = office["db"], office["moment"], office["contract"]
    promotion = define_promotion(
        db,
        office["admin"],
        PromotionTerms("Месяц бесплатно", FIRST_MONTHS, months=1, price=0, service_kind=ServiceKind.INTERNET),
    )
    attach_promotion(db, office["front"], contract, promotion)  # 16 December to 15 January
    run_through(db, moment, dt.date(2027, 1, 20))
    internet = charged(db, office["internet"])
    assert dt.date(2027, 1, 15) not in internet and internet[dt.date(2027, 1, 16)] == daily_charge(
        600_00, 16, 31
    )
    december, january = revenue_report(db, office["admin"], DECEMBER, dt.date(2027, 1, 1)).months
    assert december.promotions == sum(daily_charge(600_00, d, 31) for d in range(16, 32))
    assert january.promotions == sum(daily_charge(600_00, d, 31) for d in range(1, 16))


def test_what_is_owed_before_a_period_counts_the_discount_as_the_run_will(office) -> None:
    db, contract = office["db"], office["contract"]
    grant_discount(
        db, office["admin"], contract, service_id=None, percent=50, amount=None,
        valid_from=dt.date(2026, 12, 16), valid_until=None, reason="Пенсионер",
    )  # fmt: skip
    quote = prepay_quote(db, office["cashier"], contract, 1)
    rest_of_december = sum(daily_charge(300_00, d, 31) for d in range(16, 32))  # 600 ₽ less 50 %
    assert quote.owed_before == rest_of_december - balance(db, contract)
    assert quote.prices == {office["internet"]: 300_00, office["tv"]: 155_00}
