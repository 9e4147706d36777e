"""Signing in. Authentication sits behind one small interface: the embedded mode checks argon2id hashes
in the staff table; on a shared server signing in *is* connecting to PostgreSQL as the person's own
login (SCRAM-SHA-256), and the person's roles are the job roles the server grants that login."""

from __future__ import annotations

import datetime as dt
import platform
from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy import Connection, select, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from app import clock
from app.db import Database
from app.errors import AccountChanged, AuthenticationFailed, DatabaseUnavailable, NotFound
from app.models import Event, Role, Staff, StaffRole
from app.services.admin.passwords import hash_password, needs_rehash, verify_password
from app.services.admin.server_roles import staff_login_role
from app.services.kernel.history import EVENT_TEMPLATES, EventKind, record_event
from app.services.kernel.permissions import Actor, Permission, require

# A growing delay instead of a lock that anyone could keep closed with a few wrong tries: after the
# third failure in a row an account takes its next attempt only after 1 s, then 2, 4 … at most 30 s;
# attempts made during the delay are refused without being checked (and do not make it longer).
FREE_FAILURES = 2
MAX_DELAY_SECONDS = 30


def delay_after(failures: int) -> dt.timedelta:
    """How long an account waits before its next attempt after `failures` failures in a row."""
    if failures <= FREE_FAILURES:
        return dt.timedelta(0)
    return dt.timedelta(seconds=min(2 ** (failures - FREE_FAILURES - 1), MAX_DELAY_SECONDS))


@dataclass(frozen=True)
class FailedAttempts:
    """What a person is told when signing in: failures on their account since their last sign-in."""

    count: int
    last_at: dt.datetime | None
    last_from: str


class Authenticator(Protocol):
    def authenticate(self, login: str, password: str) -> Actor:
        """Return the signed-in actor or raise AuthenticationFailed (one message for every cause)."""
        ...


def actor_of(staff: Staff) -> Actor:
    return Actor(staff_id=staff.id, login=staff.login, full_name=staff.full_name, roles=staff.role_set)


class EmbeddedAuthenticator:
    """Checks the password against the argon2id hash in the staff table; repeated failures make the
    account wait longer and longer (at most MAX_DELAY_SECONDS) before its next attempt is checked.
    `workstation` (this PC's name) is kept with each failure and told to the person at sign-in."""

    def __init__(self, db: Database, *, now: dt.datetime | None = None, workstation: str = "") -> None:
        self._db = db
        self._now = now  # fixed clock for tests
        self._workstation = workstation or platform.node()
        self.notice: FailedAttempts | None = None  # set by a successful sign-in

    def authenticate(self, login: str, password: str) -> Actor:
        login = login.strip()
        self.notice = None
        # The failure is committed (counter, delay, event) before the generic error is raised.
        with self._db.transaction() as session:
            actor = self._check(session, login, password)
        if actor is None:
            raise AuthenticationFailed()
        # From now on every action of a person signed in here is checked against the staff table, as
        # the server checks it in shared mode: a deactivation or a role taken away stops the next one.
        self._db.person_check = still_as_signed_in
        return actor

    def _failed(self, session: Session, login: str, **details: Any) -> None:
        record_event(
            session,
            actor=None,
            kind=EventKind.LOGIN_FAILED,
            login=login,
            workstation=self._workstation,
            **details,
        )

    def _check(self, session: Session, login: str, password: str) -> Actor | None:
        now = self._now or clock.now()
        staff = session.scalars(select(Staff).where(Staff.login == login).with_for_update()).one_or_none()
        if staff is None or not staff.active:
            verify_password(None, password)  # same time as a wrong password
            self._failed(session, staff.login if staff is not None else masked_login(login))
            return None
        if staff.locked_until is not None and staff.locked_until > now:
            verify_password(None, password)  # too early: not checked, and the delay stays as it was
            self._failed(session, staff.login, waiting=True)
            return None
        if not verify_password(staff.password_hash, password):
            staff.failed_logins += 1
            delay = delay_after(staff.failed_logins)
            staff.locked_until = now + delay if delay else None
            self._failed(session, staff.login)
            return None
        if staff.failed_logins:
            attempts = _failed_attempts(session, staff)
            # A typo or two at one's own desk is no news; many, or any from another PC, are.
            if attempts.count > FREE_FAILURES or attempts.last_from != self._workstation:
                self.notice = attempts
        staff.failed_logins = 0
        staff.locked_until = None
        if staff.password_hash and needs_rehash(staff.password_hash):
            staff.password_hash = hash_password(password)
        actor = actor_of(staff)
        record_event(session, actor=actor, kind=EventKind.LOGIN, login=staff.login)
        return actor


def _failed_attempts(session: Session, staff: Staff) -> FailedAttempts:
    summary = EVENT_TEMPLATES[EventKind.LOGIN_FAILED].format(login=staff.login)
    last = session.execute(
        select(Event.occurred_at, Event.details)
        .where(Event.kind == EventKind.LOGIN_FAILED, Event.summary == summary)
        .order_by(Event.id.desc())
        .limit(1)
    ).first()
    details = (last.details if last is not None else None) or {}
    return FailedAttempts(
        staff.failed_logins,
        last.occurred_at if last is not None else None,
        str(details.get("workstation", "")),
    )


def unlock_account(db: Database, actor: Actor, staff_id: int) -> None:
    """An administrator lets a person try again at once (the failures so far are forgotten)."""
    require(actor, Permission.MANAGE_STAFF)
    with db.transaction(actor) as session:
        staff = session.get(Staff, staff_id)
        if staff is None:
            raise NotFound()
        staff.failed_logins = 0
        staff.locked_until = None
        record_event(session, actor=actor, kind=EventKind.STAFF_UNLOCKED, login=staff.login)


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
