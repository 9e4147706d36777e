"""`db check` reports what on the server is unsafe, and exits 1 when anything is."""

from __future__ import annotations

import pytest

from app.cli import main
from app.db import Database
from app.services.admin.server_check import check_server


def test_the_test_server_is_reported_unsafe_with_what_to_do(
    db: Database, owner_db: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["db", "check", "--database", owner_db.url.render_as_string(False)])
    out = capsys.readouterr().out
    if db.is_embedded:
        assert code == 0 and "embedded database: no server to check" in out
        return
    assert code == 1 and "UNSAFE: " in out and "unsafe finding(s)" in out
    findings = check_server(owner_db)
    unsafe = [f.text for f in findings if f.unsafe]
    # The owner made the tables: exactly what a workstation login must never be.
    assert any("owns" in t and "keep an owner login for `db upgrade` only" in t for t in unsafe)
    assert [f.unsafe for f in findings] == sorted((f.unsafe for f in findings), reverse=True)  # unsafe first
    as_workstation = [f.text for f in check_server(db) if f.unsafe]  # the tests' workstation login
    assert not any(" owns " in t or " is a superuser" in t for t in as_workstation)


def test_logins_that_break_the_one_person_one_login_rule_are_reported(
    pg_db: Database, pg_owner_db: Database
) -> None:
    from sqlalchemy import text

    from app.models import Role
    from app.services.admin.server_roles import staff_login_role
    from tests.factories import make_staff

    make_staff(pg_db, "anna", Role.CASHIER)
    anna = staff_login_role(str(pg_db.url.database), "anna")
    unsafe = [f.text for f in check_server(pg_owner_db) if f.unsafe]
    # The tests' harness holds every job without being a person: what an old shared login looks like.
    assert any(str(pg_db.url.username) in t and "is no staff member" in t for t in unsafe)
    assert not any(anna in t for t in unsafe)
    with pg_owner_db.transaction() as session:
        session.execute(text(f'ALTER ROLE "{anna}" CREATEDB'))
    unsafe = [f.text for f in check_server(pg_owner_db) if f.unsafe]
    assert any(anna in t and "server-wide powers" in t for t in unsafe)
