"""Other workstations' changes, as they happen: PostgreSQL LISTEN/NOTIFY (payload "table:id", sent by
triggers on commit) read through a socket notifier on the GUI thread; on SQLite a poll of
`PRAGMA data_version`, which changes when another connection commits. After a lost connection the
listener reconnects, listens again and asks every view to refresh everything."""

from __future__ import annotations

import contextlib
import logging
from typing import Any

import psycopg
from PySide6.QtCore import QObject, QSocketNotifier, QTimer, Signal
from sqlalchemy import make_url

from app.db import Database

log = logging.getLogger(__name__)
CHANNEL = "subscriber_desk"
POLL_MS = 1000
RECONNECT_MS = 5000


class ChangeWatcher(QObject):
    """Emits `changed(table, ids)`; `table` is "*" when everything must be re-read."""

    changed = Signal(str, list)

    def __init__(self, db: Database, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self._conn: psycopg.Connection | None = None
        self._notifier: QSocketNotifier | None = None
        self._timer = QTimer(self)
        self._last_version: int | None = None
        # data_version is per connection: only one kept open sees other connections' commits.
        self._sqlite: Any = None
        if db.is_embedded:
            self._timer.timeout.connect(self._poll_sqlite)
            self._timer.start(POLL_MS)
        else:
            self._timer.setSingleShot(True)
            self._timer.timeout.connect(self._connect)
            self._connect()

    # -- PostgreSQL ---------------------------------------------------------------------------------
    def _connect(self) -> None:
        url = make_url(self.db.connection_url()).set(drivername="postgresql")
        try:
            self._conn = psycopg.connect(
                url.render_as_string(hide_password=False), autocommit=True, connect_timeout=5
            )
            self._conn.execute(f"LISTEN {CHANNEL}")
        except psycopg.Error as exc:
            log.info("change listener could not connect: %s", exc)
            self._conn = None
            self._timer.start(RECONNECT_MS)
            return
        self._notifier = QSocketNotifier(self._conn.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._read)
        self.changed.emit("*", [])  # whatever happened while we were not listening

    def _read(self) -> None:
        assert self._conn is not None
        by_table: dict[str, list[int]] = {}
        try:
            for note in self._conn.notifies(timeout=0, stop_after=1000):
                table, _, ident = note.payload.partition(":")
                if ident.isdigit():
                    by_table.setdefault(table, []).append(int(ident))
        except psycopg.Error as exc:
            log.info("change listener lost its connection: %s", exc)
            self._drop()
            self._timer.start(RECONNECT_MS)
            return
        for table, ids in by_table.items():
            self.changed.emit(table, sorted(set(ids)))

    def _drop(self) -> None:
        if self._notifier is not None:
            self._notifier.setEnabled(False)
            self._notifier.deleteLater()
            self._notifier = None
        if self._conn is not None:
            with contextlib.suppress(psycopg.Error):
                self._conn.close()
            self._conn = None

    # -- SQLite -------------------------------------------------------------------------------------
    def _poll_sqlite(self) -> None:
        try:
            if self._sqlite is None:
                self._sqlite = self.db.engine.raw_connection()
            cursor = self._sqlite.cursor()
            version = cursor.execute("PRAGMA data_version").fetchone()[0]
            cursor.close()
        except Exception as exc:  # noqa: BLE001 - the next poll tries again
            log.info("change poll failed: %s", exc)
            self._sqlite = None
            return
        if self._last_version is not None and version != self._last_version:
            self.changed.emit("*", [])
        self._last_version = int(version or 0)

    def stop(self) -> None:
        self._timer.stop()
        self._drop()
        if self._sqlite is not None:
            with contextlib.suppress(Exception):
                self._sqlite.close()
            self._sqlite = None
