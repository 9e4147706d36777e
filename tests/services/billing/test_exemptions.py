"""«Never block» set and cleared from the card: with a reason, an event, the permission, and at once
undoing a debt's consequences (nobody is sent to cut an institution)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import text

from app.db import Database
from app.errors import ConcurrentEdit, PermissionDenied, ValidationError
from app.models import Role
from app.services.billing.exemptions import clear_never_block, set_never_block
from app.services.billing.run import run_day
from app.services.frontdesk.card import card
from app.services.kernel.permissions import Actor
from tests.factories import make_staff
from tests.services.billing.test_debt_policy import Subscriber, at, day, debtor_story
from tests.services.cashdesk.test_payments import ledger_matches_balances


@pytest.fixture
def story(db: Database):
    """A subscriber in debt since day 15 with a disconnect order from day 25, on the story's clock."""
    with debtor_story(db, 26) as (sub, moment):
        admin = make_staff(db, "admin", Role.ADMIN)
        assert sub.orders("disconnect_catv", "new") == 1 and sub.state(sub.internet) == "blocked"
        yield sub, admin, moment


def version(sub: Subscriber, actor: Actor) -> int:
    return card(sub.db, actor, sub.contract).version


def events(sub: Subscriber, kind: str) -> list[str]:
    with sub.db.reading() as conn:
        return [s for (s,) in conn.execute(text("SELECT summary FROM event WHERE kind = :k"), {"k": kind})]


def test_marking_a_debtor_undoes_the_debt_at_once_and_the_runs_leave_it_alone(story) -> None:
    sub, admin, moment = story
    set_never_block(sub.db, admin, sub.contract, reason="школа № 5", until=None, version=version(sub, admin))
    assert sub.state(sub.internet) == "active" and sub.state(sub.tv) == "active"
    assert sub.orders("disconnect_catv", "cancelled") == 1
    assert sub.q("SELECT cancel_reason FROM work_order WHERE kind = 'disconnect_catv'") == "exempt"
    assert sub.q("SELECT debt_since FROM contract") is None
    assert events(sub, "never_block_set") == ["Never block (for good): школа № 5"]
    shown = card(sub.db, admin, sub.contract).exemption
    assert shown is not None and shown.until is None and shown.reason == "школа № 5"
    for n in range(26, 45):
        moment.set(at(n))
        run_day(sub.db, day(n))
    assert sub.balance < 0 and sub.q("SELECT debt_since FROM contract") is None
    assert sub.state(sub.internet) == "active" and sub.orders("disconnect_catv", "new") == 0
    assert ledger_matches_balances(sub.db)


def test_until_a_date_then_an_ordinary_debtor_with_the_full_grace_period(story) -> None:
    sub, admin, moment = story
    set_never_block(sub.db, admin, sub.contract, reason="письмо", until=day(30), version=version(sub, admin))
    assert events(sub, "never_block_set_until") == [f"Never block until {day(30).isoformat()}: письмо"]
    for n in range(26, 31):
        moment.set(at(n))
        run_day(sub.db, day(n))
    assert sub.q("SELECT debt_since FROM contract") is None
    moment.set(at(31))
    assert card(sub.db, admin, sub.contract).exemption is None  # the date has passed
    run_day(sub.db, day(31))
    assert sub.q("SELECT debt_since FROM contract") in (day(31), day(31).isoformat())
    assert sub.state(sub.internet) == "blocked" and sub.orders("disconnect_catv", "new") == 0


def test_clearing_makes_it_ordinary_again(story) -> None:
    sub, admin, moment = story
    set_never_block(sub.db, admin, sub.contract, reason="больница", until=None, version=version(sub, admin))
    clear_never_block(
        sub.db, admin, sub.contract, reason="договор с больницей закончился", version=version(sub, admin)
    )
    assert events(sub, "never_block_cleared") == ["«Never block» cleared: договор с больницей закончился"]
    assert card(sub.db, admin, sub.contract).exemption is None
    moment.set(at(26))
    run_day(sub.db, day(26))
    assert sub.q("SELECT debt_since FROM contract") in (day(26), day(26).isoformat())


@pytest.mark.parametrize(
    ("reason", "until", "field"),
    [("", None, "reason"), ("   ", None, "reason"), ("x" * 501, None, "reason"), ("школа", -1, "until")],
)
def test_bad_input_changes_nothing(story, reason: str, until: int | None, field: str) -> None:
    sub, admin, _moment = story
    last = None if until is None else day(25) + dt.timedelta(days=until)
    with pytest.raises(ValidationError) as caught:
        set_never_block(sub.db, admin, sub.contract, reason=reason, until=last, version=version(sub, admin))
    assert caught.value.field == field
    assert sub.q("SELECT never_block FROM contract") in (False, 0)
    assert sub.orders("disconnect_catv", "new") == 1 and events(sub, "never_block_set") == []


def test_only_those_allowed_and_only_on_the_version_shown(story) -> None:
    sub, admin, _moment = story
    for role in (Role.FRONT_DESK, Role.CASHIER, Role.DISPATCHER):
        someone = make_staff(sub.db, f"user_{role.value}", role)
        with pytest.raises(PermissionDenied):
            set_never_block(
                sub.db, someone, sub.contract, reason="x", until=None, version=version(sub, admin)
            )
    shown = version(sub, admin)
    set_never_block(sub.db, admin, sub.contract, reason="школа", until=None, version=shown)
    with pytest.raises(ConcurrentEdit):  # another admin's form, filled before that change
        clear_never_block(sub.db, admin, sub.contract, reason="ошибка", version=shown)


def test_a_terminated_contract_is_refused(story) -> None:
    sub, admin, _moment = story
    with sub.db.transaction() as session:
        session.execute(text("UPDATE contract SET status = 'terminated'"))
    with pytest.raises(ValidationError):
        set_never_block(sub.db, admin, sub.contract, reason="школа", until=None, version=version(sub, admin))
