"""Staff administration: add staff, set roles, reset passwords, deactivate (never delete).

Embedded (one PC): the staff table holds argon2id hashes. Shared server: each staff member is the
server login "LOGIN@DATABASE" (app/services/admin/server_roles.py), and every change goes through the
owner's functions (migration 0009) — the password leaves this PC only as a SCRAM verifier, the roles
are the server's job roles, and deactivating ends the person's open sessions at once."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from app.db import Database
from app.errors import QT_TRANSLATE_NOOP, ConcurrentEdit, NotFound, ValidationError
from app.models import CashierInn, Role, Staff, StaffRole
from app.services.admin.passwords import check_new_password, hash_password
from app.services.admin.requisites import clean_inn
from app.services.admin.server_roles import check_login_fits, staff_login_role
from app.services.kernel.history import EventKind, record_event
from app.services.kernel.permissions import Actor, Permission, require

LOGIN_PATTERN = re.compile(r"^[a-z0-9._-]{2,64}$")


@dataclass(frozen=True)
class StaffRow:
    id: int
    login: str
    full_name: str
    roles: frozenset[Role]
    active: bool
    locked_until: dt.datetime | None
    version: int
    inn: str = ""  # a cashier's INN, printed on their fiscal receipts (tag 1203)


def _row(staff: Staff, inn: str = "") -> StaffRow:
    return StaffRow(
        staff.id,
        staff.login,
        staff.full_name,
        staff.role_set,
        staff.active,
        staff.locked_until,
        staff.version,
        inn,
    )


def _clean_roles(roles: Iterable[Role | str]) -> frozenset[Role]:
    cleaned = frozenset(Role(r) for r in roles)
    if not cleaned:
        raise ValidationError(
            QT_TRANSLATE_NOOP("Errors", "Choose at least one role for the staff member."), field="roles"
        )
    return cleaned


def _roles_text(roles: frozenset[Role]) -> str:
    return ", ".join(sorted(r.value for r in roles))


def _load(session: Session, staff_id: int, version: int | None) -> Staff:
    staff = session.get(Staff, staff_id)
    if staff is None:
        raise NotFound()
    if version is not None and staff.version != version:
        # The admin's form was filled from `version`: saving over a newer row would overwrite silently.
        raise ConcurrentEdit()
    return staff


def list_staff(db: Database, actor: Actor) -> list[StaffRow]:
    require(actor, Permission.MANAGE_STAFF)
    with db.transaction(actor) as session:
        inns = {r.staff_id: r.inn for r in session.execute(select(CashierInn.staff_id, CashierInn.inn))}
        return [_row(s, inns.get(s.id, "")) for s in session.scalars(select(Staff).order_by(Staff.login))]


def set_cashier_inn(db: Database, actor: Actor, staff_id: int, inn: str) -> StaffRow:
    """Record (or, with "", forget) a staff member's INN: their fiscal receipts carry it (tag 1203).
    A person's INN has 12 digits and its check digits are checked."""
    require(actor, Permission.MANAGE_STAFF)
    inn = inn.strip()
    if inn:
        inn = clean_inn(inn, "inn")
        if len(inn) != 12:
            raise ValidationError(
                QT_TRANSLATE_NOOP("Errors", "A person's INN has 12 digits; {count} were typed."),
                field="inn",
                count=len(inn),
            )
    with db.transaction(actor) as session:
        staff = _load(session, staff_id, None)
        row = session.get(CashierInn, staff_id)
        if inn and row is None:
            session.add(CashierInn(staff_id=staff_id, inn=inn))
        elif inn and row is not None:
            row.inn = inn
        elif row is not None:
            session.delete(row)
        record_event(session, actor=actor, kind=EventKind.STAFF_INN_SET, login=staff.login, inn=inn or "—")
        return _row(staff, inn)


def add_staff(
    db: Database, actor: Actor, *, login: str, full_name: str, password: str, roles: Iterable[Role | str]
) -> StaffRow:
    require(actor, Permission.MANAGE_STAFF)
    return _create_staff(db, actor, login=login, full_name=full_name, password=password, roles=roles)


def create_admin_from_console(db: Database, *, login: str, full_name: str, password: str) -> StaffRow:
    """The first administrator of a new database (or a rescue one), from `subscriber-desk staff
    create-admin`: whoever runs it already holds the database credentials, which allow everything.
    The history names the system as the actor."""
    return _create_staff(db, None, login=login, full_name=full_name, password=password, roles=[Role.ADMIN])


def _create_staff(
    db: Database,
    actor: Actor | None,
    *,
    login: str,
    full_name: str,
    password: str,
    roles: Iterable[Role | str],
) -> StaffRow:
    login = login.strip().lower()
    full_name = " ".join(full_name.split())
    if not LOGIN_PATTERN.match(login):
        raise ValidationError(
            QT_TRANSLATE_NOOP(
                "Errors", "The login must be 2 to 64 Latin letters, digits, dots, hyphens or underscores."
            ),
            field="login",
        )
    if not full_name:
        raise ValidationError(
            QT_TRANSLATE_NOOP("Errors", "Enter the staff member's full name."), field="full_name"
        )
    check_new_password(password)
    role_set = _clean_roles(roles)
    if not db.is_embedded:
        check_login_fits(str(db.url.database), login)
    with db.transaction(actor) as session:
        if session.scalar(select(Staff.id).where(Staff.login == login)) is not None:
            raise ValidationError(
                QT_TRANSLATE_NOOP("Errors", "The login {login} is taken. Choose another one."),
                field="login",
                login=login,
            )
        if db.is_embedded:
            staff = Staff(login=login, full_name=full_name, password_hash=hash_password(password))
            staff.roles = [StaffRole(role=r) for r in sorted(role_set)]
            session.add(staff)
            session.flush()
        else:
            staff_id = session.scalar(
                text("SELECT create_staff_account(:login, :name, :verifier, :roles)"),
                {
                    "login": login,
                    "name": full_name,
                    "verifier": scram_verifier(
                        session, staff_login_role(str(db.url.database), login), password
                    ),
                    "roles": sorted(r.value for r in role_set),
                },
            )
            staff = session.get_one(Staff, staff_id)
        record_event(session, actor=actor, kind=EventKind.STAFF_ADDED, login=login, full_name=full_name)
        record_event(
            session, actor=actor, kind=EventKind.STAFF_ROLES_CHANGED, login=login, roles=_roles_text(role_set)
        )
        return _row(staff)


def set_roles(
    db: Database, actor: Actor, staff_id: int, roles: Iterable[Role | str], *, version: int | None = None
) -> StaffRow:
    require(actor, Permission.MANAGE_STAFF)
    role_set = _clean_roles(roles)
    with db.transaction(actor) as session:
        staff = _load(session, staff_id, version)
        if staff.id == actor.staff_id and Role.ADMIN not in role_set:
            raise ValidationError(
                QT_TRANSLATE_NOOP("Errors", "You cannot take the administrator role away from yourself."),
                field="roles",
            )
        if db.is_embedded:
            staff.roles = [StaffRole(role=r) for r in sorted(role_set)]
            flag_modified(staff, "full_name")  # roles live in another table; still a change of this row
            session.flush()
        else:
            _on_server(
                session,
                staff,
                "SELECT set_staff_account_roles(:id, :roles, :version)",
                roles=sorted(r.value for r in role_set),
            )
        record_event(
            session,
            actor=actor,
            kind=EventKind.STAFF_ROLES_CHANGED,
            login=staff.login,
            roles=_roles_text(role_set),
        )
        return _row(staff)


def reset_password(
    db: Database, actor: Actor, staff_id: int, new_password: str, *, version: int | None = None
) -> StaffRow:
    require(actor, Permission.MANAGE_STAFF)
    check_new_password(new_password)
    with db.transaction(actor) as session:
        staff = _load(session, staff_id, version)
        if db.is_embedded:
            staff.password_hash = hash_password(new_password)
            staff.failed_logins = 0
            staff.locked_until = None
            session.flush()
        else:
            role = staff_login_role(str(db.url.database), staff.login)
            _on_server(
                session,
                staff,
                "SELECT set_staff_account_password(:id, :verifier, :version)",
                verifier=scram_verifier(session, role, new_password),
            )
        record_event(session, actor=actor, kind=EventKind.STAFF_PASSWORD_RESET, login=staff.login)
        return _row(staff)


def set_active(
    db: Database, actor: Actor, staff_id: int, active: bool, *, version: int | None = None
) -> StaffRow:
    """Deactivate (or reactivate) an account; staff are never deleted, history names them."""
    require(actor, Permission.MANAGE_STAFF)
    with db.transaction(actor) as session:
        staff = _load(session, staff_id, version)
        if staff.id == actor.staff_id and not active:
            raise ValidationError(
                QT_TRANSLATE_NOOP("Errors", "You cannot deactivate your own account."), field="active"
            )
        if staff.active != active:
            if db.is_embedded:
                staff.active = active
                session.flush()
            else:
                _on_server(
                    session, staff, "SELECT set_staff_account_active(:id, :active, :version)", active=active
                )
            kind = EventKind.STAFF_REACTIVATED if active else EventKind.STAFF_DEACTIVATED
            record_event(session, actor=actor, kind=kind, login=staff.login)
        return _row(staff)


def _on_server(session: Session, staff: Staff, statement: str, **params: object) -> None:
    """Change a staff account through the owner's function, then read the row back."""
    try:
        with session.begin_nested():
            session.execute(text(statement), {"id": staff.id, "version": staff.version, **params})
    except DBAPIError as exc:
        if getattr(exc.orig, "sqlstate", None) == "40001":
            raise ConcurrentEdit() from exc
        raise
    session.refresh(staff)


def scram_verifier(session: Session, role: str, password: str) -> str:
    """The SCRAM-SHA-256 verifier of `password` for the server login `role`, made on this PC by the
    PostgreSQL client library: the server (and its log) never sees the password itself."""
    driver = session.connection().connection.driver_connection
    verifier: bytes = driver.pgconn.encrypt_password(  # type: ignore[union-attr]
        password.encode(), role.encode(), b"scram-sha-256"
    )
    return verifier.decode()
