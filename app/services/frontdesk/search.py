"""The front desk's one search box: subscriber name, phone, address or contract number, as typed.

Every query class runs on an index (migration 0003): fragments of 3+ characters on trigram indexes
(pg_trgm on PostgreSQL, FTS5 trigram on SQLite); 1–2 character input and contract numbers on prefix
btrees. Hits come grouped by class — contract numbers, phones, names, addresses — and within a class in
the order its index reads them, so the first page of a surname with 50,000 bearers costs no sort:
numbers by number; phone and name fragments by subscriber (registration order); 1–2 letters by name;
addresses by building, then apartment (9 before 10). Pages follow by keyset (`after=` the last hit of a page).
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Integer,
    Select,
    bindparam,
    column,
    func,
    literal_column,
    or_,
    select,
    table,
    tuple_,
)
from sqlalchemy.sql.elements import BindParameter

from app.db import Database
from app.models import Building, Contract, ContractStatus, Premises, Subscriber
from app.services.kernel.addresses import full_address
from app.services.kernel.permissions import Actor, Permission, require
from app.services.kernel.text import search_key

MAX_LIMIT = 500
MAX_WORDS = 8
# Shortest fragment a trigram index can find; anything shorter goes to a prefix index.
TRIGRAM = 3
_PHONE_INPUT = re.compile(r"^[\d\s()+.-]+$")
_DIGITS = re.compile(r"\D")
# Words people type around an address that the stored building text need not hold.
_ADDRESS_NOISE = frozenset({"д", "дом", "ул", "улица", "пр", "проспект", "пер", "переулок", "г", "город"})
_APARTMENT_MARKERS = frozenset({"кв", "квартира", "квар"})


class Rank(enum.IntEnum):
    """The query classes, in the order their hits are listed."""

    NUMBER = 0
    PHONE = 1
    NAME = 2
    ADDRESS = 3


@dataclass(frozen=True)
class SearchHit:
    """One contract found, with what the operator needs to recognise it."""

    contract_id: int
    number: str
    subscriber_id: int
    subscriber_name: str
    phone: str
    address: str  # with the apartment: «Тверь, ул. Ленина, д. 12, кв. 5»
    balance: int  # kopecks
    status: ContractStatus
    rank: Rank  # which class found it
    sort_key: tuple[Any, ...]  # its place in the class's order: the keyset of the next page


@dataclass(frozen=True)
class _Plan:
    """What one query asks for, split by query class."""

    number_prefix: str = ""
    phone_exact: str = ""
    phone_fragment: str = ""
    name_tokens: tuple[str, ...] = ()
    address_tokens: tuple[str, ...] = ()
    apartment: str = ""


def plan_query(query: str) -> _Plan:
    """Split what was typed into the query classes it may mean."""
    raw = query.strip()
    if not raw:
        return _Plan()
    if _PHONE_INPUT.match(raw):
        digits = _DIGITS.sub("", raw)
        if not digits:
            return _Plan()
        phone_exact = phone_fragment = ""
        if len(digits) == 11 and digits[0] in "78":
            phone_exact = "7" + digits[1:]
        elif len(digits) == 10:
            phone_exact = "7" + digits
        elif len(digits) >= TRIGRAM:
            phone_fragment = digits
        number = "".join(raw.split())
        return _Plan(
            number_prefix=number if number.isdigit() else digits,
            phone_exact=phone_exact,
            phone_fragment=phone_fragment,
        )
    # Nobody types more than a few words to find someone; a pasted page would build a query too big
    # for the database («Expression tree is too large» on SQLite): the first words decide.
    tokens = search_key(raw).split()[:MAX_WORDS]
    address: list[str] = []
    apartment = ""
    numbers = 0
    position = 0
    while position < len(tokens):
        token = tokens[position]
        if token in _APARTMENT_MARKERS and position + 1 < len(tokens):
            apartment = tokens[position + 1]
            position += 2
            continue
        if token not in _ADDRESS_NOISE and token not in _APARTMENT_MARKERS:
            address.append(token)
            numbers += token.isdigit()
        position += 1
    if not apartment and numbers >= 2 and address[-1].isdigit():
        apartment = address.pop()  # «ленина 12 5»: the house, then the apartment
    if not any(len(t) >= TRIGRAM and not t.isdigit() for t in address):
        address = []  # no street word to look up by: «12 кв 5» alone would list half the town
    # A name holds no house or apartment numbers: input with a number is an address.
    names = () if any(t.isdigit() for t in tokens) else tuple(tokens)
    return _Plan(name_tokens=names, address_tokens=tuple(address), apartment=apartment if address else "")


def _literal(value: Any) -> BindParameter[Any]:
    # Rendered into the SQL text: the planner sees the pattern (psycopg's prepared statements with a
    # generic plan once turned a 2-letter trigram search into a 2.6 s scan).
    return bindparam(None, value, literal_execute=True)


def _like_escape(value: str) -> str:
    return value.replace("/", "//").replace("%", "/%").replace("_", "/_")


def _contains(column: Any, token: str) -> ColumnElement[bool]:
    return column.like(_literal(f"%{_like_escape(token)}%"), escape="/")


def _next_prefix(prefix: str) -> str:
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


def _c(column: Any, dialect: str) -> Any:
    """The column in code-point order (PostgreSQL's "C"; SQLite's BINARY already is)."""
    return column.collate("C") if dialect == "postgresql" else column


def _prefix(column: Any, prefix: str, dialect: str) -> ColumnElement[bool]:
    ordered = _c(column, dialect)
    return (ordered >= _literal(prefix)) & (ordered < _literal(_next_prefix(prefix)))


def _fts_phrases(columns: str, tokens: list[str]) -> str:
    return " AND ".join(f'{columns} : "{t}"' for t in tokens)


_SUBSCRIBER_FTS = table("subscriber_search", column("rowid", Integer))
_BUILDING_FTS = table("building_search", column("rowid", Integer))


def _match(fts: Any, expression: str) -> ColumnElement[bool]:
    return literal_column(fts.name).op("MATCH")(_literal(expression))


_HIT_COLUMNS = (
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
)


_Stmt = Select[*tuple[Any, ...]]
# A page's subscribers are picked (and sorted) before their contracts are joined: a query with thousands
# of matches then joins only a page of them. On SQLite the subquery with a LIMIT is not flattened and
# reads FTS matches in rowid order. The slack leaves room for subscribers without a contract.
_SLACK = 50
_ALL_BUILDINGS = 1_000_000


def _joined(start: Any, order: tuple[Any, ...]) -> _Stmt:
    """The hit columns and `order`, reading from `start` (a table or a subquery of ids)."""
    return select(*_HIT_COLUMNS, *order).select_from(start)


def _with_places(stmt: _Stmt) -> _Stmt:
    return stmt.outerjoin(Premises, Premises.id == Contract.premises_id).outerjoin(
        Building, Building.id == Premises.building_id
    )


def _keyset(stmt: _Stmt, order: tuple[Any, ...], after: tuple[Any, ...] | None) -> _Stmt:
    if after is None:
        return stmt
    key = [_literal(v) for v in after]
    # The first column alone lets the index range start at the keyset.
    return stmt.where(order[0] >= key[0], tuple_(*order) > tuple_(*key))


def _number_class(plan: _Plan, dialect: str, after: tuple[Any, ...] | None, limit: int) -> _Stmt:
    order = (_c(Contract.number, dialect), Contract.id)
    stmt = _with_places(
        _joined(Contract, order).join(Subscriber, Subscriber.id == Contract.subscriber_id)
    ).where(_prefix(Contract.number, plan.number_prefix, dialect))
    return _keyset(stmt, order, after).order_by(*order).limit(limit)


def _subscriber_page(
    keys: Any, key_order: tuple[Any, ...], after: tuple[Any, ...] | None, limit: int
) -> _Stmt:
    """The page's subscribers are found and ordered on narrow rows first (`keys` selects
    `key_order`, ending in the subscriber id), then their contracts are read for them alone."""
    if after is not None:
        keys = keys.where(key_order[0] >= _literal(after[0]))
    found = keys.order_by(*key_order).limit(limit + _SLACK).subquery("found")
    columns = list(found.c)
    order = (*columns, Contract.id)
    stmt = _joined(found, order).join(Subscriber, Subscriber.id == columns[-1])
    stmt = _with_places(stmt.join(Contract, Contract.subscriber_id == Subscriber.id))
    return _keyset(stmt, order, after).order_by(*order).limit(limit)


def _subscribers(
    dialect: str,
    where: list[ColumnElement[bool]],
    fts: str,
    after: tuple[Any, ...] | None,
    limit: int,
) -> _Stmt:
    """Contracts of subscribers matching `where` and (SQLite) the FTS expression `fts`, by subscriber
    id then contract id."""
    if dialect == "postgresql" or not fts:
        keys = select(Subscriber.id).where(*where)
        return _subscriber_page(keys, (Subscriber.id,), after, limit)
    fts_id = _SUBSCRIBER_FTS.c.rowid
    keys = select(fts_id).select_from(_SUBSCRIBER_FTS).where(_match(_SUBSCRIBER_FTS, fts))
    if where:
        keys = keys.join(Subscriber, Subscriber.id == fts_id).where(*where)
    return _subscriber_page(keys, (fts_id,), after, limit)


def _phone_class(plan: _Plan, dialect: str, after: tuple[Any, ...] | None, limit: int) -> _Stmt:
    if plan.phone_exact:
        exact = _literal(plan.phone_exact)
        return _subscribers(
            dialect, [or_(Subscriber.phone == exact, Subscriber.phone2 == exact)], "", after, limit
        )
    if dialect == "postgresql":
        phones = Subscriber.phone.op("||")(" ").op("||")(Subscriber.phone2)
        return _subscribers(dialect, [_contains(phones, plan.phone_fragment)], "", after, limit)
    return _subscribers(dialect, [], _fts_phrases("{phone phone2}", [plan.phone_fragment]), after, limit)


def _name_class(plan: _Plan, dialect: str, after: tuple[Any, ...] | None, limit: int) -> _Stmt:
    long = [t for t in plan.name_tokens if len(t) >= TRIGRAM]
    short = [t for t in plan.name_tokens if len(t) < TRIGRAM]
    residual = [_contains(Subscriber.search_name, t) for t in short[(0 if long else 1) :]]
    if long:
        if dialect == "postgresql":
            where = [_contains(Subscriber.search_name, t) for t in long] + residual
            return _subscribers(dialect, where, "", after, limit)
        return _subscribers(dialect, residual, _fts_phrases("search_name", long), after, limit)
    # 1–2 letters: the start of the name, read in name order off the prefix index.
    name = _c(Subscriber.search_name, dialect)
    keys = select(name.label("name"), Subscriber.id).where(
        _prefix(Subscriber.search_name, short[0], dialect), *residual
    )
    return _subscriber_page(keys, (name, Subscriber.id), after, limit)


def _address_class(plan: _Plan, dialect: str, after: tuple[Any, ...] | None, limit: int) -> _Stmt:
    long = [t for t in plan.address_tokens if len(t) >= TRIGRAM]
    short = [t for t in plan.address_tokens if len(t) < TRIGRAM]
    where = [_contains(Building.search_text, t) for t in short]
    if plan.apartment:
        where.append(Premises.apartment == _literal(plan.apartment))
    # Apartments in natural order (9 before 10): by length, then text.
    apartment_length = func.length(Premises.apartment).label("apartment_length")
    if dialect == "postgresql":
        building_id: Any = Building.id
        keys = select(Building.id, apartment_length, Premises.apartment, Contract.id).select_from(Building)
        where += [_contains(Building.search_text, t) for t in long]
    else:  # the FTS matches in rowid order, not flattened into the join (the LIMIT sees to it)
        buildings = (
            select(_BUILDING_FTS.c.rowid)
            .where(_match(_BUILDING_FTS, _fts_phrases("search_text", long)))
            .order_by(_BUILDING_FTS.c.rowid)
            .limit(_ALL_BUILDINGS)
            .subquery("buildings")
        )
        building_id = buildings.c.rowid
        keys = (
            select(building_id, apartment_length, Premises.apartment, Contract.id)
            .select_from(buildings)
            .join(Building, Building.id == building_id)
        )
    # The page's keys are sorted on narrow rows; the hit columns are read for that page alone.
    key_order = (building_id, apartment_length, Premises.apartment, Contract.id)
    keys = (
        keys.join(Premises, Premises.building_id == Building.id)
        .join(Contract, Contract.premises_id == Premises.id)
        .where(*where)
    )
    page = _keyset(keys, key_order, after).order_by(*key_order).limit(limit).subquery("page")
    order = tuple(page.c)
    stmt = _with_places(
        _joined(page, order)
        .join(Contract, Contract.id == order[3])
        .join(Subscriber, Subscriber.id == Contract.subscriber_id)
    )
    return stmt.order_by(*order)


_CLASSES = (
    (Rank.NUMBER, lambda p: bool(p.number_prefix), _number_class),
    (Rank.PHONE, lambda p: bool(p.phone_exact or p.phone_fragment), _phone_class),
    (Rank.NAME, lambda p: bool(p.name_tokens), _name_class),
    (Rank.ADDRESS, lambda p: bool(p.address_tokens), _address_class),
)


def search_statements(
    dialect: str, query: str, *, limit: int = 50, after: SearchHit | None = None
) -> list[tuple[Rank, _Stmt]]:
    """The statements `search` may run, one per query class in rank order (for EXPLAIN and the
    benchmark); each reads at most `limit` hits after `after`."""
    plan = plan_query(query)
    statements = []
    for rank, wanted, build in _CLASSES:
        if not wanted(plan) or (after is not None and after.rank > rank):
            continue  # not asked for, or read to its end on earlier pages
        key = after.sort_key if after is not None and after.rank == rank else None
        statements.append((rank, build(plan, dialect, key, limit)))
    return statements


def _to_hit(rank: Rank, row: Any) -> SearchHit:
    address = full_address(row[5], row[6], row[7], row[8], row[9] or "") if row[6] is not None else ""
    return SearchHit(
        contract_id=row[0],
        number=row[1],
        subscriber_id=row[2],
        subscriber_name=row[3],
        phone=row[4],
        address=address,
        balance=row[10],
        status=ContractStatus(row[11]),
        rank=rank,
        sort_key=tuple(row[12:]),
    )


def search(
    db: Database, actor: Actor, query: str, *, limit: int = 50, after: SearchHit | None = None
) -> list[SearchHit]:
    """Contracts whose number, subscriber's phone or name, or address matches `query`: contract
    numbers first, then phones, names and addresses. `after` is the last hit of the previous page.
    Empty input finds nothing. A contract found by two classes is listed once on a page."""
    require(actor, Permission.VIEW_SUBSCRIBERS)
    limit = max(1, min(limit, MAX_LIMIT))
    hits: list[SearchHit] = []
    seen: set[int] = set()
    statements = search_statements(db.dialect, query.replace("\x00", " "), limit=limit, after=after)
    if not statements:
        return hits
    with db.reading(actor) as conn:
        for rank, stmt in statements:
            for row in conn.execute(stmt):
                hit = _to_hit(rank, row)
                if hit.contract_id not in seen and len(hits) < limit:
                    seen.add(hit.contract_id)
                    hits.append(hit)
            if len(hits) >= limit:
                break
    return hits
