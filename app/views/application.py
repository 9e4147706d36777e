"""Start-up and the session loop: open the database, check its schema, sign in, run the main window,
lock and sign out. This is the GUI's bootstrap; everything it wires comes from `app.bootstrap`."""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from types import TracebackType
from typing import cast

from PySide6.QtCore import QCoreApplication, QObject, QSettings
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox, QProgressDialog

from app import bootstrap
from app.db import Database
from app.errors import DomainError
from app.resources import BOLD_FONT, REGULAR_FONT, STYLE_SHEET
from app.schema import SchemaState, schema_state, upgrade
from app.services.admin.auth import authenticator_for, record_logout, record_workstation_locked
from app.services.kernel.permissions import Actor, Permission
from app.views.form_dialog import FormDialog
from app.views.i18n import LANGUAGE_SETTING, choose_language, install_translators
from app.views.login_dialog import LoginDialog
from app.views.main_window import MainWindow
from app.views.messages import error_text, prompts
from app.views.worker import run_in_background

log = logging.getLogger(__name__)

DEMO_FILE = "demo.sqlite3"
DEMO_SUBSCRIBERS = 3000


class DeskSession(QObject):
    """Sign-in → main window → (lock ⇄ unlock) → sign out → sign-in again, until the user quits."""

    def __init__(
        self, db: Database, *, demo: bool, schema_older: bool = False, start_section: str | None = None
    ) -> None:
        super().__init__()
        self.db = db
        self.demo = demo
        self.schema_older = schema_older
        self.start_section = start_section
        # On a server, signing in connects as the person: everything the window does runs as them.
        self.authenticator = authenticator_for(db, default=True, memory=bootstrap.failed_sign_ins())
        self.window: MainWindow | None = None
        self.dialog: LoginDialog | None = None

    def demo_hint(self) -> str:
        if not self.demo:
            return ""
        from app.demo.data import DEMO_LOGINS, DEMO_PASSWORD

        return self.tr("Demo database. Logins: {logins}; password: {password}").format(
            logins=", ".join(DEMO_LOGINS), password=DEMO_PASSWORD
        )

    def show_login(self) -> None:
        self.dialog = LoginDialog(
            self.authenticator, database_name=self.db.display_name, demo_logins=self.demo_hint()
        )
        self.dialog.accepted.connect(lambda: self._signed_in(self.dialog.actor if self.dialog else None))
        self.dialog.rejected.connect(QCoreApplication.quit)
        self.dialog.show()

    def _signed_in(self, actor: Actor | None) -> None:
        if actor is None:
            return
        if not self.db.is_embedded and not self._server_schema_current(actor):
            self.db.sign_out_person(actor.login)
            self.show_login()
            return
        if self.schema_older and not self._upgrade_schema(actor):
            self.show_login()
            return
        self.window = MainWindow(self.db, actor)
        self.window.signed_out.connect(self._signed_out)
        self.window.lock_requested.connect(self._lock)
        if self.start_section:
            self.window.show_section(self.start_section, focus=True)
        self.window.show()

    def _server_schema_current(self, actor: Actor) -> bool:
        """A server's schema is upgraded by its administrator (as the tables' owner), never from a PC."""
        title = self.tr("Subscriber Desk")
        try:
            state, revision = schema_state(self.db)
        except DomainError as exc:
            prompts.warn(None, title, error_text(exc))
            return False
        if state is SchemaState.CURRENT:
            return True
        if state is SchemaState.NEWER:
            from app.errors import DatabaseTooNew

            prompts.warn(None, title, error_text(DatabaseTooNew(current=revision)))
        else:
            prompts.warn(
                None,
                title,
                self.tr(
                    "The database on the server is older than this program. Ask the server's administrator "
                    "to run «subscriber-desk db upgrade» as the tables' owner, then sign in again."
                ),
            )
        return False

    def _upgrade_schema(self, actor: Actor) -> bool:
        title = self.tr("Database upgrade")
        if not actor.may(Permission.UPGRADE_DATABASE):
            prompts.warn(None, title, self.tr("The database must be upgraded by an administrator first."))
            return False
        if not prompts.confirm(
            None, title, self.tr("The database schema is older than this program. Upgrade it now?")
        ):
            return False
        try:
            upgrade(self.db)
        except Exception as exc:  # noqa: BLE001 - shown, the program stays at the sign-in
            prompts.show_error(None, exc)
            return False
        self.schema_older = False
        return True

    def _signed_out(self) -> None:
        if self.window is not None:
            try:
                record_logout(self.db, self.window.actor)
            except DomainError:
                log.warning("sign-out not recorded: database unreachable")
            self.db.sign_out_person(self.window.actor.login)
            self.window.deleteLater()
            self.window = None
        self.show_login()

    def _lock(self) -> None:
        window = self.window
        if window is None:
            return
        try:
            record_workstation_locked(self.db, window.actor)
        except DomainError:
            log.warning("lock not recorded: database unreachable")
        window.hide()
        unlock = LoginDialog(
            self.authenticator, database_name=self.db.display_name, locked_login=window.actor.login
        )
        unlock.accepted.connect(window.show)
        unlock.rejected.connect(window.sign_out)
        self.dialog = unlock
        unlock.show()


def _install_excepthook(log_path: str) -> None:
    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        log.error("unhandled error", exc_info=(kind, exc, tb))
        prompts.show_error(QApplication.activeWindow(), exc)

    prompts.log_path = Path(log_path)
    sys.excepthook = hook


def _load_fonts() -> None:
    for path in (REGULAR_FONT, BOLD_FONT):
        QFontDatabase.addApplicationFont(str(path))


def _create_first_admin(db: Database) -> bool:
    from app.services.admin.staff import create_admin_from_console

    dialog = FormDialog(QCoreApplication.translate("Startup", "First administrator"))
    login, name, password = QLineEdit("admin"), QLineEdit(), QLineEdit()
    password.setEchoMode(QLineEdit.EchoMode.Password)
    dialog.add_field(QCoreApplication.translate("Startup", "Login:"), login, "login")
    dialog.add_field(QCoreApplication.translate("Startup", "Full name:"), name, "full_name")
    dialog.add_field(QCoreApplication.translate("Startup", "Password:"), password, "password")
    dialog.set_action(
        lambda: create_admin_from_console(
            db, login=login.text(), full_name=name.text(), password=password.text()
        )
    )
    return bool(dialog.exec())


def _fill_demo(db: Database) -> bool:
    """Create and fill the demo database on first start, off the GUI thread with a busy indicator."""
    from app.demo.data import generate_demo_data

    progress = QProgressDialog(QCoreApplication.translate("Startup", "Creating the demo database…"), "", 0, 0)
    progress.setCancelButton(None)
    progress.setMinimumDuration(0)
    progress.show()
    outcome: list[BaseException | None] = []

    def work() -> None:
        upgrade(db)
        generate_demo_data(db, subscribers=DEMO_SUBSCRIBERS)

    run_in_background(work, lambda _r: outcome.append(None), outcome.append)
    while not outcome:
        QApplication.processEvents()
        QApplication.instance().thread().msleep(20)  # type: ignore[union-attr]
    progress.close()
    if outcome[0] is not None:
        prompts.show_error(None, outcome[0])
        return False
    return True


def _open(database: str | None, demo: bool) -> tuple[Database, bool] | None:
    """The database and whether its schema is older than the program; None when start-up must stop."""
    title = QCoreApplication.translate("Startup", "Subscriber Desk")
    if demo:
        url = bootstrap.embedded_url().replace(bootstrap.EMBEDDED_FILE, DEMO_FILE)
    else:
        url = bootstrap.resolve_database_url(database)[0]
    if bootstrap.is_server_url(url):
        # Nothing to open before someone signs in: each person connects as their own server login.
        return bootstrap.server_database(url), False
    while True:
        try:
            db = bootstrap.open_database(url)
            state, _revision = schema_state(db)
            break
        except DomainError as exc:
            retry = QMessageBox.warning(
                None,
                title,
                error_text(exc),
                QMessageBox.StandardButton.Retry | QMessageBox.StandardButton.Close,
            )
            if retry != QMessageBox.StandardButton.Retry:
                return None
    if state is SchemaState.NEWER:
        from app.errors import DatabaseTooNew

        prompts.warn(None, title, error_text(DatabaseTooNew(current=_revision)))
        return None
    if state is SchemaState.EMPTY:
        if demo:
            return (db, False) if _fill_demo(db) else None
        question = QCoreApplication.translate(
            "Startup", "The database {name} is empty. Create the tables and the first administrator now?"
        ).format(name=db.display_name)
        if not prompts.confirm(None, title, question):
            return None
        upgrade(db)
        return (db, False) if _create_first_admin(db) else None
    return db, state is SchemaState.OLDER


def run_gui(
    *,
    database: str | None = None,
    demo: bool = False,
    language: str | None = None,
    section: str | None = None,
) -> int:
    app = cast(QApplication, QApplication.instance() or QApplication(sys.argv))
    QApplication.setOrganizationName(bootstrap.ORG_NAME)
    QApplication.setApplicationName(bootstrap.APP_NAME)
    log_path = bootstrap.setup_logging()
    _install_excepthook(str(log_path))
    _load_fonts()
    app.setStyleSheet(STYLE_SHEET.read_text(encoding="utf-8"))
    install_translators(choose_language(language or str(QSettings().value(LANGUAGE_SETTING, "") or "")))
    opened = _open(database, demo)
    if opened is None:
        return 1
    db, older = opened
    session = DeskSession(db, demo=demo, schema_older=older, start_section=section)
    session.show_login()
    return app.exec()
