"""The sign-in dialog: login and password, checked off the GUI thread, one generic error."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.errors import DomainError
from app.services.admin.auth import Authenticator, FailedAttempts
from app.services.kernel.permissions import Actor
from app.views.labels import short_moment
from app.views.messages import error_text, prompts
from app.views.worker import run_in_background


class LoginDialog(QDialog):
    """Accepts with `actor` set once the authenticator has let the user in."""

    signed_in = Signal(object)

    def __init__(
        self,
        authenticator: Authenticator,
        *,
        database_name: str,
        demo_logins: str = "",
        locked_login: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._authenticator = authenticator
        self.actor: Actor | None = None
        self.setWindowTitle(self.tr("Subscriber Desk — sign in"))
        self.setMinimumWidth(420)

        title = QLabel(
            self.tr("Unlock the workstation") if locked_login else self.tr("Sign in to Subscriber Desk")
        )
        title.setObjectName("dialogTitle")
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        title.setFont(font)

        self.login_edit = QLineEdit()
        self.login_edit.setObjectName("login")
        self.login_edit.setMaxLength(64)
        self.password_edit = QLineEdit()
        self.password_edit.setObjectName("password")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setMaxLength(256)
        form = QFormLayout()
        form.addRow(self.tr("&Login:"), self.login_edit)
        form.addRow(self.tr("&Password:"), self.password_edit)
        if locked_login:
            self.login_edit.setText(locked_login)
            self.login_edit.setReadOnly(True)

        self.error_label = QLabel()
        self.error_label.setObjectName("error")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #b00020;")
        self.error_label.hide()

        database_label = QLabel(self.tr("Database: {name}").format(name=database_name))
        database_label.setObjectName("database")
        database_label.setStyleSheet("color: palette(mid);")

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(
            self.tr("Unlock") if locked_login else self.tr("Sign in")
        )
        if locked_login:
            self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Sign out"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        if demo_logins:
            hint = QLabel(demo_logins)
            hint.setObjectName("demoHint")
            hint.setWordWrap(True)
            hint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            layout.addWidget(hint)
        layout.addWidget(database_label)
        layout.addWidget(self.buttons)
        (self.password_edit if locked_login else self.login_edit).setFocus()

    def submit(self) -> None:
        login = self.login_edit.text().strip()
        password = self.password_edit.text()
        if not login or not password:
            self._show_error(self.tr("Enter your login and password."))
            return
        self._set_busy(True)
        authenticator = self._authenticator
        run_in_background(
            lambda: authenticator.authenticate(login, password),
            self._on_signed_in,
            self._on_failed,
            parent=self,
        )

    def _on_signed_in(self, actor: Actor) -> None:
        self._set_busy(False)
        self.actor = actor
        notice = getattr(self._authenticator, "notice", None)
        if isinstance(notice, FailedAttempts):
            prompts.inform(self, self.windowTitle(), self.failed_attempts_text(notice))
        self.signed_in.emit(actor)
        self.accept()

    def failed_attempts_text(self, notice: FailedAttempts) -> str:
        text = self.tr("Failed sign-in attempts on your account since your last sign-in: {count}.").format(
            count=notice.count
        )
        if notice.last_at is not None:
            text += " " + self.tr("The last one at {time} from the computer «{pc}».").format(
                time=short_moment(notice.last_at), pc=notice.last_from or "?"
            )
        return text + " " + self.tr("If that was not you, tell the administrator.")

    def _on_failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        if not isinstance(exc, DomainError):
            prompts.show_error(self, exc)
            return
        self._show_error(error_text(exc))
        self.password_edit.clear()
        self.password_edit.setFocus()

    def _show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.show()

    def _set_busy(self, busy: bool) -> None:
        self.buttons.setEnabled(not busy)
        self.login_edit.setEnabled(not busy)
        self.password_edit.setEnabled(not busy)
        if busy:
            self.error_label.hide()
