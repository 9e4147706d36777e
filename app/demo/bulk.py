"""Bulk loading for the demo data generator: binary COPY on PostgreSQL, executemany on SQLite.

Both loaders work inside one transaction on one SQLAlchemy connection, so a failed or interrupted
build leaves the database as it was. Rows are plain tuples of Python values (int, str, date, aware
datetime, UUID, dict for JSON); each loader converts them to what its database expects.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from sqlalchemy import JSON, Boolean, Connection, Date, Table, Uuid

from app.models import Base
from app.models.base import UTCDateTime

Row = Sequence[Any]
Converter = Callable[[Any], Any]
# Reports (done, total) while indexes and keys are rebuilt.
IndexProgress = Callable[[int, int], None]


def columns(names: str) -> tuple[str, ...]:
    """A column list written as one string of names ("id name version")."""
    return tuple(names.split())


class BulkLoader(ABC):
    """What the generator needs from a database: fast appends, a statement, a number."""

    def __init__(self, conn: Connection, extra_tables: Iterable[Table] = ()) -> None:
        self.conn = conn
        self.dialect = conn.dialect.name
        self.tables: dict[str, Table] = dict(Base.metadata.tables)
        self.tables.update({t.name: t for t in extra_tables})

    @abstractmethod
    def write(self, table: str, columns: Sequence[str], rows: Iterable[Row]) -> int:
        """Append rows to `table`; returns how many were written."""

    def execute(self, sql: str, params: dict[str, Any] | None = None) -> int:
        """Run one statement; returns the number of rows it touched."""
        result = self.conn.exec_driver_sql(sql, params) if params else self.conn.exec_driver_sql(sql)
        return max(result.rowcount, 0)

    def scalar(self, sql: str) -> Any:
        return self.conn.exec_driver_sql(sql).scalar()

    @abstractmethod
    def before_load(self, tables: Sequence[str], keep: Iterable[str] = ()) -> None:
        """Prepare `tables` for a large load (PostgreSQL drops their secondary indexes and keys, except
        the indexes named in `keep`)."""

    @abstractmethod
    def after_load(self, progress: IndexProgress | None = None) -> None:
        """Undo `before_load`, make id sequences continue after the loaded ids, refresh statistics."""


class PostgresLoader(BulkLoader):
    """Binary COPY through psycopg 3, with foreign keys and secondary indexes off during the load.

    Measured on 2.4 M ledger rows: COPY with every constraint in place 22 s; without the foreign keys
    7 s (each row's key check is an index probe plus a row lock); without keys and secondary indexes,
    rebuilt afterwards by sorting, 6 s. The drop and the rebuild are in the same transaction, so a
    failure cannot leave the schema without its constraints.
    """

    def __init__(self, conn: Connection, extra_tables: Iterable[Table] = ()) -> None:
        super().__init__(conn, extra_tables)
        self.raw: Any = conn.connection.driver_connection
        self._types: dict[tuple[str, tuple[str, ...]], list[str]] = {}
        self._restore: list[str] = []  # DDL that puts the dropped indexes and keys back, in order
        # More sort memory for the index rebuilds and the numbering of the payments (this transaction only).
        self.execute("SET LOCAL maintenance_work_mem = '512MB'")
        self.execute("SET LOCAL work_mem = '256MB'")

    def _column_types(self, table: str, columns: Sequence[str]) -> list[str]:
        key = (table, tuple(columns))
        if key not in self._types:
            with self.raw.cursor() as cur:
                cur.execute(
                    "SELECT a.attname, t.typname FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid "
                    "WHERE a.attrelid = %s::regclass AND a.attnum > 0 AND NOT a.attisdropped",
                    (table,),
                )
                by_name = dict(cur.fetchall())
            self._types[key] = [by_name[c] for c in columns]
        return self._types[key]

    def write(self, table: str, columns: Sequence[str], rows: Iterable[Row]) -> int:
        types = self._column_types(table, columns)
        count = 0
        statement = f"COPY {table} ({', '.join(columns)}) FROM STDIN (FORMAT BINARY)"
        with self.raw.cursor() as cur, cur.copy(statement) as copy:
            copy.set_types(types)
            write_row = copy.write_row
            for row in rows:
                write_row(row)
                count += 1
        return count

    def _fetch(self, sql: str, params: tuple[Any, ...]) -> list[tuple[Any, ...]]:
        with self.raw.cursor() as cur:
            cur.execute(sql, params)
            return list(cur.fetchall())

    def before_load(self, tables: Sequence[str], keep: Iterable[str] = ()) -> None:
        names, kept = list(tables), set(keep)
        foreign_keys = self._fetch(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE contype = 'f' AND conrelid = ANY(%s::regclass[]) ORDER BY conrelid, conname",
            (names,),
        )
        # A unique constraint that some foreign key points at has to stay.
        uniques = self._fetch(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint c "
            "WHERE contype = 'u' AND conrelid = ANY(%s::regclass[]) AND NOT EXISTS "
            "(SELECT 1 FROM pg_constraint f WHERE f.contype = 'f' AND f.conindid = c.conindid) "
            "ORDER BY conrelid, conname",
            (names,),
        )
        # Partial indexes stay: they are on small tables, and pg_get_indexdef spells their predicate
        # differently from the migration, which would make the schema differ in text after a rebuild.
        indexes = self._fetch(
            "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
            "WHERE i.indrelid = ANY(%s::regclass[]) AND NOT i.indisprimary AND i.indpred IS NULL "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid) ORDER BY 1",
            (names,),
        )
        uniques = [u for u in uniques if u[1] not in kept]
        indexes = [i for i in indexes if i[0] not in kept]
        # An index column's own statistics target (migration 0027) is not part of its definition.
        targets = self._fetch(
            "SELECT a.attrelid::regclass::text, a.attnum, a.attstattarget FROM pg_attribute a "
            "WHERE a.attrelid = ANY(%s::regclass[]) AND a.attstattarget >= 0 ORDER BY 1, 2",
            ([name for name, _ in indexes],),
        )
        # Change notifications (a NOTIFY per inserted row) would queue millions of messages for every
        # listening workstation; nobody watches a database while it is being filled. The ledger's
        # balance trigger is off too: the generator writes each contract's balance with it.
        notifying = self._fetch(
            "SELECT t.tgrelid::regclass::text, t.tgname FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid "
            "WHERE t.tgrelid = ANY(%s::regclass[]) AND NOT t.tgisinternal AND t.tgenabled <> 'D' "
            "AND (p.prosrc LIKE '%%pg_notify%%' OR t.tgname = 'ledger_entry_moves_balance') ORDER BY 1, 2",
            (names,),
        )
        for table, name, _ in foreign_keys + uniques:
            self.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
        for name, _ in indexes:
            self.execute(f"DROP INDEX {name}")
        for table, name in notifying:
            self.execute(f'ALTER TABLE {table} DISABLE TRIGGER "{name}"')
        self._restore = [f'ALTER TABLE {table} ENABLE TRIGGER "{name}"' for table, name in notifying]
        # Indexes before keys: the key checks afterwards are plain joins that need no secondary index.
        self._restore += [definition for _, definition in indexes]
        self._restore += [f"ALTER INDEX {i} ALTER COLUMN {n} SET STATISTICS {t}" for i, n, t in targets]
        self._restore += [f'ALTER TABLE {t} ADD CONSTRAINT "{n}" {d}' for t, n, d in uniques + foreign_keys]

    def after_load(self, progress: IndexProgress | None = None) -> None:
        for done, statement in enumerate(self._restore):
            if progress:
                progress(done, len(self._restore))
            self.execute(statement)
        if progress:
            progress(len(self._restore), len(self._restore))
        self._restore = []
        self._reset_sequences()
        self.execute("ANALYZE")

    def _reset_sequences(self) -> None:
        """Ids were given explicitly: make the next ordinary insert continue after the largest one."""
        for table in Base.metadata.sorted_tables:
            if "id" not in table.c or not table.c.id.primary_key:
                continue
            sequence = self.scalar(f"SELECT pg_get_serial_sequence('{table.name}', 'id')")
            if sequence:
                last = f"(SELECT max(id) FROM {table.name})"
                self.execute(f"SELECT setval('{sequence}', COALESCE({last}, 1), {last} IS NOT NULL)")


def _sqlite_converter(column_type: Any) -> Converter | None:
    """How a Python value is stored by SQLAlchemy on SQLite, for the types the demo writes."""
    if isinstance(column_type, UTCDateTime):
        return lambda v: v.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    if isinstance(column_type, Date):
        return lambda v: v.isoformat()
    if isinstance(column_type, Boolean):
        return lambda v: 1 if v else 0
    if isinstance(column_type, Uuid):
        return lambda v: v.hex if isinstance(v, uuid.UUID) else v
    if isinstance(column_type, JSON):
        return lambda v: json.dumps(v, ensure_ascii=False)
    return None


class SqliteLoader(BulkLoader):
    """executemany in the one open transaction; fine for the few thousand subscribers SQLite gets."""

    def __init__(self, conn: Connection, extra_tables: Iterable[Table] = ()) -> None:
        super().__init__(conn, extra_tables)
        self._triggers: list[tuple[str, str]] = []

    def write(self, table: str, columns: Sequence[str], rows: Iterable[Row]) -> int:
        spec = self.tables[table].c
        converters = [(i, f) for i, c in enumerate(columns) if (f := _sqlite_converter(spec[c].type))]

        def converted() -> Iterable[Row]:
            for row in rows:
                if converters:
                    values = list(row)
                    for i, convert in converters:
                        if values[i] is not None:
                            values[i] = convert(values[i])
                    row = values
                yield row

        placeholders = ", ".join("?" for _ in columns)
        raw = self.conn.connection.driver_connection
        assert raw is not None
        before = raw.total_changes
        raw.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({placeholders})", converted())
        return int(raw.total_changes - before)

    def before_load(self, tables: Sequence[str], keep: Iterable[str] = ()) -> None:
        """A few thousand rows load in a second with every index and key in place; only the ledger's
        balance trigger is set aside (the generator writes each contract's balance with it)."""
        raw = self.conn.connection.driver_connection
        assert raw is not None
        self._triggers = [
            (name, sql)
            for name, sql in raw.execute(
                "SELECT name, sql FROM sqlite_master "
                "WHERE type = 'trigger' AND name = 'ledger_entry_moves_balance'"
            )
        ]
        for name, _sql in self._triggers:
            raw.execute(f"DROP TRIGGER {name}")

    def after_load(self, progress: IndexProgress | None = None) -> None:
        raw = self.conn.connection.driver_connection
        assert raw is not None
        for _name, sql in self._triggers:
            raw.execute(sql)
        self._triggers = []
        # An INTEGER PRIMARY KEY continues after the largest id by itself; statistics for the planner.
        self.execute("ANALYZE")


def make_loader(conn: Connection, extra_tables: Iterable[Table] = ()) -> BulkLoader:
    if conn.dialect.name == "postgresql":
        return PostgresLoader(conn, extra_tables)
    return SqliteLoader(conn, extra_tables)
