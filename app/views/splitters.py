"""Splitters keep where the user left them: per splitter, on this PC (QSettings), restored at the next
start (the search list as wide as the operator made it, not as wide as the program guessed)."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QSplitter


def remember_sizes(splitter: QSplitter, name: str) -> None:
    """Restore `splitter`'s sizes saved under `name`, and save them whenever the user moves it."""
    key = f"splitters/{name}"
    splitter.setObjectName(splitter.objectName() or name)
    state = QSettings().value(key)
    if isinstance(state, QByteArray) and not state.isEmpty():
        splitter.restoreState(state)  # a damaged state is refused by Qt: the default sizes stay
    splitter.splitterMoved.connect(lambda _pos, _index: QSettings().setValue(key, splitter.saveState()))
