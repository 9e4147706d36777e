"""The search's SQL building blocks: the tiers and segments every query class shares, patterns rendered
into the SQL text, "C"-ordered ranges, FTS5 matches, and the page builders that pick a page's keys on
narrow rows before reading the hit columns for that page alone (see search.py for the whole picture).
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Integer,
    Select,
    bindparam,
    column,
    exists,
    literal_column,
    or_,
    select,
    table,
    tuple_,
)
from sqlalchemy.orm import aliased
from sqlalchemy.sql.elements import BindParameter
from sqlalchemy.types import UserDefinedType

from app.models import Building, Contract, Premises, Subscriber


class Tier(enum.IntEnum):
    """How well a hit matches, best first (see the module's docstring)."""

    EXACT = 0
    TAIL = 1
    PREFIX = 2
    WORDS = 3
    FRAGMENT = 4


Stmt = Select[*tuple[Any, ...]]


@dataclass(frozen=True)
class Segment:
    tier: Tier
    statement: Callable[[tuple[Any, ...] | None, int], Stmt]  # (keyset after, limit) → statement
    # Read off a "C" btree in its order: on PostgreSQL, bitmap and sequential scans are off for it. Its
    # planner guesses the LIKE filters of initials far too selective (3 rows for 32,000) and would
    # collect the whole range and sort it (200 ms) instead of walking it until a page is full (10 ms).
    in_index_order: bool = False


def sql_literal(value: Any) -> BindParameter[Any]:
    # Rendered into the SQL text: the planner sees the pattern (psycopg's prepared statements with a
    # generic plan once turned a 2-letter trigram search into a 2.6 s scan).
    return bindparam(None, value, literal_execute=True)


class _IdList(UserDefinedType[list[int]]):
    """Integer keys rendered into the SQL text as one «(1, 2, 3)» (no keys: «(NULL)», which nothing
    equals), by one join: SQLAlchemy's rendering of an expanding IN, value by value, costs 0.6 ms more
    for the 2,000 buildings of a common street word and 3 ms more for 5,000."""

    cache_ok = True

    def literal_processor(self, dialect: Any) -> Callable[[list[int]], str]:
        return lambda ids: f"({', '.join(str(int(i)) for i in ids) or 'NULL'})"


def in_ids(column: Any, ids: list[int]) -> ColumnElement[bool]:
    """`column IN (ids)`, the ids written into the SQL text as the planner's literals at execution: the
    compiled statement stays cached whatever the ids (written into the statement itself, every new list
    of a street's buildings compiled the whole statement again: 2–5 ms on a query's first run)."""
    return column.op("IN")(bindparam(None, list(ids), type_=_IdList(), literal_execute=True))


def like(column: Any, pattern: str) -> ColumnElement[bool]:
    return column.like(sql_literal(pattern), escape="/")


def like_escape(value: str) -> str:
    return value.replace("/", "//").replace("%", "/%").replace("_", "/_")


def contains(column: Any, token: str) -> ColumnElement[bool]:
    return like(column, f"%{like_escape(token)}%")


def ends_with(column: Any, token: str) -> ColumnElement[bool]:
    return like(column, f"%{like_escape(token)}")


def starts_with(column: Any, token: str) -> ColumnElement[bool]:
    return like(column, f"{like_escape(token)}%")


def next_prefix(prefix: str) -> str:
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


def code_point_order(column: Any, dialect: str) -> Any:
    """The column in code-point order (PostgreSQL's "C"; SQLite's BINARY already is)."""
    return column.collate("C") if dialect == "postgresql" else column


def code_point_range(column: Any, low: str, high: str, dialect: str) -> ColumnElement[bool]:
    """low <= column < high, in code-point order (a range of the "C" btree)."""
    ordered = code_point_order(column, dialect)
    return (ordered >= sql_literal(low)) & (ordered < sql_literal(high))


def prefix_range(column: Any, prefix: str, dialect: str) -> ColumnElement[bool]:
    return code_point_range(column, prefix, next_prefix(prefix), dialect)


def fts_phrases(columns: str, tokens: list[str] | tuple[str, ...]) -> str:
    return " AND ".join(f'{columns} : "{t}"' for t in tokens)


SUBSCRIBER_FTS = table("subscriber_search", column("rowid", Integer))
BUILDING_FTS = table("building_search", column("rowid", Integer))
CONTRACT_FTS = table("contract_search", column("rowid", Integer))


def fts_match(fts: Any, expression: str) -> ColumnElement[bool]:
    return literal_column(fts.name).op("MATCH")(sql_literal(expression))


# Words of the name: «a word of it starts with w» and «w is a whole word of it», on search_name with a
# space around (the name's words are search keys: lower case, ё→е, single spaces).
def word_start(column: Any, word: str) -> ColumnElement[bool]:
    return like(sql_literal(" ").concat(column), f"% {like_escape(word)}%")


HIT_COLUMNS = (
    Contract.id,
    Contract.number,
    Subscriber.id,
    Subscriber.full_name,
    Subscriber.phone,
    Building.city,
    Building.street,
    Building.house,
    Building.block,
    Premises.apartment,
    Contract.balance,
    Contract.status,
    Subscriber.phone2,
)
# A page's subscribers are picked (and sorted) before their contracts are joined: a query with thousands
# of matches then joins only a page of them. On SQLite the subquery with a LIMIT is not flattened and
# reads FTS matches in rowid order. The slack leaves room for subscribers without a contract.
SLACK = 50
ALL_ROWS = 10_000_000


def hit_columns_from(start: Any, order: tuple[Any, ...]) -> Stmt:
    """The hit columns and `order`, reading from `start` (a table or a subquery of ids)."""
    return select(*HIT_COLUMNS, *order).select_from(start)


def with_places(stmt: Stmt) -> Stmt:
    return stmt.outerjoin(Premises, Premises.id == Contract.premises_id).outerjoin(
        Building, Building.id == Premises.building_id
    )


def after_keyset(stmt: Stmt, order: tuple[Any, ...], after: tuple[Any, ...] | None) -> Stmt:
    if after is None:
        return stmt
    key = [sql_literal(v) for v in after]
    # The first column alone lets the index range start at the keyset.
    return stmt.where(order[0] >= key[0], tuple_(*order) > tuple_(*key))


def few_first(keys: Stmt) -> Any:
    """`keys` as a set of their own, read off their (trigram) index before anything else: PostgreSQL
    weighs a LIKE on a histogram of sampled values, too coarse for a rare pattern (it guessed 0.01 % or
    1 % of all rows for four digits); at 1 % it walks the primary key in the page's order, filtering
    every row, when the few matches are a short read of the index («3439», a phone tail: 387,000
    subscribers filtered, 150–200 ms; as a set, 4 ms)."""
    return keys.cte("held").prefix_with("MATERIALIZED")


def subscriber_page(keys: Any, key_order: tuple[Any, ...], after: tuple[Any, ...] | None, limit: int) -> Stmt:
    """The page's subscribers are found and ordered on narrow rows first (`keys` selects
    `key_order`, ending in the subscriber id), then their contracts are read for them alone."""
    if after is not None:
        keys = keys.where(key_order[0] >= sql_literal(after[0]))
    found = keys.order_by(*key_order).limit(limit + SLACK).subquery("found")
    columns = list(found.c)
    order = (*columns, Contract.id)
    stmt = hit_columns_from(found, order).join(Subscriber, Subscriber.id == columns[-1])
    stmt = with_places(stmt.join(Contract, Contract.subscriber_id == Subscriber.id))
    return after_keyset(stmt, order, after).order_by(*order).limit(limit)


def contract_page(keys: Any, key_order: tuple[Any, ...], after: tuple[Any, ...] | None, limit: int) -> Stmt:
    """The page's contracts are found and ordered on narrow rows first (`keys` selects `key_order`,
    ending in the contract id), then the hit columns are read for that page alone."""
    page = after_keyset(keys, key_order, after).order_by(*key_order).limit(limit).subquery("page")
    order = tuple(page.c)
    stmt = with_places(
        hit_columns_from(page, order)
        .join(Contract, Contract.id == order[-1])
        .join(Subscriber, Subscriber.id == Contract.subscriber_id)
    )
    return stmt.order_by(*order)


def by_subscriber(
    dialect: str,
    where: list[ColumnElement[bool]],
    fts: str,
    after: tuple[Any, ...] | None,
    limit: int,
    *,
    few: bool = False,
) -> Stmt:
    """Contracts of subscribers matching `where` and (SQLite) the FTS expression `fts`, by subscriber
    id then contract id. On PostgreSQL `where` holds the trigram conditions that find them; `few`: they
    find few subscribers whatever the planner guesses, so they are read as a set of their own first
    (see `few_first`)."""
    if dialect == "postgresql" and few:
        held = few_first(select(Subscriber.id).where(*where))
        return subscriber_page(select(held.c.id), (held.c.id,), after, limit)
    if dialect == "postgresql" or not fts:
        return subscriber_page(select(Subscriber.id).where(*where), (Subscriber.id,), after, limit)
    fts_id = SUBSCRIBER_FTS.c.rowid
    keys = select(fts_id).select_from(SUBSCRIBER_FTS).where(fts_match(SUBSCRIBER_FTS, fts))
    if where:
        keys = keys.join(Subscriber, Subscriber.id == fts_id).where(*where)
    return subscriber_page(keys, (fts_id,), after, limit)


def by_name_order(
    dialect: str, where: list[ColumnElement[bool]], after: tuple[Any, ...] | None, limit: int
) -> Stmt:
    """Contracts of subscribers matching `where` (which holds a name prefix range), by name."""
    name = code_point_order(Subscriber.search_name, dialect)
    keys = select(name.label("name"), Subscriber.id).where(*where)
    return subscriber_page(keys, (name, Subscriber.id), after, limit)


def digits_held(dialect: str, digits: tuple[str, ...]) -> list[ColumnElement[bool]]:
    """Per typed group of digits: a phone of the subscriber or the number of one of their contracts
    holds it (a filter on rows found otherwise)."""
    held = []
    theirs = aliased(Contract)  # not the contract of the row: any contract of the subscriber
    for group in digits:
        numbers = (
            select(theirs.id)
            .where(theirs.subscriber_id == Subscriber.id, contains(theirs.number, group))
            .correlate(Subscriber)
        )
        held.append(
            or_(contains(Subscriber.phone, group), contains(Subscriber.phone2, group), exists(numbers))
        )
    return held
