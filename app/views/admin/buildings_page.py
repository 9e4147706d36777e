"""Administration → Buildings: districts, the buildings with their tap or node, and their apartments."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.db import Database
from app.services.admin import place_editing, places
from app.services.admin.places import BuildingRow, DistrictRow
from app.services.kernel.permissions import Actor
from app.views.form_dialog import FormDialog
from app.views.messages import prompts
from app.views.splitters import remember_sizes
from app.views.tables import setup_table

_Index = QModelIndex | QPersistentModelIndex
# (query, limit, offset) -> one page of buildings
BuildingFetcher = Callable[[str, int, int], list[BuildingRow]]


class DistrictListModel(QAbstractListModel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[DistrictRow] = []

    def set_rows(self, rows: list[DistrictRow]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.rows)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return row.name if row.active else self.tr("{name} (deactivated)").format(name=row.name)
        if role == Qt.ItemDataRole.ForegroundRole and not row.active:
            return QColor(Qt.GlobalColor.gray)
        return None


class BuildingTableModel(QAbstractTableModel):
    """Buildings matching the search, fetched a page at a time as the view scrolls."""

    PAGE = 200

    def __init__(self, fetch: BuildingFetcher, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._fetch = fetch
        self._query = ""
        self._more = False
        self._fetching = False
        self.rows: list[BuildingRow] = []

    def set_query(self, query: str) -> None:
        """Start over with the first page for `query` (raises the domain's errors to the caller)."""
        first = self._fetch(query, self.PAGE, 0)
        self.beginResetModel()
        self._query = query
        self.rows = first
        self._more = len(first) == self.PAGE
        self.endResetModel()

    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self._more

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or not self._more or self._fetching:
            return
        self._fetching = True  # beginInsertRows may make the view ask for more at once
        try:
            page = self._fetch(self._query, self.PAGE, len(self.rows))
            self._more = len(page) == self.PAGE
            if page:
                first = len(self.rows)
                self.beginInsertRows(QModelIndex(), first, first + len(page) - 1)
                self.rows.extend(page)
                self.endInsertRows()
        finally:
            self._fetching = False

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 5

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        return (
            self.tr("Address"),
            self.tr("Town"),
            self.tr("District"),
            self.tr("Tap / node"),
            self.tr("Apartments"),
        )[section]

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 4:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        return (row.address, row.city, row.district_name, row.tap_label, str(row.premises_count))[
            index.column()
        ]


class BuildingsPage(QWidget):
    SEARCH_DELAY_MS = 250  # typing a street name sends one query, not one per letter

    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.actor = actor

        self.district_model = DistrictListModel(self)
        self.district_list = QListView()
        self.district_list.setObjectName("districtList")
        self.district_list.setModel(self.district_model)
        self.district_list.doubleClicked.connect(lambda _index: self.rename_district())
        self.add_district_button = QPushButton(self.tr("Add &district…"))
        self.add_district_button.setObjectName("addDistrict")
        self.rename_district_button = QPushButton(self.tr("&Rename…"))
        self.rename_district_button.setObjectName("renameDistrict")
        self.district_active_button = QPushButton(self.tr("Deac&tivate"))
        self.district_active_button.setObjectName("districtActive")
        self.add_district_button.clicked.connect(self.add_district)
        self.rename_district_button.clicked.connect(self.rename_district)
        self.district_active_button.clicked.connect(self.toggle_district_active)
        district_buttons = QHBoxLayout()
        for button in (self.add_district_button, self.rename_district_button, self.district_active_button):
            district_buttons.addWidget(button)
        district_side = QWidget()
        district_layout = QVBoxLayout(district_side)
        district_layout.setContentsMargins(0, 0, 0, 0)
        district_layout.addWidget(QLabel(self.tr("Districts")))
        district_layout.addLayout(district_buttons)
        district_layout.addWidget(self.district_list)

        self.search_edit = QLineEdit()
        self.search_edit.setObjectName("buildingSearch")
        self.search_edit.setPlaceholderText(
            self.tr("Find: street, house, town, district or tap, e.g. ленина 12")
        )
        self.search_edit.setClearButtonEnabled(True)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(self.SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.reload_buildings)
        self.search_edit.textChanged.connect(lambda _text: self._search_timer.start())
        self.search_edit.returnPressed.connect(self.reload_buildings)

        self.building_model = BuildingTableModel(
            lambda query, limit, offset: places.search_buildings(self.db, query, limit, offset=offset), self
        )
        self.building_table = QTableView()
        self.building_table.setObjectName("buildingTable")
        self.building_table.setModel(self.building_model)
        setup_table(self.building_table)
        self.building_table.doubleClicked.connect(lambda _index: self.edit_building())

        self.new_building_button = QPushButton(self.tr("&New building…"))
        self.new_building_button.setObjectName("newBuilding")
        self.edit_building_button = QPushButton(self.tr("&Edit…"))
        self.edit_building_button.setObjectName("editBuilding")
        self.premises_button = QPushButton(self.tr("Add a&partments…"))
        self.premises_button.setObjectName("addPremises")
        self.new_building_button.clicked.connect(self.new_building)
        self.edit_building_button.clicked.connect(self.edit_building)
        self.premises_button.clicked.connect(self.add_premises)
        self.result_label = QLabel()
        self.result_label.setObjectName("premisesResult")
        building_buttons = QHBoxLayout()
        for button in (self.new_building_button, self.edit_building_button, self.premises_button):
            building_buttons.addWidget(button)
        building_buttons.addWidget(self.result_label, 1)
        building_side = QWidget()
        building_layout = QVBoxLayout(building_side)
        building_layout.setContentsMargins(0, 0, 0, 0)
        building_layout.addWidget(self.search_edit)
        building_layout.addLayout(building_buttons)
        building_layout.addWidget(self.building_table)

        splitter = QSplitter()
        splitter.addWidget(district_side)
        splitter.addWidget(building_side)
        splitter.setStretchFactor(1, 3)
        remember_sizes(splitter, "buildings")
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self.district_list.selectionModel().selectionChanged.connect(self._update_buttons)
        self.building_table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.reload_districts()
        self.reload_buildings()

    # Districts

    def reload_districts(self, select_id: int | None = None) -> None:
        try:
            rows = places.list_districts(self.db)
        except Exception as exc:  # noqa: BLE001 - shown to the admin; the old list stays
            prompts.show_error(self, exc)
            return
        self.district_model.set_rows(rows)
        for number, row in enumerate(rows):
            if row.id == select_id:
                self.district_list.setCurrentIndex(self.district_model.index(number))
        self._update_buttons()

    def selected_district(self) -> DistrictRow | None:
        indexes = self.district_list.selectionModel().selectedRows()
        return self.district_model.rows[indexes[0].row()] if indexes else None

    def make_district_dialog(self, row: DistrictRow | None) -> FormDialog:
        title = (
            self.tr("New district")
            if row is None
            else self.tr("Rename district {name}").format(name=row.name)
        )
        dialog = FormDialog(title, self)
        name = QLineEdit(row.name if row else "")
        dialog.add_field(self.tr("Name:"), name, "name")
        if row is None:
            dialog.set_call(lambda: partial(place_editing.create_district, self.db, self.actor, name.text()))
        else:
            dialog.set_call(
                lambda: partial(
                    place_editing.rename_district,
                    self.db,
                    self.actor,
                    row.id,
                    name.text(),
                    version=row.version,
                )
            )
        return dialog

    def add_district(self) -> None:
        dialog = self.make_district_dialog(None)
        if dialog.exec():
            self.reload_districts(select_id=dialog.result_value.id)

    def rename_district(self) -> None:
        row = self.selected_district()
        if row is None:
            return
        self.make_district_dialog(row).exec()
        self.reload_districts(select_id=row.id)  # also after a conflict: show what is there now
        self.reload_buildings()  # the district column shows the new name

    def toggle_district_active(self) -> None:
        row = self.selected_district()
        if row is None:
            return
        if row.active:
            question = self.tr(
                "Deactivate the district {name}? Its buildings and installers keep it, "
                "but new buildings and installers cannot be assigned to it."
            )
            if not prompts.confirm(self, self.tr("Deactivate district"), question.format(name=row.name)):
                return
        try:
            place_editing.set_district_active(
                self.db, self.actor, row.id, not row.active, version=row.version
            )
        except Exception as exc:  # noqa: BLE001 - shown; the list is reloaded either way
            prompts.show_error(self, exc)
        self.reload_districts(select_id=row.id)

    # Buildings

    def reload_buildings(self, select_id: int | None = None) -> None:
        self._search_timer.stop()
        try:
            self.building_model.set_query(self.search_edit.text())
        except Exception as exc:  # noqa: BLE001 - shown to the admin; the old list stays
            prompts.show_error(self, exc)
            return
        for number, row in enumerate(self.building_model.rows):
            if row.id == select_id:
                self.building_table.selectRow(number)
        self._update_buttons()

    def selected_building(self) -> BuildingRow | None:
        indexes = self.building_table.selectionModel().selectedRows()
        return self.building_model.rows[indexes[0].row()] if indexes else None

    def _district_combo(self, current: int | None) -> QComboBox:
        combo = QComboBox()
        combo.addItem(self.tr("(no district)"), None)
        for district in self.district_model.rows:
            if district.active:
                combo.addItem(district.name, district.id)
            elif district.id == current:
                combo.addItem(self.tr("{name} (deactivated)").format(name=district.name), district.id)
        combo.setCurrentIndex(max(combo.findData(current), 0))
        return combo

    def make_building_dialog(self, row: BuildingRow | None) -> FormDialog:
        title = (
            self.tr("New building")
            if row is None
            else self.tr("Building {address}").format(address=row.address)
        )
        dialog = FormDialog(title, self)
        city, street = QLineEdit(row.city if row else ""), QLineEdit(row.street if row else "")
        house, block = QLineEdit(row.house if row else ""), QLineEdit(row.block if row else "")
        tap = QLineEdit(row.tap_label if row else "")
        street.setPlaceholderText(self.tr("e.g. ул. Ленина"))
        house.setPlaceholderText(self.tr("12, 12а or 12/1"))
        block.setPlaceholderText(self.tr("if the house has several: к1, стр. 2"))
        district = self._district_combo(row.district_id if row else None)
        dialog.add_field(self.tr("Town:"), city, "city")
        dialog.add_field(self.tr("Street:"), street, "street")
        dialog.add_field(self.tr("House:"), house, "house")
        dialog.add_field(self.tr("Block:"), block, "block")
        dialog.add_field(self.tr("District:"), district, "district_id")
        dialog.add_field(self.tr("Tap / node:"), tap, "tap_label")

        def save() -> BuildingRow:
            fields = {
                "city": city.text(),
                "street": street.text(),
                "house": house.text(),
                "block": block.text(),
                "district_id": district.currentData(),
                "tap_label": tap.text(),
            }
            if row is None:
                return place_editing.create_building(self.db, self.actor, **fields)
            return place_editing.update_building(self.db, self.actor, row.id, version=row.version, **fields)

        dialog.set_action(save)
        return dialog

    def new_building(self) -> None:
        dialog = self.make_building_dialog(None)
        if dialog.exec():
            self.reload_buildings(select_id=dialog.result_value.id)

    def edit_building(self) -> None:
        row = self.selected_building()
        if row is None:
            return
        self.make_building_dialog(row).exec()
        self.reload_buildings(select_id=row.id)  # also after a conflict: show what is there now

    def make_premises_dialog(self, row: BuildingRow) -> FormDialog:
        dialog = FormDialog(self.tr("Add apartments to {address}").format(address=row.address), self)
        spec = QLineEdit()
        spec.setPlaceholderText(self.tr("e.g. 1-60, 62, 64а, 70-72"))
        private = QCheckBox(self.tr("Private house: one premises without an apartment number"))
        private.toggled.connect(lambda checked: spec.setEnabled(not checked))
        dialog.add_field(self.tr("Apartments:"), spec, "spec")
        hint = QLabel(
            self.tr(
                "Numbers and ranges separated by commas, e.g. 1-120 or 1-60, 62, 64а, 70-72. "
                "The building has {count} now; apartments already there are skipped."
            ).format(count=row.premises_count)
        )
        hint.setWordWrap(True)
        dialog.form.addRow("", hint)
        dialog.add_field("", private, "private_house")
        dialog.set_action(
            lambda: (
                place_editing.add_private_house_premises(self.db, self.actor, row.id)
                if private.isChecked()
                else place_editing.add_premises(self.db, self.actor, row.id, spec.text())
            )
        )
        return dialog

    def add_premises(self) -> None:
        row = self.selected_building()
        if row is None:
            return
        dialog = self.make_premises_dialog(row)
        if dialog.exec():
            result: place_editing.PremisesAdded = dialog.result_value
            self.show_premises_result(row, result)
        self.reload_buildings(select_id=row.id)

    def show_premises_result(self, row: BuildingRow, result: place_editing.PremisesAdded) -> None:
        self.result_label.setText(
            self.tr("{address}: {added} added, {skipped} already there.").format(
                address=row.address, added=result.added, skipped=result.skipped
            )
        )

    def _update_buttons(self) -> None:
        district = self.selected_district()
        self.rename_district_button.setEnabled(district is not None)
        self.district_active_button.setEnabled(district is not None)
        self.district_active_button.setText(
            self.tr("Reac&tivate") if district and not district.active else self.tr("Deac&tivate")
        )
        building = self.selected_building()
        self.edit_building_button.setEnabled(building is not None)
        self.premises_button.setEnabled(building is not None)
