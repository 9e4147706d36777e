"""Administration → Cash desks driven through its widgets."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox

from app.db import Database
from app.models import Role
from app.services.cashdesk.desks import list_cash_desks
from app.views.admin.cash_desks_page import CashDesksPage
from tests.factories import make_staff


def make_page(qtbot, db: Database) -> CashDesksPage:
    page = CashDesksPage(db, make_staff(db, "boss", Role.ADMIN))
    qtbot.addWidget(page)
    return page


def test_create_edit_deactivate(qtbot, qtmodeltester, db: Database) -> None:
    page = make_page(qtbot, db)
    dialog = page.make_desk_dialog(None)
    qtbot.addWidget(dialog)
    dialog.field("name").setText("Касса 1")
    dialog.field("location").setText("Офис, окно 2")
    dialog.submit()
    assert dialog.result() == dialog.DialogCode.Accepted
    page.reload()
    assert page.model.index(0, 0).data() == "Касса 1" and page.model.index(0, 2).data() == "0"
    qtmodeltester.check(page.model)

    page.table.selectRow(0)
    row = page.selected()
    assert row is not None
    edit = page.make_desk_dialog(row)
    qtbot.addWidget(edit)
    edit.findChild(QCheckBox, "active").setChecked(False)
    edit.submit()
    assert list_cash_desks(db, page.actor)[0].active is False


def test_empty_name_is_refused_and_nothing_saved(qtbot, db: Database, russian) -> None:
    page = make_page(qtbot, db)
    dialog = page.make_desk_dialog(None)
    qtbot.addWidget(dialog)
    dialog.field("location").setText("Офис")
    dialog.submit()
    assert dialog.error_label.text() == "Введите название кассы."
    assert dialog.field("location").text() == "Офис"
    assert list_cash_desks(db, page.actor) == []
