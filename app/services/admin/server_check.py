"""`subscriber-desk db check`: what on a shared PostgreSQL server is unsafe for a system of record.

Read-only. Each finding says what is wrong and what to do (docs/server-setup.md has the details):
connections that need no password, no TLS, passwords not stored as SCRAM, no delay against password
guessing, the program's tables open to PUBLIC, and the tables owned by the login this check runs as —
which, when that is the login the workstations use, lets any office PC alter or empty them."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, text
from sqlalchemy.exc import DBAPIError

from app.db import Database


@dataclass(frozen=True)
class Finding:
    unsafe: bool
    text: str


def check_server(db: Database) -> list[Finding]:
    """What was found, unsafe first; an embedded database has no server to check."""
    if db.is_embedded:
        return [Finding(False, "embedded database: no server to check (keep the file on this PC only)")]
    findings: list[Finding] = []
    with db.reading() as conn:
        findings += _authentication(conn)
        findings += _transport(conn)
        findings += _privileges(conn)
        findings += _logins(conn)
    return sorted(findings, key=lambda f: not f.unsafe)


def _setting(conn: Connection, name: str) -> str | None:
    """A server setting, or None when this login may not read it."""
    try:
        with conn.begin_nested():
            return str(conn.execute(text("SELECT current_setting(:n, true)"), {"n": name}).scalar() or "")
    except DBAPIError:
        return None


def _authentication(conn: Connection) -> list[Finding]:
    findings = []
    try:
        with conn.begin_nested():
            rules = conn.execute(
                text(
                    "SELECT line_number, type, array_to_string(database, ','), "
                    "array_to_string(user_name, ','), coalesce(address, ''), auth_method "
                    "FROM pg_hba_file_rules WHERE error IS NULL"
                )
            ).all()
    except DBAPIError:
        rules = None
    if rules is None:
        findings.append(
            Finding(
                True, "pg_hba.conf cannot be read by this login: run `db check` as a superuser to check it"
            )
        )
    else:
        for line, kind, databases, users, address, method in rules:
            where = f"pg_hba.conf line {line} ({kind} {databases} {users} {address})".replace("  ", " ")
            if method in ("trust", "password", "md5"):
                advice = "no password at all" if method == "trust" else f"{method} authentication"
                findings.append(Finding(True, f"{where}: {advice}; use scram-sha-256"))
            if kind == "host" and address not in ("127.0.0.1/32", "::1/128", "127.0.0.1", "::1"):
                findings.append(Finding(True, f"{where}: network connections without TLS; use hostssl"))
    if _setting(conn, "password_encryption") != "scram-sha-256":
        findings.append(
            Finding(True, "password_encryption is not scram-sha-256: new passwords are stored weakly")
        )
    preloaded = _setting(conn, "shared_preload_libraries")
    if preloaded is None:
        findings.append(
            Finding(True, "shared_preload_libraries cannot be read by this login: run as a superuser")
        )
    elif "auth_delay" not in preloaded:
        findings.append(
            Finding(
                True,
                "auth_delay is not loaded: nothing slows down password guessing (see docs/server-setup.md)",
            )
        )
    return findings


def _transport(conn: Connection) -> list[Finding]:
    findings = []
    if _setting(conn, "ssl") != "on":
        findings.append(
            Finding(True, "ssl is off: passwords and money travel in clear text over the network")
        )
    encrypted = conn.execute(text("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")).scalar()
    if not encrypted:
        findings.append(
            Finding(
                True,
                "this connection is not encrypted: use sslmode=verify-full with the server's CA in the URL",
            )
        )
    else:
        findings.append(Finding(False, "this connection is encrypted (TLS)"))
    return findings


def _privileges(conn: Connection) -> list[Finding]:
    findings = []
    public = conn.execute(
        text(
            "SELECT table_name, string_agg(privilege_type, ', ' ORDER BY privilege_type) "
            "FROM information_schema.role_table_grants WHERE grantee = 'PUBLIC' AND table_schema = 'public' "
            "GROUP BY table_name ORDER BY table_name"
        )
    ).all()
    for table, privileges in public:
        findings.append(Finding(True, f"table {table}: PUBLIC may {privileges}; revoke it"))
    login = conn.execute(text("SELECT session_user")).scalar()
    owned = conn.execute(
        text(
            "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = 'public' AND c.relkind = 'r' AND pg_get_userbyid(c.relowner) = session_user"
        )
    ).scalar()
    if owned:
        findings.append(
            Finding(
                True,
                f"the login {login} owns {owned} tables: if the workstations use it, any office PC can "
                "alter, empty or drop them and switch the append-only triggers off; keep an owner login "
                "for `db upgrade` only",
            )
        )
    superuser = conn.execute(text("SELECT rolsuper FROM pg_roles WHERE rolname = session_user")).scalar()
    if superuser:
        findings.append(Finding(True, f"the login {login} is a superuser: never give it to a workstation"))
    return findings


def _logins(conn: Connection) -> list[Finding]:
    """The job roles exist, people's logins hold nothing but their jobs, and no other login holds a job."""
    findings = []
    database = conn.execute(text("SELECT current_database()")).scalar_one()
    jobs = set(
        conn.execute(
            text("SELECT rolname FROM pg_roles WHERE rolname LIKE :p"), {"p": f"{database}.%"}
        ).scalars()
    )
    if f"{database}.staff" not in jobs:
        return [Finding(True, "the job roles do not exist: run `db upgrade` as the tables' owner")]
    people = conn.execute(
        text(
            "SELECT rolname FROM pg_roles WHERE right(rolname, length(:d) + 1) = '@' || :d "
            "AND (rolsuper OR rolcreaterole OR rolcreatedb OR rolbypassrls OR rolreplication)"
        ),
        {"d": database},
    ).scalars()
    for login in people:
        findings.append(Finding(True, f"the staff login {login} has server-wide powers; remove them"))
    # The scheduler's and FreeRADIUS's logins hold their jobs by design (`db add-scheduler`, `db add-radius`).
    person_jobs = sorted(jobs - {f"{database}.staff", f"{database}.scheduler", f"{database}.radius"})
    strangers = conn.execute(
        text(
            "SELECT DISTINCT u.rolname FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid "
            "JOIN pg_roles u ON u.oid = m.member WHERE g.rolname = ANY(:jobs) AND u.rolcanlogin "
            "AND right(u.rolname, length(:d) + 1) <> '@' || :d ORDER BY 1"
        ),
        {"jobs": person_jobs, "d": database},
    ).scalars()
    for login in strangers:
        findings.append(
            Finding(
                True,
                f"the login {login} holds a person's job roles but is no staff member "
                "(a shared login?): revoke them",
            )
        )
    owner = conn.execute(
        text("SELECT relowner FROM pg_class WHERE oid = 'public.ledger_entry'::regclass")
    ).scalar_one()
    may_end_sessions = conn.execute(
        text(
            "SELECT pg_has_role(:o, 'pg_signal_backend', 'MEMBER') "
            "OR (SELECT rolsuper FROM pg_roles WHERE oid = :o)"
        ),
        {"o": owner},
    ).scalar()
    if not may_end_sessions:
        findings.append(
            Finding(
                True,
                "the tables' owner cannot end sessions: GRANT pg_signal_backend TO it, or a deactivated "
                "person's open session lives on (without rights) until it closes",
            )
        )
    if not findings:
        findings.append(Finding(False, "staff sign in as their own logins, which hold only their job roles"))
    return findings
