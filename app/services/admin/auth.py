"""Signing in. Authentication sits behind one small interface, so the embedded mode (argon2id hashes
in the staff table) and a later server mode (PostgreSQL login roles) can both plug in."""

from __future__ import annotations

import datetime as dt
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db import Database
from app.errors import AuthenticationFailed
from app.models import Staff, utcnow
from app.services.admin.passwords import hash_password, needs_rehash, verify_password
from app.services.kernel.history import EventKind, record_event
from app.services.kernel.permissions import Actor

MAX_FAILED_LOGINS = 5
LOCK_MINUTES = 15


class Authenticator(Protocol):
    def authenticate(self, login: str, password: str) -> Actor:
        """Return the signed-in actor or raise AuthenticationFailed (one message for every cause)."""
        ...


def actor_of(staff: Staff) -> Actor:
    return Actor(staff_id=staff.id, login=staff.login, full_name=staff.full_name, roles=staff.role_set)


class EmbeddedAuthenticator:
    """Checks the password against the argon2id hash in the staff table; locks after repeated failures."""

    def __init__(self, db: Database, *, now: dt.datetime | None = None) -> None:
        self._db = db
        self._now = now  # fixed clock for tests

    def authenticate(self, login: str, password: str) -> Actor:
        login = login.strip()
        # The failure is committed (counter, lock, event) before the generic error is raised.
        with self._db.transaction() as session:
            actor = self._check(session, login, password)
        if actor is None:
            raise AuthenticationFailed()
        return actor

    def _check(self, session: Session, login: str, password: str) -> Actor | None:
        now = self._now or utcnow()
        staff = session.scalars(select(Staff).where(Staff.login == login).with_for_update()).one_or_none()
        if staff is None or not staff.active:
            verify_password(None, password)  # same time as a wrong password
            record_event(session, actor=None, kind=EventKind.LOGIN_FAILED, login=login[:64])
            return None
        if staff.locked_until is not None and staff.locked_until > now:
            verify_password(None, password)
            record_event(session, actor=None, kind=EventKind.LOGIN_FAILED, login=staff.login, locked=True)
            return None
        if staff.locked_until is not None:  # the lock has expired: a fresh count
            staff.locked_until = None
            staff.failed_logins = 0
        if not verify_password(staff.password_hash, password):
            staff.failed_logins += 1
            record_event(session, actor=None, kind=EventKind.LOGIN_FAILED, login=staff.login)
            if staff.failed_logins >= MAX_FAILED_LOGINS:
                staff.locked_until = now + dt.timedelta(minutes=LOCK_MINUTES)
                record_event(
                    session,
                    actor=None,
                    kind=EventKind.ACCOUNT_LOCKED,
                    login=staff.login,
                    minutes=LOCK_MINUTES,
                    failures=staff.failed_logins,
                )
            return None
        staff.failed_logins = 0
        if staff.password_hash and needs_rehash(staff.password_hash):
            staff.password_hash = hash_password(password)
        actor = actor_of(staff)
        record_event(session, actor=actor, kind=EventKind.LOGIN, login=staff.login)
        return actor


def record_logout(db: Database, actor: Actor) -> None:
    with db.transaction() as session:
        record_event(session, actor=actor, kind=EventKind.LOGOUT, login=actor.login)


def record_workstation_locked(db: Database, actor: Actor) -> None:
    with db.transaction() as session:
        record_event(session, actor=actor, kind=EventKind.WORKSTATION_LOCKED, login=actor.login)


def unlock_workstation(authenticator: Authenticator, actor: Actor, password: str) -> Actor:
    """Unlock needs the same person's password (the lockout rules apply)."""
    return authenticator.authenticate(actor.login, password)
