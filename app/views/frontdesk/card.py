"""Front desk → the subscriber card: one contract at a glance (who, where, phone, balance, status) and
tabs for its services, money, history, field work and notes. The passport stays masked until a role
that may see it asks (an audited event). Other workstations' changes to the contract show by themselves."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.db import Database
from app.models import ContractStatus, LedgerKind, ServiceKind, ServiceState, WorkOrderKind, WorkOrderStatus
from app.money import format_money
from app.services.history import EVENT_TEMPLATES, EventKind
from app.services.permissions import Actor, Permission
from app.services.subscriber_card import (
    CardData,
    HistoryRow,
    LedgerRow,
    NoteRow,
    ServiceRow,
    WorkOrderRow,
    add_note,
    card,
    history,
    ledger,
    notes,
    personal_data,
    services,
    work_orders,
)
from app.views.labels import display_params, short_date, short_time
from app.views.live import ChangeWatcher
from app.views.messages import prompts
from app.views.tables import setup_table

_Index = QModelIndex | QPersistentModelIndex
PAGE = 100
DEBT_COLOR = QColor("#b00020")
MUTED_COLOR = QColor(Qt.GlobalColor.gray)
MASK = "•••• ••••••"
RELOAD_DELAY_MS = 150  # several notifications of one commit (contract + services) make one reload

Row = TypeVar("Row")


def _day(day: dt.date) -> str:
    return day.strftime("%d.%m.%Y")


def _moment(at: dt.datetime) -> str:
    return f"{short_date(at.astimezone().date())} {short_time(at)}"


def service_kind_title(kind: ServiceKind | None) -> str:
    if kind is None:
        return ""
    return {
        ServiceKind.INTERNET: QCoreApplication.translate("SubscriberCard", "Internet"),
        ServiceKind.CATV: QCoreApplication.translate("SubscriberCard", "cable TV"),
        ServiceKind.IPTV: QCoreApplication.translate("SubscriberCard", "IPTV"),
        ServiceKind.OTHER: QCoreApplication.translate("SubscriberCard", "other"),
    }[kind]


def service_state_title(state: ServiceState) -> str:
    return {
        ServiceState.PENDING: QCoreApplication.translate("SubscriberCard", "pending"),
        ServiceState.ACTIVE: QCoreApplication.translate("SubscriberCard", "active"),
        ServiceState.BLOCKED: QCoreApplication.translate("SubscriberCard", "blocked for debt"),
        ServiceState.SUSPENDED: QCoreApplication.translate("SubscriberCard", "suspended"),
        ServiceState.DISCONNECT_PENDING: QCoreApplication.translate("SubscriberCard", "to be disconnected"),
        ServiceState.DISCONNECTED: QCoreApplication.translate("SubscriberCard", "disconnected"),
        ServiceState.CLOSED: QCoreApplication.translate("SubscriberCard", "closed"),
    }[state]


def contract_status_title(status: ContractStatus) -> str:
    return {
        ContractStatus.ACTIVE: QCoreApplication.translate("ContractStatus", "active"),
        ContractStatus.SUSPENDED: QCoreApplication.translate("ContractStatus", "suspended"),
        ContractStatus.TERMINATED: QCoreApplication.translate("ContractStatus", "terminated"),
    }[status]


def ledger_kind_title(kind: LedgerKind) -> str:
    return {
        LedgerKind.PAYMENT: QCoreApplication.translate("SubscriberCard", "payment"),
        LedgerKind.CHARGE: QCoreApplication.translate("SubscriberCard", "charge"),
        LedgerKind.FEE: QCoreApplication.translate("SubscriberCard", "fee"),
        LedgerKind.ADJUSTMENT: QCoreApplication.translate("SubscriberCard", "adjustment"),
        LedgerKind.REVERSAL: QCoreApplication.translate("SubscriberCard", "reversal"),
    }[kind]


def order_kind_title(kind: WorkOrderKind) -> str:
    return {
        WorkOrderKind.DISCONNECT_CATV: QCoreApplication.translate("SubscriberCard", "disconnect CaTV"),
        WorkOrderKind.RECONNECT_CATV: QCoreApplication.translate("SubscriberCard", "reconnect CaTV"),
        WorkOrderKind.INSTALL: QCoreApplication.translate("SubscriberCard", "install"),
        WorkOrderKind.REPAIR: QCoreApplication.translate("SubscriberCard", "repair"),
    }[kind]


def order_status_title(status: WorkOrderStatus) -> str:
    return {
        WorkOrderStatus.NEW: QCoreApplication.translate("SubscriberCard", "new"),
        WorkOrderStatus.ASSIGNED: QCoreApplication.translate("SubscriberCard", "assigned"),
        WorkOrderStatus.DONE: QCoreApplication.translate("SubscriberCard", "done"),
        WorkOrderStatus.FAILED: QCoreApplication.translate("SubscriberCard", "failed"),
        WorkOrderStatus.CANCELLED: QCoreApplication.translate("SubscriberCard", "cancelled"),
    }[status]


def event_text(row: HistoryRow) -> str:
    """The event's summary in the operator's language, from its kind's template and its details."""
    template = EVENT_TEMPLATES.get(row.kind)
    if template is None:
        return row.summary
    try:
        return QCoreApplication.translate("Events", template).format(**display_params(row.details))
    except (KeyError, IndexError, ValueError):  # old details or a broken translation: the stored text
        return row.summary


# The history filter: groups of kinds an operator thinks in.
HISTORY_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("payments", (EventKind.PAYMENT_POSTED, EventKind.PAYMENT_CANCELLED)),
    (
        "debt",
        (
            EventKind.DEBT_STARTED,
            EventKind.DEBT_CLEARED,
            EventKind.SERVICE_BLOCKED,
            EventKind.SERVICE_UNBLOCKED,
            EventKind.RECONNECTION_FEE_CHARGED,
        ),
    ),
    (
        "services",
        (
            EventKind.CONTRACT_SIGNED,
            EventKind.SERVICE_BLOCKED,
            EventKind.SERVICE_UNBLOCKED,
            EventKind.SERVICE_DISCONNECT_PENDING,
            EventKind.SERVICE_DISCONNECTED,
            EventKind.SERVICE_RECONNECTED,
            EventKind.TARIFF_CHANGE_APPLIED,
        ),
    ),
    (
        "work",
        (
            EventKind.WORK_ORDER_CREATED,
            EventKind.WORK_ORDER_ASSIGNED,
            EventKind.WORK_ORDER_UNASSIGNED,
            EventKind.WORK_ORDER_DONE,
            EventKind.WORK_ORDER_FAILED,
            EventKind.WORK_ORDER_CANCELLED,
        ),
    ),
    ("personal", (EventKind.PERSONAL_DATA_VIEWED,)),
)


class RowsModel(QAbstractTableModel, Generic[Row]):
    """A read-only table over plain rows; subclasses name the columns and say what each cell shows."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[Row] = []

    def set_rows(self, rows: Sequence[Row]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def titles(self) -> tuple[str, ...]:
        raise NotImplementedError

    def cells(self, row: Row) -> tuple[str, ...]:
        raise NotImplementedError

    def color(self, row: Row, column: int) -> QColor | None:
        return None

    def right_aligned(self) -> tuple[int, ...]:
        return ()

    def tooltip(self, row: Row) -> str | None:
        return None

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.titles())

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        titles = self.titles()
        return titles[section] if 0 <= section < len(titles) else None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.cells(row)[index.column()]
        if role == Qt.ItemDataRole.ForegroundRole:
            return self.color(row, index.column())
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tooltip(row)
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in self.right_aligned():
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class PagedRowsModel(RowsModel[Row]):
    """Rows that page in as the list scrolls: `load_page(before_id)` reads the next older page."""

    def __init__(self, load_page: Callable[[int | None], list[Row]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.load_page = load_page
        self._exhausted = True
        self._fetching = False

    def row_id(self, row: Row) -> int:
        return int(getattr(row, "id"))  # noqa: B009 - every row dataclass has an id

    def reload(self) -> None:
        self.beginResetModel()
        self.rows = self.load_page(None)
        self._exhausted = len(self.rows) < PAGE
        self.endResetModel()

    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self._exhausted

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or self._fetching or self._exhausted or not self.rows:
            return
        self._fetching = True  # a view may ask again while this page is being read
        try:
            page = self.load_page(self.row_id(self.rows[-1]))
            self._exhausted = len(page) < PAGE
            if page:
                first = len(self.rows)
                self.beginInsertRows(QModelIndex(), first, first + len(page) - 1)
                self.rows.extend(page)
                self.endInsertRows()
        finally:
            self._fetching = False


class ServicesModel(RowsModel[ServiceRow]):
    def titles(self) -> tuple[str, ...]:
        return (
            self.tr("Service"),
            self.tr("Tariff"),
            self.tr("State"),
            self.tr("Since"),
            self.tr("Login / ID"),
        )

    def cells(self, row: ServiceRow) -> tuple[str, ...]:
        tariff = row.tariff
        if row.scheduled_tariff and row.scheduled_on:
            tariff = self.tr("{tariff} (→ {next} from {date})").format(
                tariff=row.tariff, next=row.scheduled_tariff, date=_day(row.scheduled_on)
            )
        return (
            service_kind_title(row.kind),
            tariff,
            service_state_title(row.state),
            _day(row.since),
            row.identifier,
        )

    def color(self, row: ServiceRow, column: int) -> QColor | None:
        if row.state in (ServiceState.BLOCKED, ServiceState.DISCONNECT_PENDING, ServiceState.DISCONNECTED):
            return DEBT_COLOR if column == 2 else None
        return MUTED_COLOR if row.state == ServiceState.CLOSED else None


class LedgerModel(PagedRowsModel[LedgerRow]):
    def titles(self) -> tuple[str, ...]:
        return (
            self.tr("Date"),
            self.tr("Operation"),
            self.tr("Receipt"),
            self.tr("Amount"),
            self.tr("Balance"),
            self.tr("Details"),
        )

    def cells(self, row: LedgerRow) -> tuple[str, ...]:
        amount = format_money(row.amount)
        if row.kind == LedgerKind.PAYMENT and row.cancelled:
            amount = self.tr("{amount} (cancelled)").format(amount=amount)
        return (
            _day(row.business_date),
            ledger_kind_title(row.kind),
            str(row.receipt_number or ""),
            amount,
            format_money(row.balance_after),
            self.details(row),
        )

    def details(self, row: LedgerRow) -> str:
        if row.kind == LedgerKind.CHARGE and row.charge_period:
            return self.tr("{service} «{tariff}» for {period}").format(
                service=service_kind_title(row.service_kind),
                tariff=row.tariff or "",
                period=_day(row.charge_period),
            )
        if row.kind == LedgerKind.REVERSAL and row.receipt_number:
            return self.tr("payment by receipt {receipt} cancelled: {reason}").format(
                receipt=row.receipt_number, reason=row.comment
            )
        if row.kind == LedgerKind.PAYMENT and row.cancelled:
            return self.tr("cancelled: {reason}").format(reason=row.cancel_reason)
        return row.comment

    def color(self, row: LedgerRow, column: int) -> QColor | None:
        if row.cancelled or row.kind == LedgerKind.REVERSAL:
            return MUTED_COLOR
        if column == 4 and row.balance_after < 0:
            return DEBT_COLOR
        return None

    def tooltip(self, row: LedgerRow) -> str | None:
        who = row.staff_name or self.tr("system")
        return self.tr("Entered {when} by {who}").format(when=_moment(row.created_at), who=who)

    def right_aligned(self) -> tuple[int, ...]:
        return (2, 3, 4)


class HistoryModel(PagedRowsModel[HistoryRow]):
    def titles(self) -> tuple[str, ...]:
        return (self.tr("When"), self.tr("Who"), self.tr("What happened"))

    def cells(self, row: HistoryRow) -> tuple[str, ...]:
        text = event_text(row)
        if row.note:
            text = f"{text} — {row.note}"
        return (_moment(row.occurred_at), row.actor_name or self.tr("system"), text)


class WorkOrdersModel(RowsModel[WorkOrderRow]):
    def titles(self) -> tuple[str, ...]:
        return (
            self.tr("No."),
            self.tr("Work"),
            self.tr("Status"),
            self.tr("Due"),
            self.tr("Day"),
            self.tr("Installer"),
            self.tr("Notes"),
        )

    def cells(self, row: WorkOrderRow) -> tuple[str, ...]:
        notes_text = "; ".join(t for t in (row.note, row.outcome_note, row.cancel_reason) if t)
        return (
            str(row.id),
            order_kind_title(row.kind),
            order_status_title(row.status),
            _day(row.due_on),
            _day(row.planned_on) if row.planned_on else "",
            row.installer or "",
            notes_text,
        )

    def color(self, row: WorkOrderRow, column: int) -> QColor | None:
        return MUTED_COLOR if row.status == WorkOrderStatus.CANCELLED else None

    def right_aligned(self) -> tuple[int, ...]:
        return (0,)


class NotesModel(RowsModel[NoteRow]):
    def titles(self) -> tuple[str, ...]:
        return (self.tr("When"), self.tr("Who"), self.tr("Note"))

    def cells(self, row: NoteRow) -> tuple[str, ...]:
        return (_moment(row.created_at), row.author or self.tr("system"), " ".join(row.text.split()))

    def tooltip(self, row: NoteRow) -> str | None:
        return row.text


def _table(model: QAbstractTableModel, name: str, stretch: int) -> QTableView:
    table = QTableView()
    table.setObjectName(name)
    table.setModel(model)
    setup_table(table, stretch=stretch)
    return table


class SubscriberCard(QWidget):
    """The card of one contract. `pay_requested(contract_id)` asks the cash desk for its payment dialog.

    `live=False` (tests) shows no one else's changes; `watcher` shares a window's ChangeWatcher."""

    pay_requested = Signal(int)
    reloaded = Signal()

    def __init__(
        self,
        db: Database,
        actor: Actor,
        contract_id: int,
        parent: QWidget | None = None,
        *,
        live: bool = True,
        watcher: ChangeWatcher | None = None,
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.actor = actor
        self.contract_id = contract_id
        self.data: CardData | None = None
        self.service_ids: set[int] = set()
        self.order_ids: set[int] = set()
        self._build_header()
        self._build_tabs()
        layout = QVBoxLayout(self)
        layout.addLayout(self.header)
        layout.addWidget(self.tabs, 1)
        self._reload_timer = QTimer(self)
        self._reload_timer.setSingleShot(True)
        self._reload_timer.setInterval(RELOAD_DELAY_MS)
        self._reload_timer.timeout.connect(self.reload)
        self.reload()
        # A window showing several cards may share one watcher (one LISTEN connection); else the card
        # listens by itself.
        self._owns_watcher = watcher is None and live
        self.watcher: ChangeWatcher | None = watcher
        if self._owns_watcher:
            self.watcher = ChangeWatcher(db, self)
        if self.watcher is not None:
            self.watcher.changed.connect(self._on_change)

    # -- building -----------------------------------------------------------------------------------
    def _build_header(self) -> None:
        self.name_label = QLabel()
        self.name_label.setObjectName("subscriberName")
        font = self.name_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.name_label.setFont(font)
        self.name_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.contract_label = QLabel()
        self.contract_label.setObjectName("contractNumber")
        self.status_label = QLabel()
        self.status_label.setObjectName("contractStatus")
        self.address_label = QLabel()
        self.address_label.setObjectName("address")
        self.address_label.setWordWrap(True)
        self.phone_label = QLabel()
        self.phone_label.setObjectName("phones")
        self.phone_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.balance_label = QLabel()
        self.balance_label.setObjectName("balance")
        font = self.balance_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.balance_label.setFont(font)

        self.passport_label = QLabel(MASK)
        self.passport_label.setObjectName("passport")
        self.passport_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.show_passport_button = QPushButton(self.tr("S&how"))
        self.show_passport_button.setToolTip(self.tr("Showing personal data is recorded in the history"))
        self.show_passport_button.clicked.connect(self.show_personal_data)
        self.passport_row = QWidget()
        passport_layout = QHBoxLayout(self.passport_row)
        passport_layout.setContentsMargins(0, 0, 0, 0)
        passport_layout.addWidget(self.passport_label)
        passport_layout.addWidget(self.show_passport_button)
        passport_layout.addStretch(1)
        self.may_see_passport = self.actor.may(Permission.VIEW_PERSONAL_DATA)
        self.passport_shown = False

        self.pay_button = QPushButton(self.tr("&Take payment…"))
        self.pay_button.setObjectName("takePayment")
        self.pay_button.clicked.connect(lambda: self.pay_requested.emit(self.contract_id))
        self.pay_button.setVisible(self.actor.may(Permission.TAKE_PAYMENTS))

        top = QHBoxLayout()
        top.addWidget(self.name_label, 1)
        top.addWidget(self.balance_label)
        top.addWidget(self.pay_button)
        details = QFormLayout()
        details.addRow(self.tr("Contract:"), self.contract_label)
        details.addRow(self.tr("Status:"), self.status_label)
        details.addRow(self.tr("Address:"), self.address_label)
        details.addRow(self.tr("Phone:"), self.phone_label)
        details.addRow(self.tr("Passport:"), self.passport_row)
        details.setRowVisible(self.passport_row, self.may_see_passport)  # hidden entirely for others
        self.header = QVBoxLayout()
        self.header.addLayout(top)
        self.header.addLayout(details)

    def _build_tabs(self) -> None:
        self.services_model = ServicesModel(self)
        self.ledger_model = LedgerModel(
            lambda before: ledger(self.db, self.actor, self.contract_id, limit=PAGE, before_id=before), self
        )
        self.history_model = HistoryModel(self._history_page, self)
        self.orders_model = WorkOrdersModel(self)
        self.notes_model = NotesModel(self)
        self.services_table = _table(self.services_model, "services", 1)
        self.ledger_table = _table(self.ledger_model, "ledger", 5)
        self.history_table = _table(self.history_model, "history", 2)
        self.orders_table = _table(self.orders_model, "workOrders", 6)
        self.notes_table = _table(self.notes_model, "notes", 2)

        self.history_filter = QComboBox()
        self.history_filter.setObjectName("historyFilter")
        self.history_filter.addItem(self.tr("all events"), "")
        group_titles = {
            "payments": self.tr("payments"),
            "debt": self.tr("debt and blocking"),
            "services": self.tr("contract and services"),
            "work": self.tr("field work"),
            "personal": self.tr("personal data views"),
        }
        for key, _kinds in HISTORY_GROUPS:
            self.history_filter.addItem(group_titles[key], key)
        self.history_filter.currentIndexChanged.connect(lambda _i: self._reload_history())
        history_tab = QWidget()
        history_layout = QVBoxLayout(history_tab)
        filter_row = QHBoxLayout()
        filter_row.addWidget(QLabel(self.tr("Show:")))
        filter_row.addWidget(self.history_filter)
        filter_row.addStretch(1)
        history_layout.addLayout(filter_row)
        history_layout.addWidget(self.history_table, 1)

        self.note_edit = QPlainTextEdit()
        self.note_edit.setObjectName("newNote")
        self.note_edit.setPlaceholderText(self.tr("A new note about the subscriber…"))
        self.note_edit.setMaximumHeight(self.note_edit.fontMetrics().height() * 4)
        self.add_note_button = QPushButton(self.tr("&Add note"))
        self.add_note_button.clicked.connect(self.add_note)
        may_edit = self.actor.may(Permission.EDIT_SUBSCRIBERS)
        self.note_edit.setVisible(may_edit)
        self.add_note_button.setVisible(may_edit)
        notes_tab = QWidget()
        notes_layout = QVBoxLayout(notes_tab)
        notes_layout.addWidget(self.notes_table, 1)
        add_row = QHBoxLayout()
        add_row.addWidget(self.note_edit, 1)
        add_row.addWidget(self.add_note_button, 0, Qt.AlignmentFlag.AlignTop)
        notes_layout.addLayout(add_row)

        self.tabs = QTabWidget()
        self.tabs.addTab(self.services_table, self.tr("&Services"))
        self.tabs.addTab(self.ledger_table, self.tr("&Money"))
        self.tabs.addTab(history_tab, self.tr("H&istory"))
        self.tabs.addTab(self.orders_table, self.tr("&Work orders"))
        self.tabs.addTab(notes_tab, self.tr("&Notes"))

    # -- reading ------------------------------------------------------------------------------------
    def history_kinds(self) -> tuple[str, ...] | None:
        key = str(self.history_filter.currentData() or "")
        for group, kinds in HISTORY_GROUPS:
            if group == key:
                return kinds
        return None

    def _history_page(self, before: int | None) -> list[HistoryRow]:
        if self.data is None:
            return []
        return history(
            self.db,
            self.actor,
            self.data.subscriber_id,
            kinds=self.history_kinds(),
            limit=PAGE,
            before_id=before,
        )

    def _reload_history(self) -> None:
        try:
            self.history_model.reload()
        except Exception as exc:  # noqa: BLE001 - shown; the list stays as it was
            prompts.show_error(self, exc)

    def reload(self) -> None:
        """Read the whole card again (after a change here or at another workstation)."""
        try:
            data = card(self.db, self.actor, self.contract_id)
            self.data = data
            service_rows = services(self.db, self.actor, self.contract_id)
            order_rows = work_orders(self.db, self.actor, self.contract_id)
            note_rows = notes(self.db, self.actor, data.subscriber_id)
            self.ledger_model.reload()
            self.history_model.reload()
        except Exception as exc:  # noqa: BLE001 - shown; the card keeps what it showed
            prompts.show_error(self, exc)
            return
        self._show_header(data)
        self.services_model.set_rows(service_rows)
        self.service_ids = {r.id for r in service_rows}
        self.orders_model.set_rows(order_rows)
        self.order_ids = {r.id for r in order_rows}
        self.notes_model.set_rows(note_rows)
        self.reloaded.emit()

    def _show_header(self, data: CardData) -> None:
        self.setWindowTitle(
            self.tr("{name}, contract {number}").format(
                name=data.subscriber_name, number=data.contract_number
            )
        )
        self.name_label.setText(data.subscriber_name)
        others = [c.number for c in data.contracts if c.id != data.contract_id]
        contract = data.contract_number
        if others:
            contract = self.tr("{number} (other contracts: {others})").format(
                number=data.contract_number, others=", ".join(others)
            )
        self.contract_label.setText(contract)
        self.status_label.setText(contract_status_title(data.status))
        terminated = data.status != ContractStatus.ACTIVE
        self.status_label.setStyleSheet(f"color: {DEBT_COLOR.name()};" if terminated else "")
        self.address_label.setText(data.address or self.tr("no address"))
        self.phone_label.setText(", ".join(data.phones) or self.tr("no phone"))
        balance = self.tr("Balance: {amount}").format(amount=format_money(data.balance))
        if data.in_debt or data.debt_since is not None:
            if data.debt_since is not None:
                balance = self.tr("{balance}, debt since {date}").format(
                    balance=balance, date=_day(data.debt_since)
                )
            self.balance_label.setStyleSheet(f"color: {DEBT_COLOR.name()};")
        else:
            self.balance_label.setStyleSheet("")
        self.balance_label.setText(balance)
        if not self.passport_shown:
            self.passport_label.setText(MASK if data.has_personal_data else self.tr("not on file"))
            self.show_passport_button.setEnabled(data.has_personal_data)

    @property
    def balance_in_red(self) -> bool:
        return DEBT_COLOR.name() in self.balance_label.styleSheet()

    # -- actions ------------------------------------------------------------------------------------
    def show_personal_data(self) -> None:
        """Reveal the passport (recorded in the history as a personal-data view)."""
        if self.data is None:
            return
        try:
            shown = personal_data(self.db, self.actor, self.data.subscriber_id)
        except Exception as exc:  # noqa: BLE001 - permission or database errors are shown
            prompts.show_error(self, exc)
            return
        parts = [f"{shown.passport_series} {shown.passport_number}".strip()]
        if shown.passport_issued_by:
            parts.append(self.tr("issued by {by}").format(by=shown.passport_issued_by))
        if shown.passport_issued_on:
            parts.append(_day(shown.passport_issued_on))
        if shown.birth_date:
            parts.append(self.tr("born {date}").format(date=_day(shown.birth_date)))
        self.passport_label.setText(", ".join(p for p in parts if p))
        self.passport_shown = True
        self.show_passport_button.setEnabled(False)
        self._reload_history()  # the view itself is now in the history

    def add_note(self) -> None:
        if self.data is None:
            return
        try:
            add_note(self.db, self.actor, self.data.subscriber_id, self.note_edit.toPlainText())
        except Exception as exc:  # noqa: BLE001 - shown; the typed note stays in the box
            prompts.show_error(self, exc)
            return
        self.note_edit.clear()
        try:
            self.notes_model.set_rows(notes(self.db, self.actor, self.data.subscriber_id))
        except Exception as exc:  # noqa: BLE001 - the note is saved; the list refreshes later
            prompts.show_error(self, exc)
        self._reload_history()

    # -- live ---------------------------------------------------------------------------------------
    def _on_change(self, table: str, ids: list[int]) -> None:
        changed = set(ids)
        if (
            table == "*"
            or (table == "contract" and self.contract_id in changed)
            or (table == "service" and changed & self.service_ids)
            or (table == "work_order" and changed & self.order_ids)
        ):
            self._reload_timer.start()
        elif table == "work_order":
            self._reload_orders()  # maybe a new order of this contract: its id is not known here yet

    def _reload_orders(self) -> None:
        try:
            rows = work_orders(self.db, self.actor, self.contract_id)
        except Exception:  # noqa: BLE001 - a background refresh: the next change or reload tries again
            return
        if [(r.id, r.status) for r in rows] != [(r.id, r.status) for r in self.orders_model.rows]:
            self.orders_model.set_rows(rows)
            self.order_ids = {r.id for r in rows}

    def closeEvent(self, event: Any) -> None:
        if self.watcher is not None and self._owns_watcher:
            self.watcher.stop()
        super().closeEvent(event)
