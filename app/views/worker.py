"""Run slow domain work off the GUI thread and get the result (or the error) back on it.

Widgets are never touched from the worker: `on_done`/`on_error` run on the GUI thread.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger(__name__)


class _Relay(QObject):
    done = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, work: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self._work = work
        self._relay = relay

    def run(self) -> None:
        try:
            result = self._work()
        except Exception as exc:  # noqa: BLE001 - delivered to on_error on the GUI thread
            self._relay.failed.emit(exc)
        else:
            self._relay.done.emit(result)


_running: set[_Relay] = set()  # keep relays alive until they have delivered


def run_in_background(
    work: Callable[[], Any],
    on_done: Callable[[Any], None],
    on_error: Callable[[BaseException], None],
    *,
    parent: QObject | None = None,
) -> _Relay:
    """Run `work()` on the thread pool; `on_done(result)` or `on_error(exc)` follows on this thread."""
    relay = _Relay(parent)
    _running.add(relay)

    def finish(callback: Callable[[Any], None], value: Any) -> None:
        _running.discard(relay)
        callback(value)

    relay.done.connect(lambda result: finish(on_done, result))
    relay.failed.connect(lambda exc: finish(on_error, exc))
    QThreadPool.globalInstance().start(_Job(work, relay))
    return relay
