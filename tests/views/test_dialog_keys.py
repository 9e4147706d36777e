"""The keyboard in every dialog the screens open, in Russian and English: no two visible controls share
an Alt+letter (tests/views/test_keyboard.py walks the screens themselves).

Each page's dialog factories (`make_…_dialog`) are called with what the page would pass — nothing, the
first row of its list, or None for "new" — and the cash desk's own dialogs are opened as the cashier
opens them."""

from __future__ import annotations

import inspect
import typing
import uuid

import pytest
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QDialog, QWidget

from app.db import Database
from app.demo.data import generate_demo_data
from app.models import PaymentMethod, Role, WorkOrderKind
from app.services.cashdesk.payments import post_payment
from app.services.cashdesk.shifts import current_shift, open_shift
from app.services.dispatch.board import create_manual_order
from app.services.frontdesk.contracts import contract_by_number
from app.services.kernel.settings import business_date
from app.views.cashdesk.payment_dialog import PaymentDialog
from app.views.cashdesk.shift_dialogs import CloseShiftDialog, OpenShiftDialog
from app.views.main_window import MainWindow
from tests.factories import make_desk, make_staff
from tests.views.test_keyboard import visible_mnemonics


def _argument(page: QWidget, parameter: inspect.Parameter, hints: dict[str, object]) -> object:
    """What the page passes to a dialog factory: None for "new", else the first row of its list
    (wrapped in a list for the factories of several rows). Raises LookupError when it has none."""
    hint = str(hints.get(parameter.name, parameter.annotation))
    if "None" in hint:
        return None
    card = getattr(page, "card", None)
    for model in (getattr(page, "model", None), getattr(card, "services_model", None)):
        rows = getattr(model, "rows", None)
        if rows and type(rows[0]).__name__ in hint:
            return [rows[0]] if hint.startswith("list") else rows[0]
    raise LookupError(parameter.name)


def page_dialogs(window: MainWindow):
    """(where, dialog) for every dialog factory of every page and sub-page the window can build."""
    for key in window.section_keys():
        window.show_section(key)
        section = window.pages.currentWidget()
        if hasattr(section, "open_contract"):  # the front desk's dialogs act on an open card
            section.open_contract(1)
            QCoreApplication.processEvents()
        for page in [section, *section.findChildren(QWidget)]:
            for name, method in inspect.getmembers(page, inspect.ismethod):
                if not (name.startswith("make_") and name.endswith("dialog")):
                    continue
                parameters = list(inspect.signature(method).parameters.values())
                try:
                    hints = typing.get_type_hints(method)
                except NameError:
                    hints = {}
                try:
                    arguments = [
                        "Иванов" if p.name == "query" else _argument(page, p, hints) for p in parameters
                    ]
                except LookupError:
                    continue  # the list is empty here: nothing to open the dialog for
                yield f"{key}: {type(page).__name__}.{name}", method(*arguments)


def window_contract_number(db: Database) -> str:
    from sqlalchemy import text

    with db.reading() as conn:
        return str(conn.execute(text("SELECT number FROM contract ORDER BY id LIMIT 1")).scalar())


@pytest.mark.parametrize("language", ["ru", "en"])
def test_no_dialog_has_two_controls_on_one_alt_letter(
    qapp, db: Database, owner_db: Database, language: str
) -> None:
    from app.views.i18n import install_translators

    generate_demo_data(owner_db, subscribers=60, months=2)
    boss = make_staff(db, "boss", Role.ADMIN, Role.CASHIER, Role.DISPATCHER, Role.FRONT_DESK)
    number = window_contract_number(db)
    # Rows for the dialogs that act on one: an order on the board, a payment in the cashier's shift.
    create_manual_order(
        db,
        boss,
        kind=WorkOrderKind.REPAIR,
        contract_number=number,
        due_on=business_date(db),
        note="нет сигнала",
    )
    shift = open_shift(db, boss, make_desk(db, "Касса 9"), 0)
    contract = contract_by_number(db, boss, number)
    post_payment(
        db, boss, client_uuid=uuid.uuid4(), contract_id=contract.id, amount=100_00, method=PaymentMethod.CASH
    )
    install_translators(language)
    window = MainWindow(db, boss)
    opened: list[str] = []
    clashes: list[str] = []

    def check(where: str, dialog: QDialog) -> None:
        dialog.show()
        QCoreApplication.processEvents()
        opened.append(where)
        for key, texts in visible_mnemonics(dialog).items():
            if len(texts) > 1:
                clashes.append(f"{where}: Alt+{key.upper()} on {texts}")
        dialog.reject()
        dialog.deleteLater()

    try:
        window.resize(1400, 900)
        window.show()
        for where, dialog in page_dialogs(window):
            check(where, dialog)
        check("cash desk: open a shift", OpenShiftDialog(db, boss, window))
        check("cash desk: a payment", PaymentDialog(db, boss, None, window, electronic_receipt=True))
        check("cash desk: a payment for a contract", PaymentDialog(db, boss, contract, window))
        row = current_shift(db, boss)
        assert row is not None and row.id == shift.id
        check("cash desk: close the shift", CloseShiftDialog(db, boss, row, window))
        assert clashes == []
        assert len(opened) >= 24, opened  # the walk reached the dialogs, not an empty database
        for expected in (
            "BoardPage.make_assign_dialog",
            "CashDeskPage.make_cancel_dialog",
            "make_find_dialog",
        ):
            assert any(expected in where for where in opened), (expected, opened)
    finally:
        install_translators("en")
        window.close()
        window.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
