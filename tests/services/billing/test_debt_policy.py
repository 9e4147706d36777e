"""The debt policy walked day by day: one subscriber with Internet and CaTV, on both databases."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import text

from app import clock
from app.db import Database
from app.models import PaymentMethod, Role
from app.services.billing.prices import daily_charge
from app.services.billing.run import run_day
from app.services.cashdesk.payments import post_payment
from app.services.cashdesk.shifts import open_shift
from app.services.dispatch.orders import Outcome, record_outcome
from tests.factories import add_service, make_contract, make_desk, make_staff, make_tariff
from tests.services.cashdesk.test_payments import ledger_matches_balances

START = dt.date(2026, 3, 1)
INTERNET_FEE = 620_00  # 20,00 ₽ a day in March
TV_FEE = 310_00  # 10,00 ₽ a day in March


class Subscriber:
    """One subscriber's contract and what the policy did to it, read back from the database."""

    def __init__(self, db: Database) -> None:
        self.db = db
        internet = make_tariff(db, "Интернет 100", "internet", INTERNET_FEE)
        tv = make_tariff(db, "КТВ Базовый", "catv", TV_FEE)
        self.contract = make_contract(db, "100001", "Смирнов Олег Петрович")
        with db.transaction() as session:
            session.execute(text("UPDATE subscriber SET notify_sms = true, phone = '79161234567'"))
        self.internet = add_service(db, self.contract, "internet", internet, START)
        self.tv = add_service(db, self.contract, "catv", tv, START)
        self.cashier = make_staff(db, "kassa", Role.CASHIER)
        self.dispatcher = make_staff(db, "disp", Role.DISPATCHER)
        open_shift(db, self.cashier, make_desk(db), 0)
        self.pay(300_00 + 150_00)  # covers 15 days

    def q(self, sql: str, **params: object) -> object:
        with self.db.reading() as conn:
            return conn.execute(text(sql), params).scalar()

    def state(self, service: int) -> str:
        return str(self.q("SELECT state FROM service WHERE id = :s", s=service))

    @property
    def balance(self) -> int:
        return int(self.q("SELECT balance FROM contract") or 0)

    def charged(self, service: int, day: dt.date) -> bool:
        return bool(
            self.q(
                "SELECT count(*) FROM ledger_entry WHERE service_id = :s AND charge_period = :d",
                s=service,
                d=day,
            )
        )

    def orders(self, kind: str, status: str) -> int:
        return int(
            self.q("SELECT count(*) FROM work_order WHERE kind = :k AND status = :s", k=kind, s=status) or 0
        )

    def notifications(self) -> int:
        return int(self.q("SELECT count(*) FROM notification") or 0)

    def pay(self, amount: int) -> None:
        post_payment(
            self.db,
            self.cashier,
            client_uuid=uuid.uuid4(),
            contract_id=self.contract,
            amount=amount,
            method=PaymentMethod.CASH,
        )

    def finish_order(self, kind: str) -> None:
        order_id, version = self.q_row(
            "SELECT id, version FROM work_order WHERE kind = :k AND status = 'new'", k=kind
        )
        record_outcome(self.db, self.dispatcher, order_id, Outcome.DONE, version=version, note="сделано")

    def q_row(self, sql: str, **params: object) -> tuple[int, int]:
        with self.db.reading() as conn:
            row = conn.execute(text(sql), params).one()
        return int(row[0]), int(row[1])


def day(n: int) -> dt.date:
    return START + dt.timedelta(days=n)


def at(n: int) -> dt.datetime:
    """Noon in Moscow on day n of the story."""
    return dt.datetime.combine(day(n), dt.time(9, 0), tzinfo=dt.UTC)


@contextmanager
def debtor_story(db: Database, days: int) -> Iterator[tuple[Subscriber, clock.FrozenClock]]:
    """The subscriber of these tests after `days` nightly runs (in debt from day 15, a disconnect order
    from day 25), on a clock frozen at noon of the last day and moved by the test."""
    with clock.frozen_at(at(0)) as moment:
        sub = Subscriber(db)
        for n in range(days):
            moment.set(at(n))
            run_day(db, day(n))
        yield sub, moment


def run_until(sub: Subscriber, last: int, first: int = 0) -> None:
    for n in range(first, last + 1):
        run_day(sub.db, day(n))
        assert ledger_matches_balances(sub.db), f"day {n}"


def test_forty_days_of_debt_disconnect_and_reconnect(db: Database) -> None:
    sub = Subscriber(db)
    run_until(sub, 14)  # 15 days × 30 ₽ paid in advance: not in debt yet
    assert sub.balance == 0 and sub.state(sub.internet) == "active" and sub.notifications() == 0

    run_until(sub, 15, 15)  # debt starts: Internet blocked the same day, reminder queued
    debt_start = day(15)
    assert sub.balance == -30_00
    assert sub.state(sub.internet) == "blocked" and sub.state(sub.tv) == "active"
    assert sub.q("SELECT debt_since FROM contract") in (debt_start, debt_start.isoformat())
    assert sub.notifications() == 1

    run_until(sub, 23, 16)  # blocked Internet is not charged; CaTV is; a reminder before disconnect
    assert not sub.charged(sub.internet, day(16)) and sub.charged(sub.tv, day(16))
    assert sub.notifications() == 2
    assert sub.orders("disconnect_catv", "new") == 0

    run_until(sub, 25, 24)  # grace period (10 days) over on day 25: one disconnect order
    assert sub.state(sub.tv) == "disconnect_pending" and sub.orders("disconnect_catv", "new") == 1
    run_until(sub, 26, 26)
    assert sub.orders("disconnect_catv", "new") == 1  # not twice

    sub.finish_order("disconnect_catv")  # the installer cut the cable
    assert sub.state(sub.tv) == "disconnected"
    run_until(sub, 29, 27)
    assert not sub.charged(sub.tv, day(27)) and not sub.charged(sub.tv, day(29))
    debt = -sub.balance

    sub.pay(debt)  # the debt only: Internet back at once, CaTV stays cut, no reconnect order
    assert sub.state(sub.internet) == "active" and sub.state(sub.tv) == "disconnected"
    assert sub.orders("reconnect_catv", "new") == 0 and sub.balance == 0

    sub.pay(TV_FEE + 500_00)  # the reconnection fee (one monthly fee) and an advance
    assert sub.orders("reconnect_catv", "new") == 1
    assert sub.balance == 500_00
    assert sub.q("SELECT count(*) FROM ledger_entry WHERE kind = 'fee' AND amount = :f", f=-TV_FEE) == 1

    sub.finish_order("reconnect_catv")
    assert sub.state(sub.tv) == "active"
    run_until(sub, 40, 30)
    assert sub.charged(sub.tv, day(30)) and sub.charged(sub.internet, day(40))
    charged_since = sub.q(
        "SELECT -sum(amount) FROM ledger_entry WHERE kind = 'charge' AND business_date >= :d", d=day(30)
    )
    assert sub.balance == 500_00 - int(charged_since or 0)
    april = sum(daily_charge(fee, d, 30) for fee in (INTERNET_FEE, TV_FEE) for d in range(1, 11))
    assert int(charged_since or 0) == 20_00 + 10_00 + april  # March 31, then April 1–10
    with db.reading() as conn:
        kinds = [
            k
            for (k,) in conn.execute(text("SELECT kind FROM event WHERE contract_id IS NOT NULL ORDER BY id"))
        ]
    for expected in (
        "debt_started",
        "service_blocked",
        "service_disconnect_pending",
        "work_order_created",
        "service_disconnected",
        "debt_cleared",
        "service_unblocked",
        "reconnection_fee_charged",
        "service_reconnected",
    ):
        assert expected in kinds


def test_paying_before_the_installer_comes_cancels_the_order(db: Database) -> None:
    sub = Subscriber(db)
    run_until(sub, 25)
    assert sub.state(sub.tv) == "disconnect_pending" and sub.orders("disconnect_catv", "new") == 1
    sub.pay(-sub.balance)
    assert sub.orders("disconnect_catv", "new") == 0 and sub.orders("disconnect_catv", "cancelled") == 1
    assert sub.q("SELECT cancel_reason FROM work_order") == "paid"
    assert sub.state(sub.tv) == "active" and sub.state(sub.internet) == "active"
    order_id, version = sub.q_row("SELECT id, version FROM work_order")
    from app.errors import ValidationError

    with pytest.raises(ValidationError, match="cancelled"):  # the dispatcher cannot close it as done
        record_outcome(db, sub.dispatcher, order_id, Outcome.DONE, version=version)
    run_until(sub, 27, 26)
    assert sub.charged(sub.tv, day(27)) and ledger_matches_balances(db)


def test_never_block_contracts_are_left_alone(db: Database) -> None:
    sub = Subscriber(db)
    with db.transaction() as session:
        session.execute(text("UPDATE contract SET never_block = true, never_block_until = NULL"))
    run_until(sub, 30)
    assert sub.balance < 0
    assert sub.state(sub.internet) == "active" and sub.state(sub.tv) == "active"
    assert sub.orders("disconnect_catv", "new") == 0


def test_a_run_for_an_old_date_does_not_backdate_a_debt(db: Database) -> None:
    """The nightly runs stop after day 5; a fee dated day 18 puts the subscriber in debt; the admin
    then runs the billing for days 6-12 (old dates). The debt began on day 18, not day 6: the grace
    period counts from day 18, so no disconnect order on day 21 and the reminder before it comes."""
    sub = Subscriber(db)
    with db.transaction() as session:  # enough in advance that the charges alone make no debt
        session.execute(
            text(
                "INSERT INTO ledger_entry (contract_id, kind, amount, business_date, created_at, comment) "
                "VALUES (:c, 'adjustment', 300000, :d, CURRENT_TIMESTAMP, 'аванс')"
            ),
            {"c": sub.contract, "d": START},
        )
    run_until(sub, 5)
    with db.transaction() as session:
        session.execute(
            text(
                "INSERT INTO ledger_entry (contract_id, kind, amount, business_date, created_at, comment) "
                "VALUES (:c, 'fee', -400000, :d, CURRENT_TIMESTAMP, 'оборудование')"
            ),
            {"c": sub.contract, "d": day(18)},
        )
    run_until(sub, 12, 6)  # old dates: the debt had not begun on any of them
    assert sub.balance < 0
    assert sub.q("SELECT debt_since FROM contract") is None
    assert sub.state(sub.internet) == "active" and sub.notifications() == 0
    run_until(sub, 21, 13)
    assert sub.q("SELECT debt_since FROM contract") in (day(18), day(18).isoformat())
    assert sub.state(sub.internet) == "blocked" and sub.notifications() == 1
    assert sub.orders("disconnect_catv", "new") == 0  # the grace period runs until day 28
    run_until(sub, 28, 22)
    assert sub.notifications() == 2  # the reminder before the disconnection came
    assert sub.orders("disconnect_catv", "new") == 1
    assert ledger_matches_balances(db)
