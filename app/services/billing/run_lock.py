"""One billing run at a time: a PostgreSQL advisory lock held for the run; on SQLite a lock row that
a killed run's successor may take over once it is stale."""

from __future__ import annotations

import datetime as dt
import os
import platform
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import text

from app.db import Database
from app.errors import QT_TRANSLATE_NOOP, DomainError
from app.models import BillingLock, utcnow

ADVISORY_LOCK_KEY = 0x5D_B111  # "subscriber desk billing"


STALE_LOCK = dt.timedelta(hours=6)  # a SQLite lock row older than this was left by a killed run


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


@contextmanager
def _sqlite_lock(db: Database) -> Iterator[None]:
    me = _holder()
    now = utcnow()
    with db.transaction() as session:
        row = session.get(BillingLock, 1)
        if row is None:
            row = BillingLock(id=1, holder="")
            session.add(row)
            session.flush()
        if row.holder and row.acquired_at is not None and now - row.acquired_at < STALE_LOCK:
            raise BillingAlreadyRunning(holder=row.holder)
        row.holder, row.acquired_at = me, now
    try:
        yield
    finally:
        with db.transaction() as session:
            row = session.get_one(BillingLock, 1)
            if row.holder == me:
                row.holder, row.acquired_at = "", None
