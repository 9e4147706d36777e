"""The card's «Скидка…» dialog: a percent or a sum off the monthly fee, on one service or the whole
contract, from a day (today or later) for good or until a date, always with a reason. The rules are in
docs/discounts.md; the billing run applies the discount (app/services/billing/discounts.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from functools import partial
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QSpinBox, QWidget

from app.db import Database
from app.models import ServiceState
from app.money import format_money, parse_money
from app.services.billing.discounts import MAX_REASON, DiscountRow, end_discount, grant_discount
from app.services.frontdesk.card import ServiceRow
from app.services.kernel.permissions import Actor
from app.views.dates import DateField, business_qdate, to_date
from app.views.form_dialog import FormDialog
from app.views.labels import service_title, short_date

PERCENT = "percent"
SUM = "sum"


def discount_text(row: DiscountRow, services: Sequence[ServiceRow]) -> str:
    """«15 % на Интернет с 10.03.2026 по 05.04.2026: Акция» — as the card lists it."""
    size = f"{row.percent} %" if row.percent is not None else format_money(row.amount or 0)
    kinds = {s.id: service_title(s.kind) for s in services}
    on = (
        kinds.get(row.service_id, "?")
        if row.service_id is not None
        else QCoreApplication.translate("DiscountDialog", "every service")
    )
    when = (
        QCoreApplication.translate("DiscountDialog", "from {start}").format(start=short_date(row.valid_from))
        if row.valid_until is None
        else QCoreApplication.translate("DiscountDialog", "from {start} to {end}").format(
            start=short_date(row.valid_from), end=short_date(row.valid_until)
        )
    )
    return QCoreApplication.translate("DiscountDialog", "{size} off {on} {when}: {reason}").format(
        size=size, on=on, when=when, reason=row.reason
    )


def discount_dialog(
    db: Database,
    actor: Actor,
    contract_id: int,
    services: Sequence[ServiceRow],
    parent: QWidget | None = None,
) -> FormDialog:
    dialog = FormDialog(QCoreApplication.translate("DiscountDialog", "Discount"), parent)
    target = QComboBox()
    target.addItem(QCoreApplication.translate("DiscountDialog", "every service of the contract"), None)
    for service in services:
        if service.state != ServiceState.CLOSED:
            target.addItem(f"{service_title(service.kind)}: {service.tariff}", service.id)
    dialog.add_field(QCoreApplication.translate("DiscountDialog", "On:"), target, "service")
    kind = QComboBox()
    kind.addItem(QCoreApplication.translate("DiscountDialog", "percent off the monthly fee"), PERCENT)
    kind.addItem(QCoreApplication.translate("DiscountDialog", "sum off the monthly fee, ₽"), SUM)
    dialog.add_field(QCoreApplication.translate("DiscountDialog", "Kind:"), kind, "kind")
    percent = QSpinBox()
    percent.setRange(1, 100)
    percent.setValue(10)
    percent.setSuffix(" %")
    dialog.add_field(QCoreApplication.translate("DiscountDialog", "Percent:"), percent, "percent")
    amount = QLineEdit()
    amount.setPlaceholderText("100,00")
    amount.setMaxLength(12)
    dialog.add_field(QCoreApplication.translate("DiscountDialog", "Sum:"), amount, "amount")

    def show_kind() -> None:
        by_percent = kind.currentData() == PERCENT
        percent.setEnabled(by_percent)
        amount.setEnabled(not by_percent)

    kind.currentIndexChanged.connect(lambda _index: show_kind())
    show_kind()
    today = business_qdate(db)
    start = DateField(today)
    start.setCalendarPopup(True)
    start.setMinimumDate(today)
    dialog.add_field(QCoreApplication.translate("DiscountDialog", "From:"), start, "valid_from")
    limited = QCheckBox(QCoreApplication.translate("DiscountDialog", "only until a date"))
    dialog.add_field("", limited, "limited")
    until = DateField(today.addMonths(1))
    until.setCalendarPopup(True)
    until.setMinimumDate(today)
    until.setEnabled(False)
    limited.toggled.connect(until.setEnabled)
    dialog.add_field(QCoreApplication.translate("DiscountDialog", "Until (inclusive):"), until, "valid_until")
    reason = QLineEdit()
    reason.setMaxLength(MAX_REASON)
    reason.setPlaceholderText(
        QCoreApplication.translate("DiscountDialog", "for example: a pensioner, the «Neighbours» promotion")
    )
    dialog.add_field(QCoreApplication.translate("DiscountDialog", "Reason:"), reason, "reason")

    def prepare() -> Any:
        by_percent = kind.currentData() == PERCENT
        off = None if by_percent else parse_money(amount.text())  # refused in words, the form kept
        last: dt.date | None = to_date(until.date()) if limited.isChecked() else None
        return partial(
            grant_discount,
            db,
            actor,
            contract_id,
            service_id=target.currentData(),
            percent=percent.value() if by_percent else None,
            amount=off,
            valid_from=to_date(start.date()),
            valid_until=last,
            reason=reason.text(),
        )

    dialog.set_call(prepare)
    return dialog


def end_discount_dialog(
    db: Database,
    actor: Actor,
    current: Sequence[DiscountRow],
    services: Sequence[ServiceRow],
    parent: QWidget | None = None,
) -> FormDialog:
    """End one of the discounts that apply now or later: its last day (the full fee from the next)."""
    dialog = FormDialog(QCoreApplication.translate("DiscountDialog", "End a discount"), parent)
    which = QComboBox()
    for row in current:
        which.addItem(discount_text(row, services), row.id)
    dialog.add_field(QCoreApplication.translate("DiscountDialog", "Discount:"), which, "discount")
    today = business_qdate(db)
    last = DateField(today)
    last.setCalendarPopup(True)
    last.setMinimumDate(today.addDays(-1))
    dialog.add_field(QCoreApplication.translate("DiscountDialog", "Last day:"), last, "last_day")
    dialog.set_call(lambda: partial(end_discount, db, actor, which.currentData(), to_date(last.date())))
    return dialog
