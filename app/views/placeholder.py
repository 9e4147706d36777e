"""An honest page for a section that a later release fills."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget


class NotBuiltYetPage(QWidget):
    def __init__(self, title: str, what_it_will_do: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        heading = QLabel(title)
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        heading.setFont(font)
        body = QLabel(self.tr("This section is not built yet.") + "\n\n" + what_it_will_do)
        body.setObjectName("notBuiltYet")
        body.setWordWrap(True)
        body.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.addWidget(heading)
        layout.addWidget(body)
        layout.addStretch(1)
