"""152-FZ: everything held about a subscriber, produced for them as PDF (read back with pdftotext)
and JSON, on both databases; producing it is itself recorded."""

from __future__ import annotations

import io
import json
import uuid

import pytest
from sqlalchemy import select

from app.db import Database
from app.errors import NotFound, PermissionDenied
from app.models import Event, PaymentMethod, Role
from app.printing.subject_record import render_subject_record
from app.services.cashdesk.payments import post_payment
from app.services.cashdesk.shifts import open_shift
from app.services.frontdesk.personal_data import personal_data
from app.services.frontdesk.subject_export import subject_record, write_json
from tests.factories import make_contract, make_desk, make_staff
from tests.printing.pdf import pdf_text


def test_everything_about_a_subscriber_for_them(db: Database, tmp_path) -> None:
    clerk = make_staff(db, "olga", Role.FRONT_DESK)
    cashier = make_staff(db, "anna", Role.CASHIER)
    contract = make_contract(db, "100777", "Субботина Вера Павловна")
    open_shift(db, cashier, make_desk(db), 0)
    post_payment(
        db, cashier, client_uuid=uuid.uuid4(), contract_id=contract, amount=450_00, method=PaymentMethod.CASH
    )
    personal_data(db, clerk, _subscriber_of(db, contract))  # a look at the passport, on the card

    record = subject_record(db, clerk, "100777")
    assert record.subscriber["full_name"] == "Субботина Вера Павловна"
    (only,) = record.contracts
    assert only.number == "100777" and only.balance == 450_00
    assert [(p["amount"], p["method"], p["cashier"]) for p in only.payments] == [
        (450_00, "cash", "Anna Test")
    ]
    assert [v["purpose"] for v in record.viewed_by] == ["shown", "subject_export"]
    out = io.StringIO()
    write_json(record, out)
    data = json.loads(out.getvalue())
    assert data["contracts"][0]["ledger"][0] == {
        "date": only.ledger[0]["date"].isoformat(),
        "kind": "payment",
        "amount": 450_00,
        "comment": only.ledger[0]["comment"],
    }

    text = pdf_text(render_subject_record(record, "Europe/Moscow"), tmp_path)
    for expected in (
        "Сведения о персональных данных",
        "Субботина Вера Павловна",
        "Договор № 100777",
        "450,00",
        "Кто и когда просматривал персональные данные",
        "Olga Test",
    ):
        assert expected in text, expected

    with db.transaction() as session:
        (exported,) = session.scalars(select(Event).where(Event.kind == "personal_data_exported")).all()
    assert exported.actor_staff_id == clerk.staff_id and exported.details["report"] == "subject"


def test_only_who_may_see_personal_data_produces_it(db: Database) -> None:
    cashier = make_staff(db, "anna", Role.CASHIER)
    clerk = make_staff(db, "olga", Role.FRONT_DESK)
    make_contract(db, "100001")
    with pytest.raises(PermissionDenied):
        subject_record(db, cashier, "100001")
    with pytest.raises(NotFound):
        subject_record(db, clerk, "999999")


def _subscriber_of(db: Database, contract_id: int) -> int:
    from app.models import Contract

    with db.transaction() as session:
        return session.get_one(Contract, contract_id).subscriber_id


def test_the_command_line_writes_both_files_in_russian(sqlite_db: Database, tmp_path) -> None:
    from tests.factories import PASSWORD
    from tests.test_cli import run_cli

    make_staff(sqlite_db, "olga", Role.FRONT_DESK)
    make_contract(sqlite_db, "100555", "Орлов Пётр")
    url = sqlite_db.url.render_as_string(hide_password=False)
    done = run_cli(
        "report",
        "subject",
        "--contract",
        "100555",
        "--output-dir",
        str(tmp_path),
        "--login",
        "olga",
        "--database",
        url,
        stdin=PASSWORD + "\n",
    )
    assert done.returncode == 0, done.stderr
    data = json.loads((tmp_path / "subject_100555.json").read_text(encoding="utf-8"))
    assert data["subscriber"]["full_name"] == "Орлов Пётр"
    text = pdf_text((tmp_path / "subject_100555.pdf").read_bytes(), tmp_path)
    # The history is worded in Russian, as on screen (the stored summaries are English).
    assert "Субъект: Орлов Пётр" in text and "Просмотрены персональные данные" in text
    assert "Personal data" not in text
