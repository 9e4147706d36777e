"""One look for every list: whole-row selection, Tab leaves it, one line per row, columns sized to their
content and one column (the name or address) taking the rest of the width. A column the user drags
keeps that width, on this PC, for this list (QSettings), until they double-click its edge."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSettings,
    Qt,
    QTimer,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from app.views.waiting import wait_for

Row = TypeVar("Row")


STRETCH_MIN_CHARS = 18
SHRINK_FLOOR_CHARS = 20


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
    column takes the rest of the width — and keeps room for STRETCH_MIN_CHARS characters (or its
    contents, if less): when the others would leave it less, the widest of them give way (their text
    ends in «…»), so a list never hides its main column behind a scroll bar. The widths follow the
    list's own width as a splitter or the window moves. Double-clicking a column's edge fits it again
    (and forgets the width)."""

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
        self._refit_soon = QTimer(self)
        self._refit_soon.setSingleShot(True)
        self._refit_soon.setInterval(30)
        self._refit_soon.timeout.connect(self.fit)
        table.viewport().installEventFilter(self)
        self.fit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self._refit_soon.start()
        return False

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
            self._make_room()
        finally:
            self._fitting = False

    def _make_room(self) -> None:
        """Shrink the widest columns the user did not size until the stretch column gets its room."""
        header = self.table.horizontalHeader()
        available = self.table.viewport().width()
        if not 0 <= self.stretch < header.count() or available <= 0:
            return
        metrics = self.table.fontMetrics()
        wanted = min(
            max(self.table.sizeHintForColumn(self.stretch), header.sectionSizeHint(self.stretch)),
            metrics.horizontalAdvance("x") * STRETCH_MIN_CHARS,
        )
        others = [c for c in range(header.count()) if c != self.stretch and not header.isSectionHidden(c)]
        short = wanted - (available - sum(header.sectionSize(c) for c in others))
        # a column gives way down to SHRINK_FLOOR_CHARS of its text (never below its title): phones, sums,
        # dates and numbers are shorter, so only long names and addresses are ever cut
        floor_width = metrics.horizontalAdvance("x") * SHRINK_FLOOR_CHARS
        shrinkable = {
            c: max(header.sectionSizeHint(c), min(self.table.sizeHintForColumn(c), floor_width))
            for c in others
            if self._title(c) not in self.dragged
        }
        while short > 0:
            room = {
                c: header.sectionSize(c) - floor
                for c, floor in shrinkable.items()
                if header.sectionSize(c) > floor
            }
            if not room:
                return
            widest = max(room, key=lambda c: header.sectionSize(c))
            sizes = sorted((header.sectionSize(c) for c in room), reverse=True)
            step = max(1, min(short, room[widest], sizes[0] - sizes[1] if len(sizes) > 1 else short, 16))
            header.resizeSection(widest, header.sectionSize(widest) - step)
            short -= step

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
