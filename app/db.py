"""The database: engine set-up for embedded SQLite and shared PostgreSQL, and the unit of work.

Every user action runs in one `Database.transaction()`: it commits once, rolls back on any error and
turns database failures into the domain errors the views know how to show.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from sqlalchemy import URL, Connection, Engine, create_engine, event, make_url, text
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from app.errors import CommitOutcomeUnknown, ConcurrentEdit, DatabaseUnavailable

log = logging.getLogger(__name__)

SQLITE_BUSY_TIMEOUT_MS = 30_000
PG_CONNECT_TIMEOUT_S = 5
# SQLSTATE classes that mean "the connection is gone" rather than "your statement was wrong".
_CONNECTION_SQLSTATES = ("08", "57P01", "57P02", "57P03")


def _sqlite_setup(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event emit BEGIN itself (pysqlite's implicit BEGIN is deferred).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=FULL")  # NORMAL may lose the last commits on power loss
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(conn: Connection) -> None:
        # Writers take the write lock up front: a deferred transaction that reads, then writes, can
        # fail with SQLITE_BUSY at once in WAL mode instead of waiting for the busy timeout.
        mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
        conn.exec_driver_sql(f"BEGIN {mode}")


def is_connection_error(exc: BaseException) -> bool:
    """True when `exc` says the database went away (as opposed to a constraint or a bug)."""
    if isinstance(exc, DBAPIError) and exc.connection_invalidated:
        return True
    if not isinstance(exc, OperationalError):
        return False
    orig = exc.orig
    sqlstate = getattr(orig, "sqlstate", None)
    if sqlstate is not None:
        return str(sqlstate).startswith(_CONNECTION_SQLSTATES)
    message = str(orig).lower()
    if "sqlite" in type(orig).__module__ or "database is locked" in message:
        return any(s in message for s in ("unable to open", "disk i/o", "locked", "readonly"))
    # psycopg raises OperationalError without SQLSTATE when it cannot connect or the server closed.
    return True


class Database:
    """One database, embedded (SQLite file) or shared (PostgreSQL server)."""

    def __init__(self, url: str | URL, *, password: str | None = None, echo: bool = False) -> None:
        self.url = make_url(url)
        if password is not None:
            self.url = self.url.set(password=password)
        if self.url.drivername == "postgresql":
            self.url = self.url.set(drivername="postgresql+psycopg")
        self.engine = self._create_engine(echo)
        # Writers on SQLite begin IMMEDIATE; PostgreSQL ignores the option.
        self._write_engine = self.engine.execution_options(sqlite_begin="IMMEDIATE")

    def _create_engine(self, echo: bool) -> Engine:
        if self.is_embedded:
            path = self.url.database
            if path and path != ":memory:":
                Path(path).parent.mkdir(parents=True, exist_ok=True)
            engine = create_engine(
                self.url, echo=echo, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}
            )
            _sqlite_setup(engine)
            return engine
        return create_engine(
            self.url,
            echo=echo,
            pool_pre_ping=True,
            pool_size=4,
            max_overflow=8,
            connect_args={"connect_timeout": PG_CONNECT_TIMEOUT_S, "application_name": "subscriber-desk"},
        )

    @property
    def dialect(self) -> str:
        return self.url.get_backend_name()

    @property
    def is_embedded(self) -> bool:
        return self.dialect == "sqlite"

    @property
    def display_name(self) -> str:
        """What the status bar shows: the file for the embedded database, host/db for a server."""
        if self.is_embedded:
            return Path(self.url.database or ":memory:").name
        port = f":{self.url.port}" if self.url.port else ""
        return f"{self.url.host or 'localhost'}{port}/{self.url.database}"

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work: yields a session, commits on success, rolls back on any error."""
        session = Session(self._write_engine, expire_on_commit=False, autoflush=True)
        try:
            try:
                yield session
                session.flush()
            except BaseException:
                session.rollback()
                raise
            try:
                session.commit()
            except IntegrityError:
                session.rollback()  # the server refused the commit (a deferred constraint): not saved
                raise
            except Exception as exc:
                # From the moment COMMIT is sent until its answer arrives, whatever goes wrong (a closed
                # socket, a server shutting down, a timeout, an SSL error, a driver error) leaves the
                # outcome unknown: the server may have committed. Never report it as "not saved".
                with suppress(Exception):
                    session.rollback()
                log.warning("commit outcome unknown: %s", exc)
                raise CommitOutcomeUnknown() from exc
        except StaleDataError as exc:
            raise ConcurrentEdit() from exc
        except DBAPIError as exc:
            if is_connection_error(exc):
                raise DatabaseUnavailable() from exc
            raise
        finally:
            session.close()

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        """A connection for queries (lists, reports); nothing it does is committed."""
        try:
            with self.engine.connect() as conn:
                yield conn
                conn.rollback()
        except DBAPIError as exc:
            if is_connection_error(exc):
                raise DatabaseUnavailable() from exc
            raise

    def ping(self) -> bool:
        """True when the database answers a trivial query now."""
        try:
            with self.engine.connect() as conn:
                conn.execute(text("SELECT 1"))
            return True
        except DBAPIError:
            return False

    def ping_or_raise(self) -> None:
        """Connect and run a trivial query; the driver's error (e.g. a password needed) propagates."""
        with self.engine.connect() as conn:
            conn.execute(text("SELECT 1"))

    def dispose(self) -> None:
        self.engine.dispose()
