"""The port through which reminders leave the building: what the domain expects of a transport.

A transport (an adapter in `app/adapters/`) delivers one message or raises: `DeliveryFailed` (worth
retrying later), `TransportUnavailable` (the server or the gateway itself is down or misconfigured, so
the rest of the batch on that channel waits too) or `DeliveryRefused` (this message can never go: a
malformed address, a 4xx from the gateway; `ChatGone` when a Telegram chat blocked the bot). Which
transports exist is decided in `app/bootstrap.py`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Protocol

from app.models.enums import NotificationChannel


class DeliveryFailed(Exception):
    """Not delivered this time; the same message may well go through later."""


class TransportUnavailable(DeliveryFailed):
    """The server or gateway cannot take any message now (down, unreachable, wrong password)."""


class DeliveryRefused(Exception):
    """This message can never be delivered as it is (malformed address, refused by the gateway)."""


class ChatGone(DeliveryRefused):
    """The Telegram chat takes no more messages from the bot (blocked it, deleted, not found): the
    chat is unlinked and the message goes by SMS."""


class Transport(Protocol):
    """Delivers one message; raises DeliveryFailed / DeliveryRefused, returns None once accepted."""

    def send(self, recipient: str, text: str) -> None: ...


# Builds the transports from the settings rows and the secrets kept in the OS keyring.
TransportFactory = Callable[[Mapping[str, str], Mapping[str, str]], dict[NotificationChannel, Transport]]

# Names of the secrets a TransportFactory expects (the caller keeps them in the OS keyring).
SECRET_SMTP_PASSWORD = "smtp.password"
SECRET_SMS_API_KEY = "sms.api_key"
SECRET_TELEGRAM_TOKEN = "telegram.token"


@dataclass(frozen=True)
class IncomingMessage:
    """A text someone wrote to the bot (one of getUpdates' updates)."""

    update_id: int
    chat_id: int
    private: bool  # a one-to-one chat with the bot (a group's messages never link anything)
    text: str


class TelegramBot(Transport, Protocol):
    """The bot: sends like any transport (`send(chat_id, text)`) and reads what people wrote to it."""

    def get_updates(self, offset: int) -> list[IncomingMessage]:
        """The updates from `offset` on (those before it are confirmed as read); raises DeliveryFailed
        / TransportUnavailable like `send`."""
        ...
