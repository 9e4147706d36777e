"""Cancelling a payment undoes what the payment made the debt policy do, in the same transaction: the
debt comes back with its original date, Internet is blocked again, the disconnect order is back with
its due date, the reconnection fee is reversed and the reconnect order cancelled (or, if the installer
already reconnected, left to an administrator with an event)."""

from __future__ import annotations

import datetime as dt

import pytest

from app import clock
from app.db import Database
from app.services.billing.run import run_day
from app.services.cashdesk.cancellation import cancel_payment
from tests.services.billing.test_debt_policy import Subscriber, at, day, debtor_story
from tests.services.cashdesk.test_payments import ledger_matches_balances


@pytest.fixture
def story(db: Database):
    """In debt since day 15, a disconnect order due on day 25; the clock follows the story."""
    with debtor_story(db, 26) as (sub, moment):
        assert sub.orders("disconnect_catv", "new") == 1
        yield sub, moment


def last_payment(sub: Subscriber) -> int:
    return int(sub.q("SELECT max(id) FROM payment") or 0)


def test_cancelling_the_payment_that_cleared_a_debt_brings_the_debt_back_as_it_was(story) -> None:
    sub, moment = story
    due = sub.q("SELECT due_on FROM work_order WHERE kind = 'disconnect_catv'")
    sub.pay(-sub.balance)
    assert sub.q("SELECT debt_since FROM contract") is None and sub.state(sub.internet) == "active"
    assert sub.orders("disconnect_catv", "cancelled") == 1 and sub.state(sub.tv) == "active"

    moment.set(at(25) + dt.timedelta(hours=2))
    undone = cancel_payment(sub.db, sub.cashier, last_payment(sub), "не тот договор").undone
    assert undone.debt_restored and undone.services_blocked == 1 and undone.disconnect_orders_restored == 1
    assert sub.q("SELECT debt_since FROM contract") in (day(15), day(15).isoformat())  # not today
    assert sub.state(sub.internet) == "blocked" and sub.state(sub.tv) == "disconnect_pending"
    assert sub.orders("disconnect_catv", "new") == 1
    assert sub.q("SELECT due_on FROM work_order WHERE kind = 'disconnect_catv' AND status = 'new'") == due
    moment.set(at(26))
    run_day(sub.db, day(26))  # the run carries on with the old debt: no new start, no second order
    assert sub.q("SELECT debt_since FROM contract") in (day(15), day(15).isoformat())
    assert sub.orders("disconnect_catv", "new") == 1
    assert int(sub.q("SELECT count(*) FROM event WHERE kind = 'debt_started'") or 0) == 1
    assert ledger_matches_balances(sub.db)


def test_cancelling_the_payment_that_paid_a_reconnection_reverses_the_fee_and_the_order(story) -> None:
    sub, _moment = story
    sub.finish_order("disconnect_catv")
    owed = -sub.balance
    sub.pay(owed + 310_00)  # the debt and the reconnection fee
    assert sub.orders("reconnect_catv", "new") == 1
    undone = cancel_payment(sub.db, sub.cashier, last_payment(sub), "деньги вернули").undone
    assert (undone.fees_reversed, undone.reconnect_orders_cancelled) == (1, 1)
    assert sub.orders("reconnect_catv", "new") == 0 and sub.orders("reconnect_catv", "cancelled") == 1
    assert sub.balance == -owed  # the fee is reversed with the payment: back where it was
    assert sub.q("SELECT debt_since FROM contract") in (day(15), day(15).isoformat())
    assert sub.state(sub.internet) == "blocked" and sub.state(sub.tv) == "disconnected"
    assert ledger_matches_balances(sub.db)


def test_a_reconnection_already_done_is_left_to_an_administrator(story) -> None:
    sub, _moment = story
    sub.finish_order("disconnect_catv")
    sub.pay(-sub.balance + 310_00)
    sub.finish_order("reconnect_catv")  # the installer has already reconnected
    undone = cancel_payment(sub.db, sub.cashier, last_payment(sub), "ошибка кассира").undone
    assert undone.reconnections_kept == 1 and undone.fees_reversed == 0
    assert sub.state(sub.tv) == "active"
    assert int(sub.q("SELECT count(*) FROM event WHERE kind = 'reconnection_kept'") or 0) == 1
    assert sub.q("SELECT debt_since FROM contract") is not None  # the debt is back all the same
    assert ledger_matches_balances(sub.db)


def test_a_payment_that_changed_nothing_in_the_policy_is_cancelled_as_before(db: Database) -> None:
    with clock.frozen_at(at(0)):
        sub = Subscriber(db)
        sub.pay(100_00)
        undone = cancel_payment(db, sub.cashier, last_payment(sub), "дважды пробил").undone
    assert not undone.debt_restored and undone.services_blocked == 0
    assert ledger_matches_balances(db)
