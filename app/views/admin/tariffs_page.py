"""Administration → Tariffs: create and edit tariffs, schedule new prices, retire (never delete),
and see the price history of the selected tariff."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import partial
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QDate,
    QLocale,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QLabel,
    QLineEdit,
    QSpinBox,
    QTableView,
    QWidget,
)

from app.db import Database
from app.errors import QT_TRANSLATE_NOOP, ValidationError
from app.models import ChargingMode, ServiceKind
from app.money import format_money, parse_money
from app.services.admin import tariff_editing
from app.services.admin import tariffs as tariff_service
from app.services.admin.tariff_editing import MAX_DEVICE_LIMIT
from app.services.admin.tariffs import PriceRow, PriceStatus, TariffRow
from app.services.kernel.permissions import Actor
from app.services.kernel.settings import business_date
from app.views.admin.list_page import ListPage
from app.views.dates import DateField
from app.views.form_dialog import FormDialog
from app.views.messages import prompts
from app.views.tables import RowsModel, setup_table

_Index = QModelIndex | QPersistentModelIndex
_SPEED = re.compile(r"^\d{1,6}([.,]\d{1,3})?$")


def kind_title(kind: ServiceKind) -> str:
    titles = {
        ServiceKind.INTERNET: QCoreApplication.translate("TariffsPage", "Internet"),
        ServiceKind.CATV: QCoreApplication.translate("TariffsPage", "Cable TV"),
        ServiceKind.IPTV: QCoreApplication.translate("TariffsPage", "IPTV"),
        ServiceKind.OTHER: QCoreApplication.translate("TariffsPage", "Other"),
    }
    return titles[kind]


def charging_title(mode: ChargingMode) -> str:
    titles = {
        ChargingMode.DAILY: QCoreApplication.translate("TariffsPage", "daily, pro rata"),
        ChargingMode.MONTHLY: QCoreApplication.translate("TariffsPage", "monthly"),
    }
    return titles[mode]


def date_text(day: dt.date) -> str:
    return QLocale().toString(QDate(day.year, day.month, day.day), QLocale.FormatType.ShortFormat)


def speed_number(kbps: int) -> str:
    """300000 → '300', 512 → '0,512' (Mbit/s, the locale's decimal point)."""
    mbps = f"{Decimal(kbps) / 1000:f}"
    if "." in mbps:
        mbps = mbps.rstrip("0").rstrip(".")
    return mbps.replace(".", QLocale().decimalPoint())


def speed_text(kbps: int) -> str:
    """Speeds as operators say them: 300 Mbit/s, 0,5 Mbit/s."""
    return QCoreApplication.translate("TariffsPage", "{speed} Mbit/s").format(speed=speed_number(kbps))


def parse_speed(text: str, field: str = "speed_kbps") -> int | None:
    """'300' or '0,5' (Mbit/s) → kbit/s; empty → None (the domain says whether a speed is needed)."""
    cleaned = text.strip().replace(" ", "")
    if not cleaned:
        return None
    if not _SPEED.match(cleaned):
        raise ValidationError(
            QT_TRANSLATE_NOOP("Errors", "Enter the speed in Mbit/s, for example 300 or 0,5."),
            field=field,
        )
    return int(Decimal(cleaned.replace(",", ".")) * 1000)


class TariffTableModel(RowsModel[TariffRow]):
    COLUMNS = ("name", "kind", "charging_mode", "price_now", "next_price", "attributes", "status", "services")

    def column_titles(self) -> tuple[str, ...]:
        return (
            self.tr("Name"),
            self.tr("Kind"),
            self.tr("Charging"),
            self.tr("Price now"),
            self.tr("Next price"),
            self.tr("Speed / devices"),
            self.tr("Status"),
            self.tr("In use"),
        )

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        column = self.COLUMNS[index.column()]
        if role == Qt.ItemDataRole.ForegroundRole:
            return QColor(Qt.GlobalColor.gray) if row.retired else None
        if role == Qt.ItemDataRole.TextAlignmentRole and column in ("price_now", "services"):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        return self._display(row, column)

    def _display(self, row: TariffRow, column: str) -> str:
        if column == "name":
            return row.name
        if column == "kind":
            return kind_title(row.kind)
        if column == "charging_mode":
            return charging_title(row.charging_mode)
        if column == "price_now":
            return "—" if row.price_now is None else format_money(row.price_now)
        if column == "next_price":
            if row.next_price is None or row.next_price_from is None:
                return ""
            return self.tr("{fee} from {date}").format(
                fee=format_money(row.next_price), date=date_text(row.next_price_from)
            )
        if column == "attributes":
            if row.speed_kbps is not None:
                return speed_text(row.speed_kbps)
            if row.device_limit is not None:
                return self.tr("devices: up to {count}").format(count=row.device_limit)
            return ""
        if column == "status":
            return self._status(row)
        return str(row.services)

    def _status(self, row: TariffRow) -> str:
        if row.retired:
            return self.tr("retired")
        if row.retired_on is not None:
            return self.tr("retires on {date}").format(date=date_text(row.retired_on))
        if row.price_now is None:
            return self.tr("starts on {date}").format(date=date_text(row.valid_from))
        return self.tr("active")


class PriceHistoryModel(RowsModel[PriceRow]):
    def column_titles(self) -> tuple[str, ...]:
        return (self.tr("From"), self.tr("Monthly fee"), self.tr("Status"))

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.ForegroundRole:
            return QColor(Qt.GlobalColor.gray) if row.status == PriceStatus.PAST else None
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if index.column() == 0:
            return date_text(row.effective_from)
        if index.column() == 1:
            return format_money(row.monthly_fee)
        statuses = {
            PriceStatus.PAST: self.tr("past"),
            PriceStatus.CURRENT: self.tr("in effect"),
            PriceStatus.SCHEDULED: self.tr("scheduled"),
        }
        return statuses[row.status]


@dataclass
class _TariffFields:
    name: QLineEdit
    kind: QComboBox
    charging_mode: QComboBox
    speed: QLineEdit
    devices: QSpinBox
    upload: QLineEdit
    packets: QLineEdit

    def values(self) -> dict[str, Any]:
        """The attributes of the chosen kind; a field hidden for that kind is cleared."""
        kind = ServiceKind(self.kind.currentData())
        internet, iptv = kind == ServiceKind.INTERNET, kind == ServiceKind.IPTV
        return {
            "name": self.name.text(),
            "kind": kind,
            "charging_mode": ChargingMode(self.charging_mode.currentData()),
            "speed_kbps": parse_speed(self.speed.text()) if internet else None,
            "upload_kbps": parse_speed(self.upload.text(), "upload_kbps") if internet else None,
            "device_limit": (self.devices.value() or None) if iptv else None,
            "tv_packets": self.packets.text() if iptv else "",
        }


def picked(edit: QDateEdit) -> dt.date:
    day = edit.date()
    return dt.date(day.year(), day.month(), day.day())


def _first_of_next_month(day: dt.date) -> dt.date:
    return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


class TariffsPage(ListPage[TariffRow]):
    tariffs_changed = Signal()

    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(db, actor, TariffTableModel(), "tariffsTable", stretch=None, parent=parent)
        self.set_heading(self.tr("Tariffs"))
        self.new_button = self.add_command(self.tr("&New…"), self.new_tariff, name="newButton")
        self.edit_button = self.add_command(
            self.tr("&Edit…"), self.edit_tariff, name="editButton", needs_row=True
        )
        self.price_button = self.add_command(
            self.tr("New &price…"), self.new_price, name="priceButton", needs_row=True
        )
        self.retire_button = self.add_command(self.tr("&Retire…"), self.retire_tariff, name="retireButton")
        self.prices = PriceHistoryModel(self)
        self.price_table = QTableView()
        self.price_table.setObjectName("priceTable")
        self.price_table.setModel(self.prices)
        setup_table(self.price_table)
        self.price_table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.price_label = QLabel(self.tr("Price history"))
        self.price_label.setObjectName("priceLabel")
        self.page_layout.addWidget(self.price_label)
        self.page_layout.addWidget(self.price_table, 1)
        self.reload()

    def load_rows(self) -> list[TariffRow]:
        return tariff_service.list_tariffs(self.db, self.actor)

    def row_activated(self) -> None:
        self.edit_tariff()

    def selection_changed(self, row: TariffRow | None) -> None:
        self.retire_button.setEnabled(row is not None and not row.retired)
        history: list[PriceRow] = []
        if row is not None:
            try:
                history = tariff_service.price_history(self.db, self.actor, row.id)
            except Exception as exc:  # noqa: BLE001 - shown; the history stays empty
                prompts.show_error(self, exc)
        self.prices.set_rows(history)
        self.price_label.setText(
            self.tr("Price history of {name}").format(name=row.name) if row else self.tr("Price history")
        )

    def _changed(self, select_id: int) -> None:
        self.reload(select_id=select_id)
        self.tariffs_changed.emit()

    # ------------------------------------------------------------ dialogs

    def _date_field(
        self, dialog: FormDialog, label: str, name: str, value: dt.date, earliest: dt.date
    ) -> QDateEdit:
        edit = DateField()
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("dd.MM.yyyy")
        edit.setMinimumDate(QDate(earliest.year, earliest.month, earliest.day))
        edit.setDate(QDate(value.year, value.month, value.day))
        dialog.add_field(label, edit, name)
        return edit

    def _fee_field(self, dialog: FormDialog) -> QLineEdit:
        fee = QLineEdit()
        fee.setPlaceholderText(self.tr("for example 1200,50"))
        dialog.add_field(self.tr("Monthly fee, ₽:"), fee, "monthly_fee")
        return fee

    def _tariff_fields(self, dialog: FormDialog, row: TariffRow | None) -> _TariffFields:
        name = QLineEdit(row.name if row else "")
        name.setMaxLength(tariff_editing.NAME_MAX_LENGTH)
        kind = QComboBox()
        for value in ServiceKind:
            kind.addItem(kind_title(value), value.value)
        charging = QComboBox()
        for mode in ChargingMode:
            charging.addItem(charging_title(mode), mode.value)
        speed = QLineEdit(speed_number(row.speed_kbps) if row and row.speed_kbps else "")
        speed.setPlaceholderText(self.tr("for example 300"))
        devices = QSpinBox()
        devices.setRange(0, MAX_DEVICE_LIMIT)
        devices.setSpecialValueText("—")
        upload = QLineEdit(speed_number(row.upload_kbps) if row and row.upload_kbps else "")
        upload.setPlaceholderText(self.tr("empty: as the download"))
        packets = QLineEdit(row.tv_packets.replace(",", ", ") if row else "")
        packets.setPlaceholderText(self.tr("the platform's ids, e.g. 101, 205"))
        if row is not None:
            kind.setCurrentIndex(kind.findData(row.kind.value))
            charging.setCurrentIndex(charging.findData(row.charging_mode.value))
            devices.setValue(row.device_limit or 0)
            if row.services:
                hint = self.tr("Services use this tariff: create a new tariff to change this.")
                for combo in (kind, charging):
                    combo.setEnabled(False)
                    combo.setToolTip(hint)
        dialog.add_field(self.tr("Name:"), name, "name")
        dialog.add_field(self.tr("Service kind:"), kind, "kind")
        dialog.add_field(self.tr("Charging:"), charging, "charging_mode")
        dialog.add_field(self.tr("Speed, Mbit/s:"), speed, "speed_kbps")
        dialog.add_field(self.tr("Upload, Mbit/s:"), upload, "upload_kbps")
        dialog.add_field(self.tr("Devices at most:"), devices, "device_limit")
        dialog.add_field(self.tr("TV platform packets:"), packets, "tv_packets")

        def show_kind_fields() -> None:
            chosen = ServiceKind(kind.currentData())
            for internet_field in (speed, upload):
                dialog.form.setRowVisible(internet_field, chosen == ServiceKind.INTERNET)
            for tv_field in (devices, packets):
                dialog.form.setRowVisible(tv_field, chosen == ServiceKind.IPTV)

        kind.currentIndexChanged.connect(show_kind_fields)
        show_kind_fields()
        return _TariffFields(name, kind, charging, speed, devices, upload, packets)

    def make_new_dialog(self) -> FormDialog:
        dialog = FormDialog(self.tr("New tariff"), self)
        fields = self._tariff_fields(dialog, None)
        fee = self._fee_field(dialog)
        today = business_date(self.db)
        valid_from = self._date_field(dialog, self.tr("Valid from:"), "valid_from", today, today)
        dialog.set_call(
            lambda: partial(
                tariff_editing.create_tariff,
                self.db,
                self.actor,
                monthly_fee=parse_money(fee.text(), field="monthly_fee", allow_zero=True),
                valid_from=picked(valid_from),
                **fields.values(),
            )
        )
        return dialog

    def new_tariff(self) -> None:
        dialog = self.make_new_dialog()
        if dialog.exec():
            self._changed(dialog.result_value.id)

    def make_edit_dialog(self, row: TariffRow) -> FormDialog:
        dialog = FormDialog(self.tr("Tariff {name}").format(name=row.name), self)
        fields = self._tariff_fields(dialog, row)
        dialog.set_call(
            lambda: partial(
                tariff_editing.update_tariff,
                self.db,
                self.actor,
                row.id,
                version=row.version,
                **fields.values(),
            )
        )
        return dialog

    def edit_tariff(self) -> None:
        row = self.selected()
        if row is None:
            return
        dialog = self.make_edit_dialog(row)
        if dialog.exec():
            self._changed(row.id)
        else:
            self.reload(select_id=row.id)  # also after a conflict: show what is there now

    def make_price_dialog(self, row: TariffRow) -> FormDialog:
        dialog = FormDialog(self.tr("New price for {name}").format(name=row.name), self)
        now = QLabel("—" if row.price_now is None else format_money(row.price_now))
        dialog.add_field(self.tr("Price now:"), now, "price_now")
        note = QLabel(
            self.tr(
                "The new price applies from the chosen date on; charges already made keep their price. "
                "A price already scheduled for that date is replaced."
            )
        )
        note.setWordWrap(True)
        dialog.form.addRow(note)
        fee = self._fee_field(dialog)
        today = business_date(self.db)
        start = max(_first_of_next_month(today), row.valid_from)
        effective_from = self._date_field(dialog, self.tr("Effective from:"), "effective_from", start, today)
        dialog.set_call(
            lambda: partial(
                tariff_editing.set_price,
                self.db,
                self.actor,
                row.id,
                parse_money(fee.text(), field="monthly_fee", allow_zero=True),
                picked(effective_from),
                version=row.version,
            )
        )
        return dialog

    def new_price(self) -> None:
        row = self.selected()
        if row is None:
            return
        dialog = self.make_price_dialog(row)
        if dialog.exec():
            self._changed(row.id)
        else:
            self.reload(select_id=row.id)

    def make_retire_dialog(self, row: TariffRow) -> FormDialog:
        dialog = FormDialog(self.tr("Retire tariff {name}").format(name=row.name), self)
        note = QLabel(
            self.tr(
                "From this date the tariff can no longer be chosen for new services. "
                "Services on it now: {count}; they keep it and are charged as before. "
                "Tariffs are never deleted."
            ).format(count=row.services)
        )
        note.setWordWrap(True)
        dialog.form.addRow(note)
        today = business_date(self.db)
        retired_on = self._date_field(dialog, self.tr("Retire from:"), "retired_on", today, today)
        dialog.set_call(
            lambda: partial(
                tariff_editing.retire_tariff,
                self.db,
                self.actor,
                row.id,
                picked(retired_on),
                version=row.version,
            )
        )
        return dialog

    def retire_tariff(self) -> None:
        row = self.selected()
        if row is None or row.retired:
            return
        dialog = self.make_retire_dialog(row)
        if dialog.exec():
            self._changed(row.id)
        else:
            self.reload(select_id=row.id)
