"""Guard against a Qt binding that loses references (PySide6 6.12.0 did: every signal emitted from
Python decremented True and every invalid QVariant returned to Python decremented None, so the
program aborted with "deallocating None" after a few thousand of them)."""

from __future__ import annotations

import sys

from PySide6.QtCore import QModelIndex, QObject, Signal
from PySide6.QtWidgets import QComboBox

CALLS = 2000


class _Emitter(QObject):
    changed = Signal(object)


def test_emitting_signals_keeps_reference_counts(qapp) -> None:
    emitter = _Emitter()
    emitter.changed.connect(lambda _value: None)
    before_true, before_none = sys.getrefcount(True), sys.getrefcount(None)
    for _ in range(CALLS):
        emitter.changed.emit(None)
    assert sys.getrefcount(True) - before_true > -10
    assert sys.getrefcount(None) - before_none > -10


def test_invalid_variants_keep_the_reference_count_of_none(qapp) -> None:
    combo = QComboBox()
    combo.addItem("все", None)
    before = sys.getrefcount(None)
    for _ in range(CALLS):
        combo.currentData()
        QModelIndex().data()
    assert sys.getrefcount(None) - before > -10
