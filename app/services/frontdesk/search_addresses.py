"""The search's addresses: buildings graded by how well a reading's street words and house fit them,
their apartments read by building, and a name at an address read off the residence index (building,
name) (see search.py for the whole picture)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    and_,
    exists,
    func,
    not_,
    or_,
    select,
)
from sqlalchemy.orm import aliased

from app.models import Building, Contract, Premises, Residence, Subscriber
from app.services.frontdesk.search_plan import TRIGRAM, Reading
from app.services.frontdesk.search_sql import (
    ALL_ROWS,
    BUILDING_FTS,
    Stmt,
    Tier,
    contains,
    contract_page,
    digits_held,
    fts_match,
    fts_phrases,
    in_ids,
    prefix_range,
    sql_literal,
    starts_with,
    word_start,
)
from app.services.kernel.literals import in_literals
from app.services.kernel.text import search_key

# A meaning whose street words fit more buildings than this (the town's name) filters by them in SQL
# instead of listing the buildings. A name there is then checked bearer by bearer: «иванова садовая»
# with the 3,500 buildings of a Садовая over a cap of 2,000 checked every Иванова's address (150 ms);
# listed, they are one short range of the residence index each (15 ms).
BUILDING_CAP = 5000
# Names that only hold the words, in more buildings than this: their bearers are read first
# (PostgreSQL), when they are at most BEARERS_CAP (see holders_in_buildings).
WALK_BUILDINGS = 100
BEARERS_CAP = 2000


# --- addresses ------------------------------------------------------------------------------------


def _house_is(house: str) -> ColumnElement[bool]:
    """The house key is `house`, or `house` followed by a letter, корпус or fraction («12» → «12а»)."""
    after = func.substr(Building.house_key, len(house) + 1, 1)
    return or_(
        Building.house_key == sql_literal(house),
        and_(starts_with(Building.house_key, house), not_(after.between(sql_literal("0"), sql_literal("9")))),
    )


def _apartment_is(apartment: str) -> ColumnElement[bool]:
    """The apartment exactly («1» is not «11»); a letter in either case («5а» finds «5А»)."""
    spellings = sorted({apartment, apartment.upper()})
    return (
        in_literals(Premises.apartment, spellings)
        if len(spellings) > 1
        else Premises.apartment == sql_literal(apartment)
    )


def _street_where(dialect: str, street: tuple[str, ...]) -> list[ColumnElement[bool]]:
    if dialect == "postgresql":
        return [contains(Building.search_text, w) for w in street]
    matching = select(BUILDING_FTS.c.rowid).where(fts_match(BUILDING_FTS, fts_phrases("search_text", street)))
    return [Building.id.in_(matching)]


def _grade(phrase: str, spaced_text: str) -> Tier:
    """EXACT: `phrase` is whole words of the text; PREFIX: it starts a word; else FRAGMENT."""
    if f" {phrase} " in spaced_text:
        return Tier.EXACT
    if f" {phrase}" in spaced_text:
        return Tier.PREFIX
    return Tier.FRAGMENT


def building_grades(conn: Connection, dialect: str, reading: Reading) -> dict[Tier, list[int]] | None:
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
    street_grades: dict[tuple[str, str], Tier] = {}  # a street's buildings are many, its name one
    for building_id, street, city, key in rows:
        # Graded on the street and town only: a word found only in the district's name or the tap's
        # label («октябрьский» district for «пр-т Октябрьский») is a FRAGMENT, listed last.
        grade = street_grades.get((street, city))
        if grade is None:
            spaced = f" {search_key(f'{street} {city}')} "
            grade = max((_grade(phrase, spaced) for phrase in reading.street), default=Tier.EXACT)
            street_grades[(street, city)] = grade
        if reading.house and key != reading.house:
            grade = max(grade, Tier.PREFIX)
        grades.setdefault(grade, []).append(building_id)
    return {grade: sorted(ids) for grade, ids in sorted(grades.items())}


def _name_filters(
    dialect: str, reading: Reading, name_match: str, name: Any = Residence.search_name
) -> list[ColumnElement[bool]]:
    """What the name words of a reading ask of a (residence's) `name`: `name_match` "start" — the name
    starts with the first word, the others start words of it; "inside" — the words are inside the name
    and it is not such a start."""
    first, *others = reading.names
    start = and_(prefix_range(name, first, dialect), *[word_start(name, w) for w in others])
    if name_match == "start":
        return [start]
    held = [contains(name, w) if len(w) >= TRIGRAM else word_start(name, w) for w in reading.names]
    return [*held, not_(start)]


def address_segment(
    dialect: str, reading: Reading, building_ids: list[int] | None, after: tuple[Any, ...] | None, limit: int
) -> Stmt:
    """Contracts in the listed buildings (None: those the street words and house describe), by building,
    then apartment in natural order (by length, then text), then contract."""
    apartment_length = func.length(Premises.apartment).label("apartment_length")
    if building_ids is not None:
        building_id: Any = Building.id
        keys = select(Building.id, apartment_length, Premises.apartment, Contract.id).select_from(Building)
        where: list[ColumnElement[bool]] = [in_ids(Building.id, building_ids)]
    elif dialect == "postgresql":
        building_id = Building.id
        keys = select(Building.id, apartment_length, Premises.apartment, Contract.id).select_from(Building)
        where = _street_where(dialect, reading.street)
    else:  # the FTS matches in rowid order, not flattened into the join (the LIMIT sees to it)
        buildings = (
            select(BUILDING_FTS.c.rowid)
            .where(fts_match(BUILDING_FTS, fts_phrases("search_text", reading.street)))
            .order_by(BUILDING_FTS.c.rowid)
            .limit(ALL_ROWS)
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
    key_order = (building_id, apartment_length, Premises.apartment, Contract.id)
    return contract_page(keys.where(*where), key_order, after, limit)


def residents_segment(
    dialect: str,
    reading: Reading,
    building_ids: list[int],
    name_match: str,
    after: tuple[Any, ...] | None,
    limit: int,
    bearers: list[int] | None = None,
) -> Stmt:
    """Contracts in the listed buildings whose subscriber's name matches the reading's name words as
    `name_match` says (see _name_filters), in the order of address_segment. Read off the residence
    index (building, name): one short range per building, however many bear the name or live on the
    street. `bearers`: the subscribers whose names match, read first (see holders_in_buildings)."""
    apartment_length = func.length(Premises.apartment).label("apartment_length")
    columns = (Residence.building_id, apartment_length, Premises.apartment, Residence.contract_id)
    if bearers is not None:
        keys = (
            select(*columns)
            .select_from(Contract)
            .join(Residence, Residence.contract_id == Contract.id)
            .join(Premises, Premises.id == Contract.premises_id)
            .where(in_ids(Contract.subscriber_id, bearers), in_ids(Residence.building_id, building_ids))
        )
    else:
        keys = (
            select(*columns)
            .select_from(Residence)
            .join(Contract, Contract.id == Residence.contract_id)
            .join(Premises, Premises.id == Contract.premises_id)
            .where(
                in_ids(Residence.building_id, building_ids),
                *_name_filters(dialect, reading, name_match),
            )
        )
        if reading.digits:
            keys = keys.join(Subscriber, Subscriber.id == Contract.subscriber_id)
            keys = keys.where(*digits_held(dialect, reading.digits))
    if reading.apartment:
        keys = keys.where(_apartment_is(reading.apartment))
    key_order = (Residence.building_id, apartment_length, Premises.apartment, Residence.contract_id)
    return contract_page(keys, key_order, after, limit)


def lives_at(dialect: str, reading: Reading, building_ids: list[int] | None = None) -> ColumnElement[bool]:
    """The subscriber has a contract at an address the street words, house and apartment describe
    (in one of `building_ids`, when they are known). Known buildings and no apartment: read off the
    residence rows of the subscriber's contracts (two index reads a contract where the premises and
    building were three: «некрасова 8119» checks 714 phones holding the digits)."""
    theirs = aliased(Contract)
    if building_ids is not None and not reading.apartment:
        return exists(
            select(theirs.id)
            .join(Residence, Residence.contract_id == theirs.id)
            .where(theirs.subscriber_id == Subscriber.id, in_ids(Residence.building_id, building_ids))
            .correlate(Subscriber)
        )
    if building_ids is not None:
        where: list[ColumnElement[bool]] = [in_ids(Building.id, building_ids)]
    else:
        where = [*_street_where(dialect, reading.street)]
        if reading.house:
            where.append(_house_is(reading.house))
    if reading.apartment:
        where.append(_apartment_is(reading.apartment))
    return exists(
        select(theirs.id)
        .join(Premises, Premises.id == theirs.premises_id)
        .join(Building, Building.id == Premises.building_id)
        .where(theirs.subscriber_id == Subscriber.id, *where)
        .correlate(Subscriber)
    )


def in_buildings(
    dialect: str, reading: Reading, building_ids: list[int], name_match: str | None = None
) -> Callable[[tuple[Any, ...] | None, int], Stmt]:
    """The statement of a segment listing the buildings' contracts: every one, or (`name_match`) those
    of the reading's name (see residents_segment)."""
    if name_match is None:
        return lambda after, limit: address_segment(dialect, reading, building_ids, after, limit)
    return lambda after, limit: residents_segment(dialect, reading, building_ids, name_match, after, limit)


def holders_in_buildings(
    conn: Connection, dialect: str, reading: Reading, building_ids: list[int]
) -> Callable[[tuple[Any, ...] | None, int], Stmt]:
    """The statement of the segment of names that only hold the reading's words («суворова» inside
    «петрова-суворова»), in the buildings. Such names are no range of the residence index: every
    resident of the buildings is read, which stops early when they are many (a page fills) and reads
    the whole street when they are few: «суворова мира» read the 40,000 residents of the 1,800
    buildings on Мира streets for nobody (170 ms). So on PostgreSQL, for more than WALK_BUILDINGS
    buildings, the names' bearers are read first off the name's trigram index — once, when the segment
    is reached (the earlier segments often fill the page) — and their contracts checked for the
    buildings (5 ms); more than BEARERS_CAP bearers («сергеевна»: every Сергеевна) are walked as
    before."""
    walk = in_buildings(dialect, reading, building_ids, "inside")
    long_word = any(len(w) >= TRIGRAM for w in reading.names)
    if dialect != "postgresql" or len(building_ids) <= WALK_BUILDINGS or not long_word:
        return walk
    bearers: list[list[int] | None] = []

    def statement(after: tuple[Any, ...] | None, limit: int) -> Stmt:
        if not bearers:
            named = _name_filters(dialect, reading, "inside", Subscriber.search_name)
            probe = select(Subscriber.id).where(*named, *digits_held(dialect, reading.digits))
            ids = list(conn.execute(probe.limit(BEARERS_CAP + 1)).scalars())
            bearers.append(ids if len(ids) <= BEARERS_CAP else None)
        if bearers[0] is None:
            return walk(after, limit)
        return residents_segment(dialect, reading, building_ids, "inside", after, limit, bearers[0])

    return statement
