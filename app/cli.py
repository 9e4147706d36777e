"""The command line beside the GUI, for admins and schedulers.

Exit codes: 0 done; 1 the action failed (one line on stderr says why); 2 wrong usage.
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import sys
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy import URL

from app import __version__
from app.errors import DomainError

if TYPE_CHECKING:
    from app.services.permissions import Actor

Writer = Callable[[Any, Any], int]
EXIT_OK = 0
EXIT_FAILED = 1


def _add_database_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--database",
        metavar="URL",
        help="SQLAlchemy URL, e.g. postgresql://user@server/billing (default: $SUBSCRIBER_DESK_DATABASE, "
        "then the embedded SQLite file in the user's data folder)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="subscriber-desk", description="Subscriber Desk")
    parser.add_argument("--version", action="version", version=f"subscriber-desk {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    gui = commands.add_parser("gui", help="open the program (the default without a command)")
    _add_database_option(gui)
    gui.add_argument(
        "--demo", action="store_true", help="open the embedded demo database (filled on first start)"
    )
    gui.add_argument("--language", choices=["ru", "en"], help="override the system language")
    gui.add_argument(
        "--section",
        choices=["subscribers", "cashdesk", "dispatch", "reports", "administration"],
        help="the section to show after signing in (e.g. cashdesk on a cashier's PC)",
    )

    db = commands.add_parser("db", help="database schema")
    db_commands = db.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    for name, text in (
        ("upgrade", "migrate the database to this program's schema"),
        ("status", "show the schema"),
    ):
        sub = db_commands.add_parser(name, help=text)
        _add_database_option(sub)

    demo = commands.add_parser("demo-data", help="fill an empty database with synthetic subscribers")
    _add_database_option(demo)
    demo.add_argument("--subscribers", type=int, default=3000, metavar="N")
    demo.add_argument("--seed", type=int, default=1, metavar="S")
    demo.add_argument("--months", type=int, default=12, metavar="M", help="months of charges and payments")

    billing = commands.add_parser("billing", help="the daily billing run")
    billing_commands = billing.add_subparsers(dest="billing_command", metavar="ACTION", required=True)
    run = billing_commands.add_parser("run", help="charge a business date (and any missed days before it)")
    _add_database_option(run)
    run.add_argument(
        "--date", type=_date, metavar="YYYY-MM-DD", help="default: today in the operator's time zone"
    )
    run.add_argument("--json", action="store_true", help="print the result as one JSON object")

    report = commands.add_parser("report", help="reports for accounting scripts")
    report_commands = report.add_subparsers(dest="report_command", metavar="REPORT", required=True)
    payments = report_commands.add_parser("payments", help="the payments journal for a period")
    _add_database_option(payments)
    payments.add_argument("--from", dest="date_from", required=True, type=_date, metavar="YYYY-MM-DD")
    payments.add_argument("--to", dest="date_to", required=True, type=_date, metavar="YYYY-MM-DD")
    payments.add_argument("--format", choices=["csv", "json"], default="csv")
    payments.add_argument("--output", metavar="FILE", help="write here instead of standard output")

    debtors = report_commands.add_parser("debtors", help="contracts in debt on a date")
    _add_database_option(debtors)
    debtors.add_argument("--date", type=_date, metavar="YYYY-MM-DD", help="default: today")
    debtors.add_argument("--format", choices=["csv", "json"], default="csv")
    debtors.add_argument("--output", metavar="FILE", help="write here instead of standard output")

    orders = report_commands.add_parser("orders", help="work orders (the dispatch queue)")
    _add_database_option(orders)
    orders.add_argument(
        "--status",
        choices=["open", "new", "assigned", "done", "failed", "cancelled"],
        default="open",
        help="which orders (default: open = new and assigned)",
    )
    orders.add_argument("--format", choices=["csv", "json"], default="csv")
    orders.add_argument("--output", metavar="FILE", help="write here instead of standard output")

    from app.cli_notifications import add_notification_commands

    add_notification_commands(commands)

    staff = commands.add_parser("staff", help="staff accounts")
    staff_commands = staff.add_subparsers(dest="staff_command", metavar="ACTION", required=True)
    admin = staff_commands.add_parser(
        "create-admin", help="add an administrator (the first one of a new database)"
    )
    _add_database_option(admin)
    admin.add_argument("--login", required=True)
    admin.add_argument("--full-name", required=True)
    return parser


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text}") from exc


def _console_password(url: URL) -> str | None:
    if not sys.stdin.isatty():
        return None
    return getpass.getpass(f"Password for {url.username}@{url.host}: ")


def _open(database: str | None):
    from app.bootstrap import open_database, resolve_database_url

    url, _embedded = resolve_database_url(database)
    return open_database(url, ask_password=_console_password)


def _db_upgrade(args: argparse.Namespace) -> int:
    from app.schema import current_revision, head_revision, upgrade

    db = _open(args.database)
    before = current_revision(db)
    upgrade(db)
    print(f"database {db.display_name}: schema {before or 'empty'} -> {head_revision()}")
    return EXIT_OK


def _db_status(args: argparse.Namespace) -> int:
    from app.schema import head_revision, schema_state

    db = _open(args.database)
    state, revision = schema_state(db)
    print(f"database {db.display_name}: {state.value} (at {revision or 'none'}, program {head_revision()})")
    return EXIT_OK if state.value == "current" else EXIT_FAILED


def _demo_data(args: argparse.Namespace) -> int:
    from app.schema import check_schema, schema_state, upgrade
    from app.services.demo_data import generate_demo_data

    if args.subscribers < 1:
        raise DomainError("--subscribers must be at least 1")
    db = _open(args.database)
    if schema_state(db)[0].value == "empty":
        upgrade(db)
    check_schema(db)

    def progress(stage: str, done: int, total: int) -> None:
        print(f"\r{stage}: {done}/{total}   ", end="", file=sys.stderr, flush=True)

    summary = generate_demo_data(
        db, subscribers=args.subscribers, seed=args.seed, months=args.months, progress=progress
    )
    print(file=sys.stderr)
    print(
        f"{summary.subscribers} subscribers, {summary.contracts} contracts, {summary.services} services, "
        f"{summary.ledger_entries} ledger entries, {summary.payments} payments, "
        f"{summary.work_orders} work orders in {summary.seconds:.1f} s"
    )
    return EXIT_OK


CONSOLE = "console"


def _console_actor() -> Actor:
    from app.models import Role
    from app.services.permissions import Actor

    # Whoever holds the database credentials may read everything; the console reads as an admin.
    return Actor(staff_id=0, login=CONSOLE, full_name=CONSOLE, roles=frozenset({Role.ADMIN}))


def _write_report(
    args: argparse.Namespace, rows: Iterable[Any], write_csv: Writer, write_json: Writer
) -> int:
    write = write_csv if args.format == "csv" else write_json
    if args.output:
        with open(args.output, "w", encoding="utf-8", newline="") as out:
            count = write(rows, out)
        print(f"{count} rows written to {args.output}", file=sys.stderr)
    else:
        sys.stdout.reconfigure(encoding="utf-8", newline="")  # type: ignore[union-attr]
        write(rows, sys.stdout)
    return EXIT_OK


def _report_payments(args: argparse.Namespace) -> int:
    from app.schema import check_schema
    from app.services import journal

    db = _open(args.database)
    check_schema(db)
    rows = journal.iter_payments(db, _console_actor(), journal.JournalFilter(args.date_from, args.date_to))
    return _write_report(args, rows, journal.write_csv, journal.write_json)


def _report_debtors(args: argparse.Namespace) -> int:
    from app.schema import check_schema
    from app.services import debtors

    db = _open(args.database)
    check_schema(db)
    rows = debtors.debtor_rows(db, _console_actor(), args.date)
    return _write_report(args, rows, debtors.write_csv, debtors.write_json)


def _report_orders(args: argparse.Namespace) -> int:
    from app.models import WorkOrderStatus
    from app.schema import check_schema
    from app.services import dispatch_board
    from app.services.dispatch import OPEN_STATUSES

    db = _open(args.database)
    check_schema(db)
    statuses = OPEN_STATUSES if args.status == "open" else (WorkOrderStatus(args.status),)
    rows = dispatch_board.board(db, _console_actor(), dispatch_board.BoardFilter(statuses=statuses))
    return _write_report(args, rows, dispatch_board.write_orders_csv, dispatch_board.write_orders_json)


def _billing_run(args: argparse.Namespace) -> int:
    import json

    from app.money import format_money
    from app.schema import check_schema
    from app.services.billing import run_billing

    db = _open(args.database)
    check_schema(db)
    quiet = args.json or not sys.stderr.isatty()

    def progress(stage: str, done: int, total: int) -> None:
        if not quiet:
            print(f"\r{stage}: {done}/{total}   ", end="", file=sys.stderr, flush=True)

    result = run_billing(db, None, args.date, progress=progress)
    if not quiet:
        print(file=sys.stderr)
    if args.json:
        print(json.dumps(result.as_dict(), ensure_ascii=False))
        return EXIT_OK
    for day in result.days:
        print(
            f"{day.business_date.isoformat()}: {day.charges} charges "
            f"({format_money(day.charged_amount, 'RUB')}), {day.tariff_changes} tariff changes, "
            f"{day.debts_started} new debts, {day.services_blocked} blocked, "
            f"{day.reminders_queued} reminders, {day.disconnect_orders} disconnect orders, "
            f"{day.debts_cleared} debts cleared in {day.seconds:.1f} s"
        )
    return EXIT_OK


def _create_admin(args: argparse.Namespace) -> int:
    from app.schema import check_schema
    from app.services.staff import create_admin_from_console

    db = _open(args.database)
    check_schema(db)
    if sys.stdin.isatty():
        password = getpass.getpass("New password: ")
        if getpass.getpass("Repeat it: ") != password:
            raise DomainError("the passwords differ")
    else:
        password = sys.stdin.readline().rstrip("\n")
    row = create_admin_from_console(db, login=args.login, full_name=args.full_name, password=password)
    print(f"administrator {row.login} added")
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command in (None, "gui"):
            from app.views.application import run_gui

            return run_gui(
                database=getattr(args, "database", None),
                demo=getattr(args, "demo", False),
                language=getattr(args, "language", None),
                section=getattr(args, "section", None),
            )
        if args.command == "db":
            return _db_upgrade(args) if args.db_command == "upgrade" else _db_status(args)
        if args.command == "demo-data":
            return _demo_data(args)
        if args.command == "billing":
            return _billing_run(args)
        if args.command == "report":
            reports = {"payments": _report_payments, "debtors": _report_debtors, "orders": _report_orders}
            return reports[args.report_command](args)
        if args.command == "notifications":
            from app import cli_notifications

            if args.notifications_command == "send":
                return cli_notifications.notifications_send(args)
            return cli_notifications.notifications_set_secret(args)
        if args.command == "staff":
            return _create_admin(args)
    except DomainError as exc:
        cause = (
            f" ({str(exc.__cause__).strip().splitlines()[0]})" if exc.__cause__ and str(exc.__cause__) else ""
        )
        print(f"subscriber-desk: {exc.english()}{cause}", file=sys.stderr)
        return EXIT_FAILED
    except Exception as exc:  # noqa: BLE001 - a scheduler needs one line, not a traceback
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        print(f"subscriber-desk: {type(exc).__name__}: {reason}", file=sys.stderr)
        return EXIT_FAILED
    parser.error(f"unknown command {args.command}")
    return 2


if __name__ == "__main__":
    raise SystemExit(main())
