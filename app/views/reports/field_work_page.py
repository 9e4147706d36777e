"""Reports → Field work: orders done per installer and day, hours from creation to done, and the
trips saved because subscribers paid before the installer came; CSV for Excel."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTableView, QVBoxLayout, QWidget

from app.db import Database
from app.services.dispatch.field_reports import FieldFigures, InstallerDay, field_figures
from app.services.kernel.permissions import Actor
from app.views.dates import DateField, business_qdate
from app.views.labels import short_date
from app.views.messages import prompts
from app.views.tables import RowsModel, setup_table
from app.views.waiting import wait_for

_Index = QModelIndex | QPersistentModelIndex


class InstallerDaysModel(RowsModel[InstallerDay]):
    def column_titles(self) -> tuple[str, ...]:
        return (self.tr("Installer"), self.tr("Day"), self.tr("Orders done"))

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        row = self.rows[index.row()]
        return (row.installer, short_date(row.day), str(row.done))[index.column()]


class FieldWorkPage(QWidget):
    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.actor = actor
        self.figures: FieldFigures | None = None
        today = business_qdate(self.db)
        self.date_from = DateField(today.addDays(-today.day() + 1))
        self.date_to = DateField(today)
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
        show = QPushButton(self.tr("&Show"))
        show.clicked.connect(self.reload)
        export = QPushButton(self.tr("&Export to CSV…"))
        export.clicked.connect(self.export_csv)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("From:")))
        bar.addWidget(self.date_from)
        bar.addWidget(QLabel(self.tr("to:")))
        bar.addWidget(self.date_to)
        bar.addWidget(show)
        bar.addStretch(1)
        bar.addWidget(export)
        self.summary = QLabel()
        self.summary.setObjectName("summary")
        self.summary.setWordWrap(True)
        self.model = InstallerDaysModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        setup_table(self.table, stretch=0)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        self.reload()

    def period(self) -> tuple[dt.date, dt.date]:
        start, end = self.date_from.date(), self.date_to.date()
        return dt.date(start.year(), start.month(), start.day()), dt.date(end.year(), end.month(), end.day())

    def reload(self) -> None:
        try:
            period = self.period()
            self.figures = wait_for(lambda: field_figures(self.db, self.actor, *period), parent=self)
        except Exception as exc:  # noqa: BLE001 - shown; the old figures stay
            prompts.show_error(self, exc)
            return
        self.model.set_rows(self.figures.done_per_installer_day)
        hours = self.figures.average_hours_to_done
        self.summary.setText(
            self.tr(
                "Orders created: {created}. Done: {done}. Average time from creation to done: {hours}. "
                "Trips saved (disconnects cancelled because the subscriber paid): {saved}."
            ).format(
                created=self.figures.orders_created,
                done=sum(r.done for r in self.figures.done_per_installer_day),
                hours=self.tr("{hours:.1f} h").format(hours=hours) if hours is not None else "—",
                saved=self.figures.trips_saved,
            )
        )

    def export_csv(self) -> None:
        if self.figures is None:
            return
        start, end = self.period()
        path = prompts.save_file(
            self,
            self.tr("Export field work"),
            f"field_work_{start}_{end}.csv",
            self.tr("CSV for Excel (*.csv)"),
        )
        if not path:
            return
        try:
            with Path(path).open("w", encoding="utf-8", newline="") as out:
                out.write("\ufeff")
                writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
                writer.writerow(("Монтажник", "День", "Выполнено"))
                for row in self.figures.done_per_installer_day:
                    writer.writerow((row.installer, row.day.isoformat(), row.done))
                writer.writerow(())
                writer.writerow(("Сэкономлено выездов", self.figures.trips_saved))
        except OSError as exc:
            prompts.show_error(self, exc)
