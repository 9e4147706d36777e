"""Waiting for the database without freezing the window.

`wait_for(work)` runs `work()` (a domain call: no widgets in it) on a thread of its own and keeps the
window alive meanwhile: it repaints, its timers run, and after BUSY_AFTER_MS a busy sign says what the
program is waiting for and for how long. What a person types or clicks while waiting is dropped, never
replayed as actions afterwards. When no answer comes within ANSWER_DEADLINE_S the window stops waiting
with a clear message: DatabaseNotAnswering for a read, AnswerLostWhileSaving (an unknown outcome, as a
connection broken during COMMIT) for a change — the cash desk's unknown-outcome rules then apply as they
do for any lost connection. The abandoned call's result is discarded whenever it comes.

Code that already runs off the GUI thread calls `work()` directly.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop, QObject, Qt, QThread, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from app.errors import AnswerLostWhileSaving, DatabaseNotAnswering

T = TypeVar("T")

QUICK_S = 0.1  # an answer within this is simply waited for: no event loop, nothing re-entered
BUSY_AFTER_MS = 300
ANSWER_DEADLINE_S = 20.0
# Releases pass: a key or button let go while waiting must not stay "held" for the window afterwards.
_INPUT = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.ShortcutOverride,
        QEvent.Type.Shortcut,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.Wheel,
        QEvent.Type.Close,
    }
)


class _Done(QObject):
    finished = Signal()


class _InputBlocker(QObject):
    """Drops what a person types or clicks while the program waits (the busy sign shows why)."""

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:
        return event.type() in _INPUT


class BusySign(QLabel):
    """A small note over the middle of the window: what the program waits for, and for how many
    seconds so far (a child of the window, so it moves and hides with it)."""

    def __init__(self, parent: QWidget | None) -> None:
        anchor = parent or QApplication.activeWindow()
        super().__init__(anchor.window() if anchor is not None else None)
        self.setObjectName("busySign")
        self.setMargin(10)
        self.setStyleSheet("background: #fff8d6; border: 1px solid #c9a800; color: #333;")
        self._started = time.monotonic()
        self._ticker = QTimer(self)
        self._ticker.setInterval(1000)
        self._ticker.timeout.connect(self._tick)

    def start(self) -> None:
        self._tick()
        self.adjustSize()
        window = self.parentWidget()
        if window is not None:
            centre = window.rect().center()
            self.move(centre.x() - self.width() // 2, centre.y() - self.height() // 2)
            self.raise_()
            self.show()
        self._ticker.start()

    def _tick(self) -> None:
        seconds = int(time.monotonic() - self._started)
        text = QCoreApplication.translate("Waiting", "Waiting for the database… {seconds} s")
        self.setText(text.format(seconds=seconds))


active_signs: list[BusySign] = []  # the busy signs on screen now (tests look at them)


def wait_for(
    work: Callable[[], T],
    *,
    parent: QWidget | None,
    writes: bool = False,
    deadline_s: float | None = None,
) -> T:
    """`work()`'s result (or its exception), with the window alive while it runs; see the module."""
    app = QApplication.instance()
    if app is None or QThread.currentThread() is not app.thread():
        return work()
    deadline = ANSWER_DEADLINE_S if deadline_s is None else deadline_s
    outcome: dict[str, Any] = {}
    done = _Done()
    loop = QEventLoop()
    done.finished.connect(loop.quit, Qt.ConnectionType.QueuedConnection)

    def run() -> None:
        try:
            outcome["value"] = work()
        except BaseException as exc:  # noqa: BLE001 - handed to the waiting side
            outcome["error"] = exc
        done.finished.emit()

    worker = threading.Thread(target=run, name="database-call", daemon=True)
    worker.start()
    worker.join(QUICK_S)  # most answers come at once: then no other event runs in between
    if "value" in outcome:
        return outcome["value"]
    if "error" in outcome:
        raise outcome["error"]
    blocker = _InputBlocker()
    app.installEventFilter(blocker)
    sign = BusySign(parent)
    show_sign = QTimer()
    show_sign.setSingleShot(True)
    show_sign.timeout.connect(lambda: _show(sign))
    show_sign.start(max(0, BUSY_AFTER_MS - int(QUICK_S * 1000)))
    give_up = QTimer()
    give_up.setSingleShot(True)
    give_up.timeout.connect(loop.quit)
    give_up.start(max(0, int((deadline - QUICK_S) * 1000)))
    try:
        if "value" not in outcome and "error" not in outcome:
            loop.exec()
    finally:
        show_sign.stop()
        give_up.stop()
        app.removeEventFilter(blocker)
        if sign in active_signs:
            active_signs.remove(sign)
            QGuiApplication.restoreOverrideCursor()
        sign.hide()
        sign.deleteLater()
    if "error" in outcome:
        raise outcome["error"]
    if "value" in outcome:
        return outcome["value"]
    # No answer: the call goes on in its thread, whatever it brings is dropped.
    seconds = round(deadline)
    raise AnswerLostWhileSaving(seconds=seconds) if writes else DatabaseNotAnswering(seconds=seconds)


def _show(sign: BusySign) -> None:
    active_signs.append(sign)
    QGuiApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
    sign.start()
