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


def test_an_administrator_sets_up_the_second_factor_and_signs_in_with_it(
    qtbot, signin_db: Database, russian, tmp_path, monkeypatch
) -> None:
    """The whole walk: password → the QR code (read by a real decoder, as a phone reads it) → the
    app's code → the recovery codes, printed → signed in as an administrator; the next sign-in asks
    for the code only."""
    import base64
    import datetime as dt
    from urllib.parse import parse_qs, urlparse

    from app.services.admin.auth import reset_second_factor
    from app.services.admin.second_factor import totp
    from app.views.printing import printing
    from tests.printing.pdf import pdf_text
    from tests.printing.test_payment_qr import decode_qr

    db = signin_db
    boss = make_staff(db, "boss", Role.ADMIN)
    if not db.is_embedded:
        reset_second_factor(db, boss, boss.staff_id)  # the factory had set one up
    printed: list[bytes] = []
    monkeypatch.setattr(
        printing, "print_pdf", lambda _parent, pdf, _title, **_kw: printed.append(pdf) or True
    )

    dialog = make_dialog(qtbot, db)
    qtbot.keyClicks(dialog.login_edit, "boss")
    qtbot.keyClicks(dialog.password_edit, PASSWORD)
    qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == 2, timeout=5000)
    assert dialog.actor is None and dialog.enrol_code_edit.hasFocus()
    png = tmp_path / "qr.png"
    dialog.qr_label.pixmap().save(str(png))
    (uri,) = decode_qr(png)
    query = parse_qs(urlparse(uri).query)
    assert uri.startswith("otpauth://totp/") and query["issuer"] == ["Subscriber Desk"]
    assert dialog.secret_label.text().replace(" ", "") == query["secret"][0]
    secret = base64.b32decode(query["secret"][0] + "=" * (-len(query["secret"][0]) % 8))

    # A wrong code: a clear message, the dialog stays; the right one moves on.
    qtbot.keyClicks(
        dialog.enrol_code_edit, "000000" if totp(secret, dt.datetime.now(dt.UTC)) != "000000" else "1"
    )
    qtbot.keyClick(dialog.enrol_code_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.error_label.isVisible(), timeout=5000)
    assert dialog.error_label.text().startswith("Код неверен")
    dialog.enrol_code_edit.clear()
    qtbot.keyClicks(dialog.enrol_code_edit, totp(secret, dt.datetime.now(dt.UTC)))
    qtbot.keyClick(dialog.enrol_code_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == 3, timeout=5000)
    codes = dialog.recovery_codes.toPlainText().splitlines()
    assert len(codes) == 10
    qtbot.mouseClick(dialog.print_codes_button, Qt.MouseButton.LeftButton)
    (pdf,) = printed
    sheet = pdf_text(pdf, tmp_path)
    assert "коды восстановления" in sheet and "boss" in sheet and all(c in sheet for c in codes)
    with qtbot.waitSignal(dialog.signed_in, timeout=5000) as signal:
        qtbot.keyClick(dialog.recovery_codes, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert Role.ADMIN in signal.args[0].roles

    # The next sign-in: the password, then the app's code (the next step's: a code is good once).
    again = make_dialog(qtbot, db)
    qtbot.keyClicks(again.login_edit, "boss")
    qtbot.keyClicks(again.password_edit, PASSWORD)
    qtbot.keyClick(again.password_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: again.pages.currentIndex() == 1, timeout=5000)
    assert again.code_edit.hasFocus()
    qtbot.keyClicks(again.code_edit, totp(secret, dt.datetime.now(dt.UTC) + dt.timedelta(seconds=30)))
    with qtbot.waitSignal(again.signed_in, timeout=5000) as signal:
        qtbot.keyClick(again.code_edit, Qt.Key.Key_Return)
    assert Role.ADMIN in signal.args[0].roles


def test_unlocking_asks_an_administrator_for_the_code_again(qtbot, signin_db: Database) -> None:
    import datetime as dt

    from tests.factories import fresh_code, sign_in

    make_staff(signin_db, "boss", Role.ADMIN)  # on a server, the factory sets the app up
    if signin_db.is_embedded:
        sign_in(authenticator_for(signin_db), "boss")  # set up at the first sign-in
    unlock = make_dialog(qtbot, signin_db, locked_login="boss")
    qtbot.keyClicks(unlock.password_edit, PASSWORD)
    qtbot.keyClick(unlock.password_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: unlock.pages.currentIndex() == 1, timeout=5000)
    assert unlock.actor is None  # the password alone does not unlock an administrator's desk
    qtbot.keyClicks(unlock.code_edit, fresh_code("boss", dt.datetime.now(dt.UTC)))
    with qtbot.waitSignal(unlock.signed_in, timeout=5000) as signal:
        qtbot.keyClick(unlock.code_edit, Qt.Key.Key_Return)
    assert Role.ADMIN in signal.args[0].roles
