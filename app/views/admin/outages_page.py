"""Administration → Outages: credit the subscribers an outage hit. The administrator says what happened
and when, chooses the districts, buildings, tariffs or contracts it hit, sees every credit and the
totals first, then posts them as one batch; a batch posted by mistake is cancelled as a whole.
The rules are in docs/compensation.md; the arithmetic in app/services/billing/outages.py."""

from __future__ import annotations

import datetime as dt
import re
from functools import partial

from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDateTimeEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app import clock
from app.db import Database
from app.errors import DomainError
from app.models import ServiceKind
from app.money import format_money
from app.services.admin.places import list_districts, search_buildings
from app.services.admin.tariffs import list_tariffs
from app.services.billing.outages import (
    CompensationPlan,
    Credit,
    OutageRow,
    OutageScope,
    cancel_compensation,
    clean_reason,
    list_outages,
    plan_compensation,
    post_compensation,
)
from app.services.kernel.permissions import Actor
from app.views.dates import DateTimeField, in_company_zone, qdatetime
from app.views.form_dialog import error_label
from app.views.labels import service_title, short_date, short_moment
from app.views.messages import error_text, prompts
from app.views.tables import RowsModel, setup_table
from app.views.waiting import wait_for

BUILDINGS_SHOWN = 30


class CreditsModel(RowsModel[Credit]):
    def column_titles(self) -> tuple[str, ...]:
        return (
            self.tr("Contract"),
            self.tr("Subscriber"),
            self.tr("Service"),
            self.tr("Tariff"),
            self.tr("Hours"),
            self.tr("Credit"),
        )

    def cells(self, row: Credit) -> tuple[str, ...]:
        hours = QLocale().toString(row.seconds / 3600, "f", 1)  # «12,0» in Russian, «12.0» in English
        return (
            row.contract_number,
            row.subscriber,
            service_title(row.kind),
            row.tariff,
            hours,
            format_money(row.amount),
        )

    def right_aligned(self) -> tuple[int, ...]:
        return (4, 5)


class OutagesModel(RowsModel[OutageRow]):
    def column_titles(self) -> tuple[str, ...]:
        return (
            self.tr("What happened"),
            self.tr("From"),
            self.tr("To"),
            self.tr("Credits"),
            self.tr("Total"),
            self.tr("Booked on"),
            self.tr("State"),
        )

    def cells(self, row: OutageRow) -> tuple[str, ...]:
        state = (
            self.tr("cancelled: {reason}").format(reason=row.cancel_reason)
            if row.cancelled_at
            else self.tr("credited")
        )
        return (
            row.reason,
            short_moment(row.starts_at),
            short_moment(row.ends_at),
            str(row.credits),
            format_money(row.total),
            short_date(row.business_date),
            state,
        )

    def right_aligned(self) -> tuple[int, ...]:
        return (3, 4)


def checked_ids(items: QListWidget) -> tuple[int, ...]:
    return tuple(
        int(items.item(i).data(Qt.ItemDataRole.UserRole))
        for i in range(items.count())
        if items.item(i).checkState() == Qt.CheckState.Checked
    )


def checkable(items: QListWidget, text: str, value: object, checked: bool = False) -> None:
    item = QListWidgetItem(text)
    item.setData(Qt.ItemDataRole.UserRole, value)
    item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
    item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
    items.addItem(item)


class OutagesPage(QWidget):
    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.actor = actor
        self.plan: CompensationPlan | None = None
        self.chosen_buildings: dict[int, str] = {}

        self.reason_edit = QLineEdit()
        self.reason_edit.setObjectName("reason")
        self.reason_edit.setMaxLength(200)
        self.reason_edit.setPlaceholderText(self.tr("e.g. a fibre cut on Lenina street"))
        hour = in_company_zone(clock.now()).replace(minute=0, second=0, microsecond=0)
        self.starts_edit = DateTimeField(qdatetime(hour - dt.timedelta(hours=1)))
        self.ends_edit = DateTimeField(qdatetime(hour))
        for moment_edit in (self.starts_edit, self.ends_edit):
            moment_edit.setCalendarPopup(True)
            moment_edit.setDisplayFormat("dd.MM.yyyy HH:mm")
        window = QHBoxLayout()
        window.addWidget(self.starts_edit)
        window.addWidget(QLabel("—"))
        window.addWidget(self.ends_edit)
        window.addStretch(1)

        self.districts = QListWidget()
        self.districts.setObjectName("districts")
        self.tariffs = QListWidget()
        self.tariffs.setObjectName("tariffs")
        self.building_search = QLineEdit()
        self.building_search.setObjectName("buildingSearch")
        self.building_search.setPlaceholderText(self.tr("street and house…"))
        self.building_search.textChanged.connect(self._find_buildings)
        self.buildings = QListWidget()
        self.buildings.setObjectName("buildings")
        self.buildings.itemChanged.connect(self._building_checked)
        buildings = QVBoxLayout()
        buildings.addWidget(self.building_search)
        buildings.addWidget(self.buildings)
        for items in (self.districts, self.tariffs, self.buildings):
            items.setMinimumHeight(items.fontMetrics().height() * 5)
            items.setMaximumHeight(items.fontMetrics().height() * 9)
        lists = QHBoxLayout()
        for title, widget in (
            (self.tr("Districts"), self.districts),
            (self.tr("Tariffs"), self.tariffs),
            (self.tr("Buildings"), buildings),
        ):
            column = QVBoxLayout()
            column.addWidget(QLabel(title))
            if isinstance(widget, QListWidget):
                column.addWidget(widget)
            else:
                column.addLayout(widget)
            column.addStretch(1)  # the titles stay on top when the lists stop growing
            lists.addLayout(column, 1)
        self.contracts_edit = QLineEdit()
        self.contracts_edit.setObjectName("contracts")
        self.contracts_edit.setPlaceholderText(self.tr("contract numbers, separated by spaces or commas"))
        self.kind_boxes: dict[ServiceKind, QCheckBox] = {}
        kinds = QHBoxLayout()
        for kind in (ServiceKind.INTERNET, ServiceKind.CATV, ServiceKind.IPTV, ServiceKind.OTHER):
            box = QCheckBox(service_title(kind))
            box.setChecked(True)
            self.kind_boxes[kind] = box
            kinds.addWidget(box)
        kinds.addStretch(1)

        self.preview_button = QPushButton(self.tr("S&how who is credited"))
        self.preview_button.clicked.connect(self.preview)
        self.post_button = QPushButton(self.tr("C&redit them"))
        self.post_button.setObjectName("post")
        self.post_button.setEnabled(False)
        self.post_button.clicked.connect(self.post)
        self.totals_label = QLabel()
        self.totals_label.setObjectName("totals")
        self.totals_label.setWordWrap(True)
        self.error_label = error_label()
        actions = QHBoxLayout()
        actions.addWidget(self.preview_button)
        actions.addWidget(self.totals_label, 1)
        actions.addWidget(self.post_button)

        form = QFormLayout()
        form.addRow(self.tr("What happ&ened:"), self.reason_edit)
        form.addRow(self.tr("When:"), window)
        form.addRow(lists)
        form.addRow(self.tr("C&ontracts:"), self.contracts_edit)
        form.addRow(self.tr("Services:"), kinds)
        self.credits_model = CreditsModel(self)
        self.credits_table = QTableView()
        self.credits_table.setObjectName("credits")
        self.credits_table.setModel(self.credits_model)
        setup_table(self.credits_table, stretch=1)
        new = QGroupBox(self.tr("Compensate an outage"))
        new_layout = QVBoxLayout(new)
        new_layout.addLayout(form)
        new_layout.addWidget(self.error_label)
        new_layout.addLayout(actions)
        new_layout.addWidget(self.credits_table, 1)

        self.outages_model = OutagesModel(self)
        self.outages_table = QTableView()
        self.outages_table.setObjectName("outages")
        self.outages_table.setModel(self.outages_model)
        setup_table(self.outages_table, stretch=0)
        self.cancel_button = QPushButton(self.tr("Cancel the &batch…"))
        self.cancel_button.clicked.connect(self.cancel_selected)
        done = QGroupBox(self.tr("Compensated outages"))
        done_layout = QVBoxLayout(done)
        done_layout.addWidget(self.outages_table)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.cancel_button)
        done_layout.addLayout(row)

        layout = QVBoxLayout(self)
        layout.addWidget(new, 3)
        layout.addWidget(done, 1)
        # any change of what was previewed: preview again before crediting
        for edit in (self.reason_edit, self.contracts_edit):
            edit.textChanged.connect(lambda _text: self._forget_plan())
        for date_edit in (self.starts_edit, self.ends_edit):
            date_edit.dateTimeChanged.connect(lambda _moment: self._forget_plan())
        for items in (self.districts, self.tariffs):
            items.itemChanged.connect(lambda _item: self._forget_plan())
        for box in self.kind_boxes.values():
            box.toggled.connect(lambda _on: self._forget_plan())
        self.reload()

    def start_field(self) -> QWidget:
        return self.reason_edit

    def reload(self) -> None:
        try:
            districts, tariffs, outages = wait_for(
                lambda: (
                    list_districts(self.db, include_inactive=False),
                    list_tariffs(self.db, self.actor),
                    list_outages(self.db, self.actor),
                ),
                parent=self,
            )
        except DomainError as exc:
            prompts.show_error(self, exc)
            return
        self.districts.clear()
        for district in districts:
            checkable(self.districts, district.name, district.id)
        self.tariffs.clear()
        for tariff in tariffs:
            if not tariff.retired:
                checkable(self.tariffs, tariff.name, tariff.id)
        self.outages_model.set_rows(outages)

    def _find_buildings(self, text: str) -> None:
        found = []
        if len(text.strip()) >= 2:
            try:
                found = wait_for(partial(search_buildings, self.db, text, BUILDINGS_SHOWN), parent=self)
            except DomainError as exc:
                self._show_error(error_text(exc))
        self.buildings.blockSignals(True)
        self.buildings.clear()
        for building_id, address in self.chosen_buildings.items():  # the chosen ones stay on top
            checkable(self.buildings, address, building_id, checked=True)
        for building in found:
            if building.id not in self.chosen_buildings:
                checkable(self.buildings, building.full_address, building.id)
        self.buildings.blockSignals(False)

    def _building_checked(self, item: QListWidgetItem) -> None:
        building_id = int(item.data(Qt.ItemDataRole.UserRole))
        if item.checkState() == Qt.CheckState.Checked:
            self.chosen_buildings[building_id] = item.text()
        else:
            self.chosen_buildings.pop(building_id, None)
        self._forget_plan()

    def scope(self) -> OutageScope:
        numbers = tuple(n for n in re.split(r"[\s,;]+", self.contracts_edit.text()) if n)
        return OutageScope(
            district_ids=checked_ids(self.districts),
            building_ids=tuple(self.chosen_buildings),
            tariff_ids=checked_ids(self.tariffs),
            contract_numbers=numbers,
            kinds=tuple(kind for kind, box in self.kind_boxes.items() if box.isChecked()),
        )

    def outage_window(self) -> tuple[dt.datetime, dt.datetime]:
        """The window as the company's wall clock reads it (the fields show that zone's time)."""
        zone = in_company_zone(clock.now()).tzinfo

        def moment(edit: QDateTimeEdit) -> dt.datetime:
            value = edit.dateTime()
            day, time = value.date(), value.time()
            return dt.datetime(day.year(), day.month(), day.day(), time.hour(), time.minute(), tzinfo=zone)

        return moment(self.starts_edit), moment(self.ends_edit)

    def _forget_plan(self) -> None:
        self.plan = None
        self.post_button.setEnabled(False)

    def _show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.setVisible(bool(text))

    def preview(self) -> None:
        self._show_error("")
        scope = self.scope()
        starts_at, ends_at = self.outage_window()
        try:
            plan = wait_for(
                partial(plan_compensation, self.db, self.actor, scope, starts_at, ends_at), parent=self
            )
        except DomainError as exc:
            self._forget_plan()
            self.credits_model.set_rows([])
            self.totals_label.clear()
            self._show_error(error_text(exc))
            return
        self.plan = plan
        self.credits_model.set_rows(plan.credits)
        totals = self.tr("Services: {services}, contracts: {contracts}, in all {total}.").format(
            services=len(plan.credits), contracts=plan.contracts, total=format_money(plan.total)
        )
        if plan.credited_before:
            totals += " " + self.tr(
                "Left out, credited for this time already by a batch not cancelled: {count}."
            ).format(count=plan.credited_before)
        if plan.missing_numbers:
            totals += " " + self.tr("No such contracts: {numbers}.").format(
                numbers=", ".join(plan.missing_numbers)
            )
        self.totals_label.setText(totals)
        self.post_button.setEnabled(bool(plan.credits))

    def post(self) -> None:
        plan = self.plan
        if plan is None:
            return
        reason = self.reason_edit.text()
        try:
            cleaned = clean_reason(reason)  # said before the question, not after it
        except DomainError as exc:
            self._show_error(error_text(exc))
            self.reason_edit.setFocus()
            return
        question = self.tr("Credit {total} to {contracts} contract(s) for «{reason}»?").format(
            total=format_money(plan.total), contracts=plan.contracts, reason=cleaned
        )
        if not prompts.confirm(self, self.tr("Compensate an outage"), question):
            return
        try:
            wait_for(
                partial(
                    post_compensation, self.db, self.actor, plan.scope, plan.starts_at, plan.ends_at, reason
                ),
                parent=self,
                writes=True,
            )
        except DomainError as exc:
            self._show_error(error_text(exc))
            return
        self._forget_plan()
        self.credits_model.set_rows([])
        self.totals_label.setText(self.tr("Credited. Each subscriber is told in the compensation text."))
        self.reload()

    def cancel_selected(self) -> None:
        rows = self.outages_table.selectionModel().selectedRows()
        if not rows:
            prompts.warn(
                self, self.tr("Cancel the batch"), self.tr("Select the outage whose credits to cancel.")
            )
            return
        outage = self.outages_model.rows[rows[0].row()]
        if outage.cancelled_at is not None:
            prompts.warn(self, self.tr("Cancel the batch"), self.tr("This batch is cancelled already."))
            return
        reason = prompts.ask_text(
            self,
            self.tr("Cancel the batch"),
            self.tr("All {count} credits of «{reason}» ({total}) will be reversed. Why?").format(
                count=outage.credits, reason=outage.reason, total=format_money(outage.total)
            ),
        )
        if reason is None:
            return
        try:
            wait_for(
                partial(cancel_compensation, self.db, self.actor, outage.id, reason), parent=self, writes=True
            )
        except DomainError as exc:
            prompts.warn(self, self.tr("Cancel the batch"), error_text(exc))
        self.reload()
