"""Signing in. Authentication sits behind one small interface: the embedded mode checks argon2id hashes
in the staff table; on a shared server signing in *is* connecting to PostgreSQL as the person's own
login (SCRAM-SHA-256), and the person's roles are the job roles the server grants that login."""

from __future__ import annotations

import datetime as dt
from typing import Protocol

from sqlalchemy import Connection, select, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from app.db import Database
from app.errors import AccountChanged, AuthenticationFailed, DatabaseUnavailable
from app.models import Role, Staff, StaffRole, utcnow
from app.services.admin.passwords import hash_password, needs_rehash, verify_password
from app.services.admin.server_roles import staff_login_role
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
        # From now on every action of a person signed in here is checked against the staff table, as
        # the server checks it in shared mode: a deactivation or a role taken away stops the next one.
        self._db.person_check = still_as_signed_in
        return actor

    def _check(self, session: Session, login: str, password: str) -> Actor | None:
        now = self._now or utcnow()
        staff = session.scalars(select(Staff).where(Staff.login == login).with_for_update()).one_or_none()
        if staff is None or not staff.active:
            verify_password(None, password)  # same time as a wrong password
            shown = staff.login if staff is not None else masked_login(login)
            record_event(session, actor=None, kind=EventKind.LOGIN_FAILED, login=shown)
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


def still_as_signed_in(conn: Connection, actor: Actor) -> None:
    """Refuse the action of a person deactivated, or whose roles changed, since they signed in."""
    if not isinstance(actor, Actor) or actor.staff_id <= 0:
        return  # the console, or a helper without a staff row
    row = conn.execute(select(Staff.active).where(Staff.id == actor.staff_id)).first()
    roles = frozenset(
        Role(r) for r in conn.scalars(select(StaffRole.role).where(StaffRole.staff_id == actor.staff_id))
    )
    if row is None or not row.active or roles != actor.roles:
        raise AccountChanged()


class ServerAuthenticator:
    """Signs people in to a shared PostgreSQL database as their own server logins.

    A wrong password, an unknown or a deactivated login are refused by the server itself (and slowed
    down by its auth_delay; the server's log keeps the failures: nobody has a connection to record
    them in). With `default=True` (the program's window) the signed-in person's connections also
    serve the work done without an actor."""

    def __init__(self, db: Database, *, default: bool = False) -> None:
        self._db = db
        self._default = default

    def authenticate(self, login: str, password: str) -> Actor:
        login = login.strip().lower()
        if not login or not password:
            raise AuthenticationFailed()
        role = staff_login_role(str(self._db.url.database), login)
        try:
            self._db.sign_in_person(login, role, password, default=self._default)
        except OperationalError as exc:
            if _refused_sign_in(exc):
                raise AuthenticationFailed() from exc
            raise DatabaseUnavailable() from exc
        person = _Person(login)
        with self._db.transaction(person) as session:
            row = session.execute(
                text("SELECT id, login, full_name, active, roles FROM current_staff()")
            ).first()
            if row is None or not row.active:
                self._db.sign_out_person(login)
                raise AuthenticationFailed()
            actor = Actor(
                staff_id=row.id,
                login=row.login,
                full_name=row.full_name,
                roles=frozenset(Role(r) for r in row.roles),
            )
            record_event(session, actor=actor, kind=EventKind.LOGIN, login=actor.login)
        return actor


class _Person:
    def __init__(self, login: str) -> None:
        self.login = login


def _refused_sign_in(exc: OperationalError) -> bool:
    """The server said no to this login (wrong password, unknown or disabled login, no CONNECT), as
    opposed to a server that cannot be reached or a database that does not exist."""
    sqlstate = str(getattr(exc.orig, "sqlstate", "") or "")
    if sqlstate:
        return sqlstate.startswith("28") or sqlstate == "42501"
    message = str(exc.orig).lower()
    return any(
        s in message
        for s in ("password authentication failed", "no password supplied", "not permitted to log in")
    ) or ("role" in message and "does not exist" in message)


def authenticator_for(db: Database, *, default: bool = False) -> Authenticator:
    """The way people sign in to `db`: the server's logins on PostgreSQL, the staff table on SQLite."""
    if db.is_embedded:
        return EmbeddedAuthenticator(db)
    return ServerAuthenticator(db, default=default)


def masked_login(typed: str) -> str:
    """What the history keeps of a login nobody has: people type their password into the login box,
    so only its first and last character and its length ("R…1, 12 characters")."""
    if len(typed) <= 2:
        return "…" + f" ({len(typed)})"
    return f"{typed[0]}…{typed[-1]} ({len(typed)})"


def record_logout(db: Database, actor: Actor) -> None:
    with db.transaction(actor) as session:
        record_event(session, actor=actor, kind=EventKind.LOGOUT, login=actor.login)


def record_workstation_locked(db: Database, actor: Actor) -> None:
    with db.transaction(actor) as session:
        record_event(session, actor=actor, kind=EventKind.WORKSTATION_LOCKED, login=actor.login)


def unlock_workstation(authenticator: Authenticator, actor: Actor, password: str) -> Actor:
    """Unlock needs the same person's password (the lockout rules apply)."""
    return authenticator.authenticate(actor.login, password)
