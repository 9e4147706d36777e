"""`subscriber-desk report …`: reports for accounting scripts (CSV or JSON), receipts and subject files."""

from __future__ import annotations

import argparse
import datetime as dt
import sys

from app.cli.common import (
    EXIT_OK,
    add_database_option,
    add_report_options,
    console_actor,
    open_current_database,
    parse_date,
    write_report,
)


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    report = commands.add_parser("report", help="reports for accounting scripts")
    reports = report.add_subparsers(dest="report_command", metavar="REPORT", required=True)
    payments = reports.add_parser("payments", help="the payments journal for a period")
    add_database_option(payments)
    payments.add_argument("--from", dest="date_from", required=True, type=parse_date, metavar="YYYY-MM-DD")
    payments.add_argument("--to", dest="date_to", required=True, type=parse_date, metavar="YYYY-MM-DD")
    add_report_options(payments)
    payments.set_defaults(handler=report_payments)

    debtors = reports.add_parser("debtors", help="contracts in debt on a date")
    add_database_option(debtors)
    debtors.add_argument("--date", type=parse_date, metavar="YYYY-MM-DD", help="default: today")
    add_report_options(debtors)
    debtors.set_defaults(handler=report_debtors)

    revenue = reports.add_parser(
        "revenue", help="revenue by month: charges, fees, discounts, outage compensation, payments"
    )
    add_database_option(revenue)
    revenue.add_argument("--from", dest="month_from", type=parse_month, metavar="YYYY-MM", help="first month")
    revenue.add_argument("--to", dest="month_to", type=parse_month, metavar="YYYY-MM", help="last month")
    add_report_options(revenue)
    revenue.set_defaults(handler=report_revenue)

    orders = reports.add_parser("orders", help="work orders (the dispatch queue)")
    add_database_option(orders)
    orders.add_argument(
        "--status",
        choices=["open", "new", "assigned", "done", "failed", "cancelled"],
        default="open",
        help="which orders (default: open = new and assigned)",
    )
    add_report_options(orders)
    orders.set_defaults(handler=report_orders)

    receipt = reports.add_parser("receipt", help="a payment's receipt as PDF (a reprint, marked «ДУБЛИКАТ»)")
    add_database_option(receipt)
    receipt.add_argument("--payment", required=True, type=int, metavar="ID", help="the payment's number")
    receipt.add_argument("--output", required=True, metavar="FILE", help="where the PDF goes")
    receipt.add_argument("--layout", choices=["a4", "roll"], default="a4", help="A4 sheet or 80 mm roll")
    receipt.add_argument("--login", metavar="LOGIN", help="who prints it (as for the other reports)")
    receipt.set_defaults(handler=report_receipt)

    subject = reports.add_parser(
        "subject", help="everything held about a subscriber (152-FZ), as PDF and JSON, for them"
    )
    add_database_option(subject)
    subject.add_argument("--contract", required=True, metavar="NUMBER", help="any contract of the subscriber")
    subject.add_argument(
        "--output-dir", required=True, metavar="DIR", help="where subject_NUMBER.pdf/.json go"
    )
    subject.add_argument("--login", metavar="LOGIN", help="who prepares it (as for the other reports)")
    subject.set_defaults(handler=report_subject)


def report_payments(args: argparse.Namespace) -> int:
    from app.services.cashdesk import journal

    db = open_current_database(args.database)
    actor = console_actor(db, args.login)
    rows = journal.iter_payments(db, actor, journal.JournalFilter(args.date_from, args.date_to))
    scope = f"{args.date_from.isoformat()}..{args.date_to.isoformat()}"
    return write_report(
        args, rows, journal.write_csv, journal.write_json, db=db, actor=actor, report="payments", scope=scope
    )


def report_debtors(args: argparse.Namespace) -> int:
    from app.services.billing import debtors

    db = open_current_database(args.database)
    actor = console_actor(db, args.login)
    rows = debtors.iter_debtor_rows(db, actor, args.date)  # streamed: constant memory
    scope = args.date.isoformat() if args.date else "today"
    return write_report(
        args, rows, debtors.write_csv, debtors.write_json, db=db, actor=actor, report="debtors", scope=scope
    )


def parse_month(text: str) -> dt.date:
    """«2026-03» (or any day of it) → the month's first day."""
    try:
        return dt.date.fromisoformat(text if len(text) > 7 else f"{text}-01").replace(day=1)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a month (YYYY-MM): {text}") from exc


def report_revenue(args: argparse.Namespace) -> int:
    """Default: the last twelve business months. No names in it: no export to record."""
    from app.services.billing import revenue

    db = open_current_database(args.database)
    actor = console_actor(db, args.login)
    report = revenue.revenue_report(db, actor, args.month_from, args.month_to)
    return write_report(
        args, report, revenue.write_csv, revenue.write_json, db=db, actor=actor, report=None, scope=""
    )


def report_receipt(args: argparse.Namespace) -> int:
    from pathlib import Path

    from app.printing.receipt import render_receipt
    from app.services.cashdesk.receipts import receipt_data

    db = open_current_database(args.database)
    actor = console_actor(db, args.login)
    pdf = render_receipt(receipt_data(db, actor, args.payment), layout=args.layout, duplicate=True)
    Path(args.output).write_bytes(pdf)
    print(f"receipt of payment {args.payment} written to {args.output}", file=sys.stderr)
    return EXIT_OK


def report_orders(args: argparse.Namespace) -> int:
    from app.models import WorkOrderStatus
    from app.services.dispatch import board, field_reports
    from app.services.dispatch.orders import OPEN_STATUSES

    db = open_current_database(args.database)
    statuses = OPEN_STATUSES if args.status == "open" else (WorkOrderStatus(args.status),)
    actor = console_actor(db, args.login)
    rows = board.board(db, actor, board.BoardFilter(statuses=statuses))
    return write_report(
        args,
        rows,
        field_reports.write_orders_csv,
        field_reports.write_orders_json,
        db=db,
        actor=actor,
        report="orders",
        scope=args.status,
    )


def report_subject(args: argparse.Namespace) -> int:
    import sys
    from pathlib import Path

    from PySide6.QtCore import QCoreApplication

    from app.views.frontdesk.subject_files import write_subject_files
    from app.views.i18n import install_translators

    db = open_current_database(args.database)
    actor = console_actor(db, args.login)
    _app = QCoreApplication.instance() or QCoreApplication([])  # the history in Russian, as on screen
    install_translators("ru")
    pdf, data = write_subject_files(db, actor, args.contract.strip(), Path(args.output_dir))
    print(f"{pdf} and {data} written", file=sys.stderr)
    return 0
