"""Staff administration: add staff, set roles, reset passwords, deactivate (never delete)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from app.db import Database
from app.errors import QT_TRANSLATE_NOOP, ConcurrentEdit, NotFound, ValidationError
from app.models import Role, Staff, StaffRole
from app.services.admin.passwords import check_new_password, hash_password
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


def _row(staff: Staff) -> StaffRow:
    return StaffRow(
        staff.id,
        staff.login,
        staff.full_name,
        staff.role_set,
        staff.active,
        staff.locked_until,
        staff.version,
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
    with db.transaction() as session:
        return [_row(s) for s in session.scalars(select(Staff).order_by(Staff.login))]


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
    with db.transaction() as session:
        if session.scalar(select(Staff.id).where(Staff.login == login)) is not None:
            raise ValidationError(
                QT_TRANSLATE_NOOP("Errors", "The login {login} is taken. Choose another one."),
                field="login",
                login=login,
            )
        staff = Staff(login=login, full_name=full_name, password_hash=hash_password(password))
        staff.roles = [StaffRole(role=r) for r in sorted(role_set)]
        session.add(staff)
        session.flush()
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
    with db.transaction() as session:
        staff = _load(session, staff_id, version)
        if staff.id == actor.staff_id and Role.ADMIN not in role_set:
            raise ValidationError(
                QT_TRANSLATE_NOOP("Errors", "You cannot take the administrator role away from yourself."),
                field="roles",
            )
        staff.roles = [StaffRole(role=r) for r in sorted(role_set)]
        flag_modified(staff, "full_name")  # roles live in another table; still a change of this row
        session.flush()
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
    with db.transaction() as session:
        staff = _load(session, staff_id, version)
        staff.password_hash = hash_password(new_password)
        staff.failed_logins = 0
        staff.locked_until = None
        record_event(session, actor=actor, kind=EventKind.STAFF_PASSWORD_RESET, login=staff.login)
        session.flush()
        return _row(staff)


def set_active(
    db: Database, actor: Actor, staff_id: int, active: bool, *, version: int | None = None
) -> StaffRow:
    """Deactivate (or reactivate) an account; staff are never deleted, history names them."""
    require(actor, Permission.MANAGE_STAFF)
    with db.transaction() as session:
        staff = _load(session, staff_id, version)
        if staff.id == actor.staff_id and not active:
            raise ValidationError(
                QT_TRANSLATE_NOOP("Errors", "You cannot deactivate your own account."), field="active"
            )
        if staff.active != active:
            staff.active = active
            kind = EventKind.STAFF_REACTIVATED if active else EventKind.STAFF_DEACTIVATED
            record_event(session, actor=actor, kind=kind, login=staff.login)
            session.flush()
        return _row(staff)
