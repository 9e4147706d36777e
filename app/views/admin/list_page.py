"""The page every administration list shares: a heading (or a note), a row of buttons, one table of plain
rows with single selection; reloading keeps the chosen row, and the buttons that act on a row are
enabled only while one is chosen."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTableView, QVBoxLayout, QWidget

from app.db import Database
from app.services.kernel.permissions import Actor
from app.views.messages import prompts
from app.views.tables import RowsModel, setup_table

Row = TypeVar("Row")


class ListPage(QWidget, Generic[Row]):
    """Subclasses give the model and `load_rows`, add their heading and buttons, then call `reload()`."""

    def __init__(
        self,
        db: Database,
        actor: Actor,
        model: RowsModel[Row],
        table_name: str,
        *,
        stretch: int | None = 1,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.actor = actor
        self.model = model
        model.setParent(self)
        self.table = QTableView()
        self.table.setObjectName(table_name)
        self.table.setModel(model)
        setup_table(self.table, stretch=stretch)
        self._row_buttons: list[QPushButton] = []
        self._top = QVBoxLayout()
        self._buttons = QHBoxLayout()
        self._buttons.addStretch(1)
        self.page_layout = QVBoxLayout(self)
        self.page_layout.addLayout(self._top)
        self.page_layout.addLayout(self._buttons)
        self.page_layout.addWidget(self.table, 3)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self.update_buttons())
        self.table.doubleClicked.connect(lambda _index: self.row_activated())

    def set_heading(self, text: str) -> QLabel:
        heading = QLabel(text)
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        heading.setFont(font)
        self._top.addWidget(heading)
        return heading

    def set_note(self, text: str) -> QLabel:
        note = QLabel(text)
        note.setWordWrap(True)
        self._top.addWidget(note)
        return note

    def add_command(
        self, text: str, slot: Callable[[], Any], *, name: str = "", needs_row: bool = False
    ) -> QPushButton:
        """A button in the row above the table; `needs_row`: enabled only while a row is chosen."""
        button = QPushButton(text)
        if name:
            button.setObjectName(name)
        button.clicked.connect(lambda _checked=False: slot())  # never pass `checked` on to the slot
        self._buttons.insertWidget(self._buttons.count() - 1, button)
        if needs_row:
            self._row_buttons.append(button)
        return button

    def load_rows(self) -> Sequence[Row]:
        raise NotImplementedError

    def row_id(self, row: Row) -> int:
        return int(row.id)  # type: ignore[attr-defined]

    def reload(self, select_id: int | None = None) -> None:
        """Read the list again (an error is shown and the old list stays), choosing `select_id`."""
        try:
            rows = self.load_rows()
        except Exception as exc:  # noqa: BLE001 - shown to the admin; the old list stays
            prompts.show_error(self, exc)
            return
        self.model.set_rows(rows)
        for number, row in enumerate(rows):
            if self.row_id(row) == select_id:
                self.table.selectRow(number)
        self.update_buttons()

    def selected(self) -> Row | None:
        indexes = self.table.selectionModel().selectedRows()
        return self.model.rows[indexes[0].row()] if indexes else None

    def update_buttons(self) -> None:
        row = self.selected()
        for button in self._row_buttons:
            button.setEnabled(row is not None)
        self.selection_changed(row)

    def selection_changed(self, row: Row | None) -> None:
        """What else follows the chosen row (a button's text, a detail table)."""

    def row_activated(self) -> None:
        """A double click (or Enter) on a row."""
