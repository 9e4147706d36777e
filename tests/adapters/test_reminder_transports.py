"""The transports the settings describe: none without servers, bad settings refused for people."""

from __future__ import annotations

import datetime as dt

import pytest

from app.adapters.reminder_transports import transports_from_settings
from app.errors import ValidationError
from app.models import NotificationChannel
from app.services.kernel.settings import TransportKey

SMS, EMAIL = NotificationChannel.SMS, NotificationChannel.EMAIL
T0 = dt.datetime(2025, 3, 10, 9, 0, tzinfo=dt.UTC)


def test_settings_without_servers_give_no_transports_and_bad_ones_are_refused() -> None:
    assert transports_from_settings({}, {}) == {}
    bad = [
        (
            {TransportKey.SMTP_HOST: "mail", TransportKey.SMTP_FROM: "billing@x.ru", "smtp.port": "99999"},
            "smtp.port",
        ),
        (
            {TransportKey.SMTP_HOST: "mail", TransportKey.SMTP_FROM: "billing@x.ru", "smtp.security": "tls"},
            "smtp.security",
        ),
        ({TransportKey.SMTP_HOST: "mail"}, "smtp.from"),
        ({TransportKey.SMS_URL: "ftp://gw"}, "sms.url"),
        ({TransportKey.SMS_URL: "https://gw/send", "sms.method": "PUT"}, "sms.method"),
        ({TransportKey.SMS_URL: "https://gw/send", "sms.text_field": "phone"}, "sms.phone_field"),
        ({TransportKey.SMS_URL: "https://gw/send", "notify.timeout_seconds": "0"}, "notify.timeout_seconds"),
    ]
    for settings, field_name in bad:
        with pytest.raises(ValidationError) as caught:
            transports_from_settings(settings, {})
        assert caught.value.field == field_name
