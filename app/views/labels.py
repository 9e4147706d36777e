"""Translated names of the domain's fixed vocabularies, for every view that shows them."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QCoreApplication, QDate, QLocale, QTime

from app.models import PaymentMethod, Role


def role_title(role: Role) -> str:
    titles = {
        Role.FRONT_DESK: QCoreApplication.translate("Roles", "front desk"),
        Role.CASHIER: QCoreApplication.translate("Roles", "cashier"),
        Role.DISPATCHER: QCoreApplication.translate("Roles", "dispatcher"),
        Role.ADMIN: QCoreApplication.translate("Roles", "administrator"),
    }
    return titles[role]


def roles_text(roles: frozenset[Role]) -> str:
    return ", ".join(role_title(r) for r in sorted(roles))


def method_title(method: PaymentMethod | str) -> str:
    titles = {
        PaymentMethod.CASH: QCoreApplication.translate("Methods", "cash"),
        PaymentMethod.CARD: QCoreApplication.translate("Methods", "card"),
        PaymentMethod.BANK_REGISTRY: QCoreApplication.translate("Methods", "bank registry"),
        PaymentMethod.TERMINAL: QCoreApplication.translate("Methods", "terminal"),
    }
    return titles[PaymentMethod(method)]


def short_time(moment: dt.datetime) -> str:
    """A UTC timestamp as this computer's local time, in the locale's short format («14:05»)."""
    local = moment.astimezone()
    return QLocale().toString(QTime(local.hour, local.minute, local.second), QLocale.FormatType.ShortFormat)


def short_date(day: dt.date) -> str:
    return QLocale().toString(QDate(day.year, day.month, day.day), QLocale.FormatType.ShortFormat)
