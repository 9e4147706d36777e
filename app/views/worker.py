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

# The jobs wait on the database or a device, not on the processor: a pool of their own, wider than
# Qt's global one (as many threads as cores — two on an office PC), so one job stuck on a dead server
# cannot hold up the sign-in, a search or the cash register behind it.
MAX_JOBS = 8
_pool: QThreadPool | None = None


def _jobs() -> QThreadPool:
    global _pool
    if _pool is None:
        _pool = QThreadPool()
        _pool.setMaxThreadCount(MAX_JOBS)
    return _pool


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
    _jobs().start(_Job(work, relay))
    return relay
