"""Unexpected errors leave a report for the administrator, and neither it nor the log holds personal
data or secrets."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from app import __version__
from app.adapters.error_reports import KEEP_REPORTS, REPORTS_FOLDER, scrub, write_error_report
from app.bootstrap import setup_logging


def test_scrub_cuts_parameters_details_and_passwords() -> None:
    raw = (
        "(psycopg.errors.UniqueViolation) duplicate key value violates unique constraint\n"
        "DETAIL:  Key (passport)=(4510 123456) already exists.\n"
        "[SQL: INSERT INTO subscriber (full_name) VALUES (%(name)s)]\n"
        "[parameters: {'name': 'Иванов Иван'}]\n"
        "while connecting to postgresql+psycopg://anna:s3cret@db/billing with password=hunter2"
    )
    clean = scrub(raw)
    for secret in ("4510 123456", "Иванов Иван", "s3cret", "hunter2"):
        assert secret not in clean
    assert "INSERT INTO subscriber" in clean and "DETAIL: (hidden)" in clean


def test_a_database_error_names_no_parameters(db) -> None:
    """The engines hide SQL parameters, so an error's own text carries no subscriber's data."""
    with pytest.raises(DBAPIError) as caught, db.transaction() as session:
        session.execute(
            text("SELECT no_such_column FROM subscriber WHERE full_name = :name"), {"name": "Ёлкин"}
        )
    assert "Ёлкин" not in str(caught.value)


def test_the_report_has_the_version_and_the_traceback_and_old_ones_go(tmp_path: Path) -> None:
    def broken() -> None:
        raise RuntimeError("password=hunter2 went wrong")

    try:
        broken()
    except RuntimeError as exc:
        error = exc
    moment = dt.datetime(2026, 12, 6, 10, 0)
    for second in range(KEEP_REPORTS + 3):
        path = write_error_report(
            tmp_path,
            error,
            database="sqlite office.sqlite3",
            schema="0016",
            now=moment + dt.timedelta(seconds=second),
        )
    content = path.read_text(encoding="utf-8")
    assert f"Subscriber Desk {__version__}" in content and "schema 0016" in content
    assert "in broken" in content and "RuntimeError" in content and "hunter2" not in content
    assert len(list((tmp_path / REPORTS_FOLDER).glob("error-*.txt"))) == KEEP_REPORTS


def test_the_log_file_is_scrubbed_too(tmp_path: Path) -> None:
    path = setup_logging(tmp_path)
    root = logging.getLogger()
    handler = root.handlers[-1]
    try:
        logging.getLogger("test").error("failed: [parameters: {'phone': '+79161234567'}]")
        handler.flush()
    finally:
        root.removeHandler(handler)
        handler.close()
    logged = path.read_text(encoding="utf-8")
    assert "failed" in logged and "+79161234567" not in logged
