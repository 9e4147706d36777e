"""`subscriber-desk notifications send|set-secret`: send the due reminders, keep the sending secrets
in this PC's keyring."""

from __future__ import annotations

import argparse
import sys

from app.cli.common import EXIT_FAILED, EXIT_OK, add_database_option, open_current_database, open_database
from app.errors import DomainError


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    notifications = commands.add_parser("notifications", help="the reminder outbox (SMS and e-mail)")
    actions = notifications.add_subparsers(dest="notifications_command", metavar="ACTION", required=True)
    send = actions.add_parser(
        "send", help="send the reminders that are due (safe to run from several PCs at once)"
    )
    add_database_option(send)
    send.add_argument("--limit", type=int, default=1000, metavar="N", help="at most N reminders (1000)")
    send.set_defaults(handler=send_reminders)
    secret = actions.add_parser(
        "set-secret", help="keep the SMTP password or the SMS API key in this PC's keyring (read from stdin)"
    )
    add_database_option(secret)
    secret.add_argument("name", choices=["smtp.password", "sms.api_key"])
    secret.set_defaults(handler=set_secret)


def send_reminders(args: argparse.Namespace) -> int:
    from app.bootstrap import close_reminder_transports, reminder_transports
    from app.services.notifications.sending import send_due

    if args.limit < 1:
        raise DomainError("--limit must be at least 1")
    db = open_current_database(args.database)
    transports = reminder_transports(db)
    if not transports:
        raise DomainError("no SMTP server and no SMS gateway are set (settings smtp.host, sms.url)")
    try:
        summary = send_due(db, transports, limit=args.limit)
    finally:
        close_reminder_transports(transports)
    print(
        f"{summary.sent} sent, {summary.retried} to retry later, {summary.failed} failed, "
        f"{summary.released} waiting for the transport"
    )
    if summary.claimed and not summary.sent:  # nothing got through: let the scheduler alert someone
        print(f"subscriber-desk: nothing was sent: {summary.first_error}", file=sys.stderr)
        return EXIT_FAILED
    return EXIT_OK


def set_secret(args: argparse.Namespace) -> int:
    from app.cli.common import read_password
    from app.secrets import store_secret

    db = open_database(args.database)
    value = read_password(f"{args.name}: ", repeat=False)
    if not value:
        raise DomainError("nothing entered")
    if not store_secret(args.name, db.url, value):
        raise DomainError("this computer has no keyring to keep the secret in")
    print(f"{args.name} kept in the keyring of this computer")
    return EXIT_OK
