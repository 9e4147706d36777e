"""The way back after a physical disconnection: what to pay is shown, and paying it always reconnects
(on any day until the date shown), even though the nightly runs go on charging Internet meanwhile."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import text

from app.db import Database
from app.models import Role
from app.services.billing.prices import daily_charge
from app.services.billing.reconnection import QUOTE_VALID_DAYS, charges_ahead, reconnect_quote
from app.services.billing.run import run_day
from app.services.cashdesk.receipts import receipt_data
from tests.factories import add_service, make_contract, make_staff, make_tariff
from tests.services.billing.test_debt_policy import TV_FEE, Subscriber, at, day, debtor_story
from tests.services.cashdesk.test_payments import ledger_matches_balances


@pytest.fixture
def cut(db: Database):
    """A subscriber whose cable TV an installer cut on day 26, on a clock that follows the story."""
    with debtor_story(db, 27) as (sub, moment):
        sub.finish_order("disconnect_catv")
        assert sub.state(sub.tv) == "disconnected"
        yield sub, moment


def reconnect_orders(sub: Subscriber) -> int:
    return sub.orders("reconnect_catv", "new")


def fees(sub: Subscriber) -> int:
    return int(sub.q("SELECT count(*) FROM ledger_entry WHERE kind = 'fee'") or 0)


def test_paying_the_amount_shown_after_the_debt_reconnects_although_a_night_charge_came_between(
    cut,
) -> None:
    sub, moment = cut
    sub.pay(-sub.balance)  # the debt only: Internet back, cable TV still cut
    assert sub.state(sub.internet) == "active" and reconnect_orders(sub) == 0
    quote = reconnect_quote(sub.db, sub.cashier, sub.contract)
    assert quote is not None
    assert (quote.debt, quote.fee, quote.on_account) == (0, TV_FEE, 0)
    assert quote.valid_until == day(26 + QUOTE_VALID_DAYS)
    assert quote.amount == quote.fee + quote.charges_ahead
    # What the runs will charge from day 27 (not yet charged today? it is: runs went to 26) on:
    # both services, every day of the 30 ahead plus today, less what is charged already.
    assert quote.charges_ahead > 0

    moment.set(at(27))
    run_day(sub.db, day(27))  # the night's Internet charge: the balance goes below zero again
    assert sub.balance < 0
    sub.pay(TV_FEE)  # exactly the fee (the old behaviour's trap): not enough any more …
    assert reconnect_orders(sub) == 0
    sub.pay(quote.amount - TV_FEE)  # … but what the card showed yesterday, in all, is
    assert reconnect_orders(sub) == 1 and fees(sub) == 1
    assert sub.balance >= 0 and ledger_matches_balances(sub.db)
    assert reconnect_quote(sub.db, sub.cashier, sub.contract) is None  # the order is queued


@pytest.mark.parametrize("days_later", [0, 1, 7, QUOTE_VALID_DAYS])
def test_the_amount_shown_reconnects_on_any_day_until_the_date_shown(cut, days_later: int) -> None:
    sub, moment = cut
    quote = reconnect_quote(sub.db, sub.cashier, sub.contract)  # still in debt: debt + fee + ahead
    assert quote is not None and quote.debt == -sub.balance
    for n in range(27, 27 + days_later):
        moment.set(at(n))
        run_day(sub.db, day(n))
    sub.pay(quote.amount)
    assert reconnect_orders(sub) == 1 and fees(sub) == 1
    assert sub.q("SELECT debt_since FROM contract") is None
    assert sub.state(sub.internet) == "active"
    assert ledger_matches_balances(sub.db)


def test_nothing_is_quoted_while_cable_tv_works_or_its_reconnection_is_queued(cut) -> None:
    sub, _moment = cut
    sub.pay(-sub.balance + TV_FEE + 100_00)
    assert reconnect_orders(sub) == 1
    assert reconnect_quote(sub.db, sub.cashier, sub.contract) is None
    sub.finish_order("reconnect_catv")
    assert sub.state(sub.tv) == "active"
    assert reconnect_quote(sub.db, sub.cashier, sub.contract) is None


def test_money_on_the_account_lowers_the_amount_and_a_raised_limit_counts(cut) -> None:
    sub, _moment = cut
    sub.pay(-sub.balance + 50_00)  # 50 ₽ left on the account: not enough for the fee
    quote = reconnect_quote(sub.db, sub.cashier, sub.contract)
    assert quote is not None and quote.on_account == 50_00
    assert quote.amount == TV_FEE + quote.charges_ahead - 50_00
    with sub.db.transaction() as session:
        session.execute(text("UPDATE contract SET credit_limit = 100000000"))
    raised = reconnect_quote(sub.db, sub.cashier, sub.contract)
    assert raised is not None and raised.amount == 0  # any payment reconnects now


def test_the_receipt_says_what_is_still_needed_and_then_that_the_reconnection_is_queued(cut) -> None:
    sub, _moment = cut
    sub.pay(-sub.balance)
    first = receipt_data(sub.db, sub.cashier, last_payment(sub))
    assert first.reconnect is not None and first.reconnect.amount > TV_FEE and not first.reconnect_ordered
    sub.pay(first.reconnect.amount)
    second = receipt_data(sub.db, sub.cashier, last_payment(sub))
    assert second.reconnect is None and second.reconnect_ordered


def last_payment(sub: Subscriber) -> int:
    return int(sub.q("SELECT max(id) FROM payment") or 0)


def test_charges_ahead_counts_each_unpaid_period_once_at_the_days_price(db: Database) -> None:
    internet = make_tariff(db, "Интернет 620", "internet", 620_00)
    tv = make_tariff(db, "КТВ месяц", "catv", 300_00, mode="monthly")
    contract = make_contract(db, "100001")
    add_service(db, contract, "internet", internet, dt.date(2026, 3, 1))
    add_service(db, contract, "catv", tv, dt.date(2026, 3, 1), state="disconnected")
    closed = add_service(db, contract, "internet", internet, dt.date(2026, 3, 1), state="closed")
    assert closed
    with db.transaction() as session:
        session.execute(text("UPDATE contract SET credit_limit = 100000000"))
    run_day(db, dt.date(2026, 3, 20))  # Internet's 20 March and the TV's March are not charged (cut)
    ahead = charges_ahead_of(db, contract, dt.date(2026, 3, 20), 30)
    internet_days = sum(daily_charge(620_00, d, 31) for d in range(21, 32)) + sum(
        daily_charge(620_00, d, 30) for d in range(1, 20)
    )
    assert ahead == internet_days + 300_00 + 300_00  # the TV's March (it may come back) and April


def charges_ahead_of(db: Database, contract: int, start: dt.date, days: int) -> int:
    with db.transaction() as session:
        return charges_ahead(session, contract, start, days)


def test_only_staff_who_see_subscribers_get_a_quote(db: Database) -> None:
    from app.errors import PermissionDenied
    from app.services.kernel.permissions import Actor

    make_staff(db, "kassa", Role.CASHIER)
    nobody = Actor(staff_id=0, login="x", full_name="x", roles=frozenset())
    with pytest.raises(PermissionDenied):
        reconnect_quote(db, nobody, 1)
