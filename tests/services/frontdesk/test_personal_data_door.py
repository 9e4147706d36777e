"""The personal-data door: every read of a passport — shown on the card or printed on the contract —
leaves an event, on both databases; on PostgreSQL with the database login that asked, written by the
server. The rows never carry the passport by accident, and the duplicate check finds it without
revealing it."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import InvalidRequestError

from app.db import Database
from app.models import Role, Subscriber
from app.services.admin.server_roles import staff_login_role
from app.services.frontdesk.personal_data import personal_data
from app.services.frontdesk.signing import PossibleDuplicates, contract_document
from tests.factories import make_staff
from tests.services.frontdesk.test_signing import desk, person, sign  # noqa: F401 - the fixture


def viewings(db: Database) -> list[dict]:
    import json

    with db.reading() as conn:
        return [
            d if isinstance(d, dict) else json.loads(d)
            for (d,) in conn.execute(
                text("SELECT details FROM event WHERE kind = 'personal_data_viewed' ORDER BY id")
            )
        ]


def test_each_read_is_written_down_with_what_for(desk) -> None:  # noqa: F811
    db, operator, building, tariffs = desk
    signed = sign(
        db, operator, building, tariffs, subscriber=person(passport_series="2804", passport_number="123456")
    )
    cashiers_copy = contract_document(db, make_staff(db, "kassa", Role.CASHIER), signed.contract_id)
    assert cashiers_copy.passport == "" and viewings(db) == []  # no passport, nothing opened
    shown = personal_data(db, operator, signed.subscriber_id)
    assert (shown.passport_series, shown.passport_number) == ("2804", "123456")
    contract_document(db, operator, signed.contract_id)
    seen = viewings(db)
    assert [v["purpose"] for v in seen] == ["shown", "contract"]
    if not db.is_embedded:  # the server wrote down which person's login opened the door
        assert all(v["login"] == staff_login_role(str(db.url.database), operator.login) for v in seen)


def test_a_subscriber_row_never_carries_the_passport_by_accident(desk) -> None:  # noqa: F811
    db, operator, building, tariffs = desk
    signed = sign(
        db, operator, building, tariffs, subscriber=person(passport_series="2804", passport_number="123456")
    )
    with db.transaction() as session:
        row = session.get(Subscriber, signed.subscriber_id)
        assert row is not None and row.full_name == "Иванов Пётр Сергеевич"
        with pytest.raises(InvalidRequestError):
            _ = row.passport_number  # not loaded, and not loadable behind the door's back


def test_the_duplicate_check_finds_a_passport_without_showing_it(desk) -> None:  # noqa: F811
    db, operator, building, tariffs = desk
    sign(db, operator, building, tariffs, subscriber=person(passport_series="2804", passport_number="123456"))
    with pytest.raises(PossibleDuplicates) as caught:
        sign(
            db,
            operator,
            building,
            tariffs,
            subscriber=person(
                full_name="Петров Иван",
                phone="+79035550000",
                passport_series="2804",
                passport_number="123456",
            ),
            apartment="9",
        )
    assert [(d.what, d.contract_number) for d in caught.value.duplicates] == [("passport", "100001")]
    assert viewings(db) == []
    # The match showed another subscriber's contract and name: their history says so, and who saw it.
    with db.reading() as conn:
        matched = conn.execute(
            text(
                "SELECT e.actor_staff_id, c.number, e.summary FROM event e "
                "JOIN contract c ON c.id = e.contract_id WHERE e.kind = 'passport_matched'"
            )
        ).all()
    assert [tuple(m) for m in matched] == [
        (
            operator.staff_id,
            "100001",
            "The passport of contract 100001 matched at the signing of a new contract: shown",
        )
    ]
