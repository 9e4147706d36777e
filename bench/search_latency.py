"""Front-desk search latency on a big database, next to a naive LIKE/ILIKE scan measured in the same run.

    .venv/bin/python bench/search_latency.py --database postgresql+psycopg://root@127.0.0.1:5432/demo_x \
        --database sqlite:////tmp/demo.sqlite3

Build the databases once with `bench/build_demo.py --subscribers 1000000 [--database URL]`; this script
migrates them to the current schema (the search indexes of migrations 0003 and 0014) if they are older.
For each query class it takes queries from sampled subscribers (a fixed sample: the same queries on every
run over the same data), runs `app.services.frontdesk.search.search` (first page, 50 hits) and prints
p50/p95 and how many found the subscriber they were built from on that first page ("found"; «-» for
classes such as a common surname that name no one), beside a naive scan — every typed word ILIKE '%…%'
(LIKE on SQLite) over the name, phones, street, house, apartment and contract number, ORed — with the
same order and limit.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.db import Database
from app.models import Role
from app.schema import upgrade
from app.services.frontdesk.search import search
from app.services.kernel.permissions import Actor
from app.services.kernel.text import format_phone

LIMIT = 50
SAMPLE_SQL = """
SELECT c.id, s.search_name, s.phone, c.number, b.street, b.house, b.block, p.apartment
FROM subscriber s JOIN contract c ON c.subscriber_id = s.id
JOIN premises p ON p.id = c.premises_id JOIN building b ON b.id = p.building_id
WHERE s.id IN ({ids}) ORDER BY s.id
"""
# Contracts in buildings whose house has a letter or a корпус (a fixed spread of them).
LETTERED_SQL = {
    "postgresql": "SELECT c.id FROM contract c JOIN premises p ON p.id = c.premises_id "
    "JOIN building b ON b.id = p.building_id WHERE b.house ~ '[^0-9]$' OR b.block <> '' ORDER BY c.id",
    "sqlite": "SELECT c.id FROM contract c JOIN premises p ON p.id = c.premises_id "
    "JOIN building b ON b.id = p.building_id WHERE b.house GLOB '*[^0-9]' OR b.block <> '' ORDER BY c.id",
}
LETTERED_SAMPLE_SQL = SAMPLE_SQL.replace("s.id IN", "c.id IN").replace("ORDER BY s.id", "ORDER BY c.id")
COMMON_SURNAMES_SQL = {
    "postgresql": "SELECT split_part(search_name, ' ', 1) AS w, count(*) FROM subscriber "
    "WHERE id % 10 = 0 GROUP BY 1 ORDER BY 2 DESC LIMIT 3",
    "sqlite": "SELECT substr(search_name, 1, instr(search_name || ' ', ' ') - 1) AS w, count(*) "
    "FROM subscriber WHERE id % 10 = 0 GROUP BY 1 ORDER BY 2 DESC LIMIT 3",
}
# The streets with the most buildings (a common surname on one of them is the dearest name + street).
LONG_STREETS_SQL = "SELECT street, count(*) FROM building GROUP BY street ORDER BY 2 DESC, 1 LIMIT 4"
# The naive scan's ORDER BY per class: the order `search` lists that class in (ids when it mixes).
NAIVE_ORDER = {
    "contract number": "c.number, c.id",
    "contract tail (4-5)": "c.id",
    "phone (full, formatted)": "s.id, c.id",
    "phone tail (4)": "s.id, c.id",
    "phone fragment (7)": "s.id, c.id",
    "surname fragment": "s.id, c.id",
    "common surname": "s.search_name, s.id, c.id",
    "1-2 letters": "s.search_name, s.id, c.id",
    "address with кв": "b.id, p.apartment, c.id",
    "street house apt": "b.id, p.apartment, c.id",
    "house letter/корпус": "b.id, p.apartment, c.id",
    "surname + street": "b.id, p.apartment, c.id",
    "common surname + long street": "b.id, p.apartment, c.id",
    "street house surname": "b.id, p.apartment, c.id",
    "surname + 4 phone digits": "s.id, c.id",
}


def _typed_house(house: str, block: str, n: int) -> str:
    """A lettered house or корпус typed in one of the ways people write it («2а», «2 а», «д.2А», «2 к1»)."""
    letter = house.lstrip("0123456789").lower()
    digits = house[: len(house) - len(letter)]
    typed = [f"{digits}{letter}", f"{digits} {letter}", f"д.{digits}{letter.upper()}"][n % 3]
    number = block.lstrip("кК")
    return typed + ([f" к{number}", f"к{number}", f" корп {number}"][n % 3] if number else "")


def _street_word(street: str) -> str:
    """The word of a street's name an operator types: the longest, not its kind («пр-т», «ул.»)."""
    words = [w for w in street.lower().replace("ё", "е").split() if "-" not in w and "." not in w]
    return max(words, key=len)


Sample = tuple[str, str, int]  # (what the operator types, what the naive scan is given, the contract wanted)


def sample_queries(db: Database, count: int) -> dict[str, list[Sample]]:
    """Per class: queries built from `count` sampled subscribers (the same ones on every run)."""
    with db.reading() as conn:
        top = conn.execute(text("SELECT max(id) FROM subscriber")).scalar_one()
        ids = ", ".join(str(1 + (k * 7919 * 131) % top) for k in range(count))
        rows = conn.execute(text(SAMPLE_SQL.format(ids=ids))).all()
        common = [r[0] for r in conn.execute(text(COMMON_SURNAMES_SQL[db.dialect]))]
        long_streets = [_street_word(r[0]) for r in conn.execute(text(LONG_STREETS_SQL))]
        lettered_ids = list(conn.execute(text(LETTERED_SQL[db.dialect])).scalars())
        step = max(1, len(lettered_ids) // count)
        picked = ", ".join(str(i) for i in lettered_ids[::step][:count])
        lettered = conn.execute(text(LETTERED_SAMPLE_SQL.format(ids=picked))).all()
    classes: dict[str, list[Sample]] = {name: [] for name in NAIVE_ORDER}
    for n, (contract, name, phone, number, street, house, block, apartment) in enumerate(rows):
        surname = name.split()[0]
        fragment = surname[1:6] if len(surname) > 6 else surname
        street_word = _street_word(street)
        tail = number[-4 - n % 2 :]
        house = _typed_house(house, block, 0)  # with its корпус, when it has one
        add = classes.__getitem__
        add("contract number").append((number, number, contract))
        add("contract tail (4-5)").append((tail, tail, contract))
        add("phone (full, formatted)").append((format_phone(phone), phone, contract))
        add("phone tail (4)").append((phone[-4:], phone[-4:], contract))
        add("phone fragment (7)").append((phone[-7:], phone[-7:], contract))
        add("surname fragment").append((fragment, fragment, contract))
        add("common surname").append((common[n % len(common)], common[n % len(common)], 0))
        add("1-2 letters").append((surname[: 1 + n % 2], surname[: 1 + n % 2], 0))
        add("address with кв").append(
            (f"{street_word} {house} кв {apartment}", f"{street_word} {house} {apartment}", contract)
        )
        add("street house apt").append(
            (f"{street_word} {house} {apartment}", f"{street_word} {house} {apartment}", contract)
        )
        add("surname + street").append((f"{surname} {street_word}", f"{surname} {street_word}", contract))
        common_on_long = f"{common[n % len(common)]} {long_streets[n % len(long_streets)]}"
        add("common surname + long street").append((common_on_long, common_on_long, 0))
        add("street house surname").append(
            (f"{street_word} {house} {surname}", f"{street_word} {house} {surname}", contract)
        )
        add("surname + 4 phone digits").append(
            (f"{surname} {phone[-4:]}", f"{surname} {phone[-4:]}", contract)
        )
    for n, (contract, _name, _phone, _number, street, house, block, apartment) in enumerate(lettered):
        street_word = _street_word(street)
        typed = f"{street_word} {_typed_house(house, block, n)} {apartment}"
        classes["house letter/корпус"].append((typed, f"{street_word} {house} {apartment}", contract))
    return classes


def naive_statement(db: Database, typed: str, order: str) -> tuple[str, dict[str, str]]:
    like = "ILIKE" if db.dialect == "postgresql" else "LIKE"
    columns = ("s.full_name", "s.phone", "s.phone2", "b.street", "b.house", "p.apartment", "c.number")
    where, params = [], {}
    for n, word in enumerate(typed.split()):
        params[f"w{n}"] = f"%{word}%"
        where.append("(" + " OR ".join(f"{col} {like} :w{n}" for col in columns) + ")")
    sql = (
        "SELECT c.id, c.number, s.id, s.full_name, s.phone, b.city, b.street, b.house, b.block, p.apartment, "
        "c.balance, c.status FROM contract c JOIN subscriber s ON s.id = c.subscriber_id "
        "LEFT JOIN premises p ON p.id = c.premises_id LEFT JOIN building b ON b.id = p.building_id "
        f"WHERE {' AND '.join(where)} ORDER BY {order} LIMIT {LIMIT}"
    )
    return sql, params


def timed(run: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = run()
    return (time.perf_counter() - start) * 1000, result


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def bench(url: str, queries: int, repeats: int, naive_queries: int) -> None:
    db = Database(url)
    upgrade(db)
    actor = Actor(staff_id=0, login="bench", full_name="Bench", roles=frozenset({Role.FRONT_DESK}))
    with db.reading() as conn:
        subscribers = conn.execute(text("SELECT count(*) FROM subscriber")).scalar_one()
    print(f"\n{db.dialect}: {db.display_name}, {subscribers:,} subscribers; first page of {LIMIT} hits")
    classes = sample_queries(db, queries)
    for typed, _naive, _wanted in classes["surname fragment"][
        :3
    ]:  # warm the caches a little, as a day's use does
        search(db, actor, typed, limit=LIMIT)
    header = f"{'query class':<30}{'n':>4}{'hits':>6}{'found':>7}{'p50 ms':>9}{'p95 ms':>9}   "
    header += f"{'naive p50':>10}{'naive p95':>10}{'×':>8}"
    print(header)
    print("-" * len(header))
    all_fast: list[float] = []
    all_naive: list[float] = []
    for name, pairs in classes.items():
        fast: list[float] = []
        hits = []
        found = 0
        for repeat in range(repeats):
            for typed, _naive, wanted in pairs:
                ms, result = timed(lambda typed=typed: search(db, actor, typed, limit=LIMIT))
                fast.append(ms)
                hits.append(len(result))
                found += repeat == 0 and any(h.contract_id == wanted for h in result)
        naive: list[float] = []
        with db.reading() as conn:
            for _typed, naive_typed, _wanted in pairs[:naive_queries]:
                sql, params = naive_statement(db, naive_typed, NAIVE_ORDER[name])
                ms, _rows = timed(lambda sql=sql, params=params: conn.execute(text(sql), params).all())
                naive.append(ms)
        all_fast += fast
        all_naive += naive
        p50, p95 = percentile(fast, 0.5), percentile(fast, 0.95)
        n50, n95 = percentile(naive, 0.5), percentile(naive, 0.95)
        wanted_any = sum(1 for *_q, wanted in pairs if wanted)
        share = f"{found}/{wanted_any}" if wanted_any else "-"
        print(
            f"{name:<30}{len(pairs):>4}{statistics.median(hits):>6.0f}{share:>7}{p50:>9.1f}{p95:>9.1f}   "
            f"{n50:>10.1f}{n95:>10.1f}{n50 / p50:>8.0f}"
        )
    m_fast, m_naive = statistics.median(all_fast), statistics.median(all_naive)
    print(
        f"{'all queries':<30}{'':>17}{m_fast:>9.1f}{percentile(all_fast, 0.95):>9.1f}   "
        f"{m_naive:>10.1f}{percentile(all_naive, 0.95):>10.1f}{m_naive / m_fast:>8.0f}"
    )
    db.dispose()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", action="append", required=True, help="SQLAlchemy URL (repeatable)")
    parser.add_argument("--queries", type=int, default=20, help="sampled subscribers per query class")
    parser.add_argument("--repeats", type=int, default=3, help="runs of each indexed query")
    parser.add_argument("--naive-queries", type=int, default=5, help="queries per class run as a naive scan")
    args = parser.parse_args()
    for url in args.database:
        bench(url, args.queries, args.repeats, args.naive_queries)
    return 0


if __name__ == "__main__":
    sys.exit(main())
