"""Administration → Billing: the run starts off the GUI thread, reports back and lands in the history."""

from __future__ import annotations

from PySide6.QtCore import QDate

from app.db import Database
from app.models import Role
from app.views.admin.billing_page import BillingPage
from tests.factories import add_service, make_contract, make_staff, make_tariff


def test_run_from_the_screen_and_see_it_in_the_history(qtbot, qtmodeltester, db: Database, russian) -> None:
    tariff = make_tariff(db, "Интернет", "internet", 310_00)
    add_service(db, make_contract(db, "100001"), "internet", tariff, __import__("datetime").date(2026, 3, 1))
    page = BillingPage(db, make_staff(db, "boss", Role.ADMIN))
    qtbot.addWidget(page)
    page.date_edit.setDate(QDate(2026, 3, 1))
    with qtbot.waitSignal(page.run_finished, timeout=20_000) as finished:
        page.run_button.click()
    assert finished.args[0].days[0].charges == 1
    assert page.status_label.text().startswith("Готово")
    assert page.model.rowCount() == 1 and page.model.index(0, 2).data() == "завершён"
    qtmodeltester.check(page.model)
    assert page.run_button.isEnabled() and not page.progress.isVisible()


def test_a_refused_run_says_why(qtbot, db: Database, russian) -> None:

    from app.services.billing import run_lock

    page = BillingPage(db, make_staff(db, "boss", Role.ADMIN))
    qtbot.addWidget(page)
    with run_lock.run_lock(db):
        page.start()
        qtbot.waitUntil(lambda: not page.running, timeout=20_000)
    assert page.status_label.text().startswith("Уже идёт расчёт")
