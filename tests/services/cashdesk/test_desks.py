"""Cash desks: created with their own receipt counter; edits never touch the numbering."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from app.db import Database
from app.errors import ConcurrentEdit, PermissionDenied, ValidationError
from app.models import Role
from app.services.cashdesk.desks import create_cash_desk, list_cash_desks, update_cash_desk
from tests.factories import make_staff


def test_desk_gets_its_own_counter_from_zero(db: Database) -> None:
    admin = make_staff(db, "boss", Role.ADMIN)
    first = create_cash_desk(db, admin, name=" Касса   1 ", location="Офис на Советской")
    second = create_cash_desk(db, admin, name="Касса 2")
    assert first.name == "Касса 1" and first.last_receipt_number == 0
    with db.reading() as conn:
        counters = conn.execute(
            text("SELECT cash_desk_id, last_number FROM receipt_counter ORDER BY 1")
        ).all()
    assert counters == [(first.id, 0), (second.id, 0)]


def test_update_keeps_the_numbering(db: Database) -> None:
    admin = make_staff(db, "boss", Role.ADMIN)
    desk = create_cash_desk(db, admin, name="Касса 1")
    with db.transaction() as session:  # as if 41 receipts had been printed
        session.execute(text("UPDATE receipt_counter SET last_number = 41"))
    row = update_cash_desk(
        db, admin, desk.id, name="Касса центральная", location="1 этаж", active=True, version=1
    )
    assert (row.name, row.last_receipt_number) == ("Касса центральная", 41)


@pytest.mark.parametrize("name", ["", "   ", "КАССА 1", "касса 1"])
def test_bad_or_duplicate_names_are_refused(db: Database, name: str) -> None:
    admin = make_staff(db, "boss", Role.ADMIN)
    create_cash_desk(db, admin, name="Касса 1")
    with pytest.raises(ValidationError):
        create_cash_desk(db, admin, name=name)
    assert len(list_cash_desks(db, admin)) == 1


def test_stale_edit_is_refused(db: Database) -> None:
    admin = make_staff(db, "boss", Role.ADMIN)
    desk = create_cash_desk(db, admin, name="Касса 1")
    update_cash_desk(db, admin, desk.id, name="Касса А", location="", active=True, version=desk.version)
    with pytest.raises(ConcurrentEdit):
        update_cash_desk(db, admin, desk.id, name="Касса Б", location="", active=True, version=desk.version)
    assert list_cash_desks(db, admin)[0].name == "Касса А"


def test_cashier_sees_desks_but_cannot_change_them(db: Database) -> None:
    admin = make_staff(db, "boss", Role.ADMIN)
    cashier = make_staff(db, "anna", Role.CASHIER)
    desk = create_cash_desk(db, admin, name="Касса 1")
    assert [d.name for d in list_cash_desks(db, cashier)] == ["Касса 1"]
    with pytest.raises(PermissionDenied):
        create_cash_desk(db, cashier, name="Касса 2")
    with pytest.raises(PermissionDenied):
        update_cash_desk(db, cashier, desk.id, name="X", location="", active=False, version=desk.version)
    dispatcher = make_staff(db, "dima", Role.DISPATCHER)
    with pytest.raises(PermissionDenied):
        list_cash_desks(db, dispatcher)
