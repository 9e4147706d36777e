"""What every command shares: the --database option, dates, opening the database from a console,
the console's actor and writing a report to a file or standard output."""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import sys
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlalchemy import URL

    from app.db import Database
    from app.services.kernel.permissions import Actor

Writer = Callable[[Any, Any], int]
EXIT_OK = 0
EXIT_FAILED = 1
CONSOLE = "console"


def add_database_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--database",
        metavar="URL",
        help="SQLAlchemy URL, e.g. postgresql://user@server/billing (default: $SUBSCRIBER_DESK_DATABASE, "
        "then the embedded SQLite file in the user's data folder)",
    )


def add_report_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=["csv", "json"], default="csv")
    parser.add_argument("--output", metavar="FILE", help="write here instead of standard output")
    parser.add_argument(
        "--login",
        metavar="LOGIN",
        help="who runs the report (required on the embedded database; on a server default: the URL's login)",
    )


def parse_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text}") from exc


def _console_password(url: URL) -> str | None:
    if not sys.stdin.isatty():
        return None
    return getpass.getpass(f"Password for {url.username}@{url.host}: ")


def open_database(database: str | None) -> Database:
    from app.bootstrap import open_database as open_with_password
    from app.bootstrap import resolve_database_url

    url, _chosen = resolve_database_url(database)
    return open_with_password(url, ask_password=_console_password)


def open_current_database(database: str | None) -> Database:
    """The database, refused unless its schema is this program's."""
    from app.schema import check_schema

    db = open_database(database)
    check_schema(db)
    return db


def console_actor(db: Database, login: str | None) -> Actor:
    """Who a command-line report acts as — a named person, never an anonymous administrator:
    `--login L` signs L in (password, then the second factor's code if L's roles need it: asked at a
    console, else the first and second lines of standard input); without it, on a server, the URL's
    own login: a person's (their roles from the server) or a scheduled task's login, named by itself."""
    from sqlalchemy import text

    from app.bootstrap import failed_sign_ins
    from app.errors import DomainError
    from app.services.admin.auth import SecondFactorStep, authenticator_for
    from app.services.kernel.permissions import Actor

    if login:
        authenticator = authenticator_for(db, default=True, memory=failed_sign_ins())
        actor = authenticator.authenticate(login, read_password(f"Password of {login}: ", repeat=False))
        if authenticator.second_factor is SecondFactorStep.ENROL:
            raise DomainError(f"{login} sets up the second factor in the program first")
        if authenticator.second_factor is SecondFactorStep.CODE:
            actor = authenticator.confirm_second_factor(
                read_password("Code from your authenticator app: ", repeat=False)
            )
        return actor
    if db.is_embedded:
        raise DomainError(
            "say who runs the report: --login LOGIN (the password is asked or read from standard input)"
        )
    with db.reading() as conn:
        row = conn.execute(text("SELECT id, login, full_name, roles FROM current_staff()")).first()
    if row is not None:
        from app.models import Role

        return Actor(
            staff_id=row.id,
            login=row.login,
            full_name=row.full_name,
            roles=frozenset(Role(r) for r in row.roles),
        )
    # A scheduled task's login (not a person): the server holds what it may read; the program lets it ask.
    from app.models import Role

    name = str(db.url.username or CONSOLE)
    return Actor(staff_id=0, login=name, full_name=name, roles=frozenset({Role.ADMIN}))


def write_report(
    args: argparse.Namespace,
    rows: Iterable[Any] | Any,  # what the writers take: rows, or a whole report (the revenue)
    write_csv: Writer,
    write_json: Writer,
    *,
    db: Database,
    actor: Actor,
    report: str | None,
    scope: str,
) -> int:
    """Write the report and record who took how many records of it out (app/services/kernel/exports.py);
    `report` None: a report without personal data (the revenue), nothing to record."""
    from app.services.kernel.exports import Form, Report, record_export

    write = write_csv if args.format == "csv" else write_json
    if args.output:
        with open(args.output, "w", encoding="utf-8", newline="") as out:
            count = write(rows, out)
        print(f"{count} rows written to {args.output}", file=sys.stderr)
    else:
        sys.stdout.reconfigure(encoding="utf-8", newline="")  # type: ignore[union-attr]
        count = write(rows, sys.stdout)
    if report is not None:
        record_export(db, actor, Report(report), count, Form(args.format), scope=scope, login=actor.login)
    return EXIT_OK


def read_password(prompt: str, *, repeat: bool) -> str:
    """A secret typed at a console (asked twice when `repeat`), or one line of standard input."""
    from app.errors import DomainError

    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\n")
    value = getpass.getpass(prompt)
    if repeat and getpass.getpass("Repeat it: ") != value:
        raise DomainError("the passwords differ")
    return value
