"""The front desk's one search box: any mix of name, phone, address and contract number, as typed.

search_plan.py reads the query into its possible meanings; here each meaning becomes a few statements
("segments"), one per quality of match, and the hits are listed segment by segment:

1. EXACT — the contract number or the full phone as typed; the surname as typed with the other words
   whole or as initials («иванов и и»); the street word whole with the house exactly («фурманова 2а»);
2. TAIL — the last 4+ digits of a phone or a contract number, read off a caller ID or a receipt (they
   come before the prefixes: every contract number of a town starts with the same few digits);
3. PREFIX — the start of a contract number; a name that starts with the first word, the other words
   starting words of it; streets that start with the words, or a lettered house for a bare number
   («12» → «12а», «12к1»);
4. WORDS — every word starts a word of the name, in any order («иван иванов»);
5. FRAGMENT — the words anywhere inside the name or the address, the digits inside a phone.

A segment excludes what an earlier one of its meaning listed, so pages do not repeat. Every segment
runs on an index (migrations 0003 and 0014): words of 3+ letters on trigram indexes (pg_trgm on
PostgreSQL, FTS5 trigram on SQLite), name starts and contract numbers on "C"-ordered btrees, houses on
`building.house_key`. Buildings are few: those a meaning's street words and house describe are read
first and graded (see `_building_grades`); their apartments are then read by building id. Within a
segment, hits come in the order its index reads them: names by name, fragments by subscriber,
addresses by building then apartment (9 before 10). Pages follow by keyset (`after=` the last hit).
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Integer,
    Select,
    and_,
    bindparam,
    column,
    exists,
    func,
    literal_column,
    not_,
    or_,
    select,
    table,
    tuple_,
)
from sqlalchemy.orm import aliased
from sqlalchemy.sql.elements import BindParameter

from app.db import Database
from app.models import Building, Contract, ContractStatus, Premises, Subscriber
from app.services.frontdesk.search_plan import TRIGRAM, Digits, Reading, digits_query, readings, terms
from app.services.kernel.addresses import full_address
from app.services.kernel.permissions import Actor, Permission, require
from app.services.kernel.text import search_key

MAX_LIMIT = 500
# How far `count_matches` counts: beyond it the screen says «more than 1000».
COUNT_CAP = 1000
# Tails: fewer digits than this are everybody's.
TAIL = 4
# A meaning whose street words fit more buildings than this (the town's name) filters by them in SQL
# instead of listing the buildings.
BUILDING_CAP = 2000
# A name + street query reads the people first when they are fewer than half the street's apartments;
# beyond this many people, the street is read first (see _bearers_are_fewer).
BEARERS_COUNTED = 5000


class Tier(enum.IntEnum):
    """How well a hit matches, best first (see the module's docstring)."""

    EXACT = 0
    TAIL = 1
    PREFIX = 2
    WORDS = 3
    FRAGMENT = 4


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
    tier: Tier  # how well it matched
    sort_key: tuple[Any, ...]  # (segment, its place in the segment's order): the keyset of the next page


_Stmt = Select[*tuple[Any, ...]]


@dataclass(frozen=True)
class _Segment:
    tier: Tier
    statement: Callable[[tuple[Any, ...] | None, int], _Stmt]  # (keyset after, limit) → statement
    # Read off a "C" btree in its order: on PostgreSQL, bitmap and sequential scans are off for it. Its
    # planner guesses the LIKE filters of initials far too selective (3 rows for 32,000) and would
    # collect the whole range and sort it (200 ms) instead of walking it until a page is full (10 ms).
    in_index_order: bool = False


def _literal(value: Any) -> BindParameter[Any]:
    # Rendered into the SQL text: the planner sees the pattern (psycopg's prepared statements with a
    # generic plan once turned a 2-letter trigram search into a 2.6 s scan).
    return bindparam(None, value, literal_execute=True)


def _literal_list(values: list[int] | list[str]) -> BindParameter[Any]:
    return bindparam(None, values, expanding=True, literal_execute=True)


def _like(column: Any, pattern: str) -> ColumnElement[bool]:
    return column.like(_literal(pattern), escape="/")


def _escape(value: str) -> str:
    return value.replace("/", "//").replace("%", "/%").replace("_", "/_")


def _contains(column: Any, token: str) -> ColumnElement[bool]:
    return _like(column, f"%{_escape(token)}%")


def _ends_with(column: Any, token: str) -> ColumnElement[bool]:
    return _like(column, f"%{_escape(token)}")


def _starts_with(column: Any, token: str) -> ColumnElement[bool]:
    return _like(column, f"{_escape(token)}%")


def _next_prefix(prefix: str) -> str:
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


def _c(column: Any, dialect: str) -> Any:
    """The column in code-point order (PostgreSQL's "C"; SQLite's BINARY already is)."""
    return column.collate("C") if dialect == "postgresql" else column


def _range(column: Any, low: str, high: str, dialect: str) -> ColumnElement[bool]:
    """low <= column < high, in code-point order (a range of the "C" btree)."""
    ordered = _c(column, dialect)
    return (ordered >= _literal(low)) & (ordered < _literal(high))


def _prefix_range(column: Any, prefix: str, dialect: str) -> ColumnElement[bool]:
    return _range(column, prefix, _next_prefix(prefix), dialect)


def _fts_phrases(columns: str, tokens: list[str] | tuple[str, ...]) -> str:
    return " AND ".join(f'{columns} : "{t}"' for t in tokens)


_SUBSCRIBER_FTS = table("subscriber_search", column("rowid", Integer))
_BUILDING_FTS = table("building_search", column("rowid", Integer))
_CONTRACT_FTS = table("contract_search", column("rowid", Integer))


def _match(fts: Any, expression: str) -> ColumnElement[bool]:
    return literal_column(fts.name).op("MATCH")(_literal(expression))


# Words of the name: «a word of it starts with w» and «w is a whole word of it», on search_name with a
# space around (the name's words are search keys: lower case, ё→е, single spaces).
def _word_start(column: Any, word: str) -> ColumnElement[bool]:
    return _like(_literal(" ").concat(column), f"% {_escape(word)}%")


def _whole_word(column: Any, word: str) -> ColumnElement[bool]:
    return _like(_literal(" ").concat(column).concat(_literal(" ")), f"% {_escape(word)} %")


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
# A page's subscribers are picked (and sorted) before their contracts are joined: a query with thousands
# of matches then joins only a page of them. On SQLite the subquery with a LIMIT is not flattened and
# reads FTS matches in rowid order. The slack leaves room for subscribers without a contract.
_SLACK = 50
_ALL_ROWS = 10_000_000


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


def _contract_page(keys: Any, key_order: tuple[Any, ...], after: tuple[Any, ...] | None, limit: int) -> _Stmt:
    """The page's contracts are found and ordered on narrow rows first (`keys` selects `key_order`,
    ending in the contract id), then the hit columns are read for that page alone."""
    page = _keyset(keys, key_order, after).order_by(*key_order).limit(limit).subquery("page")
    order = tuple(page.c)
    stmt = _with_places(
        _joined(page, order)
        .join(Contract, Contract.id == order[-1])
        .join(Subscriber, Subscriber.id == Contract.subscriber_id)
    )
    return stmt.order_by(*order)


def _by_subscriber(
    dialect: str, where: list[ColumnElement[bool]], fts: str, after: tuple[Any, ...] | None, limit: int
) -> _Stmt:
    """Contracts of subscribers matching `where` and (SQLite) the FTS expression `fts`, by subscriber
    id then contract id. On PostgreSQL `where` holds the trigram conditions that find them."""
    if dialect == "postgresql" or not fts:
        return _subscriber_page(select(Subscriber.id).where(*where), (Subscriber.id,), after, limit)
    fts_id = _SUBSCRIBER_FTS.c.rowid
    keys = select(fts_id).select_from(_SUBSCRIBER_FTS).where(_match(_SUBSCRIBER_FTS, fts))
    if where:
        keys = keys.join(Subscriber, Subscriber.id == fts_id).where(*where)
    return _subscriber_page(keys, (fts_id,), after, limit)


def _by_name_order(
    dialect: str, where: list[ColumnElement[bool]], after: tuple[Any, ...] | None, limit: int
) -> _Stmt:
    """Contracts of subscribers matching `where` (which holds a name prefix range), by name."""
    name = _c(Subscriber.search_name, dialect)
    keys = select(name.label("name"), Subscriber.id).where(*where)
    return _subscriber_page(keys, (name, Subscriber.id), after, limit)


# --- digits: contract numbers and phones -----------------------------------------------------------


def _by_number(
    dialect: str, where: list[ColumnElement[bool]], after: tuple[Any, ...] | None, limit: int
) -> _Stmt:
    order = (_c(Contract.number, dialect), Contract.id)
    stmt = _with_places(
        _joined(Contract, order).join(Subscriber, Subscriber.id == Contract.subscriber_id)
    ).where(*where)
    return _keyset(stmt, order, after).order_by(*order).limit(limit)


def _phones_hold(dialect: str, digits: str, *, tail: bool) -> tuple[list[ColumnElement[bool]], str]:
    """(where, FTS expression) for subscribers with `digits` inside (or, `tail`, at the end of) a phone."""
    test = _ends_with if tail else _contains
    held = or_(test(Subscriber.phone, digits), test(Subscriber.phone2, digits))
    if dialect == "postgresql":
        # The trigram index is on «phone || ' ' || phone2»: a first phone's tail is followed by the space.
        phones = Subscriber.phone.concat(" ").concat(Subscriber.phone2)
        if tail:
            return [or_(_contains(phones, digits + " "), _ends_with(phones, digits))], ""
        return [_contains(phones, digits)], ""
    return [held], _fts_phrases("{phone phone2}", [digits])


def _subscribers_segment(
    tier: Tier, dialect: str, where: list[ColumnElement[bool]], fts: str = ""
) -> _Segment:
    return _Segment(tier, lambda after, limit: _by_subscriber(dialect, where, fts, after, limit))


def _names_in_order_segment(
    tier: Tier, dialect: str, where: list[ColumnElement[bool]], walk: bool
) -> _Segment:
    return _Segment(
        tier, lambda after, limit: _by_name_order(dialect, where, after, limit), in_index_order=walk
    )


def _numbers_segment(tier: Tier, dialect: str, where: list[ColumnElement[bool]]) -> _Segment:
    return _Segment(tier, lambda after, limit: _by_number(dialect, where, after, limit))


def _digit_segments(dialect: str, plan: Digits) -> list[_Segment]:
    number, digits = plan.number, plan.digits
    segments = [_numbers_segment(Tier.EXACT, dialect, [Contract.number == _literal(number)])]
    if plan.phone:
        exact = _literal(plan.phone)
        segments.append(
            _subscribers_segment(
                Tier.EXACT, dialect, [or_(Subscriber.phone == exact, Subscriber.phone2 == exact)]
            )
        )
    starts = [_prefix_range(Contract.number, number, dialect), Contract.number != _literal(number)]
    segments.append(_numbers_segment(Tier.PREFIX, dialect, starts))
    if plan.phone:
        return segments  # the whole phone: its tails and fragments are itself
    if len(digits) >= TAIL:
        segments.append(_subscribers_segment(Tier.TAIL, dialect, *_phones_hold(dialect, digits, tail=True)))
        segments.append(
            _Segment(Tier.TAIL, lambda after, limit: _contract_tails(dialect, digits, after, limit))
        )
    if len(digits) >= TRIGRAM:
        where, fts = _phones_hold(dialect, digits, tail=False)
        if len(digits) >= TAIL:  # the tails were listed above
            tails = or_(_ends_with(Subscriber.phone, digits), _ends_with(Subscriber.phone2, digits))
            where = [*where, not_(tails)]
        segments.append(_subscribers_segment(Tier.FRAGMENT, dialect, where, fts))
    return segments


def _contract_tails(dialect: str, digits: str, after: tuple[Any, ...] | None, limit: int) -> _Stmt:
    """Contracts whose number ends in `digits` (and does not start with them: the prefixes came first)."""
    where = [_ends_with(Contract.number, digits), not_(_starts_with(Contract.number, digits))]
    return _by_number_fragment(dialect, digits, where, after, limit)


def _by_number_fragment(
    dialect: str, digits: str, where: list[ColumnElement[bool]], after: tuple[Any, ...] | None, limit: int
) -> _Stmt:
    """Contracts whose number holds `digits` (found on its trigram index) and matching `where` (which
    may ask of the subscriber too), by contract id."""
    if dialect == "postgresql":
        keys = select(Contract.id).join(Subscriber, Subscriber.id == Contract.subscriber_id)
        keys = keys.where(_contains(Contract.number, digits), *where)
        return _contract_page(keys, (Contract.id,), after, limit)
    fts_id = _CONTRACT_FTS.c.rowid
    keys = (
        select(fts_id)
        .select_from(_CONTRACT_FTS)
        .join(Contract, Contract.id == fts_id)
        .join(Subscriber, Subscriber.id == Contract.subscriber_id)
        .where(_match(_CONTRACT_FTS, _fts_phrases("number", [digits])), *where)
    )
    return _contract_page(keys, (fts_id,), after, limit)


def _name_and_digit_segments(
    dialect: str, reading: Reading, filters: list[ColumnElement[bool]] | None = None
) -> list[_Segment]:
    """«галкин 4567»: the digits find few people (a phone or a contract number holding them); the
    name words (and `filters`) are checked on those. The digits are a part of a number: TAIL, the tier
    of such parts."""
    first, *more = reading.digits
    name = Subscriber.search_name
    named = [_contains(name, w) if len(w) >= TRIGRAM else _word_start(name, w) for w in reading.names]
    named += _digits_held(dialect, tuple(more)) + (filters or [])
    phones, fts = _phones_hold(dialect, first, tail=False)
    return [
        _subscribers_segment(Tier.TAIL, dialect, [*phones, *named], fts),
        _Segment(Tier.TAIL, lambda after, limit: _by_number_fragment(dialect, first, named, after, limit)),
    ]


# --- names ----------------------------------------------------------------------------------------


def _digits_held(dialect: str, digits: tuple[str, ...]) -> list[ColumnElement[bool]]:
    """Per typed group of digits: a phone of the subscriber or the number of one of their contracts
    holds it (a filter on rows found otherwise)."""
    held = []
    theirs = aliased(Contract)  # not the contract of the row: any contract of the subscriber
    for group in digits:
        numbers = (
            select(theirs.id)
            .where(theirs.subscriber_id == Subscriber.id, _contains(theirs.number, group))
            .correlate(Subscriber)
        )
        held.append(
            or_(_contains(Subscriber.phone, group), _contains(Subscriber.phone2, group), exists(numbers))
        )
    return held


def _name_segments(
    dialect: str, reading: Reading, filters: list[ColumnElement[bool]] | None = None
) -> list[_Segment]:
    """The name tiers of a reading's name words (and its digits, and `filters` on the subscriber)."""
    words = list(reading.names)
    first, others = words[0], words[1:]
    name = Subscriber.search_name
    extra = _digits_held(dialect, reading.digits) + (filters or [])

    def after_surname(word: str) -> ColumnElement[bool]:
        """A word after the surname is `word` whole, or (one letter) its initial."""
        spaced = name.concat(_literal(" ")) if len(word) > 1 else name
        tail = f"{_escape(word)} %" if len(word) > 1 else f"{_escape(word)}%"
        return or_(_like(spaced, f"{_escape(first)} {tail}"), _like(spaced, f"{_escape(first)} % {tail}"))

    # The surname exactly: «иванов» itself or «иванов …» — one range of the "C" btree («!» follows the
    # space), which an OR of the two would hide from the planner.
    surname_range = _range(name, first, first + "!", dialect)
    after = [after_surname(w) for w in others]
    if others:
        beyond_exact = [_prefix_range(name, first, dialect), not_(and_(surname_range, *after))]
    else:
        beyond_exact = [_range(name, first + "!", _next_prefix(first), dialect)]
    later_words = [_word_start(name, w) for w in others]
    # The surname alone or with initials: walk its btree range in name order. With other words of 3+
    # letters, their trigram index may narrow the range to a few names first: PostgreSQL weighs both
    # (SQLite walks the range).
    also_inside = [_contains(name, w) for w in others if len(w) >= TRIGRAM] if dialect == "postgresql" else []
    walk = not also_inside
    segments = [
        _names_in_order_segment(Tier.EXACT, dialect, [surname_range, *after, *also_inside, *extra], walk),
        _names_in_order_segment(
            Tier.PREFIX, dialect, [*beyond_exact, *later_words, *also_inside, *extra], walk
        ),
    ]
    long = [w for w in words if len(w) >= TRIGRAM]
    if not long:
        return segments  # 1–2 letters only find the start of a name (no index finds them inside)
    every_word_start = and_(*[_word_start(name, w) for w in words])
    inside = [*[_contains(name, w) for w in words], not_(every_word_start), *extra]
    # WORDS: the name does not start with the first word (PREFIX listed those), so a word after a space
    # does: «% иван%». Both trigram indexes see that space — pg_trgm as a word's start, FTS5 as a
    # character — which makes a common name's start (Ивановна) far narrower than «иван» anywhere.
    later_start = f"% {_escape(first)}%"
    in_any_order = [_like(name, later_start), every_word_start, not_(_starts_with(name, first)), *extra]
    if dialect == "postgresql":
        segments.append(
            _subscribers_segment(Tier.WORDS, dialect, [*[_contains(name, w) for w in long], *in_any_order])
        )
        segments.append(_subscribers_segment(Tier.FRAGMENT, dialect, inside))
        return segments
    phrases = [f" {first}", *(w for w in others if len(w) >= TRIGRAM)]
    segments.append(
        _subscribers_segment(Tier.WORDS, dialect, in_any_order, _fts_phrases("search_name", phrases))
    )
    segments.append(_subscribers_segment(Tier.FRAGMENT, dialect, inside, _fts_phrases("search_name", long)))
    return segments


# --- addresses ------------------------------------------------------------------------------------


def _house_is(house: str) -> ColumnElement[bool]:
    """The house key is `house`, or `house` followed by a letter, корпус or fraction («12» → «12а»)."""
    after = func.substr(Building.house_key, len(house) + 1, 1)
    return or_(
        Building.house_key == _literal(house),
        and_(_starts_with(Building.house_key, house), not_(after.between(_literal("0"), _literal("9")))),
    )


def _apartment_is(apartment: str) -> ColumnElement[bool]:
    """The apartment exactly («1» is not «11»); a letter in either case («5а» finds «5А»)."""
    spellings = sorted({apartment, apartment.upper()})
    return (
        Premises.apartment.in_(_literal_list(spellings))
        if len(spellings) > 1
        else Premises.apartment == _literal(apartment)
    )


def _street_where(dialect: str, street: tuple[str, ...]) -> list[ColumnElement[bool]]:
    if dialect == "postgresql":
        return [_contains(Building.search_text, w) for w in street]
    matching = select(_BUILDING_FTS.c.rowid).where(_match(_BUILDING_FTS, _fts_phrases("search_text", street)))
    return [Building.id.in_(matching)]


def _grade(phrase: str, spaced_text: str) -> Tier:
    """EXACT: `phrase` is whole words of the text; PREFIX: it starts a word; else FRAGMENT."""
    if f" {phrase} " in spaced_text:
        return Tier.EXACT
    if f" {phrase}" in spaced_text:
        return Tier.PREFIX
    return Tier.FRAGMENT


def _building_grades(conn: Connection, dialect: str, reading: Reading) -> dict[Tier, list[int]] | None:
    """The buildings whose address holds every street word (and the house), by how well: EXACT when
    every word is a whole word of the street or town and the house is exactly it, PREFIX when the words
    start words of them (or the house has a letter more), FRAGMENT otherwise (inside a word, or only in
    the district or tap). None: more than BUILDING_CAP."""
    where = _street_where(dialect, reading.street)
    if reading.house:
        where.append(_house_is(reading.house))
    columns = (Building.id, Building.street, Building.city, Building.house_key)
    rows = conn.execute(select(*columns).where(*where).limit(BUILDING_CAP + 1)).all()
    if len(rows) > BUILDING_CAP:
        return None
    grades: dict[Tier, list[int]] = {}
    for building_id, street, city, key in rows:
        # Graded on the street and town only: a word found only in the district's name or the tap's
        # label («октябрьский» district for «пр-т Октябрьский») is a FRAGMENT, listed last.
        spaced = f" {search_key(f'{street} {city}')} "
        grade = max((_grade(phrase, spaced) for phrase in reading.street), default=Tier.EXACT)
        if reading.house and key != reading.house:
            grade = max(grade, Tier.PREFIX)
        grades.setdefault(grade, []).append(building_id)
    return {grade: sorted(ids) for grade, ids in sorted(grades.items())}


def _person_filters(dialect: str, reading: Reading, name_match: str) -> list[ColumnElement[bool]]:
    """What the name and the digits of a reading ask of the subscriber of an address's contract:
    `name_match` "start" — the name starts with the first name word, the others start words of it;
    "inside" — the words are inside the name and it is not such a start; "any" — either."""
    name = Subscriber.search_name
    held = [_contains(name, w) if len(w) >= TRIGRAM else _word_start(name, w) for w in reading.names]
    if reading.names and name_match != "any":
        first, *others = reading.names
        start = and_(_prefix_range(name, first, dialect), *[_word_start(name, w) for w in others])
        held = [start] if name_match == "start" else [*held, not_(start)]
    return held + _digits_held(dialect, reading.digits)


def _address_segment(
    dialect: str,
    reading: Reading,
    building_ids: list[int] | None,
    after: tuple[Any, ...] | None,
    limit: int,
    name_match: str = "any",
    people_first: bool = False,
) -> _Stmt:
    """Contracts in the listed buildings (None: those the street words and house describe), by building,
    then apartment in natural order (by length, then text), then contract. `people_first`: the
    subscribers the person filters describe are read first (see _bearers_are_fewer)."""
    apartment_length = func.length(Premises.apartment).label("apartment_length")
    if building_ids is not None:
        building_id: Any = Building.id
        keys = select(Building.id, apartment_length, Premises.apartment, Contract.id).select_from(Building)
        where: list[ColumnElement[bool]] = [Building.id.in_(_literal_list(building_ids))]
    elif dialect == "postgresql":
        building_id = Building.id
        keys = select(Building.id, apartment_length, Premises.apartment, Contract.id).select_from(Building)
        where = _street_where(dialect, reading.street)
    else:  # the FTS matches in rowid order, not flattened into the join (the LIMIT sees to it)
        buildings = (
            select(_BUILDING_FTS.c.rowid)
            .where(_match(_BUILDING_FTS, _fts_phrases("search_text", reading.street)))
            .order_by(_BUILDING_FTS.c.rowid)
            .limit(_ALL_ROWS)
            .subquery("buildings")
        )
        building_id = buildings.c.rowid
        keys = (
            select(building_id, apartment_length, Premises.apartment, Contract.id)
            .select_from(buildings)
            .join(Building, Building.id == building_id)
        )
        where = []
    if building_ids is None and reading.house:
        where.append(_house_is(reading.house))
    if reading.apartment:
        where.append(_apartment_is(reading.apartment))
    keys = keys.join(Premises, Premises.building_id == Building.id).join(
        Contract, Contract.premises_id == Premises.id
    )
    person = _person_filters(dialect, reading, name_match)
    if person and people_first and building_ids is not None:
        # Their contracts, read as a set of its own (MATERIALIZED: both planners would otherwise start
        # from the buildings, whose apartments they guess five times too few), then checked for the
        # buildings.
        people = _people_named(dialect, reading, name_match).subquery("people")
        theirs = (
            select(Contract.id.label("contract_id"), Contract.premises_id.label("premises_id"))
            .join(people, people.c.id == Contract.subscriber_id)
            .cte("theirs")
            .prefix_with("MATERIALIZED")
        )
        keys = select(Premises.building_id, apartment_length, Premises.apartment, theirs.c.contract_id)
        keys = keys.select_from(theirs).join(Premises, Premises.id == theirs.c.premises_id)
        at: list[ColumnElement[bool]] = [Premises.building_id.in_(_literal_list(building_ids))]
        if reading.apartment:
            at.append(_apartment_is(reading.apartment))
        their_order = (Premises.building_id, apartment_length, Premises.apartment, theirs.c.contract_id)
        return _contract_page(keys.where(*at), their_order, after, limit)
    if person:
        keys = keys.join(Subscriber, Subscriber.id == Contract.subscriber_id)
    key_order = (building_id, apartment_length, Premises.apartment, Contract.id)
    return _contract_page(keys.where(*where, *person), key_order, after, limit)


def _lives_at(dialect: str, reading: Reading, building_ids: list[int] | None = None) -> ColumnElement[bool]:
    """The subscriber has a contract at an address the street words, house and apartment describe
    (in one of `building_ids`, when they are known)."""
    if building_ids is not None:
        where: list[ColumnElement[bool]] = [Building.id.in_(_literal_list(building_ids))]
    else:
        where = [*_street_where(dialect, reading.street)]
        if reading.house:
            where.append(_house_is(reading.house))
    if reading.apartment:
        where.append(_apartment_is(reading.apartment))
    theirs = aliased(Contract)
    return exists(
        select(theirs.id)
        .join(Premises, Premises.id == theirs.premises_id)
        .join(Building, Building.id == Premises.building_id)
        .where(theirs.subscriber_id == Subscriber.id, *where)
        .correlate(Subscriber)
    )


def _in_buildings(
    dialect: str,
    reading: Reading,
    building_ids: list[int],
    name_match: str = "any",
    people_first: bool = False,
) -> Callable[[tuple[Any, ...] | None, int], _Stmt]:
    return lambda after, limit: _address_segment(
        dialect, reading, building_ids, after, limit, name_match, people_first
    )


def _people_named(dialect: str, reading: Reading, name_match: str) -> Select[Any]:
    """The subscribers whose name matches the reading's words as `name_match` says (see
    _person_filters), found on an index: the btree range of the first word for "start", the trigram
    index of its 3+ letter words otherwise."""
    person = _person_filters(dialect, reading, name_match)
    long = [w for w in reading.names if len(w) >= TRIGRAM]
    if name_match != "start" and dialect == "sqlite" and long:
        fts_id = _SUBSCRIBER_FTS.c.rowid
        return (
            select(Subscriber.id)
            .select_from(_SUBSCRIBER_FTS)
            .join(Subscriber, Subscriber.id == fts_id)
            .where(_match(_SUBSCRIBER_FTS, _fts_phrases("search_name", long)), *person)
        )
    return select(Subscriber.id).where(*person)


def _bearers_are_fewer(
    conn: Connection,
    dialect: str,
    reading: Reading,
    building_ids: list[int],
    name_match: str,
    counted: dict[tuple[Any, ...], int],
) -> bool:
    """Whether the people bearing the name (as `name_match` says) are fewer than half the apartments of
    the buildings: then the people are read first and their contracts checked against the buildings,
    not every apartment's subscriber against the name. Neither planner can tell («галкин ленина»:
    120 ms from the street, 24 ms from the name). Both counts stop early: the people's at
    BEARERS_COUNTED (more: the street is the smaller side or both are big), the apartments' at twice
    the people."""
    if name_match == "inside" and not any(len(w) >= TRIGRAM for w in reading.names):
        return False  # no index finds 1–2 letters inside a name
    # For "inside", every name holding the words is counted, starts too: the count stops at the cap
    # at once for a common word, where counting only the few inside would read all its bearers.
    how = "any" if name_match == "inside" else "start"
    key = (reading.names, how)
    if key not in counted:
        named = _people_named(dialect, Reading(names=reading.names), how)
        counted[key] = _count_up_to(conn, named, BEARERS_COUNTED)
    bearers = counted[key]
    if bearers > BEARERS_COUNTED:
        return False
    apartments = select(Premises.id).where(Premises.building_id.in_(_literal_list(building_ids)))
    return _count_up_to(conn, apartments, 2 * bearers) >= 2 * bearers


def _count_up_to(conn: Connection, rows: Select[Any], cap: int) -> int:
    """How many rows `rows` reads, counting no further than cap + 1."""
    return int(conn.execute(select(func.count()).select_from(rows.limit(cap + 1).subquery())).scalar_one())


def _reading_segments(
    conn: Connection, dialect: str, reading: Reading, counted: dict[tuple[Any, ...], int]
) -> list[_Segment]:
    """The segments of one reading; `counted` keeps the people counted for earlier readings."""
    if not reading.street:
        if reading.digits:
            return _name_and_digit_segments(dialect, reading)
        return _name_segments(dialect, reading)
    grades = _building_grades(conn, dialect, reading)
    if not grades and grades is not None:
        return []  # no building fits the street words and house
    if reading.digits and not reading.names:
        # «суворова 4513»: the few people whose phone or contract holds the digits, living there (the
        # street's every apartment checked for them cost 100 ms on a long street).
        there = sorted(i for ids in grades.values() for i in ids) if grades is not None else None
        return _name_and_digit_segments(dialect, reading, [_lives_at(dialect, reading, there)])
    if grades is not None:
        if not reading.names:
            return [_Segment(grade, _in_buildings(dialect, reading, ids)) for grade, ids in grades.items()]
        # «иванов ленина»: Ивановы on Lenina street by how well the street matched; then the names that
        # only hold the words (Иванович, Сергиванов), after everything better.
        everyone = sorted(i for ids in grades.values() for i in ids)
        starts_first = _bearers_are_fewer(conn, dialect, reading, everyone, "start", counted)
        inside_first = _bearers_are_fewer(conn, dialect, reading, everyone, "inside", counted)
        return [
            *(
                _Segment(grade, _in_buildings(dialect, reading, ids, "start", starts_first))
                for grade, ids in grades.items()
            ),
            _Segment(Tier.FRAGMENT, _in_buildings(dialect, reading, everyone, "inside", inside_first)),
        ]
    if not reading.names:  # the town's name: every building in it, in id order
        return [
            _Segment(
                Tier.FRAGMENT, lambda after, limit: _address_segment(dialect, reading, None, after, limit)
            )
        ]
    # «иванов тверь»: the people of that name, living there
    return _name_segments(dialect, reading, [_lives_at(dialect, reading)])


def _in_some_name(conn: Connection, dialect: str, word: str, known: dict[str, bool]) -> bool:
    """Whether any subscriber's name holds `word` (3+ letters; shorter ones are assumed to): one probe
    of the trigram index, which saves the statements of a reading nobody can match."""
    if len(word) < TRIGRAM:
        return True
    if word not in known:
        if dialect == "postgresql":
            probe = select(Subscriber.id).where(_contains(Subscriber.search_name, word))
        else:
            probe = select(_SUBSCRIBER_FTS.c.rowid).where(
                _match(_SUBSCRIBER_FTS, _fts_phrases("search_name", [word]))
            )
        known[word] = conn.execute(probe.limit(1)).first() is not None
    return known[word]


def _segments(conn: Connection, dialect: str, query: str) -> list[_Segment]:
    """Every statement the query needs, best tier first; within a tier, names before addresses."""
    plan = digits_query(query)
    if plan is not None:
        return sorted(_digit_segments(dialect, plan), key=lambda segment: segment.tier)
    ranked: list[tuple[Tier, int, int, _Segment]] = []
    in_names: dict[str, bool] = {}
    counted: dict[tuple[Any, ...], int] = {}
    for n, reading in enumerate(readings(terms(query))):
        if not all(_in_some_name(conn, dialect, w, in_names) for w in reading.names):
            continue  # «иванов ленина» read as two words of one name: nobody is called «ленина»
        for m, segment in enumerate(_reading_segments(conn, dialect, reading, counted)):
            ranked.append((segment.tier, n, m, segment))
    return [segment for *_order, segment in sorted(ranked, key=lambda r: r[:3])]


def _to_hit(segment: int, tier: Tier, row: Any) -> SearchHit:
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
        tier=tier,
        sort_key=(segment, *row[12:]),
    )


def _read(db: Database, actor: Actor, query: str, limit: int, after: SearchHit | None) -> list[SearchHit]:
    hits: list[SearchHit] = []
    seen: set[int] = set()
    with db.reading(actor) as conn:
        segments = _segments(conn, db.dialect, query)
        first = after.sort_key[0] if after is not None else 0
        for index in range(first, len(segments)):
            key = after.sort_key[1:] if after is not None and index == first else None
            segment = segments[index]
            in_order = segment.in_index_order and db.dialect == "postgresql"
            if in_order:
                conn.exec_driver_sql("SET LOCAL enable_bitmapscan = off; SET LOCAL enable_seqscan = off")
            rows = conn.execute(segment.statement(key, limit)).all()
            if in_order:
                conn.exec_driver_sql("SET LOCAL enable_bitmapscan = on; SET LOCAL enable_seqscan = on")
            for row in rows:
                hit = _to_hit(index, segment.tier, row)
                if hit.contract_id not in seen and len(hits) < limit:
                    seen.add(hit.contract_id)
                    hits.append(hit)
            if len(hits) >= limit:
                break
    return hits


def search(
    db: Database, actor: Actor, query: str, *, limit: int = 50, after: SearchHit | None = None
) -> list[SearchHit]:
    """Contracts matching `query` (any mix of name, phone, address and contract number), the best
    matches first (see the module's docstring). `after` is the last hit of the previous page. Empty
    input finds nothing. A contract found twice is listed once on a page."""
    require(actor, Permission.VIEW_SUBSCRIBERS)
    return _read(db, actor, query, max(1, min(limit, MAX_LIMIT)), after)


def count_matches(db: Database, actor: Actor, query: str) -> int:
    """How many contracts `query` finds, counted up to COUNT_CAP + 1 (more than the cap: COUNT_CAP + 1)."""
    require(actor, Permission.VIEW_SUBSCRIBERS)
    return len(_read(db, actor, query, COUNT_CAP + 1, None))
