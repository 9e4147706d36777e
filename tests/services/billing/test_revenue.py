"""Revenue by month, on both databases: a small story run night by night through the real billing run
(a price change, a month boundary, discounted and undiscounted services, a one-off fee, payments and a
cancelled one, a posted and a cancelled outage batch, reversed charges), and the report's sums checked
against figures worked out by hand below."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import uuid
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import text

from app import clock
from app.db import Database
from app.errors import PermissionDenied
from app.models import PaymentMethod, Role, ServiceKind
from app.services.billing.discounts import grant_discount
from app.services.billing.outages import OutageScope, cancel_compensation, post_compensation
from app.services.billing.prices import daily_charge
from app.services.billing.revenue import (
    RevenueReport,
    default_range,
    revenue_report,
    write_csv,
    write_json,
)
from app.services.billing.run import run_day
from app.services.cashdesk.cancellation import cancel_payment
from app.services.cashdesk.payments import post_payment
from app.services.cashdesk.shifts import open_shift
from app.services.kernel.permissions import Actor
from tests.factories import add_service, make_contract, make_desk, make_staff, make_tariff
from tests.services.cashdesk.test_payments import ledger_matches_balances

MOSCOW = ZoneInfo("Europe/Moscow")
FEB, MARCH, APRIL = dt.date(2026, 2, 1), dt.date(2026, 3, 1), dt.date(2026, 4, 1)

# ---- the figures, by hand (kopecks) ---------------------------------------------------------------
# Internet is daily: 600 ₽ until 15 March, 900 ₽ from the 16th; day d of an n-day month is charged
# fee·d//n − fee·(d−1)//n, so a run of days d1..d2 sums to fee·d2//n − fee·(d1−1)//n. Cable TV is
# monthly, 310 ₽. Contract 100001 has 15 % off its Internet from 10 March to 5 April; contract 100002
# has 100 ₽ off every service from 1 March; contract 100003 has none. The run charges 1 March – 10 April.
#
# 100003 Internet, March: 60000·15//31 = 29032 (1–15) + 90000 − 90000·15//31 = 90000 − 43548 = 46452
#   (16–31) → 75484. April 1–10: 90000·10//30 = 30000.
# 100001 Internet, March: 1–9 full 60000·9//31 = 17419; 10–15 at 51000 (600 less 15 %):
#   51000·15//31 − 51000·9//31 = 24677 − 14806 = 9871; 16–31 at 76500: 76500 − 76500·15//31 =
#   76500 − 37016 = 39484 → 66774. Discount: full 10–15 = 29032 − 17419 = 11613, less 9871 = 1742;
#   full 16–31 = 46452, less 39484 = 6968 → 8710.
#   April: 1–5 at 76500: 76500·5//30 = 12750 (full 15000: discount 2250); 6–10 full: 30000 − 15000
#   = 15000 → 27750.
# 100001 TV: 31000 each month, no discount.
# 100002 Internet at 500 ₽ then 800 ₽, March: 50000·15//31 = 24193; 80000 − 80000·15//31 = 80000 −
#   38709 = 41291 → 65484 (discount 75484 − 65484 = 10000). April: 80000·10//30 = 26666 (discount
#   30000 − 26666 = 3334).
# 100002 TV: 21000 each month (discount 10000 each).
MARCH_CHARGES = 75484 + 66774 + 31000 + 65484 + 21000  # 259742
APRIL_CHARGES_RUN = 30000 + 27750 + 31000 + 26666 + 21000  # 136416
MARCH_DISCOUNTS = 8710 + 10000 + 10000  # 28710
APRIL_DISCOUNTS_RUN = 2250 + 3334 + 10000  # 15584
# Reversed on 8 and 9 April: 100003's Internet of 3 April (90000·3//30 − 90000·2//30 = 3000) and
# 100001's discounted Internet of 31 March (76500 − 76500·30//31 = 76500 − 74032 = 2468; full
# 90000 − 87096 = 2904, so its discount was 436): both count in April, the month they were booked.
APRIL_CHARGES = APRIL_CHARGES_RUN - 3000 - 2468  # 130948
APRIL_DISCOUNTS = APRIL_DISCOUNTS_RUN - 436  # 15148
MARCH_FEES = 150_00  # a one-off fee on 100003, 20 March
# Outage 1: 12 March 10:00–22:00 on 100003's Internet: 60000 × 12 h / 744 h = 967,7 → 968.
# Outage 2: 20 March 02:00–08:00 on 100002 (both services, discounted fees): Internet 80000 × 6 / 744
# = 645,2 → 645, TV 21000 × 6 / 744 = 169,4 → 169; 814, posted 21 March, cancelled 2 April.
MARCH_COMPENSATION = 968 + 814
APRIL_COMPENSATION = -814
# Payments: 1000 ₽ cash (5 March), 500 ₽ card (20 March, cancelled 3 April), 700 ₽ cash (2 April).
MARCH_PAYMENTS = {PaymentMethod.CASH: 1000_00, PaymentMethod.CARD: 500_00}
APRIL_PAYMENTS = {PaymentMethod.CASH: 700_00, PaymentMethod.CARD: -500_00}


def test_the_hand_figures_agree_with_the_pricing_rule() -> None:
    """The arithmetic above, redone with `daily_charge` (a check of the comments, not of the report)."""

    def days(fee: int, first: int, last: int, n: int) -> int:
        return sum(daily_charge(fee, d, n) for d in range(first, last + 1))

    assert days(60000, 1, 15, 31) + days(90000, 16, 31, 31) == 75484
    assert days(60000, 1, 9, 31) + days(51000, 10, 15, 31) + days(76500, 16, 31, 31) == 66774
    assert days(60000, 10, 15, 31) - days(51000, 10, 15, 31) + 46452 - 39484 == 8710
    assert days(76500, 1, 5, 30) + days(90000, 6, 10, 30) == 27750
    assert days(50000, 1, 15, 31) + days(80000, 16, 31, 31) == 65484 and days(80000, 1, 10, 30) == 26666
    assert (daily_charge(76500, 31, 31), daily_charge(90000, 31, 31), daily_charge(90000, 3, 30)) == (
        2468,
        2904,
        3000,
    )
    assert (MARCH_CHARGES, APRIL_CHARGES, MARCH_DISCOUNTS, APRIL_DISCOUNTS) == (259742, 130948, 28710, 15148)


@dataclass
class Story:
    db: Database
    admin: Actor
    outages: tuple[int, int]


def _reverse_charge(db: Database, service: int, period: dt.date, booked: dt.date) -> None:
    with db.transaction() as session:
        session.execute(
            text(
                "INSERT INTO ledger_entry (contract_id, kind, amount, business_date, created_at, service_id,"
                " reverses_id, comment) SELECT contract_id, 'reversal', -amount, :booked, created_at,"
                " service_id, id, 'charged by mistake' FROM ledger_entry"
                " WHERE kind = 'charge' AND service_id = :s AND charge_period = :p"
            ),
            {"booked": booked, "s": service, "p": period},
        )


def build_story(db: Database, owner: Database) -> Story:
    """The story of the module docstring; the clock is left on 10 April 2026, after its run. `owner`:
    the same database with its owner's rights, for the reversed charges (no screen books those, and a
    server refuses them from a person's session)."""
    with clock.frozen_at(dt.datetime(2026, 3, 1, 9, tzinfo=MOSCOW)) as moment:
        internet = make_tariff(db, "Интернет 500", "internet", 600_00)
        tv = make_tariff(db, "КТВ Базовый", "catv", 310_00, mode="monthly")
        with db.transaction() as session:
            session.execute(
                text("INSERT INTO tariff_price (tariff_id, effective_from, monthly_fee) VALUES (:t, :d, :f)"),
                {"t": internet, "d": dt.date(2026, 3, 16), "f": 900_00},
            )
        a = make_contract(db, "100001", "Абонент Первый", apartment="1")
        b = make_contract(db, "100002", "Абонент Второй", apartment="2")
        c = make_contract(db, "100003", "Абонент Третий", apartment="3")
        a_internet = add_service(db, a, "internet", internet, MARCH)
        add_service(db, a, "catv", tv, MARCH)
        add_service(db, b, "internet", internet, MARCH)
        add_service(db, b, "catv", tv, MARCH)
        c_internet = add_service(db, c, "internet", internet, MARCH)
        with db.transaction() as session:  # nobody falls into debt in this story
            session.execute(text("UPDATE contract SET credit_limit = 100000000"))
        admin = make_staff(db, "boss", Role.ADMIN)
        grant_discount(
            db, admin, a, service_id=a_internet, percent=15, amount=None,
            valid_from=dt.date(2026, 3, 10), valid_until=dt.date(2026, 4, 5), reason="Пенсионер",
        )  # fmt: skip
        grant_discount(
            db, admin, b, service_id=None, percent=None, amount=100_00,
            valid_from=MARCH, valid_until=None, reason="Ветеран труда",
        )  # fmt: skip
        open_shift(db, admin, make_desk(db), 0)

        def run_until(last: dt.date) -> None:
            day = clock.now().astimezone(MOSCOW).date()
            while day <= last:
                run_day(db, day)
                moment.advance(days=1)
                day += dt.timedelta(days=1)

        def pay(contract: int, amount: int, method: PaymentMethod) -> int:
            posted = post_payment(
                db, admin, client_uuid=uuid.uuid4(), contract_id=contract, amount=amount, method=method
            )
            return posted.payment_id

        def at(month: int, day: int, hour: int) -> dt.datetime:
            return dt.datetime(2026, month, day, hour, tzinfo=MOSCOW)

        run_until(dt.date(2026, 3, 4))
        pay(a, 1000_00, PaymentMethod.CASH)  # 5 March
        run_until(dt.date(2026, 3, 12))
        first = post_compensation(  # 13 March
            db,
            admin,
            OutageScope(contract_numbers=("100003",)),
            at(3, 12, 10),
            at(3, 12, 22),
            "Авария на узле",
        )
        run_until(dt.date(2026, 3, 19))
        card = pay(b, 500_00, PaymentMethod.CARD)  # 20 March
        with db.transaction() as session:
            session.execute(
                text(
                    "INSERT INTO ledger_entry (contract_id, kind, amount, business_date, created_at, comment)"
                    " VALUES (:c, 'fee', -15000, :d, :t, 'выезд мастера')"
                ),
                {"c": c, "d": dt.date(2026, 3, 20), "t": clock.now()},
            )
        run_until(dt.date(2026, 3, 20))
        second = post_compensation(  # 21 March
            db,
            admin,
            OutageScope(contract_numbers=("100002",)),
            at(3, 20, 2),
            at(3, 20, 8),
            "Работы на линии",
        )
        run_until(dt.date(2026, 4, 1))
        pay(c, 700_00, PaymentMethod.CASH)  # 2 April
        cancel_compensation(db, admin, second, "Работы были плановыми")
        run_until(dt.date(2026, 4, 2))
        cancel_payment(db, admin, card, "Ошибочный платёж")  # 3 April
        run_until(dt.date(2026, 4, 10))
        _reverse_charge(owner, c_internet, dt.date(2026, 4, 3), dt.date(2026, 4, 8))
        _reverse_charge(owner, a_internet, dt.date(2026, 3, 31), dt.date(2026, 4, 9))
    assert ledger_matches_balances(db)
    return Story(db, admin, (first, second))


@pytest.fixture
def story(db: Database, owner_db: Database) -> Story:
    return build_story(db, owner_db)


def test_each_month_sums_what_the_rules_say(story: Story) -> None:
    with clock.frozen_at(dt.datetime(2026, 4, 11, 9, tzinfo=MOSCOW)):
        report = revenue_report(story.db, story.admin, FEB, dt.date(2026, 4, 30))
    february, march, april = report.months
    assert (report.first_month, report.last_month) == (FEB, APRIL)
    assert (february.month, february.charges, february.payments, february.net) == (FEB, 0, 0, 0)
    assert (march.month, march.charges, march.fees, march.discounts, march.compensation) == (
        MARCH,
        MARCH_CHARGES,
        MARCH_FEES,
        MARCH_DISCOUNTS,
        MARCH_COMPENSATION,
    )
    assert march.payments == 1500_00 and march.payments_by_method == MARCH_PAYMENTS
    assert march.net == MARCH_CHARGES + MARCH_FEES - MARCH_COMPENSATION == 272960
    assert march.full_fees == MARCH_CHARGES + MARCH_DISCOUNTS
    assert (april.charges, april.fees, april.discounts, april.compensation) == (
        APRIL_CHARGES,
        0,
        APRIL_DISCOUNTS,
        APRIL_COMPENSATION,
    )
    assert april.payments == 200_00 and april.payments_by_method == APRIL_PAYMENTS
    assert april.net == APRIL_CHARGES + 814 == 131762
    assert report.total("charges") == MARCH_CHARGES + APRIL_CHARGES
    assert report.total_by_method() == {PaymentMethod.CASH: 1700_00, PaymentMethod.CARD: 0}


def test_compensation_per_outage(story: Story) -> None:
    with clock.frozen_at(dt.datetime(2026, 4, 11, 9, tzinfo=MOSCOW)):
        report = revenue_report(story.db, story.admin, MARCH, APRIL)
        only_april = revenue_report(story.db, story.admin, APRIL, APRIL)
    first, second = report.outages
    assert (first.id, first.reason, first.services, first.credited, first.cancelled_on, first.standing) == (
        story.outages[0],
        "Авария на узле",
        1,
        968,
        None,
        968,
    )
    assert (first.business_date, first.contracts, first.kinds) == (dt.date(2026, 3, 13), 1, ())
    assert first.starts_at == dt.datetime(2026, 3, 12, 10, tzinfo=MOSCOW)
    assert (second.services, second.credited, second.cancelled_on, second.standing) == (
        2,
        814,
        dt.date(2026, 4, 2),
        0,
    )
    assert second.cancel_reason == "Работы были плановыми"
    # April holds the cancellation of the second batch, so it lists that batch (and only it)
    assert [o.id for o in only_april.outages] == [story.outages[1]]
    assert sum(m.compensation for m in report.months) == sum(o.standing for o in report.outages)


def test_the_default_is_the_last_twelve_business_months(story: Story) -> None:
    assert default_range(dt.date(2026, 4, 10)) == (dt.date(2025, 5, 1), APRIL)
    # 23:30 UTC on 30 April is 1 May in Moscow: the business month is May
    with clock.frozen_at(dt.datetime(2026, 4, 30, 23, 30, tzinfo=dt.UTC)):
        report = revenue_report(story.db, story.admin)
    assert (report.first_month, report.last_month, len(report.months)) == (
        dt.date(2025, 6, 1),
        dt.date(2026, 5, 1),
        12,
    )
    assert report.total("charges") == MARCH_CHARGES + APRIL_CHARGES
    assert report.total("discounts") == MARCH_DISCOUNTS + APRIL_DISCOUNTS


def test_csv_for_excel_and_json(story: Story) -> None:
    with clock.frozen_at(dt.datetime(2026, 4, 11, 9, tzinfo=MOSCOW)):
        report = revenue_report(story.db, story.admin, MARCH, APRIL)
    out = io.StringIO()
    assert write_csv(report, out) == 2
    text_ = out.getvalue()
    header = "Месяц;Начислено;Разовые платежи;Скидки;Акции;Компенсации;Выручка;Оплачено;"
    assert text_.startswith("\ufeff" + header)
    rows = list(csv.reader(io.StringIO(text_.lstrip("\ufeff")), delimiter=";"))
    assert rows[1][:8] == ["2026-03", "2597,42", "150,00", "287,10", "0,00", "17,82", "2729,60", "1500,00"]
    assert rows[2][:8] == ["2026-04", "1309,48", "0,00", "151,48", "0,00", "-8,14", "1317,62", "200,00"]
    assert rows[3][0] == "Итого" and rows[3][1] == "3906,90"
    assert rows[4] == [] and rows[5][0] == "Перерыв" and len(rows) == 8
    assert rows[7][-1] == "2026-04-02"  # the second batch was cancelled
    out = io.StringIO()
    write_json(report, out)
    data = json.loads(out.getvalue())
    assert data["months"][0]["discounts"] == MARCH_DISCOUNTS
    assert data["months"][1]["payments_by_method"] == {"cash": 700_00, "card": -500_00}


def test_an_empty_period_and_who_may_read_it(db: Database) -> None:
    with clock.frozen_at(dt.datetime(2026, 4, 11, 9, tzinfo=MOSCOW)):
        admin = make_staff(db, "boss", Role.ADMIN)
        report = revenue_report(db, admin, MARCH, APRIL)
        assert [m.net for m in report.months] == [0, 0] and report.outages == []
        assert isinstance(report, RevenueReport)
        nobody = Actor(staff_id=0, login="x", full_name="x", roles=frozenset())
        with pytest.raises(PermissionDenied):
            revenue_report(db, nobody, MARCH, APRIL)
    assert ServiceKind.INTERNET  # the scope's kinds come back as the enum


def test_the_command_line_writes_the_report(story: Story, tmp_path) -> None:
    """`subscriber-desk report revenue` as an accounting script runs it (a person named by --login on
    the embedded database, the URL's login on a server); no personal data, so no export recorded."""
    import subprocess
    import sys

    from tests.factories import PASSWORD

    make_staff(story.db, "anna", Role.CASHIER)  # any job that sees reports; no second factor to pass
    url = story.db.url.render_as_string(hide_password=False)
    login = ["--login", "anna"] if story.db.is_embedded else []
    target = tmp_path / "revenue.csv"
    done = subprocess.run(
        [sys.executable, "-m", "app", "report", "revenue", "--from", "2026-03", "--to", "2026-04",
         "--output", str(target), *login, "--database", url],
        input=PASSWORD + "\n", capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    lines = target.read_text(encoding="utf-8-sig").splitlines()
    assert lines[1].startswith("2026-03;2597,42;150,00;287,10;0,00;17,82;2729,60;1500,00;")
    as_json = subprocess.run(
        [sys.executable, "-m", "app", "report", "revenue", "--from", "2026-04", "--to", "2026-04",
         "--format", "json", *login, "--database", url],
        input=PASSWORD + "\n", capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert as_json.returncode == 0, as_json.stderr
    data = json.loads(as_json.stdout)
    assert data["months"] == [
        {"month": "2026-04", "charges": APRIL_CHARGES, "fees": 0, "discounts": APRIL_DISCOUNTS,
         "promotions": 0, "compensation": APRIL_COMPENSATION, "net": 131762, "payments": 200_00,
         "payments_by_method": {"cash": 700_00, "card": -500_00}},
    ]  # fmt: skip
    with story.db.reading() as conn:
        assert conn.scalar(text("SELECT count(*) FROM event WHERE kind = 'personal_data_exported'")) == 0
