"""`subscriber-desk notifications …`: send the due reminders, keep the sending secrets in the keyring."""

from __future__ import annotations

import argparse
import os
import sys

from sqlalchemy import URL

from app.cli import EXIT_FAILED, EXIT_OK, _add_database_option, _open
from app.errors import DomainError
from app.secrets import load_secret, store_secret


def add_notification_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    notifications = commands.add_parser("notifications", help="the reminder outbox (SMS and e-mail)")
    actions = notifications.add_subparsers(dest="notifications_command", metavar="ACTION", required=True)
    send = actions.add_parser(
        "send", help="send the reminders that are due (safe to run from several PCs at once)"
    )
    _add_database_option(send)
    send.add_argument("--limit", type=int, default=1000, metavar="N", help="at most N reminders (1000)")
    secret = actions.add_parser(
        "set-secret", help="keep the SMTP password or the SMS API key in this PC's keyring (read from stdin)"
    )
    _add_database_option(secret)
    secret.add_argument("name", choices=["smtp.password", "sms.api_key"])


def sending_secrets(url: URL) -> dict[str, str]:
    from app.services.notify_transports import SECRET_SMS_API_KEY, SECRET_SMTP_PASSWORD

    found: dict[str, str] = {}
    for name in (SECRET_SMTP_PASSWORD, SECRET_SMS_API_KEY):
        # A headless server has no keyring: its scheduler may pass the secret in the environment
        # (e.g. a systemd credential), never in a config file.
        value = os.environ.get("SUBSCRIBER_DESK_" + name.upper().replace(".", "_")) or load_secret(name, url)
        if value:
            found[name] = value
    return found


def notifications_send(args: argparse.Namespace) -> int:
    from app.schema import check_schema
    from app.services.notify_sending import configured_transports, send_due
    from app.services.notify_transports import close_transports

    if args.limit < 1:
        raise DomainError("--limit must be at least 1")
    db = _open(args.database)
    check_schema(db)
    transports = configured_transports(db, sending_secrets(db.url))
    if not transports:
        raise DomainError("no SMTP server and no SMS gateway are set (settings smtp.host, sms.url)")
    try:
        summary = send_due(db, transports, limit=args.limit)
    finally:
        close_transports(transports)
    print(
        f"{summary.sent} sent, {summary.retried} to retry later, {summary.failed} failed, "
        f"{summary.released} waiting for the transport"
    )
    if summary.claimed and not summary.sent:  # nothing got through: let the scheduler alert someone
        print(f"subscriber-desk: nothing was sent: {summary.first_error}", file=sys.stderr)
        return EXIT_FAILED
    return EXIT_OK


def notifications_set_secret(args: argparse.Namespace) -> int:
    import getpass

    db = _open(args.database)
    value = getpass.getpass(f"{args.name}: ") if sys.stdin.isatty() else sys.stdin.readline().rstrip("\n")
    if not value:
        raise DomainError("nothing entered")
    if not store_secret(args.name, db.url, value):
        raise DomainError("this computer has no keyring to keep the secret in")
    print(f"{args.name} kept in the keyring of this computer")
    return EXIT_OK
