"""The sign-in dialog: login and password, checked off the GUI thread, one generic error; then, for
people whose roles need it, the second factor: the code of their authenticator app, or setting the
app up (a QR code to scan, a code to prove it, recovery codes to print once)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QImage, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app import clock
from app.errors import DomainError
from app.services.admin.auth import Authenticator, FailedAttempts, SecondFactorStep
from app.services.admin.second_factor import Enrolment
from app.services.kernel.permissions import Actor
from app.views.labels import in_company_zone, short_moment
from app.views.messages import error_text, prompts
from app.views.printing import printing
from app.views.worker import run_in_background

QR_PIXELS_PER_MODULE = 5


def qr_pixmap(text: str) -> QPixmap:
    """`text` as a QR code on screen, the quiet zone included."""
    from app.printing.payment_qr import QUIET_ZONE_MODULES, qr_modules  # reportlab: only when enrolling

    modules = qr_modules(text)
    size = len(modules) + 2 * QUIET_ZONE_MODULES
    image = QImage(size, size, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    black = QColor("black").rgb()
    for y, row in enumerate(modules):
        for x, dark in enumerate(row):
            if dark:
                image.setPixel(x + QUIET_ZONE_MODULES, y + QUIET_ZONE_MODULES, black)
    return QPixmap.fromImage(image.scaled(size * QR_PIXELS_PER_MODULE, size * QR_PIXELS_PER_MODULE))


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

        password_page = QWidget()
        password_layout = QVBoxLayout(password_page)
        password_layout.setContentsMargins(0, 0, 0, 0)
        password_layout.addLayout(form)
        self.pages = QStackedWidget()
        self.pages.addWidget(password_page)
        self.pages.addWidget(self._code_page())
        self.pages.addWidget(self._enrol_page())
        self.pages.addWidget(self._recovery_page())
        self._enrolment: Enrolment | None = None
        self._pending: Actor | None = None

        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.pages)
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

    def _code_page(self) -> QWidget:
        page = QWidget()
        self.code_edit = QLineEdit()
        self.code_edit.setObjectName("code")
        self.code_edit.setMaxLength(32)
        self.code_edit.setPlaceholderText("123456")
        hint = QLabel(
            self.tr(
                "Your account signs in with a second factor. Type the six-digit code your authenticator "
                "app shows now, or one of your printed recovery codes."
            )
        )
        hint.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("&Code:"), self.code_edit)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(hint)
        layout.addLayout(form)
        return page

    def _enrol_page(self) -> QWidget:
        page = QWidget()
        hint = QLabel(
            self.tr(
                "Your account needs a second factor. Install an authenticator app on your phone "
                "(Google Authenticator, Яндекс Ключ, Microsoft Authenticator, FreeOTP…), scan this code "
                "with it or type the key below, then type the six-digit code the app shows."
            )
        )
        hint.setWordWrap(True)
        self.qr_label = QLabel()
        self.qr_label.setObjectName("enrolQr")
        self.qr_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.secret_label = QLabel()
        self.secret_label.setObjectName("enrolSecret")
        self.secret_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.secret_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        font = self.secret_label.font()
        font.setFamily("monospace")
        self.secret_label.setFont(font)
        self.enrol_code_edit = QLineEdit()
        self.enrol_code_edit.setObjectName("enrolCode")
        self.enrol_code_edit.setMaxLength(16)
        form = QFormLayout()
        form.addRow(self.tr("Code from the &app:"), self.enrol_code_edit)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(hint)
        layout.addWidget(self.qr_label)
        layout.addWidget(self.secret_label)
        layout.addLayout(form)
        return page

    def _recovery_page(self) -> QWidget:
        page = QWidget()
        hint = QLabel(
            self.tr(
                "The second factor is set up. These recovery codes let you in once each if your phone is "
                "not at hand. They are shown only now: print them and keep the sheet safe."
            )
        )
        hint.setWordWrap(True)
        self.recovery_codes = QPlainTextEdit()
        self.recovery_codes.setObjectName("recoveryCodes")
        self.recovery_codes.setReadOnly(True)
        font = self.recovery_codes.font()
        font.setFamily("monospace")
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.recovery_codes.setFont(font)
        self.print_codes_button = QPushButton(self.tr("&Print the codes…"))
        self.print_codes_button.setObjectName("printCodes")
        self.print_codes_button.clicked.connect(self.print_recovery_codes)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.print_codes_button)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(hint)
        layout.addWidget(self.recovery_codes)
        layout.addLayout(row)
        return page

    def submit(self) -> None:
        page = self.pages.currentIndex()
        if page == 1:
            self._submit_code()
            return
        if page == 2:
            self._submit_enrolment()
            return
        if page == 3:
            self._finish(self._pending)
            return
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
        notice = getattr(self._authenticator, "notice", None)
        if isinstance(notice, FailedAttempts):
            prompts.inform(self, self.windowTitle(), self.failed_attempts_text(notice))
        step = self._authenticator.second_factor
        if step is SecondFactorStep.CODE:
            self._show_page(1, self.tr("Confirm"))
            self.code_edit.setFocus()
            return
        if step is SecondFactorStep.ENROL:
            self._enrolment = Enrolment.new(actor.login)
            self.qr_label.setPixmap(qr_pixmap(self._enrolment.uri))
            self.secret_label.setText(self._enrolment.text)
            self._show_page(2, self.tr("Confirm"))
            self.enrol_code_edit.setFocus()
            return
        self._finish(actor)

    def _finish(self, actor: Actor | None) -> None:
        if actor is None:
            return
        self.actor = actor
        self.signed_in.emit(actor)
        self.accept()

    def _show_page(self, index: int, ok_text: str) -> None:
        self.error_label.hide()
        self.pages.setCurrentIndex(index)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
        self.adjustSize()

    def _submit_code(self) -> None:
        code = self.code_edit.text().strip()
        if not code:
            self._show_error(self.tr("Type the code from your authenticator app."))
            return
        self._set_busy(True)
        authenticator = self._authenticator
        run_in_background(
            lambda: authenticator.confirm_second_factor(code),
            self._finish_after_code,
            self._on_code_refused,
            parent=self,
        )

    def _finish_after_code(self, actor: Actor) -> None:
        self._set_busy(False)
        self._finish(actor)

    def _submit_enrolment(self) -> None:
        code = self.enrol_code_edit.text().strip()
        enrolment = self._enrolment
        if not code or enrolment is None:
            self._show_error(self.tr("Type the code from your authenticator app."))
            return
        self._set_busy(True)
        authenticator = self._authenticator
        run_in_background(
            lambda: authenticator.enrol_second_factor(enrolment, code),
            self._on_enrolled,
            self._on_code_refused,
            parent=self,
        )

    def _on_enrolled(self, result: tuple[Actor, list[str]]) -> None:
        self._set_busy(False)
        actor, codes = result
        self._pending = actor
        self._codes = codes
        self.recovery_codes.setPlainText("\n".join(codes))
        self._show_page(3, self.tr("I have kept the codes"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setEnabled(False)
        self.print_codes_button.setFocus()

    def print_recovery_codes(self) -> None:
        from app.printing.recovery_codes import render_recovery_codes

        actor = self._pending
        if actor is None:
            return
        pdf = render_recovery_codes(
            login=actor.login,
            full_name=actor.full_name,
            codes=self._codes,
            moment=in_company_zone(clock.now()),
        )
        printing.print_pdf(self, pdf, self.tr("Recovery codes"))

    def _on_code_refused(self, exc: BaseException) -> None:
        self._set_busy(False)
        if not isinstance(exc, DomainError):
            prompts.show_error(self, exc)
            return
        self._show_error(error_text(exc))
        edit = self.code_edit if self.pages.currentIndex() == 1 else self.enrol_code_edit
        edit.selectAll()
        edit.setFocus()

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
        self.code_edit.setEnabled(not busy)
        self.enrol_code_edit.setEnabled(not busy)
        if busy:
            self.error_label.hide()
