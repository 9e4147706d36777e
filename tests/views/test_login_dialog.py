"""The sign-in dialog driven like a person would: type, press Enter, read the message."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from app.db import Database
from app.models import Role
from app.services.admin.auth import authenticator_for
from app.views.login_dialog import LoginDialog
from tests.factories import PASSWORD, make_staff


def make_dialog(qtbot, db: Database, **kwargs) -> LoginDialog:
    dialog = LoginDialog(authenticator_for(db), database_name=db.display_name, **kwargs)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_dialog_is_russian_including_qt_standard_buttons(qtbot, db: Database, russian) -> None:
    dialog = make_dialog(qtbot, db, demo_logins="admin / demo")
    assert dialog.windowTitle() == "Subscriber Desk — вход"
    assert dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).text() == "Войти"
    assert dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel).text() == "Отмена"


def test_wrong_password_shows_one_generic_message_and_keeps_the_login(
    qtbot, signin_db: Database, russian
) -> None:
    db = signin_db
    make_staff(db, "anna", Role.CASHIER)
    dialog = make_dialog(qtbot, db)
    qtbot.keyClicks(dialog.login_edit, "anna")
    qtbot.keyClicks(dialog.password_edit, "wrong-one")
    qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.error_label.isVisible(), timeout=5000)
    assert dialog.error_label.text().startswith("Неверный логин или пароль")
    assert dialog.login_edit.text() == "anna"
    assert dialog.actor is None and dialog.isVisible()


def test_empty_fields_are_refused_without_asking_the_database(qtbot, db: Database, russian) -> None:
    dialog = make_dialog(qtbot, db)
    qtbot.keyClick(dialog.login_edit, Qt.Key.Key_Return)
    assert dialog.error_label.text() == "Введите логин и пароль."


def test_right_password_signs_in(qtbot, signin_db: Database) -> None:
    db = signin_db
    make_staff(db, "anna", Role.CASHIER)
    dialog = make_dialog(qtbot, db)
    qtbot.keyClicks(dialog.login_edit, "anna")
    qtbot.keyClicks(dialog.password_edit, PASSWORD)
    with qtbot.waitSignal(dialog.signed_in, timeout=5000) as signal:
        qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
    assert signal.args[0].login == "anna"
    assert dialog.result() == LoginDialog.DialogCode.Accepted


def test_failed_attempts_from_another_pc_are_told_at_sign_in(
    qtbot, sqlite_db: Database, russian, monkeypatch
) -> None:
    import pytest

    from app.errors import AuthenticationFailed
    from app.services.admin.auth import EmbeddedAuthenticator
    from app.views.messages import prompts

    make_staff(sqlite_db, "anna", Role.CASHIER)
    with pytest.raises(AuthenticationFailed):
        EmbeddedAuthenticator(sqlite_db, workstation="PC-7").authenticate("anna", "a guess")
    told: list[str] = []
    monkeypatch.setattr(prompts, "inform", lambda _parent, _title, text: told.append(text))
    dialog = LoginDialog(EmbeddedAuthenticator(sqlite_db, workstation="KASSA-1"), database_name="x")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.login_edit, "anna")
    qtbot.keyClicks(dialog.password_edit, PASSWORD)
    with qtbot.waitSignal(dialog.signed_in, timeout=5000):
        qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
    assert len(told) == 1 and "1" in told[0] and "«PC-7»" in told[0]
