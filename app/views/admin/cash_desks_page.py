"""Administration → Cash desks: name, location, active; the receipt numbering is shown, never edited."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.db import Database
from app.services.cashdesk.desks import CashDeskRow, create_cash_desk, list_cash_desks, update_cash_desk
from app.services.kernel.permissions import Actor
from app.views.form_dialog import FormDialog
from app.views.messages import prompts
from app.views.tables import RowsModel, setup_table

_Index = QModelIndex | QPersistentModelIndex


class CashDesksModel(RowsModel[CashDeskRow]):
    def column_titles(self) -> tuple[str, ...]:
        return (
            self.tr("Name"),
            self.tr("Location"),
            self.tr("Last receipt No."),
            self.tr("Shift"),
            self.tr("Status"),
        )

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.ForegroundRole:
            return QColor(Qt.GlobalColor.gray) if not row.active else None
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        return (
            row.name,
            row.location,
            str(row.last_receipt_number),
            self.tr("open") if row.shift_open else "",
            self.tr("active") if row.active else self.tr("inactive"),
        )[index.column()]


class CashDesksPage(QWidget):
    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.actor = actor
        note = QLabel(
            self.tr(
                "Each desk numbers its receipts on its own, without gaps. The numbering cannot be reset or "
                "edited: only a posted payment advances it."
            )
        )
        note.setWordWrap(True)
        self.model = CashDesksModel(self)
        self.table = QTableView()
        self.table.setObjectName("cashDesksTable")
        self.table.setModel(self.model)
        setup_table(self.table, stretch=1)
        self.table.doubleClicked.connect(lambda _index: self.edit_desk())
        self.add_button = QPushButton(self.tr("&New desk…"))
        self.edit_button = QPushButton(self.tr("&Edit…"))
        self.add_button.clicked.connect(self.add_desk)
        self.edit_button.clicked.connect(self.edit_desk)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.edit_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addLayout(buttons)
        layout.addWidget(self.table)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.reload()

    def reload(self, select_id: int | None = None) -> None:
        try:
            rows = list_cash_desks(self.db, self.actor)
        except Exception as exc:  # noqa: BLE001 - shown; the old list stays
            prompts.show_error(self, exc)
            return
        self.model.set_rows(rows)
        for number, row in enumerate(rows):
            if row.id == select_id:
                self.table.selectRow(number)
        self._update_buttons()

    def selected(self) -> CashDeskRow | None:
        indexes = self.table.selectionModel().selectedRows()
        return self.model.rows[indexes[0].row()] if indexes else None

    def _update_buttons(self) -> None:
        self.edit_button.setEnabled(self.selected() is not None)

    def make_desk_dialog(self, row: CashDeskRow | None) -> FormDialog:
        dialog = FormDialog(
            self.tr("New cash desk") if row is None else self.tr("Cash desk {name}").format(name=row.name),
            self,
        )
        name, location = QLineEdit(row.name if row else ""), QLineEdit(row.location if row else "")
        name.setMaxLength(100)
        location.setMaxLength(200)
        dialog.add_field(self.tr("Name:"), name, "name")
        dialog.add_field(self.tr("Location:"), location, "location")
        if row is None:
            dialog.set_action(
                lambda: create_cash_desk(self.db, self.actor, name=name.text(), location=location.text())
            )
            return dialog
        active = QCheckBox(self.tr("Active (payments can be taken)"))
        active.setChecked(row.active)
        dialog.add_field("", active, "active")
        dialog.add_field(self.tr("Last receipt No.:"), QLabel(str(row.last_receipt_number)), "last_number")
        dialog.set_action(
            lambda: update_cash_desk(
                self.db,
                self.actor,
                row.id,
                name=name.text(),
                location=location.text(),
                active=active.isChecked(),
                version=row.version,
            )
        )
        return dialog

    def add_desk(self) -> None:
        dialog = self.make_desk_dialog(None)
        if dialog.exec():
            self.reload(select_id=dialog.result_value.id)

    def edit_desk(self) -> None:
        row = self.selected()
        if row is None:
            return
        self.make_desk_dialog(row).exec()
        self.reload(select_id=row.id)
