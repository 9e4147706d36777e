"""Keys written into a statement's SQL text instead of sent as parameters.

psycopg prepares a statement once it has run five times with the same text, and PostgreSQL may then
keep a generic plan, made without the values and with the statistics of that moment. A batch loop
(500 keys, then the next 500) runs one text hundreds of times. Two such plans cost minutes at a million
subscribers: reminders' dedupe lookup read the whole outbox for every batch (its statistics said it
was empty), and the debtors of a batch of buildings were read by a parallel scan of every contract.
Keys written into the text make every batch a statement of its own, planned for its values."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import ColumnElement, bindparam


def in_literals(column: Any, values: Iterable[Any]) -> ColumnElement[bool]:
    """`column IN (values)`, the values rendered into the SQL text."""
    return column.in_(bindparam(None, list(values), expanding=True, literal_execute=True))
