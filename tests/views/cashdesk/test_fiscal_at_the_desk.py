"""The cashier's view of fiscal receipts: a payment taken while the register is off is posted and shown
as waiting for the register; when the register is back, it prints — nothing typed again."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import update

from app.adapters.atol_driver import AtolDriverRegister
from app.db import Database
from app.models import CashDesk, Role
from app.services.cashdesk.shifts import open_shift
from app.views.cashdesk.cash_desk_page import CashDeskPage
from app.views.cashdesk.payment_dialog import PaymentDialog
from tests.adapters.fake_atol import FakeAtolDriver
from tests.factories import make_contract, make_desk, make_staff
from tests.views.cashdesk.test_cash_desk_page import payments, printed, when_shown  # noqa: F401


@pytest.fixture
def register() -> Iterator[FakeAtolDriver]:
    fake = FakeAtolDriver()
    yield fake
    fake.close()


def test_register_off_then_back_prints_without_retyping(
    qtbot, db: Database, register: FakeAtolDriver, printed, russian  # noqa: F811
) -> None:
    cashier = make_staff(db, "anna", Role.CASHIER)
    desk = make_desk(db)
    with db.transaction() as session:
        session.execute(update(CashDesk).where(CashDesk.id == desk).values(register_url=register.url))
    open_shift(db, cashier, desk, 0)
    make_contract(db, "100001", "Иванов Иван Иванович")
    register.mode = "refuse"  # the register is off
    page = CashDeskPage(db, cashier, register_for=lambda url: AtolDriverRegister(url, timeout=0.5))
    qtbot.addWidget(page)
    page.show()
    assert page.fiscal_label.isVisible() and page.send_button.isVisible()

    def pay(dialog: PaymentDialog) -> None:
        qtbot.keyClicks(dialog.amount_edit, "1200")
        qtbot.keyClick(dialog.amount_edit, Qt.Key.Key_Return)

    qtbot.keyClicks(page.number_edit, "100001")
    when_shown(page, PaymentDialog, pay)
    qtbot.keyClick(page.number_edit, Qt.Key.Key_Return)
    assert payments(db) == [(1, 1200_00)] and page.result_label.text().startswith("Проведён: квитанция 1")
    qtbot.waitUntil(lambda: "Ждём кассу" in page.fiscal_label.text(), timeout=10_000)
    assert "не напечатано чеков: 1" in page.fiscal_label.text() and register.receipts == []

    register.mode = "ok"  # the register is back
    qtbot.mouseClick(page.send_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Фискальный чек напечатан" in page.fiscal_label.text(), timeout=10_000)
    assert "№ 1001" in page.fiscal_label.text() and "квитанция 1" in page.fiscal_label.text()
    assert payments(db) == [(1, 1200_00)] and len(register.receipts) == 1


def test_a_desk_without_a_register_shows_nothing_fiscal(qtbot, db: Database) -> None:
    cashier = make_staff(db, "anna", Role.CASHIER)
    open_shift(db, cashier, make_desk(db), 0)
    page = CashDeskPage(db, cashier)
    qtbot.addWidget(page)
    page.show()
    assert not page.fiscal_label.isVisible() and not page.send_button.isVisible()
