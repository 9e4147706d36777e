"""Staff administration through the domain layer, permissions included."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.db import Database
from app.errors import AuthenticationFailed, ConcurrentEdit, PermissionDenied, ValidationError
from app.models import Event, Role, Staff
from app.services.admin import staff as staff_service
from app.services.admin.auth import authenticator_for
from app.services.kernel.permissions import Permission, require
from tests.factories import make_staff


def staff_count(db: Database) -> int:
    with db.transaction() as session:
        return len(session.scalars(select(Staff)).all())


def test_admin_adds_staff_who_can_then_sign_in(signin_db: Database) -> None:
    db = signin_db
    admin = make_staff(db, "boss", Role.ADMIN)
    row = staff_service.add_staff(
        db,
        admin,
        login=" Olga ",
        full_name="  Ольга   Смирнова ",
        password="olga-kassa-2026",
        roles=[Role.CASHIER],
    )
    assert (row.login, row.full_name, row.roles) == ("olga", "Ольга Смирнова", frozenset({Role.CASHIER}))
    assert authenticator_for(db).authenticate("olga", "olga-kassa-2026").roles == frozenset({Role.CASHIER})
    with db.transaction() as session:
        added = session.scalars(select(Event).where(Event.kind == "staff_added")).one()
        assert added.actor_staff_id == admin.staff_id


@pytest.mark.parametrize(
    ("login", "full_name", "password", "roles", "field"),
    [
        ("", "Ольга", "olga-kassa-2026", [Role.CASHIER], "login"),
        ("ольга", "Ольга", "olga-kassa-2026", [Role.CASHIER], "login"),  # Cyrillic login
        ("olga", "   ", "olga-kassa-2026", [Role.CASHIER], "full_name"),
        ("olga", "Ольга", "short", [Role.CASHIER], "password"),
        ("olga", "Ольга", "123456789", [Role.CASHIER], "password"),  # 9: too short
        ("olga", "Ольга", "1234567890", [Role.CASHIER], "password"),  # a keyboard row
        ("olga", "Ольга", "aaaaaaaaaa", [Role.CASHIER], "password"),
        ("olga", "Ольга", "passwordpassword", [Role.CASHIER], "password"),
        ("olga", "Ольга", "Password2026!", [Role.CASHIER], "password"),  # common, with a year around it
        ("olga", "Ольга", "gfhjkm123456", [Role.CASHIER], "password"),  # «пароль» on the wrong layout
        ("olga", "Ольга", "qwertyuiop12", [Role.CASHIER], "password"),
        ("olga", "Ольга", "demo", [Role.CASHIER], "password"),  # only the demo database has it
        ("olga", "Ольга", "olga-kassa-2026", [], "roles"),
        ("boss", "Ольга", "olga-kassa-2026", [Role.CASHIER], "login"),  # taken
    ],
)
def test_bad_staff_input_is_refused_and_nothing_saved(db, login, full_name, password, roles, field) -> None:
    admin = make_staff(db, "boss", Role.ADMIN)
    with pytest.raises(ValidationError) as caught:
        staff_service.add_staff(db, admin, login=login, full_name=full_name, password=password, roles=roles)
    assert caught.value.field == field
    assert staff_count(db) == 1


@pytest.mark.parametrize("role", [Role.CASHIER, Role.FRONT_DESK, Role.DISPATCHER])
def test_only_admins_manage_staff(db: Database, role: Role) -> None:
    someone = make_staff(db, "someone", role)
    with pytest.raises(PermissionDenied):
        staff_service.add_staff(
            db, someone, login="x1", full_name="X", password="12345678", roles=[Role.ADMIN]
        )
    with pytest.raises(PermissionDenied):
        staff_service.list_staff(db, someone)
    assert staff_count(db) == 1


def test_a_cashier_calling_a_dispatcher_function_is_refused() -> None:
    from app.services.kernel.permissions import Actor

    cashier = Actor(staff_id=1, login="c", full_name="C", roles=frozenset({Role.CASHIER}))
    with pytest.raises(PermissionDenied, match="dispatch"):
        require(cashier, Permission.DISPATCH)
    require(cashier, Permission.TAKE_PAYMENTS)


def test_reset_password_unlocks_and_replaces_the_old_one(signin_db: Database) -> None:
    db = signin_db
    admin = make_staff(db, "boss", Role.ADMIN)
    anna = make_staff(db, "anna", Role.CASHIER)
    staff_service.reset_password(db, admin, anna.staff_id, "new-secret-1")
    auth = authenticator_for(db)
    with pytest.raises(AuthenticationFailed):
        auth.authenticate("anna", "correct horse 1")  # the old password
    assert auth.authenticate("anna", "new-secret-1").login == "anna"


def test_deactivate_keeps_the_row_and_blocks_sign_in(signin_db: Database) -> None:
    db = signin_db
    admin = make_staff(db, "boss", Role.ADMIN)
    anna = make_staff(db, "anna", Role.CASHIER)
    row = staff_service.set_active(db, admin, anna.staff_id, False)
    assert not row.active
    assert staff_count(db) == 2
    with pytest.raises(AuthenticationFailed):
        authenticator_for(db).authenticate("anna", "correct horse 1")
    with pytest.raises(ValidationError):
        staff_service.set_active(db, admin, admin.staff_id, False)


def test_admin_cannot_remove_own_admin_role(db: Database) -> None:
    admin = make_staff(db, "boss", Role.ADMIN)
    with pytest.raises(ValidationError):
        staff_service.set_roles(db, admin, admin.staff_id, [Role.CASHIER])


def test_editing_a_stale_staff_row_is_refused(db: Database) -> None:
    admin = make_staff(db, "boss", Role.ADMIN)
    anna = make_staff(db, "anna", Role.CASHIER)
    seen = next(r for r in staff_service.list_staff(db, admin) if r.login == "anna")
    staff_service.set_roles(db, admin, anna.staff_id, [Role.CASHIER, Role.FRONT_DESK], version=seen.version)
    with pytest.raises(ConcurrentEdit):
        staff_service.set_roles(db, admin, anna.staff_id, [Role.DISPATCHER], version=seen.version)
    now = next(r for r in staff_service.list_staff(db, admin) if r.login == "anna")
    assert now.roles == frozenset({Role.CASHIER, Role.FRONT_DESK})
    with db.transaction() as session:
        changes = session.scalars(select(Event).where(Event.kind == "staff_roles_changed")).all()
    assert len(changes) == 1
