"""Reports → Debtors: contracts in debt on a date by district and building; print the report, export
CSV, and print the debt notices of the selected building for mailboxes.

The list is read on worker threads, first page first: the first debtors in address order and the
totals come in a fraction of a second, the whole list follows (at a million subscribers it takes
seconds), and the window stays alive meanwhile. A result for an older request is dropped."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.db import Database
from app.money import format_money
from app.services.billing.debtors import (
    DebtorRow,
    DebtorsTotals,
    debt_notices,
    debtor_rows,
    debtors_first_page,
    debtors_report,
    write_csv,
)
from app.services.kernel.exports import Form, Report, record_export
from app.services.kernel.permissions import Actor
from app.services.kernel.text import format_phone
from app.views.dates import DateField, business_qdate, to_date
from app.views.labels import short_date
from app.views.messages import prompts
from app.views.printing import printing
from app.views.tables import RowsModel, setup_table
from app.views.waiting import wait_for
from app.views.worker import run_in_background

_Index = QModelIndex | QPersistentModelIndex
FIRST_PAGE = 500  # rows shown before the whole list has been read


class DebtorsModel(RowsModel[DebtorRow]):
    def column_titles(self) -> tuple[str, ...]:
        titles = (
            self.tr("District"),
            self.tr("Building"),
            self.tr("Apt."),
            self.tr("Contract"),
            self.tr("Subscriber"),
        )
        more = (self.tr("Phone"), self.tr("Debt"), self.tr("Since"), self.tr("Days"), self.tr("Services"))
        return (*titles, *more)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in (6, 8):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        return (
            row.district,
            row.building,
            row.apartment,
            row.contract_number,
            row.subscriber,
            format_phone(row.phone),
            format_money(row.debt),
            short_date(row.debt_since) if row.debt_since else "",
            "" if row.days_in_debt is None else str(row.days_in_debt),
            row.services,
        )[index.column()]


class DebtorsPage(QWidget):
    # Emitted on the GUI thread when a list read for the latest request is shown (tests wait on it).
    loaded = Signal()

    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.actor = actor
        self._generation = 0
        self.totals = DebtorsTotals(0, 0)
        self.date_edit = DateField(business_qdate(self.db))
        self.date_edit.setCalendarPopup(True)
        self.show_button = QPushButton(self.tr("&Show"))
        self.show_button.clicked.connect(self.reload)
        self.print_button = QPushButton(self.tr("&Print report…"))
        self.print_button.clicked.connect(self.print_report)
        self.export_button = QPushButton(self.tr("&Export to CSV…"))
        self.export_button.clicked.connect(self.export_csv)
        self.notices_button = QPushButton(self.tr("Debt &notices for the building…"))
        self.notices_button.setObjectName("notices")
        self.notices_button.clicked.connect(self.print_notices)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("On:")))
        bar.addWidget(self.date_edit)
        bar.addWidget(self.show_button)
        bar.addStretch(1)
        for button in (self.notices_button, self.print_button, self.export_button):
            bar.addWidget(button)
        self.model = DebtorsModel(self)
        self.table = QTableView()
        self.table.setObjectName("debtorsTable")
        self.table.setModel(self.model)
        setup_table(self.table, stretch=9)
        self.totals_label = QLabel()
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.totals_label)
        self.reload()

    def as_of(self) -> dt.date:
        return to_date(self.date_edit.date())

    def reload(self) -> None:
        """Read the debtors on the chosen date on worker threads: the first page and the totals first,
        then the whole list."""
        self._generation += 1
        generation = self._generation
        db, actor, as_of = self.db, self.actor, self.as_of()
        self.show_button.setEnabled(False)
        self.export_button.setEnabled(False)  # exports the whole list: once it is all here
        self.totals_label.setText(self.tr("Reading the debtors…"))

        def first() -> tuple[list[DebtorRow], DebtorsTotals]:
            return debtors_first_page(db, actor, as_of, FIRST_PAGE)

        run_in_background(
            first,
            lambda found: self._show_first(generation, *found),
            lambda exc: self._failed(generation, exc),
            parent=self,
        )

    def _show_first(self, generation: int, rows: list[DebtorRow], totals: DebtorsTotals) -> None:
        if generation != self._generation:
            return  # a newer request is on its way
        self.model.set_rows(rows)
        self.totals = totals
        if len(rows) >= totals.count:
            self._done()
            return
        self.totals_label.setText(
            self.tr(
                "Debtors: {count}, total debt {debt}. Showing the first {shown}; reading the rest…"
            ).format(count=totals.count, debt=format_money(totals.debt), shown=len(rows))
        )
        db, actor, as_of = self.db, self.actor, self.as_of()
        run_in_background(
            lambda: debtor_rows(db, actor, as_of),
            lambda all_rows: self._show(generation, all_rows),
            lambda exc: self._failed(generation, exc),
            parent=self,
        )

    def _show(self, generation: int, rows: list[DebtorRow]) -> None:
        if generation != self._generation:
            return
        selected = self.table.currentIndex()
        scrolled = self.table.verticalScrollBar().value()
        self.model.set_rows(rows)
        if selected.isValid():  # the first page is the head of the whole list: the cashier's place stays
            self.table.selectRow(selected.row())
        self.table.verticalScrollBar().setValue(scrolled)
        self.totals = DebtorsTotals(len(rows), sum(r.debt for r in rows))
        self._done()

    def _done(self) -> None:
        self.show_button.setEnabled(True)
        self.export_button.setEnabled(True)
        self.totals_label.setText(
            self.tr("Debtors: {count}, total debt {debt}.").format(
                count=self.totals.count, debt=format_money(self.totals.debt)
            )
        )
        self.loaded.emit()

    def _failed(self, generation: int, exc: BaseException) -> None:
        if generation != self._generation:
            return
        self.show_button.setEnabled(True)
        self.totals_label.clear()  # the old list stays, but its totals may be of another date
        prompts.show_error(self, exc)

    def selected(self) -> DebtorRow | None:
        indexes = self.table.selectionModel().selectedRows()
        return self.model.rows[indexes[0].row()] if indexes else None

    def print_report(self) -> None:
        from app.printing.debtors_report import render_debtors_report

        try:
            as_of = self.as_of()
            report = wait_for(lambda: debtors_report(self.db, self.actor, as_of), parent=self)
            pdf = render_debtors_report(report)
            record_export(
                self.db,
                self.actor,
                Report.DEBTORS,
                report.total_contracts,
                Form.PDF,
                scope=self.as_of().isoformat(),
            )
        except Exception as exc:  # noqa: BLE001 - shown to the user
            prompts.show_error(self, exc)
            return
        printing.print_pdf(self, pdf, self.tr("Debtors on {date}").format(date=short_date(self.as_of())))

    def print_notices(self) -> None:
        from app.printing.debt_notice import render_debt_notices

        row = self.selected()
        if row is None or row.building_id is None:
            prompts.inform(self, self.tr("Debt notices"), self.tr("Select a debtor in the building first."))
            return
        try:
            notices = debt_notices(self.db, self.actor, row.building_id, self.as_of())
            pdf = render_debt_notices(notices)
            record_export(
                self.db, self.actor, Report.DEBT_NOTICES, len(notices.notices), Form.PDF, scope=row.building
            )
        except Exception as exc:  # noqa: BLE001 - missing bank details, nobody in debt any more, a bug
            prompts.show_error(self, exc)
            return
        printing.print_pdf(self, pdf, self.tr("Debt notices: {building}").format(building=row.building))

    def export_csv(self) -> None:
        suggested = f"debtors_{self.as_of().isoformat()}.csv"
        path = prompts.save_file(self, self.tr("Export debtors"), suggested, self.tr("CSV for Excel (*.csv)"))
        if not path:
            return
        try:
            with Path(path).open("w", encoding="utf-8", newline="") as out:
                count = write_csv(self.model.rows, out)
            record_export(
                self.db, self.actor, Report.DEBTORS, count, Form.CSV, scope=self.as_of().isoformat()
            )
        except Exception as exc:  # noqa: BLE001 - shown to the user
            prompts.show_error(self, exc)
            return
        prompts.inform(
            self,
            self.tr("Export debtors"),
            self.tr("{count} debtors saved to {path}.").format(count=count, path=path),
        )
