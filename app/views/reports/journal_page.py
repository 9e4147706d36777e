"""Reports → Payments journal: filter by period, desk, cashier, method and contract; totals; CSV.

The list pages in as it scrolls (fetchMore, keyset on the payment id), so a year of payments opens
at once and never sits in memory whole."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor
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

from app.db import Database
from app.models import PaymentMethod
from app.money import format_money
from app.services.cashdesk.fiscal import DONE, WAITING, WITHDRAWN
from app.services.cashdesk.journal import (
    JournalFilter,
    JournalRow,
    iter_payments,
    journal_choices,
    journal_totals,
    list_payments,
    write_csv,
)
from app.services.kernel.exports import Form, Report, record_export
from app.services.kernel.permissions import Actor
from app.views.dates import DateField, business_qdate, to_date
from app.views.labels import method_title, short_date, short_time
from app.views.messages import prompts
from app.views.tables import PagedRowsModel, setup_table
from app.views.waiting import wait_for

_Index = QModelIndex | QPersistentModelIndex
PAGE = 200


class JournalModel(PagedRowsModel[JournalRow]):
    """The journal, a page at a time by payment id, for the filter last applied."""

    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(self._page, parent, page_size=PAGE)
        self.db = db
        self.actor = actor
        self.filter: JournalFilter | None = None

    def _page(self, after: int | None) -> list[JournalRow]:
        if self.filter is None:
            return []
        return list_payments(self.db, self.actor, self.filter, limit=self.page_size, after_id=after)

    def row_id(self, row: JournalRow) -> int:
        return row.payment_id

    def set_filter(self, journal_filter: JournalFilter) -> None:
        journal_filter.check()  # a bad period is refused before the list changes
        previous, self.filter = self.filter, journal_filter
        try:
            self.reload()
        except Exception:
            self.filter = previous
            raise

    def column_titles(self) -> tuple[str, ...]:
        titles = (self.tr("Date"), self.tr("Time"), self.tr("Desk"), self.tr("Receipt"), self.tr("Cashier"))
        return (
            *titles,
            self.tr("Contract"),
            self.tr("Subscriber"),
            self.tr("Method"),
            self.tr("Amount"),
            self.tr("Fiscal receipt"),
        )

    def fiscal(self, row: JournalRow) -> str:
        if row.fiscal_state == DONE:
            return self.tr("document No. {number}").format(number=row.fiscal_document)
        if row.fiscal_state in WAITING:
            return self.tr("waiting for the register")
        if row.fiscal_state == WITHDRAWN:
            return self.tr("not printed (cancelled first)")
        return ""

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.ForegroundRole and row.cancelled:
            return QColor(Qt.GlobalColor.gray)
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == 9 and row.fiscal_state in WAITING:
            return QColor("#b00020")
        if role == Qt.ItemDataRole.ToolTipRole and row.cancelled:
            return self.tr("Cancelled: {reason}").format(reason=row.cancel_reason)
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in (3, 8):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        amount = format_money(row.amount)
        return (
            short_date(row.business_date),
            short_time(row.posted_at),
            row.desk,
            str(row.receipt_number or ""),
            row.cashier,
            row.contract_number,
            row.subscriber,
            method_title(row.method),
            self.tr("{amount} (cancelled)").format(amount=amount) if row.cancelled else amount,
            self.fiscal(row),
        )[index.column()]


class JournalPage(QWidget):
    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.actor = actor
        today = business_qdate(self.db)
        self.date_from = DateField(today.addDays(-today.day() + 1))
        self.date_to = DateField(today)
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
        self.desk_combo = QComboBox()
        self.cashier_combo = QComboBox()
        self.method_combo = QComboBox()
        self.method_combo.addItem(self.tr("all methods"), None)
        for method in PaymentMethod:
            self.method_combo.addItem(method_title(method), method.value)
        self.contract_edit = QLineEdit()
        self.contract_edit.setPlaceholderText(self.tr("contract No."))
        self.contract_edit.setMaxLength(32)
        self.contract_edit.setMinimumWidth(self.contract_edit.fontMetrics().horizontalAdvance("x") * 16)
        self.contract_edit.returnPressed.connect(self.apply)
        self.not_fiscalised = QCheckBox(self.tr("not on the &register yet"))
        self.not_fiscalised.setToolTip(
            self.tr("Only payments whose fiscal receipt still waits for the cash register")
        )
        self.apply_button = QPushButton(self.tr("&Show"))
        self.apply_button.clicked.connect(self.apply)
        self.export_button = QPushButton(self.tr("&Export to CSV…"))
        self.export_button.clicked.connect(self.export_csv)
        filters = QHBoxLayout()
        for label, widget in (
            (self.tr("From:"), self.date_from),
            (self.tr("to:"), self.date_to),
            ("", self.desk_combo),
            ("", self.cashier_combo),
            ("", self.method_combo),
            ("", self.contract_edit),
            ("", self.not_fiscalised),
        ):
            if label:
                filters.addWidget(QLabel(label))
            filters.addWidget(widget)
        filters.addWidget(self.apply_button)
        filters.addStretch(1)
        filters.addWidget(self.export_button)

        self.model = JournalModel(db, actor, self)
        self.table = QTableView()
        self.table.setObjectName("journalTable")
        self.table.setModel(self.model)
        setup_table(self.table, stretch=6)
        self.totals_label = QLabel()
        self.totals_label.setObjectName("journalTotals")
        self.totals_label.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.totals_label)
        self._fill_choices()
        self.apply()

    def _fill_choices(self) -> None:
        self.desk_combo.clear()
        self.cashier_combo.clear()
        self.desk_combo.addItem(self.tr("all desks"), None)
        self.cashier_combo.addItem(self.tr("all cashiers"), None)
        try:
            choices = journal_choices(self.db, self.actor)
        except Exception as exc:  # noqa: BLE001 - shown; the filters stay at "all"
            prompts.show_error(self, exc)
            return
        for desk_id, name in choices.desks:
            self.desk_combo.addItem(name, desk_id)
        for staff_id, name in choices.cashiers:
            self.cashier_combo.addItem(name, staff_id)

    def current_filter(self) -> JournalFilter:
        method = self.method_combo.currentData()
        return JournalFilter(
            date_from=to_date(self.date_from.date()),
            date_to=to_date(self.date_to.date()),
            cash_desk_id=self.desk_combo.currentData(),
            cashier_id=self.cashier_combo.currentData(),
            method=PaymentMethod(method) if method else None,
            contract_number=self.contract_edit.text(),
            not_fiscalised=self.not_fiscalised.isChecked(),
        )

    def apply(self) -> None:
        try:
            journal_filter = self.current_filter()
            self.model.set_filter(journal_filter)
            totals = wait_for(lambda: journal_totals(self.db, self.actor, journal_filter), parent=self)
        except Exception as exc:  # noqa: BLE001 - a bad period etc.: shown, the filters stay as typed
            prompts.show_error(self, exc)
            return
        by_method = "; ".join(
            f"{method_title(method)}: {format_money(amount)}"
            for method, amount in sorted(totals.by_method.items())
        )
        self.totals_label.setText(
            self.tr("Payments: {count}, received {amount}, cancelled {cancelled}, total {net}.").format(
                count=totals.count,
                amount=format_money(totals.amount),
                cancelled=format_money(totals.cancelled_amount),
                net=format_money(totals.net_amount),
            )
            + (f" {by_method}" if by_method else "")
        )

    def export_csv(self) -> None:
        journal_filter = self.current_filter()
        suggested = (
            f"payments_{journal_filter.date_from.isoformat()}_{journal_filter.date_to.isoformat()}.csv"
        )
        path = prompts.save_file(
            self, self.tr("Export payments"), suggested, self.tr("CSV for Excel (*.csv)")
        )
        if not path:
            return
        try:
            with Path(path).open("w", encoding="utf-8", newline="") as out:
                count = write_csv(iter_payments(self.db, self.actor, journal_filter), out)
            record_export(
                self.db,
                self.actor,
                Report.PAYMENTS,
                count,
                Form.CSV,
                scope=f"{journal_filter.date_from.isoformat()}..{journal_filter.date_to.isoformat()}",
            )
        except Exception as exc:  # noqa: BLE001 - shown; the journal stays as it is
            prompts.show_error(self, exc)
            return
        prompts.inform(
            self,
            self.tr("Export payments"),
            self.tr("{count} payments saved to {path}.").format(count=count, path=path),
        )
