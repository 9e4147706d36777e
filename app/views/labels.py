"""Translated names of the domain's fixed vocabularies, for every view that shows them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from PySide6.QtCore import QCoreApplication, QDate, QLocale, QTime
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QWidget

from app.models import PaymentMethod, Role
from app.money import format_money
from app.services.kernel.documents import ReconnectQuote
from app.views.dates import in_company_zone


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
    """A UTC timestamp as the company's wall-clock time, in the locale's short format («14:05»)."""
    local = in_company_zone(moment)
    return QLocale().toString(QTime(local.hour, local.minute, local.second), QLocale.FormatType.ShortFormat)


def short_moment(moment: dt.datetime) -> str:
    """A UTC timestamp as the company's date and time («05.03.2026 14:05»)."""
    return f"{short_date(in_company_zone(moment).date())} {short_time(moment)}"


def short_date(day: dt.date) -> str:
    return QLocale().toString(QDate(day.year, day.month, day.day), QLocale.FormatType.ShortFormat)


def _value_titles() -> dict[str, dict[str, str]]:
    service = {
        "internet": QCoreApplication.translate("Labels", "Internet"),
        "catv": QCoreApplication.translate("Labels", "Cable TV"),
        "iptv": QCoreApplication.translate("Labels", "IPTV"),
        "other": QCoreApplication.translate("Labels", "other service"),
    }
    work = {
        "disconnect_catv": QCoreApplication.translate("Labels", "disconnect cable TV"),
        "reconnect_catv": QCoreApplication.translate("Labels", "reconnect cable TV"),
        "install": QCoreApplication.translate("Labels", "install"),
        "repair": QCoreApplication.translate("Labels", "repair"),
    }
    reason = {
        "paid": QCoreApplication.translate("Labels", "the subscriber paid"),
        "closed": QCoreApplication.translate("Labels", "the service was closed"),
        "terminated": QCoreApplication.translate("Labels", "the contract was terminated"),
        "exempt": QCoreApplication.translate("Labels", "the contract was marked «never block»"),
        "payment_cancelled": QCoreApplication.translate("Labels", "the payment was cancelled"),
        "credited": QCoreApplication.translate("Labels", "an outage credit paid the debt"),
    }
    outcome = {
        "no_access": QCoreApplication.translate("Labels", "no access"),
        "refused": QCoreApplication.translate("Labels", "refused"),
        "postponed": QCoreApplication.translate("Labels", "postponed"),
    }
    return {"service": service, "what": work, "reason": reason, "outcome": outcome}


def service_title(kind: str) -> str:
    """A kind of service in the operator's words («Интернет», «Кабельное ТВ»)."""
    return _value_titles()["service"].get(str(kind), str(kind))


def display_params(details: Mapping[str, object] | None) -> dict[str, object]:
    """Event parameters as the operator reads them: codes stored in history (`catv`, `paid`, …)
    become words in the operator's language; everything else is shown as stored."""
    titles = _value_titles()
    shown: dict[str, object] = dict(details or {})
    for key, table in titles.items():
        value = shown.get(key)
        if isinstance(value, str) and value in table:
            shown[key] = table[value]
    return shown


def reconnect_text(quote: ReconnectQuote) -> str:
    """«To reconnect cable TV pay N by date (debt …, reconnection …, charges until … …)»."""
    if quote.amount == 0:
        return QCoreApplication.translate(
            "Reconnect", "Cable TV is cut for debt: it will be reconnected with the next payment."
        )
    until = short_date(quote.valid_until)
    parts = []
    if quote.debt:
        parts.append(
            QCoreApplication.translate("Reconnect", "debt {amount}").format(amount=format_money(quote.debt))
        )
    parts.append(
        QCoreApplication.translate("Reconnect", "reconnection {amount}").format(
            amount=format_money(quote.fee)
        )
    )
    parts.append(
        QCoreApplication.translate("Reconnect", "charges until {date} {amount}").format(
            date=until, amount=format_money(quote.charges_ahead)
        )
    )
    if quote.on_account:
        parts.append(
            QCoreApplication.translate("Reconnect", "minus {amount} on the account").format(
                amount=format_money(quote.on_account)
            )
        )
    return QCoreApplication.translate(
        "Reconnect", "To reconnect cable TV pay {amount} by {date} ({parts})."
    ).format(amount=format_money(quote.amount), date=until, parts=", ".join(parts))


class WrappedLabel(QLabel):
    """A word-wrapped label that is always as tall as its text at its width: a layout otherwise sizes
    a wrapped label for a guessed width and cuts off the lines of a long message."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setWordWrap(True)

    def setText(self, text: str) -> None:
        super().setText(text)
        self._fit()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        width = self.width() if self.width() > 50 else self.sizeHint().width()
        needed = self.heightForWidth(width) if self.text() else 0
        if needed != self.minimumHeight():
            self.setMinimumHeight(max(0, needed))
