"""A workstation left unused locks itself after the administrator's idle time (default 10 minutes),
and what was typed is still there after unlocking. Time is moved on the program's clock."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from app import clock
from app.db import Database
from app.models import Role
from app.services.admin.company import load_company_settings, save_company_settings
from app.views.desk_session import DeskSession
from tests.factories import PASSWORD, make_staff
from tests.services.admin.test_company import GOOD
from tests.views.test_main_window import _sign_in


def signed_in(qtbot, db: Database) -> DeskSession:
    session = DeskSession(db, demo=False)
    session.show_login()
    _sign_in(qtbot, session, "anna", PASSWORD)
    qtbot.waitUntil(lambda: session.window is not None and session.window.isVisible(), timeout=5000)
    return session


def test_an_unused_workstation_locks_itself_and_keeps_what_was_typed(
    qtbot, signin_db: Database, russian
) -> None:
    make_staff(signin_db, "anna", Role.CASHIER)
    with clock.frozen_at(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)) as now:
        session = signed_in(qtbot, signin_db)
        window = session.window
        assert window is not None
        search = next(e for e in window.findChildren(QLineEdit) if e.placeholderText().startswith("ФИО"))
        qtbot.keyClicks(search, "100200")  # activity: the idle time starts over
        now.advance(minutes=9, seconds=59)
        window.idle_lock.check()
        assert window.isVisible()  # not yet
        now.advance(seconds=2)
        window.idle_lock.check()
        assert not window.isVisible()
        unlock = session.dialog
        assert unlock is not None and unlock.login_edit.text() == "anna" and unlock.login_edit.isReadOnly()
        qtbot.addWidget(unlock)
        _sign_in(qtbot, session, "anna", PASSWORD)
        qtbot.waitUntil(window.isVisible, timeout=5000)
        assert search.text() == "100200"
    window.sign_out_action.trigger()
    qtbot.waitUntil(lambda: session.window is None, timeout=5000)
    qtbot.addWidget(session.dialog)


def test_the_idle_time_is_the_administrators_setting(qtbot, signin_db: Database) -> None:
    admin = make_staff(signin_db, "boss", Role.ADMIN)
    make_staff(signin_db, "anna", Role.CASHIER)
    form = load_company_settings(signin_db, admin)
    save_company_settings(signin_db, admin, {**GOOD, "session.idle_lock_minutes": "3"}, form.versions)
    with clock.frozen_at(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)) as now:
        session = signed_in(qtbot, signin_db)
        window = session.window
        assert window is not None
        now.advance(minutes=3)
        window.idle_lock.check()
        assert not window.isVisible()
        qtbot.addWidget(session.dialog)
        qtbot.keyClick(session.dialog, Qt.Key.Key_Escape)  # «Sign out» from the lock
    qtbot.waitUntil(lambda: session.window is None, timeout=5000)
    qtbot.addWidget(session.dialog)
