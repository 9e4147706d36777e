"""`subscriber-desk privacy anonymise`: anonymise former subscribers past the retention period."""

from __future__ import annotations

import argparse
import sys

from app.cli.common import EXIT_OK, add_database_option, console_actor, open_current_database


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    privacy = commands.add_parser("privacy", help="personal data of former subscribers")
    actions = privacy.add_subparsers(dest="privacy_command", metavar="ACTION", required=True)
    anonymise = actions.add_parser(
        "anonymise",
        help="replace the personal data of former subscribers whose contracts ended longer ago than the "
        "retention period (Company settings) and who owe nothing and are owed nothing",
    )
    add_database_option(anonymise)
    anonymise.add_argument(
        "--dry-run", action="store_true", help="list who would be anonymised; change nothing"
    )
    anonymise.add_argument(
        "--login",
        metavar="LOGIN",
        help="the administrator who does it (required on the embedded database; on a server default: "
        "the URL's login)",
    )
    anonymise.set_defaults(handler=anonymise_former_subscribers)


def anonymise_former_subscribers(args: argparse.Namespace) -> int:
    from app.money import format_money
    from app.services.admin.anonymisation import anonymise_subscribers, preview_anonymisation

    db = open_current_database(args.database)
    actor = console_actor(db, args.login)
    preview = preview_anonymisation(db, actor)
    print(
        f"retention {preview.retention_months} months: contracts ended on or before "
        f"{preview.cutoff.isoformat()}",
        file=sys.stderr,
    )
    for row in preview.held_back:
        print(
            f"held back: {row.contracts} {row.full_name}: balance {format_money(row.balance)}",
            file=sys.stderr,
        )
    if args.dry_run:
        for row in preview.due:
            print(f"{row.subscriber_id}\t{row.contracts}\t{row.ended_on.isoformat()}\t{row.full_name}")
        print(f"{len(preview.due)} would be anonymised, {len(preview.held_back)} held back", file=sys.stderr)
        return EXIT_OK
    result = anonymise_subscribers(db, actor, [row.subscriber_id for row in preview.due])
    print(
        f"{result.anonymised} anonymised, {len(preview.held_back)} held back, "
        f"{len(result.refused)} changed meanwhile and left",
        file=sys.stderr,
    )
    return EXIT_OK
