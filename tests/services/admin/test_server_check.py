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
