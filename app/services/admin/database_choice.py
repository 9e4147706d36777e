"""Which database a PC works in, chosen once on its first start: the embedded file of this PC only, or
the office's PostgreSQL server — and the check that tells the administrator, before anyone signs in,
whether the server answers, which version it runs and whether its schema fits this program."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import URL, make_url, text
from sqlalchemy.exc import DBAPIError, OperationalError

from app.db import Database, Person
from app.errors import QT_TRANSLATE_NOOP, AuthenticationFailed, DatabaseUnavailable, ValidationError
from app.schema import SchemaState, head_revision, read_revision, schema_state
from app.services.admin.server_roles import staff_login_role

DEFAULT_PORT = 5432
DEFAULT_DATABASE = "billing"
# libpq's sslmode: "prefer" works on a server without TLS; "require" insists on it; "verify-full" also
# checks the server's certificate and name (its CA in the sslrootcert file of the PC).
TLS_MODES = ("prefer", "require", "verify-full", "disable")
_HOST = re.compile(r"^[A-Za-z0-9]([A-Za-z0-9.\-]{0,252}[A-Za-z0-9])?$|^\[?[0-9A-Fa-f:]+\]?$")
_SOCKET_FOLDER = re.compile(r"^/[\w./\-]+$")  # a Unix socket's folder, e.g. /run/postgresql
_DATABASE = re.compile(r"^[A-Za-z_][A-Za-z0-9_\-]{0,62}$")


@dataclass(frozen=True)
class ServerAddress:
    """Where the office's server is: what the first-run dialog asks and the PC keeps."""

    host: str
    port: int = DEFAULT_PORT
    database: str = DEFAULT_DATABASE
    tls: str = "prefer"

    def url(self) -> URL:
        """The URL the PC keeps: no login and no password (people sign in as themselves). A host that
        is a folder is the server's Unix socket on this computer (libpq's `host=/run/postgresql`)."""
        if self.host.startswith("/"):
            return URL.create(
                "postgresql",
                port=self.port,
                database=self.database,
                query={"host": self.host, "sslmode": self.tls},
            )
        return URL.create(
            "postgresql",
            host=self.host,
            port=self.port,
            database=self.database,
            query={"sslmode": self.tls},
        )

    @classmethod
    def from_url(cls, url: str | URL) -> ServerAddress | None:
        """The address of a saved server URL; None for anything that is not a PostgreSQL URL."""
        parsed = make_url(url)
        if parsed.get_backend_name() != "postgresql":
            return None
        tls = str(parsed.query.get("sslmode") or "prefer")
        return cls(
            host=parsed.host or str(parsed.query.get("host") or "localhost"),
            port=parsed.port or DEFAULT_PORT,
            database=parsed.database or DEFAULT_DATABASE,
            tls=tls if tls in TLS_MODES else "prefer",
        )


def server_address(host: str, port: str, database: str, tls: str) -> ServerAddress:
    """The address as typed, checked: each mistake names its field and what to type instead."""
    host = host.strip()
    if not host or not (_HOST.match(host) or _SOCKET_FOLDER.match(host)):
        raise ValidationError(
            QT_TRANSLATE_NOOP(
                "Errors",
                "Type the server's name or IP address, e.g. db-server or 192.168.10.5 "
                "(Latin letters, digits, dots and hyphens).",
            ),
            field="host",
        )
    digits = port.strip()
    if not digits.isdigit() or not 1 <= int(digits) <= 65535:
        raise ValidationError(
            QT_TRANSLATE_NOOP(
                "Errors", "The port is a number from 1 to 65535 (PostgreSQL's usual one is 5432)."
            ),
            field="port",
        )
    database = database.strip()
    if not _DATABASE.match(database):
        raise ValidationError(
            QT_TRANSLATE_NOOP(
                "Errors",
                "Type the database's name as the server's administrator set it up, e.g. billing "
                "(Latin letters, digits, underscores).",
            ),
            field="database",
        )
    if tls not in TLS_MODES:
        raise ValidationError(
            QT_TRANSLATE_NOOP("Errors", "Choose how to protect the connection."), field="tls"
        )
    return ServerAddress(host=host, port=int(digits), database=database, tls=tls)


@dataclass(frozen=True)
class ServerCheck:
    """What a check found: the server's version and where its schema stands against this program."""

    server_version: str
    state: SchemaState
    revision: str | None  # the database's schema (None: no tables yet, or not upgraded by us)
    program_revision: str
    has_staff: bool  # False on a new database: its first administrator is still to be created

    @property
    def ready(self) -> bool:
        return self.state is SchemaState.CURRENT and self.has_staff


def _refused(exc: OperationalError) -> bool:
    reason = str(exc.orig).lower()
    return (
        "password authentication failed" in reason
        or "no password supplied" in reason
        or ("role" in reason and "does not exist" in reason)
    )


def connect_for_check(address: ServerAddress, login: str, password: str) -> Database:
    """Connect as `login`: a staff member's program login (their server login is login@database), or a
    server login as it is (e.g. the tables' owner, who upgrades the schema). The caller disposes it."""
    login = login.strip()
    if not login:
        raise ValidationError(
            QT_TRANSLATE_NOOP("Errors", "Type your login to check the server with it."), field="login"
        )
    candidates = [login] if "@" in login else [staff_login_role(address.database, login.lower()), login]
    refused = False
    for role in candidates:
        db = Database(address.url().set(username=role), password=password)
        try:
            db.ping_or_raise()
            return db
        except OperationalError as exc:
            db.dispose()
            if not _refused(exc):
                raise DatabaseUnavailable() from exc
            refused = True
    assert refused
    raise AuthenticationFailed()


def check_server(db: Database) -> ServerCheck:
    """The server's version and its schema's state, read on a connection made by `connect_for_check`."""
    with db.reading() as conn:
        version = str(conn.execute(text("SHOW server_version")).scalar() or "").split()[0]
    state, revision = schema_state(db)
    has_staff = False
    if state is SchemaState.CURRENT:
        try:
            with db.reading() as conn:
                has_staff = bool(conn.execute(text("SELECT EXISTS (SELECT 1 FROM staff)")).scalar())
        except DBAPIError:
            has_staff = True  # a login that may not read the staff list is a staff member's own

    return ServerCheck(
        server_version=version,
        state=state,
        revision=revision,
        program_revision=head_revision(),
        has_staff=has_staff,
    )


@dataclass(frozen=True)
class DatabaseFacts:
    """What "About" shows of the database the program works in."""

    revision: str | None
    server_version: str  # "" for the embedded database


def database_facts(db: Database, actor: Person | None = None) -> DatabaseFacts:
    with db.reading(actor) as conn:
        revision = read_revision(conn)
        version = "" if db.is_embedded else str(conn.execute(text("SHOW server_version")).scalar() or "")
    return DatabaseFacts(revision=revision, server_version=version.split()[0] if version else "")
