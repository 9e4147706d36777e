"""Many rows in one go: COPY on PostgreSQL, executemany on SQLite.

An ORM or Core bulk insert is sent by psycopg as one INSERT per row (every statement firing the
server's statement-level triggers: the actor check reads its transition table), and a multi-row
VALUES statement costs more to build in Python than to run: a night with 900,000 history events spent
minutes on either. COPY sends the rows as one stream and fires the statement triggers once. SQLite
runs executemany natively. Defaults the model gives in Python (times, statuses) are filled in here, as
the ORM would."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import JSON, Table, insert, text
from sqlalchemy.orm import Session


def insert_rows(session: Session, model: Any, rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert `rows` (dicts of column values, the same keys in each) into `model`'s table."""
    if not rows:
        return
    table: Table = model.__table__
    if session.get_bind().dialect.name != "postgresql":
        session.execute(insert(table), list(rows))
        return
    given = list(rows[0])
    defaults = {
        column.name: column.default
        for column in table.columns
        if column.name not in given and column.default is not None and not column.primary_key
    }
    as_json = [isinstance(table.columns[name].type, JSON) for name in given]  # sent as their text
    names = [*given, *defaults]
    quoted = ", ".join(f'"{name}"' for name in names)
    connection = session.connection().connection.driver_connection
    assert connection is not None
    session.flush()
    with connection.cursor() as cursor, cursor.copy(f'COPY "{table.name}" ({quoted}) FROM STDIN') as copy:
        for row in rows:
            extra = [d.arg if d.is_scalar else d.arg(None) for d in defaults.values()]  # type: ignore[attr-defined]
            values = [
                json.dumps(row[name], ensure_ascii=False) if text and row[name] is not None else row[name]
                for name, text in zip(given, as_json, strict=True)
            ]
            copy.write_row(values + extra)


def reserve_ids(session: Session, model: Any, count: int) -> list[int]:
    """`count` new ids of `model`'s table, taken before the rows are written (so that rows inserted in
    bulk can name each other). PostgreSQL: from the table's sequence. SQLite: above the highest id —
    safe because a writing transaction there holds the database's only write lock; call it after the
    transaction's first write."""
    if count <= 0:
        return []
    table: Table = model.__table__
    if session.get_bind().dialect.name == "postgresql":
        rows = session.execute(
            text(f"SELECT nextval(pg_get_serial_sequence('{table.name}', 'id')) FROM generate_series(1, :n)"),
            {"n": count},
        )
        return [int(value) for (value,) in rows]
    session.flush()
    highest = int(session.execute(text(f'SELECT coalesce(max(id), 0) FROM "{table.name}"')).scalar_one())
    return list(range(highest + 1, highest + 1 + count))
