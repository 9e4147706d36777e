"""Reports → Payments journal: pages in as it scrolls, filters, totals, CSV export."""

from __future__ import annotations

import uuid

from app.db import Database
from app.models import PaymentMethod, Role
from app.services.cashdesk.cancellation import cancel_payment
from app.services.cashdesk.payments import post_payment
from app.services.cashdesk.shifts import open_shift
from app.views.messages import prompts
from app.views.reports import journal_page
from app.views.reports.journal_page import JournalPage
from tests.factories import make_contract, make_desk, make_staff


def fill(db: Database, count: int):
    cashier = make_staff(db, "anna", Role.CASHIER)
    open_shift(db, cashier, make_desk(db), 0)
    contract = make_contract(db, "100001", "Иванова Мария")
    posted = [
        post_payment(
            db,
            cashier,
            client_uuid=uuid.uuid4(),
            contract_id=contract,
            amount=100_00 + n,
            method=PaymentMethod.CARD if n % 3 == 0 else PaymentMethod.CASH,
        )
        for n in range(count)
    ]
    return cashier, posted


def test_pages_in_as_it_scrolls_and_passes_the_model_tester(
    qtbot, qtmodeltester, db: Database, monkeypatch
) -> None:
    monkeypatch.setattr(journal_page, "PAGE", 10)
    cashier, _ = fill(db, 25)
    page = JournalPage(db, cashier)
    qtbot.addWidget(page)
    assert page.model.rowCount() == 10 and page.model.canFetchMore()
    page.model.fetchMore()
    page.model.fetchMore()
    assert page.model.rowCount() == 25 and not page.model.canFetchMore()
    assert [r.receipt_number for r in page.model.rows] == list(range(1, 26))
    qtmodeltester.check(page.model)


def test_filters_and_totals(qtbot, db: Database, russian) -> None:
    cashier, posted = fill(db, 6)
    cancel_payment(db, cashier, posted[1].payment_id, "ошибка")
    page = JournalPage(db, cashier)
    qtbot.addWidget(page)
    assert page.model.rowCount() == 6
    assert page.totals_label.text().startswith("Платежей: 6")
    page.method_combo.setCurrentIndex(page.method_combo.findData("card"))
    page.apply()
    assert [r.receipt_number for r in page.model.rows] == [1, 4]
    page.contract_edit.setText("999")
    page.apply()
    assert page.model.rowCount() == 0
    assert page.model.index(0, 0).data() is None


def test_bad_period_is_refused_and_the_filters_stay(qtbot, db: Database, monkeypatch, russian) -> None:
    cashier, _ = fill(db, 1)
    page = JournalPage(db, cashier)
    qtbot.addWidget(page)
    warnings: list[str] = []
    monkeypatch.setattr(prompts, "warn", lambda _p, _t, text: warnings.append(text))
    page.date_from.setDate(page.date_to.date().addDays(5))
    page.apply()
    assert warnings == ["Дата окончания раньше даты начала."]
    assert page.model.rowCount() == 1  # the previous result stays


def test_export_to_csv(qtbot, db: Database, monkeypatch, tmp_path) -> None:
    cashier, _ = fill(db, 3)
    page = JournalPage(db, cashier)
    qtbot.addWidget(page)
    target = tmp_path / "journal.csv"
    monkeypatch.setattr(prompts, "save_file", lambda *_args: str(target))
    informed: list[str] = []
    monkeypatch.setattr(prompts, "inform", lambda _p, _t, text: informed.append(text))
    page.export_csv()
    assert informed and informed[0].startswith("3 payments saved")
    content = target.read_text(encoding="utf-8-sig")
    assert content.count("Иванова Мария") == 3
