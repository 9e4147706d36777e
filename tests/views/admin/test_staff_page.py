"""Administration → Staff driven through the real widgets."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QLineEdit
from sqlalchemy import make_url, text

from app.db import Database
from app.models import Role
from app.services.admin import staff as staff_service
from app.views.admin.staff_page import StaffPage
from app.views.messages import prompts
from tests.factories import make_staff
from tests.tcp_proxy import TcpProxy


def staff_logins(db: Database) -> list[str]:
    with db.reading() as conn:
        return [login for (login,) in conn.execute(text("SELECT login FROM staff ORDER BY login"))]


@pytest.fixture
def page(qtbot, db: Database) -> StaffPage:
    admin = make_staff(db, "boss", Role.ADMIN)
    make_staff(db, "anna", Role.CASHIER)
    widget = StaffPage(db, admin)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def fill_new_staff(dialog, login: str, name: str, password: str, repeat: str, roles: list[Role]) -> None:
    dialog.field("login").setText(login)
    dialog.field("full_name").setText(name)
    dialog.field("password").setText(password)
    dialog.field("repeat").setText(repeat)
    for role in roles:
        dialog.findChild(QCheckBox, f"role_{role.value}").setChecked(True)


def test_model_passes_qtmodeltester(qtmodeltester, page: StaffPage) -> None:
    assert page.model.rowCount() == 2
    qtmodeltester.check(page.model)


def test_list_is_russian(page: StaffPage, russian) -> None:
    page.reload()
    assert page.model.headerData(1, Qt.Orientation.Horizontal) == "ФИО"
    assert page.model.index(0, 2).data() == "кассир"
    assert page.model.index(0, 3).data() == "действует"


def test_bad_input_keeps_the_form_and_saves_nothing(qtbot, page: StaffPage, db: Database, russian) -> None:
    dialog = page.make_add_dialog()
    qtbot.addWidget(dialog)
    fill_new_staff(dialog, "olga", "Ольга Смирнова", "short", "short", [Role.CASHIER])
    dialog.submit()
    assert dialog.error_label.text() == "Пароль должен быть не короче 10 символов."
    assert dialog.result() == 0
    assert dialog.field("login").text() == "olga" and dialog.field("full_name").text() == "Ольга Смирнова"

    fill_new_staff(dialog, "olga", "Ольга Смирнова", "olga-kassa-2026", "olga-kassa-2027", [])
    dialog.submit()
    assert dialog.error_label.text().startswith("Пароли не совпадают")
    assert staff_logins(db) == ["anna", "boss"]

    fill_new_staff(dialog, "olga", "Ольга Смирнова", "olga-kassa-2026", "olga-kassa-2026", [Role.CASHIER])
    dialog.submit()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert staff_logins(db) == ["anna", "boss", "olga"]


def test_roles_edit_refused_when_someone_changed_the_row(
    qtbot, page: StaffPage, db: Database, russian
) -> None:
    page.table.selectRow(0)
    anna = page.selected()
    assert anna is not None and anna.login == "anna"
    dialog = page.make_roles_dialog(anna)
    qtbot.addWidget(dialog)
    # Another administrator changes Anna's roles while this dialog is open.
    staff_service.set_roles(db, page.actor, anna.id, [Role.CASHIER, Role.DISPATCHER])
    dialog.findChild(QCheckBox, "role_front_desk").setChecked(True)
    dialog.submit()
    assert dialog.error_label.text().startswith("Эту запись за это время изменил другой пользователь")
    page.reload(select_id=anna.id)
    assert page.selected().roles == frozenset({Role.CASHIER, Role.DISPATCHER})


def test_deactivate_asks_first(page: StaffPage, db: Database, monkeypatch) -> None:
    page.table.selectRow(0)
    monkeypatch.setattr(prompts, "confirm", lambda *_args: False)
    page.toggle_active()
    assert page.selected().active
    monkeypatch.setattr(prompts, "confirm", lambda *_args: True)
    page.toggle_active()
    assert not page.selected().active
    assert page.active_button.text() == "Re&activate"
    assert staff_logins(db) == ["anna", "boss"]  # never deleted


def test_reset_second_factor_asks_first_and_the_person_sets_up_a_new_app(
    page: StaffPage, db: Database, monkeypatch
) -> None:
    from app.services.admin.auth import SecondFactorStep, authenticator_for
    from tests.factories import PASSWORD, sign_in

    make_staff(db, "chief", Role.ADMIN)
    sign_in(authenticator_for(db), "chief")  # enrolled
    page.reload()
    page.table.selectRow(staff_logins(db).index("chief"))
    monkeypatch.setattr(prompts, "confirm", lambda *_args: False)
    page.reset_factor_button.click()
    auth = authenticator_for(db)
    auth.authenticate("chief", PASSWORD)
    assert auth.second_factor is SecondFactorStep.CODE
    monkeypatch.setattr(prompts, "confirm", lambda *_args: True)
    page.reset_factor_button.click()
    auth = authenticator_for(db)
    auth.authenticate("chief", PASSWORD)
    assert auth.second_factor is SecondFactorStep.ENROL


@pytest.fixture
def proxied_page(qtbot, pg_db: Database) -> Iterator[tuple[StaffPage, TcpProxy]]:
    url = make_url(pg_db.url.render_as_string(hide_password=False))
    proxy = TcpProxy(url.host or "127.0.0.1", url.port or 5432)
    db = Database(url.set(host="127.0.0.1", port=proxy.port))
    widget = StaffPage(db, make_staff(db, "boss", Role.ADMIN))
    qtbot.addWidget(widget)
    yield widget, proxy
    proxy.cut()
    db.dispose()


def test_lost_database_keeps_the_form_and_says_nothing_was_saved(qtbot, proxied_page, pg_db, russian) -> None:
    page, proxy = proxied_page
    dialog = page.make_add_dialog()
    qtbot.addWidget(dialog)
    fill_new_staff(dialog, "olga", "Ольга Смирнова", "olga-kassa-2026", "olga-kassa-2026", [Role.CASHIER])
    proxy.cut()
    dialog.submit()
    assert dialog.error_label.text().startswith("База данных недоступна: ничего не сохранено")
    assert dialog.findChild(QLineEdit, "login").text() == "olga"
    assert staff_logins(pg_db) == ["boss"]


def test_on_a_server_each_person_shows_their_own_server_login(page: StaffPage, db: Database, russian) -> None:
    model = page.model
    titles = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    if db.is_embedded:
        assert titles[-1] == "ИНН" and len(titles) == 5  # one PC: its own passwords, no server logins
        return
    assert titles[-1] == "Вход на сервер"
    row = next(r for r in range(model.rowCount()) if model.index(r, 0).data() == "anna")
    assert model.index(row, 5).data() == f"anna@{db.url.database}"


def test_the_cashiers_inn_is_typed_checked_and_shown(page: StaffPage, db: Database, russian) -> None:
    row = next(r for r in range(page.model.rowCount()) if page.model.index(r, 0).data() == "anna")
    page.table.selectRow(row)
    dialog = page.make_inn_dialog(page.selected())
    field = dialog.findChild(QLineEdit)
    field.setText("5001 0073 2258")  # a typo in the check digits
    dialog.submit()
    assert dialog.result() != dialog.DialogCode.Accepted and "опечатка" in dialog.error_label.text()
    assert field.text() == "5001 0073 2258"  # what was typed stays
    field.setText("500100732259")
    dialog.submit()
    assert dialog.result() == dialog.DialogCode.Accepted
    page.reload()
    row = next(r for r in range(page.model.rowCount()) if page.model.index(r, 0).data() == "anna")
    assert page.model.index(row, 4).data() == "500100732259"
