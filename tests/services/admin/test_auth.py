"""Signing in to the embedded database: argon2id hashes, one generic error, lockout after repeated
failures, events for all. (On a shared server the server checks the passwords: test_server_sign_in.py.)"""

from __future__ import annotations

import datetime as dt

import pytest
from argon2 import extract_parameters
from sqlalchemy import select, text

from app.db import Database
from app.errors import AuthenticationFailed, PermissionDenied
from app.models import Event, Role, Staff
from app.services.admin.auth import MAX_DELAY_SECONDS, EmbeddedAuthenticator, delay_after, unlock_account
from tests.factories import PASSWORD, make_staff


def events(db: Database) -> list[tuple[str, str]]:
    with db.transaction() as session:
        return [(e.kind, e.summary) for e in session.scalars(select(Event).order_by(Event.id))]


def test_password_is_stored_as_argon2id_with_owasp_parameters(sqlite_db: Database) -> None:
    make_staff(sqlite_db, "anna", Role.CASHIER)
    with sqlite_db.transaction() as session:
        stored = session.scalars(select(Staff.password_hash)).one()
    assert stored is not None and stored.startswith("$argon2id$")
    params = extract_parameters(stored)
    assert params.memory_cost >= 19456 and params.time_cost >= 2 and params.parallelism >= 1
    assert PASSWORD not in stored


def test_right_password_signs_in_and_is_recorded(sqlite_db: Database) -> None:
    make_staff(sqlite_db, "anna", Role.CASHIER, Role.FRONT_DESK)
    actor = EmbeddedAuthenticator(sqlite_db).authenticate("  anna ", PASSWORD)
    assert actor.login == "anna"
    assert actor.roles == frozenset({Role.CASHIER, Role.FRONT_DESK})
    assert events(sqlite_db) == [("login", "anna signed in")]


@pytest.mark.parametrize("login", ["nobody", "anna"])
def test_unknown_login_and_wrong_password_give_the_same_error(sqlite_db: Database, login: str) -> None:
    make_staff(sqlite_db, "anna", Role.CASHIER)
    with pytest.raises(AuthenticationFailed) as caught:
        EmbeddedAuthenticator(sqlite_db).authenticate(login, "wrong password")
    assert str(caught.value) == str(AuthenticationFailed())
    shown = login if login == "anna" else "n…y (6)"  # a login nobody has is not kept as typed
    assert events(sqlite_db) == [("login_failed", f"Failed sign-in as {shown}")]


def test_a_password_typed_into_the_login_box_is_not_kept_in_the_history(sqlite_db: Database) -> None:
    make_staff(sqlite_db, "anna", Role.CASHIER)
    with pytest.raises(AuthenticationFailed):
        EmbeddedAuthenticator(sqlite_db).authenticate("Right-pass-1", "anna")
    with pytest.raises(AuthenticationFailed):
        EmbeddedAuthenticator(sqlite_db).authenticate("x", "anna")
    assert events(sqlite_db) == [
        ("login_failed", "Failed sign-in as R…1 (12)"),
        ("login_failed", "Failed sign-in as … (1)"),
    ]
    with sqlite_db.reading() as conn:
        stored = conn.execute(text("SELECT summary || coalesce(details, '') FROM event")).scalars().all()
    assert not any("Right-pass" in s for s in stored)


def test_deactivated_account_cannot_sign_in(sqlite_db: Database) -> None:
    make_staff(sqlite_db, "gone", Role.CASHIER, active=False)
    with pytest.raises(AuthenticationFailed):
        EmbeddedAuthenticator(sqlite_db).authenticate("gone", PASSWORD)


def test_failures_make_the_account_wait_longer_but_never_lock_it_for_long(sqlite_db: Database) -> None:
    make_staff(sqlite_db, "anna", Role.CASHIER)
    now = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
    for failures in range(1, 12):
        with pytest.raises(AuthenticationFailed):
            EmbeddedAuthenticator(sqlite_db, now=now, workstation="PC-3").authenticate("anna", "guess")
        now += delay_after(failures)  # an attacker who waits out every delay
    assert delay_after(2) == dt.timedelta(0) and delay_after(3) == dt.timedelta(seconds=1)
    assert delay_after(11) == dt.timedelta(seconds=MAX_DELAY_SECONDS)  # the most anyone can impose
    # During the delay even the right password is refused, with the same message, and not checked.
    with pytest.raises(AuthenticationFailed) as caught:
        EmbeddedAuthenticator(sqlite_db, now=now - dt.timedelta(seconds=1), workstation="PC-3").authenticate(
            "anna", PASSWORD
        )
    assert str(caught.value) == str(AuthenticationFailed())
    # The person at their own desk waits at most MAX_DELAY_SECONDS, then is told what happened.
    auth = EmbeddedAuthenticator(sqlite_db, now=now)
    assert auth.authenticate("anna", PASSWORD).login == "anna"
    assert auth.notice is not None and auth.notice.count == 11 and auth.notice.last_from == "PC-3"
    with sqlite_db.transaction() as session:
        staff = session.scalars(select(Staff).where(Staff.login == "anna")).one()
        assert staff.failed_logins == 0 and staff.locked_until is None
    second = EmbeddedAuthenticator(sqlite_db, now=now)
    second.authenticate("anna", PASSWORD)
    assert second.notice is None  # told once


def test_an_administrator_lets_a_waiting_person_try_again_at_once(sqlite_db: Database) -> None:
    admin = make_staff(sqlite_db, "boss", Role.ADMIN)
    anna = make_staff(sqlite_db, "anna", Role.CASHIER)
    now = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
    for _ in range(6):
        with pytest.raises(AuthenticationFailed):
            EmbeddedAuthenticator(sqlite_db, now=now).authenticate("anna", "guess")
    unlock_account(sqlite_db, admin, anna.staff_id)
    assert EmbeddedAuthenticator(sqlite_db, now=now).authenticate("anna", PASSWORD).login == "anna"
    assert ("staff_unlocked", "anna may try to sign in again at once") in events(sqlite_db)
    with pytest.raises(PermissionDenied):
        unlock_account(sqlite_db, anna, admin.staff_id)
