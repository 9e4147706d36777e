"""The port through which reminders leave the building: what the domain expects of a transport.

A transport (an adapter in `app/adapters/`) delivers one message or raises: `DeliveryFailed` (worth
retrying later), `TransportUnavailable` (the server or the gateway itself is down or misconfigured, so
the rest of the batch on that channel waits too) or `DeliveryRefused` (this message can never go: a
malformed address, a 4xx from the gateway). Which transports exist is decided in `app/bootstrap.py`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Protocol

from app.models.enums import NotificationChannel


class DeliveryFailed(Exception):
    """Not delivered this time; the same message may well go through later."""


class TransportUnavailable(DeliveryFailed):
    """The server or gateway cannot take any message now (down, unreachable, wrong password)."""


class DeliveryRefused(Exception):
    """This message can never be delivered as it is (malformed address, refused by the gateway)."""


class Transport(Protocol):
    """Delivers one message; raises DeliveryFailed / DeliveryRefused, returns None once accepted."""

    def send(self, recipient: str, text: str) -> None: ...


# Builds the transports from the settings rows and the secrets kept in the OS keyring.
TransportFactory = Callable[[Mapping[str, str], Mapping[str, str]], dict[NotificationChannel, Transport]]

# Names of the secrets a TransportFactory expects (the caller keeps them in the OS keyring).
SECRET_SMTP_PASSWORD = "smtp.password"
SECRET_SMS_API_KEY = "sms.api_key"
