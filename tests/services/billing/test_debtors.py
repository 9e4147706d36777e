"""The debtors report and debt notices: grouped by district and building, exported for accounting."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
from sqlalchemy import text

from app.db import Database
from app.errors import PermissionDenied
from app.models import Role
from app.services.billing.debtors import debt_notices, debtor_rows, debtors_report, write_csv, write_json
from app.services.billing.run import run_day
from app.services.kernel.permissions import Actor
from tests.factories import add_service, make_contract, make_staff, make_tariff

DAY = dt.date(2026, 3, 1)


@pytest.fixture
def debtors_db(db: Database):
    internet = make_tariff(db, "Интернет", "internet", 310_00)
    tv = make_tariff(db, "КТВ", "catv", 310_00)
    a = make_contract(db, "100001", "Алексеев Антон", street="ул. Ленина", house="12", apartment="10")
    b = make_contract(db, "100002", "Борисова Бэла", street="ул. Ленина", house="12", apartment="2")
    c = make_contract(db, "100003", "Волков Виктор", street="ул. Мира", house="3", apartment="1")
    paid = make_contract(db, "100004", "Громов Глеб", street="ул. Мира", house="3", apartment="7")
    for contract in (a, b, c, paid):
        add_service(db, contract, "internet", internet, DAY)
    add_service(db, a, "catv", tv, DAY)
    with db.transaction() as session:
        session.execute(
            text(
                "INSERT INTO ledger_entry (contract_id, kind, amount, business_date, created_at, comment) "
                "VALUES (:c, 'adjustment', 100000, '2026-02-28', CURRENT_TIMESTAMP, '')"
            ),
            {"c": paid},
        )
    run_day(db, DAY)
    return db, make_staff(db, "boss", Role.ADMIN)


def test_rows_are_grouped_in_address_order(debtors_db) -> None:
    db, admin = debtors_db
    rows = debtor_rows(db, admin)
    assert [(r.building.split(", ")[1], r.apartment) for r in rows] == [
        ("ул. Ленина", "2"),
        ("ул. Ленина", "10"),
        ("ул. Мира", "1"),
    ]
    lenina_10 = rows[1]
    assert lenina_10.debt == 20_00 and lenina_10.debt_since == DAY
    assert lenina_10.services == "Интернет: заблокирована; КТВ: работает"
    report = debtors_report(db, admin)
    assert (report.total_contracts, report.total_debt) == (3, 40_00 - 10_00 + 10_00)
    assert [len(b.lines) for b in report.buildings] == [2, 1]


def test_a_past_date_uses_the_ledger(debtors_db) -> None:
    db, admin = debtors_db
    assert debtor_rows(db, admin, DAY - dt.timedelta(days=1)) == []  # nobody owed before the first charge
    assert len(debtor_rows(db, admin, DAY)) == 3


def test_exports(debtors_db) -> None:
    db, admin = debtors_db
    out = io.StringIO()
    assert write_csv(debtor_rows(db, admin), out) == 3
    table = list(csv.reader(io.StringIO(out.getvalue().lstrip("\ufeff")), delimiter=";"))
    assert table[0][0] == "Район" and table[2][4:8] == ["100001", "Алексеев Антон", "79161234567", "20,00"]
    out = io.StringIO()
    write_json(debtor_rows(db, admin), out)
    assert json.loads(out.getvalue())[0]["contract_number"] == "100002"


def test_notices_of_one_building(debtors_db) -> None:
    db, admin = debtors_db
    building_id = debtor_rows(db, admin)[0].building_id
    assert building_id is not None
    data = debt_notices(db, admin, building_id, DAY)
    assert [n.contract_number for n in data.notices] == ["100002", "100001"]
    with_tv = data.notices[1]
    assert with_tv.disconnect_on == DAY + dt.timedelta(days=10)  # the grace period from settings
    assert data.notices[0].disconnect_on is None  # no CaTV to disconnect
    assert with_tv.address == "Тверь, ул. Ленина, д. 12, кв. 10"


def test_reports_need_the_reports_permission(db: Database) -> None:
    nobody = Actor(staff_id=1, login="x", full_name="X", roles=frozenset())
    with pytest.raises(PermissionDenied):
        debtor_rows(db, nobody)


def test_a_past_date_takes_back_what_the_ledger_moved_after_it(debtors_db) -> None:
    db, admin = debtors_db
    with db.transaction() as session:  # Алексеев paid his 20 ₽ five days later
        session.execute(
            text(
                "INSERT INTO ledger_entry (contract_id, kind, amount, business_date, created_at, comment) "
                "SELECT id, 'adjustment', 2000, :day, CURRENT_TIMESTAMP, '' FROM contract "
                "WHERE number = '100001'"
            ),
            {"day": DAY + dt.timedelta(days=5)},
        )
    assert [r.contract_number for r in debtor_rows(db, admin)] == ["100002", "100003"]
    then = debtor_rows(db, admin, DAY + dt.timedelta(days=4))
    assert [(r.contract_number, r.debt) for r in then] == [
        ("100002", 10_00),
        ("100001", 20_00),
        ("100003", 10_00),
    ]


def test_the_report_streams_a_batch_of_buildings_at_a_time_in_the_same_order(debtors_db, monkeypatch) -> None:
    from app.services.billing import debtors

    db, admin = debtors_db
    homeless = make_contract(db, "100005", "Дмитриев Денис", street="ул. Садовая", house="1", apartment="1")
    with db.transaction() as session:  # a contract without premises: listed first, as before
        session.execute(text("UPDATE contract SET premises_id = NULL WHERE id = :c"), {"c": homeless})
        session.execute(
            text(
                "INSERT INTO ledger_entry (contract_id, kind, amount, business_date, created_at, comment) "
                "VALUES (:c, 'adjustment', -5000, :day, CURRENT_TIMESTAMP, '')"
            ),
            {"c": homeless, "day": DAY},
        )
    whole = debtor_rows(db, admin)
    assert [r.contract_number for r in whole] == ["100005", "100002", "100001", "100003"]
    monkeypatch.setattr(debtors, "BUILDINGS_PER_BATCH", 1)
    assert list(debtors.iter_debtor_rows(db, admin)) == whole
    out = io.StringIO()
    assert write_json(debtors.iter_debtor_rows(db, admin), out) == 4
    assert [r["contract_number"] for r in json.loads(out.getvalue())] == [
        "100005",
        "100002",
        "100001",
        "100003",
    ]
    empty = io.StringIO()
    assert write_json(iter([]), empty) == 0 and json.loads(empty.getvalue()) == []


def test_the_first_page_and_the_totals_come_without_the_whole_list(debtors_db, monkeypatch) -> None:
    from app.services.billing import debtors

    db, admin = debtors_db
    whole = debtor_rows(db, admin)
    monkeypatch.setattr(debtors, "BUILDINGS_PER_BATCH", 1)
    read: list[int] = []
    real = debtors._debtors_of

    def counted(conn, buildings, *args):
        read.append(len(buildings))
        return real(conn, buildings, *args)

    monkeypatch.setattr(debtors, "_debtors_of", counted)
    assert debtors.debtors_first_page(db, admin, limit=2)[0] == whole[:2]
    assert read == [1]  # the first building held two debtors: the second one was never read
    totals = debtors.debtors_first_page(db, admin)[1]
    assert (totals.count, totals.debt) == (len(whole), sum(r.debt for r in whole))
    assert debtors.debtors_first_page(db, admin, limit=3) == (whole[:3], totals)
    before = debtors.debtors_first_page(db, admin, DAY - dt.timedelta(days=1))[1]
    assert (before.count, before.debt) == (0, 0)  # a past date subtracts what the ledger moved after it
    with pytest.raises(PermissionDenied):
        debtors.debtors_first_page(db, Actor(staff_id=1, login="x", full_name="X", roles=frozenset()))
