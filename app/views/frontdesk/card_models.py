"""The subscriber card's tables and labels: services, money, history, work orders, notes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QTableView,
)

from app.models import ContractStatus, LedgerKind, ServiceKind, ServiceState, WorkOrderKind, WorkOrderStatus
from app.money import format_money
from app.services.frontdesk.card import HistoryRow, LedgerRow, ServiceRow, WorkOrderRow
from app.services.frontdesk.notes import NoteRow
from app.services.kernel.history import EVENT_TEMPLATES, EventKind
from app.views.labels import display_params, short_date, short_moment
from app.views.network_words import delivery_error_text
from app.views.tables import PagedRowsModel, RowsModel, setup_table

_Index = QModelIndex | QPersistentModelIndex
PAGE = 100
DEBT_COLOR = QColor("#b00020")
MUTED_COLOR = QColor(Qt.GlobalColor.gray)
MASK = "•••• ••••••"
RELOAD_DELAY_MS = 150  # several notifications of one commit (contract + services) make one reload


def _day(day: dt.date) -> str:
    return short_date(day)  # the operator's language's date, as everywhere else


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
    return summary_in_language(row.kind, row.details, row.summary)


def summary_in_language(kind: str, details: Mapping[str, object] | None, stored: str) -> str:
    template = EVENT_TEMPLATES.get(kind)
    if template is None:
        return stored
    try:
        return QCoreApplication.translate("Events", template).format(**display_params(details))
    except (KeyError, IndexError, ValueError):  # old details or a broken translation: the stored text
        return stored


# The history filter: groups of kinds an operator thinks in.
HISTORY_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "payments",
        (
            EventKind.PAYMENT_POSTED,
            EventKind.REGISTRY_PAYMENT_POSTED,
            EventKind.PAYMENT_CANCELLED,
            EventKind.REGISTRY_PAYMENT_CANCELLED,
        ),
    ),
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
    ("personal", (EventKind.PERSONAL_DATA_VIEWED, EventKind.PASSPORT_MATCHED)),
)


class ServicesModel(RowsModel[ServiceRow]):
    def column_titles(self) -> tuple[str, ...]:
        return (
            self.tr("Service"),
            self.tr("Tariff"),
            self.tr("State"),
            self.tr("Since"),
            self.tr("Login / ID"),
            self.tr("Network"),
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
            row.network_login or row.identifier,
            self._network(row),
        )

    def _network(self, row: ServiceRow) -> str:
        words = {
            "delivered": self.tr("in step"),
            "waiting": self.tr("on its way"),
            "failing": self.tr("not delivered"),
        }.get(row.network, "")
        if row.kind == ServiceKind.IPTV and row.device_limit is not None:
            devices = self.tr("devices: {count}").format(count=row.device_limit)
            if row.own_device_limit:
                devices = self.tr("{devices} (the contract's own)").format(devices=devices)
            words = f"{words}; {devices}" if words else devices
        return words

    def tooltip(self, row: ServiceRow) -> str | None:
        return delivery_error_text(row.network_error) if row.network_error else None

    def color(self, row: ServiceRow, column: int) -> QColor | None:
        if column == 5 and row.network == "failing":
            return DEBT_COLOR
        if row.state in (ServiceState.BLOCKED, ServiceState.DISCONNECT_PENDING, ServiceState.DISCONNECTED):
            return DEBT_COLOR if column == 2 else None
        return MUTED_COLOR if row.state == ServiceState.CLOSED else None


class LedgerModel(PagedRowsModel[LedgerRow]):
    def column_titles(self) -> tuple[str, ...]:
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
            # tariff names often carry their own quotes («КТВ «Базовый»»): none added around them
            return self.tr("{service}: {tariff}, for {period}").format(
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
        return self.tr("Entered {when} by {who}").format(when=short_moment(row.created_at), who=who)

    def right_aligned(self) -> tuple[int, ...]:
        return (2, 3, 4)


class HistoryModel(PagedRowsModel[HistoryRow]):
    def column_titles(self) -> tuple[str, ...]:
        return (self.tr("When"), self.tr("Who"), self.tr("What happened"))

    def cells(self, row: HistoryRow) -> tuple[str, ...]:
        text = event_text(row)
        if row.note:
            text = f"{text} — {row.note}"
        return (short_moment(row.occurred_at), row.actor_name or self.tr("system"), text)


class WorkOrdersModel(RowsModel[WorkOrderRow]):
    def column_titles(self) -> tuple[str, ...]:
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
    def column_titles(self) -> tuple[str, ...]:
        return (self.tr("When"), self.tr("Who"), self.tr("Note"))

    def cells(self, row: NoteRow) -> tuple[str, ...]:
        return (short_moment(row.created_at), row.author or self.tr("system"), " ".join(row.text.split()))

    def tooltip(self, row: NoteRow) -> str | None:
        return row.text


def _table(model: QAbstractTableModel, name: str, stretch: int) -> QTableView:
    table = QTableView()
    table.setObjectName(name)
    table.setModel(model)
    setup_table(table, stretch=stretch)
    return table
