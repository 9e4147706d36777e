"""Dispatch → the board: filter the queue, select orders, assign them to an installer for a day,
record outcomes, add installs and repairs, print the day's route sheets. Live: other workstations'
changes (a cashier's payment cancelling an order, another dispatcher, the billing run) appear by
themselves."""

from __future__ import annotations

import datetime as dt
from functools import partial
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
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
from app.errors import QT_TRANSLATE_NOOP, ConcurrentEdit, DomainError, ValidationError
from app.models import WorkOrderKind, WorkOrderStatus
from app.money import format_money
from app.services.admin.places import list_districts
from app.services.dispatch.board import (
    BoardFilter,
    BoardRow,
    assign,
    board,
    cancelled_after_printing,
    counters,
    create_manual_order,
    installer_loads,
    route_sheets,
)
from app.services.dispatch.installers import list_installers
from app.services.dispatch.orders import OPEN_STATUSES, Outcome, record_outcome
from app.services.kernel.permissions import Actor
from app.services.kernel.settings import business_date
from app.services.kernel.text import format_phone, short_name
from app.views.dates import DateField, business_qdate, to_date
from app.views.form_dialog import FormDialog
from app.views.labels import short_date
from app.views.live import ChangeWatcher
from app.views.messages import error_text, prompts
from app.views.printing import printing
from app.views.tables import RowsModel, setup_table
from app.views.waiting import wait_for
from app.views.worker import run_in_background

_Index = QModelIndex | QPersistentModelIndex
NO_FILTER = 0  # combo data meaning "all" (never None: see the Qt binding test)


class BoardModel(RowsModel[BoardRow]):
    def column_titles(self) -> tuple[str, ...]:
        titles = (
            self.tr("District"),
            self.tr("Address"),
            self.tr("Apt."),
            self.tr("Tap / seal"),
            self.tr("Work"),
        )
        more = (
            self.tr("Subscriber"),
            self.tr("Phone"),
            self.tr("Debt"),
            self.tr("Days"),
            self.tr("Installer"),
        )
        return (*titles, *more, self.tr("Day"), self.tr("Due"), self.tr("Status"))

    def kind_title(self, kind: WorkOrderKind) -> str:
        return {
            WorkOrderKind.DISCONNECT_CATV: self.tr("disconnect CaTV"),
            WorkOrderKind.RECONNECT_CATV: self.tr("reconnect CaTV"),
            WorkOrderKind.INSTALL: self.tr("install"),
            WorkOrderKind.REPAIR: self.tr("repair"),
        }[kind]

    def status_title(self, status: WorkOrderStatus) -> str:
        return {
            WorkOrderStatus.NEW: self.tr("new"),
            WorkOrderStatus.ASSIGNED: self.tr("assigned"),
            WorkOrderStatus.DONE: self.tr("done"),
            WorkOrderStatus.FAILED: self.tr("failed"),
            WorkOrderStatus.CANCELLED: self.tr("cancelled"),
        }[status]

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in (7, 8):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        return (
            row.district,
            row.address,
            row.apartment,
            row.tap_label,
            self.kind_title(row.kind),
            row.subscriber,
            format_phone(row.phone),
            format_money(row.debt) if row.debt is not None else "",
            "" if row.days_in_debt is None else str(row.days_in_debt),
            short_name(row.installer),
            short_date(row.planned_on) if row.planned_on else "",
            short_date(row.due_on),
            self.status_title(row.status),
        )[index.column()]


class BoardPage(QWidget):
    reloaded = Signal()

    def __init__(
        self, db: Database, actor: Actor, parent: QWidget | None = None, *, live: bool = True
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.actor = actor
        self.counters_label = QLabel()
        self.counters_label.setObjectName("counters")
        font = self.counters_label.font()
        font.setBold(True)
        self.counters_label.setFont(font)
        self.notice_label = QLabel()
        self.notice_label.setObjectName("cancelledAfterPrinting")
        self.notice_label.setWordWrap(True)
        self.notice_label.setStyleSheet("color: #b00020; font-weight: bold;")
        self.notice_label.hide()

        self.status_combo = QComboBox()
        self.status_combo.addItem(self.tr("open orders"), "open")
        self.status_combo.addItem(self.tr("new"), WorkOrderStatus.NEW.value)
        self.status_combo.addItem(self.tr("assigned"), WorkOrderStatus.ASSIGNED.value)
        self.status_combo.addItem(self.tr("done"), WorkOrderStatus.DONE.value)
        self.status_combo.addItem(self.tr("cancelled"), WorkOrderStatus.CANCELLED.value)
        self.kind_combo = QComboBox()
        self.kind_combo.addItem(self.tr("all work"), "")
        model = BoardModel(self)
        for kind in WorkOrderKind:
            self.kind_combo.addItem(model.kind_title(kind), kind.value)
        self.district_combo = QComboBox()
        self.installer_combo = QComboBox()
        for combo in (self.status_combo, self.kind_combo, self.district_combo, self.installer_combo):
            combo.currentIndexChanged.connect(lambda _i: self.reload())
        filters = QHBoxLayout()
        for widget in (self.status_combo, self.kind_combo, self.district_combo, self.installer_combo):
            filters.addWidget(widget)
        filters.addStretch(1)

        self.assign_button = QPushButton(self.tr("&Assign…"))
        self.unassign_button = QPushButton(self.tr("&Unassign"))
        self.outcome_button = QPushButton(self.tr("&Outcome…"))
        self.new_button = QPushButton(self.tr("&New order…"))
        self.print_button_text = self.tr("&Print route sheets…")
        self.print_button = QPushButton(self.print_button_text)
        self.print_button.setToolTip(
            self.tr("The installer chosen in the filter above, or everyone's when the filter shows all")
        )
        self._printing_sheets = False
        self.assign_button.clicked.connect(self.assign_selected)
        self.unassign_button.clicked.connect(self.unassign_selected)
        self.outcome_button.clicked.connect(self.outcome_selected)
        self.new_button.clicked.connect(self.new_order)
        actions = QHBoxLayout()
        for button in (self.assign_button, self.unassign_button, self.outcome_button, self.new_button):
            actions.addWidget(button)
        actions.addStretch(1)
        self.print_day = DateField(business_qdate(self.db))
        self.print_day.setCalendarPopup(True)
        self.print_button.clicked.connect(lambda: self.print_route_sheets(to_date(self.print_day.date())))
        actions.addWidget(self.print_day)
        actions.addWidget(self.print_button)

        self.model = model
        self.table = QTableView()
        self.table.setObjectName("board")
        self.table.setModel(self.model)
        setup_table(self.table, stretch=5, single=False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.counters_label)
        layout.addWidget(self.notice_label)
        layout.addLayout(filters)
        layout.addLayout(actions)
        layout.addWidget(self.table, 1)
        self._fill_choices()
        self.reload()
        self.watcher: ChangeWatcher | None = None
        if live:
            self.watcher = ChangeWatcher(db, self)
            self.watcher.changed.connect(self._on_change)

    def _fill_choices(self) -> None:
        self.district_combo.blockSignals(True)
        self.installer_combo.blockSignals(True)
        self.district_combo.addItem(self.tr("all districts"), NO_FILTER)
        self.installer_combo.addItem(self.tr("all installers"), NO_FILTER)
        try:
            for district in list_districts(self.db, include_inactive=False):
                self.district_combo.addItem(district.name, district.id)
            self.installers = [i for i in list_installers(self.db, include_inactive=False)]
        except Exception as exc:  # noqa: BLE001 - shown; the filters stay at "all"
            prompts.show_error(self, exc)
            self.installers = []
        for installer in self.installers:
            self.installer_combo.addItem(installer.full_name, installer.id)
        self.district_combo.blockSignals(False)
        self.installer_combo.blockSignals(False)

    def start_field(self) -> QWidget:
        """Where the keyboard goes when the section opens: the board (MainWindow)."""
        return self.table

    def current_filter(self) -> BoardFilter:
        status = str(self.status_combo.currentData())
        statuses = OPEN_STATUSES if status == "open" else (WorkOrderStatus(status),)
        kind = str(self.kind_combo.currentData())
        district = int(self.district_combo.currentData() or NO_FILTER)
        installer = int(self.installer_combo.currentData() or NO_FILTER)
        return BoardFilter(
            statuses=statuses,
            kind=WorkOrderKind(kind) if kind else None,
            district_id=district or None,
            installer_id=installer or None,
        )

    def reload(self) -> None:
        selected = {r.id for r in self.selected()}
        try:
            chosen = self.current_filter()

            def read() -> tuple[Any, Any, Any]:
                week_ago = business_date(self.db) - dt.timedelta(days=7)
                return (
                    board(self.db, self.actor, chosen),
                    counters(self.db, self.actor),
                    cancelled_after_printing(self.db, self.actor, week_ago),
                )

            rows, count, flagged = wait_for(read, parent=self)
        except Exception as exc:  # noqa: BLE001 - shown; the board keeps what it showed
            prompts.show_error(self, exc)
            return
        self.model.set_rows(rows)
        for number, row in enumerate(rows):
            if row.id in selected:
                self.table.selectRow(number)
        self.counters_label.setText(
            self.tr("New: {new}   Assigned: {assigned}   Due today: {today}   Overdue: {overdue}").format(
                new=count.new, assigned=count.assigned, today=count.due_today, overdue=count.overdue
            )
        )
        if flagged:
            lines = [
                self.tr(
                    "Cancelled after printing — call the installer: {installer}, {day}: {address}, apt. {apt}"
                ).format(installer=f.installer, day=short_date(f.day), address=f.address, apt=f.apartment)
                for f in flagged
            ]
            self.notice_label.setText("\n".join(lines))
            self.notice_label.show()
        else:
            self.notice_label.hide()
        self.reloaded.emit()

    def _on_change(self, table: str, _ids: list[int]) -> None:
        if table in ("*", "work_order", "contract"):
            self.reload()

    def selected(self) -> list[BoardRow]:
        if not hasattr(self, "table") or self.table.selectionModel() is None:
            return []
        return [
            self.model.rows[i.row()]
            for i in self.table.selectionModel().selectedRows()
            if i.row() < len(self.model.rows)
        ]

    def _run(self, action: Any) -> bool:
        """`action` (a domain call holding no widget) off the GUI thread; the board reloads after it."""
        try:
            wait_for(action, parent=self, writes=True)
        except ConcurrentEdit as exc:
            self.reload()
            prompts.warn(self, self.tr("Dispatch"), error_text(exc))
            return False
        except Exception as exc:  # noqa: BLE001 - domain errors and bugs are shown
            prompts.show_error(self, exc)
            return False
        self.reload()
        return True

    def make_assign_dialog(self, rows: list[BoardRow]) -> FormDialog:
        dialog = FormDialog(self.tr("Assign {count} order(s)").format(count=len(rows)), self)
        installer = QComboBox()
        installer.addItem(self.tr("— choose the installer —"), None)
        districts = {r.district for r in rows if r.district}
        names: list[str] = []
        for item in self.installers:
            covers = districts & set(item.district_names)
            names.append(item.full_name + (f" ({', '.join(sorted(covers))})" if covers else ""))
            installer.addItem(names[-1], item.id)
        # the installer of the orders' district, when exactly one covers it: Enter then assigns the
        # right person; otherwise the dispatcher chooses (never the first of the list by default)
        covering = [
            i for i, item in enumerate(self.installers, start=1) if districts & set(item.district_names)
        ]
        installer.setCurrentIndex(covering[0] if len(covering) == 1 else 0)
        today = business_qdate(self.db)
        day = DateField(today)
        day.setMinimumDate(today)  # a visit is today or later (the domain refuses a past day too)
        day.setCalendarPopup(True)
        dialog.add_field(self.tr("Installer:"), installer, "installer")
        dialog.add_field(self.tr("Day:"), day, "day")

        def show_loads() -> None:
            """Each installer's visits already planned on the chosen day, beside the name."""
            chosen = to_date(day.date())
            try:
                loads = wait_for(partial(installer_loads, self.db, self.actor, chosen), parent=dialog)
            except DomainError:
                loads = {}  # only a hint: the names without it, the dialog still opens
            for row, (item, name) in enumerate(zip(self.installers, names, strict=True), start=1):
                visits = loads.get(item.id, 0)
                load = self.tr("%n visit(s) that day", "", visits)
                installer.setItemText(row, f"{name} — {load}" if visits else name)

        show_loads()
        day.dateChanged.connect(lambda _date: show_loads())

        def assign_them() -> Any:
            if installer.currentData() is None:
                raise ValidationError(
                    QT_TRANSLATE_NOOP("Errors", "Choose the installer who goes."), field="installer"
                )
            return partial(
                assign,
                self.db,
                self.actor,
                [(r.id, r.version) for r in rows],
                int(installer.currentData()),
                to_date(day.date()),
            )

        dialog.set_call(assign_them)
        return dialog

    def assign_selected(self) -> None:
        rows = self.selected()
        if not rows:
            return
        dialog = self.make_assign_dialog(rows)
        dialog.exec()
        self.reload()

    def unassign_selected(self) -> None:
        rows = self.selected()
        if rows:
            self._run(lambda: assign(self.db, self.actor, [(r.id, r.version) for r in rows], None, None))

    def make_outcome_dialog(self, row: BoardRow) -> FormDialog:
        dialog = FormDialog(
            self.tr("Outcome of the order at {address}, apt. {apt}").format(
                address=row.address, apt=row.apartment
            ),
            self,
        )
        outcome = QComboBox()
        outcome.addItem(self.tr("work done"), Outcome.DONE.value)
        outcome.addItem(self.tr("no access"), Outcome.NO_ACCESS.value)
        outcome.addItem(self.tr("refused"), Outcome.REFUSED.value)
        outcome.addItem(self.tr("postponed"), Outcome.POSTPONED.value)
        postponed = DateField(business_qdate(self.db).addDays(1))
        postponed.setCalendarPopup(True)
        note = QLineEdit()
        note.setMaxLength(1000)
        dialog.add_field(self.tr("Outcome:"), outcome, "outcome")
        dialog.add_field(self.tr("Postponed to:"), postponed, "postponed_to")
        dialog.add_field(self.tr("Note:"), note, "note")
        dialog.set_call(
            lambda: partial(
                record_outcome,
                self.db,
                self.actor,
                row.id,
                Outcome(str(outcome.currentData())),
                version=row.version,
                note=note.text(),
                postponed_to=to_date(postponed.date()),
            )
        )
        return dialog

    def outcome_selected(self) -> None:
        rows = self.selected()
        if len(rows) != 1:
            prompts.inform(self, self.tr("Dispatch"), self.tr("Select one order to record its outcome."))
            return
        self.make_outcome_dialog(rows[0]).exec()
        self.reload()

    def make_new_order_dialog(self) -> FormDialog:
        dialog = FormDialog(self.tr("New work order"), self)
        kind = QComboBox()
        kind.addItem(self.model.kind_title(WorkOrderKind.INSTALL), WorkOrderKind.INSTALL.value)
        kind.addItem(self.model.kind_title(WorkOrderKind.REPAIR), WorkOrderKind.REPAIR.value)
        contract = QLineEdit()
        contract.setMaxLength(32)
        due = DateField(business_qdate(self.db))
        due.setCalendarPopup(True)
        note = QLineEdit()
        note.setMaxLength(1000)
        dialog.add_field(self.tr("Work:"), kind, "kind")
        dialog.add_field(self.tr("Contract No.:"), contract, "contract")
        dialog.add_field(self.tr("Due:"), due, "due_on")
        dialog.add_field(self.tr("Note:"), note, "note")
        dialog.set_call(
            lambda: partial(
                create_manual_order,
                self.db,
                self.actor,
                kind=WorkOrderKind(str(kind.currentData())),
                contract_number=contract.text(),
                due_on=to_date(due.date()),
                note=note.text(),
            )
        )
        return dialog

    def new_order(self) -> None:
        self.make_new_order_dialog().exec()
        self.reload()

    def print_route_sheets(self, day: dt.date | None = None) -> None:
        """The day's route sheets of the installer chosen in the filter, or of everyone: read and laid
        out on a worker (hundreds of stops take seconds), then the print dialog."""
        if self._printing_sheets:
            return
        chosen = day or to_date(self.print_day.date())
        installer_id = self.current_filter().installer_id
        installer = self.installer_combo.currentText() if installer_id else ""
        db, actor = self.db, self.actor
        self._printing_sheets = True
        self.print_button.setEnabled(False)
        self.print_button.setText(self.tr("Preparing route sheets…"))

        def work() -> bytes | None:
            from app.printing.route_sheet import render_route_sheets

            sheets = route_sheets(db, actor, chosen, installer_id)
            return render_route_sheets(sheets) if sheets else None

        def done(pdf: bytes | None) -> None:
            self._sheets_ready()
            if pdf is None:
                nobody = (
                    self.tr("{installer} has no orders assigned for that day.").format(installer=installer)
                    if installer
                    else self.tr("Nobody has orders assigned for that day.")
                )
                prompts.inform(self, self.tr("Route sheets"), nobody)
                return
            title = (
                self.tr("Route sheet of {installer} for {date}").format(
                    installer=installer, date=short_date(chosen)
                )
                if installer
                else self.tr("Route sheets for {date}").format(date=short_date(chosen))
            )
            printing.print_pdf(self, pdf, title)
            self.reload()

        def failed(exc: BaseException) -> None:
            self._sheets_ready()
            prompts.show_error(self, exc)

        run_in_background(work, done, failed, parent=self)

    def _sheets_ready(self) -> None:
        self._printing_sheets = False
        self.print_button.setEnabled(True)
        self.print_button.setText(self.print_button_text)
