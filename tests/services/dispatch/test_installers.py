"""Installers through the domain layer, on SQLite and PostgreSQL; phone numbers as people type them."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.db import Database
from app.errors import ConcurrentEdit, PermissionDenied, ValidationError
from app.models import Event, Installer, Role
from app.services.admin import place_editing
from app.services.dispatch import installers
from app.services.kernel.permissions import Actor
from app.services.kernel.text import format_phone, normalize_phone
from tests.factories import make_staff


@pytest.fixture
def admin(db: Database) -> Actor:
    return make_staff(db, "boss", Role.ADMIN)


@pytest.fixture
def districts(db: Database, admin: Actor) -> dict[str, int]:
    return {
        name: place_editing.create_district(db, admin, name).id for name in ("Северный", "Южный", "Заречье")
    }


def summaries(db: Database, kind: str) -> list[str]:
    with db.transaction() as session:
        return list(session.scalars(select(Event.summary).where(Event.kind == kind).order_by(Event.id)))


def installer_count(db: Database) -> int:
    with db.transaction() as session:
        return len(session.scalars(select(Installer)).all())


@pytest.mark.parametrize(
    "typed",
    [
        "+7 (916) 123-45-67",
        "8 916 123 45 67",
        "89161234567",
        "9161234567",
        "79161234567",
        " +7-916-123-45-67 ",
        "8 (916) 123.45.67",
    ],
)
def test_phone_numbers_people_type_are_normalised(typed: str) -> None:
    assert normalize_phone(typed) == "79161234567"


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("916 123 45", "; 8 digits were typed"),  # too short
        ("+7 916 123 45 678", "; 12 digits were typed"),  # too long
        ("+8 916 123 45 67", "; 11 digits were typed"),  # +8 is not Russia
        ("8 916 ABC 45 67", "only digits"),  # letters
        ("тел. 89161234567", "only digits"),
        ("", "only digits"),
        ("+7 916 +123 45 67", "only digits"),
    ],
)
def test_other_phone_numbers_are_refused_saying_what_to_type(typed: str, says: str) -> None:
    with pytest.raises(ValidationError) as caught:
        normalize_phone(typed)
    assert says in str(caught.value)
    assert "+7 916 123-45-67" in str(caught.value)
    assert caught.value.field == "phone"


def test_phone_is_shown_in_the_usual_form() -> None:
    assert format_phone("79161234567") == "+7 (916) 123-45-67"
    assert format_phone("") == ""


def test_installer_is_created_edited_and_deactivated(db: Database, admin: Actor, districts) -> None:
    row = installers.create_installer(
        db,
        admin,
        full_name="  Петров  Иван ",
        phone="8 (916) 123-45-67",
        district_ids=[districts["Южный"], districts["Северный"]],
    )
    assert (row.full_name, row.phone, row.active) == ("Петров Иван", "79161234567", True)
    assert row.district_names == ("Северный", "Южный")
    edited = installers.update_installer(
        db,
        admin,
        row.id,
        full_name="Петров Иван Ильич",
        phone="",
        district_ids=[districts["Заречье"]],
        version=row.version,
    )
    assert (edited.phone, edited.district_names) == ("", ("Заречье",))
    off = installers.set_installer_active(db, admin, row.id, False, version=edited.version)
    assert not off.active
    assert installers.list_installers(db, include_inactive=False) == []
    assert [r.full_name for r in installers.list_installers(db)] == ["Петров Иван Ильич"]
    assert installer_count(db) == 1
    assert summaries(db, "installer_created") == ["Installer Петров Иван added"]
    assert summaries(db, "installer_changed") == ["Installer Петров Иван Ильич changed"] * 2


def test_changing_only_districts_is_a_change_of_the_installer(db: Database, admin: Actor, districts) -> None:
    row = installers.create_installer(db, admin, full_name="Сидоров", district_ids=[districts["Южный"]])
    edited = installers.update_installer(
        db,
        admin,
        row.id,
        full_name="Сидоров",
        phone="",
        district_ids=[districts["Южный"], districts["Заречье"]],
        version=row.version,
    )
    assert edited.version == row.version + 1 and len(edited.district_ids) == 2
    with pytest.raises(ConcurrentEdit):
        installers.update_installer(
            db, admin, row.id, full_name="Сидоров", phone="", district_ids=[], version=row.version
        )
    assert installers.list_installers(db)[0].district_names == ("Заречье", "Южный")
    same = installers.update_installer(
        db,
        admin,
        row.id,
        full_name="Сидоров",
        phone="",
        district_ids=edited.district_ids,
        version=edited.version,
    )
    assert same.version == edited.version and len(summaries(db, "installer_changed")) == 1


@pytest.mark.parametrize(
    ("name", "phone", "field"),
    [("   ", "", "full_name"), ("Петров", "12345", "phone"), ("Петров", "8 916 abc", "phone")],
)
def test_bad_installer_input_is_refused_and_nothing_saved(db, admin, name, phone, field) -> None:
    with pytest.raises(ValidationError) as caught:
        installers.create_installer(db, admin, full_name=name, phone=phone)
    assert caught.value.field == field
    assert installer_count(db) == 0 and summaries(db, "installer_created") == []


def test_deactivated_district_is_not_assigned_anew(db: Database, admin: Actor, districts) -> None:
    row = installers.create_installer(db, admin, full_name="Сидоров", district_ids=[districts["Южный"]])
    place_editing.set_district_active(db, admin, districts["Южный"], False)
    with pytest.raises(ValidationError, match="Южный is deactivated"):
        installers.create_installer(db, admin, full_name="Козлов", district_ids=[districts["Южный"]])
    kept = installers.update_installer(
        db, admin, row.id, full_name="Сидоров", phone="9161234567", district_ids=[districts["Южный"]]
    )
    assert kept.district_names == ("Южный",) and kept.phone == "79161234567"


@pytest.mark.parametrize("role", [Role.CASHIER, Role.FRONT_DESK, Role.DISPATCHER])
def test_only_admins_manage_installers(db: Database, admin: Actor, role: Role) -> None:
    someone = make_staff(db, "someone", role)
    row = installers.create_installer(db, admin, full_name="Сидоров")
    with pytest.raises(PermissionDenied):
        installers.create_installer(db, someone, full_name="Козлов")
    with pytest.raises(PermissionDenied):
        installers.update_installer(db, someone, row.id, full_name="Козлов", phone="", district_ids=[])
    with pytest.raises(PermissionDenied):
        installers.set_installer_active(db, someone, row.id, False)
    assert [(r.full_name, r.active) for r in installers.list_installers(db)] == [("Сидоров", True)]
