"""One PC's session with an opened database: sign-in → main window → (lock ⇄ unlock) → sign out →
sign-in again, until the user quits; and what start-up does with a database once it is open (refuse a
newer schema, fill the demo, create the first administrator).

Start-up (app/views/application.py) imports this module on a worker while its sign-in window is already
up: SQLAlchemy, the models and the main window are imported here, not there."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog

from app import bootstrap
from app.db import Database
from app.errors import DomainError
from app.schema import SchemaState, schema_state, upgrade
from app.services.admin.auth import authenticator_for, record_logout, record_workstation_locked
from app.services.kernel.permissions import Actor, Permission
from app.views.login_dialog import LoginDialog
from app.views.main_window import MainWindow
from app.views.messages import error_text, prompts
from app.views.worker import run_in_background

log = logging.getLogger(__name__)

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

    def show_login(self, dialog: LoginDialog | None = None) -> None:
        """The sign-in window: `dialog` when start-up showed it before the database was open, else a new
        one."""
        if dialog is None:
            dialog = LoginDialog(
                self.authenticator, database_name=self.db.display_name, demo_logins=self.demo_hint()
            )
            dialog.rejected.connect(QCoreApplication.quit)
        self.dialog = dialog
        dialog.accepted.connect(lambda: self._signed_in(dialog.actor))
        if not dialog.ready:
            dialog.set_authenticator(
                self.authenticator, database_name=self.db.display_name, demo_logins=self.demo_hint()
            )
        dialog.show()

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
        self.window.raise_()
        self.window.activateWindow()  # the keyboard goes on in the window, not nowhere, as the sign-in closes

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
        from app.views.first_run_dialog import FirstRunDialog

        current = bootstrap.EMBEDDED if self.db.is_embedded else self.db.url.render_as_string()
        dialog = FirstRunDialog(current, parent=self.window)
        if not dialog.exec() or dialog.choice is None:
            return
        url = bootstrap.embedded_url() if dialog.choice == bootstrap.EMBEDDED else dialog.choice
        opened = open_database_here(url, demo=False)
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


@dataclass(frozen=True)
class Opened:
    """A database opened at start-up, and how its schema stands (None: a server, whose schema is checked
    after someone signs in, as them)."""

    db: Database
    state: SchemaState | None
    revision: str | None = None


def open_checked(url: str) -> Opened:
    """Open the database at `url` and read its schema's state: no window, so start-up runs it on a worker
    while the sign-in window is already up. Raises DomainError when it cannot be opened."""
    if bootstrap.is_server_url(url):
        # Nothing to open before someone signs in: each person connects as their own server login.
        return Opened(bootstrap.server_database(url), None)
    db = bootstrap.open_database(url)
    try:
        state, revision = schema_state(db)
    except BaseException:
        db.dispose()
        raise
    return Opened(db, state, revision)


def ready_to_sign_in(opened: Opened, demo: bool) -> tuple[Database, bool] | None:
    """What an opened database still needs before anyone signs in, asked on screen: a database newer
    than the program is refused; an empty one is filled (the demo) or given its tables and first
    administrator. The database and whether its schema is older than the program; None: start-up stops."""
    title = QCoreApplication.translate("Startup", "Subscriber Desk")
    db, state = opened.db, opened.state
    if state is SchemaState.NEWER:
        from app.errors import DatabaseTooNew

        prompts.warn(None, title, error_text(DatabaseTooNew(current=opened.revision)))
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


def open_database_here(url: str, demo: bool) -> tuple[Database, bool] | None:
    """Open `url` on the GUI thread, asking again while it cannot be reached (Workstation → Change
    database…); None when the user gives up or the database cannot be used."""
    title = QCoreApplication.translate("Startup", "Subscriber Desk")
    while True:
        try:
            opened = open_checked(url)
            break
        except DomainError as exc:
            if not ask_retry(title, error_text(exc)):
                return None
    return ready_to_sign_in(opened, demo)


def ask_retry(title: str, text: str) -> bool:
    answer = QMessageBox.warning(
        None, title, text, QMessageBox.StandardButton.Retry | QMessageBox.StandardButton.Close
    )
    return answer == QMessageBox.StandardButton.Retry
