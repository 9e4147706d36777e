"""Company settings the administrator keeps: details printed on documents and in payment QR codes,
the time zone and language, and the debt policy's figures."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from app.db import Database
from app.errors import QT_TRANSLATE_NOOP, ValidationError
from app.money import parse_money
from app.services.admin.requisites import clean_account, clean_bic, clean_corr_account, clean_inn, clean_kpp
from app.services.admin.second_factor import protected_roles, roles_text
from app.services.kernel.permissions import Actor, Permission, require
from app.services.kernel.settings import DEFAULTS, Key, load_versioned, save_versioned
from app.services.kernel.text import fix_lookalikes, refuse_nul, tidy

COMPANY_KEYS = (
    Key.COMPANY_NAME,
    Key.COMPANY_INN,
    Key.COMPANY_KPP,
    Key.COMPANY_ADDRESS,
    Key.COMPANY_PHONE,
    Key.BANK_ACCOUNT,
    Key.BANK_NAME,
    Key.BANK_BIC,
    Key.BANK_CORR_ACCOUNT,
    Key.TIMEZONE,
    Key.CURRENCY,
    Key.GRACE_DAYS,
    Key.RECONNECTION_FEE,
    Key.CONFIRM_PAYMENT_ABOVE,
    Key.IDLE_LOCK_MINUTES,
    Key.SECOND_FACTOR_ROLES,
    Key.RETENTION_MONTHS,
)
MAX_GRACE_DAYS = 90
# Personal data of former subscribers: kept at least a year, at most ten (the law asks three years
# after the contract ended for communication services: the default).
RETENTION_MONTHS_RANGE = (12, 120)
MAX_IDLE_LOCK_MINUTES = 240
CURRENCIES = ("RUB",)
# Limits from GOST R 56042-2014 (payment QR): Name ≤ 160, BankName ≤ 45.
MAX_NAME = 160
MAX_BANK_NAME = 45


@dataclass(frozen=True)
class CompanySettings:
    """What the settings form shows: values (defaults filled in) and the version of each stored row."""

    values: dict[str, str]
    versions: dict[str, int | None]


def load_company_settings(db: Database, actor: Actor) -> CompanySettings:
    require(actor, Permission.MANAGE_SETTINGS)
    with db.transaction(actor) as session:
        return CompanySettings(*load_versioned(session, COMPANY_KEYS))


def _required(value: str, field: str) -> str:
    if not value:
        raise ValidationError(QT_TRANSLATE_NOOP("Errors", "This field is required."), field=field)
    return value


# The company form's field names of the free-text settings (errors are shown under them).
FORM_FIELDS = {
    Key.COMPANY_NAME: "company_name",
    Key.COMPANY_INN: "inn",
    Key.COMPANY_KPP: "kpp",
    Key.COMPANY_ADDRESS: "address",
    Key.COMPANY_PHONE: "phone",
    Key.BANK_NAME: "bank_name",
    Key.BANK_BIC: "bic",
    Key.BANK_ACCOUNT: "bank_account",
    Key.BANK_CORR_ACCOUNT: "corr_account",
}


def clean_company_settings(values: Mapping[str, str]) -> dict[str, str]:
    """Validate and normalise the form; the first problem raises with the field it belongs to."""
    refuse_nul({FORM_FIELDS.get(key, str(key).rsplit(".", 1)[-1]): value for key, value in values.items()})
    get = lambda key: tidy(values.get(key, ""))  # noqa: E731 - a local shorthand
    name = _required(fix_lookalikes(get(Key.COMPANY_NAME)), "company_name")
    if len(name) > MAX_NAME:
        raise ValidationError(
            QT_TRANSLATE_NOOP(
                "Errors", "The name is too long: at most {limit} characters fit on payment QR codes."
            ),
            field="company_name",
            limit=MAX_NAME,
        )
    bank_name = _required(get(Key.BANK_NAME), "bank_name")
    if len(bank_name) > MAX_BANK_NAME:
        raise ValidationError(
            QT_TRANSLATE_NOOP(
                "Errors", "The bank name is too long: at most {limit} characters fit on payment QR codes."
            ),
            field="bank_name",
            limit=MAX_BANK_NAME,
        )
    inn = clean_inn(get(Key.COMPANY_INN), "inn")
    kpp = clean_kpp(get(Key.COMPANY_KPP), "kpp") if len(inn) == 10 or get(Key.COMPANY_KPP) else ""
    bic = clean_bic(get(Key.BANK_BIC), "bic")
    cleaned = {
        Key.COMPANY_NAME: name,
        Key.COMPANY_INN: inn,
        Key.COMPANY_KPP: kpp,
        Key.COMPANY_ADDRESS: _required(get(Key.COMPANY_ADDRESS), "address"),
        Key.COMPANY_PHONE: get(Key.COMPANY_PHONE),
        Key.BANK_NAME: bank_name,
        Key.BANK_BIC: bic,
        Key.BANK_ACCOUNT: clean_account(get(Key.BANK_ACCOUNT), bic, "bank_account"),
        Key.BANK_CORR_ACCOUNT: clean_corr_account(get(Key.BANK_CORR_ACCOUNT), bic, "corr_account"),
        Key.TIMEZONE: _clean_timezone(get(Key.TIMEZONE)),
        Key.CURRENCY: _clean_choice(get(Key.CURRENCY) or "RUB", CURRENCIES, "currency"),
        Key.GRACE_DAYS: _clean_grace_days(get(Key.GRACE_DAYS)),
        Key.RECONNECTION_FEE: _clean_fee(get(Key.RECONNECTION_FEE)),
        Key.CONFIRM_PAYMENT_ABOVE: _clean_sum(get(Key.CONFIRM_PAYMENT_ABOVE), "confirm_payment_above"),
        Key.IDLE_LOCK_MINUTES: _clean_idle_minutes(
            get(Key.IDLE_LOCK_MINUTES) or DEFAULTS[Key.IDLE_LOCK_MINUTES]
        ),
        # Administrators always (also when a demo database had nobody): the form cannot switch it off.
        Key.SECOND_FACTOR_ROLES: roles_text(protected_roles(get(Key.SECOND_FACTOR_ROLES))),
        Key.RETENTION_MONTHS: _clean_retention(get(Key.RETENTION_MONTHS) or DEFAULTS[Key.RETENTION_MONTHS]),
    }
    return cleaned


def _clean_timezone(text: str) -> str:
    try:
        ZoneInfo(text)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValidationError(
            QT_TRANSLATE_NOOP("Errors", "Unknown time zone {zone}: choose one from the list."),
            field="timezone",
            zone=text,
        ) from exc
    return text


def _clean_choice(text: str, allowed: tuple[str, ...], field: str) -> str:
    if text not in allowed:
        raise ValidationError(field=field)
    return text


def _clean_grace_days(text: str) -> str:
    if not text.isdigit() or int(text) > MAX_GRACE_DAYS:
        raise ValidationError(
            QT_TRANSLATE_NOOP("Errors", "The grace period must be a whole number of days from 0 to {limit}."),
            field="grace_days",
            limit=MAX_GRACE_DAYS,
        )
    return str(int(text))


def _clean_idle_minutes(text: str) -> str:
    if not text.isdigit() or not 1 <= int(text) <= MAX_IDLE_LOCK_MINUTES:
        raise ValidationError(
            QT_TRANSLATE_NOOP(
                "Errors", "A workstation locks itself after 1 to {limit} minutes without use: enter a number."
            ),
            field="idle_lock_minutes",
            limit=MAX_IDLE_LOCK_MINUTES,
        )
    return str(int(text))


def _clean_retention(text: str) -> str:
    low, high = RETENTION_MONTHS_RANGE
    if not text.isdigit() or not low <= int(text) <= high:
        raise ValidationError(
            QT_TRANSLATE_NOOP(
                "Errors",
                "Personal data of former subscribers is kept {low} to {high} months after their last "
                "contract ended: enter a number.",
            ),
            field="retention_months",
            low=low,
            high=high,
        )
    return str(int(text))


def _clean_fee(text: str) -> str:
    """Empty means "one monthly fee of the service"; otherwise a sum in rubles, stored as kopecks."""
    return _clean_sum(text, "reconnection_fee", allow_zero=True)


def _clean_sum(text: str, field: str, *, allow_zero: bool = False) -> str:
    """Empty means the default rule; otherwise a sum in rubles, stored as kopecks."""
    if not text:
        return ""
    return str(parse_money(text, field=field, allow_zero=allow_zero))


def save_company_settings(
    db: Database, actor: Actor, values: Mapping[str, str], versions: Mapping[str, int | None]
) -> CompanySettings:
    """Validate and store the whole form in one transaction; a row someone else saved meanwhile (its
    version differs from the one the form was filled from) refuses the save."""
    require(actor, Permission.MANAGE_SETTINGS)
    cleaned = clean_company_settings(values)
    with db.transaction(actor) as session:
        save_versioned(session, actor, COMPANY_KEYS, cleaned, versions, values)
    return load_company_settings(db, actor)
