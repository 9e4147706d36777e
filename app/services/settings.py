"""Company-wide settings: company details printed on documents, the debt policy, the time zone.

Stored as versioned key/value rows; reading falls back to the defaults below, so a new database works.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Setting


class Key:
    COMPANY_NAME = "company.name"
    COMPANY_INN = "company.inn"
    COMPANY_KPP = "company.kpp"
    COMPANY_ADDRESS = "company.address"
    COMPANY_PHONE = "company.phone"
    BANK_ACCOUNT = "company.bank_account"
    BANK_NAME = "company.bank_name"
    BANK_BIC = "company.bic"
    BANK_CORR_ACCOUNT = "company.corr_account"
    TIMEZONE = "timezone"
    LANGUAGE = "language"  # "" = the workstation's system locale
    CURRENCY = "currency"
    GRACE_DAYS = "debt.grace_days"
    # Kopecks; "" = one monthly fee of the service being reconnected.
    RECONNECTION_FEE = "debt.reconnection_fee"
    # Days before the disconnect date when the second reminder goes out.
    REMINDER_DAYS_BEFORE = "debt.reminder_days_before"
    # Texts sent to subscribers (Russian: they are for subscribers, not for staff). Placeholders:
    # {name} {contract} {debt} {date} (the disconnect date) {company} {phone}.
    TEMPLATE_DEBT_STARTED = "template.debt_started"
    TEMPLATE_BEFORE_DISCONNECT = "template.before_disconnect"


DEFAULTS: dict[str, str] = {
    Key.COMPANY_NAME: "",
    Key.COMPANY_INN: "",
    Key.COMPANY_KPP: "",
    Key.COMPANY_ADDRESS: "",
    Key.COMPANY_PHONE: "",
    Key.BANK_ACCOUNT: "",
    Key.BANK_NAME: "",
    Key.BANK_BIC: "",
    Key.BANK_CORR_ACCOUNT: "",
    Key.TIMEZONE: "Europe/Moscow",
    Key.LANGUAGE: "",
    Key.CURRENCY: "RUB",
    Key.GRACE_DAYS: "10",
    Key.RECONNECTION_FEE: "",
    Key.REMINDER_DAYS_BEFORE: "2",
    Key.TEMPLATE_DEBT_STARTED: (
        "{name}, по договору {contract} задолженность {debt}. Интернет приостановлен до оплаты. "
        "Оплатить можно в офисе или в приложении банка. {company}, {phone}"
    ),
    Key.TEMPLATE_BEFORE_DISCONNECT: (
        "{name}, по договору {contract} задолженность {debt}. Если она не будет погашена, {date} "
        "кабельное ТВ будет отключено. {company}, {phone}"
    ),
}


def read_settings(session: Session) -> dict[str, str]:
    """All settings, defaults filled in."""
    values = dict(DEFAULTS)
    values.update({s.key: s.value for s in session.scalars(select(Setting))})
    return values


def timezone_setting(session: Session) -> str:
    """Just the operator's time zone (one indexed lookup, for hot paths such as posting a payment)."""
    value = session.scalar(select(Setting.value).where(Setting.key == Key.TIMEZONE))
    return value or DEFAULTS[Key.TIMEZONE]


def write_settings(session: Session, values: Mapping[str, str]) -> None:
    """Store settings inside the caller's transaction (validation and permission are the caller's)."""
    for key, value in values.items():
        row = session.get(Setting, key)
        if row is None:
            session.add(Setting(key=key, value=value))
        elif row.value != value:
            row.value = value


def business_today(settings: Mapping[str, str], now: dt.datetime | None = None) -> dt.date:
    """Today's business date in the operator's time zone (timestamps are UTC, dates are local)."""
    zone = ZoneInfo(settings.get(Key.TIMEZONE) or DEFAULTS[Key.TIMEZONE])
    return (now or dt.datetime.now(dt.UTC)).astimezone(zone).date()


def _add_transport_defaults() -> None:
    # The SMTP and SMS gateway settings are defined with their transports; known here so that
    # read_settings() fills them in like every other default.
    from app.services.notify_transports import TRANSPORT_DEFAULTS

    DEFAULTS.update(TRANSPORT_DEFAULTS)


_add_transport_defaults()
