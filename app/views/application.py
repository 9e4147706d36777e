"""Start-up: the sign-in window first, the database opened behind it.

The window shows as soon as Qt, the fonts and the translations are loaded. Everything heavy — SQLAlchemy,
the models, the domain, the main window (app/views/desk_session.py) — is imported on a worker together
with opening the database and reading its schema, while the person types their login. A sign-in asked
for before that is done waits for it. An unreachable database, a newer schema or an empty database are
then said and handled as before the window was shown; the PC that has not chosen a database yet still
gets the first-run dialog first. docs/architecture.md, "Start-up", measures it (bench/startup.py)."""

from __future__ import annotations

import logging
import sys
import time
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QCoreApplication, QObject, QSettings, Signal
from PySide6.QtGui import QFontDatabase, QIcon
from PySide6.QtWidgets import QApplication

from app import __version__, bootstrap
from app.errors import DomainError
from app.resources import BOLD_FONT, REGULAR_FONT, STYLE_SHEET, WINDOW_ICON
from app.views.i18n import LANGUAGE_SETTING, choose_language, install_translators
from app.views.login_dialog import LoginDialog
from app.views.messages import error_text, prompts
from app.views.smoke import SmokeWatch
from app.views.worker import run_in_background

if TYPE_CHECKING:
    from app.views.desk_session import DeskSession, Opened

log = logging.getLogger(__name__)

DEMO_FILE = "demo.sqlite3"


class Start(QObject):
    """The first sign-in window, up before the database is open; the session takes it over once it is.
    `stopped` says start-up cannot go on (the exit code); the program's event loop ends on it."""

    stopped = Signal(int)

    def __init__(self, url: str, *, demo: bool, section: str | None, sessions: list[DeskSession]) -> None:
        super().__init__()
        self.url = url
        self.demo = demo
        self.section = section
        self.sessions = sessions
        self.dialog = LoginDialog(None)
        self.dialog.rejected.connect(QCoreApplication.quit)

    def begin(self) -> None:
        self.dialog.show()
        self._open()

    def _open(self) -> None:
        url = self.url

        def work() -> Opened:
            from app.views.desk_session import open_checked  # the heavy imports, off the GUI thread

            return open_checked(url)

        run_in_background(work, self._opened, self._failed, parent=self)

    def _opened(self, opened: Opened) -> None:
        from app.schema import SchemaState
        from app.views.desk_session import DeskSession, ready_to_sign_in

        if opened.state in (SchemaState.NEWER, SchemaState.EMPTY):
            self.dialog.hide()  # what comes first: the refusal, the demo being made, the first admin
        try:
            ready = ready_to_sign_in(opened, self.demo)
            if ready is None:
                opened.db.dispose()
                self.stopped.emit(1)
                return
            db, older = ready
            session = DeskSession(db, demo=self.demo, schema_older=older, start_section=self.section)
        except Exception as exc:  # noqa: BLE001 - said; a program with no window must not stay running
            opened.db.dispose()
            prompts.show_error(None, exc)
            self.stopped.emit(1)
            return
        self.sessions.append(session)
        session.show_login(self.dialog)

    def _failed(self, exc: BaseException) -> None:
        from app.views.desk_session import ask_retry

        self.dialog.opening_failed()
        if not isinstance(exc, DomainError):
            prompts.show_error(None, exc)
            self.stopped.emit(1)
            return
        self.dialog.hide()
        if not ask_retry(QCoreApplication.translate("Startup", "Subscriber Desk"), error_text(exc)):
            self.stopped.emit(1)
            return
        self.dialog.show()
        self._open()


def _install_error_reports(log_path: Path, session: list[DeskSession]) -> None:
    """Unexpected errors: logged, a report file written for the administrator, a short message shown."""

    def report(exc: BaseException) -> Path:
        db = session[0].db if session else None
        database = schema = ""
        if db is not None:
            from app.schema import current_revision

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
    if url is None:
        return watch.exit_code if watch is not None else 1
    start = Start(url, demo=demo, section=section, sessions=sessions)
    start.stopped.connect(app.exit)
    start.begin()
    if watch is not None:
        watch.window_up(start.dialog)
    code = app.exec()
    return watch.exit_code if watch is not None else code
