"""The sign-in dialog: login and password, checked off the GUI thread, one generic error; then, for
people whose roles need it, the second factor: the code of their authenticator app, or setting the
app up (a QR code to scan, a code to prove it, recovery codes to print once).

At start-up it shows before the database is open (`set_authenticator` comes when it is), so what it
needs of the domain and of printing is imported when first used, not with the module."""

from __future__ import annotations

from typing import TYPE_CHECKING

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
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app import clock
from app.errors import DomainError
from app.views.messages import error_text, prompts
from app.views.worker import run_in_background

if TYPE_CHECKING:
    from app.services.admin.auth import Authenticator, FailedAttempts
    from app.services.admin.second_factor import Enrolment
    from app.services.kernel.permissions import Actor

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
    """Accepts with `actor` set once the authenticator has let the user in.

    Made with no authenticator, it is the first window of the program while the database opens: the
    person may type at once, and a sign-in asked for before `set_authenticator` waits for it."""

    signed_in = Signal(object)

    def __init__(
        self,
        authenticator: Authenticator | None,
        *,
        database_name: str = "",
        demo_logins: str = "",
        locked_login: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._authenticator = authenticator
        self._asked: tuple[str, str] | None = None  # login and password typed before the database opened
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

        self.database_label = QLabel()
        self.database_label.setObjectName("database")
        self.database_label.setStyleSheet("color: palette(mid);")
        self._show_database(database_name)

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
        self._fit_to_page(0)
        self._enrolment: Enrolment | None = None
        self._pending: Actor | None = None

        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.pages)
        layout.addWidget(self.error_label)
        self.demo_hint = QLabel(demo_logins)
        self.demo_hint.setObjectName("demoHint")
        self.demo_hint.setWordWrap(True)
        self.demo_hint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.demo_hint.setVisible(bool(demo_logins))
        layout.addWidget(self.demo_hint)
        layout.addWidget(self.database_label)
        layout.addWidget(self.buttons)
        (self.password_edit if locked_login else self.login_edit).setFocus()

    @property
    def ready(self) -> bool:
        """Whether the database is open and a sign-in goes to it."""
        return self._authenticator is not None

    def set_authenticator(
        self, authenticator: Authenticator, *, database_name: str, demo_logins: str = ""
    ) -> None:
        """The database is open: sign-ins go to `authenticator`, one already asked for goes now."""
        self._authenticator = authenticator
        self._show_database(database_name)
        self.demo_hint.setText(demo_logins)
        self.demo_hint.setVisible(bool(demo_logins))
        self.adjustSize()
        asked, self._asked = self._asked, None
        if asked is not None:
            self._authenticate(*asked)

    def opening_failed(self) -> None:
        """The database did not open: a sign-in asked for meanwhile is dropped, the fields open again."""
        self._asked = None
        self._set_busy(False)

    def _show_database(self, name: str) -> None:
        self.database_label.setText(
            self.tr("Database: {name}").format(name=name) if name else self.tr("Opening the database…")
        )

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
        if self._authenticator is None:
            self._asked = (login, password)  # set_authenticator sends it
            return
        self._authenticate(login, password)

    def _authenticate(self, login: str, password: str) -> None:
        authenticator = self._authenticator
        assert authenticator is not None
        run_in_background(
            lambda: authenticator.authenticate(login, password),
            self._on_signed_in,
            self._on_failed,
            parent=self,
        )

    def _on_signed_in(self, actor: Actor) -> None:
        from app.services.admin.auth import FailedAttempts, SecondFactorStep
        from app.services.admin.second_factor import Enrolment

        self._set_busy(False)
        assert self._authenticator is not None
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

    def _fit_to_page(self, index: int) -> None:
        """The pages stack as tall as the page shown, not as the tallest (the recovery codes' page left a
        blank the height of a text box under the login and password)."""
        for number in range(self.pages.count()):
            policy = QSizePolicy.Policy.Preferred if number == index else QSizePolicy.Policy.Ignored
            page = self.pages.widget(number)
            assert page is not None
            page.setSizePolicy(policy, policy)
        self.pages.setCurrentIndex(index)
        self.pages.adjustSize()

    def _show_page(self, index: int, ok_text: str) -> None:
        self.error_label.hide()
        self._fit_to_page(index)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
        self.adjustSize()

    def _submit_code(self) -> None:
        code = self.code_edit.text().strip()
        if not code:
            self._show_error(self.tr("Type the code from your authenticator app."))
            return
        self._set_busy(True)
        authenticator = self._authenticator
        assert authenticator is not None
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
        assert authenticator is not None
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
        from app.views.labels import in_company_zone
        from app.views.printing import printing

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
        from app.views.labels import short_moment

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
