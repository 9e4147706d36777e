"""search indexes: the front desk's type-ahead search over names, phones, addresses and contracts

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26

PostgreSQL: pg_trgm GIN indexes answer «contains» for fragments of 3+ characters (subscriber name,
the phones, the building's address text); btree indexes in the "C" collation answer prefixes (1–2
letters, contract numbers) and give the search its order (name, then ids) without a sort.

SQLite: FTS5 tables with the trigram tokenizer over the same columns (external content: they store only
the index), kept in step by triggers; the prefix index is a plain (BINARY) btree, which sorts UTF-8 by
code point just like PostgreSQL's "C". A later batch-mode migration that rebuilds `subscriber` or
`building` on SQLite drops these triggers: it must create them again (see create_sqlite_triggers).
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

# Names are shared with app/services/search.py.
PG_INDEXES = (
    "CREATE INDEX ix_subscriber_search_name_trgm ON subscriber USING gin (search_name gin_trgm_ops)",
    'CREATE INDEX ix_subscriber_search_name_c ON subscriber (search_name COLLATE "C", id)',
    "CREATE INDEX ix_subscriber_phones_trgm ON subscriber USING gin ((phone || ' ' || phone2) gin_trgm_ops)",
    "CREATE INDEX ix_building_search_text_trgm ON building USING gin (search_text gin_trgm_ops)",
    'CREATE INDEX ix_contract_number_c ON contract (number COLLATE "C")',
)
PG_INDEX_NAMES = (
    "ix_subscriber_search_name_trgm",
    "ix_subscriber_search_name_c",
    "ix_subscriber_phones_trgm",
    "ix_building_search_text_trgm",
    "ix_contract_number_c",
)

# FTS5 table → (content table, indexed columns).
SQLITE_FTS = {
    "subscriber_search": ("subscriber", ("search_name", "phone", "phone2")),
    "building_search": ("building", ("search_text",)),
}


def create_sqlite_triggers(fts: str, table: str, columns: tuple[str, ...]) -> None:
    """The three triggers that keep an external-content FTS5 table in step with its table."""
    names = ", ".join(columns)
    new = ", ".join(f"new.{c}" for c in columns)
    old = ", ".join(f"old.{c}" for c in columns)
    insert = f"INSERT INTO {fts}(rowid, {names}) VALUES (new.id, {new});"
    delete = f"INSERT INTO {fts}({fts}, rowid, {names}) VALUES ('delete', old.id, {old});"
    op.execute(f"CREATE TRIGGER {fts}_ai AFTER INSERT ON {table} BEGIN {insert} END")
    op.execute(f"CREATE TRIGGER {fts}_ad AFTER DELETE ON {table} BEGIN {delete} END")
    op.execute(f"CREATE TRIGGER {fts}_au AFTER UPDATE OF {names} ON {table} BEGIN {delete} {insert} END")


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for statement in PG_INDEXES:
            op.execute(statement)
        # LIKE '%…%' selectivity comes from the column's histogram: a finer one tells a fragment with
        # 5,000 bearers from one with 50, so the planner walks the id order or the trigram index aptly.
        op.execute("ALTER TABLE subscriber ALTER COLUMN search_name SET STATISTICS 1000")
        op.execute("ALTER TABLE building ALTER COLUMN search_text SET STATISTICS 1000")
        op.execute("ANALYZE subscriber, building, contract")
        return
    op.execute("CREATE INDEX ix_subscriber_search_name_c ON subscriber (search_name)")
    for fts, (table, columns) in SQLITE_FTS.items():
        op.execute(
            f"CREATE VIRTUAL TABLE {fts} USING fts5({', '.join(columns)}, "
            f"content='{table}', content_rowid='id', tokenize='trigram')"
        )
        create_sqlite_triggers(fts, table, columns)
        op.execute(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for name in PG_INDEX_NAMES:
            op.execute(f"DROP INDEX {name}")
        op.execute("ALTER TABLE subscriber ALTER COLUMN search_name SET STATISTICS -1")
        op.execute("ALTER TABLE building ALTER COLUMN search_text SET STATISTICS -1")
        return  # pg_trgm stays: other objects may use it, and it holds no data
    for fts in SQLITE_FTS:
        for suffix in ("ai", "ad", "au"):
            op.execute(f"DROP TRIGGER {fts}_{suffix}")
        op.execute(f"DROP TABLE {fts}")
    op.execute("DROP INDEX ix_subscriber_search_name_c")
