"""Driving the program from the keyboard only, as a person does: every key goes to the widget that has
the focus (never to a widget the test picks), modal dialogs are worked inside their own loops, and the
keys beyond the typed text are counted, so a test can assert how many a flow takes."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QWidget

Step = tuple[str, object, Qt.KeyboardModifier]


class KeyScript:
    def __init__(self, qtbot) -> None:
        self.qtbot = qtbot
        self.keys = 0  # keys pressed beyond the typed text: Enter, arrows, Tab, shortcuts
        self.pressed: list[str] = []
        self.steps: list[Step] = []
        self.failure = ""
        self._deadline = 0.0

    def type(self, text: str) -> KeyScript:
        self.steps.append(("type", text, Qt.KeyboardModifier.NoModifier))
        return self

    def press(self, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> KeyScript:
        self.steps.append(("press", key, modifier))
        return self

    def alt(self, letter: str) -> KeyScript:
        """Alt+letter, a mnemonic, Cyrillic too (the key code of a letter is its capital's code point)."""
        return self.press(Qt.Key(ord(letter.upper())), Qt.KeyboardModifier.AltModifier)

    def press_until(self, key: Qt.Key, condition: Callable[[], bool], limit: int = 20) -> KeyScript:
        """Press `key` (Tab, Down…) until `condition()` holds, as a person tabs to a field; at most
        `limit` times."""
        run = (key, condition)
        for _ in range(limit):
            self.steps.append(("press_until", run, Qt.KeyboardModifier.NoModifier))
        return self

    def wait(self, condition: Callable[[], bool]) -> KeyScript:
        """The next keys wait until `condition()` holds (a dialog on screen, a search finished)."""
        self.steps.append(("wait", condition, Qt.KeyboardModifier.NoModifier))
        return self

    def run(self, timeout_ms: int = 20_000) -> None:
        self._deadline = time.monotonic() + timeout_ms / 1000
        QTimer.singleShot(25, self._tick)
        self.qtbot.waitUntil(lambda: not self.steps or bool(self.failure), timeout=timeout_ms + 5_000)
        assert not self.failure, self.failure

    def focused(self) -> QWidget | None:
        """The widget the next key goes to."""
        return self._focus()

    def _focus(self) -> QWidget | None:
        """Where a key goes. On the offscreen platform no window manager activates the main window again
        when a dialog closes: then its own focus child (what a desktop would give the keys back to)."""
        focused = QApplication.focusWidget()
        if focused is not None:
            return focused
        windows = [w for w in QApplication.topLevelWidgets() if w.isVisible() and w.isWindow()]
        dialogs = [w for w in windows if isinstance(w, QDialog)]
        for window in dialogs or windows:
            child = window.focusWidget()
            if child is not None:
                window.activateWindow()
                return child
        return None

    def _fail(self, message: str) -> None:
        """Stop here, say why, and end every modal loop so the test can report it."""
        focus = self._focus()
        where = f"{type(focus).__name__} {focus.objectName()}" if focus is not None else "nothing"
        self.failure = f"{message}; keys so far {self.pressed}; focus on {where}"
        for window in QApplication.topLevelWidgets():
            if isinstance(window, QDialog) and window.isVisible():
                shown = [label.text() for label in window.findChildren(QLabel) if label.isVisible()]
                self.failure += f"; open: {window.windowTitle()!r} saying {shown}"
                window.reject()

    def _tick(self) -> None:
        """One step; a key that opens a modal dialog runs the next steps from inside its loop (each tick
        is a timer of its own: Qt does not fire a timer again while its slot is still running)."""
        if not self.steps or self.failure:
            return
        QTimer.singleShot(25, self._tick)
        kind, what, modifier = self.steps[0]
        if time.monotonic() > self._deadline:
            self._fail(f"stuck before {kind} {what!r}")
            return
        if kind == "wait":
            if what():  # type: ignore[operator]
                self.steps.pop(0)
            return
        if kind == "press_until":
            key, condition = what  # type: ignore[misc]
            if condition():  # reached: the remaining presses of this run are not needed
                while self.steps and self.steps[0][0] == "press_until" and self.steps[0][1] is what:
                    self.steps.pop(0)
                return
            if len([s for s in self.steps if s[1] is what]) == 1:  # the last press, and still not there
                self._fail(f"{Qt.Key(key).name} pressed again and again without reaching its field")
                return
            kind, what = "press", key
        target = self._focus()
        if target is None:
            return  # between windows: the next tick finds the new focus
        self.steps.pop(0)
        if kind == "type":  # one key event per character, Cyrillic too (QTest.keyClicks is ASCII only)
            for char in str(what):
                QTest.sendKeyEvent(
                    QTest.KeyAction.Click, target, Qt.Key.Key_unknown, char, Qt.KeyboardModifier.NoModifier
                )
        else:
            self.keys += 1
            key = Qt.Key(what)  # type: ignore[call-overload]
            name = str(getattr(key, "name", "") or "")
            self.pressed.append(f"{modifier.name}+{name if name and not name.isdigit() else chr(int(key))}")
            if 0xFF < int(key) < 0x01000000:  # a letter beyond ASCII (Cyrillic): QTest would warn
                QTest.sendKeyEvent(QTest.KeyAction.Click, target, key, chr(int(key)).lower(), modifier)
            else:
                QTest.keyClick(target, key, modifier)
