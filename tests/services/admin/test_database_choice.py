"""The PC's database choice: the server's address as typed, and the check before anyone signs in."""

from __future__ import annotations

import pytest
from sqlalchemy import make_url

from app.errors import AuthenticationFailed, DatabaseUnavailable, ValidationError
from app.schema import SchemaState, head_revision
from app.services.admin.database_choice import (
    ServerAddress,
    check_server,
    connect_for_check,
    database_facts,
    server_address,
)


@pytest.mark.parametrize(
    ("host", "port", "database", "field"),
    [
        ("", "5432", "billing", "host"),
        ("db server", "5432", "billing", "host"),
        ("сервер", "5432", "billing", "host"),
        ("db", "", "billing", "port"),
        ("db", "-1", "billing", "port"),
        ("db", "70000", "billing", "port"),
        ("db", "5432 ", "", "database"),
        ("db", "5432", "биллинг", "database"),
        ("db", "5432", "x" * 64, "database"),
    ],
)
def test_a_mistyped_address_names_its_field(host: str, port: str, database: str, field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        server_address(host, port, database, "prefer")
    assert caught.value.field == field


def test_the_saved_url_holds_no_login_and_reads_back() -> None:
    address = server_address(" db-server.office ", " 6432", "billing", "verify-full")
    url = address.url()
    assert url.username is None and url.password is None
    assert ServerAddress.from_url(url.render_as_string()) == address
    socket = server_address("/run/postgresql", "5432", "billing", "prefer")
    assert ServerAddress.from_url(socket.url()) == socket
    assert ServerAddress.from_url("sqlite:///office.sqlite3") is None


def _address_of(url: str) -> tuple[ServerAddress, str]:
    parsed = make_url(url)
    host = parsed.host or str(parsed.query.get("host"))
    return ServerAddress(host=host, port=parsed.port or 5432, database=str(parsed.database)), str(
        parsed.username
    )


def test_the_check_tells_the_version_and_that_the_schema_is_current(pg_db, pg_owner_url: str) -> None:
    address, owner = _address_of(pg_owner_url)
    checked = connect_for_check(address, owner, make_url(pg_owner_url).password or "")
    try:
        found = check_server(checked)
        facts = database_facts(checked)
    finally:
        checked.dispose()
    assert found.state is SchemaState.CURRENT and found.revision == head_revision()
    assert found.server_version[0].isdigit() and facts.server_version == found.server_version
    assert not found.has_staff  # the tables are emptied between tests: nobody works there yet


def test_the_check_says_when_the_server_is_unreachable_or_refuses() -> None:
    with pytest.raises(DatabaseUnavailable):
        connect_for_check(ServerAddress(host="127.0.0.1", port=1, database="billing"), "anna", "pw")
    with pytest.raises(ValidationError):
        connect_for_check(ServerAddress(host="127.0.0.1"), "  ", "pw")


def test_a_wrong_password_is_refused(password_server_url: str) -> None:
    address, login = _address_of(password_server_url)
    with pytest.raises(AuthenticationFailed):
        connect_for_check(address, login, "not the password")


def test_the_embedded_database_has_facts_too(sqlite_db) -> None:
    facts = database_facts(sqlite_db)
    assert facts.revision == head_revision() and facts.server_version == ""
