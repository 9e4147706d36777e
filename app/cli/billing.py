"""`subscriber-desk billing run`: the nightly billing run for a scheduler."""

from __future__ import annotations

import argparse
import json
import sys

from app.cli.common import EXIT_OK, add_database_option, open_current_database, parse_date


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    billing = commands.add_parser("billing", help="the daily billing run")
    actions = billing.add_subparsers(dest="billing_command", metavar="ACTION", required=True)
    run = actions.add_parser("run", help="charge a business date (and any missed days before it)")
    add_database_option(run)
    run.add_argument(
        "--date", type=parse_date, metavar="YYYY-MM-DD", help="default: today in the operator's time zone"
    )
    run.add_argument("--json", action="store_true", help="print the result as one JSON object")
    run.set_defaults(handler=run_billing_day)


def run_billing_day(args: argparse.Namespace) -> int:
    from app.money import format_money
    from app.services.billing.run import run_billing

    db = open_current_database(args.database)
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
