"""What an administrator relies on around the work itself: the program starts to its sign-in (`gui
--smoke`, as the frozen build is checked), tells its version and database in "About", switches a PC to
another database, and leaves a report file when something unexpected breaks."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import Qt

from app import __version__
from app.adapters.error_reports import REPORTS_FOLDER
from app.bootstrap import EMBEDDED
from app.db import Database
from app.models import Role
from app.schema import head_revision
from app.views.desk_session import DeskSession
from app.views.main_window import MainWindow
from app.views.messages import prompts
from tests.factories import PASSWORD, make_staff


def test_smoke_start_opens_the_sign_in_in_russian(sqlite_db: Database, tmp_path: Path) -> None:
    url = sqlite_db.url.render_as_string(hide_password=False)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "SUBSCRIBER_DESK_DATA_DIR": str(tmp_path / "data")}
    shown = subprocess.run(
        [sys.executable, "-m", "app", "gui", "--smoke", "--language", "ru", "--database", url],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=120,
        check=False,
    )
    assert shown.returncode == 0, shown.stdout + shown.stderr
    assert "smoke: sign-in window" in shown.stdout and "Войти" in shown.stdout
    assert (tmp_path / "data" / "logs" / "subscriber-desk.log").exists()


def test_the_sign_in_shows_before_the_database_opens_and_a_sign_in_typed_meanwhile_goes_to_it(
    qtbot, signin_db: Database, russian
) -> None:
    from app.views.application import Start

    make_staff(signin_db, "anna", Role.CASHIER)
    sessions: list[DeskSession] = []
    url = signin_db.url.render_as_string(hide_password=False)
    start = Start(url, demo=False, section=None, sessions=sessions)
    dialog = start.dialog
    qtbot.addWidget(dialog)
    start.begin()
    # Up at once: the database is opened on a worker, whose answer comes through the event loop.
    assert dialog.isVisible() and not dialog.ready
    assert dialog.database_label.text() == "Открываю базу данных…"
    qtbot.keyClicks(dialog.login_edit, "anna")
    qtbot.keyClicks(dialog.password_edit, PASSWORD)
    qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
    assert not dialog.password_edit.isEnabled()  # waits for the database, typing nothing more
    qtbot.waitUntil(lambda: bool(sessions) and sessions[0].window is not None, timeout=10000)
    session = sessions[0]
    assert session.window is not None and session.window.actor.login == "anna"
    assert session.window.isVisible() and dialog.ready and not dialog.isVisible()
    assert dialog.database_label.text() == f"База данных: {signin_db.display_name}"
    session.window.close()
    session.db.dispose()


def test_a_file_that_is_no_database_is_said_and_the_program_stops(
    qtbot, tmp_path: Path, monkeypatch, russian
) -> None:
    from app.views.application import Start

    shown: list[BaseException] = []
    monkeypatch.setattr(prompts, "show_error", lambda _parent, exc: shown.append(exc))
    broken = tmp_path / "broken.sqlite3"
    broken.write_text("not a database", encoding="utf-8")
    sessions: list[DeskSession] = []
    start = Start(f"sqlite:///{broken.as_posix()}", demo=False, section=None, sessions=sessions)
    qtbot.addWidget(start.dialog)
    with qtbot.waitSignal(start.stopped, timeout=10000) as stopped:
        start.begin()
    assert stopped.args == [1] and len(shown) == 1
    assert "file is not a database" in str(shown[0]) and not sessions
    assert start.dialog.password_edit.isEnabled()  # nothing waits on it any more


def test_a_pc_with_no_database_chosen_asks_first(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "SUBSCRIBER_DESK_DATA_DIR": str(tmp_path / "data")}
    env.pop("SUBSCRIBER_DESK_DATABASE", None)
    env["XDG_CONFIG_HOME"] = str(tmp_path / "config")  # no choice saved on this "PC"
    shown = subprocess.run(
        [sys.executable, "-m", "app", "gui", "--smoke", "--language", "ru"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=120,
        check=False,
    )
    assert shown.returncode == 1 and "FirstRunDialog" in shown.stdout and "Офисный сервер" in shown.stdout


def test_about_tells_the_version_the_database_and_its_schema(qtbot, db: Database, russian) -> None:
    window = MainWindow(db, make_staff(db, "boss", Role.ADMIN))
    qtbot.addWidget(window)
    about = window.about_text()
    assert __version__ in about and db.display_name in about and head_revision() in about
    assert ("PostgreSQL" in about) is (not db.is_embedded)


def test_an_unexpected_error_leaves_a_report_for_the_administrator(
    qtbot, monkeypatch, tmp_path: Path
) -> None:
    from app.adapters.error_reports import write_error_report

    warned: list[str] = []
    monkeypatch.setattr(prompts, "warn", lambda _parent, _title, text: warned.append(text))
    monkeypatch.setattr(prompts, "report_error", lambda exc: write_error_report(tmp_path, exc))
    try:
        raise KeyError("a bug")
    except KeyError as exc:
        prompts.show_error(None, exc)
    (report,) = (tmp_path / REPORTS_FOLDER).glob("error-*.txt")
    assert str(report) in warned[0] and "KeyError" in report.read_text(encoding="utf-8")


def test_change_database_signs_out_and_signs_in_to_the_chosen_one(
    qtbot, sqlite_db: Database, tmp_path: Path, monkeypatch
) -> None:
    from app.views import desk_session, first_run_dialog

    other = Database(f"sqlite:///{tmp_path / 'other.sqlite3'}")
    monkeypatch.setattr(desk_session.bootstrap, "embedded_url", lambda: str(other.url))
    make_staff(sqlite_db, "anna", Role.CASHIER)
    session = DeskSession(sqlite_db, demo=False)
    session.show_login()
    assert session.dialog is not None
    qtbot.keyClicks(session.dialog.login_edit, "anna")
    qtbot.keyClicks(session.dialog.password_edit, PASSWORD)
    qtbot.keyClick(session.dialog.password_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: session.window is not None and session.window.isVisible(), timeout=5000)

    chosen: list[str] = []

    def choose_this_pc(dialog) -> int:
        dialog.this_pc.setChecked(True)
        dialog.submit()
        chosen.append(str(dialog.choice))
        return 1

    monkeypatch.setattr(first_run_dialog.FirstRunDialog, "exec", choose_this_pc)
    answers = iter([True])
    monkeypatch.setattr(prompts, "confirm", lambda *_args: next(answers))
    created: list[Database] = []
    monkeypatch.setattr(first_run_dialog, "create_first_admin", lambda db: created.append(db) or True)
    session.change_database()
    assert chosen == [EMBEDDED] and created and session.window is None
    assert session.db is created[0] and session.db.url.database == other.url.database
    assert session.dialog is not None and session.dialog.isVisible()
    session.dialog.close()
    session.db.dispose()
