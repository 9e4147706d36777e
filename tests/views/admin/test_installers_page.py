"""Administration → Installers driven through the real widgets."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QListView
from sqlalchemy import text

from app.db import Database
from app.models import Role
from app.services.admin import place_editing
from app.services.dispatch import installers
from app.views.admin.installers_page import DistrictCheckModel, InstallersPage
from app.views.form_dialog import FormDialog
from app.views.messages import prompts
from tests.factories import make_staff


def installer_names(db: Database) -> list[str]:
    with db.reading() as conn:
        return [n for (n,) in conn.execute(text("SELECT full_name FROM installer ORDER BY full_name"))]


@pytest.fixture
def page(qtbot, db: Database) -> InstallersPage:
    admin = make_staff(db, "boss", Role.ADMIN)
    north = place_editing.create_district(db, admin, "Северный")
    place_editing.create_district(db, admin, "Южный")
    installers.create_installer(
        db, admin, full_name="Петров Иван", phone="89161234567", district_ids=[north.id]
    )
    widget = InstallersPage(db, admin)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def districts_of(dialog: FormDialog) -> DistrictCheckModel:
    model = dialog.findChild(QListView, "district_ids").model()
    assert isinstance(model, DistrictCheckModel)
    return model


def fill(dialog: FormDialog, **values: str) -> None:
    for name, value in values.items():
        dialog.findChild(QLineEdit, name).setText(value)


def test_models_pass_qtmodeltester(qtmodeltester, qtbot, page: InstallersPage) -> None:
    assert page.model.rowCount() == 1
    qtmodeltester.check(page.model)
    page.table.selectRow(0)
    dialog = page.make_installer_dialog(page.selected())
    qtbot.addWidget(dialog)
    qtmodeltester.check(districts_of(dialog))


def test_table_shows_the_phone_in_the_usual_form(page: InstallersPage) -> None:
    assert [page.model.index(0, c).data() for c in range(4)] == [
        "Петров Иван",
        "+7 (916) 123-45-67",
        "Северный",
        "active",
    ]


def test_new_installer_with_bad_input_keeps_the_form_and_saves_nothing(
    qtbot, page: InstallersPage, db
) -> None:
    dialog = page.make_installer_dialog(None)
    qtbot.addWidget(dialog)
    fill(dialog, full_name="Козлов Пётр", phone="8 916 12")
    districts_of(dialog).set_checked("Южный", True)
    dialog.submit()
    assert dialog.error_label.text().startswith("A Russian phone number is +7 or 8 and then 10 digits")
    assert dialog.result() == 0
    assert dialog.findChild(QLineEdit, "full_name").text() == "Козлов Пётр"
    assert dialog.findChild(QLineEdit, "phone").text() == "8 916 12"
    assert installer_names(db) == ["Петров Иван"]

    fill(dialog, phone="+7 (903) 000-11-22")
    dialog.submit()
    assert dialog.result() == dialog.DialogCode.Accepted
    page.reload(select_id=dialog.result_value.id)
    added = page.selected()
    assert (added.full_name, added.phone, added.district_names) == ("Козлов Пётр", "79030001122", ("Южный",))


def test_edit_installer_districts_and_a_stale_edit_is_refused(qtbot, page: InstallersPage) -> None:
    page.table.selectRow(0)
    row = page.selected()
    dialog = page.make_installer_dialog(row)
    qtbot.addWidget(dialog)
    assert dialog.findChild(QLineEdit, "phone").text() == "+7 (916) 123-45-67"
    checks = districts_of(dialog)
    assert checks.index(0).data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    checks.set_checked("Южный", True)
    checks.set_checked("Северный", False)
    dialog.submit()
    assert dialog.result() == dialog.DialogCode.Accepted

    stale = page.make_installer_dialog(row)
    qtbot.addWidget(stale)
    fill(stale, full_name="Петров Иван Ильич")
    stale.submit()
    assert stale.error_label.text().startswith("This record was changed by someone else")
    page.reload(select_id=row.id)
    assert page.selected().full_name == "Петров Иван"
    assert page.model.index(0, 2).data() == "Южный"


def test_deactivate_and_reactivate_ask_first(page: InstallersPage, db: Database, monkeypatch) -> None:
    page.table.selectRow(0)
    asked: list[str] = []

    def answer(result: bool):
        def confirm(_parent, _title, question: str) -> bool:
            asked.append(question)
            return result

        return confirm

    monkeypatch.setattr(prompts, "confirm", answer(False))
    page.toggle_active()
    assert page.selected().active
    monkeypatch.setattr(prompts, "confirm", answer(True))
    page.toggle_active()
    assert not page.selected().active
    assert page.active_button.text() == "Re&activate"
    assert page.model.index(0, 3).data() == "deactivated"
    page.toggle_active()
    assert page.selected().active
    assert asked[0].startswith("Deactivate the installer Петров Иван?")
    assert asked[2].startswith("Reactivate the installer Петров Иван?")
    assert installer_names(db) == ["Петров Иван"]  # never deleted
