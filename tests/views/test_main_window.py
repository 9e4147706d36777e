"""The main window shows the sections of the user's roles, and the session loop (lock, sign out)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from app.db import Database
from app.models import Role
from app.views.desk_session import DeskSession
from app.views.main_window import MainWindow
from tests.factories import PASSWORD, make_staff

SECTIONS_BY_ROLE = {
    Role.FRONT_DESK: ["subscribers", "reports"],
    Role.CASHIER: ["subscribers", "cashdesk", "reports"],
    Role.DISPATCHER: ["subscribers", "dispatch", "reports"],
    Role.ADMIN: ["subscribers", "cashdesk", "dispatch", "reports", "administration"],
}


@pytest.mark.parametrize("role", list(SECTIONS_BY_ROLE))
def test_sections_follow_the_role(qtbot, db: Database, role: Role, russian) -> None:
    actor = make_staff(db, "someone", role)
    window = MainWindow(db, actor)
    qtbot.addWidget(window)
    assert window.section_keys() == SECTIONS_BY_ROLE[role]
    titles = [window.section_list.item(i).text() for i in range(window.section_list.count())]
    assert titles[0] == "Абоненты"
    assert "Someone Test" in window.user_label.text()
    assert db.display_name in window.database_label.text()


def test_status_bar_shows_a_lost_connection(qtbot, db: Database, russian) -> None:
    window = MainWindow(db, make_staff(db, "boss", Role.ADMIN))
    qtbot.addWidget(window)
    window.check_connection()
    qtbot.waitUntil(lambda: not window._ping_running, timeout=5000)
    assert window.connection_label.text() == "● связь есть"
    window.set_connection_state(False)
    assert window.connection_label.text() == "● нет связи с базой данных"


def _sign_in(qtbot, session: DeskSession, login: str, password: str) -> None:
    dialog = session.dialog
    assert dialog is not None
    if not dialog.login_edit.isReadOnly():
        qtbot.keyClicks(dialog.login_edit, login)
    qtbot.keyClicks(dialog.password_edit, password)
    qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)


def test_lock_unlock_and_sign_out(qtbot, signin_db: Database, russian) -> None:
    db = signin_db
    make_staff(db, "anna", Role.CASHIER)
    session = DeskSession(db, demo=False)
    session.show_login()
    _sign_in(qtbot, session, "anna", PASSWORD)
    qtbot.waitUntil(lambda: session.window is not None and session.window.isVisible(), timeout=5000)
    window = session.window
    assert window is not None  # deleted by the session on sign-out: not registered with qtbot

    window.lock_action.trigger()
    assert not window.isVisible()
    assert session.dialog is not None and session.dialog.login_edit.text() == "anna"
    qtbot.addWidget(session.dialog)
    _sign_in(qtbot, session, "anna", "not-it")
    qtbot.waitUntil(lambda: session.dialog.error_label.isVisible(), timeout=5000)
    assert not window.isVisible()
    session.dialog.password_edit.clear()
    _sign_in(qtbot, session, "anna", PASSWORD)
    qtbot.waitUntil(window.isVisible, timeout=5000)

    window.sign_out_action.trigger()
    qtbot.waitUntil(lambda: session.window is None, timeout=5000)
    assert session.dialog is not None and session.dialog.isVisible()
    qtbot.addWidget(session.dialog)
    assert session.dialog.login_edit.text() == ""

    from sqlalchemy import text

    with db.reading() as conn:
        kinds = [k for (k,) in conn.execute(text("SELECT kind FROM event ORDER BY id"))]
    # On a server the server refuses the wrong password; this PC reports it at the next sign-in here.
    assert kinds == ["login", "workstation_locked", "login_failed", "login", "logout"]


def test_an_older_schema_is_upgraded_only_by_an_admin_who_agrees(qtbot, db: Database, monkeypatch) -> None:
    from app.views.messages import prompts

    warned: list[str] = []
    monkeypatch.setattr(prompts, "warn", lambda _parent, _title, text: warned.append(text))
    session = DeskSession(db, demo=False, schema_older=True)
    cashier = make_staff(db, "anna", Role.CASHIER)
    assert not session._upgrade_schema(cashier)
    assert warned and session.schema_older

    admin = make_staff(db, "boss", Role.ADMIN)
    monkeypatch.setattr(prompts, "confirm", lambda *_args: False)
    assert not session._upgrade_schema(admin)
    monkeypatch.setattr(prompts, "confirm", lambda *_args: True)
    assert session._upgrade_schema(admin)
    assert not session.schema_older


def test_built_sections_are_real_pages(qtbot, db: Database) -> None:
    from app.views.admin.admin_page import AdminPage
    from app.views.cashdesk.cash_desk_page import CashDeskPage
    from app.views.frontdesk.frontdesk_page import FrontDeskPage
    from app.views.reports.reports_page import ReportsPage

    window = MainWindow(db, make_staff(db, "boss", Role.ADMIN))
    qtbot.addWidget(window)
    assert not isinstance(window.pages.widget(4), AdminPage), "built only when first opened"
    window.build_all_sections()
    pages = {key: window.pages.widget(i) for i, key in enumerate(window.section_keys())}
    assert isinstance(pages["cashdesk"], CashDeskPage)
    assert isinstance(pages["reports"], ReportsPage)
    assert isinstance(pages["administration"], AdminPage)
    assert isinstance(pages["subscribers"], FrontDeskPage)
    assert window.show_section("reports") and window.pages.currentWidget() is pages["reports"]


def test_ctrl_and_a_number_opens_a_section_with_the_keyboard_in_it(qtbot, db: Database, russian) -> None:
    from PySide6.QtWidgets import QApplication

    window = MainWindow(db, make_staff(db, "kassa", Role.CASHIER))
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    assert [a.shortcut().toString() for a in window.section_actions] == ["Ctrl+1", "Ctrl+2", "Ctrl+3"]
    assert [a.text() for a in window.section_actions] == ["Абоненты", "Касса", "Отчёты"]
    qtbot.keyClick(window.section_list, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.section_keys()[window.section_list.currentRow()] == "cashdesk"
    cash_desk = window.pages.currentWidget()
    focused = QApplication.focusWidget()
    assert focused is not None and cash_desk.isAncestorOf(focused)  # not left in the section list
    qtbot.keyClick(focused, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert window.pages.currentWidget() is window.pages.widget(0)


def test_the_language_is_this_computers_choice_for_the_next_start(
    qtbot, db: Database, monkeypatch, tmp_path
) -> None:
    """One place for the language: the Workstation menu writes this PC's setting, which start-up reads
    (Administration has no language setting that would do nothing)."""
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QWidget

    from app.views.admin.company_page import CompanyPage
    from app.views.i18n import LANGUAGE_SETTING
    from app.views.messages import prompts

    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(tmp_path))
    told: list[str] = []
    monkeypatch.setattr(prompts, "inform", lambda _parent, _title, message: told.append(message))
    admin = make_staff(db, "boss", Role.ADMIN)
    window = MainWindow(db, admin)
    qtbot.addWidget(window)
    actions = {a.data(): a for a in window.language_actions.actions()}
    assert list(actions) == ["", "ru", "en"] and actions[""].isChecked()
    actions["en"].trigger()
    assert QSettings().value(LANGUAGE_SETTING) == "en" and "next start" in told[0]
    company = CompanyPage(db, admin)
    qtbot.addWidget(company)
    assert not hasattr(company, "language")
    assert [w for w in company.findChildren(QWidget) if w.objectName() == "language"] == []
    QSettings().remove(LANGUAGE_SETTING)
