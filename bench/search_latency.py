"""Front-desk search latency on a big database, next to a naive LIKE/ILIKE scan measured in the same run.

    .venv/bin/python bench/search_latency.py --database postgresql+psycopg://root@127.0.0.1:5432/demo_x \
        --database sqlite:////tmp/demo.sqlite3

Build the databases once with `bench/build_demo.py --subscribers 1000000 [--database URL]`; this script
migrates them to the current schema (the search indexes of migration 0003) if they are older. For each
query class it takes queries from sampled subscribers (a fixed sample: the same queries on every run over
the same data), runs `app.services.frontdesk.search.search` (first page, 50 hits) and prints p50/p95, beside a
naive scan — every typed word ILIKE '%…%' (LIKE on SQLite) over the name, phones, street, house,
apartment and contract number, ORed — with the same order and limit.
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
SELECT s.id, s.search_name, s.phone, c.number, b.street, b.house, p.apartment
FROM subscriber s JOIN contract c ON c.subscriber_id = s.id
JOIN premises p ON p.id = c.premises_id JOIN building b ON b.id = p.building_id
WHERE s.id IN ({ids}) ORDER BY s.id
"""
COMMON_SURNAMES_SQL = {
    "postgresql": "SELECT split_part(search_name, ' ', 1) AS w, count(*) FROM subscriber "
    "WHERE id % 10 = 0 GROUP BY 1 ORDER BY 2 DESC LIMIT 3",
    "sqlite": "SELECT substr(search_name, 1, instr(search_name || ' ', ' ') - 1) AS w, count(*) "
    "FROM subscriber WHERE id % 10 = 0 GROUP BY 1 ORDER BY 2 DESC LIMIT 3",
}
# The naive scan's ORDER BY per class: the order `search` lists that class in.
NAIVE_ORDER = {
    "contract number": "c.number, c.id",
    "phone fragment": "s.id, c.id",
    "phone (full, formatted)": "s.id, c.id",
    "surname fragment": "s.id, c.id",
    "common surname": "s.id, c.id",
    "1-2 letters": "s.search_name, s.id, c.id",
    "address fragment": "b.id, p.apartment, c.id",
}


def sample_queries(db: Database, count: int) -> dict[str, list[tuple[str, str]]]:
    """Per class: (what the operator types, what the naive scan is given) from `count` subscribers."""
    with db.reading() as conn:
        top = conn.execute(text("SELECT max(id) FROM subscriber")).scalar_one()
        ids = ", ".join(str(1 + (k * 7919 * 131) % top) for k in range(count))
        rows = conn.execute(text(SAMPLE_SQL.format(ids=ids))).all()
        common = [r[0] for r in conn.execute(text(COMMON_SURNAMES_SQL[db.dialect]))]
    classes: dict[str, list[tuple[str, str]]] = {name: [] for name in NAIVE_ORDER}
    for n, (_id, name, phone, number, street, house, apartment) in enumerate(rows):
        surname = name.split()[0]
        fragment = surname[1:6] if len(surname) > 6 else surname
        street_word = max(street.lower().replace("ё", "е").split(), key=len)
        letters = surname[: 1 + n % 2]
        classes["contract number"].append((number, number))
        classes["phone fragment"].append((phone[-7:], phone[-7:]))
        classes["phone (full, formatted)"].append((format_phone(phone), phone))
        classes["surname fragment"].append((fragment, fragment))
        classes["common surname"].append((common[n % len(common)], common[n % len(common)]))
        classes["1-2 letters"].append((letters, letters))
        address = f"{street_word} {house} кв {apartment}"
        classes["address fragment"].append((address, f"{street_word} {house} {apartment}"))
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
    for typed, _naive in classes["surname fragment"][:3]:  # warm the caches a little, as a day's use does
        search(db, actor, typed, limit=LIMIT)
    header = f"{'query class':<26}{'n':>4}{'hits':>6}{'p50 ms':>9}{'p95 ms':>9}   "
    header += f"{'naive p50':>10}{'naive p95':>10}{'×':>8}"
    print(header)
    print("-" * len(header))
    all_fast: list[float] = []
    all_naive: list[float] = []
    for name, pairs in classes.items():
        fast: list[float] = []
        hits = []
        for _ in range(repeats):
            for typed, _naive in pairs:
                ms, result = timed(lambda typed=typed: search(db, actor, typed, limit=LIMIT))
                fast.append(ms)
                hits.append(len(result))
        naive: list[float] = []
        with db.reading() as conn:
            for _typed, naive_typed in pairs[:naive_queries]:
                sql, params = naive_statement(db, naive_typed, NAIVE_ORDER[name])
                ms, _rows = timed(lambda sql=sql, params=params: conn.execute(text(sql), params).all())
                naive.append(ms)
        all_fast += fast
        all_naive += naive
        p50, p95 = percentile(fast, 0.5), percentile(fast, 0.95)
        n50, n95 = percentile(naive, 0.5), percentile(naive, 0.95)
        print(
            f"{name:<26}{len(pairs):>4}{statistics.median(hits):>6.0f}{p50:>9.1f}{p95:>9.1f}   "
            f"{n50:>10.1f}{n95:>10.1f}{n50 / p50:>8.0f}"
        )
    m_fast, m_naive = statistics.median(all_fast), statistics.median(all_naive)
    print(
        f"{'all queries':<26}{'':>10}{m_fast:>9.1f}{percentile(all_fast, 0.95):>9.1f}   "
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
