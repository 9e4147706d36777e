"""The cashier's view of the online cash register's shift: opened with theirs from the page, a shift
left open by a colleague named and closed only when the cashier agrees, the register's Z report after
theirs, and the electronic receipt asked for in the payment dialog."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select, update

from app.adapters.atol_driver import AtolDriverRegister
from app.db import Database
from app.models import CashDesk, FiscalReceipt, Payment, PaymentMethod, Role
from app.services.cashdesk.payments import post_payment
from app.services.cashdesk.register_shift import open_register_shift
from app.services.cashdesk.shifts import close_shift, current_shift, open_shift
from app.views.cashdesk.cash_desk_page import CashDeskPage
from app.views.cashdesk.payment_dialog import PaymentDialog
from app.views.cashdesk.shift_dialogs import CloseShiftDialog, OpenShiftDialog
from app.views.messages import prompts
from tests.adapters.fake_atol import FakeAtolDriver
from tests.factories import make_contract, make_desk, make_staff
from tests.views.cashdesk.test_cash_desk_page import printed, when_shown  # noqa: F401


@pytest.fixture
def fake() -> Iterator[FakeAtolDriver]:
    register = FakeAtolDriver()
    yield register
    register.close()


@pytest.fixture
def desk(db: Database, fake: FakeAtolDriver) -> int:
    desk_id = make_desk(db, "Касса 1")
    with db.transaction() as session:
        session.execute(update(CashDesk).where(CashDesk.id == desk_id).values(register_url=fake.url))
    return desk_id


def page_for(qtbot, db: Database, actor) -> CashDeskPage:
    page = CashDeskPage(db, actor, register_for=lambda url: AtolDriverRegister(url, timeout=0.5))
    qtbot.addWidget(page)
    page.show()
    return page


def open_through_the_page(qtbot, page: CashDeskPage) -> None:
    def fill(dialog: OpenShiftDialog) -> None:
        dialog.cash.setText("0")
        dialog.submit()

    when_shown(page, OpenShiftDialog, fill)
    page.open_shift()


def test_the_registers_shift_opens_and_closes_with_the_cashiers(
    qtbot,
    db: Database,
    fake: FakeAtolDriver,
    desk: int,
    printed,  # noqa: F811
    russian,
    monkeypatch,
) -> None:
    anna = make_staff(db, "anna", Role.CASHIER)
    page = page_for(qtbot, db, anna)
    assert not page.register_panel.isVisible()  # no shift: nothing to say of the register
    open_through_the_page(qtbot, page)
    label = page.register_panel.label
    qtbot.waitUntil(lambda: "смена № 12 открыта до" in label.text(), timeout=10_000)
    assert fake.reports == [("openShift", "Anna Test", "")] and page.register_panel.button.isEnabled()

    # A receipt the register has not printed yet is named before closing; «no» keeps the shift open.
    fake.mode = "refuse"
    contract = make_contract(db, "100001", "Иванов Иван Иванович")
    post_payment(
        db, anna, client_uuid=uuid.uuid4(), contract_id=contract, amount=100_00, method=PaymentMethod.CASH
    )
    asked: list[str] = []
    monkeypatch.setattr(prompts, "confirm", lambda _p, _t, text: asked.append(text) or False)
    page.close_shift()
    assert "не пробито на кассе: 1" in asked[0] and page.shift is not None

    fake.mode = "ok"
    monkeypatch.setattr(prompts, "confirm", lambda _p, _t, text: asked.append(text) or True)

    def count(dialog: CloseShiftDialog) -> None:
        dialog.counted.setText("100")
        dialog.submit()

    when_shown(page, CloseShiftDialog, count)
    page.close_shift()
    assert page.shift is None and not page.register_panel.isVisible()
    qtbot.waitUntil(lambda: fake.shift_opened_at is None, timeout=10_000)
    assert fake.reports[-1] == ("closeShift", "Anna Test", "")


def test_a_shift_left_open_by_a_colleague_is_closed_when_the_cashier_agrees(
    qtbot, db: Database, fake: FakeAtolDriver, desk: int, russian, monkeypatch
) -> None:
    olga = make_staff(db, "olga", Role.CASHIER)
    anna = make_staff(db, "anna", Role.CASHIER)
    first = open_shift(db, olga, desk, 0)
    open_register_shift(db, olga, first.id, AtolDriverRegister(fake.url))
    current = current_shift(db, olga)
    assert current is not None
    close_shift(db, olga, first.id, 0, version=current.version)  # the register's shift stays open

    page = page_for(qtbot, db, anna)
    asked: list[str] = []
    monkeypatch.setattr(prompts, "confirm", lambda _p, _t, text: asked.append(text) or False)
    open_through_the_page(qtbot, page)
    qtbot.waitUntil(lambda: bool(asked), timeout=10_000)
    assert "Смена № 12 на кассе открыта со сменой" in asked[0] and "Olga Test" in asked[0]
    label = page.register_panel.label
    qtbot.waitUntil(lambda: "Откройте свою" in label.text(), timeout=10_000)
    assert fake.reports == [("openShift", "Olga Test", "")]  # «no»: nothing closed

    monkeypatch.setattr(prompts, "confirm", lambda _p, _t, text: asked.append(text) or True)
    page.register_panel.open_shift()
    qtbot.waitUntil(lambda: "смена № 13 открыта до" in label.text(), timeout=10_000)
    assert fake.reports[1:] == [("closeShift", "Anna Test", ""), ("openShift", "Anna Test", "")]
    assert "Откройте" not in label.text()


def test_the_electronic_receipt_is_asked_for_in_the_payment_dialog(
    qtbot,
    db: Database,
    fake: FakeAtolDriver,
    desk: int,
    printed,  # noqa: F811
    russian,
) -> None:
    anna = make_staff(db, "anna", Role.CASHIER)
    open_shift(db, anna, desk, 0)
    make_contract(db, "100001", "Иванов Иван Иванович")
    page = page_for(qtbot, db, anna)
    seen: dict[str, object] = {}

    def pay(dialog: PaymentDialog) -> None:
        seen["offered"] = [dialog.receipt_to.itemText(i) for i in range(dialog.receipt_to.count())]
        qtbot.keyClicks(dialog.amount_edit, "500")
        dialog.receipt_to.setEditText("ivanov@mail")
        qtbot.keyClick(dialog.amount_edit, Qt.Key.Key_Return)
        seen["error"] = dialog.error_label.text()
        seen["kept"] = dialog.receipt_to.currentText()
        with db.reading() as conn:
            seen["payments"] = conn.execute(select(Payment.id)).all()
        dialog.receipt_to.setEditText("+7 (916) 123-45-67")
        qtbot.keyClick(dialog.amount_edit, Qt.Key.Key_Return)

    qtbot.keyClicks(page.number_edit, "100001")
    when_shown(page, PaymentDialog, pay)
    qtbot.keyClick(page.number_edit, Qt.Key.Key_Return)
    assert (
        seen["error"] == "Похоже, адрес e-mail введён неверно: ivanov@mail" and seen["kept"] == "ivanov@mail"
    )
    assert seen["payments"] == [] and seen["offered"][0] == ""
    with db.transaction() as session:
        (task,) = session.scalars(select(FiscalReceipt.task)).all()
    assert task["clientInfo"] == {"emailOrPhone": "+79161234567"}
