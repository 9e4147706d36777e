"""Cash desk section: the cashier's shift, taking payments with a printed receipt, the shift's
payments with reprint (marked «ДУБЛИКАТ») and cancellation, X and Z reports."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSettings, Qt, QTimer
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app import bootstrap
from app.bootstrap import PendingPayments, pending_payments
from app.db import Database
from app.errors import DomainError
from app.money import format_money
from app.services.billing.payment_effects import Undone
from app.services.cashdesk.cancellation import CancelledPayment, cancel_payment
from app.services.cashdesk.fiscal import (
    FiscalRegister,
    desk_register,
    waiting_receipts,
)
from app.services.cashdesk.payments import PostedPayment, find_payment
from app.services.cashdesk.receipts import receipt_data
from app.services.cashdesk.shifts import ShiftRow, current_shift, shift_report
from app.services.frontdesk.contracts import (
    ContractNotFound,
    ContractSummary,
    contract_by_number,
    contract_summary,
)
from app.services.kernel.documents import ShiftPaymentLine, ShiftReportData
from app.services.kernel.permissions import Actor
from app.views.cashdesk.find_contract_dialog import FindContractDialog
from app.views.cashdesk.fiscal_line import FiscalLine
from app.views.cashdesk.payment_dialog import PaymentDialog
from app.views.cashdesk.register_panel import RegisterPanel
from app.views.cashdesk.shift_dialogs import CloseShiftDialog, OpenShiftDialog
from app.views.form_dialog import FormDialog
from app.views.labels import method_title, short_time
from app.views.messages import error_text, prompts
from app.views.printing import (
    SETTING_RECEIPT_LAYOUT,
    SETTING_WITHOUT_ASKING,
    printing,
    receipt_layout,
    receipts_without_asking,
)
from app.views.tables import RowsModel, setup_table
from app.views.waiting import wait_for

_Index = QModelIndex | QPersistentModelIndex


class ShiftPaymentsModel(RowsModel[ShiftPaymentLine]):
    def column_titles(self) -> tuple[str, ...]:
        titles = (self.tr("Receipt"), self.tr("Time"), self.tr("Contract"), self.tr("Subscriber"))
        return (*titles, self.tr("Method"), self.tr("Amount"))

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        line = self.rows[index.row()]
        if role == Qt.ItemDataRole.ForegroundRole and line.cancelled:
            return QColor(Qt.GlobalColor.gray)
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in (0, 5):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        amount = format_money(line.amount)
        if line.cancelled:
            amount = self.tr("{amount} (cancelled)").format(amount=amount)
        return (
            str(line.receipt_number or ""),
            short_time(line.posted_at),
            line.contract_number,
            line.subscriber_name,
            method_title(line.method),
            amount,
        )[index.column()]


class CashDeskPage(QWidget):
    def __init__(
        self,
        db: Database,
        actor: Actor,
        parent: QWidget | None = None,
        *,
        pending: PendingPayments | None = None,
        register_for: Callable[[str], FiscalRegister] = bootstrap.fiscal_register,
    ) -> None:
        super().__init__(parent)
        self.pending = pending if pending is not None else pending_payments()
        self.db = db
        self.actor = actor
        self.shift: ShiftRow | None = None
        self.register_url = ""  # the desk's online cash register ("" = none: no fiscal receipts)
        self._just_opened = False  # the next reload opens the register's shift with ours

        self.shift_label = QLabel()
        self.shift_label.setObjectName("shiftStatus")
        self.shift_label.setWordWrap(True)
        font = self.shift_label.font()
        font.setBold(True)
        self.shift_label.setFont(font)
        self.open_button = QPushButton(self.tr("&Open shift…"))
        self.x_button = QPushButton(self.tr("&X report"))
        self.close_button = QPushButton(self.tr("&Close shift…"))
        self.open_button.clicked.connect(self.open_shift)
        self.x_button.clicked.connect(self.print_x_report)
        self.close_button.clicked.connect(self.close_shift)
        shift_bar = QHBoxLayout()
        shift_bar.addWidget(self.shift_label, 1)
        for button in (self.open_button, self.x_button, self.close_button):
            shift_bar.addWidget(button)

        self.number_edit = QLineEdit()
        self.number_edit.setObjectName("contractNumber")
        self.number_edit.setPlaceholderText(self.tr("contract number, or a name, phone, address"))
        self.number_edit.setMaxLength(100)
        self.number_edit.setMinimumWidth(
            self.number_edit.fontMetrics().horizontalAdvance(self.number_edit.placeholderText()) + 24
        )
        self.number_edit.returnPressed.connect(self.take_payment)
        self.pay_button = QPushButton(self.tr("&Take payment…"))
        self.pay_button.setObjectName("takePayment")
        self.pay_button.clicked.connect(self.take_payment)
        QShortcut(QKeySequence("F2"), self, self.take_payment)
        self.find_button = QPushButton(self.tr("&Find subscriber…"))
        self.find_button.setObjectName("findSubscriber")
        self.find_button.setToolTip(self.tr("By name, phone, address or contract number (F3)"))
        self.find_button.clicked.connect(self.find_and_pay)
        QShortcut(QKeySequence("F3"), self, self.find_and_pay)
        self.fiscal_label = FiscalLine(db, actor, register_for, self)
        self.send_button = self.fiscal_label.send_button
        pay_bar = QHBoxLayout()
        pay_bar.addWidget(QLabel(self.tr("Contract or subscriber:")))
        pay_bar.addWidget(self.number_edit)
        pay_bar.addWidget(self.pay_button)
        pay_bar.addWidget(self.find_button)
        pay_bar.addStretch(1)
        pay_bar.addWidget(self.send_button)
        self.result_label = QLabel()
        self.result_label.setObjectName("lastResult")
        self.result_label.setWordWrap(True)
        self.register_panel = RegisterPanel(db, actor, register_for, self)

        self.model = ShiftPaymentsModel(self)
        self.table = QTableView()
        self.table.setObjectName("shiftPayments")
        self.table.setModel(self.model)
        setup_table(self.table, stretch=3)
        self.totals_label = QLabel()
        self.totals_label.setObjectName("shiftTotals")
        self.reprint_button = QPushButton(self.tr("&Reprint receipt"))
        self.cancel_button = QPushButton(self.tr("Ca&ncel payment…"))
        self.reprint_button.clicked.connect(self.reprint)
        self.cancel_button.clicked.connect(self.cancel_selected)
        list_bar = QHBoxLayout()
        list_bar.addWidget(self.totals_label, 1)
        list_bar.addWidget(self.reprint_button)
        list_bar.addWidget(self.cancel_button)

        settings = QSettings()
        self.without_asking = QCheckBox(self.tr("Print receipts without asking (default printer)"))
        self.without_asking.setChecked(receipts_without_asking())
        self.without_asking.toggled.connect(lambda on: settings.setValue(SETTING_WITHOUT_ASKING, on))
        self.layout_combo = QComboBox()
        self.layout_combo.addItem(self.tr("A4 with counterfoil"), "a4")
        self.layout_combo.addItem(self.tr("80 mm receipt roll"), "roll")
        self.layout_combo.setCurrentIndex(max(0, self.layout_combo.findData(receipt_layout())))
        self.layout_combo.currentIndexChanged.connect(
            lambda _i: settings.setValue(SETTING_RECEIPT_LAYOUT, self.layout_combo.currentData())
        )
        print_bar = QHBoxLayout()
        print_bar.addWidget(self.without_asking)
        print_bar.addWidget(QLabel(self.tr("Receipt:")))
        print_bar.addWidget(self.layout_combo)
        print_bar.addStretch(1)

        layout = QVBoxLayout(self)
        layout.addLayout(shift_bar)
        layout.addLayout(pay_bar)
        layout.addWidget(self.result_label)
        layout.addWidget(self.fiscal_label)
        layout.addWidget(self.register_panel)
        layout.addWidget(self.table, 1)
        layout.addLayout(list_bar)
        layout.addLayout(print_bar)
        self.reload()
        # Payments left with an unknown outcome (a broken connection, a restart) are settled first.
        QTimer.singleShot(0, self.resolve_pending)

    def start_field(self) -> QWidget:
        """Where the keyboard goes when the section opens: the contract field (MainWindow)."""
        return self.number_edit

    # -- state --------------------------------------------------------------------------------------

    def reload(self) -> None:
        try:
            self.shift, report, self.register_url = wait_for(self._read_shift, parent=self)
        except Exception as exc:  # noqa: BLE001 - shown; the page keeps what it showed
            prompts.show_error(self, exc)
            return
        self._show(report)

    def _read_shift(self) -> tuple[ShiftRow | None, ShiftReportData | None, str]:
        shift = current_shift(self.db, self.actor)
        if shift is None:
            return None, None, ""
        register = desk_register(self.db, self.actor, shift.cash_desk_id)
        return shift, shift_report(self.db, self.actor, shift.id), register

    def _show(self, report: ShiftReportData | None) -> None:
        open_ = self.shift is not None
        for widget in (self.x_button, self.close_button, self.pay_button, self.find_button, self.number_edit):
            widget.setEnabled(open_)
        self.open_button.setEnabled(not open_)
        self.fiscal_label.show_for(self.shift.cash_desk_id if self.shift else None, self.register_url)
        just_opened, self._just_opened = self._just_opened, False
        self.register_panel.show_for(
            self.shift.id if self.shift is not None else None, self.register_url, open_shift=just_opened
        )
        if self.shift is None or report is None:
            self.shift_label.setText(self.tr("No open shift. Open a shift to take payments."))
            self.model.set_rows([])
            self.totals_label.clear()
            return
        since = short_time(self.shift.opened_at)
        self.shift_label.setText(
            self.tr("Shift {shift} at {desk}, open since {time}").format(
                shift=self.shift.id, desk=self.shift.desk_name, time=since
            )
        )
        self.model.set_rows(report.payments)
        self.table.scrollToBottom()
        self.totals_label.setText(
            self.tr("Payments: {count}; cash in the drawer: {cash}").format(
                count=sum(1 for p in report.payments if not p.cancelled),
                cash=format_money(report.expected_cash),
            )
        )

    # -- shift --------------------------------------------------------------------------------------

    def open_shift(self) -> None:
        try:
            dialog = OpenShiftDialog(self.db, self.actor, self)
        except DomainError as exc:
            prompts.show_error(self, exc)
            return
        self._just_opened = bool(dialog.exec())
        self.reload()
        self.number_edit.setFocus()

    def close_shift(self) -> None:
        if self.shift is None:
            return
        shift, register_url = self.shift, self.register_url
        if register_url and not self._receipts_may_wait(shift.cash_desk_id):
            return
        dialog = CloseShiftDialog(self.db, self.actor, shift, self)
        if dialog.exec():
            self._print_report(dialog.result_value)
            if register_url:  # the register's Z report follows ours
                self.register_panel.close_with(shift.id, on_failure=self._register_left_open)
        self.reload()

    def _receipts_may_wait(self, desk_id: int) -> bool:
        """Before closing: receipts the register has not printed yet are named, and wait for the next
        shift at this desk only if the cashier agrees."""
        try:
            waiting = wait_for(lambda: waiting_receipts(self.db, self.actor, desk_id), parent=self)
        except DomainError as exc:
            prompts.show_error(self, exc)
            return False
        return not waiting or prompts.confirm(
            self,
            self.tr("Close the shift"),
            self.tr(
                "{count} fiscal receipt(s) of this shift are not on the cash register yet. If you close "
                "now they are printed when the next shift opens at this desk. Close anyway?"
            ).format(count=len(waiting)),
        )

    def _register_left_open(self, why: str) -> None:
        prompts.warn(
            self,
            self.tr("Cash register"),
            self.tr(
                "Your shift is closed, but the cash register's shift is not: {why}. It is closed (with its "
                "Z report) when the next shift opens at this desk."
            ).format(why=why),
        )

    def print_x_report(self) -> None:
        if self.shift is None:
            return
        try:
            report = shift_report(self.db, self.actor, self.shift.id)
        except Exception as exc:  # noqa: BLE001 - shown to the cashier
            prompts.show_error(self, exc)
            return
        self._print_report(report)

    def _print_report(self, report: ShiftReportData) -> None:
        from app.printing.shift_report import render_shift_report

        title = self.tr("{kind} report, shift {shift}").format(kind=report.kind, shift=report.shift_id)
        printing.print_pdf(self, render_shift_report(report), title, ask=True)

    # -- payments -----------------------------------------------------------------------------------

    def take_payment(self) -> None:
        """The payment dialog for the number typed (or an empty one): Enter, F2 or the button."""
        self.take_payment_for(None)

    def take_payment_for(self, contract: ContractSummary | None) -> None:
        """The payment dialog for `contract` (from a card), or for the number typed when None."""
        if self.shift is None:
            prompts.warn(self, self.tr("Cash desk"), self.tr("No open shift. Open a shift to take payments."))
            return
        if not self.resolve_pending():
            return
        typed = self.number_edit.text().strip()
        if contract is None and typed:
            try:
                contract = wait_for(lambda: contract_by_number(self.db, self.actor, typed), parent=self)
            except ContractNotFound:
                contract = self.find_contract(typed)  # a name, a phone, an address: search for it
                if contract is None:
                    return
            except DomainError as exc:
                prompts.warn(self, self.tr("Cash desk"), error_text(exc))
                return
        dialog = PaymentDialog(
            self.db,
            self.actor,
            contract,
            self,
            pending=self.pending,
            electronic_receipt=bool(self.register_url),
        )
        if dialog.exec() and dialog.posted is not None:
            self.number_edit.clear()
            self._say_posted(dialog.posted)
            self.fiscal_label.last_payment_id = dialog.posted.payment_id
            self.print_receipt(dialog.posted.payment_id, duplicate=False)
        elif self.pending.of_staff(self.actor.staff_id):
            self.result_label.setText(
                self.tr(
                    "Whether the last payment went through is not known yet: it is checked before the next."
                )
            )
        self.reload()
        self.fiscal_label.deliver()  # the new receipt to the register at once
        self.number_edit.setFocus()

    def find_contract(self, query: str = "") -> ContractSummary | None:
        """The search dialog (F3, or anything typed that is not a contract number)."""
        dialog = self.make_find_dialog(query)
        if not dialog.exec() or dialog.chosen is None:
            return None
        try:
            chosen = dialog.chosen
            return wait_for(lambda: contract_summary(self.db, self.actor, chosen), parent=self)
        except DomainError as exc:
            prompts.warn(self, self.tr("Cash desk"), error_text(exc))
            return None

    def make_find_dialog(self, query: str) -> FindContractDialog:
        return FindContractDialog(self.db, self.actor, query, self)

    def find_and_pay(self) -> None:
        if self.shift is None:
            return
        contract = self.find_contract(self.number_edit.text().strip())
        if contract is not None:
            self.take_payment_for(contract)

    def _say_posted(self, posted: PostedPayment) -> None:
        if posted.already_posted:
            text = self.tr("Posted earlier: receipt {receipt}, {amount}. It was not posted again.")
        else:
            text = self.tr("Posted: receipt {receipt}, {amount}; balance after it {balance}.")
        self.result_label.setText(
            text.format(
                receipt=posted.receipt_number,
                amount=format_money(posted.amount),
                balance=format_money(posted.balance_after),
            )
        )

    def resolve_pending(self) -> bool:
        """Settle this cashier's payments whose outcome was left unknown (the connection broke while
        saving; the dialog was closed or the program restarted since). Each gets its final answer:
        posted earlier (its receipt is printed now) or not posted. Returns whether the desk may take
        the next payment: not while an outcome is still unknown."""
        try:
            waiting = self.pending.of_staff(self.actor.staff_id)
        except (OSError, ValueError) as exc:
            prompts.show_error(self, exc)
            return False
        settled = False
        for payment in waiting:
            what = {"amount": format_money(payment.amount), "number": payment.contract_number}
            try:
                found = wait_for(partial(find_payment, self.db, self.actor, payment.client_uuid), parent=self)
            except DomainError as exc:
                text = self.tr(
                    "Whether the payment of {amount} to contract {number} went through is still not known "
                    "({why}). No payment is taken until it is: do not take the money again."
                ).format(why=error_text(exc), **what)
                self.result_label.setText(text)
                prompts.warn(self, self.tr("Cash desk"), text)
                return False
            self.pending.remove(payment.client_uuid)
            settled = True
            if found is not None:
                text = self.tr(
                    "The payment of {amount} to contract {number} had gone through: receipt {receipt}. "
                    "It was not posted again; its receipt is printed now."
                ).format(receipt=found.receipt_number, **what)
                self.result_label.setText(text)
                prompts.inform(self, self.tr("Cash desk"), text)
                self.print_receipt(found.payment_id, duplicate=False)
            else:
                text = self.tr(
                    "The payment of {amount} to contract {number} was NOT posted. If the subscriber still "
                    "pays, take it again."
                ).format(**what)
                self.result_label.setText(text)
                prompts.inform(self, self.tr("Cash desk"), text)
        if settled:
            self.reload()
        return True

    def print_receipt(self, payment_id: int, *, duplicate: bool) -> None:
        from app.printing.receipt import render_receipt

        try:
            data = wait_for(lambda: receipt_data(self.db, self.actor, payment_id), parent=self)
            pdf = render_receipt(data, layout=receipt_layout(), duplicate=duplicate)  # type: ignore[arg-type]
        except Exception as exc:  # noqa: BLE001 - the payment is posted; only printing failed
            prompts.show_error(self, exc)
            return
        title = self.tr("Receipt {number}").format(number=data.receipt_number)
        printing.print_pdf(self, pdf, title, ask=duplicate or not receipts_without_asking())

    def selected(self) -> ShiftPaymentLine | None:
        indexes = self.table.selectionModel().selectedRows()
        return self.model.rows[indexes[0].row()] if indexes else None

    def reprint(self) -> None:
        line = self.selected()
        if line is not None:
            self.print_receipt(line.payment_id, duplicate=True)

    def make_cancel_dialog(self, line: ShiftPaymentLine) -> FormDialog:
        dialog = FormDialog(
            self.tr("Cancel payment, receipt {number}").format(number=line.receipt_number), self
        )
        dialog.add_field(
            self.tr("Payment:"),
            QLabel(f"{line.contract_number} · {line.subscriber_name} · {format_money(line.amount)}"),
            "payment",
        )
        reason = QLineEdit()
        reason.setMaxLength(500)
        reason.setPlaceholderText(self.tr("why it is cancelled"))
        dialog.add_field(self.tr("Reason:"), reason, "reason")
        dialog.set_call(lambda: partial(cancel_payment, self.db, self.actor, line.payment_id, reason.text()))
        dialog.name_buttons(self.tr("Cancel the payment"), self.tr("Keep the payment"))
        return dialog

    def cancel_selected(self) -> None:
        line = self.selected()
        if line is None or line.cancelled:
            return
        dialog = self.make_cancel_dialog(line)
        if dialog.exec() and isinstance(dialog.result_value, CancelledPayment):
            undone = self.undone_text(dialog.result_value.undone)
            if undone:
                prompts.inform(self, self.tr("Payment cancelled"), undone)
        self.reload()

    def undone_text(self, undone: Undone) -> str:
        """What the cancellation undid in the debt policy, for the cashier to tell the subscriber."""
        lines = []
        if undone.debt_restored:
            lines.append(self.tr("The debt is back with its original date."))
        if undone.services_blocked:
            lines.append(self.tr("Internet is blocked again."))
        if undone.disconnect_orders_restored:
            lines.append(self.tr("The cable TV disconnect order is back on the dispatcher's queue."))
        if undone.fees_reversed or undone.reconnect_orders_cancelled:
            lines.append(self.tr("The reconnection fee is reversed and the reconnect order cancelled."))
        if undone.reconnections_kept:
            lines.append(
                self.tr("Cable TV had already been reconnected: an administrator decides (see the history).")
            )
        return "\n".join(lines)
