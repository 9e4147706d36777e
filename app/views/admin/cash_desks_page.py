"""Administration → Cash desks: name, location, active; the receipt numbering is shown, never edited."""

from __future__ import annotations

from functools import partial
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QLabel,
    QLineEdit,
    QWidget,
)

from app.db import Database
from app.services.cashdesk.desks import CashDeskRow, create_cash_desk, list_cash_desks, update_cash_desk
from app.services.kernel.permissions import Actor
from app.views.admin.list_page import ListPage
from app.views.form_dialog import FormDialog
from app.views.tables import RowsModel

_Index = QModelIndex | QPersistentModelIndex


class CashDesksModel(RowsModel[CashDeskRow]):
    def column_titles(self) -> tuple[str, ...]:
        return (
            self.tr("Name"),
            self.tr("Location"),
            self.tr("Last receipt No."),
            self.tr("Shift"),
            self.tr("Cash register"),
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
            row.register_url or self.tr("none: no fiscal receipts"),
            self.tr("active") if row.active else self.tr("inactive"),
        )[index.column()]


class CashDesksPage(ListPage[CashDeskRow]):
    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(db, actor, CashDesksModel(), "cashDesksTable", parent=parent)
        self.set_note(
            self.tr(
                "Each desk numbers its receipts on its own, without gaps. The numbering cannot be reset or "
                "edited: only a posted payment advances it."
            )
        )
        self.add_button = self.add_command(self.tr("&New desk…"), self.add_desk)
        self.edit_button = self.add_command(self.tr("&Edit…"), self.edit_desk, needs_row=True)
        self.reload()

    def load_rows(self) -> list[CashDeskRow]:
        return list_cash_desks(self.db, self.actor)

    def row_activated(self) -> None:
        self.edit_desk()

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
        register = QLineEdit(row.register_url if row else "")
        register.setMaxLength(300)
        register.setPlaceholderText(self.tr("e.g. http://127.0.0.1:16732; empty = no cash register"))
        register.setToolTip(
            self.tr(
                "The online cash register of this desk: the address of its ATOL driver web server as the "
                "desk's computer reaches it. With a register, every cash and card payment at the desk gets "
                "a fiscal receipt; without one the desk takes payments with the program's receipt only."
            )
        )
        dialog.add_field(self.tr("Cash register:"), register, "register_url")
        if row is None:
            dialog.set_call(
                lambda: partial(
                    create_cash_desk,
                    self.db,
                    self.actor,
                    name=name.text(),
                    location=location.text(),
                    register_url=register.text(),
                )
            )
            return dialog
        active = QCheckBox(self.tr("Active (payments can be taken)"))
        active.setChecked(row.active)
        dialog.add_field("", active, "active")
        dialog.add_field(self.tr("Last receipt No.:"), QLabel(str(row.last_receipt_number)), "last_number")
        dialog.set_call(
            lambda: partial(
                update_cash_desk,
                self.db,
                self.actor,
                row.id,
                name=name.text(),
                location=location.text(),
                active=active.isChecked(),
                version=row.version,
                register_url=register.text(),
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
