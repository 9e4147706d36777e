"""Company-wide settings: company details printed on documents, the debt policy, the time zone.

Stored as versioned key/value rows; reading falls back to the defaults below, so a new database works.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, select
from sqlalchemy.orm import Session

from app import clock
from app.db import Database
from app.errors import ConcurrentEdit
from app.models import Setting
from app.services.kernel.history import EventKind, record_event
from app.services.kernel.permissions import Actor


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
    CURRENCY = "currency"
    GRACE_DAYS = "debt.grace_days"
    # Kopecks; "" = one monthly fee of the service being reconnected.
    RECONNECTION_FEE = "debt.reconnection_fee"
    # Kopecks; "" = more than 12 months of the contract's fees, and always above 50,000 ₽.
    CONFIRM_PAYMENT_ABOVE = "cashdesk.confirm_payment_above"
    # Minutes without a key press or a click after which a workstation locks itself.
    IDLE_LOCK_MINUTES = "session.idle_lock_minutes"
    # Roles whose people sign in with a second factor (comma-separated; administrators always do).
    # The server's functions read this key too (migration 0010).
    SECOND_FACTOR_ROLES = "session.second_factor_roles"
    # Months after a former subscriber's last contract ended (and nothing is owed either way) when
    # their personal data is anonymised; the server's anonymise_subscriber reads this key too.
    RETENTION_MONTHS = "privacy.retention_months"
    # Days before the disconnect date when the second reminder goes out.
    REMINDER_DAYS_BEFORE = "debt.reminder_days_before"
    # Texts sent to subscribers (Russian: they are for subscribers, not for staff). Placeholders:
    # {name} {contract} {debt} {date} (the disconnect date) {company} {phone}.
    TEMPLATE_DEBT_STARTED = "template.debt_started"
    TEMPLATE_BEFORE_DISCONNECT = "template.before_disconnect"
    TEMPLATE_COMPENSATION = "template.compensation"
    TEMPLATE_PROMOTION = "template.promotion"
    # Fiscal receipts (54-FZ), for the desks that have a register (cash_desk.register_url):
    FISCAL_PAYMENT_METHOD = "fiscal.payment_method"  # tag 1214: fullPrepayment | advance | fullPayment
    FISCAL_VAT = "fiscal.vat"  # tag 1199: none | vat0 | vat5 | vat7 | vat10 | vat20 | vat22
    FISCAL_TAXATION = "fiscal.taxation"  # tag 1055: osn | usnIncome | usnIncomeOutcome | esn | patent
    # Internet through RADIUS (docs/provisioning.md): what a service blocked for debt gets from the
    # network: reject (no access) | payment_page (the group below: the NAS redirects to a payment page)
    # | throttle (access at the rate below).
    RADIUS_ENABLED = "radius.enabled"  # yes | no: FreeRADIUS reads its tables in this database
    RADIUS_DEBT_ACTION = "radius.debt_action"
    RADIUS_PAYMENT_GROUP = "radius.payment_page_group"
    RADIUS_THROTTLE_KBPS = "radius.throttle_kbps"
    # IPTV through the TV platform's API: its address ("" = no platform); the token is the keyring
    # secret "tv.token" of the PC that delivers (or SUBSCRIBER_DESK_TV_TOKEN in its environment).
    TV_URL = "tv.url"


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
    Key.CURRENCY: "RUB",
    Key.GRACE_DAYS: "10",
    Key.RECONNECTION_FEE: "",
    Key.CONFIRM_PAYMENT_ABOVE: "",
    Key.IDLE_LOCK_MINUTES: "10",
    Key.SECOND_FACTOR_ROLES: "admin",
    Key.RETENTION_MONTHS: "36",
    Key.REMINDER_DAYS_BEFORE: "2",
    Key.FISCAL_PAYMENT_METHOD: "fullPrepayment",
    Key.FISCAL_VAT: "none",
    Key.FISCAL_TAXATION: "usnIncome",
    Key.RADIUS_ENABLED: "no",
    Key.RADIUS_DEBT_ACTION: "reject",
    Key.RADIUS_PAYMENT_GROUP: "payment-page",
    Key.RADIUS_THROTTLE_KBPS: "256",
    Key.TV_URL: "",
    Key.TEMPLATE_DEBT_STARTED: (
        "{name}, по договору {contract} задолженность {debt}. Интернет приостановлен до оплаты. "
        "Оплатить можно в офисе или в приложении банка. {company}, {phone}"
    ),
    Key.TEMPLATE_BEFORE_DISCONNECT: (
        "{name}, по договору {contract} задолженность {debt}. Если она не будет погашена, {date} "
        "кабельное ТВ будет отключено. {company}, {phone}"
    ),
    Key.TEMPLATE_COMPENSATION: (
        "{name}, по договору {contract} начислена компенсация {amount} за перерыв в работе сети. "
        "Приносим извинения. {company}, {phone}"
    ),
    Key.TEMPLATE_PROMOTION: (
        "{name}, к договору {contract} подключена акция «{offer}»: {terms}. {company}, {phone}"
    ),
}


# Settings of the reminder transports (SMTP, SMS gateway): read by app/adapters, kept here so that
# read_settings() fills them in like every other default.
class TransportKey:
    """Settings keys of the transports (values are strings, like every setting)."""

    SMTP_HOST = "smtp.host"  # "" = no e-mail
    SMTP_PORT = "smtp.port"  # "" = 587 for starttls, 465 for ssl, 25 for none
    SMTP_SECURITY = "smtp.security"  # starttls | ssl | none
    SMTP_USER = "smtp.user"  # "" = no login; the password is the keyring secret SECRET_SMTP_PASSWORD
    SMTP_FROM = "smtp.from"  # e.g. «ООО "Кабель" <billing@cable.example>»
    SMTP_SUBJECT = "smtp.subject"
    SMS_URL = "sms.url"  # "" = no SMS
    SMS_METHOD = "sms.method"  # POST | GET
    SMS_FORMAT = "sms.format"  # form | json (POST body; GET always sends query parameters)
    SMS_PHONE_FIELD = "sms.phone_field"
    SMS_PHONE_PREFIX = "sms.phone_prefix"  # put before the 11 digits, e.g. "+"
    SMS_TEXT_FIELD = "sms.text_field"
    SMS_SENDER_FIELD = "sms.sender_field"  # "" = the gateway's default sender name
    SMS_SENDER = "sms.sender"
    SMS_KEY_HEADER = "sms.key_header"  # e.g. "Authorization" or "X-API-Key"; "" = no header
    SMS_KEY_PREFIX = "sms.key_prefix"  # e.g. "Bearer "
    SMS_KEY_FIELD = "sms.key_field"  # e.g. "api_id" for gateways that want the key among the fields
    SMS_EXTRA_FIELDS = "sms.extra_fields"  # fixed fields as a query string, e.g. "json=1&charset=utf-8"
    SMS_SUCCESS_MARKER = "sms.success_marker"  # "" = any 2xx is success; else the body must contain it
    # Telegram (docs/telegram.md): yes | no. When yes, a reminder for a contract with a linked chat goes
    # by Telegram instead of SMS; the bot's token is the keyring secret SECRET_TELEGRAM_TOKEN.
    TELEGRAM_ENABLED = "telegram.enabled"
    TELEGRAM_BOT_NAME = "telegram.bot_name"  # the bot's @username, for the t.me link shown with a code
    TELEGRAM_API_URL = "telegram.api_url"  # the Bot API's address (a local Bot API server, or tests)
    TIMEOUT = "notify.timeout_seconds"


TRANSPORT_DEFAULTS: dict[str, str] = {
    TransportKey.SMTP_HOST: "",
    TransportKey.SMTP_PORT: "",
    TransportKey.SMTP_SECURITY: "starttls",
    TransportKey.SMTP_USER: "",
    TransportKey.SMTP_FROM: "",
    TransportKey.SMTP_SUBJECT: "Напоминание об оплате",
    TransportKey.SMS_URL: "",
    TransportKey.SMS_METHOD: "POST",
    TransportKey.SMS_FORMAT: "form",
    TransportKey.SMS_PHONE_FIELD: "phone",
    TransportKey.SMS_PHONE_PREFIX: "",
    TransportKey.SMS_TEXT_FIELD: "text",
    TransportKey.SMS_SENDER_FIELD: "",
    TransportKey.SMS_SENDER: "",
    TransportKey.SMS_KEY_HEADER: "",
    TransportKey.SMS_KEY_PREFIX: "",
    TransportKey.SMS_KEY_FIELD: "",
    TransportKey.SMS_EXTRA_FIELDS: "",
    TransportKey.SMS_SUCCESS_MARKER: "",
    TransportKey.TELEGRAM_ENABLED: "no",
    TransportKey.TELEGRAM_BOT_NAME: "",
    TransportKey.TELEGRAM_API_URL: "https://api.telegram.org",
    TransportKey.TIMEOUT: "20",
}
DEFAULTS.update(TRANSPORT_DEFAULTS)


def read_settings(session: Session | Connection) -> dict[str, str]:
    """All settings, defaults filled in (in a unit of work or through a reading connection)."""
    values = dict(DEFAULTS)
    values.update({str(k): str(v) for k, v in session.execute(select(Setting.key, Setting.value))})
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


def company_timezone(db: Database) -> str:
    """The operator's time zone name (what screens and paper show times in)."""
    with db.reading() as conn:
        zone = conn.execute(select(Setting.value).where(Setting.key == Key.TIMEZONE)).scalar()
    return zone or DEFAULTS[Key.TIMEZONE]


def idle_lock_minutes(db: Database) -> int:
    """After how many minutes without use a workstation locks itself."""
    with db.reading() as conn:
        value = conn.execute(select(Setting.value).where(Setting.key == Key.IDLE_LOCK_MINUTES)).scalar()
    return (
        int(value) if value and value.isdigit() and int(value) > 0 else int(DEFAULTS[Key.IDLE_LOCK_MINUTES])
    )


def business_date(db: Database) -> dt.date:
    """Today in the operator's time zone by the program's clock: what screens default their dates to
    and the latest date a billing run may charge."""
    with db.reading() as conn:
        zone = conn.execute(select(Setting.value).where(Setting.key == Key.TIMEZONE)).scalar()
    return business_today({Key.TIMEZONE: zone or ""})


def business_today(settings: Mapping[str, str], now: dt.datetime | None = None) -> dt.date:
    """Today's business date in the operator's time zone (timestamps are UTC, dates are local)."""
    zone = ZoneInfo(settings.get(Key.TIMEZONE) or DEFAULTS[Key.TIMEZONE])
    return (now or clock.now()).astimezone(zone).date()


def load_versioned(session: Session, keys: tuple[str, ...]) -> tuple[dict[str, str], dict[str, int | None]]:
    """A settings form's values (defaults filled in) and the version of each stored row (None: not
    stored yet), for `save_versioned`."""
    rows = {s.key: s for s in session.scalars(select(Setting).where(Setting.key.in_(keys)))}
    values = {key: rows[key].value if key in rows else DEFAULTS[key] for key in keys}
    return values, {key: rows[key].version if key in rows else None for key in keys}


def save_versioned(
    session: Session,
    actor: Actor | None,
    keys: tuple[str, ...],
    cleaned: Mapping[str, str],
    versions: Mapping[str, int | None],
    given: Mapping[str, str] | None = None,
) -> list[str]:
    """Store a whole settings form in the caller's transaction; a row someone else saved meanwhile (its
    version differs from the one the form was filled from) refuses the save (ConcurrentEdit). A default
    is stored only when it differs or the form gave it (`given`). Returns the changed keys, which go
    into the history."""
    rows = {s.key: s for s in session.scalars(select(Setting).where(Setting.key.in_(keys)))}
    for key in keys:
        row = rows.get(key)
        if (row.version if row else None) != versions.get(key):
            raise ConcurrentEdit()
    changed = []
    for key, value in cleaned.items():
        row = rows.get(key)
        if row is None:
            if value != DEFAULTS[key] or key in (given or {}):
                session.add(Setting(key=key, value=value))
                changed.append(key)
        elif row.value != value:
            row.value = value
            changed.append(key)
    if changed:
        session.flush()
        record_event(session, actor=actor, kind=EventKind.SETTINGS_CHANGED, keys=", ".join(changed))
    return changed
