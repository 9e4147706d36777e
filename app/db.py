"""The database: engine set-up for embedded SQLite and shared PostgreSQL, and the unit of work.

Every user action runs in one `Database.transaction(actor)`: it commits once, rolls back on any error
and turns database failures into the domain errors the views know how to show.

On a shared server every person signs in as their own PostgreSQL login: the Database holds one
connection pool per signed-in person (`sign_in_person`), and a unit of work on behalf of an actor runs
on that person's connections, so the server checks the privileges and records the actor itself. A
Database opened with a URL's own login (the scheduler, the owner) runs everything else as that login.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy import URL, Connection, Engine, create_engine, event, inspect, make_url, text
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from app.errors import (
    AccountChanged,
    CommitOutcomeUnknown,
    ConcurrentEdit,
    DatabaseBusy,
    DatabaseUnavailable,
    InvisibleCharacter,
    PermissionDenied,
)

log = logging.getLogger(__name__)

SQLITE_BUSY_TIMEOUT_MS = 30_000
PG_CONNECT_TIMEOUT_S = 5
# A network that died under an open connection is noticed within about 25 s (TCP keepalives) and a
# request the server never acknowledges within 20 s, instead of the system's two hours.
PG_KEEPALIVES = {"keepalives": 1, "keepalives_idle": 10, "keepalives_interval": 5, "keepalives_count": 3}
PG_TCP_USER_TIMEOUT_MS = 20_000
# The window's statements wait at most this long for a row or table lock that other work holds; then
# the person is told the database is busy (DatabaseBusy) instead of looking at a frozen window.
INTERACTIVE_LOCK_TIMEOUT_MS = 8_000
# No JIT compilation of statements: the program's statements read a few index ranges, and PostgreSQL
# compiles any whose estimated cost passes jit_above_cost — a trigram estimate of 10,000 contract
# numbers for «8119» (300 really) made a 5 ms search statement compile for 200 ms.
PG_SESSION_OPTIONS = "-c jit=off"
_LOCK_NOT_AVAILABLE = "55P03"
# SQLSTATE classes that mean "the connection is gone" rather than "your statement was wrong".
_CONNECTION_SQLSTATES = ("08", "57P01", "57P02", "57P03")
# The server refused the statement to this login: no privilege (42501), or the login may not connect.
_REFUSED_SQLSTATES = ("42501", "28000")


class Person(Protocol):
    """Whom a unit of work acts for (the domain's Actor): only the login matters here."""

    @property
    def login(self) -> str: ...


# Called at the start of every unit of work for a person (embedded mode, where no server checks):
# raises when the person may no longer act as they signed in (app/services/admin/auth.py).
PersonCheck = Callable[[Connection, Any], None]


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


def _refuse_nul_characters(session: Session, _context: object, _instances: object) -> None:
    """A NUL character (pasted from somewhere, or typed by a program) is stored by SQLite but refused
    by PostgreSQL with a driver error: refuse it on both, before anything is written, naming the field."""
    for obj in (*session.new, *session.dirty):
        for attribute in inspect(obj).mapper.column_attrs:
            value = getattr(obj, attribute.key, None) if attribute.key in obj.__dict__ else None
            if isinstance(value, str) and "\x00" in value:
                raise InvisibleCharacter(field=attribute.key)


def is_refused(exc: BaseException) -> bool:
    """True when the server refused the statement for lack of privilege."""
    orig = getattr(exc, "orig", None)
    return str(getattr(orig, "sqlstate", "") or "").startswith(_REFUSED_SQLSTATES)


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


def without_login(url: str | URL) -> URL:
    """`url` with no login and no password. (`URL.set(username=None)` would keep them: `set` skips None.)"""
    parsed = make_url(url)
    return URL.create(
        parsed.drivername, host=parsed.host, port=parsed.port, database=parsed.database, query=parsed.query
    )


class Database:
    """One database, embedded (SQLite file) or shared (PostgreSQL server)."""

    def __init__(
        self, url: str | URL, *, password: str | None = None, echo: bool = False, interactive: bool = False
    ) -> None:
        """`interactive`: a person's window works on it, so a lock held too long by other work ends in
        DatabaseBusy after INTERACTIVE_LOCK_TIMEOUT_MS (scheduled tasks and imports wait as long as it
        takes)."""
        self.interactive = interactive
        self.url = make_url(url)
        if password is not None:
            self.url = self.url.set(password=password)
        if self.url.drivername == "postgresql":
            self.url = self.url.set(drivername="postgresql+psycopg")
        self._echo = echo
        self.engine = self._create_engine(self.url, echo)
        # Writers on SQLite begin IMMEDIATE; PostgreSQL ignores the option.
        self._write_engine = self.engine.execution_options(sqlite_begin="IMMEDIATE")
        # Server logins of the people signed in here: login -> URL with their role and password (shared
        # with `fresh_connections` copies), and the connection pools made from them.
        self._credentials: dict[str, URL] = {}
        self._people: dict[str, Engine] = {}
        self._default_person: str | None = None
        # Second-factor tokens of the people signed in here (shared mode): each new connection of a
        # person's pool shows the server its sign-in passed the second factor (migration 0010).
        self._tokens: dict[str, str] = {}
        self._address: tuple[str | None, int | None] = (None, None)  # see fresh_connections
        self.person_check: PersonCheck | None = None

    def sign_in_person(self, login: str, role: str, password: str, *, default: bool = False) -> None:
        """Connect as a person's own server login (`role`, e.g. "ivanova@billing") and run their units
        of work on it from now on (with `default`, also the work done without an actor: the program's
        window, where everything is that person's). Raises the driver's OperationalError when the
        server refuses."""
        url = self.url.set(username=role, password=password)
        self._tokens.pop(login, None)  # a new sign-in passes the second factor anew
        engine = self._person_engine(login, url)
        try:
            with engine.connect() as conn:
                conn.execute(text("SELECT 1"))
        except BaseException:
            engine.dispose()
            raise
        self.sign_out_person(login)
        self._credentials[login] = url
        self._people[login] = engine
        if default:
            self._default_person = login

    def connection_url(self, actor: Person | None = None) -> URL:
        """The URL (with the login and password) the units of work for `actor` connect with."""
        return self.engine_for(actor).url

    def fresh_connections(self, *, host: str | None = None, port: int | None = None) -> Database:
        """The same database with its own connection pools for the same people (signed in before or
        after): what another PC of the same people, or a worker with its own connections, has —
        reaching the server at another `host`/`port` if given (e.g. through a proxy)."""
        twin = Database(self._moved(self.url, host, port), echo=self._echo, interactive=self.interactive)
        twin._credentials = self._credentials
        twin._tokens = self._tokens
        twin._default_person = self._default_person
        twin._address = (host, port)
        return twin

    @staticmethod
    def _moved(url: URL, host: str | None, port: int | None) -> URL:
        if host is not None:
            url = url.set(host=host)
        if port is not None:
            url = url.set(port=port)
        return url

    def sign_out_person(self, login: str) -> None:
        self._credentials.pop(login, None)
        self._tokens.pop(login, None)
        engine = self._people.pop(login, None)
        if engine is not None:
            engine.dispose()
        if self._default_person == login:
            self._default_person = None

    def engine_for(self, actor: Person | None = None) -> Engine:
        """The connection pool the units of work for `actor` use."""
        return self._engine_for(actor, write=False)

    def _engine_for(self, actor: Person | None, *, write: bool) -> Engine:
        login = actor.login if actor is not None else self._default_person
        if login is not None:
            engine = self._people.get(login)
            if engine is None and login in self._credentials:
                url = self._moved(self._credentials[login], *self._address)
                engine = self._people[login] = self._person_engine(login, url)
            if engine is not None:
                return engine
        return self._write_engine if write else self.engine

    def second_factor_passed(self, login: str, token: str) -> None:
        """The server accepted `login`'s second factor and gave `token`: from now on every connection
        of theirs resumes it (the pool is emptied, so none is left without)."""
        self._tokens[login] = token
        engine = self._people.get(login)
        if engine is not None:
            engine.dispose()

    def second_factor_token(self, login: str) -> str | None:
        return self._tokens.get(login)

    def _person_engine(self, login: str, url: URL) -> Engine:
        engine = self._create_engine(url, self._echo)
        tokens = self._tokens

        @event.listens_for(engine, "connect")
        def resume_second_factor(dbapi_connection: Any, _record: Any) -> None:
            token = tokens.get(login)
            if token is not None:
                cursor = dbapi_connection.cursor()
                cursor.execute("SELECT resume_second_factor(%s)", (token,))
                cursor.close()
                dbapi_connection.commit()

        return engine

    def _create_engine(self, url: URL, echo: bool) -> Engine:
        if self.is_embedded:
            path = url.database
            if path and path != ":memory:":
                Path(path).parent.mkdir(parents=True, exist_ok=True)
            engine = create_engine(
                url,
                echo=echo,
                hide_parameters=True,  # error messages go to logs and reports: no subscriber's data there
                connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000},
            )
            _sqlite_setup(engine)
            return engine
        return create_engine(
            url,
            echo=echo,
            pool_pre_ping=True,
            hide_parameters=True,
            pool_size=4,
            max_overflow=8,
            connect_args=self._pg_connect_args(),
        )

    def _pg_connect_args(self) -> dict[str, Any]:
        args: dict[str, Any] = {
            "connect_timeout": PG_CONNECT_TIMEOUT_S,
            "application_name": "subscriber-desk",
            **PG_KEEPALIVES,
        }
        if sys.platform.startswith("linux"):
            args["tcp_user_timeout"] = PG_TCP_USER_TIMEOUT_MS  # libpq offers it where the system has it
        args["options"] = PG_SESSION_OPTIONS
        if self.interactive:
            args["options"] += f" -c lock_timeout={INTERACTIVE_LOCK_TIMEOUT_MS}"
        return args

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
    def transaction(self, actor: Person | None = None) -> Iterator[Session]:
        """One unit of work for `actor` (on their own server login when signed in here; None: this
        Database's own login): yields a session, commits on success, rolls back on any error."""
        session = Session(self._engine_for(actor, write=True), expire_on_commit=False, autoflush=True)
        event.listen(session, "before_flush", _refuse_nul_characters)
        try:
            try:
                if actor is not None and self.person_check is not None:
                    self.person_check(session.connection(), actor)
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
                if is_refused(exc):
                    session.rollback()  # a deferred check of the server refused it: an answer, not saved
                    raise
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
            _raise_for_people(exc)
            raise
        finally:
            session.close()

    @contextmanager
    def reading(self, actor: Person | None = None) -> Iterator[Connection]:
        """A connection for queries (lists, reports) as `actor`; nothing it does is committed."""
        try:
            with self._engine_for(actor, write=False).connect() as conn:
                if actor is not None and self.person_check is not None:
                    self.person_check(conn, actor)
                yield conn
                conn.rollback()
        except DBAPIError as exc:
            _raise_for_people(exc)
            raise

    def single_statement(self, actor: Person | None, statement: str, params: dict[str, Any]) -> Any:
        """Run one statement as `actor` in a transaction of its own (autocommit) and return its
        first column: for server functions whose effect must stand even if they answer "no"."""
        try:
            with self._engine_for(actor, write=True).connect() as conn:
                conn = conn.execution_options(isolation_level="AUTOCOMMIT")
                return conn.execute(text(statement), params).scalar()
        except DBAPIError as exc:
            _raise_for_people(exc)
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
        for engine in self._people.values():
            engine.dispose()
        self._people.clear()
        self._default_person = None
        self.engine.dispose()


def _raise_for_people(exc: DBAPIError) -> None:
    sqlstate = str(getattr(exc.orig, "sqlstate", "") or "")
    if sqlstate.startswith("28") or "is not permitted to log in" in str(exc.orig):
        # The server no longer lets the person's login in: deactivated since they signed in.
        raise AccountChanged() from exc
    if str(getattr(exc.orig, "sqlstate", "") or "") == _LOCK_NOT_AVAILABLE:
        raise DatabaseBusy() from exc
    if is_connection_error(exc):
        raise DatabaseUnavailable() from exc
    if is_refused(exc):
        # The program's own checks let it through, the server did not: the person's rights changed
        # since they signed in (a role taken away, the account deactivated).
        log.warning("refused by the server: %s", exc.orig)
        raise PermissionDenied(permission=str(exc.orig).splitlines()[0][:200]) from exc
