"""Backups of the database: a consistent copy taken while the program runs, and a restore that is
checked before it replaces anything.

- Embedded (SQLite): SQLite's online backup API copies the database page by page under its own
  locking, so payments may go on meanwhile and the copy is one consistent moment. A restore copies the
  backup into a scratch file beside the database, has it checked (the caller's `check`, e.g. `db
  verify`), and only then copies it over the live database, again with the backup API.
- Before `db upgrade` of an embedded database its file is backed up beside it
  (`<name>.before-<revision>-<time>.sqlite3`): an upgrade that goes wrong loses nothing.
- Shared (PostgreSQL): `pg_dump`'s custom format when `pg_dump` is installed on this computer; the
  restore goes into an empty database with `pg_restore` and is then checked. (`pg_basebackup` and
  archiving are the server administrator's tools: see docs/server-setup.md.)
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Callable, Sequence
from contextlib import closing
from pathlib import Path

from app import clock
from app.db import Database
from app.errors import QT_TRANSLATE_NOOP, DomainError


class BackupFailed(DomainError):
    message = QT_TRANSLATE_NOOP("Errors", "The backup could not be made: {reason}")


class RestoreRefused(DomainError):
    message = QT_TRANSLATE_NOOP(
        "Errors", "The backup was not restored: the check found problems in it. {problems}"
    )


def sqlite_file(db: Database) -> Path:
    path = db.url.database
    if not db.is_embedded or not path or path == ":memory:":
        raise BackupFailed(reason="not an embedded database file")
    return Path(path)


def _copy_sqlite(source: Path, target: Path) -> None:
    """A consistent copy of `source` into `target` (replaced atomically), taken with the backup API."""
    target.parent.mkdir(parents=True, exist_ok=True)
    scratch = target.with_name(target.name + ".partial")
    scratch.unlink(missing_ok=True)
    # All pages in one step, under one read transaction: writers go on (WAL) and the copy is one
    # moment (a stepwise copy restarts whenever another connection writes, and might never finish).
    with (
        closing(sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=30)) as src,
        closing(sqlite3.connect(scratch)) as dst,
    ):
        src.backup(dst)
        dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
    scratch.replace(target)


def backup(db: Database, target: Path) -> Path:
    """Write a backup of `db` to `target` (a file); returns it."""
    if db.is_embedded:
        source = sqlite_file(db)
        if not source.exists():
            raise BackupFailed(reason=f"{source} does not exist")
        _copy_sqlite(source, target)
        return target
    return _pg_dump(db, target)


def backup_before_upgrade(db: Database, revision: str | None) -> Path | None:
    """Back the embedded database up beside itself before its schema changes (None: nothing to keep)."""
    if not db.is_embedded:
        return None
    source = sqlite_file(db)
    if not source.exists() or source.stat().st_size == 0:
        return None
    stamp = clock.now().strftime("%Y%m%d-%H%M%S")
    target = source.with_name(f"{source.stem}.before-{revision or 'unversioned'}-{stamp}{source.suffix}")
    _copy_sqlite(source, target)
    return target


def restore(source: Path, db: Database, check: Callable[[Database], Sequence[str]]) -> None:
    """Replace `db`'s content by the backup in `source`, if `check` finds nothing wrong with it."""
    if not source.is_file():
        raise BackupFailed(reason=f"{source} is not a file")
    if db.is_embedded:
        _restore_sqlite(source, db, check)
    else:
        _pg_restore(source, db, check)


def _restore_sqlite(source: Path, db: Database, check: Callable[[Database], Sequence[str]]) -> None:
    live = sqlite_file(db)
    scratch = live.with_name(live.name + ".restoring")
    _copy_sqlite(source, scratch)
    candidate = Database(f"sqlite:///{scratch}")
    try:
        problems = list(check(candidate))
    finally:
        candidate.dispose()
    if problems:
        scratch.unlink(missing_ok=True)
        raise RestoreRefused(problems="; ".join(problems[:5]))
    db.dispose()
    with closing(sqlite3.connect(scratch)) as src, closing(sqlite3.connect(live, timeout=30)) as dst:
        src.backup(dst)
    scratch.unlink(missing_ok=True)


def _pg_tool(name: str) -> str:
    tool = shutil.which(name)
    if tool is None:
        raise BackupFailed(reason=f"{name} is not installed on this computer (PostgreSQL client tools)")
    return tool


def _pg_environment(db: Database) -> tuple[list[str], dict[str, str]]:
    url = db.url
    args = ["--host", url.host or "localhost", "--port", str(url.port or 5432)]
    if url.username:
        args += ["--username", url.username]
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    for key, value in url.query.items():
        if key.startswith("ssl") and isinstance(value, str):
            env["PG" + key.upper()] = value
    return args, env


def _pg_dump(db: Database, target: Path) -> Path:
    args, env = _pg_environment(db)
    scratch = target.with_name(target.name + ".partial")
    done = subprocess.run(  # a fixed tool with arguments, no shell
        [_pg_tool("pg_dump"), *args, "--format=custom", "--file", str(scratch), str(db.url.database)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        scratch.unlink(missing_ok=True)
        raise BackupFailed(reason=done.stderr.strip()[:300])
    scratch.replace(target)
    return target


def _pg_restore(source: Path, db: Database, check: Callable[[Database], Sequence[str]]) -> None:
    from sqlalchemy import inspect

    with db.reading() as conn:
        if inspect(conn).get_table_names():
            raise BackupFailed(
                reason="restore a server backup into a new, empty database, check it, then switch to it"
            )
    db.dispose()
    args, env = _pg_environment(db)
    done = subprocess.run(  # a fixed tool with arguments, no shell
        [_pg_tool("pg_restore"), *args, "--no-owner", "--dbname", str(db.url.database), str(source)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise BackupFailed(reason=done.stderr.strip()[:300])
    problems = list(check(db))
    if problems:
        raise RestoreRefused(problems="; ".join(problems[:5]))


def default_backup_name(db: Database, now: dt.datetime | None = None) -> str:
    stamp = (now or clock.now()).strftime("%Y%m%d-%H%M%S")
    return f"subscriber-desk-{stamp}.{'sqlite3' if db.is_embedded else 'dump'}"
