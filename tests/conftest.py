"""Test fixtures: every database test runs on SQLite and on PostgreSQL.

PostgreSQL is found through SUBSCRIBER_DESK_TEST_PG (a SQLAlchemy URL of a login that may create and
drop databases and roles; default: the local server, database `test`, user `root`). Each run gets its
own database, migrated once by that login (the owner) and dropped at the end, with its job roles, a
harness login that owns nothing, and one server login per staff member a test creates (dropped after
each test); each test starts from empty tables.
A missing server fails the run: a database test is never skipped.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Connection, create_engine, make_url, text

from app.db import Database
from app.models import Base
from app.schema import FREERADIUS_TABLES, head_revision, upgrade
from app.services.admin.server_roles import JOBS, drop_database_roles, job_role, setup_roles
from tests.tcp_proxy import TcpProxy

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# The loopback SMTP server, SMS gateway and Telegram Bot API serve the adapter and the outbox tests alike.
pytest_plugins = ["tests.adapters.loopback", "tests.adapters.fake_telegram"]

DEFAULT_TEST_PG = "postgresql+psycopg://root@127.0.0.1:5432/test"
BACKENDS = ["sqlite", "postgresql"]


def pg_admin_url() -> str:
    return os.environ.get("SUBSCRIBER_DESK_TEST_PG", DEFAULT_TEST_PG)


@pytest.fixture(scope="session")
def pg_urls() -> Iterator[tuple[str, str]]:
    """A fresh PostgreSQL database for this test run, migrated to the current schema: (owner URL,
    harness URL). The owner migrates (and creates the job roles), empties the tables between tests and
    plays the server's administrator where a test needs one. The harness login owns nothing and is
    not a person: it holds the job roles, builds test data and runs the scheduler's work («system»);
    everything a test does on behalf of a staff member runs on that person's own server login
    (`tests.factories.make_staff` signs them in), as on an office PC."""
    admin = make_url(pg_admin_url()).set(drivername="postgresql+psycopg")
    name = f"sdtest_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    login, password = f"sdharness_{os.getpid()}_{uuid.uuid4().hex[:8]}", uuid.uuid4().hex
    engine = create_engine(admin, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 5})
    try:
        with engine.connect() as conn:
            _drop_roles_of_lost_runs(conn)
            conn.execute(text(f'CREATE DATABASE "{name}"'))
            conn.execute(text(f"CREATE ROLE \"{login}\" LOGIN PASSWORD '{password}'"))
    except Exception as exc:  # noqa: BLE001 - any failure here means no server to test against
        pytest.fail(
            f"PostgreSQL is not reachable at {admin.render_as_string(hide_password=True)} "
            f"(set SUBSCRIBER_DESK_TEST_PG): {exc}",
            pytrace=False,
        )
    owner_url = admin.set(database=name).render_as_string(hide_password=False)
    db = Database(owner_url)
    upgrade(db)
    setup_roles(db)
    with db.transaction() as session:
        for job in JOBS:
            session.execute(text(f'GRANT "{job_role(name, job)}" TO "{login}"'))
    db.dispose()
    harness_url = admin.set(database=name, username=login, password=password)
    yield owner_url, harness_url.render_as_string(hide_password=False)
    with engine.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        drop_database_roles(conn, name)
        conn.execute(text(f'DROP ROLE IF EXISTS "{login}"'))
    engine.dispose()


def _drop_roles_of_lost_runs(conn: Connection) -> None:
    """Runs that were killed leave their roles behind (roles belong to the server, not the database)."""
    lost = conn.execute(
        text(
            "SELECT DISTINCT d FROM (SELECT substring(rolname from '(sd(test|cli|old)_[0-9a-f_]+)') AS d "
            "FROM pg_roles) r WHERE d IS NOT NULL AND d NOT IN (SELECT datname FROM pg_database)"
        )
    ).scalars()
    for database in list(lost):
        drop_database_roles(conn, database)


@pytest.fixture(scope="session")
def pg_url(pg_urls: tuple[str, str]) -> str:
    """The test database as the test harness sees it (see pg_urls)."""
    return pg_urls[1]


@pytest.fixture(scope="session")
def pg_owner_url(pg_urls: tuple[str, str]) -> str:
    """The test database as its owner (the server's administrator) sees it."""
    return pg_urls[0]


@pytest.fixture(scope="session")
def password_server_url() -> Iterator[str]:
    """A private PostgreSQL server that checks passwords (SCRAM-SHA-256), with one migrated database
    and its job roles: the URL of its superuser (who owns the tables) over TCP."""
    from tests.pg_cluster import PasswordCheckingServer

    try:
        server = PasswordCheckingServer()
    except Exception as exc:  # noqa: BLE001 - no server binaries: the sign-in tests cannot run
        pytest.fail(
            f"cannot start a private PostgreSQL server (postgresql server package): {exc}", pytrace=False
        )
    try:
        password = uuid.uuid4().hex
        engine = create_engine(server.superuser_url(), isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.execute(text(f"ALTER ROLE postgres PASSWORD '{password}'"))
            conn.execute(text('CREATE DATABASE "sdauth"'))
        engine.dispose()
        url = f"postgresql+psycopg://postgres:{password}@127.0.0.1:{server.port}/sdauth"
        db = Database(url)
        upgrade(db)
        setup_roles(db)
        db.dispose()
        yield url
    finally:
        server.stop()


@pytest.fixture(params=BACKENDS)
def signin_db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """For the tests of signing in: on PostgreSQL a server that really checks passwords (the main
    test server may trust loopback connections). The Database acts as the tables' owner; people
    sign in on it with their own logins."""
    if request.param == "sqlite":
        database = make_database("sqlite", request, tmp_path)
        yield database
        database.dispose()
    else:
        yield request.getfixturevalue("password_server_db")


@pytest.fixture
def password_server_db(password_server_url: str) -> Iterator[Database]:
    """PostgreSQL only, on the server that checks passwords (see signin_db)."""
    _truncate_all(password_server_url)
    database = Database(password_server_url)
    yield database
    database.dispose()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    db = Database(f"sqlite:///{path}")
    upgrade(db)
    with db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    db.dispose()
    return path


# The tables a test wrote to: those holding rows, and those whose id sequence moved (a row inserted
# and deleted again; ids start again at 1).
_WRITTEN_TO = """
SELECT c.relname FROM pg_class c JOIN pg_depend d ON d.refobjid = c.oid AND d.deptype IN ('a', 'i')
JOIN pg_class s ON s.oid = d.objid AND s.relkind = 'S'
JOIN pg_sequences q ON q.schemaname = 'public' AND q.sequencename = s.relname
WHERE q.last_value IS NOT NULL
"""


def _truncate_all(url: str) -> None:
    """Empty every table a test wrote to. Only those: TRUNCATE replaces each table's and index's files,
    and all ~70 tables at once took 0.25 s or more before every test on a slow disk."""
    names = [t.name for t in Base.metadata.sorted_tables] + sorted(FREERADIUS_TABLES)
    holding = " UNION ALL ".join(f"SELECT '{n}' WHERE EXISTS (SELECT 1 FROM \"{n}\")" for n in names)
    engine = create_engine(url)
    with engine.begin() as conn:
        # A connection a previous test left behind (a thread, a cut proxy) must not hold locks here.
        conn.execute(
            text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        )
        conn.execute(text("SET LOCAL lock_timeout = '20s'"))
        written = set(conn.execute(text(holding)).scalars()) | set(conn.execute(text(_WRITTEN_TO)).scalars())
        if written:
            tables = ", ".join(f'"{n}"' for n in sorted(written))
            conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
        # The second factor's per-person try counters (migration 0010): staff ids start again at 1.
        conn.execute(
            text(
                "DO $$ DECLARE s record; BEGIN FOR s IN SELECT relname FROM pg_class WHERE relkind = 'S' "
                "AND relname LIKE 'second\\_factor\\_tries\\_%' LOOP "
                "EXECUTE format('DROP SEQUENCE %I', s.relname); END LOOP; END $$"
            )
        )
        # Some tests move the schema version to see the start-up check refuse; put it back.
        conn.execute(text("DELETE FROM alembic_version"))
        conn.execute(
            text("INSERT INTO alembic_version (version_num) VALUES (:head)"), {"head": head_revision()}
        )
        drop_database_roles(conn, str(make_url(url).database), people_only=True)
    engine.dispose()


def make_database(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> Database:
    if backend == "sqlite":
        path = tmp_path / "desk.sqlite3"
        shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
        return Database(f"sqlite:///{path}")
    _truncate_all(request.getfixturevalue("pg_owner_url"))
    return Database(request.getfixturevalue("pg_url"))


@pytest.fixture(params=BACKENDS)
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """A migrated, empty database: the test runs once on SQLite and once on PostgreSQL."""
    database = make_database(request.param, request, tmp_path)
    yield database
    database.dispose()


@pytest.fixture
def sqlite_db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """SQLite only: for what only the embedded mode has (argon2id hashes and lockout in the staff
    table; on a server, signing in is the server's: tests/services/admin/test_server_sign_in.py)."""
    database = make_database("sqlite", request, tmp_path)
    yield database
    database.dispose()


@pytest.fixture
def pg_db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """PostgreSQL only: for what only a server shows (concurrent sessions, LISTEN/NOTIFY)."""
    database = make_database("postgresql", request, tmp_path)
    yield database
    database.dispose()


@pytest.fixture
def owner_db(db: Database, request: pytest.FixtureRequest) -> Iterator[Database]:
    """The same database with its owner's rights (what a server administrator, or an attacker with the
    owner's password, can do); on SQLite the file is its own owner."""
    if db.is_embedded:
        yield db
        return
    owner = Database(request.getfixturevalue("pg_owner_url"))
    yield owner
    owner.dispose()


@pytest.fixture
def proxied(pg_db: Database) -> Iterator[tuple[Database, TcpProxy]]:
    """The test's PostgreSQL database reached through a proxy the test can cut (the network or the
    server going away in the middle of an action)."""
    url = make_url(pg_db.url.render_as_string(hide_password=False))
    proxy = TcpProxy(url.host or "127.0.0.1", url.port or 5432)
    db = pg_db.fresh_connections(host="127.0.0.1", port=proxy.port)
    yield db, proxy
    proxy.cut()
    db.dispose()


@pytest.fixture
def pg_owner_db(pg_db: Database, request: pytest.FixtureRequest) -> Iterator[Database]:
    """PostgreSQL only, with the owner's rights (emptied with `pg_db`)."""
    owner = Database(request.getfixturevalue("pg_owner_url"))
    yield owner
    owner.dispose()


@pytest.fixture(autouse=True)
def own_data_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test's own user data folder: nothing is written beside a real user's files."""
    folder = tmp_path / "user-data"
    monkeypatch.setenv("SUBSCRIBER_DESK_DATA_DIR", str(folder))
    return folder


@pytest.fixture
def russian(qapp):
    """The Russian catalogs installed, as on an office PC with a Russian system locale."""
    from app.views.i18n import install_translators

    install_translators("ru")
    yield
    install_translators("en")


@pytest.fixture(autouse=True)
def own_pc_settings(tmp_path: Path) -> Iterator[Path]:
    """Each test's own per-PC settings (QSettings): no test reads or changes a real user's choices."""
    from PySide6.QtCore import QSettings

    folder = tmp_path / "pc-settings"
    for kind in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        for scope in (QSettings.Scope.UserScope, QSettings.Scope.SystemScope):
            QSettings.setPath(kind, scope, str(folder / scope.name))
    yield folder
