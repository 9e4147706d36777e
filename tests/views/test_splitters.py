"""A splitter the user moved comes back where they left it (per splitter, on this PC)."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QLabel, QSplitter

from app.views.splitters import remember_sizes


def make_splitter(qtbot, name: str) -> QSplitter:
    splitter = QSplitter()
    splitter.addWidget(QLabel("список"))
    splitter.addWidget(QLabel("карточка"))
    qtbot.addWidget(splitter)
    splitter.resize(1000, 300)
    splitter.show()
    remember_sizes(splitter, name)
    return splitter


def test_the_sizes_the_user_left_come_back(qtbot) -> None:
    first = make_splitter(qtbot, "frontdesk")
    first.setSizes([700, 300])
    first.splitterMoved.emit(700, 1)  # as when the user drags the handle
    again = make_splitter(qtbot, "frontdesk")
    assert abs(again.sizes()[0] - 700) <= 10
    other = make_splitter(qtbot, "buildings")
    assert abs(other.sizes()[0] - 700) > 10


def test_a_damaged_state_leaves_the_default_sizes(qtbot) -> None:
    QSettings().setValue("splitters/frontdesk", b"garbage")
    splitter = make_splitter(qtbot, "frontdesk")
    assert all(size > 0 for size in splitter.sizes())
