"""One look for every list: whole-row selection, Tab leaves it, one line per row, columns sized to their
content and one column (the name or address) taking the rest of the width. A column the user drags
keeps that width, on this PC, for this list (QSettings), until they double-click its edge."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, QSettings, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from app.views.waiting import wait_for

Row = TypeVar("Row")


def setup_table(table: QTableView, *, stretch: int | None = None, single: bool = True) -> None:
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(
        QAbstractItemView.SelectionMode.SingleSelection
        if single
        else QAbstractItemView.SelectionMode.ExtendedSelection
    )
    table.setWordWrap(False)
    # Tab leaves the list for the next control (arrows move between rows): a list is one stop.
    table.setTabKeyNavigation(False)
    table.setTextElideMode(Qt.TextElideMode.ElideRight)
    table.setAlternatingRowColors(True)
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 10)
    header = table.horizontalHeader()
    header.setStretchLastSection(stretch is None)
    ColumnWidths(table, stretch if stretch is not None else header.count() - 1)


class ColumnWidths(QObject):
    """Columns fit their contents whenever the rows change, except those the user dragged: those keep
    the dragged width, remembered per list (the table's objectName) and column title. The `stretch`
    column takes the rest of the width. Double-clicking a column's edge fits it again (and forgets the
    width)."""

    def __init__(self, table: QTableView, stretch: int) -> None:
        super().__init__(table)
        self.table = table
        self.stretch = stretch
        self.key = f"tables/{table.objectName()}/widths" if table.objectName() else ""
        self._fitting = False
        self.dragged: dict[str, int] = {}
        if self.key:
            try:
                loaded = json.loads(str(QSettings().value(self.key, "{}")))
                self.dragged = {str(k): int(v) for k, v in loaded.items() if int(v) > 0}
            except (ValueError, TypeError, AttributeError):
                self.dragged = {}  # a damaged setting: fit the columns as new
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        if 0 <= stretch < header.count():
            header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
        model = table.model()
        if model is not None:
            for signal in (model.modelReset, model.layoutChanged, model.rowsInserted):
                signal.connect(self.fit)
        header.sectionResized.connect(self._resized)
        header.sectionHandleDoubleClicked.connect(self._refit)
        self.fit()

    def _title(self, column: int) -> str:
        model = self.table.model()
        title = model.headerData(column, Qt.Orientation.Horizontal) if model is not None else None
        return str(title if title is not None else column)

    def fit(self, *_args: object) -> None:
        header = self.table.horizontalHeader()
        self._fitting = True
        try:
            for column in range(header.count()):
                if column == self.stretch or header.isSectionHidden(column):
                    continue
                width = self.dragged.get(self._title(column))
                if width:
                    header.resizeSection(column, width)
                else:
                    self.table.resizeColumnToContents(column)
        finally:
            self._fitting = False

    def _resized(self, column: int, _old: int, new: int) -> None:
        if self._fitting or column == self.stretch or not self.key or new <= 0:
            return
        self.dragged[self._title(column)] = new
        QSettings().setValue(self.key, json.dumps(self.dragged, ensure_ascii=False))

    def _refit(self, column: int) -> None:
        if self.dragged.pop(self._title(column), None) is not None and self.key:
            QSettings().setValue(self.key, json.dumps(self.dragged, ensure_ascii=False))
        self._fitting = True
        try:
            self.table.resizeColumnToContents(column)
        finally:
            self._fitting = False


class RowsModel(QAbstractTableModel, Generic[Row]):
    """A read-only table over plain rows (frozen dataclasses, never ORM objects). Subclasses name the
    columns and say what each cell shows (`cells`), or override `data` for anything more."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[Row] = []

    def column_titles(self) -> tuple[str, ...]:
        raise NotImplementedError

    def cells(self, row: Row) -> tuple[str, ...]:
        raise NotImplementedError

    def color(self, row: Row, column: int) -> QColor | None:
        return None

    def right_aligned(self) -> tuple[int, ...]:
        return ()

    def tooltip(self, row: Row) -> str | None:
        return None

    def set_rows(self, rows: Sequence[Row]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.column_titles())

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        titles = self.column_titles()
        return titles[section] if 0 <= section < len(titles) else None

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
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
    """Rows that page in as the list scrolls: `load_page(last_id)` reads the next page after the last
    row shown (keyset paging; never the whole table in memory)."""

    def __init__(
        self,
        load_page: Callable[[int | None], list[Row]],
        parent: QObject | None = None,
        *,
        page_size: int = 100,
    ) -> None:
        super().__init__(parent)
        self.load_page = load_page
        self.page_size = page_size  # the limit load_page reads with: a shorter page is the last one
        self._exhausted = True
        self._fetching = False

    def row_id(self, row: Row) -> int:
        return int(getattr(row, "id"))  # noqa: B009 - every row dataclass has an id

    def reload(self) -> None:
        # Read first, off the GUI thread: an error here leaves the model as it was.
        rows = wait_for(lambda: self.load_page(None), parent=None)
        self.beginResetModel()
        self.rows = rows
        self._exhausted = len(rows) < self.page_size
        self.endResetModel()

    def canFetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self._exhausted

    def fetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or self._fetching or self._exhausted or not self.rows:
            return
        self._fetching = True  # a view may ask again while this page is being read
        try:
            page = self.load_page(self.row_id(self.rows[-1]))
            self._exhausted = len(page) < self.page_size
            if page:
                first = len(self.rows)
                self.beginInsertRows(QModelIndex(), first, first + len(page) - 1)
                self.rows.extend(page)
                self.endInsertRows()
        finally:
            self._fetching = False
