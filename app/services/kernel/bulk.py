"""Many rows in few statements: multi-row INSERT … VALUES, a thousand rows each.

An ORM bulk insert (`session.execute(insert(Model), rows)`) is sent by psycopg as one INSERT per row,
and every statement fires the server's statement-level triggers (the actor check reads its transition
table): a night with 900,000 history events spent most of its time there. One statement per thousand
rows fires them once per thousand."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session

ROWS_PER_STATEMENT = 1_000  # × a dozen columns stays under SQLite's 32,766 parameters


def insert_rows(session: Session, model: Any, rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert `rows` (dicts of column values, the same keys in each) into `model`'s table."""
    for start in range(0, len(rows), ROWS_PER_STATEMENT):
        session.execute(insert(model).values(list(rows[start : start + ROWS_PER_STATEMENT])))
