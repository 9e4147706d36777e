"""The first start of a PC: it chooses its database once (this PC only, or the office server after a
check), the choice is kept per PC, and the command line follows it too."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import create_engine, make_url, text

from app import bootstrap
from app.adapters.pc_settings import saved_database
from app.bootstrap import EMBEDDED
from app.services.admin.server_roles import drop_database_roles
from app.views.first_run_dialog import FirstRunDialog
from tests.conftest import pg_admin_url


def test_nothing_chosen_means_the_window_asks_first() -> None:
    url, chosen = bootstrap.resolve_database_url(None)
    assert not chosen and url == bootstrap.embedded_url()
    assert bootstrap.resolve_database_url("sqlite:///given.sqlite3") == ("sqlite:///given.sqlite3", True)


def test_this_pc_only_is_kept_for_the_pc(qtbot) -> None:
    dialog = FirstRunDialog()
    qtbot.addWidget(dialog)
    assert dialog.this_pc.isChecked() and not dialog.server_box.isEnabled()
    dialog.submit()
    assert dialog.result() and dialog.choice == EMBEDDED and saved_database() == EMBEDDED
    assert bootstrap.resolve_database_url(None) == (bootstrap.embedded_url(), True)


def test_a_mistyped_server_keeps_what_was_typed_and_saves_nothing(qtbot) -> None:
    dialog = FirstRunDialog()
    qtbot.addWidget(dialog)
    dialog.server.setChecked(True)
    qtbot.keyClicks(dialog.host, "db-server")
    dialog.port.setText("54 32")
    dialog.submit()
    assert not dialog.result() and saved_database() is None
    assert "65535" in dialog.error_label.text() and not dialog.error_label.isHidden()
    assert dialog.port.text() == "54 32" and dialog.host.text() == "db-server"


@pytest.fixture
def empty_server_database() -> Iterator[str]:
    """A new, empty database on the test server: its superuser's URL."""
    admin = make_url(pg_admin_url()).set(drivername="postgresql+psycopg")
    name = f"sdfirst_{uuid.uuid4().hex[:8]}"
    engine = create_engine(admin, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield admin.set(database=name).render_as_string(hide_password=False)
    finally:
        with engine.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            drop_database_roles(conn, name)
        engine.dispose()


def _type_server(dialog: FirstRunDialog, url: str) -> None:
    parsed = make_url(url)
    dialog.server.setChecked(True)
    dialog.host.setText(parsed.host or str(parsed.query.get("host")))
    dialog.port.setText(str(parsed.port or 5432))
    dialog.database.setText(str(parsed.database))
    dialog.login.setText(str(parsed.username))
    dialog.password.setText(parsed.password or "")


def test_the_office_server_is_checked_upgraded_and_kept(qtbot, empty_server_database: str) -> None:
    dialog = FirstRunDialog()
    qtbot.addWidget(dialog)
    _type_server(dialog, empty_server_database)
    qtbot.mouseClick(dialog.check_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "PostgreSQL" in dialog.check_result.text(), timeout=20_000)
    assert "older than this program" in dialog.check_result.text()
    assert dialog.upgrade_button.isVisibleTo(dialog) and not dialog.admin_button.isVisibleTo(dialog)

    qtbot.mouseClick(dialog.upgrade_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "nobody works" in dialog.check_result.text(), timeout=120_000)
    assert not dialog.upgrade_button.isVisibleTo(dialog) and dialog.admin_button.isVisibleTo(dialog)

    dialog.submit()
    saved = saved_database()
    assert dialog.result() and saved is not None and saved == dialog.choice
    kept = make_url(saved)
    assert (
        kept.username is None
        and kept.password is None
        and kept.database == make_url(empty_server_database).database
    )
    assert bootstrap.resolve_database_url(None) == (saved, True)


def test_an_unreachable_server_says_so(qtbot) -> None:
    dialog = FirstRunDialog()
    qtbot.addWidget(dialog)
    dialog.server.setChecked(True)
    dialog.host.setText("127.0.0.1")
    dialog.port.setText("1")
    dialog.login.setText("anna")
    qtbot.mouseClick(dialog.check_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.error_label.isHidden(), timeout=20_000)
    assert "unreachable" in dialog.error_label.text() and dialog.check_button.isEnabled()


def test_the_dialog_opens_on_the_current_choice(qtbot, tmp_path: Path) -> None:
    dialog = FirstRunDialog("postgresql://db-server:6432/office?sslmode=require")
    qtbot.addWidget(dialog)
    assert dialog.server.isChecked() and dialog.host.text() == "db-server" and dialog.port.text() == "6432"
    assert dialog.database.text() == "office" and dialog.tls.currentData() == "require"
