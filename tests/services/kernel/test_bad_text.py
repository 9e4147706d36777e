"""Input that used to reach the database raw: a NUL character (PostgreSQL raised an unhandled
DataError, SQLite stored it hidden), a search of thousands of words (SQLite: «Expression tree is too
large»), an «issued by» longer than its column (cut silently). Each gets a clear message naming the
field, or a sane limit, and changes nothing — on both databases."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from app.db import Database
from app.errors import ValidationError
from app.models import District, Role
from app.services.admin.company import load_company_settings, save_company_settings
from app.services.frontdesk.notes import add_note
from app.services.frontdesk.search import search
from tests.factories import make_contract, make_staff
from tests.services.admin.test_company import GOOD
from tests.services.frontdesk.test_signing import desk, person, sign  # noqa: F401 - the fixture

NUL = "\x00"


def events(db: Database) -> int:
    with db.reading() as conn:
        return int(conn.execute(text("SELECT count(*) FROM event")).scalar_one())


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"passport_issued_by": f"ОВД{NUL} района"}, "passport_issued_by"),
        ({"email": f"ivanov{NUL}@mail.ru"}, "email"),
        ({"full_name": f"Иванов{NUL} Пётр"}, "full_name"),
        ({"passport_issued_by": "ОВД " * 100}, "passport_issued_by"),  # 399 characters, not cut: refused
    ],
)
def test_a_subscriber_with_bad_text_is_refused_and_nothing_saved(desk, changes, field) -> None:  # noqa: F811
    db, operator, building, tariffs = desk
    before = events(db)
    with pytest.raises(ValidationError) as caught:
        sign(db, operator, building, tariffs, subscriber=person(**changes))
    assert caught.value.field == field
    assert events(db) == before
    with db.reading() as conn:
        assert conn.execute(text("SELECT count(*) FROM subscriber")).scalar() == 0


def test_an_apartment_with_a_nul_is_refused(desk) -> None:  # noqa: F811
    db, operator, building, tariffs = desk
    with pytest.raises(ValidationError) as caught:
        sign(db, operator, building, tariffs, apartment=f"5{NUL}")
    assert caught.value.field == "apartment" and "NUL" in str(caught.value)
    with db.reading() as conn:
        assert conn.execute(text("SELECT count(*) FROM premises")).scalar() == 0


def test_company_details_and_notes_with_a_nul_are_refused(db: Database) -> None:
    admin = make_staff(db, "boss", Role.ADMIN)
    form = load_company_settings(db, admin)
    with pytest.raises(ValidationError) as caught:
        save_company_settings(db, admin, {**GOOD, "company.name": f"ООО{NUL} «Сети»"}, form.versions)
    assert caught.value.field == "company_name"
    assert load_company_settings(db, admin) == form
    contract = make_contract(db, "100001")
    with db.reading() as conn:
        subscriber = conn.execute(
            text("SELECT subscriber_id FROM contract WHERE id = :c"), {"c": contract}
        ).scalar()
    with pytest.raises(ValidationError) as caught:
        add_note(db, admin, subscriber, f"позвонить{NUL}")
    assert caught.value.field == "note"


def test_every_unit_of_work_refuses_a_nul_before_writing(db: Database) -> None:
    with pytest.raises(ValidationError) as caught, db.transaction() as session:
        session.add(District(name=f"Центр{NUL}"))
    assert caught.value.field == "name"
    with db.reading() as conn:
        assert conn.execute(text("SELECT count(*) FROM district")).scalar() == 0


def test_a_search_of_thousands_of_words_answers_from_the_first_ones(db: Database) -> None:
    admin = make_staff(db, "boss", Role.ADMIN)
    make_contract(db, "100001", "Иванов Иван Иванович")
    assert search(db, admin, " ".join(["я"] * 5000)) == []
    hits = search(db, admin, "иванов " + " ".join(["и"] * 5000))
    assert [h.number for h in hits] == ["100001"]
    assert [h.number for h in search(db, admin, f"иванов{NUL}")] == ["100001"]  # a NUL is only a space
