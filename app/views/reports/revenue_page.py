"""Reports → Revenue: money by month — charged, one-off fees, discounts given, outage compensation, net
revenue, payments — as a chart and a table, and what each outage's compensation cost; print it, export
it for Excel. The figures are the domain's (app/services/billing/revenue.py), read on a worker thread
so the window never waits; a result for an older request is dropped."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QDate, QLocale, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QFont, QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.db import Database
from app.money import format_money
from app.services.billing.revenue import (
    MonthRevenue,
    OutageCompensation,
    RevenueReport,
    default_range,
    revenue_report,
    write_csv,
)
from app.services.kernel.permissions import Actor
from app.views.dates import DateField, business_qdate, to_date, to_qdate
from app.views.labels import service_title, short_date, short_moment
from app.views.messages import prompts
from app.views.printing import printing
from app.views.reports.charts import Bar, BarsChart, MonthChart, Series
from app.views.splitters import remember_sizes
from app.views.tables import RowsModel, setup_table
from app.views.worker import run_in_background

# The chart's colours: charges blue, discounts orange, compensation red, payments a green line.
COLORS = {
    "charges": "#4472c4",
    "discounts": "#ed7d31",
    "promotions": "#8e5ea2",
    "compensation": "#c0504d",
    "payments": "#2e7d32",
}


def month_title(month: dt.date) -> str:
    """«март 2026» in Russian, «March 2026» in English."""
    name = QLocale().standaloneMonthName(month.month, QLocale.FormatType.LongFormat)
    return f"{name} {month.year}"


def scope_text(outage: OutageCompensation) -> str:
    """What the administrator chose, in a line: «district Заречный; 2 buildings; Internet»."""
    parts: list[str] = []
    if outage.districts:
        parts.append(
            QCoreApplication.translate("RevenuePage", "districts: {names}").format(
                names=", ".join(outage.districts)
            )
        )
    if outage.buildings:
        parts.append(
            QCoreApplication.translate("RevenuePage", "buildings: {count}").format(count=outage.buildings)
        )
    if outage.tariffs:
        parts.append(
            QCoreApplication.translate("RevenuePage", "tariffs: {names}").format(
                names=", ".join(outage.tariffs)
            )
        )
    if outage.contracts:
        parts.append(
            QCoreApplication.translate("RevenuePage", "contracts: {count}").format(count=outage.contracts)
        )
    if outage.kinds:
        parts.append(", ".join(service_title(kind.value) for kind in outage.kinds))
    else:
        parts.append(QCoreApplication.translate("RevenuePage", "every service"))
    return "; ".join(parts)


class MonthLine:
    """A line of the months table: a month, or the total of the period."""

    def __init__(self, title: str, figures: MonthRevenue, total: bool = False) -> None:
        self.title = title
        self.figures = figures
        self.total = total


class RevenueMonthsModel(RowsModel[MonthLine]):
    SERIES = ("charges", "fees", "discounts", "promotions", "compensation", "net", "payments")

    def column_titles(self) -> tuple[str, ...]:
        return (
            self.tr("Month"),
            self.tr("Charged"),
            self.tr("One-off fees"),
            self.tr("Discounts given"),
            self.tr("Promotions"),
            self.tr("Compensation"),
            self.tr("Net revenue"),
            self.tr("Paid"),
        )

    def cells(self, row: MonthLine) -> tuple[str, ...]:
        return (row.title, *(format_money(row.figures.value(s)) for s in self.SERIES))

    def right_aligned(self) -> tuple[int, ...]:
        return (1, 2, 3, 4, 5, 6, 7)

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.FontRole and index.isValid() and self.rows[index.row()].total:
            font = QFont()
            font.setBold(True)
            return font
        return super().data(index, role)


class OutageCostsModel(RowsModel[OutageCompensation]):
    def column_titles(self) -> tuple[str, ...]:
        return (
            self.tr("Outage"),
            self.tr("From"),
            self.tr("Until"),
            self.tr("Which services"),
            self.tr("Services credited"),
            self.tr("Credited"),
            self.tr("Cancelled"),
            self.tr("Reason"),
        )

    def cells(self, row: OutageCompensation) -> tuple[str, ...]:
        return (
            f"№ {row.id}",
            short_moment(row.starts_at),
            short_moment(row.ends_at),
            scope_text(row),
            str(row.services),
            format_money(row.credited),
            short_date(row.cancelled_on) if row.cancelled_on else "",
            row.reason,
        )

    def right_aligned(self) -> tuple[int, ...]:
        return (4, 5)

    def tooltip(self, row: OutageCompensation) -> str | None:
        return row.cancel_reason or None


class RevenuePage(QWidget):
    # Emitted on the GUI thread when a report read for the latest request is shown (tests wait on it).
    loaded = Signal()

    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.actor = actor
        self._generation = 0
        self.report: RevenueReport | None = None
        first, last = default_range(to_date(business_qdate(db)))
        self.from_edit = self._month_field(first)
        self.to_edit = self._month_field(last)
        from_label = QLabel(self.tr("&From:"))
        from_label.setBuddy(self.from_edit)
        to_label = QLabel(self.tr("&To:"))
        to_label.setBuddy(self.to_edit)
        self.show_button = QPushButton(self.tr("&Show"))
        self.show_button.clicked.connect(self.reload)
        self.print_button = QPushButton(self.tr("&Print report…"))
        self.print_button.clicked.connect(self.print_report)
        self.export_button = QPushButton(self.tr("&Export to CSV…"))
        self.export_button.clicked.connect(self.export_csv)
        bar = QHBoxLayout()
        for widget in (from_label, self.from_edit, to_label, self.to_edit, self.show_button):
            bar.addWidget(widget)
        bar.addStretch(1)
        bar.addWidget(self.print_button)
        bar.addWidget(self.export_button)

        self.chart = MonthChart()
        self.chart.setObjectName("revenueChart")
        self.chart.empty_text = self.tr("No months chosen.")
        self.months_model = RevenueMonthsModel(self)
        self.months_table = QTableView()
        self.months_table.setObjectName("revenueTable")
        self.months_table.setModel(self.months_model)
        setup_table(self.months_table)
        self.outage_chart = BarsChart(COLORS["compensation"])
        self.outage_chart.setObjectName("outageChart")
        self.outage_chart.empty_text = self.tr("No outage was compensated in these months.")
        self.outages_model = OutageCostsModel(self)
        self.outages_table = QTableView()
        self.outages_table.setObjectName("outagesTable")
        self.outages_table.setModel(self.outages_model)
        setup_table(self.outages_table, stretch=3)
        outages = QSplitter(Qt.Orientation.Horizontal)
        outages.addWidget(self.outage_chart)
        outages.addWidget(self.outages_table)
        outages.setStretchFactor(1, 2)
        remember_sizes(outages, "revenue-outages")
        outages_box = QWidget()
        outages_layout = QVBoxLayout(outages_box)
        outages_layout.setContentsMargins(0, 0, 0, 0)
        outages_layout.addWidget(QLabel(self.tr("Compensation per outage")))
        outages_layout.addWidget(outages, 1)
        parts = QSplitter(Qt.Orientation.Vertical)
        parts.addWidget(self.chart)
        parts.addWidget(self.months_table)
        parts.addWidget(outages_box)
        parts.setStretchFactor(0, 3)
        parts.setStretchFactor(1, 2)
        parts.setStretchFactor(2, 2)
        remember_sizes(parts, "revenue-parts")
        self.status_label = QLabel()
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(parts, 1)
        layout.addWidget(self.status_label)
        for button in (self.print_button, self.export_button):
            button.setEnabled(False)  # until a report is shown

    def showEvent(self, event: QShowEvent) -> None:
        """The first time the tab is shown, its report is read: a year of a large operator's ledger is
        not summed for someone who opened Reports for the debtors."""
        super().showEvent(event)
        if self._generation == 0:
            self.reload()

    def _month_field(self, month: dt.date) -> DateField:
        field = DateField(to_qdate(month))
        field.setDisplayFormat("MM.yyyy")
        field.setCalendarPopup(True)
        return field

    def months(self) -> tuple[dt.date, dt.date]:
        return to_date(self.from_edit.date()).replace(day=1), to_date(self.to_edit.date()).replace(day=1)

    def set_months(self, first: dt.date, last: dt.date) -> None:
        self.from_edit.setDate(QDate(first.year, first.month, 1))
        self.to_edit.setDate(QDate(last.year, last.month, 1))

    def reload(self) -> None:
        """Read the report of the chosen months on a worker thread."""
        self._generation += 1
        generation = self._generation
        db, actor = self.db, self.actor
        first, last = self.months()
        if first > last:
            first, last = last, first
            self.set_months(first, last)
        self.show_button.setEnabled(False)
        self.print_button.setEnabled(False)
        self.export_button.setEnabled(False)
        self.status_label.setText(self.tr("Reading the revenue…"))
        run_in_background(
            lambda: revenue_report(db, actor, first, last),
            lambda report: self._show(generation, report),
            lambda exc: self._failed(generation, exc),
            parent=self,
        )

    def _show(self, generation: int, report: RevenueReport) -> None:
        if generation != self._generation:
            return  # a newer request is on its way
        self.report = report
        lines = [MonthLine(month_title(m.month), m) for m in report.months]
        if len(report.months) > 1:
            total = MonthRevenue(
                month=report.first_month,
                charges=report.total("charges"),
                fees=report.total("fees"),
                discounts=report.total("discounts"),
                promotions=report.total("promotions"),
                bonuses=report.total("bonuses"),
                compensation=report.total("compensation"),
                payments=report.total("payments"),
            )
            lines.append(MonthLine(self.tr("Total"), total, total=True))
        self.months_model.set_rows(lines)
        self.outages_model.set_rows(report.outages)
        self.chart.set_data(self._chart_labels(report), self._chart_series(report))
        self.outage_chart.set_bars(
            [
                Bar(
                    self.tr("№ {number}, {date}").format(number=o.id, date=short_date(o.starts_at.date())),
                    o.credited,
                    self.tr("cancelled") if o.cancelled_on else "",
                    muted=o.cancelled_on is not None,
                )
                for o in report.outages
            ]
        )
        for button in (self.show_button, self.print_button, self.export_button):
            button.setEnabled(True)
        self.status_label.setText(
            self.tr(
                "{first} – {last}: charged {charges}, discounts {discounts}, promotions {promotions}, "
                "compensation {compensation}, net revenue {net}, paid {payments}."
            ).format(
                first=month_title(report.first_month),
                last=month_title(report.last_month),
                charges=format_money(report.total("charges")),
                discounts=format_money(report.total("discounts")),
                promotions=format_money(report.total("promotions")),
                compensation=format_money(report.total("compensation")),
                net=format_money(report.total("net")),
                payments=format_money(report.total("payments")),
            )
        )
        self.loaded.emit()

    def _chart_labels(self, report: RevenueReport) -> list[tuple[str, str]]:
        labels = []
        for month in (m.month for m in report.months):
            name = QLocale().standaloneMonthName(month.month, QLocale.FormatType.ShortFormat)
            labels.append((name, str(month.year)))
        return labels

    def _chart_series(self, report: RevenueReport) -> list[Series]:
        def values(series: str) -> tuple[int, ...]:
            return tuple(m.value(series) for m in report.months)

        return [
            Series(self.tr("Charged"), COLORS["charges"], values("charges")),
            Series(self.tr("Discounts given"), COLORS["discounts"], values("discounts")),
            Series(self.tr("Promotions"), COLORS["promotions"], values("promotions")),
            Series(self.tr("Outage compensation"), COLORS["compensation"], values("compensation")),
            Series(self.tr("Paid"), COLORS["payments"], values("payments"), line=True),
        ]

    def _failed(self, generation: int, exc: BaseException) -> None:
        if generation != self._generation:
            return
        self.show_button.setEnabled(True)
        self.status_label.clear()
        prompts.show_error(self, exc)

    def _title(self) -> str:
        assert self.report is not None
        return self.tr("Revenue {first} – {last}").format(
            first=month_title(self.report.first_month), last=month_title(self.report.last_month)
        )

    def print_report(self) -> None:
        from app.printing.revenue_report import render_revenue_report

        if self.report is None:
            return
        try:
            pdf = render_revenue_report(self.report)
        except Exception as exc:  # noqa: BLE001 - shown to the user
            prompts.show_error(self, exc)
            return
        printing.print_pdf(self, pdf, self._title())

    def export_csv(self) -> None:
        if self.report is None:
            return
        first, last = self.report.first_month, self.report.last_month
        suggested = f"revenue_{first.isoformat()[:7]}_{last.isoformat()[:7]}.csv"
        title = self.tr("Export revenue")
        path = prompts.save_file(self, title, suggested, self.tr("CSV for Excel (*.csv)"))
        if not path:
            return
        try:
            with Path(path).open("w", encoding="utf-8", newline="") as out:
                count = write_csv(self.report, out)
        except Exception as exc:  # noqa: BLE001 - shown to the user
            prompts.show_error(self, exc)
            return
        prompts.inform(self, title, self.tr("{count} months saved to {path}.").format(count=count, path=path))
