"""The workstation locks itself after a while without use (Company → Workstations, default 10
minutes): nobody walks up to a cashier's unlocked desk. Idle time is measured by the program's clock,
so tests move the clock instead of waiting; what was typed stays in its fields behind the lock."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

from app import clock

CHECK_EVERY_MS = 15_000
_ACTIVITY = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
    }
)


class IdleLock(QObject):
    """Emits `idle` once after `minutes` without a key press, click or mouse move in the program."""

    idle = Signal()

    def __init__(self, minutes: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.limit = dt.timedelta(minutes=minutes)
        self.last_activity = clock.now()
        self._timer = QTimer(self)
        self._timer.setInterval(CHECK_EVERY_MS)
        self._timer.timeout.connect(self.check)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def start(self) -> None:
        self.last_activity = clock.now()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def check(self) -> None:
        if self._timer.isActive() and clock.now() - self.last_activity >= self.limit:
            self.stop()
            self.idle.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _ACTIVITY:
            self.last_activity = clock.now()
        return False
