"""Asks for the database server's password when the keyring has none (or there is no keyring)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QCheckBox, QLineEdit, QWidget
from sqlalchemy import URL

from app.secrets import keyring_available, store_password
from app.views.form_dialog import FormDialog


def ask_database_password(url: URL, parent: QWidget | None = None) -> str | None:
    dialog = FormDialog(QCoreApplication.translate("PasswordDialog", "Database password"), parent)
    password = QLineEdit()
    password.setEchoMode(QLineEdit.EchoMode.Password)
    label = QCoreApplication.translate("PasswordDialog", "Password of {user} on {host}:")
    dialog.add_field(label.format(user=url.username, host=url.host), password, "password")
    remember = QCheckBox(QCoreApplication.translate("PasswordDialog", "Remember it in the system keyring"))
    if keyring_available():
        remember.setChecked(True)
    else:
        remember.setEnabled(False)
        remember.setToolTip(
            QCoreApplication.translate(
                "PasswordDialog", "This computer has no keyring: the password will be asked at every start."
            )
        )
    dialog.add_field("", remember, "remember")
    dialog.set_action(password.text)
    if not dialog.exec():
        return None
    value: str = dialog.result_value
    if remember.isChecked():
        store_password(url, value)
    return value
