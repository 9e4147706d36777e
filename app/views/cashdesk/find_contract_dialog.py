"""The cash desk's search: the same type-ahead search as the Subscribers section (name, phone, address
or contract number), so a cashier never has to switch sections to find whom the money is for."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QVBoxLayout, QWidget

from app.db import Database
from app.services.kernel.permissions import Actor
from app.views.frontdesk.search_widget import SearchWidget


class FindContractDialog(QDialog):
    """Type, arrow down, Enter: `chosen` is the contract picked (None when cancelled)."""

    def __init__(self, db: Database, actor: Actor, query: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Find the subscriber"))
        self.resize(820, 480)
        self.chosen: int | None = None
        self.search = SearchWidget(db, actor, self)
        self.search.contract_chosen.connect(self._choose)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.search, 1)
        layout.addWidget(buttons)
        if query:
            self.search.query_edit.setText(query)  # the search starts at once
        self.search.setFocus()

    def _choose(self, contract_id: int) -> None:
        self.chosen = contract_id
        self.accept()
