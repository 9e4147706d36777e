"""One billing run at a time: a PostgreSQL advisory lock held for the run (the server drops it with
the connection of a killed run); on SQLite a lock row saying who runs, guarded by an operating-system
lock on a file beside the database that dies with its process, so a killed run never blocks the next."""

from __future__ import annotations

import datetime as dt
import os
import platform
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from sqlalchemy import text

from app.db import Database
from app.errors import QT_TRANSLATE_NOOP, DomainError
from app.models import BillingLock, utcnow

ADVISORY_LOCK_KEY = 0x5D_B111  # "subscriber desk billing"


# Only where no lock file can be made (an in-memory database): a lock row older than this is stale.
STALE_LOCK = dt.timedelta(hours=6)


class BillingAlreadyRunning(DomainError):
    message = QT_TRANSLATE_NOOP(
        "Errors", "A billing run is already in progress ({holder}). Wait for it to finish, then try again."
    )


def _holder() -> str:
    return f"{platform.node()}:{os.getpid()}"


@contextmanager
def run_lock(db: Database) -> Iterator[None]:
    """Hold the single billing-run lock; refuse with a clear message when another run holds it."""
    if db.is_embedded:
        with _sqlite_lock(db):
            yield
        return
    with db.engine.connect() as conn:
        got = conn.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": ADVISORY_LOCK_KEY}).scalar()
        conn.commit()
        if not got:
            holder = conn.execute(
                text(
                    "SELECT coalesce(max(a.application_name || ' @ ' "
                    "|| coalesce(host(a.client_addr), 'local')), '?') "
                    "FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
                    "WHERE l.locktype = 'advisory' AND l.objid = :k"
                ),
                {"k": ADVISORY_LOCK_KEY},
            ).scalar()
            raise BillingAlreadyRunning(holder=holder)
        try:
            yield
        finally:
            conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": ADVISORY_LOCK_KEY})
            conn.commit()


def _lock_file(db: Database) -> Path | None:
    database = db.url.database
    if not database or database == ":memory:":
        return None
    return Path(database).with_name(Path(database).name + ".billing-lock")


def _try_lock(handle: IO[bytes]) -> bool:
    handle.seek(0)
    try:
        if sys.platform == "win32":
            import msvcrt

            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _unlock(handle: IO[bytes]) -> None:
    handle.seek(0)
    if sys.platform == "win32":
        import msvcrt

        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)
    else:
        import fcntl

        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


@contextmanager
def _process_lock(db: Database) -> Iterator[bool | None]:
    """An operating-system lock on a file beside the SQLite database: the OS lets it go when the
    process that held it dies, however it died. Yields whether it was free (None: no file to lock)."""
    path = _lock_file(db)
    if path is None:
        yield None
        return
    with path.open("a+b") as handle:
        free = _try_lock(handle)
        try:
            yield free
        finally:
            if free:
                _unlock(handle)


@contextmanager
def _sqlite_lock(db: Database) -> Iterator[None]:
    me = _holder()
    now = utcnow()
    with _process_lock(db) as free:
        with db.transaction() as session:
            row = session.get(BillingLock, 1)
            if row is None:
                row = BillingLock(id=1, holder="")
                session.add(row)
                session.flush()
            if row.holder and row.acquired_at is not None:
                # The lock row says who runs; the OS lock says whether that process still lives.
                alive = free is False or (free is None and now - row.acquired_at < STALE_LOCK)
                if alive:
                    raise BillingAlreadyRunning(holder=row.holder)
            elif free is False:
                raise BillingAlreadyRunning(holder="?")
            row.holder, row.acquired_at = me, now
        try:
            yield
        finally:
            with db.transaction() as session:
                row = session.get_one(BillingLock, 1)
                if row.holder == me:
                    row.holder, row.acquired_at = "", None
