"""The reminder transports a database's settings describe (the `TransportFactory` of the port)."""

from __future__ import annotations

import logging
from collections.abc import Mapping

from app.adapters.http_sms import sms_from_settings
from app.adapters.smtp_email import smtp_from_settings
from app.adapters.telegram_bot import telegram_from_settings
from app.models.enums import NotificationChannel
from app.services.notifications.ports import (
    SECRET_SMS_API_KEY,
    SECRET_SMTP_PASSWORD,
    SECRET_TELEGRAM_TOKEN,
    Transport,
)

log = logging.getLogger(__name__)


def transports_from_settings(
    settings: Mapping[str, str], secrets: Mapping[str, str]
) -> dict[NotificationChannel, Transport]:
    """The configured transports by channel; a channel without a server is left out (its reminders
    stay queued). `secrets` holds SECRET_SMTP_PASSWORD, SECRET_SMS_API_KEY and SECRET_TELEGRAM_TOKEN
    from the OS keyring; Telegram needs its token and `telegram.enabled` = yes. Raises
    ValidationError for a setting that makes no sense."""
    found: dict[NotificationChannel, Transport] = {}
    email = smtp_from_settings(settings, secrets.get(SECRET_SMTP_PASSWORD, ""))
    if email is not None:
        found[NotificationChannel.EMAIL] = email
    sms = sms_from_settings(settings, secrets.get(SECRET_SMS_API_KEY, ""))
    if sms is not None:
        found[NotificationChannel.SMS] = sms
    telegram = telegram_from_settings(settings, secrets.get(SECRET_TELEGRAM_TOKEN, ""))
    if telegram is not None:
        found[NotificationChannel.TELEGRAM] = telegram
    return found


def close_transports(transports: Mapping[NotificationChannel, Transport]) -> None:
    """Close what keeps a connection (SMTP); safe to call on any transports."""
    for transport in transports.values():
        close = getattr(transport, "close", None)
        if callable(close):
            try:
                close()
            except Exception:  # closing must not hide the outcome of the sending
                log.warning("closing %r failed", transport, exc_info=True)
