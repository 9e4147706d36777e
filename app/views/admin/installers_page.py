"""Administration → Installers: the field crew, their phones and districts; deactivated, never deleted."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QLineEdit,
    QListView,
    QWidget,
)

from app.db import Database
from app.services.admin import places
from app.services.admin.places import DistrictRow
from app.services.dispatch import installers as installer_service
from app.services.dispatch.installers import InstallerRow
from app.services.kernel.permissions import Actor
from app.services.kernel.text import format_phone
from app.views.admin.list_page import ListPage
from app.views.form_dialog import FormDialog
from app.views.messages import prompts
from app.views.tables import RowsModel

_Index = QModelIndex | QPersistentModelIndex


class InstallerTableModel(RowsModel[InstallerRow]):
    def column_titles(self) -> tuple[str, ...]:
        return (self.tr("Full name"), self.tr("Phone"), self.tr("Districts"), self.tr("Status"))

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.ForegroundRole:
            return QColor(Qt.GlobalColor.gray) if not row.active else None
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        status = self.tr("active") if row.active else self.tr("deactivated")
        return (row.full_name, format_phone(row.phone), ", ".join(row.district_names), status)[index.column()]


class DistrictCheckModel(QAbstractListModel):
    """Districts to tick for an installer: the active ones, and deactivated ones the installer has."""

    def __init__(
        self, districts: list[DistrictRow], checked: frozenset[int], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.rows = [d for d in districts if d.active or d.id in checked]
        self.checked = set(checked)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsUserCheckable

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return row.name if row.active else self.tr("{name} (deactivated)").format(name=row.name)
        if role == Qt.ItemDataRole.CheckStateRole:
            return Qt.CheckState.Checked if row.id in self.checked else Qt.CheckState.Unchecked
        return None

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.CheckStateRole:
            return False
        district_id = self.rows[index.row()].id
        if Qt.CheckState(value) == Qt.CheckState.Checked:
            self.checked.add(district_id)
        else:
            self.checked.discard(district_id)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        return True

    def set_checked(self, name: str, checked: bool) -> None:
        """Tick or untick a district by name (what a test or a keyboard user does)."""
        number = next(n for n, row in enumerate(self.rows) if row.name == name)
        state = Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
        self.setData(self.index(number), state.value, Qt.ItemDataRole.CheckStateRole)


class InstallersPage(ListPage[InstallerRow]):
    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(db, actor, InstallerTableModel(), "installerTable", stretch=None, parent=parent)
        self.set_heading(self.tr("Installers"))
        self.new_button = self.add_command(self.tr("&New…"), self.new_installer, name="newInstaller")
        self.edit_button = self.add_command(
            self.tr("&Edit…"), self.edit_installer, name="editInstaller", needs_row=True
        )
        self.active_button = self.add_command(
            self.tr("&Deactivate"), self.toggle_active, name="installerActive", needs_row=True
        )
        self.reload()

    def load_rows(self) -> list[InstallerRow]:
        return installer_service.list_installers(self.db)

    def row_activated(self) -> None:
        self.edit_installer()

    def selection_changed(self, row: InstallerRow | None) -> None:
        self.active_button.setText(
            self.tr("Re&activate") if row and not row.active else self.tr("&Deactivate")
        )

    def make_installer_dialog(self, row: InstallerRow | None) -> FormDialog:
        """The form for a new installer (`row` None) or for editing one; districts are ticked in a list."""
        title = (
            self.tr("New installer")
            if row is None
            else self.tr("Installer {name}").format(name=row.full_name)
        )
        dialog = FormDialog(title, self)
        full_name = QLineEdit(row.full_name if row else "")
        phone = QLineEdit(format_phone(row.phone) if row else "")
        phone.setPlaceholderText("+7 (916) 123-45-67")
        districts = QListView()
        check_model = DistrictCheckModel(
            places.list_districts(self.db), row.district_ids if row else frozenset(), districts
        )
        districts.setModel(check_model)
        dialog.add_field(self.tr("Full name:"), full_name, "full_name")
        dialog.add_field(self.tr("Phone:"), phone, "phone")
        dialog.add_field(self.tr("Districts:"), districts, "district_ids")

        def save() -> InstallerRow:
            chosen = sorted(check_model.checked)
            if row is None:
                return installer_service.create_installer(
                    self.db, self.actor, full_name=full_name.text(), phone=phone.text(), district_ids=chosen
                )
            return installer_service.update_installer(
                self.db,
                self.actor,
                row.id,
                full_name=full_name.text(),
                phone=phone.text(),
                district_ids=chosen,
                version=row.version,
            )

        dialog.set_action(save)
        return dialog

    def _dialog(self, row: InstallerRow | None) -> FormDialog | None:
        try:
            return self.make_installer_dialog(row)
        except Exception as exc:  # noqa: BLE001 - the district list could not be read: say so
            prompts.show_error(self, exc)
            return None

    def new_installer(self) -> None:
        dialog = self._dialog(None)
        if dialog is not None and dialog.exec():
            self.reload(select_id=dialog.result_value.id)

    def edit_installer(self) -> None:
        row = self.selected()
        if row is None:
            return
        dialog = self._dialog(row)
        if dialog is not None:
            dialog.exec()
        self.reload(select_id=row.id)  # also after a conflict: show what is there now

    def toggle_active(self) -> None:
        row = self.selected()
        if row is None:
            return
        if row.active:
            title = self.tr("Deactivate installer")
            question = self.tr(
                "Deactivate the installer {name}? Work orders keep the name, but no new ones can be assigned."
            )
        else:
            title = self.tr("Reactivate installer")
            question = self.tr("Reactivate the installer {name}? Work orders can be assigned again.")
        if not prompts.confirm(self, title, question.format(name=row.full_name)):
            return
        try:
            installer_service.set_installer_active(
                self.db, self.actor, row.id, not row.active, version=row.version
            )
        except Exception as exc:  # noqa: BLE001 - shown; the list is reloaded either way
            prompts.show_error(self, exc)
        self.reload(select_id=row.id)
