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
first and graded (see `building_grades`); their apartments are then read by building id, or a name's
residents in them off the residence index (building, name; migration 0024). Within a
segment, hits come in the order its index reads them: names by name, fragments by subscriber,
addresses by building then apartment (9 before 10). Pages follow by keyset (`after=` the last hit).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    and_,
    exists,
    not_,
    or_,
    select,
)

from app.db import Database
from app.models import Contract, ContractStatus, Subscriber
from app.services.frontdesk.search_addresses import (
    address_segment,
    building_grades,
    holders_in_buildings,
    in_buildings,
    lives_at,
)
from app.services.frontdesk.search_plan import (
    DIGITS_IN_WORDS,
    TRIGRAM,
    Digits,
    Reading,
    digits_query,
    readings,
    terms,
)
from app.services.frontdesk.search_sql import (
    CONTRACT_FTS,
    HIT_COLUMNS,
    SUBSCRIBER_FTS,
    Segment,
    Stmt,
    Tier,
    after_keyset,
    by_name_order,
    by_subscriber,
    code_point_order,
    code_point_range,
    contains,
    contract_page,
    digits_held,
    ends_with,
    few_first,
    fts_match,
    fts_phrases,
    hit_columns_from,
    like,
    like_escape,
    next_prefix,
    prefix_range,
    sql_literal,
    starts_with,
    with_places,
    word_start,
)
from app.services.kernel.addresses import full_address
from app.services.kernel.permissions import Actor, Permission, require

MAX_LIMIT = 500
# How far `count_matches` counts: beyond it the screen says «more than 1000».
COUNT_CAP = 1000
# Tails: fewer digits than this are everybody's.
TAIL = 4


@dataclass(frozen=True)
class SearchHit:
    """One contract found, with what the operator needs to recognise it."""

    contract_id: int
    number: str
    subscriber_id: int
    subscriber_name: str
    phone: str  # the first phone, or the second when only it holds digits the operator typed
    address: str  # with the apartment: «Тверь, ул. Ленина, д. 12, кв. 5»
    balance: int  # kopecks
    status: ContractStatus
    tier: Tier  # how well it matched
    sort_key: tuple[Any, ...]  # (segment, its place in the segment's order): the keyset of the next page


# --- digits: contract numbers and phones -----------------------------------------------------------


def _by_number(
    dialect: str, where: list[ColumnElement[bool]], after: tuple[Any, ...] | None, limit: int
) -> Stmt:
    order = (code_point_order(Contract.number, dialect), Contract.id)
    stmt = with_places(
        hit_columns_from(Contract, order).join(Subscriber, Subscriber.id == Contract.subscriber_id)
    ).where(*where)
    return after_keyset(stmt, order, after).order_by(*order).limit(limit)


def _phones_hold(dialect: str, digits: str, *, tail: bool) -> tuple[list[ColumnElement[bool]], str]:
    """(where, FTS expression) for subscribers with `digits` inside (or, `tail`, at the end of) a phone."""
    test = ends_with if tail else contains
    held = or_(test(Subscriber.phone, digits), test(Subscriber.phone2, digits))
    if dialect == "postgresql":
        # The trigram index is on «phone || ' ' || phone2»: a first phone's tail is followed by the space.
        phones = Subscriber.phone.concat(" ").concat(Subscriber.phone2)
        if tail:
            return [or_(contains(phones, digits + " "), ends_with(phones, digits))], ""
        return [contains(phones, digits)], ""
    return [held], fts_phrases("{phone phone2}", [digits])


def _subscribers_segment(
    tier: Tier, dialect: str, where: list[ColumnElement[bool]], fts: str = "", *, few: bool = False
) -> Segment:
    return Segment(tier, lambda after, limit: by_subscriber(dialect, where, fts, after, limit, few=few))


def _names_in_order_segment(
    tier: Tier, dialect: str, where: list[ColumnElement[bool]], walk: bool
) -> Segment:
    return Segment(
        tier, lambda after, limit: by_name_order(dialect, where, after, limit), in_index_order=walk
    )


def _numbers_segment(tier: Tier, dialect: str, where: list[ColumnElement[bool]]) -> Segment:
    return Segment(tier, lambda after, limit: _by_number(dialect, where, after, limit))


def _digit_segments(dialect: str, plan: Digits) -> list[Segment]:
    number, digits = plan.number, plan.digits
    segments = [_numbers_segment(Tier.EXACT, dialect, [Contract.number == sql_literal(number)])]
    if plan.phone:
        exact = sql_literal(plan.phone)
        segments.append(
            _subscribers_segment(
                Tier.EXACT, dialect, [or_(Subscriber.phone == exact, Subscriber.phone2 == exact)]
            )
        )
    starts = [prefix_range(Contract.number, number, dialect), Contract.number != sql_literal(number)]
    segments.append(_numbers_segment(Tier.PREFIX, dialect, starts))
    if plan.phone:
        return segments  # the whole phone: its tails and fragments are itself
    if len(digits) >= TAIL:
        # A phone ends in given 4 digits for one subscriber in 5,000 (two phones each), however common
        # the digits are inside phones.
        ending, fts = _phones_hold(dialect, digits, tail=True)
        segments.append(_subscribers_segment(Tier.TAIL, dialect, ending, fts, few=True))
        segments.append(
            Segment(Tier.TAIL, lambda after, limit: _contract_tails(dialect, digits, after, limit))
        )
    if len(digits) >= TRIGRAM:
        where, fts = _phones_hold(dialect, digits, tail=False)
        if len(digits) >= TAIL:  # the tails were listed above
            tails = or_(ends_with(Subscriber.phone, digits), ends_with(Subscriber.phone2, digits))
            where = [*where, not_(tails)]
        segments.append(_subscribers_segment(Tier.FRAGMENT, dialect, where, fts))
    return segments


def _contract_tails(dialect: str, digits: str, after: tuple[Any, ...] | None, limit: int) -> Stmt:
    """Contracts whose number ends in `digits` (and does not start with them: the prefixes came first)."""
    return _by_number_fragment(dialect, digits, [], after, limit, tail=True)


def _by_number_fragment(
    dialect: str,
    digits: str,
    person: list[ColumnElement[bool]],
    after: tuple[Any, ...] | None,
    limit: int,
    *,
    tail: bool = False,
) -> Stmt:
    """Contracts whose number holds `digits` (found on its trigram index; `tail`: ends in them and does
    not start with them) and whose subscriber matches `person`, by contract id."""

    def number_is(number: Any) -> list[ColumnElement[bool]]:
        return [ends_with(number, digits), not_(starts_with(number, digits))] if tail else []

    if dialect == "postgresql":
        # The numbers holding the digits (a few hundred) are read off the trigram index as a set of their
        # own, ordered by that set, and each one's subscriber is checked by its key (OFFSET 0 keeps the
        # check a subplan). The planner guesses 1 % of all contracts hold any digits, and otherwise
        # walked the primary key through every contract, or hashed every Смирнов of the town
        # («смирнов 5822»: 110–200 ms, now 3).
        held = select(Contract.id, Contract.subscriber_id, Contract.number)
        held_set = few_first(held.where(contains(Contract.number, digits)))
        keys = select(held_set.c.id).select_from(held_set).where(*number_is(held_set.c.number))
        if person:
            theirs = select(Subscriber.id).where(Subscriber.id == held_set.c.subscriber_id, *person)
            keys = keys.where(exists(theirs.offset(0)))
        return contract_page(keys, (held_set.c.id,), after, limit)
    fts_id = CONTRACT_FTS.c.rowid
    keys = (
        select(fts_id)
        .select_from(CONTRACT_FTS)
        .join(Contract, Contract.id == fts_id)
        .join(Subscriber, Subscriber.id == Contract.subscriber_id)
        .where(fts_match(CONTRACT_FTS, fts_phrases("number", [digits])), *number_is(Contract.number), *person)
    )
    return contract_page(keys, (fts_id,), after, limit)


def _name_and_digit_segments(
    dialect: str, reading: Reading, filters: list[ColumnElement[bool]] | None = None
) -> list[Segment]:
    """«галкин 4567»: the digits find few people (a phone or a contract number holding them); the
    name words (and `filters`) are checked on those. The digits are a part of a number: TAIL, the tier
    of such parts."""
    first, *more = reading.digits
    name = Subscriber.search_name
    named = [contains(name, w) if len(w) >= TRIGRAM else word_start(name, w) for w in reading.names]
    named += digits_held(dialect, tuple(more)) + (filters or [])
    phones, fts = _phones_hold(dialect, first, tail=False)
    return [
        _subscribers_segment(Tier.TAIL, dialect, [*phones, *named], fts),
        Segment(Tier.TAIL, lambda after, limit: _by_number_fragment(dialect, first, named, after, limit)),
    ]


# --- names ----------------------------------------------------------------------------------------


def _name_segments(
    dialect: str, reading: Reading, filters: list[ColumnElement[bool]] | None = None
) -> list[Segment]:
    """The name tiers of a reading's name words (and its digits, and `filters` on the subscriber)."""
    words = list(reading.names)
    first, others = words[0], words[1:]
    name = Subscriber.search_name
    extra = digits_held(dialect, reading.digits) + (filters or [])

    def after_surname(word: str) -> ColumnElement[bool]:
        """A word after the surname is `word` whole, or (one letter) its initial."""
        spaced = name.concat(sql_literal(" ")) if len(word) > 1 else name
        tail = f"{like_escape(word)} %" if len(word) > 1 else f"{like_escape(word)}%"
        return or_(
            like(spaced, f"{like_escape(first)} {tail}"), like(spaced, f"{like_escape(first)} % {tail}")
        )

    # The surname exactly: «иванов» itself or «иванов …» — one range of the "C" btree («!» follows the
    # space), which an OR of the two would hide from the planner.
    surname_range = code_point_range(name, first, first + "!", dialect)
    after = [after_surname(w) for w in others]
    if others:
        beyond_exact = [prefix_range(name, first, dialect), not_(and_(surname_range, *after))]
    else:
        beyond_exact = [code_point_range(name, first + "!", next_prefix(first), dialect)]
    later_words = [word_start(name, w) for w in others]
    # The surname alone or with initials: walk its btree range in name order. With other words of 3+
    # letters, their trigram index may narrow the range to a few names first: PostgreSQL weighs both
    # (SQLite walks the range).
    also_inside = [contains(name, w) for w in others if len(w) >= TRIGRAM] if dialect == "postgresql" else []
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
    every_word_start = and_(*[word_start(name, w) for w in words])
    inside = [*[contains(name, w) for w in words], not_(every_word_start), *extra]
    # WORDS: the name does not start with the first word (PREFIX listed those), so a word after a space
    # does: «% иван%». Both trigram indexes see that space — pg_trgm as a word's start, FTS5 as a
    # character — which makes a common name's start (Ивановна) far narrower than «иван» anywhere.
    later_start = f"% {like_escape(first)}%"
    in_any_order = [like(name, later_start), every_word_start, not_(starts_with(name, first)), *extra]
    if dialect == "postgresql":
        segments.append(
            _subscribers_segment(Tier.WORDS, dialect, [*[contains(name, w) for w in long], *in_any_order])
        )
        segments.append(_subscribers_segment(Tier.FRAGMENT, dialect, inside))
        return segments
    phrases = [f" {first}", *(w for w in others if len(w) >= TRIGRAM)]
    segments.append(
        _subscribers_segment(Tier.WORDS, dialect, in_any_order, fts_phrases("search_name", phrases))
    )
    segments.append(_subscribers_segment(Tier.FRAGMENT, dialect, inside, fts_phrases("search_name", long)))
    return segments


def _reading_segments(conn: Connection, dialect: str, reading: Reading) -> list[Segment]:
    """The segments of one reading."""
    if not reading.street:
        if reading.digits:
            return _name_and_digit_segments(dialect, reading)
        return _name_segments(dialect, reading)
    grades = building_grades(conn, dialect, reading)
    if not grades and grades is not None:
        return []  # no building fits the street words and house
    if reading.digits and not reading.names:
        # «суворова 4513»: the few people whose phone or contract holds the digits, living there (the
        # street's every apartment checked for them cost 100 ms on a long street).
        there = sorted(i for ids in grades.values() for i in ids) if grades is not None else None
        return _name_and_digit_segments(dialect, reading, [lives_at(dialect, reading, there)])
    if grades is not None:
        if not reading.names:
            return [Segment(grade, in_buildings(dialect, reading, ids)) for grade, ids in grades.items()]
        # «иванов ленина»: Ивановы on Lenina street by how well the street matched; then the names that
        # only hold the words (Иванович, Сергиванов), after everything better.
        everyone = sorted(i for ids in grades.values() for i in ids)
        return [
            *(Segment(grade, in_buildings(dialect, reading, ids, "start")) for grade, ids in grades.items()),
            Segment(Tier.FRAGMENT, holders_in_buildings(conn, dialect, reading, everyone)),
        ]
    if not reading.names:  # the town's name: every building in it, in id order
        return [
            Segment(Tier.FRAGMENT, lambda after, limit: address_segment(dialect, reading, None, after, limit))
        ]
    # «иванов тверь»: the people of that name, living there
    return _name_segments(dialect, reading, [lives_at(dialect, reading)])


def _someone_named(
    conn: Connection, dialect: str, words: tuple[str, ...], known: dict[tuple[str, ...], bool]
) -> bool:
    """Whether any subscriber's name holds every word of 3+ letters of `words` (shorter ones are assumed
    to): one probe of the trigram index, which saves the statements of a reading nobody can match —
    «щербакова павлова» read as one person's two names costs four statements of 8–13 ms each when
    nobody is called so, and its probe 7 ms (1.5 ms when somebody is)."""
    long = tuple(sorted({w for w in words if len(w) >= TRIGRAM}))
    if not long:
        return True
    if long not in known:
        if dialect == "postgresql":
            probe = select(Subscriber.id).where(*[contains(Subscriber.search_name, w) for w in long])
        else:
            probe = select(SUBSCRIBER_FTS.c.rowid).where(
                fts_match(SUBSCRIBER_FTS, fts_phrases("search_name", long))
            )
        known[long] = conn.execute(probe.limit(1)).first() is not None
    return known[long]


def _segments(conn: Connection, dialect: str, query: str) -> list[Segment]:
    """Every statement the query needs, best tier first; within a tier, names before addresses."""
    plan = digits_query(query)
    if plan is not None:
        return sorted(_digit_segments(dialect, plan), key=lambda segment: segment.tier)
    ranked: list[tuple[Tier, int, int, Segment]] = []
    named: dict[tuple[str, ...], bool] = {}
    for n, reading in enumerate(readings(terms(query))):
        if not _someone_named(conn, dialect, reading.names, named):
            continue  # «иванов ленина» read as two words of one name: nobody is called «ленина»
        for m, segment in enumerate(_reading_segments(conn, dialect, reading)):
            ranked.append((segment.tier, n, m, segment))
    return [segment for *_order, segment in sorted(ranked, key=lambda r: r[:3])]


def _digits_typed(query: str) -> tuple[str, ...]:
    """The groups of digits of a query that may be (part of) a phone: the full phone as stored
    (7XXXXXXXXXX) when the query is one; beside words, the numbers long enough to be read as digits
    (not a house or an apartment only)."""
    plan = digits_query(query)
    if plan is not None:
        return (plan.phone or plan.digits,)
    return tuple(t.text for t in terms(query) if t.kind == "number" and len(t.text) >= DIGITS_IN_WORDS)


def _shown_phone(phone: str, phone2: str, digits: tuple[str, ...]) -> str:
    """The phone a hit shows: the second one when only it holds digits the operator typed (a caller ID's
    tail found on it), else the first."""
    if phone2 and any(group in phone2 and group not in phone for group in digits):
        return phone2
    return phone


def _to_hit(segment: int, tier: Tier, row: Any, digits: tuple[str, ...]) -> SearchHit:
    address = full_address(row[5], row[6], row[7], row[8], row[9] or "") if row[6] is not None else ""
    return SearchHit(
        contract_id=row[0],
        number=row[1],
        subscriber_id=row[2],
        subscriber_name=row[3],
        phone=_shown_phone(row[4], row[12], digits),
        address=address,
        balance=row[10],
        status=ContractStatus(row[11]),
        tier=tier,
        sort_key=(segment, *row[len(HIT_COLUMNS) :]),
    )


def _read(db: Database, actor: Actor, query: str, limit: int, after: SearchHit | None) -> list[SearchHit]:
    hits: list[SearchHit] = []
    seen: set[int] = set()
    digits = _digits_typed(query)
    with db.reading(actor) as conn:
        segments = _segments(conn, db.dialect, query)
        first = after.sort_key[0] if after is not None else 0
        walking = False  # bitmap and sequential scans are off (one round trip per change, not per segment)
        for index in range(first, len(segments)):
            key = after.sort_key[1:] if after is not None and index == first else None
            segment = segments[index]
            in_order = segment.in_index_order and db.dialect == "postgresql"
            if in_order != walking:
                setting = "off" if in_order else "on"
                conn.exec_driver_sql(
                    f"SET LOCAL enable_bitmapscan = {setting}; SET LOCAL enable_seqscan = {setting}"
                )
                walking = in_order
            rows = conn.execute(segment.statement(key, limit)).all()
            for row in rows:
                hit = _to_hit(index, segment.tier, row, digits)
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
