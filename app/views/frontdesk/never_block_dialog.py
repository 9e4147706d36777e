"""The card's «Never block…» / «Allow blocking…» dialog: exempt a contract from the debt policy (for
good or until a date) or make it an ordinary one again, always with a reason."""

from __future__ import annotations

import datetime as dt
from functools import partial

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QCheckBox, QLineEdit, QWidget

from app.db import Database
from app.services.billing.exemptions import MAX_REASON, clear_never_block, set_never_block
from app.services.frontdesk.card import CardData
from app.services.kernel.permissions import Actor
from app.views.dates import DateField, business_qdate, to_date
from app.views.form_dialog import FormDialog


def never_block_dialog(
    db: Database, actor: Actor, data: CardData, parent: QWidget | None = None
) -> FormDialog:
    """Set «never block» on a contract that has none, or clear the one it has."""
    reason = QLineEdit()
    reason.setMaxLength(MAX_REASON)
    reason.setPlaceholderText(
        QCoreApplication.translate("NeverBlock", "for example: school No. 5, letter of 01.09")
    )
    if data.exemption is not None:
        dialog = FormDialog(QCoreApplication.translate("NeverBlock", "Allow blocking"), parent)
        dialog.add_field(QCoreApplication.translate("NeverBlock", "Reason:"), reason, "reason")
        dialog.set_call(
            lambda: partial(
                clear_never_block, db, actor, data.contract_id, reason=reason.text(), version=data.version
            )
        )
        return dialog

    dialog = FormDialog(QCoreApplication.translate("NeverBlock", "Never block"), parent)
    dialog.add_field(QCoreApplication.translate("NeverBlock", "Reason:"), reason, "reason")
    limited = QCheckBox(QCoreApplication.translate("NeverBlock", "only until a date"))
    dialog.add_field("", limited, "limited")
    today = business_qdate(db)
    until = DateField()
    until.setCalendarPopup(True)
    until.setDisplayFormat("dd.MM.yyyy")
    until.setMinimumDate(today)
    until.setDate(today.addMonths(1))
    until.setEnabled(False)
    limited.toggled.connect(until.setEnabled)
    dialog.add_field(QCoreApplication.translate("NeverBlock", "Until (inclusive):"), until, "until")

    def save() -> int:
        last: dt.date | None = to_date(until.date()) if limited.isChecked() else None
        return set_never_block(
            db, actor, data.contract_id, reason=reason.text(), until=last, version=data.version
        )

    dialog.set_action(save)
    return dialog
