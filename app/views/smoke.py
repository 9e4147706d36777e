"""`gui --smoke`: start the program as a person would, and as soon as the first window is up, print what
it says and quit. It proves a build (frozen or not) can start: Qt's plugins load, the translations and
fonts are found, the database opens. The exit code says whether that first window was the sign-in."""

from __future__ import annotations

import sys
import time

from PySide6.QtCore import QCoreApplication, QObject, QTimer
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QWidget

SMOKE_TIMEOUT_S = 120.0
EXIT_SIGN_IN_SHOWN = 0
EXIT_OTHER_WINDOW = 1  # something else came first: an error box, the first-run dialog
EXIT_NOTHING_SHOWN = 2


def window_texts(window: QWidget) -> list[str]:
    """The title and every visible label and button text of `window`, as a person reads them."""
    texts = [window.windowTitle()]
    for widget in window.findChildren(QWidget):
        if not widget.isVisible():
            continue
        if isinstance(widget, QLabel | QAbstractButton) and widget.text():
            texts.append(widget.text().replace("&", ""))
    return texts


class SmokeWatch(QObject):
    """Watches for the first window; prints its texts and the seconds since `started`, then exits. The
    sign-in window counts once its database is open (it shows before); `window_up` prints the moment it
    first shows, which bench/startup.py times from outside the process."""

    def __init__(self, started: float) -> None:
        super().__init__()
        self.started = started
        self.exit_code = EXIT_NOTHING_SHOWN
        self._timer = QTimer(self)
        self._timer.setInterval(50)
        self._timer.timeout.connect(self._look)
        self._timer.start()

    def window_up(self, window: QWidget) -> None:
        """`window` was just shown: print it as soon as it is painted."""
        QApplication.processEvents()
        elapsed = time.perf_counter() - self.started
        sys.stdout.reconfigure(encoding="utf-8")  # type: ignore[union-attr]
        print(f"smoke: window up in {elapsed:.2f} s: {window.windowTitle()}", flush=True)

    def _look(self) -> None:
        from app.views.login_dialog import LoginDialog

        elapsed = time.perf_counter() - self.started
        shown = [w for w in QApplication.topLevelWidgets() if w.isVisible() and w.windowTitle()]
        opening = [w for w in shown if isinstance(w, LoginDialog) and not w.ready]
        if (not shown or opening) and elapsed < SMOKE_TIMEOUT_S:
            return
        self._timer.stop()
        if not shown:
            print(f"smoke: no window after {elapsed:.1f} s", file=sys.stderr)
            self.exit_code = EXIT_NOTHING_SHOWN
        else:
            window = shown[0]
            is_login = isinstance(window, LoginDialog)
            kind = "sign-in window" if is_login else f"other window ({type(window).__name__})"
            sys.stdout.reconfigure(encoding="utf-8")  # type: ignore[union-attr]
            print(f"smoke: {kind} in {elapsed:.2f} s")
            for text in window_texts(window):
                print(f"  {text}")
            self.exit_code = EXIT_SIGN_IN_SHOWN if is_login else EXIT_OTHER_WINDOW
        QCoreApplication.exit(self.exit_code)  # leaves every running event loop, a modal one too
