"""Which database this PC works in: asked on the first start (and from Workstation → Change database…).
"This PC only" keeps the embedded database in the user's data folder; "office server" takes the
server's address, and *Check* connects with a login to tell the version of the server and whether its
schema fits this program, with the next step in words (an upgrade, the first administrator)."""

from __future__ import annotations

from functools import partial
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.bootstrap import EMBEDDED, save_database
from app.db import Database
from app.errors import DomainError, ValidationError
from app.schema import SchemaState, upgrade
from app.services.admin.database_choice import (
    DEFAULT_DATABASE,
    DEFAULT_PORT,
    ServerAddress,
    ServerCheck,
    check_server,
    connect_for_check,
    server_address,
)
from app.views.form_dialog import FormDialog, error_label
from app.views.messages import error_text, prompts
from app.views.waiting import wait_for
from app.views.worker import run_in_background


def create_first_admin(db: Database, parent: QWidget | None = None) -> bool:
    """The first administrator of a new database: login, name and password, saved by the domain."""
    from app.services.admin.staff import create_admin_from_console

    dialog = FormDialog(QCoreApplication.translate("Startup", "First administrator"), parent)
    login, name, password = QLineEdit("admin"), QLineEdit(), QLineEdit()
    password.setEchoMode(QLineEdit.EchoMode.Password)
    dialog.add_field(QCoreApplication.translate("Startup", "Login:"), login, "login")
    dialog.add_field(QCoreApplication.translate("Startup", "Full name:"), name, "full_name")
    dialog.add_field(QCoreApplication.translate("Startup", "Password:"), password, "password")
    dialog.set_call(
        lambda: partial(
            create_admin_from_console, db, login=login.text(), full_name=name.text(), password=password.text()
        )
    )
    return bool(dialog.exec())


class FirstRunDialog(QDialog):
    """Accepts once the choice is saved for this PC; `choice` is EMBEDDED or the server's URL."""

    def __init__(self, current: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Subscriber Desk — where the data is"))
        self.setMinimumWidth(560)
        self.choice: str | None = None
        self._checked_db: Database | None = None
        self._busy = False

        intro = QLabel(
            self.tr(
                "Choose the database this computer works in. You can change it later in the "
                "menu Workstation → Change database…"
            )
        )
        intro.setWordWrap(True)
        self.this_pc = QRadioButton(self.tr("&This computer only — the data stays in this user's folder"))
        self.server = QRadioButton(
            self.tr("&Office server — every computer of the office works in one database")
        )
        group = QButtonGroup(self)
        group.addButton(self.this_pc)
        group.addButton(self.server)

        self.server_box = QGroupBox(self.tr("Office server (PostgreSQL)"))
        self.host = QLineEdit()
        self.host.setPlaceholderText(self.tr("e.g. db-server or 192.168.10.5"))
        self.port = QLineEdit(str(DEFAULT_PORT))
        self.port.setMaxLength(5)
        self.database = QLineEdit(DEFAULT_DATABASE)
        self.tls = QComboBox()
        for mode, title in (
            ("prefer", self.tr("Encrypted if the server can")),
            ("require", self.tr("Always encrypted")),
            ("verify-full", self.tr("Encrypted, the server's certificate checked")),
            ("disable", self.tr("Not encrypted")),
        ):
            self.tls.addItem(title, mode)
        self.login = QLineEdit()
        self.login.setPlaceholderText(self.tr("your login, or the server administrator's"))
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.check_button = QPushButton(self.tr("C&heck"))
        self.check_button.clicked.connect(self.check)
        self.check_result = QLabel()
        self.check_result.setObjectName("checkResult")
        self.check_result.setWordWrap(True)
        self.check_result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.upgrade_button = QPushButton(self.tr("&Upgrade the database"))
        self.upgrade_button.clicked.connect(self.upgrade_schema)
        self.upgrade_button.hide()
        self.admin_button = QPushButton(self.tr("Create the first &administrator…"))
        self.admin_button.clicked.connect(self.create_admin)
        self.admin_button.hide()

        form = QFormLayout(self.server_box)
        form.addRow(self.tr("&Server:"), self.host)
        form.addRow(self.tr("&Port:"), self.port)
        form.addRow(self.tr("&Database:"), self.database)
        form.addRow(self.tr("&Connection:"), self.tls)
        form.addRow(QLabel(self.tr("To check the server, sign in to it:")))
        form.addRow(self.tr("&Login:"), self.login)
        form.addRow(self.tr("Pass&word:"), self.password)
        actions = QHBoxLayout()
        actions.addWidget(self.check_button)
        actions.addWidget(self.upgrade_button)
        actions.addWidget(self.admin_button)
        actions.addStretch(1)
        form.addRow(actions)
        form.addRow(self.check_result)

        self.error_label = error_label()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Use this database"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.this_pc)
        layout.addWidget(self.server)
        layout.addWidget(self.server_box)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)

        self.this_pc.toggled.connect(self._show_server_box)
        self._fill(current)

    def _fill(self, current: str | None) -> None:
        address = ServerAddress.from_url(current) if current and current != EMBEDDED else None
        if address is None:
            self.this_pc.setChecked(True)
            self._show_server_box()
            return
        self.server.setChecked(True)
        self.host.setText(address.host)
        self.port.setText(str(address.port))
        self.database.setText(address.database)
        self.tls.setCurrentIndex(max(0, self.tls.findData(address.tls)))

    def _show_server_box(self) -> None:
        self.server_box.setEnabled(not self.this_pc.isChecked())
        self.error_label.hide()

    def address(self) -> ServerAddress:
        return server_address(
            self.host.text(), self.port.text(), self.database.text(), str(self.tls.currentData())
        )

    def show_error(self, exc: DomainError) -> None:
        self.error_label.setText(error_text(exc))
        self.error_label.show()
        field = {"host": self.host, "port": self.port, "database": self.database, "login": self.login}.get(
            getattr(exc, "field", None) or ""
        )
        if field is not None:
            field.setFocus()
            field.selectAll()
        self.adjustSize()

    # --- Check, upgrade, first administrator -------------------------------------------------------

    def _set_busy(self, busy: bool, text: str = "") -> None:
        self._busy = busy
        for widget in (self.check_button, self.upgrade_button, self.admin_button, self.buttons):
            widget.setEnabled(not busy)
        if text:
            self.check_result.setText(text)

    def check(self) -> None:
        self.error_label.hide()
        try:
            address = self.address()
        except ValidationError as exc:
            self.show_error(exc)
            return
        login, password = self.login.text(), self.password.text()
        self._forget_checked()
        self._set_busy(True, self.tr("Connecting to {server}…").format(server=address.host))

        def work() -> tuple[Database, ServerCheck]:
            db = connect_for_check(address, login, password)
            try:
                return db, check_server(db)
            except BaseException:
                db.dispose()
                raise

        run_in_background(work, self._checked, self._failed, parent=self)

    def _checked(self, outcome: tuple[Database, ServerCheck]) -> None:
        self._set_busy(False)
        self._checked_db, found = outcome
        self.check_result.setText(self.check_text(found))
        self.upgrade_button.setVisible(found.state in (SchemaState.EMPTY, SchemaState.OLDER))
        self.admin_button.setVisible(found.state is SchemaState.CURRENT and not found.has_staff)

    def _failed(self, exc: BaseException) -> None:
        self._set_busy(False, "")
        self.upgrade_button.hide()
        self.admin_button.hide()
        if isinstance(exc, DomainError):
            self.check_result.setText("")
            self.show_error(exc)
        else:
            prompts.show_error(self, exc)

    def check_text(self, found: ServerCheck) -> str:
        server = self.tr("PostgreSQL {version} answers.").format(version=found.server_version)
        if found.state is SchemaState.EMPTY:
            step = self.tr(
                "The database's schema is older than this program: it has no tables yet. The server's "
                "administrator (the tables' owner) creates them: sign in above with that login and press "
                "«Upgrade the database», or run «subscriber-desk db upgrade» on the server."
            )
        elif found.state is SchemaState.OLDER:
            step = self.tr(
                "The database's schema is older than this program ({revision}, the program needs "
                "{needed}). The tables' owner upgrades it: press «Upgrade the database» signed in as the "
                "owner, or run «subscriber-desk db upgrade» on the server."
            ).format(revision=found.revision or "—", needed=found.program_revision)
        elif found.state is SchemaState.NEWER:
            step = self.tr(
                "The database was upgraded by a newer version of Subscriber Desk ({revision}). Install "
                "that version on this computer before working in it."
            ).format(revision=found.revision or "—")
        elif not found.has_staff:
            step = self.tr(
                "The schema is current, but nobody works in the database yet: create its first "
                "administrator, then press «Use this database»."
            )
        else:
            step = self.tr(
                "The schema is current. Press «Use this database»: everyone signs in with their own login."
            )
        return f"{server} {step}"

    def upgrade_schema(self) -> None:
        db = self._checked_db
        if db is None:
            return
        self._set_busy(True, self.tr("Upgrading the database… This can take a minute."))

        def work() -> ServerCheck:
            upgrade(db)
            return check_server(db)

        run_in_background(work, lambda found: self._checked((db, found)), self._failed, parent=self)

    def create_admin(self) -> None:
        db = self._checked_db
        if db is not None and create_first_admin(db, self):
            try:
                self._checked((db, wait_for(lambda: check_server(db), parent=self)))
            except DomainError as exc:
                self._failed(exc)

    def _forget_checked(self) -> None:
        if self._checked_db is not None:
            self._checked_db.dispose()
            self._checked_db = None

    # --- The choice ---------------------------------------------------------------------------------

    def submit(self) -> None:
        if self._busy:
            return
        if self.this_pc.isChecked():
            self.choice = EMBEDDED
        else:
            try:
                self.choice = self.address().url().render_as_string(hide_password=False)
            except ValidationError as exc:
                self.show_error(exc)
                return
        save_database(self.choice)
        self.accept()

    def done(self, result: Any) -> None:
        self._forget_checked()
        super().done(result)
