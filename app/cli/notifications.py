"""`subscriber-desk notifications send|telegram-poll|set-secret`: send the due reminders (reading the
Telegram bot's link codes first), only read the link codes, keep the sending secrets in this PC's
keyring."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, cast

from app.cli.common import EXIT_FAILED, EXIT_OK, add_database_option, open_current_database, open_database
from app.errors import DomainError

if TYPE_CHECKING:
    from app.db import Database
    from app.services.notifications.ports import TelegramBot


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    notifications = commands.add_parser(
        "notifications", help="the reminder outbox (SMS, e-mail and Telegram)"
    )
    actions = notifications.add_subparsers(dest="notifications_command", metavar="ACTION", required=True)
    send = actions.add_parser(
        "send",
        help="read the link codes sent to the Telegram bot, then send the reminders that are due "
        "(safe to run from several PCs at once)",
    )
    add_database_option(send)
    send.add_argument("--limit", type=int, default=1000, metavar="N", help="at most N reminders (1000)")
    send.set_defaults(handler=send_reminders)
    poll = actions.add_parser(
        "telegram-poll", help="link the Telegram chats that sent the bot a valid code (docs/telegram.md)"
    )
    add_database_option(poll)
    poll.set_defaults(handler=poll_telegram)
    secret = actions.add_parser(
        "set-secret",
        help="keep the SMTP password, the SMS API key or the Telegram bot token in this PC's keyring "
        "(read from stdin)",
    )
    add_database_option(secret)
    secret.add_argument("name", choices=["smtp.password", "sms.api_key", "telegram.token"])
    secret.set_defaults(handler=set_secret)


def send_reminders(args: argparse.Namespace) -> int:
    from app.bootstrap import close_reminder_transports, reminder_transports
    from app.models.enums import NotificationChannel
    from app.services.notifications.sending import reroute_telegram_to_sms, send_due

    if args.limit < 1:
        raise DomainError("--limit must be at least 1")
    db = open_current_database(args.database)
    if not _telegram_on(db) and (rerouted := reroute_telegram_to_sms(db)):
        print(f"Telegram is off: {rerouted} Telegram reminders queued by SMS instead")
    transports = reminder_transports(db)
    if not transports:
        raise DomainError(
            "no SMTP server and no SMS gateway are set (settings smtp.host, sms.url), and no Telegram bot"
        )
    bot = transports.get(NotificationChannel.TELEGRAM)
    if bot is None and _telegram_on(db):
        print(
            "subscriber-desk: Telegram is on but this computer has no bot token "
            "(notifications set-secret telegram.token): Telegram reminders wait",
            file=sys.stderr,
        )
    try:
        if bot is not None:
            _poll(db, cast("TelegramBot", bot))
        summary = send_due(db, transports, limit=args.limit)
    finally:
        close_reminder_transports(transports)
    by_sms = f" ({summary.by_sms} of them queued again by SMS)" if summary.by_sms else ""
    print(
        f"{summary.sent} sent, {summary.retried} to retry later, {summary.failed} failed{by_sms}, "
        f"{summary.released} waiting for the transport"
    )
    if summary.claimed and not summary.sent:  # nothing got through: let the scheduler alert someone
        print(f"subscriber-desk: nothing was sent: {summary.first_error}", file=sys.stderr)
        return EXIT_FAILED
    return EXIT_OK


def _telegram_on(db: Database) -> bool:
    from app.services.kernel.settings import read_settings
    from app.services.notifications.telegram import telegram_enabled

    with db.reading() as conn:
        return telegram_enabled(read_settings(conn))


def _poll(db: Database, bot: TelegramBot) -> bool:
    """Read the bot's messages; a Bot API failure is one line on stderr (sending goes on)."""
    from app.services.notifications.ports import DeliveryFailed, DeliveryRefused
    from app.services.notifications.telegram import poll_links

    try:
        polled = poll_links(db, bot)
    except (DeliveryFailed, DeliveryRefused) as exc:
        print(f"subscriber-desk: Telegram link codes not read: {exc}", file=sys.stderr)
        return False
    if polled.read:
        print(
            f"Telegram: {polled.read} messages read, {polled.linked} chats linked, "
            f"{polled.refused} wrong codes"
        )
    return True


def poll_telegram(args: argparse.Namespace) -> int:
    from app.bootstrap import telegram_bot

    db = open_current_database(args.database)
    bot = telegram_bot(db)
    if bot is None:
        raise DomainError(
            "Telegram is off (setting telegram.enabled) or this computer has no bot token "
            "(notifications set-secret telegram.token)"
        )
    return EXIT_OK if _poll(db, bot) else EXIT_FAILED


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
