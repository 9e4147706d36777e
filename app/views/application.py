"""Start-up and the session loop: open the database, check its schema, sign in, run the main window,
lock and sign out. This is the GUI's bootstrap; everything it wires comes from `app.bootstrap`."""

from __future__ import annotations

import logging
import sys
import time
from pathlib import Path
from types import TracebackType
from typing import cast

from PySide6.QtCore import QCoreApplication, QObject, QSettings
from PySide6.QtGui import QFontDatabase, QIcon
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog

from app import __version__, bootstrap
from app.db import Database
from app.errors import DomainError
from app.resources import BOLD_FONT, REGULAR_FONT, STYLE_SHEET, WINDOW_ICON
from app.schema import SchemaState, current_revision, schema_state, upgrade
from app.services.admin.auth import authenticator_for, record_logout, record_workstation_locked
from app.services.kernel.permissions import Actor, Permission
from app.views.i18n import LANGUAGE_SETTING, choose_language, install_translators
from app.views.login_dialog import LoginDialog
from app.views.main_window import MainWindow
from app.views.messages import error_text, prompts
from app.views.smoke import SmokeWatch
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
        self._next: tuple[Database, bool] | None = None  # the database chosen instead, after sign-out

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
        self.window.change_database_requested.connect(self.change_database)
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
        if self._next is not None:
            self._switch_to(*self._next)
        self.show_login()

    def change_database(self) -> None:
        """Workstation → Change database…: save another choice for this PC, open it, sign in there."""
        from app.services.admin.database_choice import EMBEDDED
        from app.views.first_run_dialog import FirstRunDialog

        current = EMBEDDED if self.db.is_embedded else self.db.url.render_as_string()
        dialog = FirstRunDialog(current, parent=self.window)
        if not dialog.exec() or dialog.choice is None:
            return
        url = bootstrap.embedded_url() if dialog.choice == EMBEDDED else dialog.choice
        opened = _open(url, demo=False)
        if opened is None:
            return  # said why; this PC goes on in the database it was in
        self._next = opened
        if self.window is not None:
            self.window.sign_out()  # → _signed_out: recorded in the old database, then the switch
        else:
            self._switch_to(*opened)
            self.show_login()

    def _switch_to(self, db: Database, schema_older: bool) -> None:
        self._next = None
        if db is not self.db:
            self.db.dispose()
        self.db, self.demo, self.schema_older = db, False, schema_older
        self.authenticator = authenticator_for(db, default=True, memory=bootstrap.failed_sign_ins())

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


def _install_error_reports(log_path: Path, session: list[DeskSession]) -> None:
    """Unexpected errors: logged, a report file written for the administrator, a short message shown."""

    def report(exc: BaseException) -> Path:
        db = session[0].db if session else None
        database = schema = ""
        if db is not None:
            database = f"{db.dialect} {db.display_name}"
            try:
                schema = current_revision(db) or ""
            except Exception:  # noqa: BLE001 - the report is written even when the database is gone
                schema = "unreadable"
        return bootstrap.write_error_report(bootstrap.data_dir(), exc, database=database, schema=schema)

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        log.error("unhandled error", exc_info=(kind, exc, tb))
        prompts.show_error(QApplication.activeWindow(), exc)

    prompts.log_path = log_path
    prompts.report_error = report
    sys.excepthook = hook


def _load_fonts() -> None:
    for path in (REGULAR_FONT, BOLD_FONT):
        QFontDatabase.addApplicationFont(str(path))


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


def database_url(database: str | None, demo: bool) -> str | None:
    """The database to open: the demo file, the one given or chosen before, or — on a PC that has not
    chosen yet — the first-run dialog's choice (None when it is cancelled)."""
    if demo:
        return bootstrap.embedded_url().replace(bootstrap.EMBEDDED_FILE, DEMO_FILE)
    url, chosen = bootstrap.resolve_database_url(database)
    if chosen:
        return url
    from app.views.first_run_dialog import FirstRunDialog  # only a PC that has not chosen yet needs it

    dialog = FirstRunDialog()
    if not dialog.exec():
        return None
    return bootstrap.resolve_database_url(None)[0]


def _open(url: str, demo: bool) -> tuple[Database, bool] | None:
    """The database and whether its schema is older than the program; None when start-up must stop."""
    title = QCoreApplication.translate("Startup", "Subscriber Desk")
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
        from app.views.first_run_dialog import create_first_admin

        upgrade(db)
        return (db, False) if create_first_admin(db) else None
    return db, state is SchemaState.OLDER


def run_gui(
    *,
    database: str | None = None,
    demo: bool = False,
    language: str | None = None,
    section: str | None = None,
    smoke: bool = False,
) -> int:
    started = time.perf_counter()
    app = cast(QApplication, QApplication.instance() or QApplication(sys.argv))
    QApplication.setOrganizationName(bootstrap.ORG_NAME)
    QApplication.setApplicationName(bootstrap.APP_NAME)
    QApplication.setApplicationVersion(__version__)
    app.setWindowIcon(QIcon(str(WINDOW_ICON)))
    log_path = bootstrap.setup_logging()
    log.info("Subscriber Desk %s starts", __version__)
    sessions: list[DeskSession] = []
    _install_error_reports(log_path, sessions)
    _load_fonts()
    app.setStyleSheet(STYLE_SHEET.read_text(encoding="utf-8"))
    install_translators(choose_language(language or str(QSettings().value(LANGUAGE_SETTING, "") or "")))
    watch = SmokeWatch(started) if smoke else None
    url = database_url(database, demo)
    opened = _open(url, demo) if url is not None else None
    if opened is not None:
        db, older = opened
        sessions.append(DeskSession(db, demo=demo, schema_older=older, start_section=section))
        sessions[0].show_login()
        code = app.exec()
    else:
        code = 1
    return watch.exit_code if watch is not None else code
