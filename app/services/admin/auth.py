"""Signing in. Authentication sits behind one small interface: the embedded mode checks argon2id hashes
in the staff table; on a shared server signing in *is* connecting to PostgreSQL as the person's own
login (SCRAM-SHA-256), and the person's roles are the job roles the server grants that login.

People whose roles need a second factor (app/services/admin/second_factor.py) get, after the
password, an actor without those roles and `second_factor` says what is left: a code, or enrolling
one; `confirm_second_factor` / `enrol_second_factor` then return the whole actor. On a server the
server checks the code and only then lets the session use those jobs."""

from __future__ import annotations

import datetime as dt
import enum
import json
import logging
import platform
from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy import Connection, delete, func, select, text
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session

from app import clock
from app.db import Database
from app.errors import (
    AccountChanged,
    AuthenticationFailed,
    DatabaseUnavailable,
    NotFound,
    SecondFactorRefused,
)
from app.models import Event, Role, Staff, StaffRecoveryCode, StaffRole, StaffSecondFactor
from app.services.admin import second_factor as factor
from app.services.admin.failed_sign_ins import MAX_REPORTED, FailedSignIn, FailureMemory, InMemoryFailures
from app.services.admin.passwords import hash_password, needs_rehash, verify_password
from app.services.admin.server_roles import staff_login_role
from app.services.kernel.history import EVENT_TEMPLATES, EventKind, record_event
from app.services.kernel.permissions import Actor, Permission, require

log = logging.getLogger(__name__)

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


class SecondFactorStep(enum.Enum):
    """What is left after the password for a person whose roles need a second factor."""

    CODE = "code"  # type the code of the app (or a recovery code)
    ENROL = "enrol"  # set the app up first: scan the QR code, type its code


class Authenticator(Protocol):
    # After authenticate(): failures since the last sign-in worth telling, and the step left (None:
    # the actor returned is signed in).
    notice: FailedAttempts | None
    second_factor: SecondFactorStep | None

    def authenticate(self, login: str, password: str) -> Actor:
        """Return the signed-in actor or raise AuthenticationFailed (one message for every cause)."""
        ...

    def confirm_second_factor(self, code: str) -> Actor:
        """The whole actor once `code` passed; SecondFactorRefused otherwise (nothing else changes)."""
        ...

    def enrol_second_factor(self, enrolment: factor.Enrolment, code: str) -> tuple[Actor, list[str]]:
        """Keep the enrolment's secret when `code` is its code now: the whole actor and the new recovery
        codes (shown once); SecondFactorRefused otherwise."""
        ...


def _without(actor: Actor, roles: frozenset[Role]) -> Actor:
    return Actor(
        staff_id=actor.staff_id, login=actor.login, full_name=actor.full_name, roles=actor.roles - roles
    )


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
        self.second_factor: SecondFactorStep | None = None
        self._pending: Actor | None = None  # the whole actor, once the second factor passes

    def authenticate(self, login: str, password: str) -> Actor:
        login = login.strip()
        self.notice = None
        self.second_factor = None
        self._pending = None
        # The failure is committed (counter, delay, event) before the generic error is raised.
        with self._db.transaction() as session:
            actor = self._check(session, login, password)
            if actor is not None:
                protected = factor.protected_roles(factor.configured_roles(session))
                if actor.roles & protected:
                    enrolled = session.get(StaffSecondFactor, actor.staff_id) is not None
                    self.second_factor = SecondFactorStep.CODE if enrolled else SecondFactorStep.ENROL
                    self._pending = actor
                    actor = _without(actor, protected)
        if actor is None:
            raise AuthenticationFailed()
        # From now on every action of a person signed in here is checked against the staff table, as
        # the server checks it in shared mode: a deactivation or a role taken away stops the next one.
        self._db.person_check = still_as_signed_in
        return actor

    def confirm_second_factor(self, code: str) -> Actor:
        pending = self._pending
        if pending is None or self.second_factor is not SecondFactorStep.CODE:
            raise SecondFactorRefused()
        # A wrong code is committed (counter, delay, event) before it is refused.
        with self._db.transaction() as session:
            staff = session.get(Staff, pending.staff_id)
            passed = staff is not None and staff.active and _check_code(session, staff, code, self._clock())
        if not passed:
            raise SecondFactorRefused()
        return self._passed(pending)

    def enrol_second_factor(self, enrolment: factor.Enrolment, code: str) -> tuple[Actor, list[str]]:
        pending = self._pending
        if pending is None:
            raise SecondFactorRefused()
        with self._db.transaction() as session:
            staff = session.get(Staff, pending.staff_id)
            step = factor.matching_step(enrolment.secret, code, self._clock())
            if staff is None or not staff.active or step is None:
                raise SecondFactorRefused()
            codes = _enrol(session, staff, enrolment.secret, step, self._clock())
        return self._passed(pending), codes

    def _passed(self, actor: Actor) -> Actor:
        self.second_factor = None
        self._pending = None
        return actor

    def _clock(self) -> dt.datetime:
        return self._now or clock.now()

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


def _check_code(session: Session, staff: Staff, code: str, now: dt.datetime) -> bool:
    """(Embedded.) True when `code` is a fresh TOTP code or an unused recovery code of `staff` (used
    up now). Wrong codes make the next check wait, as wrong passwords do; each refusal and each
    recovery code used is an event."""
    row = session.scalars(
        select(StaffSecondFactor).where(StaffSecondFactor.staff_id == staff.id).with_for_update()
    ).one_or_none()
    if row is None:
        return False
    typed = factor.normalized(code)
    if row.wait_until is not None and row.wait_until > now:
        record_event(
            session,
            actor=actor_of(staff),
            kind=EventKind.SECOND_FACTOR_REFUSED,
            login=staff.login,
            waiting=True,
        )
        return False
    passed = False
    if factor.is_totp_code(typed):
        step = factor.matching_step(row.secret, typed, now, after=row.last_step)
        if step is not None:
            row.last_step = step
            passed = True
    elif typed:
        used = session.scalars(
            select(StaffRecoveryCode).where(
                StaffRecoveryCode.staff_id == staff.id,
                StaffRecoveryCode.code_hash == factor.recovery_code_hash(typed),
                StaffRecoveryCode.used_at.is_(None),
            )
        ).one_or_none()
        if used is not None:
            used.used_at = now
            passed = True
            session.flush()
            left = session.scalar(
                select(StaffRecoveryCode.id)
                .where(StaffRecoveryCode.staff_id == staff.id, StaffRecoveryCode.used_at.is_(None))
                .limit(1)
            )
            details = {"codes_left": True} if left is not None else {}
            record_event(
                session,
                actor=actor_of(staff),
                kind=EventKind.RECOVERY_CODE_USED,
                login=staff.login,
                **details,
            )
    if passed:
        row.failures = 0
        row.wait_until = None
        return True
    row.failures += 1
    delay = delay_after(row.failures)
    row.wait_until = now + delay if delay else None
    record_event(session, actor=actor_of(staff), kind=EventKind.SECOND_FACTOR_REFUSED, login=staff.login)
    return False


def _enrol(session: Session, staff: Staff, secret: bytes, step: int, now: dt.datetime) -> list[str]:
    """(Embedded.) Keep `secret` for `staff` (an older one and its recovery codes go)."""
    session.execute(delete(StaffRecoveryCode).where(StaffRecoveryCode.staff_id == staff.id))
    row = session.get(StaffSecondFactor, staff.id)
    if row is None:
        row = StaffSecondFactor(staff_id=staff.id)
        session.add(row)
    row.secret = secret
    row.enrolled_at = now
    row.last_step = step
    row.failures = 0
    row.wait_until = None
    codes = factor.new_recovery_codes()
    session.add_all(
        StaffRecoveryCode(staff_id=staff.id, code_hash=factor.recovery_code_hash(c)) for c in codes
    )
    record_event(session, actor=actor_of(staff), kind=EventKind.SECOND_FACTOR_ENROLLED, login=staff.login)
    return codes


def reset_second_factor(db: Database, actor: Actor, staff_id: int) -> None:
    """An administrator takes a person's second factor away (a lost phone, no recovery codes left):
    the person sets a new one up at their next sign-in."""
    require(actor, Permission.MANAGE_STAFF)
    with db.transaction(actor) as session:
        staff = session.get(Staff, staff_id)
        if staff is None:
            raise NotFound()
        if db.is_embedded:
            session.execute(delete(StaffRecoveryCode).where(StaffRecoveryCode.staff_id == staff_id))
            session.execute(delete(StaffSecondFactor).where(StaffSecondFactor.staff_id == staff_id))
        else:
            session.execute(text("SELECT reset_second_factor(:id)"), {"id": staff_id})
        record_event(session, actor=actor, kind=EventKind.SECOND_FACTOR_RESET, login=staff.login)


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
    down by its auth_delay). Nobody has a connection to record such a failure in when it happens: this
    PC remembers it (`memory`, app/services/admin/failed_sign_ins.py), waits longer and longer before
    it sends the next attempt after the third in a row, and hands the failures to the history at the
    next successful sign-in here. The person signing in is told about failures on their account since
    their last sign-in, as in the embedded mode (those typed on PCs running the program; attempts from
    other clients are in the server's log only). With `default=True` (the program's window) the
    signed-in person's connections also serve the work done without an actor."""

    def __init__(
        self,
        db: Database,
        *,
        default: bool = False,
        memory: FailureMemory | None = None,
        workstation: str = "",
        now: dt.datetime | None = None,
    ) -> None:
        self._db = db
        self._default = default
        self._memory: FailureMemory = memory if memory is not None else InMemoryFailures()
        self._workstation = workstation or platform.node()
        self._now = now  # fixed clock for tests
        self.notice: FailedAttempts | None = None
        self.second_factor: SecondFactorStep | None = None
        self._pending: _Person | None = None

    def authenticate(self, login: str, password: str) -> Actor:
        typed = login.strip()
        login = typed.lower()
        self.notice = None
        self.second_factor = None
        self._pending = None
        now = self._now or clock.now()
        earlier = self._memory.all()
        if earlier and now < earlier[-1].at + delay_after(len(earlier)):
            raise AuthenticationFailed()  # this PC waits: not sent, and the delay stays as it was
        if not login or not password:
            self._memory.add(FailedSignIn.of(now, login, masked_login(typed)))
            raise AuthenticationFailed()
        role = staff_login_role(str(self._db.url.database), login)
        try:
            self._db.sign_in_person(login, role, password, default=self._default)
        except OperationalError as exc:
            if _refused_sign_in(exc):
                self._memory.add(FailedSignIn.of(now, login, masked_login(typed)))
                raise AuthenticationFailed() from exc
            raise DatabaseUnavailable() from exc
        person = _Person(login)
        with self._db.transaction(person) as session:
            actor = _current_staff(session)
            if actor is None:
                self._db.sign_out_person(login)
                raise AuthenticationFailed()
            reported = _report_failures(session, earlier, self._workstation)
            notice = _failures_since_last_sign_in(session, actor.login)
            record_event(session, actor=actor, kind=EventKind.LOGIN, login=actor.login)
            state = session.execute(
                text("SELECT required, enrolled, passed FROM second_factor_state()")
            ).one()
        if reported:
            self._memory.clear()  # they are in the history now
        if notice.count and (notice.count > FREE_FAILURES or notice.last_from != self._workstation):
            self.notice = notice
        if state.required and not state.passed:
            # current_staff() left out the jobs that need it: the server opens them after the code.
            self.second_factor = SecondFactorStep.CODE if state.enrolled else SecondFactorStep.ENROL
            self._pending = person
        return actor

    def confirm_second_factor(self, code: str) -> Actor:
        person = self._pending
        if person is None or self.second_factor is not SecondFactorStep.CODE:
            raise SecondFactorRefused()
        # One statement of its own: the server keeps a wrong code's count even though it says no.
        token = self._db.single_statement(
            person, "SELECT confirm_second_factor(:code)", {"code": factor.normalized(code)[:64]}
        )
        if token is None:
            raise SecondFactorRefused()
        return self._passed(person, str(token))

    def enrol_second_factor(self, enrolment: factor.Enrolment, code: str) -> tuple[Actor, list[str]]:
        person = self._pending
        if person is None:
            raise SecondFactorRefused()
        with self._db.transaction(person) as session:
            row = session.execute(
                text("SELECT token, recovery_codes FROM enrol_second_factor(:secret, :code)"),
                {"secret": enrolment.secret, "code": factor.normalized(code)[:64]},
            ).first()
        if row is None:
            raise SecondFactorRefused()
        return self._passed(person, str(row.token)), list(row.recovery_codes)

    def _passed(self, person: _Person, token: str) -> Actor:
        self._db.second_factor_passed(person.login, token)
        with self._db.transaction(person) as session:
            actor = _current_staff(session)
        if actor is None:
            raise AccountChanged()
        self.second_factor = None
        self._pending = None
        return actor


def _report_failures(session: Session, failures: list[FailedSignIn], workstation: str) -> bool:
    """(Server.) Hand this PC's refused sign-ins to the history; False (they stay on the PC) when the
    server cannot take them — a schema older than the program, which an administrator signs in to
    upgrade: the sign-in itself must not fail for it."""
    if not failures:
        return True
    try:
        with session.begin_nested():
            session.execute(
                text("SELECT record_failed_sign_ins(CAST(:failures AS json), :workstation)"),
                {
                    "failures": json.dumps([f.as_json() for f in failures[-MAX_REPORTED:]]),
                    "workstation": workstation,
                },
            )
    except DBAPIError as exc:
        log.warning("refused sign-ins not reported: %s", exc.orig)
        return False
    return True


def _failures_since_last_sign_in(session: Session, login: str) -> FailedAttempts:
    """(Server.) The failed sign-ins on `login` recorded since that person last signed in."""
    since = session.scalar(
        select(func.max(Event.occurred_at)).where(
            Event.kind == EventKind.LOGIN,
            Event.summary == EVENT_TEMPLATES[EventKind.LOGIN].format(login=login),
        )
    )
    failed = select(Event.occurred_at, Event.details).where(
        Event.kind == EventKind.LOGIN_FAILED,
        Event.summary == EVENT_TEMPLATES[EventKind.LOGIN_FAILED].format(login=login),
    )
    if since is not None:
        failed = failed.where(Event.occurred_at > since)
    rows = session.execute(failed.order_by(Event.occurred_at, Event.id)).all()
    if not rows:
        return FailedAttempts(0, None, "")
    details = rows[-1].details or {}
    return FailedAttempts(len(rows), rows[-1].occurred_at, str(details.get("workstation", "")))


def _current_staff(session: Session) -> Actor | None:
    """Who the session is, with the jobs the server lets it use now (None: not an active person)."""
    row = session.execute(text("SELECT id, login, full_name, active, roles FROM current_staff()")).first()
    if row is None or not row.active:
        return None
    return Actor(
        staff_id=row.id,
        login=row.login,
        full_name=row.full_name,
        roles=frozenset(Role(r) for r in row.roles),
    )


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


def authenticator_for(
    db: Database, *, default: bool = False, memory: FailureMemory | None = None
) -> Authenticator:
    """The way people sign in to `db`: the server's logins on PostgreSQL (with this PC's `memory` of
    refused sign-ins), the staff table on SQLite."""
    if db.is_embedded:
        return EmbeddedAuthenticator(db)
    return ServerAuthenticator(db, default=default, memory=memory)


def masked_login(typed: str) -> str:
    """What the history keeps of a login nobody has: people type their password into the login box,
    so only its first and last character and its length ("R…1, 12 characters")."""
    if len(typed) <= 2:
        return "…" + f" ({len(typed)})"
    return f"{typed[0]}…{typed[-1]} ({len(typed)})"


def record_logout(db: Database, actor: Actor) -> None:
    with db.transaction(actor) as session:
        record_event(session, actor=actor, kind=EventKind.LOGOUT, login=actor.login)
        token = None if db.is_embedded else db.second_factor_token(actor.login)
        if token is not None:
            session.execute(text("SELECT end_second_factor(:token)"), {"token": token})


def record_workstation_locked(db: Database, actor: Actor) -> None:
    with db.transaction(actor) as session:
        record_event(session, actor=actor, kind=EventKind.WORKSTATION_LOCKED, login=actor.login)


def unlock_workstation(authenticator: Authenticator, actor: Actor, password: str) -> Actor:
    """Unlock needs the same person's password (the lockout rules apply), then their second factor
    if their roles need one (`authenticator.second_factor`)."""
    return authenticator.authenticate(actor.login, password)
