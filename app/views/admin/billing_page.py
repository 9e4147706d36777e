"""Administration → Billing: start the run for a date with a progress bar and a cancel button, and
see the history of runs. The run works off the GUI thread; what it charged stays if cancelled."""

from __future__ import annotations

import threading
from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.db import Database
from app.errors import DomainError
from app.money import format_money
from app.services.billing.run import INTERRUPTED, RunResult, RunRow, run_billing, run_history
from app.services.kernel.permissions import Actor
from app.views.dates import DateField, business_qdate, to_date
from app.views.labels import short_date, short_moment
from app.views.messages import error_text, prompts
from app.views.tables import RowsModel, setup_table
from app.views.worker import run_in_background

_Index = QModelIndex | QPersistentModelIndex
SHOW_PROGRESS_AFTER_MS = 500


class RunsModel(RowsModel[RunRow]):
    def column_titles(self) -> tuple[str, ...]:
        titles = (self.tr("Business date"), self.tr("Started"), self.tr("Status"), self.tr("Charges"))
        return (*titles, self.tr("Amount"), self.tr("Debts / blocks / orders"))

    def _error(self, error: str) -> str:
        if not error or error == "cancelled":
            return ""
        if error == INTERRUPTED:
            return ": " + self.tr("interrupted before it finished (its charges were kept)")
        return f": {error}"

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        run = self.rows[index.row()]
        counts = run.counts
        statuses = {
            "running": self.tr("running"),
            "finished": self.tr("finished"),
            "failed": self.tr("failed"),
            "cancelled": self.tr("cancelled"),
        }
        return (
            short_date(run.business_date),
            short_moment(run.started_at),
            statuses.get(str(run.status), str(run.status)) + self._error(run.error),
            str(counts.get("charges", "")),
            format_money(counts["charged_amount"]) if "charged_amount" in counts else "",
            "{} / {} / {}".format(
                counts.get("debts_started", 0),
                counts.get("services_blocked", 0),
                counts.get("disconnect_orders", 0),
            )
            if counts
            else "",
        )[index.column()]


class _Progress(QObject):
    """Carries progress from the worker thread to the GUI thread (a queued signal)."""

    progressed = Signal(str, int, int)


class BillingPage(QWidget):
    run_finished = Signal(object)

    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.actor = actor
        self._cancel = threading.Event()
        self.date_edit = DateField(business_qdate(self.db))
        self.date_edit.setMaximumDate(self.date_edit.date())  # a run charges only days that have come
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setObjectName("runDate")
        self.run_button = QPushButton(self.tr("&Run billing"))
        self.run_button.setObjectName("runBilling")
        self.run_button.clicked.connect(self.start)
        self.cancel_button = QPushButton(self.tr("Ca&ncel"))
        self.cancel_button.clicked.connect(self.cancel)
        self.cancel_button.hide()
        self.progress = QProgressBar()
        self.progress.hide()
        self.status_label = QLabel(
            self.tr(
                "The run charges every service for the date (and any missed days before it), "
                "then applies the debt policy. Usually a scheduler starts it every night."
            )
        )
        self.status_label.setWordWrap(True)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Business date:")))
        bar.addWidget(self.date_edit)
        bar.addWidget(self.run_button)
        bar.addWidget(self.progress, 1)
        bar.addWidget(self.cancel_button)
        self.model = RunsModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        setup_table(self.table)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.status_label)
        layout.addWidget(QLabel(self.tr("History of runs")))
        layout.addWidget(self.table, 1)
        self._relay = _Progress(self)
        self._relay.progressed.connect(self._on_progress)
        self._show_timer = QTimer(self)
        self._show_timer.setSingleShot(True)
        self._show_timer.timeout.connect(self._show_progress)
        self.running = False
        self.reload()

    def reload(self) -> None:
        try:
            self.model.set_rows(run_history(self.db, self.actor))
        except Exception as exc:  # noqa: BLE001 - shown; the old list stays
            prompts.show_error(self, exc)

    def start(self) -> None:
        if self.running:
            return
        day = to_date(self.date_edit.date())
        self.running = True
        self._cancel.clear()
        self.run_button.setEnabled(False)
        self.status_label.setText(self.tr("Billing run for {date} in progress…").format(date=short_date(day)))
        self._show_timer.start(SHOW_PROGRESS_AFTER_MS)
        db, actor, relay, cancel = self.db, self.actor, self._relay, self._cancel
        run_in_background(
            lambda: run_billing(db, actor, day, progress=relay.progressed.emit, cancelled=cancel.is_set),
            self._on_done,
            self._on_failed,
            parent=self,
        )

    def cancel(self) -> None:
        self._cancel.set()
        self.cancel_button.setEnabled(False)

    def _show_progress(self) -> None:
        if self.running:
            self.progress.show()
            self.cancel_button.show()
            self.cancel_button.setEnabled(True)

    def _on_progress(self, stage: str, done: int, total: int) -> None:
        self.progress.setMaximum(max(total, 1))
        self.progress.setValue(done)
        self.progress.setFormat(self.tr("charges %p%") if stage == "charges" else self.tr("debt policy"))

    def _finish(self) -> None:
        self.running = False
        self._show_timer.stop()
        self.progress.hide()
        self.cancel_button.hide()
        self.run_button.setEnabled(True)
        self.reload()

    def _on_done(self, result: RunResult) -> None:
        self._finish()
        charges = sum(d.charges for d in result.days)
        self.status_label.setText(
            self.tr("Done: {days} day(s), {charges} charges, {orders} disconnect orders.").format(
                days=len(result.days), charges=charges, orders=sum(d.disconnect_orders for d in result.days)
            )
        )
        self.run_finished.emit(result)

    def _on_failed(self, exc: BaseException) -> None:
        self._finish()
        if isinstance(exc, DomainError):
            self.status_label.setText(error_text(exc))
        else:
            prompts.show_error(self, exc)
            self.status_label.clear()
