"""Opening a shift (desk and opening cash) and closing it (counted cash against expected)."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QWidget

from app.db import Database
from app.errors import QT_TRANSLATE_NOOP, ValidationError
from app.money import format_money, parse_money
from app.services.cashdesk.desks import list_cash_desks
from app.services.cashdesk.shifts import ShiftRow, close_shift, open_shift, shift_report
from app.services.kernel.documents import ShiftReportData
from app.services.kernel.permissions import Actor
from app.views.form_dialog import FormDialog


class OpenShiftDialog(FormDialog):
    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__("", parent)
        self.setWindowTitle(self.tr("Open a shift"))
        self.desks = QComboBox()
        for desk in list_cash_desks(db, actor, active_only=True):
            if not desk.shift_open:
                self.desks.addItem(desk.name, desk.id)
        self.cash = QLineEdit("0,00")
        self.add_field(self.tr("Cash desk:"), self.desks, "cash_desk")
        self.add_field(self.tr("Opening cash, ₽:"), self.cash, "opening_cash")

        def run() -> ShiftRow:
            if self.desks.currentIndex() < 0:
                raise ValidationError(
                    QT_TRANSLATE_NOOP(
                        "Errors",
                        "No cash desk is free: every active desk has an open shift, or there are none.",
                    ),
                    field="cash_desk",
                )
            opening = parse_money(self.cash.text(), field="opening_cash", allow_zero=True)
            return open_shift(db, actor, int(self.desks.currentData()), opening)

        self.set_action(run)


class CloseShiftDialog(FormDialog):
    """Shows the expected cash; the cashier types what the drawer holds; the result is the Z report."""

    def __init__(self, db: Database, actor: Actor, shift: ShiftRow, parent: QWidget | None = None) -> None:
        super().__init__("", parent)
        self.setWindowTitle(self.tr("Close the shift"))
        report = shift_report(db, actor, shift.id)
        self.expected = report.expected_cash
        self.add_field(self.tr("Cash desk:"), QLabel(shift.desk_name), "desk")
        self.add_field(self.tr("Expected in the drawer:"), QLabel(format_money(self.expected)), "expected")
        self.counted = QLineEdit()
        self.counted.setPlaceholderText(self.tr("counted cash, ₽"))
        self.add_field(self.tr("Counted cash, ₽:"), self.counted, "counted_cash")
        self.difference = QLabel()
        self.add_field(self.tr("Difference:"), self.difference, "difference")
        self.counted.textChanged.connect(self._show_difference)

        def run() -> ShiftReportData:
            counted = parse_money(self.counted.text(), field="counted_cash", allow_zero=True)
            return close_shift(db, actor, shift.id, counted, version=shift.version)

        self.set_action(run)

    def _show_difference(self, text: str) -> None:
        try:
            counted = parse_money(text, field="counted_cash", allow_zero=True)
        except ValidationError:
            self.difference.clear()
            return
        delta = counted - self.expected
        if delta == 0:
            self.difference.setText(self.tr("none"))
        elif delta > 0:
            self.difference.setText(self.tr("surplus {amount}").format(amount=format_money(delta)))
        else:
            self.difference.setText(self.tr("shortage {amount}").format(amount=format_money(-delta)))
