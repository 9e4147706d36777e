"""Signing in to the embedded database: argon2id hashes, one generic error, lockout after repeated
failures, events for all. (On a shared server the server checks the passwords: test_server_sign_in.py.)"""

from __future__ import annotations

import datetime as dt

import pytest
from argon2 import extract_parameters
from sqlalchemy import select, text

from app.db import Database
from app.errors import AuthenticationFailed
from app.models import Event, Role, Staff, utcnow
from app.services.admin.auth import LOCK_MINUTES, MAX_FAILED_LOGINS, EmbeddedAuthenticator
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


def test_account_locks_after_repeated_failures_and_unlocks_later(sqlite_db: Database) -> None:
    make_staff(sqlite_db, "anna", Role.CASHIER)
    now = utcnow()
    auth = EmbeddedAuthenticator(sqlite_db, now=now)
    for _ in range(MAX_FAILED_LOGINS):
        with pytest.raises(AuthenticationFailed):
            auth.authenticate("anna", "guess")
    kinds = [kind for kind, _ in events(sqlite_db)]
    assert kinds.count("login_failed") == MAX_FAILED_LOGINS and kinds[-1] == "account_locked"

    # Locked: even the right password is refused, with the very same message.
    with pytest.raises(AuthenticationFailed) as caught:
        auth.authenticate("anna", PASSWORD)
    assert str(caught.value) == str(AuthenticationFailed())
    with sqlite_db.reading() as conn:
        locked_until = conn.execute(text("SELECT locked_until FROM staff WHERE login = 'anna'")).scalar()
    assert locked_until is not None

    later = EmbeddedAuthenticator(sqlite_db, now=now + dt.timedelta(minutes=LOCK_MINUTES, seconds=1))
    assert later.authenticate("anna", PASSWORD).login == "anna"
    with sqlite_db.transaction() as session:
        staff = session.scalars(select(Staff).where(Staff.login == "anna")).one()
        assert staff.failed_logins == 0


def test_success_resets_the_failure_count(sqlite_db: Database) -> None:
    make_staff(sqlite_db, "anna", Role.CASHIER)
    auth = EmbeddedAuthenticator(sqlite_db)
    for _ in range(MAX_FAILED_LOGINS - 1):
        with pytest.raises(AuthenticationFailed):
            auth.authenticate("anna", "guess")
    auth.authenticate("anna", PASSWORD)
    for _ in range(MAX_FAILED_LOGINS - 1):
        with pytest.raises(AuthenticationFailed):
            auth.authenticate("anna", "guess")
    assert auth.authenticate("anna", PASSWORD).login == "anna"
