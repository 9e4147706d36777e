"""Front desk → the search box: type a name, phone, address or contract number; pick the contract.

The query runs ~150 ms after the last keystroke, on a worker thread, so typing never stalls; a result
that arrives after newer input is dropped. When a full page came back, the number of matches is counted
on a worker too and shown under the list («Найдено: 134»). The list pages in as it scrolls (fetchMore,
keyset on the search order). Down arrow moves from the box into the list; Enter or a double click
picks a contract.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QKeyEvent
from PySide6.QtWidgets import QLabel, QLineEdit, QTableView, QVBoxLayout, QWidget

from app.db import Database
from app.errors import DomainError
from app.models import ContractStatus
from app.money import format_money
from app.services.frontdesk.search import COUNT_CAP, SearchHit, count_matches, search
from app.services.kernel.permissions import Actor
from app.services.kernel.text import format_phone
from app.views.messages import error_text
from app.views.tables import setup_table
from app.views.waiting import wait_for
from app.views.worker import run_in_background

log = logging.getLogger(__name__)

_Index = QModelIndex | QPersistentModelIndex
BALANCE_COLUMN = 3
ADDRESS_COLUMN = 5
PAGE = 50
DEBOUNCE_MS = 150
_ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class SearchResultsModel(QAbstractTableModel):
    """Contracts found for one query, a page at a time; holds plain SearchHit rows only."""

    COLUMNS = 6

    def __init__(self, db: Database, actor: Actor, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.actor = actor
        self.query = ""
        self.hits: list[SearchHit] = []
        self._shown: set[int] = set()  # contract ids: one found by two classes is listed once
        self._after: SearchHit | None = None  # the last hit read, shown or not: the next page's keyset
        self._exhausted = True
        self._fetching = False

    def set_results(self, query: str, first_page: list[SearchHit]) -> None:
        """Show `first_page` (already read, e.g. on a worker, `PAGE` hits at most) for `query`."""
        self.beginResetModel()
        self.query = query
        self.hits = list(first_page)
        self._shown = {h.contract_id for h in first_page}
        self._after = first_page[-1] if first_page else None
        self._exhausted = len(first_page) < PAGE
        self.endResetModel()

    def set_query(self, query: str) -> None:
        """Read the first page of `query` here and show it."""
        hits = []
        if query.strip():
            hits = wait_for(lambda: search(self.db, self.actor, query, limit=PAGE), parent=None)
        self.set_results(query, hits)

    def hit(self, row: int) -> SearchHit:
        return self.hits[row]

    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:  # noqa: B008 - Qt's signature
        return not parent.isValid() and not self._exhausted

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or self._fetching or self._exhausted or self._after is None:
            return
        self._fetching = True  # a view may ask again while this page is being read
        try:
            read = search(self.db, self.actor, self.query, limit=PAGE, after=self._after)
            self._exhausted = len(read) < PAGE
            self._after = read[-1] if read else self._after
            page = [h for h in read if h.contract_id not in self._shown]
            self._shown.update(h.contract_id for h in page)
            if page:
                first = len(self.hits)
                self.beginInsertRows(QModelIndex(), first, first + len(page) - 1)
                self.hits.extend(page)
                self.endInsertRows()
        finally:
            self._fetching = False

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.hits)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.COLUMNS

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        titles = (
            self.tr("Contract"),
            self.tr("Subscriber"),
            self.tr("Phone"),
            self.tr("Balance"),
            self.tr("Status"),
            self.tr("Address"),  # last: it takes what is left and is cut first («…»), not the money
        )
        return titles[section] if 0 <= section < len(titles) else None

    def status_title(self, status: ContractStatus) -> str:
        return {
            ContractStatus.ACTIVE: self.tr("active"),
            ContractStatus.SUSPENDED: self.tr("suspended"),
            ContractStatus.TERMINATED: self.tr("terminated"),
        }[status]

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.hits):
            return None
        hit = self.hits[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.TextAlignmentRole and column == BALANCE_COLUMN:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == BALANCE_COLUMN and hit.balance < 0:
                return QColor(Qt.GlobalColor.red)
            if hit.status == ContractStatus.TERMINATED:
                return QColor(Qt.GlobalColor.gray)
            return None
        if role == Qt.ItemDataRole.UserRole:
            return hit.contract_id
        if role == Qt.ItemDataRole.ToolTipRole and column == ADDRESS_COLUMN:
            return hit.address  # whole, where the column cuts it
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        return (
            hit.number,
            hit.subscriber_name,
            format_phone(hit.phone),
            format_money(hit.balance),
            self.status_title(hit.status),
            hit.address,
        )[column]


class SearchWidget(QWidget):
    """The search box and its results; `contract_chosen(contract_id)` when the operator picks one."""

    contract_chosen = Signal(int)
    # Emitted on the GUI thread when a query's first page is shown (tests and the status line use it).
    results_shown = Signal(str)
    # Emitted when the number of matches of a query with more than a page of them is shown.
    count_shown = Signal(int)

    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.actor = actor
        self._generation = 0
        self.query_edit = QLineEdit()
        self.query_edit.setPlaceholderText(self.tr("Name, phone, address or contract number"))
        self.query_edit.setClearButtonEnabled(True)
        self.query_edit.setMaxLength(100)
        self.model = SearchResultsModel(db, actor, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        setup_table(self.table, stretch=ADDRESS_COLUMN)
        self.table.setTabKeyNavigation(False)
        self.status_label = QLabel()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self._start_search)
        self.query_edit.textEdited.connect(lambda _text: self._timer.start())
        self.query_edit.textChanged.connect(self._on_text_changed)
        self.query_edit.installEventFilter(self)
        self.table.installEventFilter(self)
        self.table.doubleClicked.connect(lambda index: self._choose(index.row()))
        layout = QVBoxLayout(self)
        layout.addWidget(self.query_edit)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status_label)
        self.setFocusProxy(self.query_edit)

    def _on_text_changed(self, text: str) -> None:
        if not text.strip():  # cleared (the clear button does not emit textEdited): empty at once
            self._timer.stop()
            self._generation += 1
            self.model.set_results("", [])
            self.status_label.clear()
        elif not self._timer.isActive():
            self._timer.start()

    def _start_search(self) -> None:
        query = self.query_edit.text()
        if not query.strip():
            return
        self._generation += 1
        generation = self._generation
        db, actor = self.db, self.actor
        run_in_background(
            lambda: search(db, actor, query, limit=PAGE),
            lambda hits: self._show(generation, query, hits),
            lambda exc: self._failed(generation, exc),
            parent=self,
        )

    def _show(self, generation: int, query: str, hits: list[SearchHit]) -> None:
        if generation != self._generation:
            return  # the operator typed on: a newer query is on its way
        self.model.set_results(query, hits)
        if hits:
            self.table.selectRow(0)
            self.status_label.clear()
        else:
            self.status_label.setText(self.tr("Nothing found. Check the spelling or type less."))
        self.results_shown.emit(query)
        if len(hits) >= PAGE:  # more than a page may have matched: say how many, counted on a worker
            db, actor = self.db, self.actor
            run_in_background(
                lambda: count_matches(db, actor, query),
                lambda count: self._show_count(generation, count),
                lambda exc: self._failed(generation, exc),
                parent=self,
            )

    def _show_count(self, generation: int, count: int) -> None:
        if generation != self._generation:
            return
        if count > COUNT_CAP:
            text = self.tr("Found more than {count}; the best matches come first. Type more to narrow.")
            self.status_label.setText(text.format(count=f"{COUNT_CAP:,}".replace(",", "\u00a0")))
        else:
            self.status_label.setText(self.tr("Found: {count}").format(count=count))
        self.count_shown.emit(count)

    def _failed(self, generation: int, exc: BaseException) -> None:
        if generation != self._generation:
            return
        if isinstance(exc, DomainError):
            self.status_label.setText(error_text(exc))
        else:
            log.error("search failed", exc_info=(type(exc), exc, exc.__traceback__))
            self.status_label.setText(self.tr("The search failed; details are in the program log."))

    def _choose(self, row: int) -> None:
        if 0 <= row < self.model.rowCount():
            self.contract_chosen.emit(self.model.hit(row).contract_id)

    def selected_contract(self) -> int | None:
        """The contract of the highlighted result, if any."""
        row = self._current_row()
        return self.model.hit(row).contract_id if 0 <= row < self.model.rowCount() else None

    def _current_row(self) -> int:
        index = self.table.currentIndex()
        return index.row() if index.isValid() else 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return super().eventFilter(watched, event)
        key = event.key()
        if watched is self.query_edit:
            if key in (Qt.Key.Key_Down, Qt.Key.Key_PageDown) and self.model.rowCount():
                self.table.setFocus()
                self.table.selectRow(0)
                return True
            if key in _ENTER_KEYS and self.model.rowCount():
                self._choose(self._current_row())
                return True
        elif watched is self.table:
            if key in _ENTER_KEYS:
                self._choose(self._current_row())
                return True
            if key == Qt.Key.Key_Up and self._current_row() == 0:
                self.query_edit.setFocus()
                return True
            if key == Qt.Key.Key_Escape:
                self.query_edit.setFocus()
                self.query_edit.selectAll()
                return True
        return super().eventFilter(watched, event)
