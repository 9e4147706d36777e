"""The payments journal: filters, totals that match the shift report, CSV for Excel, JSON for scripts."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import uuid

import pytest
from sqlalchemy import select

from app.db import Database
from app.errors import PermissionDenied, ValidationError
from app.models import Contract, PaymentMethod, Role
from app.services.cashdesk.cancellation import cancel_payment
from app.services.cashdesk.journal import (
    JournalFilter,
    JournalTotals,
    iter_payments,
    journal_totals,
    list_payments,
    write_csv,
    write_json,
)
from app.services.cashdesk.payments import post_payment
from app.services.cashdesk.shifts import current_shift, open_shift, shift_report
from app.services.kernel.settings import business_today
from tests.factories import make_contract, make_desk, make_staff

TODAY_RANGE = JournalFilter(
    business_today({}) - dt.timedelta(days=2), business_today({}) + dt.timedelta(days=2)
)


@pytest.fixture
def journal_db(db: Database):
    cashier = make_staff(db, "anna", Role.CASHIER)
    first_desk = make_desk(db, "Касса 1")
    open_shift(db, cashier, first_desk, 0)
    a = make_contract(db, "100001", "Иванов Иван Иванович")
    b = make_contract(db, "100002", "Петрова Анна Сергеевна", apartment="2")
    posted = [
        post_payment(db, cashier, client_uuid=uuid.uuid4(), contract_id=c, amount=amt, method=m)
        for c, amt, m in [
            (a, 1000_00, PaymentMethod.CASH),
            (b, 500_50, PaymentMethod.CARD),
            (a, 200_00, PaymentMethod.CASH),
        ]
    ]
    cancel_payment(db, cashier, posted[2].payment_id, "двойной платёж")
    return db, cashier, first_desk


def test_totals_of_one_method_and_of_a_desk_count_only_their_payments_and_cancellations(journal_db) -> None:
    db, cashier, desk = journal_db
    cash = JournalFilter(TODAY_RANGE.date_from, TODAY_RANGE.date_to, method=PaymentMethod.CASH)
    totals = journal_totals(db, cashier, cash)
    assert (totals.count, totals.amount, totals.cancelled_amount, totals.by_method) == (
        2,
        1200_00,
        200_00,
        {"cash": 1000_00},
    )
    card = JournalFilter(TODAY_RANGE.date_from, TODAY_RANGE.date_to, method=PaymentMethod.CARD)
    assert journal_totals(db, cashier, card).cancelled_amount == 0
    other_desk = JournalFilter(TODAY_RANGE.date_from, TODAY_RANGE.date_to, cash_desk_id=desk + 100)
    assert journal_totals(db, cashier, other_desk) == JournalTotals(0, 0, 0, 0, {})
    this_desk = JournalFilter(TODAY_RANGE.date_from, TODAY_RANGE.date_to, cash_desk_id=desk)
    assert journal_totals(db, cashier, this_desk) == journal_totals(db, cashier, TODAY_RANGE)


def test_filters_and_totals_match_the_shift_report(journal_db) -> None:
    db, cashier, desk = journal_db
    rows = list_payments(db, cashier, TODAY_RANGE)
    assert [r.contract_number for r in rows] == ["100001", "100002", "100001"]
    assert [r.cancelled for r in rows] == [False, False, True] and rows[2].cancel_reason == "двойной платёж"
    totals = journal_totals(db, cashier, TODAY_RANGE)
    assert (totals.count, totals.amount, totals.cancelled_amount, totals.net_amount) == (
        3,
        1700_50,
        200_00,
        1500_50,
    )
    shift = current_shift(db, cashier)
    assert shift is not None
    report = shift_report(db, cashier, shift.id)
    assert {m.value: v for m, v in report.totals_by_method.items()} == totals.by_method
    assert [
        r.receipt_number
        for r in list_payments(
            db, cashier, JournalFilter(**{**TODAY_RANGE.__dict__, "method": PaymentMethod.CARD})
        )
    ] == [2]
    by_contract = JournalFilter(TODAY_RANGE.date_from, TODAY_RANGE.date_to, contract_number="100002")
    assert len(list_payments(db, cashier, by_contract)) == 1
    other_desk = JournalFilter(TODAY_RANGE.date_from, TODAY_RANGE.date_to, cash_desk_id=desk + 100)
    assert list_payments(db, cashier, other_desk) == []
    past = JournalFilter(dt.date(2020, 1, 1), dt.date(2020, 1, 31))
    assert list_payments(db, cashier, past) == [] and journal_totals(db, cashier, past).count == 0


def test_paging_visits_every_row_once(journal_db) -> None:
    db, cashier, _ = journal_db
    assert [r.payment_id for r in iter_payments(db, cashier, TODAY_RANGE, page=2)] == [1, 2, 3]


def test_csv_opens_in_excel_with_cyrillic(journal_db) -> None:
    db, cashier, _ = journal_db
    out = io.StringIO()
    assert write_csv(iter_payments(db, cashier, TODAY_RANGE), out) == 3
    text = out.getvalue()
    assert text.startswith("\ufeffДата;")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert rows[1][5:9] == ["100001", "Иванов Иван Иванович", "наличные", "1000,00"]
    assert rows[3][9:] == ["да", "двойной платёж", ""]  # no register at this desk: no fiscal receipt


def test_json_for_scripts(journal_db) -> None:
    db, cashier, _ = journal_db
    out = io.StringIO()
    write_json(iter_payments(db, cashier, TODAY_RANGE), out)
    records = json.loads(out.getvalue())
    assert [r["amount"] for r in records] == [1000_00, 500_50, 200_00]
    assert records[1]["subscriber"] == "Петрова Анна Сергеевна"


def test_bad_period_and_permission(db: Database) -> None:
    cashier = make_staff(db, "anna", Role.CASHIER)
    with pytest.raises(ValidationError):
        list_payments(db, cashier, JournalFilter(dt.date(2026, 2, 1), dt.date(2026, 1, 1)))
    dispatcher_without_reports = make_staff(db, "x", Role.DISPATCHER)
    list_payments(db, dispatcher_without_reports, TODAY_RANGE)  # dispatchers see reports
    from app.services.kernel.permissions import Actor

    nobody = Actor(staff_id=99, login="n", full_name="N", roles=frozenset())
    with pytest.raises(PermissionDenied):
        list_payments(db, nobody, TODAY_RANGE)


def test_pages_follow_the_business_date_then_the_posting(journal_db) -> None:
    """A payment entered later for an earlier day (a bank registry, say) is listed on its day: pages go
    by business date, then by posting, and visit every row once."""
    from app.models import LedgerEntry, LedgerKind, Payment

    db, cashier, _ = journal_db
    yesterday = TODAY_RANGE.date_from + dt.timedelta(days=1)
    with db.transaction() as session:
        contract = session.scalars(select(Contract.id).where(Contract.number == "100002")).one()
        entry = LedgerEntry(
            contract_id=contract, kind=LedgerKind.PAYMENT, amount=300_00, business_date=yesterday
        )
        session.add(entry)
        session.flush()
        session.add(
            Payment(
                client_uuid=uuid.uuid4(),
                contract_id=contract,
                ledger_entry_id=entry.id,
                amount=300_00,
                method=PaymentMethod.BANK_REGISTRY,
                business_date=yesterday,
            )
        )
    for page in (1, 2, 50):
        assert [r.payment_id for r in iter_payments(db, cashier, TODAY_RANGE, page=page)] == [4, 1, 2, 3]
    by_contract = JournalFilter(TODAY_RANGE.date_from, TODAY_RANGE.date_to, contract_number="100002")
    totals = journal_totals(db, cashier, by_contract)
    assert (totals.count, totals.amount, totals.by_method) == (
        2,
        800_50,
        {"card": 500_50, "bank_registry": 300_00},
    )
