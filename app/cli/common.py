"""What every command shares: the --database option, dates, opening the database from a console,
the console's actor and writing a report to a file or standard output."""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import sys
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from sqlalchemy import URL

if TYPE_CHECKING:
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

    url, _embedded = resolve_database_url(database)
    return open_with_password(url, ask_password=_console_password)


def open_current_database(database: str | None) -> Database:
    """The database, refused unless its schema is this program's."""
    from app.schema import check_schema

    db = open_database(database)
    check_schema(db)
    return db


def console_actor() -> Actor:
    from app.models import Role
    from app.services.kernel.permissions import Actor

    # Whoever holds the database credentials may read everything; the console reads as an admin.
    return Actor(staff_id=0, login=CONSOLE, full_name=CONSOLE, roles=frozenset({Role.ADMIN}))


def write_report(args: argparse.Namespace, rows: Iterable[Any], write_csv: Writer, write_json: Writer) -> int:
    write = write_csv if args.format == "csv" else write_json
    if args.output:
        with open(args.output, "w", encoding="utf-8", newline="") as out:
            count = write(rows, out)
        print(f"{count} rows written to {args.output}", file=sys.stderr)
    else:
        sys.stdout.reconfigure(encoding="utf-8", newline="")  # type: ignore[union-attr]
        write(rows, sys.stdout)
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
